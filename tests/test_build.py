"""The build is strict: it passes cleanly, and it fails, saying where, when anything is wrong."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

from bookutils import ROOT, chapter_names, warnings_in

VENV = Path(sys.executable).parent.parent


def test_clean_build_has_no_warnings(book):
    assert warnings_in(book.log) == []
    assert (book.html / "chapters" / "index.html").exists()
    assert (book.html / "index.html").exists(), "the site root should redirect to the landing page"


def test_bibliography_page_lists_cited_works(book):
    page = (book.html / "chapters" / "bibliography.html").read_text()
    assert "Reich" in page and "Multiple sclerosis" in page


def make_book(root: Path) -> subprocess.CompletedProcess:
    """`make book` in a copy of the repository, using this test run's virtual environment."""
    return subprocess.run(
        ["make", "--no-print-directory", "book", f"VENV={VENV}", "-o", f"{VENV}/bin/.installed"],
        cwd=root, capture_output=True, text=True,
    )


def test_broken_chapter_fails_the_build_and_says_where(book, tmp_path):
    """Break a copy three ways (a cell that raises, an unknown citation, a dangling cross-reference):
    `make book` fails and names each fault's file; running it again unchanged still fails (a stale
    cache cannot hide the failure); the repaired copy builds again."""
    root = tmp_path / "repo"
    shutil.copytree(book.root, root, ignore=shutil.ignore_patterns("html", ".doctrees", "jupyter_execute"))
    for name in ("Makefile", "requirements.txt"):
        shutil.copy2(ROOT / name, root / name)
    chapter = root / "chapters" / f"{chapter_names()[0]}.md"
    original = chapter.read_text()
    chapter.write_text(
        original
        + "\n```{code-cell} ipython3\nraise RuntimeError('deliberate failure for the test')\n```\n"
        + "\nSee {cite:p}`no_such_key_2099` and {ref}`sec-no-such-section`.\n"
    )
    rel = chapter.relative_to(root).as_posix()

    for attempt in ("first", "second, unchanged"):
        result = make_book(root)
        log = result.stdout + result.stderr
        warnings = "\n".join(warnings_in(log))
        assert result.returncode != 0, f"{attempt} build of a broken book passed:\n{log[-2000:]}"
        assert re.search(rf"{re.escape(rel)}.*Executing notebook failed", warnings), warnings
        assert "no_such_key_2099" in warnings and rel in warnings, warnings
        assert "sec-no-such-section" in warnings, warnings
        assert "Build FAILED" in log and "_build/html/reports/" in log
        report = root / "_build" / "html" / "reports" / "chapters" / f"{chapter.stem}.err.log"
        assert "deliberate failure for the test" in report.read_text()

    chapter.write_text(original)
    result = make_book(root)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert "Open _build/html/index.html" in result.stdout


def test_latex_source_builds_without_warnings(book, tmp_path):
    """The PDF route (`make pdf`) starts from LaTeX; writing it must be as strict as the HTML build.
    Compiling the PDF needs TeX (see README) and is not run here."""
    from bookutils import build_book

    root = tmp_path / "repo"
    shutil.copytree(book.root, root, ignore=shutil.ignore_patterns("html", ".doctrees"))
    result = build_book(root, builder="latex")
    assert result.returncode == 0, "\n".join(warnings_in(result.log)) or result.log[-3000:]
    tex = (root / "_build" / "latex" / "book.tex").read_text()
    assert r"\begin{document}" in tex
    for name in chapter_names():
        assert f"{{{name}}}" in tex or name.replace("-", "") in tex.replace("-", ""), f"chapter {name} missing from book.tex"
    assert "Reich" in tex, "the bibliography is missing from book.tex"
