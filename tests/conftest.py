"""Session fixtures, shared by every worker of a parallel run. The helpers live in bookutils.py.

`make test` runs the suite in parallel (pytest-xdist, `--dist loadgroup`). Each worker is a process
of its own, so a session fixture would run once per worker; the builds below run once per test run
instead: the first worker that needs one builds it, under a file lock, and records the outcome;
the others wait for it and read the record. Tests that share a module fixture or a chapter's
namespace stay on one worker (one xdist group per test file); the slow tests that need only the
book get a group each, so that they can run side by side.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from filelock import FileLock

from bookutils import ROOT, Build, build_book, build_fixture_book, copy_book, warnings_in

# The unit tests import _ext's modules as the build does: Jupyter Book's local_extensions puts _ext/
# on sys.path.
sys.path.append(str(ROOT / "_ext"))

# Tests that take long and share nothing but the book: each is a group of its own.
ALONE = {
    "test_build.py::test_broken_chapter_fails_the_build_and_says_where",
    "test_build.py::test_latex_source_builds_without_warnings",
}
ALONE_FILES = {"test_notebooks.py", "test_browser.py", "test_figures.py"}
# The longest groups first (longest-first scheduling: the run ends with short ones), by name prefix.
# test_assignments.py makes one group per chapter itself (three otter runs of the whole chapter each).
LONGEST = ["test_browser.py::test_every_page", "test_build.py::test_broken", "test_assignments.py::",
           "test_ext_", "test_editions.py",
           "test_notebooks.py", "test_immune-cells.py", "test_build.py::test_latex", "test_figures.py",
           "test_browser.py"]


def pytest_collection_modifyitems(config, items):
    """One xdist group per test file (a file's tests share module fixtures and chapter namespaces),
    and one per slow test that shares only the book. Order: one group that needs the book first (its
    worker builds the book), then every group that does not (the other workers run them meanwhile),
    then the other groups that need the book; longest first within each."""

    def group(item) -> str:
        file = item.path.name
        if f"{file}::{item.originalname}" in ALONE or file in ALONE_FILES:
            return item.nodeid.split("/")[-1]
        return "test_ext_" if file.startswith("test_ext_") else file

    needs_book = set()
    for item in items:
        if not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(group(item)))
        if "book" in item.fixturenames:
            needs_book.add(item.get_closest_marker("xdist_group").args[0])

    def length(name: str) -> int:
        return next((i for i, prefix in enumerate(LONGEST) if name.startswith(prefix)), len(LONGEST))

    starter = min(sorted(needs_book), key=length, default=None)  # sorted: the same in every worker

    def rank(item) -> tuple[int, int]:
        name = item.get_closest_marker("xdist_group").args[0]
        tier = 0 if name == starter else 2 if name in needs_book else 1
        return tier, length(name)

    items.sort(key=rank)  # stable: a group's tests stay together, in their order


def _shared(tmp_path_factory) -> Path:
    """A folder of this test run that every worker sees (pytest's base temp of the run)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once(tmp_path_factory, name: str, make) -> dict:
    """Run `make(folder)` once per test run, whichever worker asks first; return its JSON record."""
    shared = _shared(tmp_path_factory)
    record = shared / f"{name}.json"
    with FileLock(str(shared / f"{name}.lock")):
        if not record.exists():
            record.write_text(json.dumps(make(shared / name)))
    return json.loads(record.read_text())


def _build_record(result: Build) -> dict:
    return {"root": str(result.root), "returncode": result.returncode, "log": result.log}


@pytest.fixture(scope="session")
def book(tmp_path_factory) -> Build:
    """The whole book, built strictly from a clean copy: nothing cached, nothing stale. Built once
    per test run and shared by every test (and worker) that reads it; no test changes it."""
    record = once(tmp_path_factory, "book", lambda folder: _build_record(build_book(copy_book(folder))))
    result = Build(Path(record["root"]), record["returncode"], record["log"])
    assert result.returncode == 0, (
        "The strict build failed. Warnings:\n" + "\n".join(warnings_in(result.log))
        + "\n\nEnd of the log:\n" + result.log[-3000:]
    )
    return result


@pytest.fixture(scope="session")
def tiny_books(tmp_path_factory) -> dict[str, Build]:
    """The fixture book of tests/fixtures/tinybook with this repository's _ext/, built strictly as
    the book is, in both editions at once: {"full": Build, "student": Build}."""

    def make(folder: Path) -> dict:
        return {edition: _build_record(result) for edition, result in build_fixture_book(folder).items()}

    records = once(tmp_path_factory, "tinybook", make)
    books = {edition: Build(Path(r["root"]), r["returncode"], r["log"]) for edition, r in records.items()}
    for edition, result in books.items():
        assert result.returncode == 0, (f"The {edition} edition of the fixture book failed to build:\n"
                                        + "\n".join(warnings_in(result.log)) + "\n" + result.log[-3000:])
    return books
