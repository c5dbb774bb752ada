"""How long a chapter takes, by a stated rule, computed from its source.

Reading time is the number of words of prose (code, equations, solutions and markup left out)
divided by WORDS_PER_MINUTE, the reading speed MyST assumes for its own reading-time estimates.
Each exercise is given MINUTES_PER_EXERCISE and each self-check question MINUTES_PER_SELF_CHECK.
Both are planning assumptions, not measurements. The chapters' "Time to learn" (the token
{{ time_to_learn }} in their Overview) and the instructor guide's tables are computed here.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

WORDS_PER_MINUTE = 200
MINUTES_PER_EXERCISE = 5
MINUTES_PER_SELF_CHECK = 1
TOKEN = "{{ time_to_learn }}"


def strip_to_prose(text: str) -> str:
    """The prose of a MyST notebook: front matter, code cells, math, solutions, directive options
    and labels removed; roles reduced to their text."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"^(`{3,})\{(code-cell|math)\}.*?^\1\s*$", "", text, flags=re.S | re.M)
    text = re.sub(r"^(:{3,})\{solution\}.*?^\1\s*$", "", text, flags=re.S | re.M)
    text = re.sub(r"^:{3,}\{solution-start\}.*?^:{3,}\{solution-end\}\n:{3,}\s*$", "", text,
                  flags=re.S | re.M)
    text = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", " ", text, flags=re.S)
    text = re.sub(r"^\s*:[\w-]+:.*$|^\s*\([\w-]+\)=\s*$|^\s*[`:]{3,}.*$", "", text, flags=re.M)
    return re.sub(r"\{[\w:-]+\}`([^`<]*?)\s*(?:<[^>]*>)?`", r"\1", text)


def chapter_stats(path: Path) -> dict:
    """Title, words of prose, exercises, self-check questions and minutes for one chapter."""
    text = Path(path).read_text()
    words = len(re.findall(r"[A-Za-z0-9][\w'’-]*", strip_to_prose(text)))
    exercises = len(re.findall(r"^:{3,}\{exercise\}", text, flags=re.M))
    parts = re.split(r"^## Self-check\s*$", text, flags=re.M)
    checks = len(re.findall(r"\{dropdown\}", parts[1].split("\n## ")[0])) if len(parts) > 1 else 0
    title = re.search(r"^# (.+)$", text, flags=re.M).group(1)
    reading = math.ceil(words / WORDS_PER_MINUTE)
    practice = exercises * MINUTES_PER_EXERCISE + checks * MINUTES_PER_SELF_CHECK
    return {"name": Path(path).stem, "title": title, "words": words, "exercises": exercises,
            "checks": checks, "reading": reading, "practice": practice, "total": reading + practice}


def time_to_learn(path: Path) -> str:
    """The sentence that replaces the {{ time_to_learn }} token of a chapter."""
    s = chapter_stats(path)
    total = 5 * round(s["total"] / 5)
    return (f"About {total} minutes: {s['reading']} to read, {s['practice']} for the "
            f"{s['exercises']} exercises and {s['checks']} self-check questions "
            "(estimated by the rule in the instructor guide).")
