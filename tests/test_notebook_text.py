"""The downloaded notebooks read as well as the pages (issue 18).

For every chapter's two notebooks (student, and with solutions) as the book build writes them:
- the math of every Markdown cell parses under MathJax's own TeX input (tests/mathjax/check.js, with
  the mathjax-full package that `make test` installs from tests/mathjax/package-lock.json), the
  renderer of Jupyter, Binder and Colab;
- every "Fig./Table/Eq./Exercise N.M" the notebook mentions is defined in it: a numbered caption,
  an equation's \\tag, an exercise's title;
- no BibTeX escapes, no MyST roles, directives or targets, no raw labels (eq-..., fig-...) in the
  text or in the code's docstrings and comments, and no debris of references ("((3.3))",
  "(Exercise)").
Running the notebooks top to bottom (tags removed) is tests/test_notebooks.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from bookutils import ROOT, chapter_names

sys.path.insert(0, str(ROOT / "_ext"))
import bbb_myst  # noqa: E402

MATHJAX = ROOT / "tests" / "mathjax"
MENTION = re.compile(r"\b(Fig\.|Figure|Table|Eq\.|Exercise|Section) \(?(\d+(?:\.\d+)+)\)?")
RAW_LABEL = re.compile(r"\b(?:eq|fig|ex|tbl|sec)-[a-z0-9]+(?:-[a-z0-9]+)*\b")
BIBTEX = re.compile(r"\\['\"`^~=.]|\\[a-zA-Z]+\{|--|``|`[^`']+'")


def versions() -> list[tuple[str, str]]:
    return [(name, f"{name}{suffix}.ipynb") for name in chapter_names() for suffix in ("", "-solutions")]


@pytest.fixture(scope="module")
def notebooks(book) -> dict[str, nbformat.NotebookNode]:
    downloads = book.html / "_downloads" / "notebooks"
    return {version: nbformat.read(downloads / version, as_version=4) for _, version in versions()}


def markdown_tokens(nb) -> list:
    """The tokens of every Markdown cell, as a CommonMark reader with $-math (Jupyter's) sees them."""
    return [t for cell in nb.cells if cell.cell_type == "markdown" for t in bbb_myst.walk(bbb_myst.parse(cell.source))]


def formulas(nb) -> list[dict]:
    found = []
    for t in markdown_tokens(nb):
        if t.type in ("math_inline", "math_inline_double"):
            found.append({"tex": t.content, "display": t.type == "math_inline_double"})
        elif t.type in ("math_block", "math_block_label", "amsmath"):
            found.append({"tex": t.content, "display": True})
    return found


def prose(nb) -> str:
    """The text of the Markdown cells outside code spans and code blocks."""
    return " ".join(t.content for t in markdown_tokens(nb) if t.type == "text")


def mathjax_errors(items: list[dict]) -> list[str | None]:
    node = shutil.which("node")
    assert node, "Node.js is needed for the MathJax check (installed by .ci/run; see the README)"
    assert (MATHJAX / "node_modules" / "mathjax-full").is_dir(), (
        "mathjax-full is not installed: `make test` installs it (npm ci --prefix tests/mathjax)")
    proc = subprocess.run([node, str(MATHJAX / "check.js")], input=json.dumps(items), capture_output=True,
                          text=True, check=True, cwd=MATHJAX)
    return json.loads(proc.stdout)


def test_the_mathjax_check_finds_errors():
    """The check itself: MathJax rejects the broken forms seen in issue 18 and accepts their fixes."""
    errors = mathjax_errors([{"tex": r"a &= b \\ c &= d", "display": True},
                             {"tex": r"\begin{aligned} a &= b \\ c &= d \end{aligned} \tag{5.4}", "display": True},
                             {"tex": r"\frac{1}{2", "display": False}])
    assert errors[0] == "Misplaced &" and errors[1] is None and errors[2]


def test_markdown_math_parses_under_mathjax(notebooks):
    items, where = [], []
    for version, nb in notebooks.items():
        found = formulas(nb)
        items += found
        where += [version] * len(found)
    assert len(items) > 500, "too few formulas found: the check would be void"
    errors = mathjax_errors(items)
    bad = [f"{v}: {e}: {item['tex'][:120]!r}" for v, item, e in zip(where, items, errors) if e]
    assert not bad, "formulas MathJax cannot typeset:\n" + "\n".join(bad)


def defined(nb) -> set[tuple[str, str]]:
    """(kind, number) of what a notebook defines: figure and table captions, equation tags, exercises,
    numbered section headings."""
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    found = {("Fig.", n) for n in re.findall(r"^\*\*Figure (\d+\.\d+)\.\*\*", text, re.M)}
    found |= {("Table", n) for n in re.findall(r"^\*\*Table (\d+\.\d+)\.\*\*", text, re.M)}
    found |= {("Eq.", n) for n in re.findall(r"\\tag\{(\d+\.\d+)\}", text)}
    found |= {("Exercise", n) for n in re.findall(r"^\*\*Exercise (\d+\.\d+)\*\*", text, re.M)}
    # Headings are numbered as on the pages ("## 3.2. The routes across").
    found |= {("Section", n) for n in re.findall(r"^#+ (\d+(?:\.\d+)+)\. ", text, re.M)}
    return found


@pytest.mark.parametrize("name,version", versions())
def test_every_numbered_reference_is_defined_in_the_notebook(notebooks, name, version):
    nb = notebooks[version]
    have = defined(nb)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert any(kind == "Fig." for kind, _ in have) and any(kind == "Exercise" for kind, _ in have)
    missing = set()
    for match in MENTION.finditer(text):
        kind = "Fig." if match[1] == "Figure" else match[1]
        rest = text[match.end():match.end() + 20]
        if rest.startswith(" of the chapter “"):
            continue  # on another page, and says which
        if (kind, match[2]) not in have:
            missing.add(f"{match[1]} {match[2]}")
    assert not missing, f"{version} mentions what it does not hold: {sorted(missing)}"


@pytest.mark.parametrize("name,version", versions())
def test_no_myst_bibtex_or_label_debris(notebooks, name, version):
    nb = notebooks[version]
    text = prose(nb)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    problems = []
    problems += [f"MyST role {m!r}" for m in re.findall(r"\{[\w:-]+\}`[^`]*`", markdown)]
    problems += [f"directive or target {m!r}" for m in re.findall(r"^(?::{3,}.*|`{3,}\{.*|\([\w-]+\)=)$", markdown, re.M)]
    problems += [f"BibTeX markup {m!r}" for m in BIBTEX.findall(text)]
    problems += [f"raw label {m!r}" for m in RAW_LABEL.findall(text)]
    problems += [f"debris {m!r}" for m in re.findall(r"\(\(\d|\(Exercise\)|\(Eq\.\)|Fig\. \)|Eq\. Eq\.|[Ss]ection Section", text)]
    for cell in nb.cells:
        if cell.cell_type == "code":
            problems += [f"raw label in code {m!r}: {line.strip()[:80]}" for line in cell.source.splitlines()
                         for m in RAW_LABEL.findall(line)]
            problems += [f"MyST role in code {m!r}" for m in re.findall(r"\{[\w:-]+\}`[^`]*`", cell.source)]
    assert not problems, f"{version}:\n" + "\n".join(problems[:30])


@pytest.mark.parametrize("name,version", versions())
def test_captions_follow_their_figures_and_references_are_listed(notebooks, name, version):
    nb = notebooks[version]
    # The title carries the chapter's number, as on the page ("# 3. Getting across: ...").
    title = next(line for cell in nb.cells if cell.cell_type == "markdown"
                 for line in cell.source.split("\n") if line.startswith("# "))
    assert re.match(r"# \d+\. \S", title), f"{version}: title without its number: {title!r}"
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cell.source.startswith("**Figure "):
            before = nb.cells[i - 1]
            assert before.cell_type == "code" or "](attachment:" in cell.source, (
                f"{version}: the caption {cell.source[:40]!r} does not follow the cell that draws it")
    last = nb.cells[-1].source
    assert last.startswith("## References") and "\\" not in last and "{" not in last
    # JupyterLab shows no SVG attachment in a Markdown cell (jupyterlab/jupyterlab#10464).
    attached = [kind for cell in nb.cells for files in (cell.get("attachments") or {}).values() for kind in files]
    assert "image/svg+xml" not in attached, f"{version}: an SVG attachment, which JupyterLab does not show"


def test_reader_and_chapters_agree_on_labels():
    """Every label a chapter refers to with {numref}, {eq} or {ref} is one the reader finds in a page of
    the book (so the notebooks can number it)."""
    labels, refs = set(), []
    for path in sorted((ROOT / "chapters").glob("*.md")):
        chapter = bbb_myst.read_chapter(path)
        labels |= set(chapter.labels())
        refs += [(path.name, r.target) for r in chapter.roles() if r.name in ("numref", "eq", "ref")]
    unknown = [f"{name}: {target}" for name, target in refs if target not in labels]
    assert not unknown, "references to labels the reader does not find:\n" + "\n".join(unknown)
