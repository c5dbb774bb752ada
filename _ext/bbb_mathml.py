"""Math as MathML, written into the pages when the book is built.

Browsers render MathML themselves (MathML Core), and screen readers read it, so the pages need no
MathJax: no megabyte of JavaScript to download and run before the equations appear, which on a phone
was most of a chapter page's loading time. latex2mathml converts each formula; Sphinx's own hook for
math renderers (as sphinx.ext.mathjax and sphinx.ext.imgmath use) puts the result in the page, with
equation numbers and their links as MathJax pages have them. The PDF still typesets the TeX, and the
downloaded notebooks keep it for Jupyter to render.
"""

from __future__ import annotations

import re

import latex2mathml.converter
from docutils import nodes
from sphinx.locale import _
from sphinx.util.math import get_node_equation_number


def to_mathml(tex: str, *, block: bool) -> str:
    return latex2mathml.converter.convert(tex.strip(), display="block" if block else "inline")


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
    # as rows aligned at &, as LaTeX's aligned does (latex2mathml knows array, not aligned).
    outside_environments = re.sub(r"\\begin\{(\w+\*?)\}.*?\\end\{\1\}", "", tex, flags=re.S)
    if not node.get("nowrap") and (len(parts) > 1 or r"\\" in outside_environments):
        tex = r"\begin{array}{rl}" + r" \\ ".join(parts) + r"\end{array}"
    self.body.append(to_mathml(tex, block=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app):
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
