"""The autograded assignments (`make assignments`, _ext/bbb_assign.py) grade as they should.

For every numbered chapter, from the book built by the `book` fixture: otter's master notebook is
written and `otter assign` makes the student and autograder notebooks and the autograder zip. Then,
with `otter run` (locally, as Gradescope would): the autograder notebook (the solutions) gets full
marks; the student notebook as handed out gets 0; the solutions with one plausible mistake (a unit
slip or a sign error) lose exactly that question's points. The student notebook and its tests/
folder hold no solution and no hidden test.

Each chapter is an xdist group of its own (three otter runs of a whole chapter take 20-60 s), so
the chapters run side by side on the workers.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from bookutils import BIN, ROOT, chapter_names
from conftest import once

import bbb_assign

# One plausible wrong answer per chapter: the name it changes, and the line that changes it (run
# after the solution, in that name's answer cell).
WRONG = {
    "interview": "absolute_hercules = absolute_hercules * 100  # percentage points, not a fraction",
    "anatomy": "t_half = t_half * 1000  # milliseconds, not seconds",
    "transport": "t_half_min = t_half_min * 60  # seconds, not minutes",
    "immune-cells": "f_leaky = f_leaky * 100  # a percentage, not a fraction",
    "imaging": "ktrans_high = ktrans_high * 60  # per second read as per minute",
    "drugs": "kpuu_csf = kpuu_csf * 100  # a percentage, not a ratio",
    "progression": "share_placebo = -share_placebo  # a sign error",
}
CHAPTERS = bbb_assign.CHAPTERS


def by_chapter(test):
    """Parametrize over the chapters, each chapter in an xdist group of its own."""
    return pytest.mark.parametrize("chapter", [
        pytest.param(c, marks=pytest.mark.xdist_group(f"test_assignments.py::{c}")) for c in CHAPTERS])(test)


def test_every_numbered_chapter_is_an_assignment():
    assert sorted(chapter_names()) == sorted(CHAPTERS) == sorted(WRONG)
    for name in CHAPTERS:
        assert len(bbb_assign.graded_exercises((ROOT / "chapters" / f"{name}.md").read_text())) >= 1, name


TINY = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# Tiny

::::{exercise}
:label: ex-tiny-a
:class: objective-1 graded

Store the answer, in seconds, in `t_s`.
::::

:::{solution-start} ex-tiny-a
:class: dropdown
:::

```{code-cell} ipython3
t_s = 60.0
```

```{code-cell} ipython3
:tags: [otter-test, remove-cell]
assert 1 < t_s < 100
```

```{code-cell} ipython3
:tags: [otter-test-hidden, remove-cell]
# points: 2
assert t_s == 60.0
```

:::{solution-end}
:::

::::{exercise}
:label: ex-tiny-b
:class: objective-1

Say why.
::::
"""


def test_notebooks_leave_out_the_tests_and_mark_exercises_and_solutions(tmp_path):
    """The contract between bbb_notebooks and bbb_assign: test cells are in neither notebook, and the
    cells of exercises and solutions say which (metadata "bbb")."""
    import bbb_notebooks

    source = tmp_path / "tiny.md"
    source.write_text(TINY)
    ctx = bbb_notebooks.Context(numbers={"ex-tiny-a": "9.1", "ex-tiny-b": "9.2"})
    for solutions in (True, False):
        nb = bbb_notebooks.chapter_notebook(source, ctx, solutions=solutions, header="h")
        assert "assert" not in "\n".join(c.source for c in nb.cells)
        marks = [c.metadata.get("bbb") for c in nb.cells if c.metadata.get("bbb")]
        assert {"exercise": "ex-tiny-a"} in marks
        assert ({"solution": "ex-tiny-a"} in marks) == solutions
    questions = bbb_assign.read_questions(source, ctx.numbers)
    assert [(q.name, q.answer_names, q.points) for q in questions] == [("q9_1", ["t_s"], 3)]
    assert [(t.hidden, t.points) for t in questions[0].tests] == [(False, 1), (True, 2)]
    master, _ = bbb_assign.master_notebook(source, ctx, header="h")
    raw = [c.source.splitlines()[0] for c in master.cells if c.cell_type == "raw"]
    assert raw == ["# ASSIGNMENT CONFIG", "# BEGIN QUESTION", "# BEGIN SOLUTION", "# END SOLUTION",
                   "# BEGIN TESTS", "# END TESTS", "# END QUESTION"]


def test_a_test_cell_outside_a_graded_exercise_is_an_error(tmp_path):
    source = tmp_path / "tiny.md"
    source.write_text(TINY.replace(":class: objective-1 graded", ":class: objective-1"))
    with pytest.raises(ValueError, match="not marked `graded`"):
        bbb_assign.read_questions(source, {})


@pytest.fixture
def assignment(chapter, book, tmp_path_factory) -> dict:
    """The chapter's assignment, made once per test run from the built book: its folder and questions."""

    def make(folder: Path) -> dict:
        questions = bbb_assign.build(book.root, folder, [chapter],
                                     requirements=ROOT / "binder" / "requirements.txt")[chapter]
        return {"folder": str(folder / chapter),
                "questions": [{"name": q.name, "answer": q.answer, "names": q.answer_names,
                               "tests": [{"source": t.source, "hidden": t.hidden, "points": t.points}
                                         for t in q.tests]} for q in questions]}

    return once(tmp_path_factory, f"assignment-{chapter}", make)


def otter_run(zip_path: Path, notebook: Path, out: Path) -> subprocess.Popen:
    out.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen([str(BIN / "otter"), "run", "-a", str(zip_path), str(notebook), "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=out)
    proc.bbb_args = (zip_path, notebook, out)
    return proc


# A kernel that dies before it answers is the machine, not the answer key: jupyter_client picks free
# ports and releases them before the kernel binds them, so kernels started at the same moment (the
# runs here go side by side) can collide (jupyter/jupyter_client#276). Such a run is repeated once.
KERNEL_DIED = "Kernel died before replying to kernel_info"


def scores(out: Path, proc: subprocess.Popen) -> dict[str, tuple[float, float]]:
    log = proc.communicate()[0]
    if proc.returncode != 0 and KERNEL_DIED in log:
        proc = otter_run(*proc.bbb_args)
        log = proc.communicate()[0]
    assert proc.returncode == 0, log[-3000:]
    results = json.loads((out / "results.json").read_text())
    return {t["name"]: (t["score"], t["max_score"]) for t in results["tests"] if "max_score" in t}


def answer_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("# Exercise ")]


@by_chapter
def test_graded_questions_have_points_public_and_hidden_tests(chapter, assignment):
    questions = assignment["questions"]
    assert len(questions) >= 3, f"{chapter}: {len(questions)} graded questions, want at least 3"
    for q in questions:
        assert any(not t["hidden"] for t in q["tests"]), f"{q['name']}: no public test"
        assert any(t["hidden"] for t in q["tests"]), f"{q['name']}: no hidden test"
        assert all(t["points"] > 0 for t in q["tests"]) and q["names"], q
    folder = Path(assignment["folder"])
    assert (folder / "student" / f"{chapter}.ipynb").exists()
    assert (folder / "autograder" / f"{chapter}.ipynb").exists()
    assert (folder / "autograder" / f"{chapter}-autograder.zip").exists()
    assert sorted(p.stem for p in (folder / "student" / "tests").glob("*.py")) == sorted(q["name"] for q in questions)


@by_chapter
def test_student_notebook_holds_no_solution_and_no_hidden_test(chapter, assignment):
    folder = Path(assignment["folder"])
    student = nbformat.read(folder / "student" / f"{chapter}.ipynb", as_version=4)
    text = "\n".join(c.source for c in student.cells)
    text += "\n".join(p.read_text() for p in (folder / "student" / "tests").glob("*.py"))
    assert "SOLUTION" not in text and "Solution to Exercise" not in text
    assert "'hidden': True" not in text
    for q in assignment["questions"]:
        # The lines of the solution that compute an answer (the rest may be the chapter's own code).
        for node in ast.walk(ast.parse(q["answer"])):
            if isinstance(node, ast.Assign) and any(
                    isinstance(n, ast.Name) and n.id in q["names"] for t in node.targets for n in ast.walk(t)):
                code = ast.get_source_segment(q["answer"], node)
                assert code not in text, f"{q['name']}: the solution line {code!r} is in the student notebook"
        for test in q["tests"]:
            if test["hidden"]:
                for line in test["source"].splitlines():
                    assert line.strip() not in text, f"{q['name']}: the hidden test {line!r} is given away"
    # The student fills in exactly the names the tests read, one answer cell per question.
    cells = answer_cells(student)
    assert len(cells) == len(assignment["questions"])
    for cell, q in zip(cells, assignment["questions"]):
        assert [ln.split("=")[0].strip() for ln in cell.source.splitlines()[1:]] == q["names"]
        assert all(ln.rstrip().endswith("= ...") for ln in cell.source.splitlines()[1:]), cell.source
    # Students check their work: one grader.check per question, and otter's init cell.
    checks = [c for c in student.cells if c.cell_type == "code" and c.source.startswith("grader.check(")]
    assert len(checks) == len(assignment["questions"])
    assert 'otter.Notebook("' + chapter + '.ipynb")' in text


@by_chapter
def test_otter_gives_full_marks_to_the_solutions_none_to_the_blank_notebook_and_catches_a_slip(
        chapter, assignment, tmp_path):
    folder = Path(assignment["folder"])
    zip_path = folder / "autograder" / f"{chapter}-autograder.zip"
    autograder = nbformat.read(folder / "autograder" / f"{chapter}.ipynb", as_version=4)
    student = nbformat.read(folder / "student" / f"{chapter}.ipynb", as_version=4)

    # The student notebook with the solutions filled in and one plausible mistake.
    wrong_line = WRONG[chapter]
    wrong_name = wrong_line.split("=")[0].strip()
    wrong_question = None
    solutions = answer_cells(autograder)
    assert len(solutions) == len(answer_cells(student))
    for cell, solution in zip(answer_cells(student), solutions):
        cell.source = solution.source
        if re.search(rf"^{wrong_name} = ", solution.source, re.M):
            cell.source += "\n" + wrong_line
            wrong_question = next(q["name"] for q in assignment["questions"] if wrong_name in q["names"])
    assert wrong_question, f"no answer cell assigns {wrong_name}"
    (tmp_path / "wrong").mkdir()
    nbformat.write(student, tmp_path / "wrong" / f"{chapter}.ipynb")

    runs = {"solutions": (folder / "autograder" / f"{chapter}.ipynb"),
            "blank": (folder / "student" / f"{chapter}.ipynb"),
            "wrong": (tmp_path / "wrong" / f"{chapter}.ipynb")}
    procs = {k: otter_run(zip_path, nb, tmp_path / f"out-{k}") for k, nb in runs.items()}
    results = {k: scores(tmp_path / f"out-{k}", proc) for k, proc in procs.items()}

    names = {q["name"] for q in assignment["questions"]}
    for kind, got in results.items():
        assert set(got) == names, (kind, got)
    assert all(score == top > 0 for score, top in results["solutions"].values()), results["solutions"]
    assert all(score == 0 for score, _ in results["blank"].values()), results["blank"]
    for name, (score, top) in results["wrong"].items():
        if name == wrong_question:
            assert score == 0, f"{wrong_line!r} kept {score} of {top} points of {name}"
        else:
            assert score == top, f"{name} lost points to a mistake in {wrong_question}: {score} of {top}"


def test_make_assignments_is_documented_and_wired():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^assignments: .*\$\(BIN\)/\.installed-tests", makefile, re.M)
    assert "make assignments" in makefile.split("\nhelp:")[1].split("\n\n")[0]
    guide = (ROOT / "chapters" / "instructor-guide.md").read_text()
    section = guide.split("## Grading with otter-grader")[1]
    for step in ("student/", "otter grade", "Gradescope", "autograder.zip"):
        assert step in section, step
    assert "## Grading with otter-grader" in guide.split("## Handing out the material")[1]
    assert "Assignments (otter-grader)" in (ROOT / "README.md").read_text()
    assert "Graded questions" in (ROOT / "chapters" / "authoring.md").read_text()
