"""Draw the book's logo and favicon: a brain capillary in cross-section, reduced to three rings
(lumen, endothelium, astrocyte endfeet). Deterministic: running it again gives the same bytes.
Writes logo.svg (logo and favicon of the pages) and favicon.ico (for the site root, which browsers
ask for when a page names no icon, such as the redirect page at the top of the site).

Usage: python figures/logo.py [OUTPUT_DIR]   (default: the folder of this script)
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Circle, Wedge  # noqa: E402

BLUE, ORANGE, GREEN, VERMILION = "#0072B2", "#E69F00", "#009E73", "#D55E00"  # Okabe-Ito


def draw(path: Path) -> None:
    plt.rcParams["svg.hashsalt"] = "bbb-in-ms-logo"
    fig = plt.figure(figsize=(1, 1))
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 1)
    ax.set_aspect("equal")
    ax.axis("off")
    # Astrocyte endfeet: a ring of green segments with small gaps.
    for start in range(0, 360, 60):
        ax.add_patch(Wedge((0, 0), 0.98, start + 4, start + 56, width=0.2, color=GREEN))
    ax.add_patch(Circle((0, 0), 0.74, color=ORANGE))   # endothelium
    ax.add_patch(Circle((0, 0), 0.46, color="white"))  # lumen
    ax.add_patch(Circle((0.12, 0.05), 0.17, color=VERMILION))  # a red blood cell in the lumen
    fig.savefig(path, transparent=True, metadata={"Date": None} if path.suffix == ".svg" else None)
    plt.close(fig)


def favicon(path: Path) -> None:
    """A 32 and 16 pixel .ico made from the drawing (Pillow comes with Matplotlib)."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    draw_png = path.with_suffix(".png")
    draw(draw_png)
    with Image.open(draw_png) as image:
        image.convert("RGBA").resize((32, 32), Image.LANCZOS).save(buffer, format="ICO", sizes=[(32, 32), (16, 16)])
    draw_png.unlink()
    path.write_bytes(buffer.getvalue())


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    draw(out / "logo.svg")
    favicon(out / "favicon.ico")
