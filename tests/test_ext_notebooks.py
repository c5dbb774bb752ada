"""_ext/bbb_notebooks.py: a chapter's MyST source as a plain notebook (the fixture chapter)."""

import re

import nbformat

import bbb_notebooks as bn
from bookutils import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "tinybook"
CTX = bn.Context(numbers={"eq-extraction": "1.1", "fig-box": "1.1", "ex-plain": "1.1", "ex-gated": "1.2"},
                 cite_text={"crone1963": ("Crone", "1963")},
                 references={"crone1963": "Crone (1963). The permeability of capillaries."})


def convert(solutions: bool, source=FIXTURE / "chapter.md", ctx=CTX):
    return bn.chapter_notebook(source, ctx, solutions=solutions, header="*Header*",
                               substitutions={"{{ time_to_learn }}": "About 10 minutes."})


def markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_roles_and_directives_become_plain_markdown():
    text = markdown(convert(solutions=True))
    # Citations as the pages write them (author_year style), references with their numbers.
    assert "measured by Crone [1963]" in text and "follows Eq. (1.1), drawn in Fig. 1.1." in text
    assert "E = 1 - e^{-PS/F} \\tag{1.1}" in text and "**Exercise 1.2**" in text and "<details><summary>" in text
    assert "About 10 minutes." in text
    assert not re.findall(r"\{[\w:-]+\}`|^:{3,}|^```\{", text, re.M), "MyST markup left over"


def test_the_figure_is_an_attachment_with_its_numbered_caption():
    (cell,) = [c for c in convert(solutions=False).cells if c.get("attachments")]
    assert "box.svg" in cell.attachments and "![A blue box.](attachment:box.svg)" in cell.source
    assert "**Figure 1.1.** A box, to be sized." in cell.source


def test_student_notebook_has_no_solution_and_no_gated_code():
    nb = convert(solutions=False)
    text = markdown(nb)
    assert "nothing can cross" not in text and "sixty three" not in text
    assert not any("math.exp" in c.source for c in nb.cells if c.cell_type == "code")
    assert [c.source for c in nb.cells if c.cell_type == "code"] == ["print(6 * 7)"]
    assert not any("solution" in c.metadata.get("bbb", {}) for c in nb.cells)


def test_solutions_notebook_keeps_them_and_lists_references():
    nb = convert(solutions=True)
    text = markdown(nb)
    assert "nothing can cross" in text and "sixty three" in text and "**Solution to Exercise 1.2**" in text
    assert any("math.exp" in c.source for c in nb.cells if c.cell_type == "code")
    assert nb.cells[-1].source.startswith("## References") and "Crone (1963)" in nb.cells[-1].source
    nbformat.validate(nb)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_exercise_and_solution_cells_carry_their_labels():
    """The contract with the assignments (otter-grader): cells made from an exercise carry
    metadata bbb = {"exercise": label}, solution cells {"solution": label}, code included."""
    nb = convert(solutions=True)
    tagged = [(c.cell_type, c.metadata.get("bbb")) for c in nb.cells if "bbb" in c.metadata]
    assert ("markdown", {"exercise": "ex-plain"}) in tagged and ("markdown", {"exercise": "ex-gated"}) in tagged
    assert ("markdown", {"solution": "ex-plain"}) in tagged and ("code", {"solution": "ex-gated"}) in tagged
    (exercise,) = [c for c in nb.cells if c.metadata.get("bbb") == {"exercise": "ex-plain"}]
    assert exercise.source.startswith("**Exercise 1.1**") and "Say what $E$ is" in exercise.source


def test_otter_test_cells_are_left_out_of_both_editions(tmp_path):
    source = tmp_path / "chapter.md"
    text = (FIXTURE / "chapter.md").read_text()
    source.write_text(text + "\n```{code-cell} ipython3\n:tags: [otter-test-q1]\nassert True\n```\n")
    for solutions in (True, False):
        assert not any("assert True" in c.source for c in convert(solutions, source).cells)


def test_what_only_a_solution_cites_is_listed_only_with_the_solutions(tmp_path):
    """A student's reference list holds what the student's notebook cites, not what its hidden
    solutions cite (gated between solution-start and -end, or in a solution directive)."""
    source = tmp_path / "chapter.md"
    text = (FIXTURE / "chapter.md").read_text()
    text = text.replace("comes out near sixty three percent here.",
                        "comes out near sixty three percent here {cite:p}`patlak1983`.")
    text = text.replace("cross the wall of the capillary at all.",
                        "cross the wall of the capillary at all {cite:p}`renkin1959`.")
    source.write_text(text)
    ctx = bn.Context(numbers=CTX.numbers, cite_text={**CTX.cite_text, "patlak1983": ("Patlak", "1983"),
                                                        "renkin1959": ("Renkin", "1959")},
                     references={**CTX.references, "patlak1983": "Patlak (1983). Graphical evaluation.",
                                 "renkin1959": "Renkin (1959). Transport of potassium-42."})
    student, full = (convert(solutions, source, ctx).cells[-1].source for solutions in (False, True))
    assert "Crone (1963)" in student and "Patlak" not in student and "Renkin" not in student
    assert "Crone (1963)" in full and "Patlak (1983)" in full and "Renkin (1959)" in full


def test_an_admonition_is_a_quoted_block_under_its_title(tmp_path):
    """A box on the page (here the Overview) is a quoted block in the notebook, its title on top: with
    the title alone in bold, a student read it as an empty heading."""
    source = tmp_path / "chapter.md"
    text = (FIXTURE / "chapter.md").read_text().replace("## Overview\n", (
        "## Overview\n\n:::{admonition} Before you start\n:class: overview\n\n**Learning objectives.** "
        "Compute $E$.\n\n| Concept | Importance |\n|---|---|\n| Logarithms | Necessary |\n:::\n"))
    source.write_text(text)
    (cell,) = [c for c in convert(False, source).cells if "Before you start" in c.source]
    lines = cell.source.split("\n")
    start = lines.index("> **Before you start**")
    assert lines[start + 1:start + 7] == [">", "> **Learning objectives.** Compute $E$.", ">",
                                          "> | Concept | Importance |", "> |---|---|", "> | Logarithms | Necessary |"]


def test_rows_without_an_environment_are_aligned_for_mathjax():
    assert bn.display_math("a &= b \\\\\nc &= d", "5.4") == (
        "$$\n\\begin{aligned}\na &= b \\\\\nc &= d\n\\end{aligned} \\tag{5.4}\n$$")
    assert bn.display_math("x = 1", None) == "$$\nx = 1\n$$"


def test_bibliography_in_unicode_as_on_the_pages(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(r"""@article{herve2008,
  author = {Herv\'e, F. and Bartholom\"aus, I. and St{\"u}ve, O. and others},
  title = {The `indicator diffusion' method},
  journal = {J}, year = {2008}, pages = {1390--1401}
}""")
    cite_text, references = bn.load_bibliography(bib)
    assert cite_text["herve2008"] == ("Hervé et al.", "2008")
    ref = references["herve2008"]
    assert "Hervé" in ref and "Bartholomäus" in ref and "Stüve" in ref and "1390–1401" in ref
    assert "\\" not in ref and "--" not in ref and "{" not in ref


def test_reference_lists_are_in_the_order_of_the_bibliography_page(tmp_path):
    """By family name, as the bibliography page (pybtex's plain style): sorted on the formatted text,
    the list ran by given names ("Amit Garg", "Behnam Noorani", "C. Crone", ...)."""
    bib = tmp_path / "refs.bib"
    bib.write_text("\n".join(f"@article{{{key},\n  author = {{{author}}},\n  title = {{T}},\n  journal = {{J}},\n"
                             f"  year = {{{year}}}\n}}" for key, author, year in [
                                 ("zeta2001", "Zeta, Amit", 2001), ("alpha2002", "Alpha, Zoran", 2002),
                                 ("mid1999", "Mid, C.", 1999)]))
    _, references = bn.load_bibliography(bib)
    assert list(references) == ["alpha2002", "mid1999", "zeta2001"]
    source = tmp_path / "chapter.md"
    source.write_text((FIXTURE / "chapter.md").read_text().replace(
        "{cite:t}`crone1963`", "{cite:t}`zeta2001`, {cite:t}`mid1999` and {cite:t}`alpha2002`"))
    ctx = bn.Context(numbers=CTX.numbers, references=references)
    listed = convert(False, source, ctx).cells[-1].source.split("\n")[2:]
    assert [line.split()[1] for line in listed] == ["Zoran", "C.", "Amit"], listed


def test_notebook_figures_are_png_and_the_pages_keep_svg():
    page = '# Set-up\n%config InlineBackend.figure_formats = ["svg", "png"]\nimport numpy as np'
    notebook = bn.notebook_code(page)
    assert '%config InlineBackend.figure_formats = ["retina"]' in notebook and '"svg"' not in notebook
    assert notebook.endswith("import numpy as np") and bn.notebook_code("print(1)") == "print(1)"


def test_section_references_and_other_pages():
    ctx = bn.Context(numbers={"fig-other": "2.1"}, sections={"sec-x": "1.2"}, docs={"fig-other": "other"},
                     titles={"other": "Another chapter", "sec-x": "A section"})
    renderer = bn.Renderer(FIXTURE / "chapter.md", ctx, solutions=True)
    import bbb_myst

    text = renderer.markdown(bbb_myst.parse("See {ref}`sec-x`, {numref}`fig-other` and ({eq}`eq-none`)."))
    assert text == "See Section 1.2, Fig. 2.1 of the chapter “Another chapter” and (eq-none)."


def test_author_year_for_a_work_without_author():
    from pybtex.database import Entry

    assert bn.author_year(Entry("misc", fields={"title": "{WHO} report", "year": "2020"})) == ("*WHO report*", "2020")
