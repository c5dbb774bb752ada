"""Two editions from one source, and notebooks to take away.

The default site has every solution and offers each chapter as two notebooks (student, and with
solutions); the student edition (`make student`, BBB_EDITION=student) has no solution text anywhere:
not in its pages, its search index, its notebooks or its copied sources. The downloaded notebooks
open and run on their own, like the chapters they come from.
"""

import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup

from bookutils import BIN, ROOT, chapter_names, reader, warnings_in

WORDS = re.compile(r"[A-Za-z][A-Za-z0-9'’,;()\-]*(?: [A-Za-z0-9][A-Za-z0-9'’,;()\-%.]*){5,}")


def solution_blocks(path: Path) -> list[tuple[int, list[str]]]:
    """(line number, content lines) of every solution in a chapter, plain and gated, as the book's MyST
    reader (_ext/bbb_myst.py) finds them."""
    myst = reader()
    chapter = myst.read_chapter(path)
    lines = chapter.text.splitlines()
    blocks, start = [], None
    for token in chapter.tokens:
        d = myst.directive(token) if myst.is_directive(token) else None
        if d is None:
            continue
        if d.name == "solution":
            blocks.append((d.line + 1, d.body.splitlines()))
        elif d.name == "solution-start":
            start = d.line
        elif d.name == "solution-end" and start is not None:
            blocks.append((start + 1, lines[start + 1:d.line]))
            start = None
    return blocks


def needle(content: list[str]) -> str | None:
    """A stretch of plain words from a solution (no markup), to look for in the built output."""
    text = " ".join(l for l in content if not l.startswith((":", "```", "    ")))
    text = re.sub(r"\{[\w:-]+\}`[^`]*`|`[^`]*`|\$[^$]*\$|\*\*?|\[[^\]]*\]\([^)]*\)", " ", text)
    runs = sorted(WORDS.findall(text), key=len, reverse=True)
    return " ".join(runs[0].split()[:8]) if runs else None


def needles() -> list[tuple[str, str]]:
    found = []
    for name in chapter_names():
        path = ROOT / "chapters" / f"{name}.md"
        for line, content in solution_blocks(path):
            words = needle(content)
            assert words, f"chapters/{name}.md:{line}: a solution with no plain sentence to check for"
            found.append((f"chapters/{name}.md:{line}", words))
    return found


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).lower()


def site_text(html: Path) -> str:
    """All the text a reader or a search could reach: pages, search index, notebooks, sources."""
    parts = []
    for path in html.rglob("*"):
        if path.suffix == ".html":
            parts.append(BeautifulSoup(path.read_text(), "html.parser").get_text(" "))
        elif path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
            parts += [c.source for c in nb.cells]
        elif path.name == "searchindex.js" or (path.suffix in (".md", ".txt") and "_sources" in path.parts):
            parts.append(path.read_text())
    return normalize(" ".join(parts))


@pytest.fixture(scope="module")
def student(book, tmp_path_factory):
    root = tmp_path_factory.mktemp("student")
    shutil.copytree(book.root, root, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("html", ".doctrees", "jupyter_execute"))
    proc = subprocess.run([str(BIN / "jupyter-book"), "build", str(root), "-W", "-n", "--keep-going"],
                          cwd=root, capture_output=True, text=True,
                          env={**os.environ, "BBB_EDITION": "student"})
    assert proc.returncode == 0, "\n".join(warnings_in(proc.stdout + proc.stderr)) or proc.stderr[-3000:]
    return root / "_build" / "html"


def test_chapters_have_solutions_to_hide():
    assert len(needles()) >= 4 * len(chapter_names())


def test_full_edition_has_every_solution(book):
    text = site_text(book.html)
    missing = [f"{at}: {words!r}" for at, words in needles() if normalize(words) not in text]
    assert not missing, "solutions missing from the full edition (the check itself would be void):\n" + "\n".join(missing)


def test_student_edition_has_no_solution_text(student):
    text = site_text(student)
    leaked = [f"{at}: {words!r}" for at, words in needles() if normalize(words) in text]
    assert not leaked, "solution text in the student edition:\n" + "\n".join(leaked)
    assert not list(student.rglob("*-solutions.ipynb"))
    assert not (student / "_sources").exists()
    assert "Student edition" in (student / "chapters" / "index.html").read_text()


@pytest.mark.parametrize("name", chapter_names())
def test_every_chapter_offers_its_notebooks(book, student, name):
    page = BeautifulSoup((book.html / "chapters" / f"{name}.html").read_text(), "html.parser")
    links = {a.get("href") for a in page.find_all("a")}
    assert f"../_downloads/notebooks/{name}.ipynb" in links
    assert f"../_downloads/notebooks/{name}-solutions.ipynb" in links
    assert any(l and l.startswith("https://mybinder.org/v2/gh/") and l.endswith(f"notebooks?urlpath=lab/tree/{name}.ipynb")
               for l in links), "no Binder button"
    assert any(l and l.startswith("https://colab.research.google.com/github/") and l.endswith(f"/notebooks/{name}.ipynb")
               for l in links), "no Colab button"
    student_page = (student / "chapters" / f"{name}.html").read_text()
    assert f"{name}.ipynb" in student_page and f"{name}-solutions.ipynb" not in student_page


@pytest.mark.parametrize("name", chapter_names())
def test_downloaded_notebooks_read_as_plain_markdown(book, name):
    for version in (f"{name}.ipynb", f"{name}-solutions.ipynb"):
        nb = nbformat.read(book.html / "_downloads" / "notebooks" / version, as_version=4)
        nbformat.validate(nb)
        markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        leftovers = re.findall(r"\{[\w:-]+\}`[^`]*`|^:{3,}.*$|^```\{.*$|^\([\w-]+\)=$", markdown, re.M)
        assert not leftovers, f"{version}: MyST markup left for Jupyter to show raw: {leftovers[:5]}"
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), f"{version} has outputs"
        assert "## References" in markdown


def exemplars() -> list[str]:
    """A stretch of plain words from each exemplar answer of the instructor guide ({only} instructor)."""
    guide = reader().read_chapter(ROOT / "chapters" / "instructor-guide.md")
    blocks = [d.body for d in guide.directives("only") if d.argument.strip() == "instructor"]
    return [needle(block.splitlines()) for block in blocks]


def test_exemplar_answers_are_in_the_full_edition_only(book, student):
    """Issue 19: each assessed question of the guide has an exemplar answer, shown only in the full
    (instructor) edition, through Sphinx's {only} directive and the tag bbb_editions.py sets."""
    found = exemplars()
    assert len(found) == 3 and all(found), "want an exemplar for each of the three assessments"
    full = normalize(BeautifulSoup((book.html / "chapters" / "instructor-guide.html").read_text(),
                                   "html.parser").get_text(" "))
    assert all(normalize(words) in full for words in found), "an exemplar is missing from the full edition"
    assert "exemplar (instructor edition only)" in full
    text = site_text(student)
    assert not [w for w in found if normalize(w) in text], "exemplar text in the student edition"
    assert "exemplar (instructor edition only)" not in text


def site_pages(html: Path) -> list[Path]:
    """The pages of a built edition (not the root page, which only redirects to the landing page)."""
    return [p for p in sorted(html.rglob("*.html"))
            if not {"_static", "reports", "_sources"} & set(p.relative_to(html).parts)
            and p.relative_to(html).as_posix() != "index.html"]


def banner(path: Path) -> str:
    found = BeautifulSoup(path.read_text(), "html.parser").select_one(".bd-header-announcement")
    return " ".join(found.get_text().split()) if found else ""


def test_every_page_of_the_full_edition_says_it_is_the_instructors(book):
    pages = site_pages(book.html)
    assert len(pages) >= len(chapter_names()) + 4
    unmarked = [p.relative_to(book.html).as_posix() for p in pages if not banner(p).startswith("Instructor's edition")]
    assert not unmarked, f"pages of the full edition without the instructor's banner: {unmarked}"


def test_every_page_of_the_student_edition_says_it_is_the_students(student):
    unmarked = [p.relative_to(student).as_posix() for p in site_pages(student)
                if not banner(p).startswith("Student edition")]
    assert not unmarked, f"pages of the student edition without its banner: {unmarked}"


def test_the_landing_page_describes_its_own_edition(book, student):
    full = normalize(BeautifulSoup((book.html / "chapters" / "index.html").read_text(), "html.parser").get_text(" "))
    mine = normalize(BeautifulSoup((student / "chapters" / "index.html").read_text(), "html.parser").get_text(" "))
    assert "this is the instructor’s edition" in full and "this is the student edition" not in full
    assert "this is the student edition" in mine and "this is the instructor’s edition" not in mine
    assert "with or without the solutions" not in mine


def test_no_jupyterhub_button_without_a_hub(book):
    """_config.yml names no JupyterHub (launch_buttons.jupyterhub_url is empty): no page links to one."""
    import yaml

    assert not yaml.safe_load((ROOT / "_config.yml").read_text())["launch_buttons"]["jupyterhub_url"]
    for name in chapter_names():
        page = (book.html / "chapters" / f"{name}.html").read_text()
        assert "git-pull" not in page and "JupyterHub" not in page, name
