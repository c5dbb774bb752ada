"""Math as MathML, written into the pages when the book is built.

Browsers render MathML themselves (MathML Core), and screen readers read it, so the pages need no
MathJax: no megabyte of JavaScript to download and run before the equations appear, which on a phone
was most of a chapter page's loading time. latex2mathml converts each formula; Sphinx's own hook for
math renderers (as sphinx.ext.mathjax and sphinx.ext.imgmath use) puts the result in the page, with
equation numbers and their links as MathJax pages have them. The PDF still typesets the TeX, and the
downloaded notebooks keep it for Jupyter to render.

Typesetting in the browser: the site ships a math font with an OpenType MATH table (STIX Two Math,
cut down: static/fonts/, made by make_math_font.py), which browsers need to stretch fences, braces
and radicals, and static/bbb.css applies the column alignment that latex2mathml writes as
`columnalign` on each table cell (Chromium reads no `columnalign`; CSS it does read).
"""

from __future__ import annotations

import re

import latex2mathml.converter
from docutils import nodes
from sphinx.locale import _
from sphinx.util.math import get_node_equation_number


# latex2mathml knows align and align* (right- and left-aligned columns in pairs, no space inside a
# pair) but not amsmath's aligned, which sets the same rows inside a formula: convert it as align*.
# align numbers its rows itself; Sphinx numbers the equation, so it becomes align* too.
ALIGNED = re.compile(r"\\(begin|end)\{(?:aligned|align\*?)\}")


# latex2mathml writes an upright single letter (\mathrm{p}) as the plain letter by character
# reference, <mi>&#x00070;</mi>, and browsers draw an <mi> of one letter in italic: say "normal".
UPRIGHT_LETTER = re.compile(r"<mi>&#x0*(4[1-9A-F]|5[0-9A]|6[1-9A-F]|7[0-9A]);</mi>")


def to_mathml(tex: str, *, block: bool) -> str:
    tex = ALIGNED.sub(lambda m: "\\" + m[1] + "{align*}", tex.strip())
    mathml = latex2mathml.converter.convert(tex, display="block" if block else "inline")
    return UPRIGHT_LETTER.sub(lambda m: f'<mi mathvariant="normal">{chr(int(m[1], 16))}</mi>', mathml)


def visit_math(self, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate"))
    self.body.append(to_mathml(node.astext(), block=False))
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate"))
    if node.get("number") and not node.get("nowrap"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    tex = node.astext()
    parts = [part for part in tex.split("\n\n") if part.strip()]
    # Several equations, or lines broken with \\ outside any environment (a matrix, cases): set them
    # as rows aligned at &, as LaTeX's aligned does.
    outside_environments = re.sub(r"\\begin\{(\w+\*?)\}.*?\\end\{\1\}", "", tex, flags=re.S)
    if not node.get("nowrap") and (len(parts) > 1 or r"\\" in outside_environments):
        tex = r"\begin{aligned}" + r" \\ ".join(parts) + r"\end{aligned}"
    self.body.append(to_mathml(tex, block=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
