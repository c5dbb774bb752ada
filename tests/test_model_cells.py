"""The model cells of the chapters: the code cells tagged `model` define the models and their
parameters, and are all that the model tests run (bookutils.load_chapter). Whole chapters, figures
and Monte Carlo runs included, run in tests/test_notebooks.py and in the builds."""

import jupytext
import pytest

from bookutils import ROOT, chapter_names, load_chapter, model_cell

MODEL_CHAPTERS = ["anatomy", "transport", "immune-cells", "imaging", "drugs", "progression", "interview"]


def cells(name):
    return jupytext.read(ROOT / "chapters" / f"{name}.md").cells


def figure_cell(cell):
    return "plt.show(" in cell.source or "figure" in cell.metadata.get("mystnb", {})


def test_the_chapters_with_models_are_the_teaching_chapters():
    assert sorted(MODEL_CHAPTERS) == sorted(chapter_names())


@pytest.mark.parametrize("name", MODEL_CHAPTERS)
def test_every_function_a_chapter_defines_is_in_a_model_cell(name):
    # (a figure cell may define a helper that only draws: it is not a model)
    for index, cell in enumerate(cells(name)):
        if cell.cell_type == "code" and not model_cell(cell) and not figure_cell(cell):
            defines = [line for line in cell.source.splitlines() if line.startswith(("def ", "class "))]
            assert not defines, (f"chapters/{name}.md, code cell {index} defines {defines[0]!r} "
                                 "but is not tagged model (:tags: [model])")


@pytest.mark.parametrize("name", MODEL_CHAPTERS)
def test_model_cells_draw_no_figure(name):
    for index, cell in enumerate(cells(name)):
        if model_cell(cell):
            assert not figure_cell(cell), f"chapters/{name}.md, code cell {index}: a figure cell"


def test_load_chapter_runs_only_the_model_cells_unless_asked():
    models, everything = load_chapter("anatomy"), load_chapter("anatomy", cells="all")
    # a function and a sourced constant of model cells are there either way ...
    assert models.fraction_crossing is not None and models.P_BRAIN_CM_PER_S == everything.P_BRAIN_CM_PER_S
    # ... the variables of a figure cell only when every cell runs
    assert hasattr(everything, "points")
    with pytest.raises(AttributeError, match="model cells of chapters/anatomy.md define no name 'points'"):
        models.points
    with pytest.raises(ValueError, match="cells"):
        load_chapter("anatomy", cells="figures")
