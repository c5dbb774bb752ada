"""Helpers for the test suite.

- `copy_book`, `build_book`: build a copy of the book the way the Makefile does;
  `build_fixture_book`: the tiny book of tests/fixtures/ with this repository's _ext/.
- `load_chapter(name)`: run a chapter's model cells (the code cells tagged `model`) in a fresh
  IPython namespace and return its names, so that tests call the models exactly as the chapter
  defines them; `load_chapter(name, cells="all")` runs every code cell, figures included. Whole
  chapters, figures and Monte Carlo runs included, are run by tests/test_notebooks.py and the builds.
- `chapter_files()`, `toc_files()`: the pages of the book.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# What a copy of the book needs in order to build (everything else stays behind).
BOOK_FILES = ["_config.yml", "_toc.yml", "docutils.conf", "references.bib", "_ext", "chapters", "figures"]


@dataclass
class Build:
    """The outcome of one `jupyter-book build` of a copy of the book."""

    root: Path
    returncode: int
    log: str

    @property
    def html(self) -> Path:
        return self.root / "_build" / "html"


def copy_book(dest: Path) -> Path:
    """Copy the files a build needs into `dest` (no _build, no caches)."""
    dest.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("_build", "__pycache__", ".ipynb_checkpoints", "*.pyc")
    for name in BOOK_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


def build_book(root: Path, *extra: str, builder: str = "html") -> Build:
    """Build the book at `root` the way the Makefile does: strict, every warning an error."""
    cmd = [str(BIN / "jupyter-book"), "build", str(root), "-W", "-n", "--keep-going",
           "--builder", builder, *extra]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=root,
                          env={**os.environ, "PYTHONWARNINGS": ""})
    return Build(root, proc.returncode, proc.stdout + proc.stderr)


def build_fixture_book(dest: Path) -> dict[str, Build]:
    """Copy tests/fixtures/tinybook, with this repository's _ext/, into dest/<edition> and build the
    full and the student edition strictly, both at once (two processes)."""
    procs = {}
    for edition in ("full", "student"):
        root = dest / edition
        shutil.copytree(ROOT / "tests" / "fixtures" / "tinybook", root)
        shutil.copytree(ROOT / "_ext", root / "_ext", ignore=shutil.ignore_patterns("__pycache__"))
        cmd = [str(BIN / "jupyter-book"), "build", str(root), "-W", "-n", "--keep-going"]
        procs[edition] = (root, subprocess.Popen(
            cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONWARNINGS": "", "BBB_EDITION": edition}))
    results = {}
    for edition, (root, proc) in procs.items():
        log = proc.communicate()[0]
        results[edition] = Build(root, proc.returncode, log)
    return results


def warnings_in(log: str) -> list[str]:
    """The Sphinx warning lines of a build log (ANSI colours stripped)."""
    import re

    plain = re.sub(r"\x1b\[[0-9;]*m", "", log)
    return [line for line in plain.splitlines() if "WARNING" in line and "Kernel is running" not in line]


# --- running a chapter's code in the test process -------------------------------------------


MODEL_TAG = "model"
CELLS = ("model", "all")


def model_cell(cell) -> bool:
    """A code cell that defines a chapter's model: functions, and the parameters they need."""
    return cell.cell_type == "code" and MODEL_TAG in cell.metadata.get("tags", [])


@lru_cache(maxsize=None)
def _chapter_namespace(name: str, cells: str) -> dict:
    import jupytext
    import matplotlib

    matplotlib.use("Agg")
    path = ROOT / "chapters" / f"{name}.md"
    nb = jupytext.read(path)
    here = os.getcwd()
    os.chdir(path.parent)  # as in the build: a page's code runs in its own folder
    try:
        return _run_cells(path, nb, cells)
    finally:
        os.chdir(here)


def _run_cells(path: Path, nb, cells: str) -> dict:
    import matplotlib.pyplot as plt
    from IPython.core.interactiveshell import InteractiveShell

    name = path.stem
    if cells == "model" and not any(model_cell(cell) for cell in nb.cells):
        raise RuntimeError(f"{path.relative_to(ROOT)} has no code cell tagged {MODEL_TAG!r}")
    # A new shell, with a namespace of its own, for each chapter: the functions of a chapter loaded
    # earlier keep their globals (resetting a shared shell would empty them).
    InteractiveShell.clear_instance()
    shell = InteractiveShell.instance(user_ns={"__name__": f"chapter_{name.replace('-', '_')}"})
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cells == "model" and not model_cell(cell):
            continue
        if "raises-exception" in cell.metadata.get("tags", []):
            continue
        result = shell.run_cell(cell.source, silent=True, store_history=False)
        if not result.success:
            raise RuntimeError(
                f"{path.relative_to(ROOT)}: code cell {index} failed when run by the tests "
                f"({cells} cells): {result.error_before_exec or result.error_in_exec!r}"
            )
        if cells == "model" and plt.get_fignums():
            raise RuntimeError(f"{path.relative_to(ROOT)}: code cell {index} is tagged {MODEL_TAG!r} "
                               "but draws a figure; figures belong in cells of their own")
        plt.close("all")
    return shell.user_ns


class Namespace:
    """Attribute access to a chapter's names: `ch.extraction_fraction(...)`. The chapter's cells
    run on first use, not when a test module is imported: collecting the tests runs no chapter."""

    def __init__(self, name: str, cells: str):
        self._name, self._cells = name, cells

    @property
    def _ns(self) -> dict:
        """The chapter's whole namespace (for tests that look over every name it defines)."""
        return _chapter_namespace(self._name, self._cells)

    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        ns = _chapter_namespace(self._name, self._cells)
        try:
            return ns[attr]
        except KeyError:
            where = "model cells" if self._cells == "model" else "code cells"
            raise AttributeError(f"the {where} of chapters/{self._name}.md define no name {attr!r}") from None


def load_chapter(name: str, cells: str = "model") -> Namespace:
    """The names a chapter defines, its code cells run once per test session (on first use).

    cells="model" (the default, for model tests): only the cells tagged `model`, which define the
    models and their parameters; no figures, no worked examples, no Monte Carlo runs.
    cells="all": every code cell, in order, as the book runs them."""
    if cells not in CELLS:
        raise ValueError(f"cells must be one of {CELLS}, got {cells!r}")
    return Namespace(name, cells)


def chapter_figure(name: str, figure: str):
    """The matplotlib Figure that the cell named `figure` (its mystnb figure name, e.g.
    'fig-anatomy-crossing') of chapters/<name>.md draws, run after the chapter's model cells in a
    fresh namespace: a test can check what a figure shows without reading the cell's variables."""
    import jupytext
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from IPython.core.interactiveshell import InteractiveShell

    path = ROOT / "chapters" / f"{name}.md"
    nb = jupytext.read(path)
    cells = [c for c in nb.cells if c.cell_type == "code"
             and c.metadata.get("mystnb", {}).get("figure", {}).get("name") == figure]
    if len(cells) != 1:
        raise LookupError(f"chapters/{name}.md has {len(cells)} code cells for figure {figure!r}")
    here = os.getcwd()
    os.chdir(path.parent)
    try:
        InteractiveShell.clear_instance()
        shell = InteractiveShell.instance(user_ns={"__name__": f"figure_{name.replace('-', '_')}"})
        plt.close("all")
        for cell in [c for c in nb.cells if model_cell(c)] + cells:
            result = shell.run_cell(cell.source, silent=True, store_history=False)
            if not result.success:
                raise RuntimeError(f"chapters/{name}.md, figure {figure!r}: "
                                   f"{result.error_before_exec or result.error_in_exec!r}")
        fig = plt.gcf()
        plt.close("all")
        return fig
    finally:
        os.chdir(here)


# --- the pages of the book -------------------------------------------------------------------


def toc() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "_toc.yml").read_text())


def toc_files() -> list[str]:
    """Every document named in _toc.yml, as a path relative to the root without suffix."""
    data = toc()
    files = [data["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            walk(entry.get("sections"))

    for part in data.get("parts", []):
        walk(part.get("chapters"))
    walk(data.get("chapters"))
    return files


def chapter_names() -> list[str]:
    """The teaching chapters (the numbered "Chapters" part), in reading order, e.g. 'anatomy'."""
    for part in toc().get("parts", []):
        if part.get("caption") == "Chapters":
            return [Path(entry["file"]).name for entry in part["chapters"]]
    return []


def page_source(doc: str) -> Path:
    """The source file of a document named in _toc.yml."""
    for suffix in (".md", ".ipynb"):
        path = ROOT / f"{doc}{suffix}"
        if path.exists():
            return path
    raise FileNotFoundError(doc)


def reader():
    """The book's MyST reader, _ext/bbb_myst.py (myst-parser's tokens), as the build uses it."""
    if str(ROOT / "_ext") not in sys.path:
        sys.path.append(str(ROOT / "_ext"))
    import bbb_myst

    return bbb_myst


def is_notebook(path: Path) -> bool:
    """A MyST Markdown notebook: a .md file whose front matter has a jupytext/kernelspec block."""
    return reader().read_chapter(path).is_notebook()


def where(path: Path, text: str, needle: str) -> str:
    """'file:line' of the first occurrence of `needle` in `text` (the file's contents)."""
    index = text.find(needle)
    line = text.count("\n", 0, index) + 1 if index >= 0 else 1
    return f"{path.relative_to(ROOT)}:{line}"


def prose_lines(path: Path) -> list[str]:
    """The lines of a page with code blanked out (line numbers kept): code cells and fenced code blocks
    (wherever the MyST reader finds them, inside directives too), and inline ``double-backtick``
    code, where examples of roles and quotes may appear. Directives such as {math} are kept, since
    their contents are part of the page."""
    import re

    text = path.read_text()
    code = reader().code_lines(text)
    return ["" if n in code else re.sub(r"``.+?``", "", line) for n, line in enumerate(text.splitlines())]
