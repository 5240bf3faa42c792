"""Clicking a confusion-matrix cell shows that cell's validation samples."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPointF, Qt

from core.experiment import normalize
from core.nn.model import Model
from workbench.dashboard.confusion_samples import cell_samples, image_tiles

EXAMPLES = Path(__file__).resolve().parents[3] / "resources" / "examples"


def _example(name: str, epochs: int) -> dict:
    doc = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    doc["training"]["epochs"] = epochs
    return normalize(doc)


def _click_cell(qtbot, panel, true_class: int, predicted_class: int) -> None:
    """Click the centre of a cell as a person would: view → scene → widget pixels."""
    scene = panel.plot.vb.mapViewToScene(QPointF(predicted_class, true_class))
    pixel = panel.plot_widget.mapFromScene(scene)
    qtbot.mouseClick(panel.plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=pixel)


def _most_confused(matrix: np.ndarray) -> tuple[int, int]:
    off = matrix.copy()
    np.fill_diagonal(off, -1)
    i, j = np.unravel_index(int(off.argmax()), off.shape)
    return int(i), int(j)


def _predicted_from_weights(view) -> np.ndarray:
    """The classes the run's latest weights predict, by a model of its own."""
    info = view.run.info
    model = Model(list(info.layer_specs), info.val_x.shape[1])
    model.load_state_dict(view.run.weights)
    return model.predict(info.val_x).argmax(axis=1)


def test_cell_samples_are_the_pairs_in_order():
    true = np.array([0, 1, 1, 2, 1, 0])
    pred = np.array([0, 2, 1, 2, 2, 1])
    np.testing.assert_array_equal(cell_samples(true, pred, 1, 2), [1, 4])
    np.testing.assert_array_equal(cell_samples(true, pred, 2, 0), [])


def test_image_tiles_scale_each_image_and_leave_gaps():
    rows = np.stack([np.arange(4.0), np.array([2.0, 2.0, 2.0, 6.0]), np.zeros(4)])
    grid = image_tiles(rows, (1, 2, 2))
    assert grid.shape == (2 * 3 - 1, 2 * 3 - 1)    # 3 images: 2 rows of 2 tiles of 2×2
    np.testing.assert_array_equal(grid[0:2, 0:2], [[0, 1 / 3], [2 / 3, 1]])
    np.testing.assert_array_equal(grid[0:2, 3:5], [[0, 0], [0, 1]])
    np.testing.assert_array_equal(grid[3:5, 0:2], 0)  # a flat image is 0, not NaN
    assert np.isnan(grid[2]).all() and np.isnan(grid[:, 2]).all()
    assert np.isnan(grid[3:5, 3:5]).all()


def test_clicking_a_cell_shows_its_digits_for_a_dense_network(qtbot, make_view):
    view = make_view(_example("digits.json", 2))
    assert view.train_for_epochs(2, timeout_s=60)
    view.pages.setCurrentIndex(0)
    view.refresh(force=True)
    panel = view.confusion_panel
    assert panel.has_data()
    true_class, predicted_class = _most_confused(panel.matrix)
    _click_cell(qtbot, panel, true_class, predicted_class)
    dialog = panel.samples_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    info = view.run.info
    expected = np.flatnonzero((info.val_y == true_class)
                              & (_predicted_from_weights(view) == predicted_class))
    assert len(expected) == int(panel.matrix[true_class, predicted_class])
    np.testing.assert_array_equal(dialog.indices, expected)
    # 8×8 digits as a grid of images: the first tile is the first sample, scaled to [0, 1]
    assert dialog.images.isVisible() and not dialog.rows.isVisible()
    shown = dialog.image.image.T
    first = info.val_x[expected[0]].reshape(8, 8)
    np.testing.assert_allclose(shown[:8, :8], (first - first.min()) / np.ptp(first))
    # another cell: the diagonal one of the same class updates the same window
    _click_cell(qtbot, panel, true_class, true_class)
    assert panel.samples_dialog is dialog
    np.testing.assert_array_equal(dialog.indices, np.flatnonzero(
        (info.val_y == true_class) & (_predicted_from_weights(view) == true_class)))


def test_clicking_a_cell_of_a_2d_set_lists_its_points(qtbot, make_view):
    view = make_view()   # the 3-class spiral
    assert view.train_for_epochs(1, timeout_s=60)
    view.pages.setCurrentIndex(0)
    view.refresh(force=True)
    panel = view.confusion_panel
    _click_cell(qtbot, panel, 1, 1)
    dialog = panel.samples_dialog
    expected = np.flatnonzero((view.run.info.val_y == 1)
                              & (_predicted_from_weights(view) == 1))
    np.testing.assert_array_equal(dialog.indices, expected)
    assert dialog.rows.isVisible() and not dialog.images.isVisible()
    lines = dialog.rows.toPlainText().splitlines()
    assert len(lines) == len(expected)
    if len(expected):
        x = view.run.info.val_x[expected[0]]
        assert lines[0] == f"#{expected[0]}: x1={x[0]:.4g}, x2={x[1]:.4g}"
