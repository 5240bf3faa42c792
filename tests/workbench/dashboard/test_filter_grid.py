"""A convolution's filters as a live grid of images in the weight-matrix panel."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from core.experiment import normalize
from workbench.dashboard.filter_grid import filter_grid, first_conv_weight

EXAMPLE = Path(__file__).resolve().parents[3] / "resources" / "examples" / "digits_cnn.json"


def test_filters_are_tiled_row_by_row_with_gaps():
    w = np.arange(5 * 2 * 2 * 3, dtype=np.float64).reshape(5, 2, 2, 3)
    grid = filter_grid(w)
    assert grid.shape == (2 * 3 - 1, 3 * 4 - 1)   # 5 filters: 2 rows of 3 tiles of 2×3
    np.testing.assert_array_equal(grid[0:2, 0:3], w[0].mean(axis=0))
    np.testing.assert_array_equal(grid[0:2, 4:7], w[1].mean(axis=0))
    np.testing.assert_array_equal(grid[3:5, 4:7], w[4].mean(axis=0))
    assert np.isnan(grid[2]).all() and np.isnan(grid[:, 3]).all()   # the gaps
    assert np.isnan(grid[3:5, 8:11]).all()                           # the unused tile


def test_the_first_convolution_is_found_by_its_class():
    specs = [{"type": "flatten"}, {"type": "max_pool2d"}, {"type": "conv2d"},
             {"type": "conv2d"}]
    assert first_conv_weight(specs) == "2.weight"
    assert first_conv_weight([{"type": "dense"}, {"type": "relu"}]) is None


def test_the_weight_panel_shows_the_live_filters_of_a_cnn(qtbot, make_view):  # noqa: F811
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["training"]["epochs"] = 2
    view = make_view(normalize(doc))
    assert view.train_for_epochs(2, timeout_s=60)
    panel = view.weight_matrix_panel
    view.pages.setCurrentIndex(2)   # the Weights page
    view.refresh(force=True)
    assert panel.chooser.currentData() == "0.weight"
    assert panel.has_data() and panel.shape == (15, 15)   # 16 filters of 3×3 in 4 rows
    shown = panel.image.image.T
    np.testing.assert_array_equal(np.isnan(shown), np.isnan(filter_grid(
        view.run.weights["0.weight"])))
    np.testing.assert_allclose(shown[:3, :3], view.run.weights["0.weight"][0, 0], rtol=1e-6)
