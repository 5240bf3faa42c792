"""A convolution's filters as a grid of small images, one tile per filter.

The weight-matrix panel shows a convolution's weights this way, the first convolution by
default, live after each epoch: what the network has learned to look for is visible (after
a few epochs on digits the tiles turn into edge and stroke detectors). A tile shows a
filter's weights, averaged over the input channels when there are several; one pixel of
gap (NaN, drawn transparent) separates the tiles.
"""

from __future__ import annotations

import math

import numpy as np

from core.nn.layers.base import layer_class


def first_conv_weight(specs) -> str | None:
    """``"k.weight"`` of the first layer whose class works on images and is trained (a
    convolution), or None when the network has none."""
    for i, spec in enumerate(specs):
        cls = layer_class(spec["type"])
        if cls.needs_images and cls.trainable:
            return f"{i}.weight"
    return None


def filter_grid(weight: np.ndarray) -> np.ndarray:
    """The filters of ``weight`` (F, C, kh, kw) tiled into one (rows·(kh+1)−1, cols·(kw+1)−1)
    image, row by row, in a near-square grid; gaps and unused tiles are NaN."""
    w = np.asarray(weight, dtype=np.float64)
    f, _, kh, kw = w.shape
    tiles = w.mean(axis=1)
    cols = math.ceil(math.sqrt(f))
    rows = math.ceil(f / cols)
    grid = np.full((rows * (kh + 1) - 1, cols * (kw + 1) - 1), np.nan)
    for k in range(f):
        r, c = divmod(k, cols)
        grid[r * (kh + 1):r * (kh + 1) + kh, c * (kw + 1):c * (kw + 1) + kw] = tiles[k]
    return grid

