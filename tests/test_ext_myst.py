"""_ext/bbb_myst.py: the book's one MyST reader, on the fixture chapter and on the forms that regular
expressions got wrong (options in another order, directives in directives, code inside directives)."""

import bbb_myst as myst
from bookutils import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "tinybook" / "chapter.md"

CLASS_FIRST = """\
---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {display_name: Python 3, language: python, name: python3}
---

# Order of options

:::{admonition} Overview
1. **Compute** one thing,
   over two lines.
2. **Explain** another.
:::

(sec-order)=
## Exercises

::::{exercise} With a title
:class: objective-2 extra
:label: ex-class-first

Say why $x > 0$, with {term}`a term` and {cite:p}`crone1963`.

```{code-block} python
:::{exercise}
:label: ex-not-real
:::
```
::::

:::{exercise}
---
label: ex-yaml
class: objective-1
---
Compute it.
:::

:::{solution} ex-class-first
Because.
:::

$$ y = 2 $$ (eq-dollar)

\\begin{align}
a &= b
\\end{align}
"""


def test_the_fixture_chapter():
    ch = myst.read_chapter(FIXTURE)
    assert ch.is_notebook() and ch.title == "A tiny chapter"
    assert [(e.label, e.title) for e in ch.exercises()] == [("ex-plain", ""), ("ex-gated", "")]
    assert ch.exercises()[0].text == "Say what is when ."  # math left out of the words
    assert ch.solutions() == ["ex-plain", "ex-gated"]
    assert [(r.name, r.target) for r in ch.roles()] == [
        ("cite:t", "crone1963"), ("eq", "eq-extraction"), ("numref", "fig-box")]
    assert ("display", "E = 1 - e^{-PS/F}\n", "eq-extraction") in ch.math()
    figure = ch.directives("figure")[0]
    assert (figure.argument, figure.label, figure.options["alt"]) == ("figures/box.svg", "fig-box", "A blue box.")
    assert [(level, text) for level, text, _ in ch.headings()] == [(1, "A tiny chapter"), (2, "Overview"), (2, "Self-check")]
    code = [c.source for c in ch.cells.cells if c.cell_type == "code"]
    assert code == ["print(6 * 7)", "import math\nprint(round(1 - math.exp(-1), 3))"]


def test_class_before_label_yaml_options_and_nesting(tmp_path):
    path = tmp_path / "order.md"
    path.write_text(CLASS_FIRST)
    ch = myst.read_chapter(path)
    exercises = ch.exercises()
    # The exercise shown as code inside the first one is code, not an exercise.
    assert [(e.label, e.classes, e.objectives, e.title) for e in exercises] == [
        ("ex-class-first", ["objective-2", "extra"], [2], "With a title"),
        ("ex-yaml", ["objective-1"], [1], "")]
    assert "Say why , with a term and crone1963" in exercises[0].text
    assert ch.objectives() == ["Compute one thing, over two lines.", "Explain another."]
    assert ch.solutions() == ["ex-class-first"]
    assert ch.targets() == ["sec-order"] and ch.headings()[-1] == (2, "Exercises", "sec-order")
    displays = [(tex.strip(), label) for kind, tex, label in ch.math() if kind == "display"]
    assert ("y = 2", "eq-dollar") in displays and any("a &= b" in tex for tex, _ in displays)
    assert {"ex-class-first", "ex-yaml", "eq-dollar", "sec-order"} <= set(ch.labels())
    assert "ex-not-real" not in ch.labels()


def test_code_lines_include_code_inside_directives():
    text = ":::{note}\nText.\n\n```python\nx = 1\n```\n:::\n\n```{code-cell} ipython3\ny = 2\n```\n"
    assert myst.code_lines(text) == {3, 4, 5, 8, 9, 10}


def test_summary_for_the_time_rule():
    summary = myst.chapter_summary(FIXTURE)
    assert summary["title"] == "A tiny chapter" and summary["checks"] == 1
    assert [label for label, _, _ in summary["exercises"]] == ["ex-plain", "ex-gated"]
    # Prose words: solutions (plain and gated), code and math are not prose.
    assert "sixty" not in summary["words"] and "nothing" not in summary["words"]
    assert "extraction" in summary["words"] and "print" not in summary["words"]
    assert [(d.kind, d.label) for d in summary["display"]] == [("equation", "eq-extraction"), ("figure", "fig-box")]
