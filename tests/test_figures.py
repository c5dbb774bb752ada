"""Figures in figures/ are made by the code beside them, and remaking them gives the same files."""

import subprocess
import sys
from pathlib import Path

import pytest

from bookutils import ROOT

SCRIPTS = sorted((ROOT / "figures").glob("*.py"))


def test_every_figure_has_a_script():
    made = {p.stem for p in SCRIPTS}
    for image in (ROOT / "figures").glob("*.svg"):
        assert image.stem in made or any(image.stem.startswith(m) for m in made), \
            f"figures/{image.name} has no script figures/{image.stem}.py that draws it"


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_regenerating_gives_the_same_files(script: Path, tmp_path):
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True, capture_output=True, text=True)
    made = sorted(tmp_path.iterdir())
    assert made, f"figures/{script.name} wrote nothing"
    for new in made:
        committed = ROOT / "figures" / new.name
        assert committed.exists(), f"figures/{script.name} makes {new.name}, which is not committed"
        assert new.read_bytes() == committed.read_bytes(), \
            f"figures/{new.name} differs from what figures/{script.name} makes now: rerun the script"
