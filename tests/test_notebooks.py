"""Each chapter runs on its own as a downloaded notebook and gives the same outputs twice.

The notebooks the site offers for download (with solutions, and the student version) are run alone
in an empty folder, in a fresh kernel, top to bottom with every cell tag removed (as "Run all" in
Colab or JupyterLab does): without error (no imports from the repository, no data
files), writing no files, and with the same text outputs as the book build (determinism: seeded
random numbers, no clock, no network). These are the tests where whole chapters run, figures and
Monte Carlo included; the model tests run only the cells tagged `model` (bookutils.load_chapter).

How long a chapter takes alone (budget: 10 s of kernel CPU time) is measured by tests/benchmark.py
(`make bench`), which fails when a chapter is over it: a time limit inside a test fails on a busy
or slow machine for reasons that are not the book's.
"""

import os
import shutil
import time

import nbformat
import pytest
from nbclient import NotebookClient

from bookutils import chapter_names

def text_outputs(nb) -> list:
    """The text a reader sees in the code cells' outputs, in order (images left out)."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                # A kernel may send one print in two stream messages (text, then its newline); the
                # book merges them (myst-nb's merge_streams), so merge them here too before comparing.
                if found and found[-1][0] == out.name and found[-1][2] is cell:
                    found[-1] = (out.name, found[-1][1] + out.text, cell)
                else:
                    found.append((out.name, out.text, cell))
            elif out.output_type == "error":
                found.append(("error", f"{out.ename}: {out.evalue}", cell))
            elif "text/plain" in out.get("data", {}) and not any(k.startswith("image/") for k in out.data):
                found.append(("text", out.data["text/plain"], cell))
    return [(kind, text) for kind, text, _ in found]


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a running process has used so far; None where /proc is missing."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_alone(notebook, folder):
    """Copy a notebook into an empty folder and run it there, cell by cell, in a fresh kernel;
    return (notebook, seconds). The seconds are the CPU time of the kernel, start-up included: what
    the chapter costs, whatever else the machine is doing (the suite runs in parallel, and other
    work may share the cores); wall-clock time where the kernel's CPU time cannot be read."""
    folder.mkdir()
    path = folder / notebook.name
    shutil.copy(notebook, path)
    nb = nbformat.read(path, as_version=4)
    # Run all, as Colab and JupyterLab do: they ignore cell tags, so no tag (raises-exception,
    # hide-input, ...) may be what lets a chapter run through.
    for cell in nb.cells:
        cell.metadata.pop("tags", None)
    start = time.perf_counter()
    client = NotebookClient(nb, timeout=60, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}})
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        process = getattr(client.km.provisioner, "process", None)
        cpu = cpu_seconds(process.pid) if process is not None else None
    elapsed = cpu if cpu is not None else time.perf_counter() - start
    assert sorted(p.name for p in folder.iterdir()) == [notebook.name], f"{notebook.name} wrote files"
    return nb, elapsed


@pytest.mark.parametrize("name", chapter_names())
def test_chapter_runs_alone_and_deterministically(name, book, tmp_path):
    downloads = book.html / "_downloads" / "notebooks"
    nb, _ = run_alone(downloads / f"{name}-solutions.ipynb", tmp_path / "full")

    built = nbformat.read(book.root / "_build" / "jupyter_execute" / "chapters" / f"{name}.ipynb", as_version=4)
    alone, in_book = text_outputs(nb), text_outputs(built)
    for n, (a, b) in enumerate(zip(alone, in_book)):
        assert a == b, f"chapters/{name}.md: text output {n} differs between two runs:\n{a[1][:300]}\n---\n{b[1][:300]}"
    assert len(alone) == len(in_book), f"chapters/{name}.md: a different number of outputs in two runs"

    # Figures as PNG in a notebook (JupyterLab shrinks a PNG to the window, not an SVG): _ext/bbb_notebooks.py.
    images = {mime for cell in nb.cells for out in cell.get("outputs", []) for mime in out.get("data", {})
              if mime.startswith("image/")}
    assert images == {"image/png"}, f"chapters/{name}.md: figures in the notebook as {sorted(images)}"

    shown = [text for kind, text in alone if kind == "stdout" and text.startswith("ValueError: ")]
    assert shown, (f"chapters/{name}.md: no cell shows a model's ValueError for nonphysical input "
                   "(catch it and print it: see the authoring guide)")

    run_alone(downloads / f"{name}.ipynb", tmp_path / "student")  # the student version runs too
