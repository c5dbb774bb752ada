"""Each chapter runs on its own as a downloaded notebook, quickly, and gives the same outputs twice.

A chapter converted to .ipynb and run alone in an empty folder, in a fresh kernel, must finish
without error in under 10 s (no imports from the repository, no data files), and its text outputs
must equal those of the book build (determinism: seeded random numbers, no clock, no network).
"""

import time

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from bookutils import ROOT, chapter_names

TIME_LIMIT_S = 10.0


def text_outputs(nb) -> list:
    """The text a reader sees in each code cell's outputs (images left out)."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                found.append((index, out.name, out.text))
            elif out.output_type == "error":
                found.append((index, "error", f"{out.ename}: {out.evalue}"))
            elif "text/plain" in out.get("data", {}) and not any(k.startswith("image/") for k in out.data):
                found.append((index, "text", out.data["text/plain"]))
    return found


@pytest.mark.parametrize("name", chapter_names())
def test_chapter_runs_alone_quickly_and_deterministically(name, book, tmp_path):
    nb = jupytext.read(ROOT / "chapters" / f"{name}.md")
    nbformat.write(nb, tmp_path / f"{name}.ipynb")
    nb = nbformat.read(tmp_path / f"{name}.ipynb", as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=60, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    elapsed = time.perf_counter() - start
    assert elapsed < TIME_LIMIT_S, f"chapters/{name}.md took {elapsed:.1f} s alone, over {TIME_LIMIT_S} s"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{name}.ipynb"], \
        f"chapters/{name}.md wrote files next to itself"

    built = nbformat.read(book.root / "_build" / "jupyter_execute" / "chapters" / f"{name}.ipynb", as_version=4)
    alone, in_book = text_outputs(nb), text_outputs(built)
    for (i, kind, text), (j, kind_b, text_b) in zip(alone, in_book):
        assert (i, kind, text) == (j, kind_b, text_b), (
            f"chapters/{name}.md, code cell {i}: output differs between two runs:\n{text[:300]}\n---\n{text_b[:300]}")
    assert len(alone) == len(in_book), f"chapters/{name}.md: a different number of outputs in two runs"
