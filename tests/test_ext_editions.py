"""_ext/bbb_editions.py and bbb_site.py: two editions from one source (the fixture book)."""

import os
import subprocess

import nbformat

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
