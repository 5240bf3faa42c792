"""Colours the plots share: runs, classes, layers, and signed-value colour maps.

Used by the Train tab's dashboards and by the Data panel's preview, so that a class has
the same colour in both.

Classes use the Playground pair (orange / blue) for two classes and a qualitative
palette beyond; signed values (weights, gradients) use a blue–white–orange diverging
map so that sign reads the same in the heatmaps and the network diagram.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

#: qualitative palette (Tableau 10), for runs, layers and classes
QUALITATIVE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
               "#7f7f7f", "#bcbd22", "#17becf")
#: TensorFlow Playground's two class colours (negative / positive)
PLAYGROUND = ("#f59322", "#0877bd")
POSITIVE = "#0877bd"   # positive weights (blue, as in Playground)
NEGATIVE = "#f59322"   # negative weights (orange)
TEXT = "#333333"
BACKGROUND = "w"

#: colours for the alerts banner by severity
ALERT_COLOURS = {"error": ("#fdecea", "#b71c1c"), "warning": ("#fff4e5", "#8a4b00"),
                 "info": ("#e8f4fd", "#0d47a1")}


def run_colour(index: int) -> str:
    """Colour of the run with this number (the current run is drawn in its own colour)."""
    return QUALITATIVE[index % len(QUALITATIVE)]


def layer_colour(index: int) -> str:
    """Colour of the ``index``-th parameter curve in per-layer plots."""
    return QUALITATIVE[index % len(QUALITATIVE)]


def class_colours(k: int) -> list[tuple[int, int, int]]:
    """RGB colour of each of ``k`` classes."""
    names = PLAYGROUND if k <= 2 else QUALITATIVE
    out = []
    for i in range(max(k, 1)):
        c = pg.mkColor(names[i % len(names)])
        out.append((c.red(), c.green(), c.blue()))
    return out


def diverging_map() -> pg.ColorMap:
    """Orange (negative) – white (0) – blue (positive)."""
    return pg.ColorMap(pos=np.array([0.0, 0.5, 1.0]),
                       color=np.array([[245, 147, 34, 255], [255, 255, 255, 255],
                                       [8, 119, 189, 255]], dtype=np.ubyte))


def density_map() -> pg.ColorMap:
    """White (none) to dark blue (dense): histograms over time."""
    return pg.ColorMap(pos=np.array([0.0, 0.25, 1.0]),
                       color=np.array([[255, 255, 255, 255], [158, 202, 225, 255],
                                       [8, 48, 107, 255]], dtype=np.ubyte))


def sequential_map() -> pg.ColorMap:
    """A perceptually uniform map for regression surfaces and counts."""
    return pg.colormap.get("viridis")
