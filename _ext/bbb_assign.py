"""Autograded assignments (otter-grader) made from the chapters' own graded exercises.

`make assignments` runs this module (after `make book`, whose Sphinx environment holds the numbers of
exercises, figures and equations). For every chapter with graded exercises it writes otter's master
notebook, `_build/assignments/<chapter>/master/<chapter>.ipynb`, and runs `otter assign` on it, which
writes `student/<chapter>.ipynb` (with the tests the student may run, in `student/tests/`) and
`autograder/<chapter>.ipynb` (with the solutions) and the autograder zip beside it.

Where the questions come from (the one place to edit them is the chapter, see chapters/authoring.md):
- a graded exercise is an `{exercise}` whose `:class:` line includes `graded`; its solution is gated
  (solution-start ... solution-end) and holds the answer code cells;
- an answer cell is a solution code cell directly followed by code cells tagged `otter-test`
  (public: the student runs them with `grader.check`) or `otter-test-hidden` (run only when
  grading), also tagged `remove-cell`. A test cell may start with `# points: 2` (default 1). The build
  runs the tests against the solution, so a wrong test fails `make book`;
- each answer cell is one question, named after the exercise's number: `q3_2`, or `q3_2a`, `q3_2b`
  when an exercise has several answer cells. The answer names are those the answer cell assigns and
  its tests read; the student's cell asks for them (`nnt = ...`), the rest of the cell is the solution.

The notebook itself is the student notebook of the book (bbb_notebooks.chapter_notebook, numbers and
citations rewritten), so no solution is in it, with each question put in after its exercise. The
numbers come from the Sphinx environment that the build saves (_build/.doctrees/environment.pickle),
read by bbb_editions.book_context as during the build: hence `make assignments` runs `make book` first.
"""

from __future__ import annotations

import argparse
import ast
import pickle
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import jupytext
import nbformat

import bbb_myst
import bbb_notebooks

GRADED_CLASS = "graded"
PUBLIC_TAG, HIDDEN_TAG = "otter-test", "otter-test-hidden"
POINTS_LINE = re.compile(r"^#\s*points:\s*(?P<points>\d+(?:\.\d+)?)\s*$")
CHAPTERS = ["interview", "anatomy", "transport", "immune-cells", "imaging", "drugs", "progression"]


@dataclass
class Test:
    source: str
    hidden: bool
    points: float = 1


@dataclass
class Question:
    exercise: str                     # the exercise's label
    answer: str                       # the answer cell's source (the solution)
    tests: list[Test] = field(default_factory=list)
    name: str = ""

    @property
    def answer_names(self) -> list[str]:
        """The names the answer cell assigns and its tests read."""
        stored = sorted((n.lineno, n.col_offset, n.id) for n in ast.walk(ast.parse(self.answer))
                        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
        assigned = list(dict.fromkeys(name for _, _, name in stored))  # in the order of the source
        read = {n.id for t in self.tests for n in ast.walk(ast.parse(t.source)) if isinstance(n, ast.Name)}
        return [name for name in assigned if name in read]

    @property
    def points(self) -> float:
        return sum(t.points for t in self.tests)


def graded_exercises(text: str) -> list[str]:
    """Labels of the exercises whose classes include `graded`, in order (read by the book's one
    MyST reader, bbb_myst)."""
    return [e.label for e in bbb_myst.Chapter(Path("<text>"), text).exercises() if GRADED_CLASS in e.classes]


def read_questions(source: Path, numbers: dict[str, str]) -> list[Question]:
    """The graded questions of a chapter: each answer cell with the test cells that follow it."""
    graded = graded_exercises(source.read_text())
    questions: list[Question] = []
    gated, previous = "", None
    for cell in jupytext.read(source).cells:
        if cell.cell_type == "markdown":
            for marker in bbb_myst.directives(bbb_myst.parse(cell.source)):
                # the gated solution (if any) that is open at the cell's end
                if marker.name == "solution-start":
                    gated = marker.argument
                elif marker.name == "solution-end":
                    gated = ""
            previous = None
            continue
        if cell.cell_type != "code":
            continue
        tags = cell.metadata.get("tags", [])
        if PUBLIC_TAG in tags or HIDDEN_TAG in tags:
            if previous is None:
                raise ValueError(f"{source.name}: a test cell follows no answer cell:\n{cell.source}")
            if gated not in graded:
                raise ValueError(f"{source.name}: a test cell in the solution of {gated!r}, "
                                 f"which is not marked `{GRADED_CLASS}`")
            if "remove-cell" not in tags:
                raise ValueError(f"{source.name}: test cells must be tagged remove-cell:\n{cell.source}")
            lines = cell.source.splitlines()
            points = POINTS_LINE.match(lines[0]) if lines else None
            if points:
                lines = lines[1:]
            test = Test("\n".join(lines).strip(), hidden=HIDDEN_TAG in tags,
                        points=float(points["points"]) if points else 1)
            if not questions or questions[-1].answer is not previous.source:
                questions.append(Question(gated, previous.source))
            questions[-1].tests.append(test)
        else:
            previous = cell
    for label in graded:
        mine = [q for q in questions if q.exercise == label]
        if not mine:
            raise ValueError(f"{source.name}: graded exercise {label!r} has no answer cell with tests")
        number = numbers.get(label, label).replace(".", "_")
        for i, question in enumerate(mine):
            question.name = f"q{number}" + (chr(ord("a") + i) if len(mine) > 1 else "")
            if not question.answer_names:
                raise ValueError(f"{source.name}: the tests of {question.name} read no name the answer assigns")
    return questions


def answer_cell(question: Question) -> str:
    """The answer cell of the master notebook: the solution, which otter replaces by the prompt."""
    prompts = "\n".join(f"{name} = {name}  # SOLUTION" for name in question.answer_names)
    return (f"# Exercise {question.name[1:].replace('_', '.')}: store your answer in "
            + ", ".join(f"`{n}`" for n in question.answer_names) + "\n"
            + "# BEGIN SOLUTION NO PROMPT\n" + question.answer.rstrip() + "\n# END SOLUTION\n" + prompts)


def test_cell(test: Test) -> str:
    config = f'""" # BEGIN TEST CONFIG\npoints: {test.points:g}\nhidden: {str(test.hidden).lower()}\n""" # END TEST CONFIG'
    return config + "\n" + test.source


def assignment_config(name: str) -> str:
    return "\n".join([
        "# ASSIGNMENT CONFIG",
        f"name: {name}",
        "runs_on: default",      # 'local' would look for the autograder zip before it exists
        "requirements: requirements.txt",
        "generate: true",        # writes the autograder zip (Gradescope's format; `otter grade` reads it too)
        "tests:",
        "  files: true",         # tests/ beside the student notebook: grader.check works on Binder and Colab
        "export_cell:",
        "  pdf: false",
        "  instructions: Run this cell to make the zip file you hand in.",
        "check_all_cell: true",
        "init_cell: true",
        "solutions_pdf: false",
    ])


def master_notebook(source: Path, ctx: bbb_notebooks.Context, *, header: str,
                    substitutions: dict | None = None) -> tuple[nbformat.NotebookNode, list[Question]]:
    """otter's master notebook for one chapter: the student notebook, each question after its exercise."""
    questions = read_questions(source, ctx.numbers)
    nb = bbb_notebooks.chapter_notebook(source, ctx, solutions=False, header=header,
                                        substitutions=substitutions)
    cells = [nbformat.v4.new_raw_cell(assignment_config(source.stem))]
    placed = set()
    for cell in nb.cells:
        cells.append(cell)
        label = cell.get("metadata", {}).get("bbb", {}).get("exercise")
        for question in (q for q in questions if q.exercise == label):
            cells.append(nbformat.v4.new_raw_cell(
                f"# BEGIN QUESTION\nname: {question.name}"))
            cells.append(nbformat.v4.new_raw_cell("# BEGIN SOLUTION"))
            cells.append(nbformat.v4.new_code_cell(answer_cell(question)))
            cells.append(nbformat.v4.new_raw_cell("# END SOLUTION"))
            cells.append(nbformat.v4.new_raw_cell("# BEGIN TESTS"))
            cells.extend(nbformat.v4.new_code_cell(test_cell(t)) for t in question.tests)
            cells.append(nbformat.v4.new_raw_cell("# END TESTS"))
            cells.append(nbformat.v4.new_raw_cell("# END QUESTION"))
            placed.add(question.name)
    missing = [q.name for q in questions if q.name not in placed]
    if missing:
        raise ValueError(f"{source.name}: no exercise cell found for {missing}")
    nb.cells = cells
    return nb, questions


def context_from_build(root: Path) -> tuple[bbb_notebooks.Context, str]:
    """The book's Context (numbers, titles, sources) and title, from the environment `make book` saved."""
    import bbb_editions

    pickled = root / "_build" / ".doctrees" / "environment.pickle"
    if not pickled.exists():
        raise FileNotFoundError(f"{pickled} not found: run `make book` first")
    with pickled.open("rb") as f:
        env = pickle.load(f)
    app = SimpleNamespace(env=env, srcdir=str(root), config=env.config)
    return bbb_editions.book_context(app), env.config.html_title


def build(root: Path, out: Path, chapters: list[str] = CHAPTERS, *,
          requirements: Path | None = None) -> dict[str, list[Question]]:
    """Write the master notebook of each chapter and run `otter assign` on it; return the questions.

    requirements: what the grading environment installs (Gradescope); default ROOT/binder/requirements.txt.
    """
    import bbb_times

    ctx, book = context_from_build(root)
    written = {}
    for name in chapters:
        source = root / "chapters" / f"{name}.md"
        header = (f"*An assignment made from the chapter «{ctx.titles.get(name, name)}» of {book}. "
                  "Answer in the cells that ask for a value (`... `), run `grader.check(\"q…\")` below "
                  "each to test your answer, and run the cells from the top. Text CC BY 4.0, code MIT.*")
        nb, questions = master_notebook(source, ctx, header=header,
                                        substitutions={bbb_times.TOKEN: bbb_times.time_to_learn(source)})
        folder = out / name
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "master").mkdir(parents=True)
        nbformat.write(nb, folder / "master" / f"{name}.ipynb")
        shutil.copy(requirements or root / "binder" / "requirements.txt", folder / "master" / "requirements.txt")
        proc = subprocess.run([str(Path(sys.executable).parent / "otter"), "assign", "--no-run-tests",
                               f"master/{name}.ipynb", "."], cwd=folder, capture_output=True, text=True)
        if proc.returncode:
            raise RuntimeError(f"otter assign failed for {name}:\n{proc.stdout}\n{proc.stderr}")
        # otter names the zip with the time it was made; a fixed name is easier to find and script.
        zips = sorted((folder / "autograder").glob(f"{name}-autograder_*.zip"))
        if len(zips) != 1:
            raise RuntimeError(f"otter assign wrote {len(zips)} autograder zips for {name}")
        zips[0].rename(folder / "autograder" / f"{name}-autograder.zip")
        written[name] = questions
        print(f"{name}: {len(questions)} questions, {sum(q.points for q in questions):g} points "
              f"-> {folder.relative_to(root) if folder.is_relative_to(root) else folder}")
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--out", type=Path, default=None, help="default: ROOT/_build/assignments")
    parser.add_argument("chapters", nargs="*", default=CHAPTERS)
    args = parser.parse_args(argv)
    build(args.root.resolve(), (args.out or args.root / "_build" / "assignments").resolve(), args.chapters)


if __name__ == "__main__":
    main()
