"""_ext/bbb_notebooks.py: a chapter's MyST source as a plain notebook (the fixture chapter)."""

import re

import nbformat

import bbb_notebooks as bn
from bookutils import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "tinybook"
CTX = bn.Context(numbers={"eq-extraction": "1.1", "fig-box": "1.1", "ex-plain": "1.1", "ex-gated": "1.2"},
                 cite_text={"crone1963": ("Crone", "1963")},
                 references={"crone1963": "Crone (1963). The permeability of capillaries."})


def convert(solutions: bool):
    return bn.chapter_notebook(FIXTURE / "chapter.md", CTX, solutions=solutions, header="*Header*",
                               substitutions={"{{ time_to_learn }}": "About 10 minutes."})


def markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_roles_and_directives_become_plain_markdown():
    text = markdown(convert(solutions=True))
    assert "Crone (1963)" in text and "(1.1)" in text and "Fig. 1.1" in text
    assert "$$ \\tag{1.1}" in text and "**Exercise 1.2**" in text and "<details><summary>" in text
    assert "About 10 minutes." in text
    assert not re.findall(r"\{[\w:-]+\}`|^:{3,}|^```\{", text, re.M), "MyST markup left over"


def test_the_figure_is_an_attachment():
    (cell,) = [c for c in convert(solutions=False).cells if c.get("attachments")]
    assert "box.svg" in cell.attachments and "![A blue box.](attachment:box.svg)" in cell.source


def test_student_notebook_has_no_solution_and_no_gated_code():
    nb = convert(solutions=False)
    text = markdown(nb)
    assert "nothing can cross" not in text and "sixty three" not in text
    assert not any("math.exp" in c.source for c in nb.cells if c.cell_type == "code")
    assert [c.source for c in nb.cells if c.cell_type == "code"] == ["print(6 * 7)"]


def test_solutions_notebook_keeps_them_and_lists_references():
    nb = convert(solutions=True)
    text = markdown(nb)
    assert "nothing can cross" in text and "sixty three" in text and "**Solution to Exercise 1.2**" in text
    assert any("math.exp" in c.source for c in nb.cells if c.cell_type == "code")
    assert nb.cells[-1].source.startswith("## References") and "Crone (1963)" in nb.cells[-1].source
    nbformat.validate(nb)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_author_year_for_a_work_without_author():
    from pybtex.database import Entry

    assert bn.author_year(Entry("misc", fields={"title": "{WHO} report", "year": "2020"})) == ("*WHO report*", "2020")
