"""_ext/bbb_editions.py and bbb_site.py: two editions from one source, the instructor's and the
student's; the JupyterHub link; the footer's link to the repository (the fixture book)."""

import os
import subprocess
from urllib.parse import parse_qs, urlsplit

import nbformat
import pytest
from bs4 import BeautifulSoup

import bbb_editions
from bookutils import BIN, ROOT


def test_full_edition_offers_both_notebooks_and_has_the_solutions(tiny_books):
    html = tiny_books["full"].html
    page = (html / "chapter.html").read_text()
    assert "_downloads/notebooks/chapter.ipynb" in page and "_downloads/notebooks/chapter-solutions.ipynb" in page
    assert "mybinder.org/v2/gh/example/tiny-book/notebooks?urlpath=lab/tree/chapter.ipynb" in page
    assert "colab.research.google.com/github/example/tiny-book/blob/notebooks/chapter.ipynb" in page
    assert "nothing can cross" in page and "sixty three percent" in page
    nbformat.validate(nbformat.read(html / "_downloads" / "notebooks" / "chapter-solutions.ipynb", as_version=4))
    assert "_downloads/notebooks/" not in (html / "index.html").read_text(), "the landing page is not a chapter"


def test_student_edition_has_no_solution_anywhere(tiny_books):
    html = tiny_books["student"].html
    page = (html / "chapter.html").read_text()
    assert "Student edition" in page
    assert "nothing can cross" not in page and "sixty three percent" not in page, "a solution is in the page"
    assert "0.632" not in page, "the gated solution's code ran into the page"
    assert not (html / "_sources").exists()
    assert not list(html.rglob("*-solutions.ipynb")) and (html / "_downloads" / "notebooks" / "chapter.ipynb").exists()
    assert "sixty three" not in (html / "searchindex.js").read_text()


def test_an_unknown_edition_is_refused():
    code = ("import bbb_editions\nclass C: hide_solutions=False; html_theme_options={}\n"
            "bbb_editions.configure_edition(None, C())")
    result = subprocess.run([str(BIN / "python"), "-c", code], capture_output=True, text=True,
                            env={**os.environ, "BBB_EDITION": "teacher", "PYTHONPATH": str(ROOT / "_ext")})
    assert result.returncode != 0 and "BBB_EDITION must be 'full' or 'student'" in result.stderr


def test_ext_uses_public_apis_only():
    """No private Sphinx module, no theme digest, no copied theme template, no sys.path insert."""
    import re

    for path in sorted((ROOT / "_ext").glob("*.py")):
        text = path.read_text()
        assert not re.search(r"^\s*(from|import)\s+sphinx[\w.]*\._", text, re.M), f"{path.name} imports a private module"
        assert not re.search(r"sys\.path\.(insert|append)", text), f"{path.name} changes sys.path (local_extensions puts _ext/ there)"
    everything = "".join(p.read_text() for p in (ROOT / "_ext").rglob("*") if p.is_file() and p.suffix in (".py", ".html", ".css"))
    assert "?digest=" not in everything
    assert not (ROOT / "_ext" / "templates").exists(), "theme templates copied into _ext/"
    assert (ROOT / "_ext" / "UPSTREAM.md").exists()


# --- the instructor's edition, JupyterHub, the footer ---------------------------------------------

HUB = "https://hub.example.edu"


def links(path) -> list[str]:
    return [a.get("href", "") for a in BeautifulSoup(path.read_text(), "html.parser").find_all("a")]


def test_the_editions_announce_themselves_and_keep_instructor_blocks_to_the_full_one(tiny_books):
    for edition, banner, other in (("full", "Instructor's edition", "Student edition"),
                                   ("student", "Student edition", "Instructor's edition")):
        for name in ("index.html", "chapter.html", "bibliography.html", "search.html"):
            page = BeautifulSoup((tiny_books[edition].html / name).read_text(), "html.parser")
            announcement = page.select_one(".bd-header-announcement")
            assert announcement and banner in announcement.get_text(), f"{edition}/{name}: no {banner!r} banner"
            assert other not in announcement.get_text()
    assert "for instructors alone" in (tiny_books["full"].html / "index.html").read_text()
    assert "for instructors alone" not in (tiny_books["student"].html / "index.html").read_text()


@pytest.mark.parametrize("edition", ["full", "student"])
def test_jupyterhub_button_opens_the_student_notebook_from_the_notebooks_branch(tiny_books, edition):
    html = tiny_books[edition].html
    hub = [l for l in links(html / "chapter.html") if l.startswith(HUB)]
    assert len(hub) == 1, f"one JupyterHub link on a chapter page, found {hub}"
    url = urlsplit(hub[0])
    assert url.path == "/hub/user-redirect/git-pull"
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query == {"repo": "https://github.com/example/tiny-book", "branch": "notebooks",
                     "urlpath": "lab/tree/tiny-book/chapter.ipynb"}
    assert (html / "_downloads" / "notebooks" / "chapter.ipynb").exists()
    assert not [l for l in links(html / "index.html") if "git-pull" in l], "the landing page is not a chapter"


def test_nbgitpuller_url_follows_nbgitpuller_documentation():
    url = bbb_editions.nbgitpuller_url("https://hub.example.edu/", "https://github.com/o/my-book.git",
                                       "notebooks", "a b.ipynb", "classic")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://hub.example.edu/hub/user-redirect/git-pull"
    assert parse_qs(parts.query) == {"repo": ["https://github.com/o/my-book.git"], "branch": ["notebooks"],
                                     "urlpath": ["tree/my-book/a b.ipynb"]}
    with pytest.raises(ValueError, match="interface"):
        bbb_editions.nbgitpuller_url(HUB, "https://github.com/o/r", "notebooks", "x.ipynb", "vscode")


def test_every_page_links_to_the_repository_in_its_footer(tiny_books):
    for edition in ("full", "student"):
        for name in ("index.html", "chapter.html", "genindex.html"):
            page = BeautifulSoup((tiny_books[edition].html / name).read_text(), "html.parser")
            footer = page.select_one("footer.bd-footer-content")
            assert footer and footer.find("a", href="https://github.com/example/tiny-book",
                                          string="github.com/example/tiny-book"), f"{edition}/{name}"
