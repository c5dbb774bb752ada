"""Figures in figures/ are made by the code beside them, and remaking them gives the same figures.

"The same" is what a reader sees, not the same bytes (which change with a Matplotlib or Pillow
release): an SVG has the same size, the same text labels (kept as text, not paths) and the same
number of each kind of element; a raster image (PNG, ICO) has the same size and differs in at most a
few pixels, by little.
"""

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bookutils import ROOT

SCRIPTS = sorted((ROOT / "figures").glob("*.py"))
RASTER = {".png", ".ico"}
# A raster image may differ from the committed one (anti-aliasing of another library version) in at
# most this share of its pixels, and on average by at most this much (0-255 scale, all channels).
MAX_CHANGED_PIXELS = 0.005
MAX_MEAN_DIFFERENCE = 1.0


def svg_summary(path: Path) -> dict:
    """What an SVG shows: its size, its text (in document order) and how many of each element."""
    root = ET.parse(path).getroot()
    local = lambda tag: tag.rsplit("}", 1)[-1]
    texts = ["".join(el.itertext()).strip() for el in root.iter() if local(el.tag) == "text"]
    return {
        "size": (root.get("width"), root.get("height"), root.get("viewBox")),
        "texts": [t for t in texts if t],
        "elements": Counter(local(el.tag) for el in root.iter()),
    }


def rasters(path: Path) -> dict:
    """The pixels of an image, RGBA on a 0-255 scale, for each size it holds (an ICO holds several)."""
    with Image.open(path) as image:
        sizes = sorted(image.info.get("sizes") or [image.size])
        found = {}
        for size in sizes:
            if len(sizes) > 1:
                image.size = size
            found[size] = np.asarray(image.convert("RGBA"), dtype=float)
        return found


def test_every_figure_has_a_script():
    made = {p.stem for p in SCRIPTS}
    for image in (ROOT / "figures").glob("*.svg"):
        assert image.stem in made or any(image.stem.startswith(m) for m in made), \
            f"figures/{image.name} has no script figures/{image.stem}.py that draws it"


def test_svg_summary_sees_a_changed_label(tmp_path):
    # The comparison below must notice a figure whose text changed.
    committed = ROOT / "figures" / "capillary.svg"
    changed = tmp_path / "capillary.svg"
    text = committed.read_text()
    first = svg_summary(committed)["texts"][0]
    changed.write_text(text.replace(f">{first}<", f">{first}x<", 1))
    assert svg_summary(changed)["texts"] != svg_summary(committed)["texts"]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_regenerating_gives_the_same_figures(script: Path, tmp_path):
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True, capture_output=True, text=True)
    made = sorted(tmp_path.iterdir())
    assert made, f"figures/{script.name} wrote nothing"
    rerun = f"rerun python figures/{script.name}"
    for new in made:
        committed = ROOT / "figures" / new.name
        assert committed.exists(), f"figures/{script.name} makes {new.name}, which is not committed"
        if new.suffix == ".svg":
            now, before = svg_summary(new), svg_summary(committed)
            assert now["size"] == before["size"], f"figures/{new.name}: another size; {rerun}"
            assert now["texts"] == before["texts"], f"figures/{new.name}: other text labels; {rerun}"
            assert now["elements"] == before["elements"], \
                f"figures/{new.name}: other elements {now['elements'] - before['elements']} " \
                f"{before['elements'] - now['elements']}; {rerun}"
        elif new.suffix in RASTER:
            now_all, before_all = rasters(new), rasters(committed)
            assert now_all.keys() == before_all.keys(), f"figures/{new.name}: other sizes; {rerun}"
            for size, before in before_all.items():
                now = now_all[size]
                assert now.shape == before.shape, f"figures/{new.name}: {now.shape} pixels, " \
                                                  f"committed {before.shape}; {rerun}"
                difference = np.abs(now - before)
                changed = np.mean(difference.max(axis=-1) > 32)
                assert changed <= MAX_CHANGED_PIXELS, \
                    f"figures/{new.name} ({size}): {changed:.1%} of pixels differ; {rerun}"
                assert difference.mean() <= MAX_MEAN_DIFFERENCE, f"figures/{new.name} ({size}) differs; {rerun}"
        else:
            assert new.read_bytes() == committed.read_bytes(), f"figures/{new.name} differs; {rerun}"


# Fonts that Matplotlib ships and draws mathtext with, which a reader's machine seldom has. A figure
# is shown as <img>, which cannot use the page's own fonts either.
MATPLOTLIB_MATH_FONTS = re.compile(r"STIX|DejaVu Sans Display|DejaVu Serif Display|\bcm[a-z]+10\b", re.I)


def test_figures_of_the_pages_need_no_font_the_reader_may_lack(book):
    """The chapters' figures (the shared style: svg.fonttype "path") draw their text, math included,
    as outlines: they name no font at all. No SVG of the site asks for one of Matplotlib's math
    fonts (STIXSizeOneSym for a radical, DejaVu Sans Display for an integral)."""
    images = sorted((book.html / "_images").glob("*.svg"))
    made_by_chapters = [p for p in images if re.fullmatch(r"[0-9a-f]{64}\.svg", p.name)]
    assert len(made_by_chapters) >= 10, [p.name for p in images]
    for path in images:
        text = path.read_text()
        families = set(re.findall(r"font-family:\s*([^;\"]+)", text))
        assert not MATPLOTLIB_MATH_FONTS.search(" ".join(families)), f"{path.name} asks for {families}"
        if path in made_by_chapters:
            texts = [t for t in svg_summary(path)["texts"] if t]
            assert not families and not texts, f"{path.name}: text set in {families}: {texts[:5]}"
