"""Make the site's math font: _ext/static/fonts/stix-two-math-subset.woff2 (run once; the result is
committed, and the build only copies it).

Browsers lay out MathML with the OpenType MATH table of the math font (MathML Core): without one,
Chromium does not stretch fences, braces and radicals. The pages therefore ship STIX Two Math (SIL
Open Font License 1.1, _ext/static/fonts/OFL.txt), cut down to the characters mathematics in this
book can use. fontTools' subsetter keeps the MATH table, and with it the size variants and the
assembly parts of every stretchy glyph it keeps (its MATH closure), and the GSUB/GPOS features
(`ssty` script variants, `dtls` dotless letters, `flac`, kerning).

The source is the font file of the npm package @fontsource/stix-two-math 5.3.0 (STIX Two Math
2.12, the full font with its MATH table), which ships the OFL text as its LICENSE file:

    npm pack @fontsource/stix-two-math@5.3.0 && tar xzf fontsource-stix-two-math-5.3.0.tgz
    python _ext/make_math_font.py package/files/stix-two-math-latin-400-normal.woff

Writing WOFF2 needs fontTools with Brotli (`pip install fonttools brotli`), which the book's own
requirements do not include: that is why the subset is made once and committed rather than at
build time. tests/test_browser.py checks in Chromium that every character of the book's math is
drawn with this font; if a new symbol fails that test, add it to SYMBOLS and run this again.
"""

from __future__ import annotations

import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent / "static" / "fonts" / "stix-two-math-subset.woff2"

# What LaTeX math in this book can produce through latex2mathml, with room to spare: the letters,
# digits and Greek, the italic and bold alphabets (an <mi> of one letter is drawn in italic), and the
# operators, relations and arrows of everyday LaTeX, not whole Unicode blocks (the font is fetched
# before a page's first paint: every 10 KB cost some 50 ms on Lighthouse's slow 4G).
RANGES = [
    (0x0020, 0x007E),   # ASCII
    (0x00A0, 0x00A0), (0x00AC, 0x00AC), (0x00AF, 0x00B1), (0x00B7, 0x00B7), (0x00D7, 0x00D7),
    (0x00F7, 0x00F7),   # no-break space, not, macron, degree, plus-minus, middle dot, times, divide
    (0x0131, 0x0131), (0x0237, 0x0237),   # dotless i and j
    (0x02C6, 0x02DD),   # spacing accents (hat, caron, breve, dot, ring, tilde)
    (0x0300, 0x0311),   # combining accents
    (0x0391, 0x03A9), (0x03B1, 0x03C9), (0x03D1, 0x03D1), (0x03D5, 0x03D6), (0x03F0, 0x03F1),
    (0x03F5, 0x03F5),   # Greek and its variant letters
    (0x2013, 0x2014), (0x2016, 0x2016), (0x2018, 0x2019), (0x201C, 0x201D), (0x2020, 0x2022),
    (0x2026, 0x2026), (0x2032, 0x2037), (0x2057, 0x2057), (0x2061, 0x2064),
    # dashes, double bar, quotes, daggers, ellipsis, primes, invisible operators
    (0x20D7, 0x20D7), (0x210E, 0x210F), (0x2113, 0x2113),   # vector arrow, h, h-bar, script l
    (0x2308, 0x230B), (0x23DE, 0x23DF), (0x27E8, 0x27E9),   # ceilings, floors, braces over/under, angles
    (0x2A7D, 0x2A7E),   # slanted less and greater than or equal
    (0x1D400, 0x1D467),   # bold and italic Latin
    (0x1D6E2, 0x1D71B),   # italic Greek
]
SYMBOLS = ("∀∁∂∃∄∅∆∇∈∉∋∌∏∐∑−∓∔∕∖∗∘∙√∛∜∝∞∟∠∣∤∥∦∧∨∩∪∫∬∭∮∴∵∶∷∼∽≀≁≃≄≅≈≉≍≐≔≕≠≡≢≤≥≦≧≪≫≮≯≰≱"
           "≲≳≺≻≼≽⊂⊃⊄⊅⊆⊇⊈⊉⊊⊋⊎⊓⊔⊕⊖⊗⊘⊙⊢⊣⊤⊥⊨⋀⋁⋂⋃⋄⋅⋆⋮⋯⋰⋱"
           "←↑→↓↔↕↖↗↘↙↦↼↽⇀⇁⇄⇆⇇⇈⇉⇊⇋⇌⇐⇑⇒⇓⇔⇕⟵⟶⟷⟸⟹⟺⟼")


def codepoints() -> list[int]:
    return sorted({cp for first, last in RANGES for cp in range(first, last + 1)} | {ord(c) for c in SYMBOLS})


def make(source: Path, target: Path = TARGET) -> Path:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]        # every GSUB/GPOS feature of the kept glyphs (ssty, dtls, ...)
    options.name_IDs = ["*"]               # keep the copyright, licence and version notices
    options.notdef_outline = True
    options.ignore_missing_unicodes = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints())
    subsetter.subset(font)
    assert "MATH" in font, "the subset lost the MATH table"
    target.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(target, reorderTables=True)
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    out = make(Path(sys.argv[1]))
    print(f"{out}: {out.stat().st_size / 1024:.1f} KB")
