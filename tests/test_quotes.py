"""Hillert's words appear only as exact quotations of the interview article, attributed and cited.

The article (NeurologyLive 2019, `neurologylive2019hillert`) is not redistributed here. Instead,
tests/data/interview-sentences.sha256 holds, in order, the SHA-256 of each sentence of the article
as normalized by `norm` below (the same normalization as ../shared/tools/check_quotes.py). A
blockquote passes when its sentences are a run of consecutive sentences of the article. To remake
the file from the article: `python tests/test_quotes.py path/to/interview.txt`.
"""

import hashlib
import re
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bookutils import prose_lines  # noqa: E402

ROOT = HERE.parent
HASHES = HERE / "data" / "interview-sentences.sha256"


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", re.sub(r"[*_`]", "", text)).strip().lower()


def sentences(text: str) -> list[str]:
    """Normalized sentences, without surrounding quotation marks."""
    parts = re.split(r"(?<=[.!?])\"?\s+(?=\"?[a-z0-9(\"])", norm(text))
    return [p.strip().strip('"').strip() for p in parts if p.strip().strip('"').strip()]


def digest(sentence: str) -> str:
    return hashlib.sha256(sentence.encode()).hexdigest()


def blockquotes(path: Path):
    """(line number, quoted text, attribution line) for each blockquote of a page."""
    lines = prose_lines(path) + [""]
    block, start = [], 0
    for lineno, line in enumerate(lines, start=1):
        if line.lstrip().startswith(">"):
            if not block:
                start = lineno
            block.append(line.lstrip()[1:].strip())
            continue
        if block:
            text = " ".join(b for b in block if not re.match(r"^(—|--|-) ", b))
            attribution = " ".join(b for b in block if re.match(r"^(—|--|-) ", b))
            yield start, text, attribution
            block = []


def is_verbatim(text: str, article: list[str]) -> bool:
    quoted = [digest(s) for s in sentences(text)]
    n = len(quoted)
    return n > 0 and any(article[i:i + n] == quoted for i in range(len(article) - n + 1))


def test_every_blockquote_is_the_articles_exact_words():
    article = HASHES.read_text().split()
    assert len(article) > 10, "tests/data/interview-sentences.sha256 looks empty"
    problems, found = [], 0
    for path in sorted(ROOT.glob("chapters/**/*.md")):
        for lineno, text, attribution in blockquotes(path):
            found += 1
            at = f"{path.relative_to(ROOT)}:{lineno}"
            if not is_verbatim(text, article):
                problems.append(f"{at}: blockquote is not a run of whole sentences of the article: {text[:80]!r}")
            if "Hillert" not in attribution or "neurologylive2019hillert" not in attribution:
                problems.append(f"{at}: a quotation needs an attribution line '— Jan Hillert ...' "
                                "citing {cite:p}`neurologylive2019hillert`")
    assert not problems, "\n".join(problems)


def test_the_check_rejects_altered_words():
    article = HASHES.read_text().split()
    # The last sentence of the article's one quotation passes; a changed word does not.
    assert is_verbatim("Even the first-iteration drugs do that to a certain extent.", article)
    assert not is_verbatim("Even the first-iteration drugs do that to a large extent.", article)
    assert not is_verbatim("The blood-brain barrier is central to our thinking.", article)


if __name__ == "__main__":
    source = Path(sys.argv[1]).read_text()
    HASHES.write_text("".join(digest(s) + "\n" for s in sentences(source)))
    print(f"wrote {HASHES} ({len(sentences(source))} sentences)")
