"""One source per convention in the chapters' code (issue 20, part 5).

- The figure-style cell: one text, `chapters/_figure_style.py`, copied byte for byte as the first code
  cell of every chapter and shown in the authoring guide (copied, not imported, so that a downloaded
  notebook runs alone).
- One name per shared constant.
- One input-checking pattern: every model refuses NaN, by the argument's name.
"""

import re

import jupytext
import numpy as np
import pytest
from bookutils import ROOT, chapter_names, load_chapter

STYLE_FILE = ROOT / "chapters" / "_figure_style.py"
STYLE = STYLE_FILE.read_text().rstrip("\n")
CHAPTERS = chapter_names()


def code_cells(name):
    return [c for c in jupytext.read(ROOT / "chapters" / f"{name}.md").cells if c.cell_type == "code"]


def test_the_seven_chapters_are_checked():
    assert len(CHAPTERS) == 7


@pytest.mark.parametrize("name", CHAPTERS)
def test_first_code_cell_is_the_shared_figure_style(name):
    first = code_cells(name)[0]
    assert first.source.rstrip("\n") == STYLE, (
        f"chapters/{name}.md: the first code cell must be chapters/_figure_style.py, byte for byte; "
        "put settings of the chapter's own in a second cell")
    assert "hide-input" in first.metadata.get("tags", []), f"chapters/{name}.md: style cell not hidden"


@pytest.mark.parametrize("name", CHAPTERS)
def test_style_is_not_redefined_later(name):
    for cell in code_cells(name)[1:]:
        for needle in ("OKABE_ITO =", "plt.rcParams", "rcParams[", "figure_formats", "plt.style.use"):
            assert needle not in cell.source, f"chapters/{name}.md: {needle!r} outside the style cell"


def test_authoring_guide_shows_the_shared_style():
    text = (ROOT / "chapters" / "authoring.md").read_text()
    blocks = re.findall(r"```\{code-cell\} ipython3\n:tags: \[hide-input\]\n\n(.*?)\n```", text, re.S)
    assert blocks and blocks[0] == STYLE, "chapters/authoring.md: the set-up cell differs from chapters/_figure_style.py"


def test_style_file_is_not_a_page_of_the_book():
    # Jupyter Book builds only the files in _toc.yml (only_build_toc_files), and no .py as a page.
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config.get("only_build_toc_files") is True
    assert "_figure_style" not in (ROOT / "_toc.yml").read_text()
