"""Draw the schematic used in chapters/anatomy.md: a brain capillary and a post-capillary venule.

Two cross-sections side by side, to teach the arteriovenous axis of the barrier:

(a) Capillary, where solutes are exchanged: two endothelial cells joined by tight and adherens
    junctions, the basement membranes lying together around them (they split only to enclose a
    pericyte), and a ring of astrocyte endfeet, with the brain parenchyma outside.
(b) Post-capillary venule, where immune cells enter: the endothelial and parenchymal basement
    membranes separate around a perivascular space that holds a perivascular macrophage; a T cell
    crosses in two steps, (1) the endothelium into the perivascular space, (2) the parenchymal
    basement membrane and glia limitans into the parenchyma.

Not to scale. Okabe-Ito colours on a white background, with outlines and hatching so that the
layers do not depend on colour alone; the labels stay text in the SVG (not paths), so they can be
searched, read by assistive tools, and tested.

Deterministic: a fixed svg.hashsalt, no date in the metadata, so running it again gives the same
bytes (tests/test_figures.py checks the same size, labels and elements).

Usage: python figures/capillary.py [OUTPUT]
  OUTPUT may be a folder (capillary.svg and capillary.png are written into it) or a file name ending
  in .svg or .png. Default: the folder of this script.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import Circle, Ellipse, FancyArrowPatch, Wedge  # noqa: E402

# Okabe-Ito palette
BLACK, ORANGE, SKY, GREEN = "#000000", "#E69F00", "#56B4E9", "#009E73"
BLUE, VERMILION, PURPLE, YELLOW = "#0072B2", "#D55E00", "#CC79A7", "#F0E442"

NAME = "capillary.svg"

# Panel centres and the radii of the rings, in axis units (schematic, not to scale).
CAP_CENTRE = (-2.35, 0.0)
VEN_CENTRE = (2.35, 0.0)

# (a) capillary
R_LUMEN = 0.42            # luminal surface of the endothelium
R_ENDO = 0.58             # abluminal surface of the endothelium
R_BM = 0.615              # outer edge of the basement membranes (lying together)
R_PERICYTE = 0.72         # outer edge of the pericyte
R_BM_SPLIT = 0.755        # outer edge of the basement membrane where it wraps the pericyte
R_ENDFEET = 0.93          # outer edge of the astrocyte endfeet
PERICYTE_SPAN = (158.0, 218.0)   # degrees: where the pericyte sits
JUNCTIONS = (112.0, 292.0)       # degrees: where the two endothelial cells meet

# (b) post-capillary venule: wider lumen, two separate basement membranes, a perivascular space
V_LUMEN = 0.46
V_ENDO = 0.58
V_EBM = 0.61              # endothelial basement membrane
V_PVS = 0.88              # outer edge of the perivascular space
V_PBM = 0.91              # parenchymal basement membrane
V_ENDFEET = 1.08          # outer edge of the endfeet (glia limitans)

LABELS = {
    "lumen": "Lumen\n(blood)",
    "endothelium": "Endothelial cell",
    "tight": "Tight junction\n(claudin-5, occludin, ZO-1)",
    "adherens": "Adherens junction",
    "bm": "Basement membranes\n(lying together)",
    "pericyte": "Pericyte",
    "endfeet": "Astrocyte endfeet",
    "parenchyma": "Brain parenchyma",
    "ebm": "Endothelial basement membrane",
    "pvs": "Perivascular space",
    "pvm": "Perivascular (border-\nassociated) macrophage",
    "pbm": "Parenchymal basement membrane\nand glia limitans",
    "tcell": "T cell (orange): in the blood,\nafter step 1, after step 2",
}
TITLES = ("(a) Capillary: solute exchange", "(b) Post-capillary venule: immune-cell entry")


def polar(radius: float, degrees: float, centre=(0.0, 0.0)) -> tuple[float, float]:
    """Cartesian point at `radius` and angle `degrees` (counter-clockwise from +x) about `centre`."""
    a = np.deg2rad(degrees)
    return float(centre[0] + radius * np.cos(a)), float(centre[1] + radius * np.sin(a))


def draw_endothelium(ax, c, r_lumen, r_endo, junctions):
    """Two endothelial cells with nuclei, and tight (black) and adherens (orange) junctions."""
    j1, j2 = junctions
    for a0, a1 in ((j1, j2), (j2, j1 + 360)):
        ax.add_patch(Wedge(c, r_endo, a0 + 0.6, a1 - 0.6, width=r_endo - r_lumen,
                           facecolor=SKY, edgecolor=BLUE, linewidth=1.0))
        mid = (a0 + a1) / 2
        ax.add_patch(Ellipse(polar((r_lumen + r_endo) / 2, mid, c), 0.09, 0.27, angle=mid,
                             facecolor=BLUE, edgecolor="none"))
    ax.add_patch(Circle(c, r_lumen, facecolor="white", edgecolor=BLUE, linewidth=1.0))
    thick = r_endo - r_lumen
    for j in junctions:
        ax.plot(*zip(polar(r_lumen, j, c), polar(r_endo, j, c)), color=BLUE, linewidth=1.0)
        ax.plot(*zip(polar(r_lumen - 0.005, j, c), polar(r_lumen + 0.4 * thick, j, c)),
                color=BLACK, linewidth=6.0, solid_capstyle="butt")
        ax.plot(*zip(polar(r_lumen + 0.55 * thick, j, c), polar(r_lumen + 0.9 * thick, j, c)),
                color=ORANGE, linewidth=6.0, solid_capstyle="butt")


def draw_endfeet(ax, c, r_in, r_out):
    """Six astrocyte endfeet with narrow gaps, on a pale parenchyma disc."""
    ax.add_patch(Circle(c, r_out + 0.27, facecolor="#F2F2F2", edgecolor="none"))
    for start in range(-30, 330, 60):
        ax.add_patch(Wedge(c, r_out, start + 2.5, start + 57.5, width=r_out - r_in,
                           facecolor=PURPLE, edgecolor="#7A3F62", linewidth=1.0))


def draw_capillary(ax):
    """Panel (a): the capillary."""
    c = CAP_CENTRE
    lo, hi = PERICYTE_SPAN
    draw_endfeet(ax, c, R_BM, R_ENDFEET)
    ax.add_patch(Wedge(c, R_BM, 0, 360, width=R_BM - R_ENDO, facecolor=GREEN, edgecolor="none"))
    ax.add_patch(Wedge(c, R_BM_SPLIT, lo - 4, hi + 4, width=R_BM_SPLIT - R_ENDO,
                       facecolor=GREEN, edgecolor="none"))
    ax.add_patch(Wedge(c, R_PERICYTE, lo, hi, width=R_PERICYTE - R_BM,
                       facecolor=VERMILION, edgecolor="#8A3C00", linewidth=1.0))
    ax.add_patch(Ellipse(polar((R_BM + R_PERICYTE) / 2, 188.0, c), 0.07, 0.22,
                         facecolor="#8A3C00", edgecolor="none"))
    draw_endothelium(ax, c, R_LUMEN, R_ENDO, JUNCTIONS)

    def label(key, xy, xytext):
        ax.annotate(LABELS[key], xy=xy, xytext=xytext, ha="right", va="center", color=BLACK,
                    arrowprops=dict(arrowstyle="-", color="#333333", linewidth=0.9,
                                    shrinkA=2, shrinkB=0))

    x = c[0] - 1.35
    ax.text(c[0], c[1], LABELS["lumen"], ha="center", va="center", color=BLACK, fontsize=9,
            linespacing=1.1)
    label("adherens", polar(R_LUMEN + 0.115, JUNCTIONS[0], c), (x, 1.30))
    label("tight", polar(R_LUMEN + 0.03, JUNCTIONS[0], c), (x, 0.86))
    label("endothelium", polar((R_LUMEN + R_ENDO) / 2, 140.0, c), (x, 0.40))
    label("pericyte", polar((R_BM + R_PERICYTE) / 2, 178.0, c), (x, -0.02))
    label("bm", polar((R_ENDO + R_BM) / 2, 232.0, c), (x, -0.48))
    label("endfeet", polar((R_BM + R_ENDFEET) / 2, 245.0, c), (x, -0.95))
    label("parenchyma", polar(1.12, 255.0, c), (x, -1.32))


def draw_venule(ax):
    """Panel (b): the post-capillary venule with its perivascular space and two-step entry."""
    c = VEN_CENTRE
    draw_endfeet(ax, c, V_PBM, V_ENDFEET)
    ax.add_patch(Wedge(c, V_PBM, 0, 360, width=V_PBM - V_PVS, facecolor=GREEN, edgecolor="none"))
    ax.add_patch(Wedge(c, V_PVS, 0, 360, width=V_PVS - V_EBM, facecolor="#FFFFFF",
                       edgecolor="#777777", linewidth=0.6, linestyle=(0, (2, 2)), hatch="..."))
    ax.add_patch(Wedge(c, V_EBM, 0, 360, width=V_EBM - V_ENDO, facecolor=GREEN, edgecolor="none"))
    draw_endothelium(ax, c, V_LUMEN, V_ENDO, (60.0, 240.0))
    # Perivascular macrophage in the perivascular space
    ax.add_patch(Ellipse(polar((V_EBM + V_PVS) / 2, -48.0, c), 0.34, 0.15, angle=42.0,
                         facecolor=YELLOW, edgecolor=BLACK, linewidth=1.0))
    # A T cell in the lumen, in the perivascular space and in the parenchyma: two steps
    # all three on the 30-degree ray, which passes through the gap between two endfeet; the last
    # one sits wholly in the grey parenchyma, clear of the endfeet
    lumen_pt = polar(0.18, 30.0, c)
    pvs_pt = polar((V_EBM + V_PVS) / 2, 30.0, c)
    par_pt = polar(V_ENDFEET + 0.19, 30.0, c)
    for pt in (lumen_pt, pvs_pt, par_pt):
        ax.add_patch(Circle(pt, 0.085, facecolor=ORANGE, edgecolor=BLACK, linewidth=1.0))
    # numbered badges: step 1 inside the lumen above the arrow's tail (clear of the junction at
    # 60 degrees and of the label lines), step 2 below-right of its arrow
    badges = {"1": polar(0.30, 62.0, c), "2": (pvs_pt[0] + 0.3, pvs_pt[1])}
    for (p, q), step in (((lumen_pt, pvs_pt), "1"), ((pvs_pt, par_pt), "2")):
        ax.add_patch(FancyArrowPatch(p, q, arrowstyle="-|>", mutation_scale=12, color=BLACK,
                                     linewidth=1.2, shrinkA=7, shrinkB=7, linestyle="--"))
        ax.text(*badges[step], step, ha="center", va="center", fontsize=11,
                fontweight="bold", color=BLACK,
                bbox=dict(boxstyle="circle,pad=0.15", facecolor="white", edgecolor=BLACK))

    def label(key, xy, xytext):
        ax.annotate(LABELS[key], xy=xy, xytext=xytext, ha="left", va="center", color=BLACK,
                    arrowprops=dict(arrowstyle="-", color="#333333", linewidth=0.9,
                                    shrinkA=2, shrinkB=0))

    x = c[0] + 1.45
    label("tcell", par_pt, (x, 1.38))
    label("ebm", polar((V_ENDO + V_EBM) / 2, 12.0, c), (x, 0.80))
    label("pvs", polar((V_EBM + V_PVS) / 2, 0.0, c), (x, 0.35))
    label("pbm", polar((V_PVS + V_PBM) / 2, -18.0, c), (x, -0.15))
    label("pvm", polar((V_EBM + V_PVS) / 2 + 0.1, -48.0, c), (x, -0.75))
    label("parenchyma", polar(1.25, 292.0, c), (x, -1.25))


def draw_figure():
    """Return a Matplotlib figure with both labelled cross-sections."""
    plt.rcParams.update({"svg.hashsalt": "bbb-in-ms-capillary", "svg.fonttype": "none",
                         "font.family": "DejaVu Sans", "font.size": 11, "hatch.color": "#9A9A9A"})
    fig = plt.figure(figsize=(13.0, 3.55), facecolor="white")
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(-6.3, 6.7)
    ax.set_ylim(-1.6, 1.95)
    ax.set_aspect("equal")
    ax.axis("off")
    draw_capillary(ax)
    draw_venule(ax)
    for (cx, _), title in zip((CAP_CENTRE, VEN_CENTRE), TITLES):
        ax.text(cx, 1.78, title, ha="center", va="center", fontsize=12, fontweight="bold",
                color=BLACK)
    ax.text(-6.2, -1.5, "Not to scale; gaps between endfeet exaggerated", ha="left", va="center", color="#333333", fontsize=10,
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
    fig = draw_figure()
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
