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


# --- The machinery around the build: CI workflows --------------------------------------------


def workflow(name: str) -> dict:
    import yaml

    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    # YAML 1.1 (PyYAML) reads the key `on` as the boolean True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_pull_requests_and_main_are_tested_with_the_readmes_command():
    """The test workflow runs `.ci/run` (Chromium, then `make test`) on pull requests, pushes to
    main, a weekly schedule and by hand, with read-only access to the repository."""
    wf = workflow("test.yml")
    triggers = wf["on"]
    assert set(triggers) >= {"pull_request", "push", "schedule", "workflow_dispatch"}
    assert triggers["push"]["branches"] == ["main"]
    (cron,) = (entry["cron"] for entry in triggers["schedule"])
    minute, hour, day, month, weekday = cron.split()
    assert day == month == "*" and weekday != "*", f"the schedule {cron!r} is not weekly"
    assert wf["permissions"] == {}, "no permissions by default: each job asks for its own"
    for name, job in wf["jobs"].items():
        assert job["permissions"] == {"contents": "read"}, f"job {name} asks for more than it needs"
    runs = [step.get("run", "") for job in wf["jobs"].values() for step in job["steps"]]
    assert any(run.strip() == ".ci/run" for run in runs), runs
    ci = (ROOT / ".ci" / "run").read_text()
    assert "apt-get install" in ci and "chromium" in ci and "make test" in ci
    assert (ROOT / ".ci" / "run").stat().st_mode & 0o111, ".ci/run is not executable"


def test_pages_deploys_have_least_permissions_and_are_never_cancelled():
    wf = workflow("publish.yml")
    assert wf["permissions"] == {}
    assert wf["concurrency"]["cancel-in-progress"] is False
    jobs = wf["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "write"}  # the `notebooks` branch
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    steps = [step.get("run", "") for step in jobs["build"]["steps"]]
    assert any("make book" in run for run in steps)


def test_dependabot_updates_the_locks_and_the_workflows():
    import yaml

    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    watched = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert {("pip", "/"), ("pip", "/tests"), ("github-actions", "/")} <= watched
