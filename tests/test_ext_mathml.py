"""_ext/bbb_mathml.py: equations as MathML, written when the book is built."""

import re

import bbb_mathml


def test_inline_and_display_math_become_mathml():
    inline = bbb_mathml.to_mathml("E = mc^2", block=False)
    block = bbb_mathml.to_mathml(r"\frac{a}{b}", block=True)
    assert inline.startswith("<math") and 'display="inline"' in inline and "<msup>" in inline
    assert 'display="block"' in block and "<mfrac>" in block


def test_the_fixture_page_has_numbered_mathml_and_no_mathjax(tiny_books):
    page = (tiny_books["full"].html / "chapter.html").read_text()
    assert re.search(r'<div class="math notranslate[^"]*" id="equation-eq-extraction">\s*<span class="eqno">\(1\)', page)
    assert page.count("<math") >= 3  # the equation, and $E$ twice in the exercises
    assert not re.search(r"<script[^>]*mathjax", page, re.I), "MathJax is loaded"
    assert 'href="#equation-eq-extraction"' in page, "the {eq} reference links to the equation"
