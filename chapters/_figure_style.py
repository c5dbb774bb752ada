# Set-up: imports and figure style, the same in every chapter (chapters/_figure_style.py).
import numpy as np
import matplotlib.pyplot as plt

%config InlineBackend.figure_formats = ["svg", "png"]
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
# SVG text as outlines ("path"): labels and math look the same on any machine, with no fonts needed.
plt.rcParams.update({"axes.prop_cycle": plt.cycler(color=OKABE_ITO), "figure.facecolor": "white",
                     "axes.facecolor": "white", "savefig.facecolor": "white",
                     "svg.hashsalt": "bbb-in-ms", "svg.fonttype": "path", "font.size": 11})
