"""The book's structure: the table of contents, and the anatomy every chapter shares.

The anatomy is the one in chapters/authoring.md (after ../shared/STYLE.md): an Overview admonition
with 3-5 numbered learning objectives, prerequisites and time to learn; exercises with solutions,
each naming the objective it practises; Key takeaways, Self-check and What's next sections; at
least six distinct sources cited.
"""

import re

import pytest

from bookutils import ROOT, chapter_names, is_notebook, page_source, reader, toc_files, where

CHAPTERS = chapter_names()


def test_every_toc_entry_exists():
    toc_text = (ROOT / "_toc.yml").read_text()
    missing = []
    for doc in toc_files():
        try:
            page_source(doc)
        except FileNotFoundError:
            missing.append(f"{where(ROOT / '_toc.yml', toc_text, doc)}: {doc} has no .md or .ipynb file")
    assert not missing, "\n".join(missing)


def test_every_page_is_in_the_toc():
    listed = set(toc_files())
    pages = sorted(ROOT.glob("chapters/**/*.md")) + sorted(ROOT.glob("chapters/**/*.ipynb"))
    orphans = [str(p.relative_to(ROOT)) for p in pages
               if str(p.relative_to(ROOT).with_suffix("")) not in listed]
    assert not orphans, "pages in chapters/ that _toc.yml does not list: " + ", ".join(orphans)


def test_the_book_has_chapters():
    assert CHAPTERS, "_toc.yml has no part captioned 'Chapters'"


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_is_a_myst_notebook(name):
    path = ROOT / "chapters" / f"{name}.md"
    assert path.exists(), f"chapters/{name}.md: chapters are MyST Markdown notebooks (.md)"
    assert is_notebook(path), f"{path.relative_to(ROOT)}:1: front matter needs jupytext and kernelspec"


def chapter(name: str):
    """A chapter as the book's MyST reader (_ext/bbb_myst.py) sees it: what the build sees."""
    return reader().read_chapter(ROOT / "chapters" / f"{name}.md")


def overview(ch):
    """The chapter's Overview admonition (a directive), or None."""
    return next((d for d in ch.directives("admonition") if d.argument == "Overview"), None)


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_anatomy(name):
    ch = chapter(name)
    path, text = ch.path, ch.text
    rel = path.relative_to(ROOT)
    problems = []
    block = overview(ch)
    if block is None:
        problems.append(f"{rel}: no ':::{{admonition}} Overview' block")
    else:
        for part in ("Learning objectives", "Prerequisites", "**Time to learn.** {{ time_to_learn }}"):
            if part not in block.body:
                problems.append(f"{where(path, text, 'Overview')}: the Overview has no '{part}'")
    if not 3 <= len(ch.objectives()) <= 5:
        problems.append(f"{where(path, text, 'Overview')}: {len(ch.objectives())} learning objectives, want 3-5")
    h2 = {title for level, title, _ in ch.headings() if level == 2}
    for heading in ("Key takeaways", "Self-check", "What's next"):
        if heading not in h2:
            problems.append(f"{rel}: no '## {heading}' section")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", CHAPTERS)
def test_exercises_have_solutions_and_practise_objectives(name):
    ch = chapter(name)
    path, text = ch.path, ch.text
    found = ch.exercises()
    n_objectives = len(ch.objectives())
    problems = []
    if len(found) < 4:
        problems.append(f"{path.relative_to(ROOT)}: {len(found)} exercises, want at least 4")
    solved = set(ch.solutions())
    practised = set()
    for exercise in found:
        label, numbers = exercise.label, exercise.objectives
        at = f"{path.relative_to(ROOT)}:{exercise.line + 1}"
        if not label.startswith("ex-"):
            problems.append(f"{at}: exercise without an 'ex-...' label")
        if label and label not in solved:
            problems.append(f"{at}: exercise {label} has no solution")
        if not numbers:
            problems.append(f"{at}: exercise {label} names no objective (':class: objective-N')")
        for n in numbers:
            if not 1 <= n <= n_objectives:
                problems.append(f"{at}: exercise {label} names objective {n}, but there are {n_objectives}")
        practised.update(numbers)
    for n in range(1, n_objectives + 1):
        if n not in practised:
            problems.append(f"{where(path, text, 'Overview')}: learning objective {n} is practised by no exercise")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_cites_at_least_six_sources(name):
    from test_references import cited_keys

    keys = {key for key, _ in cited_keys(ROOT / "chapters" / f"{name}.md")}
    assert len(keys) >= 6, f"chapters/{name}.md cites {len(keys)} distinct sources, want at least 6"


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_reads_in_45_minutes_or_less(name):
    """Reading time by the rule of _ext/bbb_times.py stays under about 45 minutes. The old cap on the
    whole chapter (reading plus exercises) is gone: exercises are timed separately (issue 19)."""
    import sys

    sys.path.insert(0, str(ROOT / "_ext"))
    from bbb_times import chapter_stats

    stats = chapter_stats(ROOT / "chapters" / f"{name}.md")
    assert stats["reading"] <= 45, (
        f"chapters/{name}.md takes {stats['reading']} minutes to read by the book's rule "
        f"({stats['words']} words); keep reading time at 45 minutes or less")


@pytest.mark.parametrize("name", CHAPTERS)
def test_chapter_says_when_its_evidence_was_reviewed(name):
    """Issues 14-17: each chapter states, near its end, when its evidence was last reviewed."""
    import re

    lines = (ROOT / "chapters" / f"{name}.md").read_text().splitlines()
    found = [i for i, line in enumerate(lines)
             if re.fullmatch(r"\*Evidence reviewed: (January|February|March|April|May|June|July|August|"
                             r"September|October|November|December) 20\d\d\.\*", line.strip())]
    assert len(found) == 1, f"chapters/{name}.md: want one '*Evidence reviewed: <Month> <year>.*' line"
    assert found[0] > 0.75 * len(lines), (
        f"chapters/{name}.md:{found[0] + 1}: the evidence-review date belongs near the end of the chapter")


@pytest.mark.parametrize("name", CHAPTERS)
def test_no_cell_stops_run_all(name):
    """Issue 18: Colab and JupyterLab ignore the `raises-exception` tag, so a cell that raises on
    purpose stops "Run all". Chapters catch and print the error instead."""
    text = (ROOT / "chapters" / f"{name}.md").read_text()
    lines = [n for n, line in enumerate(text.splitlines(), 1) if "raises-exception" in line]
    assert not lines, f"chapters/{name}.md:{lines[0]}: a cell tagged raises-exception stops Run all in Colab"
