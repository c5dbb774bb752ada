"""How long a chapter takes, by a stated rule, computed from its source as the book's one MyST
reader (bbb_myst.py) reads it.

Reading: the words of prose (code, equations, exercises, solutions, the self-check section and markup
left out) at WORDS_PER_MINUTE, the mean silent reading rate of adults for English non-fiction in a
meta-analysis of 190 studies (Brysbaert 2019, references.bib: brysbaert2019how), plus
MINUTES_PER_EQUATION for each displayed equation and MINUTES_PER_FIGURE for each figure (caption
included: captions of figures made by code are not counted as prose). All three are planning
assumptions: the rate is measured for ordinary non-fiction, not for studying dense technical text.
Course plans are therefore checked at SLOW_WORDS_PER_MINUTE, the slow end of the range in which most
adults read non-fiction (Brysbaert 2019: 175-300).

Exercises: MINUTES_PER_EXERCISE to read an exercise and find the cell or figure it uses, plus, for
each of its parts ((a), (b), ... or a numbered list; if it has neither, each question mark; at
least one), the minutes of its kind in
MINUTES_PER_PART. The kind is read from the exercise's text: "predict" if it asks the reader to
predict (and then check), else "compute" if it asks for code (a `name` in code font) or for a
calculation (compute, calculate, run, simulate, fit), else "explain". Each self-check question
takes MINUTES_PER_SELF_CHECK. The constants are set so that the median chapter's total matches
what four student testers took (anecdotal, not a study); the rule's split between reading and
exercises does not match theirs (the instructor guide, "How long each chapter takes", states the
rule, its source and the calibration, and says so).
The chapters' "Time to learn" (the token {{ time_to_learn }} in their Overview) and the instructor
guide's tables and course plans are computed here.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import bbb_myst

WORDS_PER_MINUTE = 238          # Brysbaert 2019: adults, silent reading, English non-fiction (mean)
SLOW_WORDS_PER_MINUTE = 175     # Brysbaert 2019: slow end of the usual 175-300; plans are checked at it
MINUTES_PER_EQUATION = 1        # planning assumption
MINUTES_PER_FIGURE = 2          # planning assumption
MINUTES_PER_EXERCISE = 2        # reading the exercise, finding its cell or figure
MINUTES_PER_PART = {"explain": 2, "compute": 3, "predict": 4}
MINIMUM_MINUTES_PER_EXERCISE = 8  # planning assumption: no exercise takes less
MINUTES_PER_SELF_CHECK = 1
TOKEN = "{{ time_to_learn }}"

ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")
# What is not reading: the exercises and the self-check section (their time is counted apart).
NOT_READING = {"leave_out": ("exercise",), "sections": ("Self-check",)}


def reading_words(chapter: bbb_myst.Chapter) -> list[str]:
    """The words that count as reading: the chapter's prose as the book's MyST reader gives it (code,
    math, solutions, options and labels left out), without its exercises and self-check section."""
    return chapter.prose_words(**NOT_READING)


def exercise_kind(body: str) -> str:
    """'predict', 'compute' or 'explain', read from an exercise's text (see the module docstring)."""
    plain = ROLE.sub(" ", body)  # {eq}`...`, {cite:t}`...`: references, not code
    if re.search(r"\bpredict\b", plain, re.I):
        return "predict"
    if re.search(r"`[^`\n]+`|\b(compute|calculate|recompute|run|simulate|fit)\b", plain, re.I):
        return "compute"
    return "explain"


def exercise_parts(body: str) -> int:
    """The number of parts: distinct (a), (b), ... markers, or the items of a numbered list; in an
    exercise with neither, its questions (question marks)."""
    plain = ROLE.sub(" ", body)
    marked = max(len(set(re.findall(r"\(([a-h])\)", plain))), len(re.findall(r"^\s*\d+\.\s", body, re.M)))
    return marked or max(plain.count("?"), 1)


def exercise_minutes(kind: str, parts: int) -> int:
    """Minutes of one exercise: reading it, plus its parts by kind, and never under the minimum."""
    return max(MINIMUM_MINUTES_PER_EXERCISE, MINUTES_PER_EXERCISE + parts * MINUTES_PER_PART[kind])


def exercises(chapter: bbb_myst.Chapter | str) -> list[dict]:
    """Label, parts, kind and minutes of each exercise of a chapter (or of a MyST text), in order."""
    if isinstance(chapter, str):
        chapter = bbb_myst.Chapter(Path("<text>"), chapter)
    found = []
    for exercise in chapter.exercises():
        kind, parts = exercise_kind(exercise.body), exercise_parts(exercise.body)
        found.append({"label": exercise.label, "parts": parts, "kind": kind,
                      "minutes": exercise_minutes(kind, parts)})
    return found


def chapter_stats(path: Path, words_per_minute: int = WORDS_PER_MINUTE) -> dict:
    """Title, counts and minutes (reading, exercises, self-check) of one chapter, reading at
    words_per_minute."""
    if not words_per_minute > 0:
        raise ValueError(f"words_per_minute must be positive, got {words_per_minute!r}")
    chapter = bbb_myst.read_chapter(path)
    summary = bbb_myst.chapter_summary(path)
    words = len(reading_words(chapter))
    equations = sum(item.kind == "equation" for item in summary["display"])
    figures = sum(item.kind == "figure" for item in summary["display"])
    found = exercises(chapter)
    checks, title = summary["checks"], summary["title"]
    reading = (math.ceil(words / words_per_minute) + equations * MINUTES_PER_EQUATION
               + figures * MINUTES_PER_FIGURE)
    exercise_minutes = sum(e["minutes"] for e in found)
    practice = exercise_minutes + checks * MINUTES_PER_SELF_CHECK
    return {"name": Path(path).stem, "title": title, "words": words, "equations": equations,
            "figures": figures, "exercises": len(found), "exercise_list": found,
            "exercise_minutes": exercise_minutes, "checks": checks,
            "check_minutes": checks * MINUTES_PER_SELF_CHECK, "reading": reading,
            "practice": practice, "total": reading + practice}


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def time_to_learn(path: Path) -> str:
    """The sentence that replaces the {{ time_to_learn }} token of a chapter: reading and exercise
    time apart."""
    s = chapter_stats(path)
    total = 5 * round(s["total"] / 5)
    return (f"Reading: {s['reading']} minutes ({plural(s['equations'], 'displayed equation')} and "
            f"{plural(s['figures'], 'figure')} included). Exercises: {s['exercise_minutes']} minutes for "
            f"the {plural(s['exercises'], 'exercise')} and {s['check_minutes']} for the "
            f"{plural(s['checks'], 'self-check question')}. About {total} minutes in all, estimated by "
            "the rule in the instructor guide.")
