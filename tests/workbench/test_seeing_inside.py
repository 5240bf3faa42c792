"""Seeing inside the network, as in Playground (issue 14): input tiles for feature crosses
(item 2) with the boundary kept in the (x1, x2) plane, the boundary's "validation points"
and "discretize" toggles (item 4), Regenerate and the training-ratio slider (item 6)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from tests.workbench.conftest import click, type_into
from tests.workbench.waiting import wait_for_data
from workbench import plot_colours
from workbench.designer.designer import DataContext
from workbench.training.run_records import FINISHED


def train(qtbot, window, epochs: int):
    """Type the epochs, open the Train tab, press Train and wait for the end."""
    type_into(qtbot, window.training_panel.training_form.widget("epochs"), str(epochs))
    assert window.document.experiment["training"]["epochs"] == epochs
    window.show_train_tab()
    view = window.training_view
    click(qtbot, view.train_button)
    qtbot.waitUntil(lambda: view.session is not None and view.session.state == FINISHED,
                    timeout=60_000)
    assert view.run.error is None and window.errors == []
    return view


def boundary_of(view):
    return next(p for p in view.panels if p.key == "decision_boundary")


def test_toggling_input_tiles_changes_the_networks_inputs_with_undo(qtbot, window):
    panel = window.dataset_panel
    tiles = panel.cross_buttons
    assert panel.crosses_box.isVisible()
    assert [n for n, b in tiles.items() if b.isChecked()] == ["x1", "x2"]
    click(qtbot, tiles["x1^2"])
    click(qtbot, tiles["x2^2"])
    wait_for_data(window)
    assert window.document.experiment["data"]["features"] == ["x1", "x2", "x1^2", "x2^2"]
    qtbot.waitUntil(lambda: window.designer.context == DataContext(4, 3, "classification"),
                    timeout=10_000)
    assert window.document.undo_stack.undoText() == "add the input X₂²"
    # the preview still shows the spiral's points in the plane, not a table of crosses
    assert panel.dataset.feature_names == ["x1", "x2"]
    assert panel.preview_stack.currentWidget() is panel.scatter

    click(qtbot, tiles["x1"])
    wait_for_data(window)
    click(qtbot, tiles["x2"])
    wait_for_data(window)
    assert window.document.experiment["data"]["features"] == ["x1^2", "x2^2"]
    window.undo_action.trigger()
    wait_for_data(window)
    assert window.document.experiment["data"]["features"] == ["x2", "x1^2", "x2^2"]
    assert [n for n, b in tiles.items() if b.isChecked()] == ["x2", "x1^2", "x2^2"]


def test_the_last_input_cannot_be_removed(qtbot, window):
    tiles = window.dataset_panel.cross_buttons
    click(qtbot, tiles["x1"])
    wait_for_data(window)
    click(qtbot, tiles["x2"])
    assert window.document.experiment["data"]["features"] == ["x2"]
    assert tiles["x2"].isChecked()
    assert window.dataset_panel.progress_label.text() == (
        "The network needs at least one input: choose another before removing X₂.")


def test_the_boundary_of_a_crossed_run_is_drawn_over_the_plane(qtbot, window):
    tiles = window.dataset_panel.cross_buttons
    click(qtbot, tiles["x1*x2"])
    wait_for_data(window)
    qtbot.waitUntil(lambda: window.designer.context == DataContext(3, 3, "classification"),
                    timeout=10_000)
    view = train(qtbot, window, 3)
    plane = view.run.info.prepared.plane
    assert plane.features == ("x1", "x2", "x1*x2")
    boundary = boundary_of(view)
    assert boundary.enabled
    xs, ys = boundary.train_points.getData()
    np.testing.assert_allclose(xs, plane.train[:, 0], atol=1e-12)
    np.testing.assert_allclose(ys, plane.train[:, 1], atol=1e-12)
    x0, x1, y0, y1 = view.run.info.grid_extent
    assert x0 < plane.train[:, 0].min() and x1 > plane.train[:, 0].max()
    assert boundary.plot.getAxis("bottom").labelText == "x1"


def test_validation_points_and_discretize_toggle_on_the_boundary(qtbot, window):
    view = train(qtbot, window, 2)
    boundary = boundary_of(view)
    assert boundary.val_points.isVisible() and len(boundary.val_points.data) == 120
    click(qtbot, boundary.validation_check)
    assert not boundary.val_points.isVisible()
    assert boundary.train_points.isVisible()

    def colours():
        image = boundary.image.image
        return {tuple(int(c) for c in px) for px in image.reshape(-1, image.shape[-1])}
    faded = colours()
    assert len(faded) > 3            # doubt fades the three class colours
    click(qtbot, boundary.discrete_check)
    discrete = colours()
    assert 1 <= len(discrete) <= 3   # one colour per predicted class, nothing in between
    click(qtbot, boundary.discrete_check)
    assert colours() == faded


def test_regenerate_draws_new_points_with_one_undo_step(qtbot, window):
    panel = window.dataset_panel
    before = panel.dataset.X.copy()
    assert panel.regenerate_button.isVisible()
    click(qtbot, panel.regenerate_button)
    wait_for_data(window)
    assert window.document.experiment["data"]["seed"] == 1
    assert window.document.undo_stack.undoText() == "regenerate the data (seed 1)"
    assert panel.dataset.X.shape == before.shape
    assert not np.array_equal(np.sort(panel.dataset.X, axis=0), np.sort(before, axis=0))
    window.undo_action.trigger()
    wait_for_data(window)
    assert window.document.experiment["data"]["seed"] == 0
    np.testing.assert_array_equal(panel.dataset.X, before)


def test_the_ratio_slider_sets_the_validation_fraction(qtbot, window):
    panel = window.dataset_panel
    slider = panel.ratio_slider
    assert slider.value() == 80 and panel.ratio_label.text() == "train 80 : 20 validation"
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)   # +10 %
    wait_for_data(window)
    assert window.document.experiment["data"]["test_fraction"] == 0.1
    assert panel.ratio_label.text() == "train 90 : 10 validation"
    assert window.dataset_panel.summary["train_rows"] == 540
    assert panel.common_form.widget("test_fraction").value() == 0.1


def move_mouse(widget, pos):
    """A mouse move as the window system delivers it (no button held)."""
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(widget.mapToGlobal(pos)),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def test_every_neuron_shows_its_map_and_hovering_one_enlarges_it(qtbot, window):
    from workbench.dashboard.network_columns import neuron_y
    from workbench.dashboard.network_diagram_panel import map_image
    window.resize(1366, 768)
    assert map_image(np.array([[2.0, -1.0], [0.0, 1.0]]))[..., :3].tolist() == [
        [list(POSITIVE_RGB), [int(255 * .5 + c * .5) for c in NEGATIVE_RGB]],
        [[255, 255, 255], [int(255 * .5 + c * .5) for c in POSITIVE_RGB]]]
    view = train(qtbot, window, 2)
    diagram, boundary = view.network_panel, view.boundary_panel
    maps = view.run.latest.neuron_maps
    assert [m.shape for m in maps] == [(30, 30, 16), (30, 30, 16), (30, 30, 3)]
    drawn = diagram.drawn_maps()
    assert [c for c, _unit, _image in drawn] == [1] * 16 + [2] * 16 + [3] * 3
    assert [unit for c, unit, _image in drawn if c == 3] == [0, 1, 2]
    for k in (0, 15):
        np.testing.assert_array_equal(drawn[k][2],
                                      map_image(maps[0][..., k]).transpose(1, 0, 2))

    # hover the second neuron of the first hidden column: its map, bias and weights
    y = neuron_y(16)[1]
    scene_pos = diagram.plot.vb.mapViewToScene(pg_point(1.0, float(y)))
    viewport = diagram.plot_widget.viewport()
    qtbot.wait(50)   # pyqtgraph's scene takes at most one mouse move per ~16 ms
    move_mouse(viewport, diagram.plot_widget.mapFromScene(scene_pos))
    unit = int(view.run.latest.neuron_units[0][1])   # the second of the 16 most active
    assert diagram.hovered == (1, unit)
    weights = view.run.weights
    bias = float(weights["0.bias"][unit])
    assert boundary.neuron == (1, unit)
    assert boundary.title == f"Dense 32, neuron {unit + 1}: bias {bias:+.2f}"
    w = weights["0.weight"][unit]
    assert boundary.weights_text == f"weights x1 {w[0]:+.2f}, x2 {w[1]:+.2f}"
    expected = map_image(maps[0][..., 1]).transpose(1, 0, 2)
    np.testing.assert_array_equal(boundary.image.image, expected)

    # leaving the diagram brings the network's output back
    away = diagram.plot.vb.mapViewToScene(pg_point(0.5, float(y)))
    qtbot.wait(50)   # pyqtgraph's scene takes at most one mouse move per ~16 ms
    move_mouse(viewport, diagram.plot_widget.mapFromScene(away))
    assert diagram.hovered == (-1, -1) and boundary.neuron is None
    assert boundary.title == "Decision boundary"
    assert boundary.image.image.shape == (60, 60, 4)


POSITIVE_RGB = tuple(pg.mkColor(plot_colours.POSITIVE).getRgb()[:3])
NEGATIVE_RGB = tuple(pg.mkColor(plot_colours.NEGATIVE).getRgb()[:3])


def pg_point(x: float, y: float):
    from PySide6.QtCore import QPointF
    return QPointF(x, y)
