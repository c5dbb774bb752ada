"""Draw the schematic of a brain capillary in cross-section used in chapters/anatomy.md.

From the lumen outwards: two endothelial cells joined by tight and adherens junctions, the
basement membrane (which splits to enclose a pericyte), and a ring of astrocyte endfeet, with the
brain parenchyma outside. Not to scale. Okabe-Ito colours on a white background; the labels stay
text in the SVG (not paths), so they can be searched, read by assistive tools, and tested.

Deterministic: a fixed svg.hashsalt, no date in the metadata, so running it again gives the same
bytes (tests/test_anatomy.py and tests/test_figures.py check this).

Usage: python figures/capillary.py [OUTPUT]
  OUTPUT may be a folder (capillary.svg and capillary.png are written into it) or a file name ending
  in .svg or .png
  (a PNG is for looking at the figure, not for the book). Default: the folder of this script.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import Circle, Ellipse, Wedge  # noqa: E402

# Okabe-Ito palette
BLACK, ORANGE, SKY, GREEN = "#000000", "#E69F00", "#56B4E9", "#009E73"
BLUE, VERMILION, PURPLE = "#0072B2", "#D55E00", "#CC79A7"

NAME = "capillary.svg"

# Radii of the rings, in axis units (schematic, not to scale).
R_LUMEN = 0.42            # luminal surface of the endothelium
R_ENDO = 0.58             # abluminal surface of the endothelium
R_BM = 0.615              # outer edge of the (fused) basement membrane
R_PERICYTE = 0.72         # outer edge of the pericyte
R_BM_SPLIT = 0.755        # outer edge of the basement membrane where it wraps the pericyte
R_ENDFEET = 0.93          # outer edge of the astrocyte endfeet
PERICYTE_SPAN = (148.0, 212.0)   # degrees: where the pericyte sits
JUNCTIONS = (68.0, 248.0)        # degrees: where the two endothelial cells meet

LABELS = {
    "lumen": "Lumen (blood)",
    "endothelium": "Endothelial cell",
    "tight": "Tight junction\n(claudin-5, occludin, ZO-1)",
    "adherens": "Adherens junction",
    "bm": "Basement membrane",
    "pericyte": "Pericyte",
    "endfeet": "Astrocyte endfeet",
    "parenchyma": "Brain parenchyma",
}


def polar(radius: float, degrees: float) -> tuple[float, float]:
    """Cartesian point at `radius` and angle `degrees` (counter-clockwise from +x)."""
    a = np.deg2rad(degrees)
    return float(radius * np.cos(a)), float(radius * np.sin(a))


def draw_capillary():
    """Return a Matplotlib figure with the labelled cross-section."""
    plt.rcParams.update({"svg.hashsalt": "bbb-in-ms-capillary", "svg.fonttype": "none",
                         "font.family": "DejaVu Sans", "font.size": 12})
    fig = plt.figure(figsize=(8.8, 5.6), facecolor="white")
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(-1.9, 2.5)
    ax.set_ylim(-1.43, 1.43)
    ax.set_aspect("equal")
    ax.axis("off")

    # Brain parenchyma: a pale background disc that the endfeet rest in.
    ax.add_patch(Circle((0, 0), 1.22, facecolor="#F2F2F2", edgecolor="none"))

    # Astrocyte endfeet: six processes with narrow gaps between them. The pericyte and the part of
    # the basement membrane that wraps it are drawn over them.
    lo, hi = PERICYTE_SPAN
    for start in range(-30, 330, 60):
        a0, a1 = start + 2.5, start + 57.5
        inner = R_BM
        ax.add_patch(Wedge((0, 0), R_ENDFEET, a0, a1, width=R_ENDFEET - inner,
                           facecolor=PURPLE, edgecolor="#7A3F62", linewidth=1.0))
    # Basement membrane: a thin band around the endothelium ...
    ax.add_patch(Wedge((0, 0), R_BM, 0, 360, width=R_BM - R_ENDO, facecolor=GREEN, edgecolor="none"))
    # ... that splits around the pericyte (the pericyte lies inside the basement membrane).
    ax.add_patch(Wedge((0, 0), R_BM_SPLIT, lo - 4, hi + 4, width=R_BM_SPLIT - R_ENDO,
                       facecolor=GREEN, edgecolor="none"))
    ax.add_patch(Wedge((0, 0), R_PERICYTE, lo, hi, width=R_PERICYTE - R_BM,
                       facecolor=VERMILION, edgecolor="#8A3C00", linewidth=1.0))
    ax.add_patch(Ellipse(polar((R_BM + R_PERICYTE) / 2, 180.0), 0.07, 0.22,
                         facecolor="#8A3C00", edgecolor="none"))            # pericyte nucleus

    # Endothelium: two cells, each with a nucleus bulging into the lumen side of the cell.
    j1, j2 = JUNCTIONS
    for a0, a1 in ((j1, j2), (j2, j1 + 360)):
        ax.add_patch(Wedge((0, 0), R_ENDO, a0 + 0.6, a1 - 0.6, width=R_ENDO - R_LUMEN,
                           facecolor=SKY, edgecolor=BLUE, linewidth=1.0))
        mid = (a0 + a1) / 2
        ax.add_patch(Ellipse(polar((R_LUMEN + R_ENDO) / 2, mid), 0.10, 0.30, angle=mid,
                             facecolor=BLUE, edgecolor="none"))
    ax.add_patch(Circle((0, 0), R_LUMEN, facecolor="white", edgecolor=BLUE, linewidth=1.0))

    # Junctions where the cells meet: the tight junction near the lumen (black), the adherens
    # junction further out along the cleft (orange).
    for j in JUNCTIONS:
        ax.plot(*zip(polar(R_LUMEN, j), polar(R_ENDO, j)), color=BLUE, linewidth=1.0)
        ax.plot(*zip(polar(R_LUMEN - 0.005, j), polar(R_LUMEN + 0.065, j)), color=BLACK,
                linewidth=7.0, solid_capstyle="butt")
        ax.plot(*zip(polar(R_LUMEN + 0.09, j), polar(R_LUMEN + 0.145, j)), color=ORANGE,
                linewidth=7.0, solid_capstyle="butt")

    # Labels with leader lines, placed left and right of the drawing.
    arrow = dict(arrowstyle="-", color="#333333", linewidth=0.9, shrinkA=2, shrinkB=0)

    def label(key, xy, xytext, ha):
        ax.annotate(LABELS[key], xy=xy, xytext=xytext, ha=ha, va="center", color=BLACK,
                    arrowprops=arrow)

    ax.text(0, 0, LABELS["lumen"], ha="center", va="center", color=BLACK)
    # The adherens junction lies further out along the cleft, so its label goes above the tight
    # junction's: the two leader lines then do not cross.
    label("adherens", polar(R_LUMEN + 0.115, j1), (1.0, 1.22), "left")
    label("tight", polar(R_LUMEN + 0.03, j1), (1.0, 0.72), "left")
    label("endothelium", polar((R_LUMEN + R_ENDO) / 2, 10.0), (1.0, 0.22), "left")
    label("bm", polar((R_ENDO + R_BM) / 2, -20.0), (1.0, -0.30), "left")
    label("endfeet", polar((R_BM + R_ENDFEET) / 2, -62.0), (1.0, -0.80), "left")
    label("pericyte", polar((R_BM + R_PERICYTE) / 2, 160.0), (-1.0, 0.55), "right")
    label("parenchyma", polar(1.12, 230.0), (-1.0, -1.05), "right")
    ax.text(-1.85, 1.33, "Not to scale", ha="left", va="center", color="#333333", fontsize=10,
            style="italic")
    return fig


def output_path(argv: list[str]) -> Path:
    """Where to write: a folder gets capillary.svg; a .svg or .png file name is used as given."""
    if not argv:
        return Path(__file__).resolve().parent / NAME
    target = Path(argv[0])
    if target.suffix.lower() in (".svg", ".png"):
        return target
    if target.suffix:
        raise ValueError(f"output must be a folder or end in .svg or .png, got {target}")
    return target / NAME


def main(argv: list[str]) -> Path:
    """Write the figure; into a folder, write it twice: SVG for the web page, PNG for the PDF."""
    path = output_path(argv)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig = draw_capillary()
    targets = [path] if argv and Path(argv[0]).suffix else [path, path.with_suffix(".png")]
    for target in targets:
        if target.suffix.lower() == ".svg":
            fig.savefig(target, format="svg", facecolor="white", metadata={"Date": None})
        else:
            fig.savefig(target, format="png", facecolor="white", dpi=150)
    plt.close(fig)
    return path


if __name__ == "__main__":
    print(main(sys.argv[1:]))
