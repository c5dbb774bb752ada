"""The build is strict: it passes cleanly, and it fails, saying where, when anything is wrong.
And the machinery around it holds: CI workflows, the locks, the Makefile's Python check."""

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
    from test_editions import needles

    text = latex_text(tex)
    missing = [at for at, words in needles() if latex_text(words) not in text]
    assert not missing, f"solutions missing from the full edition's LaTeX (the student check would be void): {missing}"


def latex_text(text: str) -> str:
    """Text to compare with LaTeX: Sphinx's escapes undone, commands and braces and list numbers
    dropped, spaces collapsed, lower case."""
    text = text.replace(r"\sphinxhyphen{}", "-").replace(r"\%", "%").replace("’", "'")
    text = re.sub(r"\\[a-zA-Z]+|[{}]", " ", text)
    text = re.sub(r"\b\d+\.(?=\s)", " ", text)
    return re.sub(r"\s+", " ", text).lower()


def test_student_latex_source_builds_without_solutions(book, tmp_path):
    """`make student-pdf` starts from the student edition's LaTeX: it builds strictly and holds no
    solution (compiling the PDF needs TeX and is not run here)."""
    import os

    from test_editions import needles

    root = tmp_path / "repo"
    shutil.copytree(book.root, root, ignore=shutil.ignore_patterns("html", ".doctrees"))
    result = subprocess.run([str(Path(sys.executable).parent / "jupyter-book"), "build", str(root), "-W", "-n",
                             "--keep-going", "--builder", "latex"], cwd=root, capture_output=True, text=True,
                            env={**os.environ, "BBB_EDITION": "student", "PYTHONWARNINGS": ""})
    log = result.stdout + result.stderr
    assert result.returncode == 0, "\n".join(warnings_in(log)) or log[-3000:]
    tex = latex_text((root / "_build" / "latex" / "book.tex").read_text())
    assert "this is the student edition" in tex and "this is the instructor" not in tex
    for name in chapter_names():
        assert name.replace("-", "") in tex.replace("-", ""), f"chapter {name} missing from the student book.tex"
    leaked = [at for at, words in needles() if latex_text(words) in tex]
    assert not leaked, f"solution text in the student edition's LaTeX: {leaked}"


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
    assert any("make student" in run for run in steps)
    assert jobs["instructor"]["permissions"] == {"contents": "read"}


def test_the_published_site_is_the_student_edition():
    """publish.yml builds the student edition and deploys its HTML, nothing else; the notebooks go out
    through .ci/publish-student; the full (instructor's) edition is built only on request, by hand,
    and kept as an artifact of the run, never deployed."""
    wf = workflow("publish.yml")
    build = wf["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in build]
    assert any(run.strip() == "make student" for run in runs), runs
    assert not any("make book" in run for run in runs), "the published build must not be the full edition"
    uploads = [step for step in build if step.get("uses", "").startswith("actions/upload-pages-artifact")]
    assert [step["with"]["path"] for step in uploads] == ["_build/student/_build/html"]
    pushes = [run for run in runs if ".ci/publish-student" in run]
    assert pushes and all("_build/student/_build/html" in run for run in pushes)
    # The instructor's edition: opt-in, by hand, uploaded as a run artifact, not to Pages.
    instructor = wf["jobs"]["instructor"]
    assert wf["on"]["workflow_dispatch"]["inputs"]["instructor_edition"]["default"] is False
    assert "workflow_dispatch" in instructor["if"] and "inputs.instructor_edition" in instructor["if"]
    steps = instructor["steps"]
    assert any(step.get("run", "").strip() == "make book" for step in steps)
    assert not any("pages" in step.get("uses", "") for step in steps)
    (artifact,) = [step for step in steps if step.get("uses", "").startswith("actions/upload-artifact")]
    assert artifact["with"]["path"] == "_build/html"
    assert "instructor" not in wf["jobs"]["deploy"].get("needs", "")
    # Private sources: with PUBLIC_REPOSITORY set, the student material goes to that repository.
    assert "vars.PUBLIC_REPOSITORY" in wf["jobs"]["deploy"]["if"]
    private = [step for step in build if "vars.PUBLIC_REPOSITORY != ''" in step.get("if", "")]
    assert private and all("--site" in step["run"] and "PUBLIC_REPOSITORY_TOKEN" in step["env"]["TOKEN"]
                           for step in private)


def publish(html: Path, remote: Path, *args: str, repository: str = "") -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "REPOSITORY": repository, "GITHUB_SHA": "0" * 40}
    return subprocess.run([str(ROOT / ".ci" / "publish-student"), str(html), str(remote), *args],
                          capture_output=True, text=True, env=env)


def branch_files(remote: Path, branch: str) -> set[str]:
    out = subprocess.run(["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", branch],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_publish_script_pushes_student_notebooks_and_site_and_refuses_the_full_edition(tiny_books, tmp_path):
    """.ci/publish-student, as the workflow runs it, into a local repository: the student notebooks
    and binder/ on `notebooks`, the student site on `gh-pages`; the full edition is refused, and so is
    a _config.yml whose buttons would open another repository than the one that gets the notebooks."""
    remote = tmp_path / "public.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    student, full = tiny_books["student"].html, tiny_books["full"].html

    refused = publish(full, remote, "--site")
    assert refused.returncode != 0 and "not the student edition" in refused.stderr
    wrong = publish(student, remote, repository="someone/elsewhere")
    assert wrong.returncode != 0 and "repository.url" in wrong.stderr
    assert not branch_files_exist(remote), "nothing is pushed when the script refuses"

    import yaml

    here = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"].removeprefix("https://github.com/")
    result = publish(student, remote, "--site", repository=here)
    assert result.returncode == 0, result.stderr
    notebooks = branch_files(remote, "notebooks")
    assert "chapter.ipynb" in notebooks and "binder/requirements.txt" in notebooks
    assert not [f for f in notebooks if "solutions" in f or not (f.endswith(".ipynb") or f.startswith("binder/"))]
    site = branch_files(remote, "gh-pages")
    assert {"index.html", "chapter.html", ".nojekyll", "_downloads/notebooks/chapter.ipynb"} <= site
    assert not [f for f in site if f.startswith("_sources/") or f.endswith("-solutions.ipynb")]


def branch_files_exist(remote: Path) -> bool:
    out = subprocess.run(["git", "--git-dir", str(remote), "branch", "--list"], capture_output=True, text=True)
    return bool(out.stdout.strip())


def test_publishing_again_keeps_a_students_copy_mergeable(tiny_books, tmp_path):
    """A new publication is a new commit on top of the branch, so nbgitpuller (the JupyterHub button)
    can merge it into a student's copy that has the student's own work in it, as it does on every
    click: `git fetch`, then `git merge -Xours origin/<branch>`."""
    remote = tmp_path / "public.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    site = tmp_path / "html"
    shutil.copytree(tiny_books["student"].html, site)
    assert publish(site, remote).returncode == 0

    git = ["git", "-c", "user.name=student", "-c", "user.email=s@example.edu"]
    home = tmp_path / "home" / "tiny-book"
    subprocess.run(["git", "clone", "-q", "--branch", "notebooks", str(remote), str(home)], check=True)
    answer = home / "chapter.ipynb"
    answer.write_text(answer.read_text().replace("Compute", "Compute (my answer: 0.63)", 1))
    subprocess.run([*git, "commit", "-qam", "my work"], cwd=home, check=True)

    notebook = site / "_downloads" / "notebooks" / "chapter.ipynb"
    notebook.write_text(notebook.read_text().replace("A tiny chapter", "A tiny chapter, revised", 1))
    again = publish(site, remote)
    assert again.returncode == 0, again.stderr
    assert publish(site, remote).stdout.count("up to date") == 1, "nothing new: no new commit"
    log = subprocess.run(["git", "--git-dir", str(remote), "log", "--format=%H", "notebooks"],
                         capture_output=True, text=True, check=True).stdout.split()
    assert len(log) == 2, "the second publication is a commit on top of the first"

    subprocess.run(["git", "fetch", "-q"], cwd=home, check=True)
    merge = subprocess.run([*git, "merge", "-Xours", "origin/notebooks"], cwd=home, capture_output=True, text=True)
    assert merge.returncode == 0, merge.stdout + merge.stderr
    merged = answer.read_text()
    assert "my answer: 0.63" in merged and "A tiny chapter, revised" in merged


def test_dependabot_updates_the_locks_and_the_workflows():
    import yaml

    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    watched = {(u["package-ecosystem"], u["directory"]) for u in config["updates"]}
    assert {("pip", "/"), ("pip", "/tests"), ("github-actions", "/")} <= watched


# --- The machinery around the build: the locks and the Makefile -------------------------------


def pins(path: Path) -> dict[str, str]:
    """{normalized name: version} of the `name==version` lines of a requirements file."""
    found = {}
    for line in path.read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)", line)
        if match:
            found[re.sub(r"[-_.]+", "-", match.group(1)).lower()] = match.group(2)
    return found


def test_every_installed_package_is_pinned_in_the_locks():
    """What `make test` installed is exactly what the two locks pin: no package floats."""
    from importlib.metadata import distributions

    locked = {**pins(ROOT / "requirements.txt"), **pins(ROOT / "tests" / "requirements.txt")}
    installed = {re.sub(r"[-_.]+", "-", d.metadata["Name"]).lower(): d.version for d in distributions()}
    installed.pop("pip", None)  # the installer itself, which comes with the venv
    unpinned = sorted(f"{name}=={version}" for name, version in installed.items() if name not in locked)
    assert not unpinned, "installed but not pinned in requirements.txt or tests/requirements.txt: " + ", ".join(unpinned)
    other = sorted(f"{name}: {installed[name]} installed, {locked[name]} locked"
                   for name in installed if installed[name] != locked[name])
    assert not other, "\n".join(other)


def test_locks_agree_and_keep_the_top_level_lists():
    book, tests = pins(ROOT / "requirements.txt"), pins(ROOT / "tests" / "requirements.txt")
    assert len(book) > 60, "requirements.txt should be the complete lock, not the top-level list"
    shared = {name for name in book.keys() & tests.keys() if book[name] != tests[name]}
    assert not shared, f"the two locks pin these packages at different versions: {sorted(shared)}"
    for lock, top in ((book, pins(ROOT / "requirements.in")), (tests, pins(ROOT / "tests" / "requirements.in"))):
        assert top and all(lock.get(name) == version for name, version in top.items()), (top, lock)
    assert "pytest" not in book and "pytest" in tests, "pytest belongs with the test requirements"


def test_binder_uses_the_locked_versions():
    book, binder = pins(ROOT / "requirements.txt"), pins(ROOT / "binder" / "requirements.txt")
    assert {"numpy", "scipy", "matplotlib", "otter-grader"} <= binder.keys()
    # otter-grader (for the graded questions' checks) is a test-only package: its pin is in the tests lock.
    locked = {**pins(ROOT / "tests" / "requirements.txt"), **book}
    differ = {name: (version, locked.get(name)) for name, version in binder.items() if locked.get(name) != version}
    assert not differ, f"binder/requirements.txt differs from the locks (binder, lock): {differ}"
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    supported = re.search(r"^SUPPORTED_PYTHON := (\S+)", (ROOT / "Makefile").read_text(), re.M).group(1)
    assert runtime == f"python-{supported}"


def test_makefile_refuses_an_unsupported_python_and_says_how_to_get_one(tmp_path):
    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\necho 3.13\n")
    fake.chmod(0o755)
    result = subprocess.run(["make", "--no-print-directory", "test", f"PYTHON={fake}", f"VENV={tmp_path / 'venv'}"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0
    assert "needs Python 3.11" in result.stdout and "is Python 3.13" in result.stdout, result.stdout
    assert "uv python install 3.11" in result.stdout and "pyenv install 3.11" in result.stdout
    assert not (tmp_path / "venv").exists(), "the venv was made with the wrong Python"
