"""_ext/bbb_mathml.py: equations as MathML, written when the book is built."""

import re
import xml.etree.ElementTree as ET

import bbb_mathml

MATHML = "{http://www.w3.org/1998/Math/MathML}"


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


def cells(mathml: str) -> list[list[str]]:
    """The columnalign of every cell, row by row, of the first table of a formula."""
    root = ET.fromstring(mathml)
    table = next(el for el in root.iter() if el.tag == f"{MATHML}mtable")
    return [[cell.get("columnalign") for cell in row] for row in table]


def test_aligned_rows_become_a_table_of_right_and_left_columns_without_space_between():
    # latex2mathml does not know amsmath's aligned: it wrote a bare "&", not even XML. (Display math
    # with rows broken outside any environment, as Eq. 5.4 had them, is wrapped in aligned.)
    mathml = bbb_mathml.to_mathml(r"\begin{aligned} I &= a + b \\ w &= c \end{aligned}", block=True)
    assert cells(mathml) == [["right", "left"], ["right", "left"]]
    table = re.search(r"<mtable[^>]*>", mathml).group(0)
    assert 'columnspacing="0em' in table, table   # bbb.css takes the cells' padding away for these


def test_align_is_numbered_by_sphinx_not_by_the_converter():
    mathml = bbb_mathml.to_mathml(r"\begin{align} a &= b \\ c &= d \end{align}", block=True)
    assert "<mtext>(1)</mtext>" not in mathml and cells(mathml) == [["right", "left"], ["right", "left"]]


def test_upright_single_letters_stay_upright():
    mathml = bbb_mathml.to_mathml(r"C_{\mathrm{p}} + \mathrm{e}^{x} + y", block=False)
    letters = {el.text: el.get("mathvariant") for el in ET.fromstring(mathml).iter(f"{MATHML}mi")}
    assert letters == {"C": None, "p": "normal", "e": "normal", "x": None, "y": None}


def test_the_math_font_ships_with_its_licence_and_the_stylesheet_uses_it(tiny_books):
    html = tiny_books["full"].html
    font = html / "_static" / "fonts" / "stix-two-math-subset.woff2"
    assert font.read_bytes()[:4] == b"wOF2", "the math font is not WOFF2"
    assert 20_000 < font.stat().st_size < 80_000, f"math font {font.stat().st_size} bytes"
    assert "SIL Open Font License" in (font.parent / "OFL.txt").read_text()
    page = (html / "chapter.html").read_text()
    bundle = html / re.search(r'href="(_static/bundle-[0-9a-f]+\.css)', page).group(1)
    css = bundle.read_text()
    face = re.search(r"@font-face\s*\{[^}]*STIX Two Math[^}]*\}", css).group(0)
    assert "font-display: swap" in face and 'url("fonts/stix-two-math-subset.woff2")' in face
    assert re.search(r'math\s*\{\s*font-family:\s*"STIX Two Math", math;', css)
    assert 'math mtd[columnalign="left"]' in css and 'math mtd[columnalign="right"]' in css
