"""The decision boundary and neuron maps over a plane for data of more than two features,
and the most active neurons of a large layer (issue 14, item 1)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from core.training.input_plane import PlaneChoice
from tests.workbench.conftest import choose
from tests.workbench.test_designer import click_card
from tests.workbench.test_seeing_inside import train
from workbench.dashboard.decision_boundary_panel import class_image
from workbench.dashboard.network_diagram_panel import map_image


def forward(weights: dict, x: np.ndarray, stop: int = 3) -> np.ndarray:
    """The default network (dense, relu, dense, relu, dense, softmax) in plain NumPy,
    up to dense layer ``stop`` (1: the first hidden layer's ReLU outputs)."""
    h = x
    for k, name in enumerate(("0", "2", "4")[:stop]):
        h = h @ weights[f"{name}.weight"].T + weights[f"{name}.bias"]
        if k < 2:
            h = np.maximum(h, 0.0)
    if stop == 3:
        e = np.exp(h - h.max(axis=1, keepdims=True))
        h = e / e.sum(axis=1, keepdims=True)
    return h


def mesh(lo, hi, n=60):
    pad = (hi - lo) * 0.1 + 1e-9
    gx = np.linspace(lo[0] - pad[0], hi[0] + pad[0], n)
    gy = np.linspace(lo[1] - pad[1], hi[1] + pad[1], n)
    mx, my = np.meshgrid(gx, gy)
    return np.column_stack([mx.ravel(), my.ravel()])


def pick(combo, index):
    """Choose an entry as a person does: select it, then 'activated'."""
    combo.setFocus()
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def test_two_chosen_features_draw_the_models_predictions_with_the_others_at_their_mean(
        qtbot, window):
    choose(window.dataset_panel.source_combo, "wine")
    view = train(qtbot, window, 2)
    boundary = view.boundary_panel
    info = view.run.info
    assert info.train_x.shape[1] == 13 and boundary.enabled
    assert boundary.plane_combo.isVisible() and not boundary.feature_a.isVisible()
    assert boundary.plane_combo.currentText() == "First two principal components"

    pick(boundary.plane_combo, boundary.plane_combo.findData("features"))
    assert boundary.feature_a.isVisible() and boundary.feature_b.isVisible()
    assert boundary.feature_a.currentText() == "alcohol"
    pick(boundary.feature_a, 9)          # color_intensity
    pick(boundary.feature_b, 12)         # proline
    assert boundary.choice == PlaneChoice("features", 9, 12)
    assert boundary.plot.getAxis("bottom").labelText == info.feature_names[9]
    assert boundary.plot.getAxis("left").labelText == info.feature_names[12]

    # the grid, built here: features 9 and 12 over their range, every other at its mean
    x = info.train_x.astype(np.float64)
    points = mesh(x[:, [9, 12]].min(axis=0), x[:, [9, 12]].max(axis=0))
    rows = np.tile(x.mean(axis=0), (len(points), 1))
    rows[:, [9, 12]] = points
    expected = forward(view.run.weights, rows).reshape(60, 60, 3)
    np.testing.assert_allclose(boundary._grid, expected, rtol=1e-6, atol=1e-9)
    np.testing.assert_array_equal(boundary.image.image,
                                  class_image(boundary._grid, 3, info.output_head)
                                  .transpose(1, 0, 2))
    # the points: the two features in the data's own units (wine's, not standardized)
    std = info.prepared.standardizer
    xs, ys = boundary.train_points.getData()
    np.testing.assert_allclose(xs, x[:, 9] * std.std[9] + std.mean[9])
    np.testing.assert_allclose(ys, x[:, 12] * std.std[12] + std.mean[12])
    assert ys.min() > 270 and ys.max() < 1700        # proline, in mg/l (278 … 1680)
    # the diagram's maps are over the same plane: the first hidden layer's outputs
    maps = view.network_panel.maps
    hidden = forward(view.run.weights, rows, stop=1).reshape(60, 60, 32)[::2, ::2]
    units = view.network_panel.rows(1)
    np.testing.assert_allclose(maps[0], hidden[..., units], rtol=1e-5, atol=1e-6)

    # the next run is drawn over that plane by the trainer itself
    first = view.run
    view = train(qtbot, window, 2)
    assert view.run is not first
    assert view.run.latest.plane == PlaneChoice("features", 9, 12)
    assert boundary.choice == PlaneChoice("features", 9, 12)
    np.testing.assert_array_equal(boundary._grid, view.run.latest.grid)
    assert boundary._pictures == {}          # nothing computed in the GUI thread


def test_the_principal_plane_shows_the_svd_projection_of_the_training_rows(qtbot, window):
    choose(window.dataset_panel.source_combo, "wine")
    view = train(qtbot, window, 1)
    boundary = view.boundary_panel
    x = view.run.info.train_x.astype(np.float64)
    centred = x - x.mean(axis=0)
    _u, s, vt = np.linalg.svd(centred, full_matrices=False)
    expected = centred @ vt[:2].T
    xs, ys = boundary.train_points.getData()
    for got, want in ((xs, expected[:, 0]), (ys, expected[:, 1])):
        sign = np.sign(got[0] * want[0])
        np.testing.assert_allclose(got, sign * want, atol=1e-9)
    share = s[0] ** 2 / np.sum(s ** 2)
    assert boundary.plot.getAxis("bottom").labelText == f"PC 1 ({share:.0%} var.)"
    assert view.run.latest.plane == PlaneChoice("pca")
    np.testing.assert_array_equal(boundary._grid, view.run.latest.grid)


def test_a_64_unit_layer_shows_its_16_most_active_neurons_and_says_so(qtbot, window):
    designer = window.designer
    click_card(qtbot, designer, 0)
    spin = designer.properties.form.widget("units")
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "64")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert window.document.experiment["model"]["layers"][0]["units"] == 64
    view = train(qtbot, window, 2)
    diagram = view.network_panel
    titles = [text for _label, c, kind, text in diagram.captions if kind == "title" and c == 1]
    assert titles == ["Dense 64\n16 most active of 64"]

    # the measure: mean |output| of the first hidden layer over the map's points (every
    # other point of the boundary's grid)
    info, weights = view.run.info, view.run.weights
    x0, x1, y0, y1 = info.grid_extent
    gx, gy = np.meshgrid(np.linspace(x0, x1, 60), np.linspace(y0, y1, 60))
    hidden = forward(weights, np.column_stack([gx.ravel(), gy.ravel()]), stop=1)
    activity = np.abs(hidden.reshape(60, 60, 64)[::2, ::2]).mean(axis=(0, 1))
    units = diagram.rows(1)
    assert len(units) == 16 and list(units) == sorted(units)
    others = np.setdiff1d(np.arange(64), units)
    assert activity[units].min() >= activity[others].max() - 1e-6
    assert sorted(units) != list(range(16))          # not simply the first sixteen
    # 16 maps in that column, each the map of its unit
    maps = view.run.latest.neuron_maps[0]
    assert maps.shape == (30, 30, 16)
    np.testing.assert_allclose(maps, hidden.reshape(60, 60, 64)[::2, ::2][..., units],
                               rtol=1e-4, atol=1e-5)
    drawn = diagram.drawn_maps()
    assert len(drawn) == 16 + 16 + 3
    assert [unit for c, unit, _image in drawn if c == 1] == list(units)
    np.testing.assert_array_equal(drawn[5][2], map_image(maps[..., 5]).transpose(1, 0, 2))
    # hovering a thumbnail names its unit
    boundary = view.boundary_panel
    boundary.show_neuron(view.run, 1, int(units[5]))
    assert boundary.title.startswith(f"Dense 64, neuron {units[5] + 1}: bias")
    assert diagram.neuron_map(1, int(units[5])) is not None
    assert diagram.neuron_map(1, int(others[0])) is None


def test_a_plane_chosen_while_paused_reaches_the_trainer_at_the_next_epoch(qtbot, window):
    choose(window.dataset_panel.source_combo, "iris")
    window.show_train_tab()
    view = window.training_view
    assert view.train_for_epochs(1)
    boundary = view.boundary_panel
    assert view.run.latest.plane == PlaneChoice("pca")
    pick(boundary.plane_combo, boundary.plane_combo.findData("features"))
    pick(boundary.feature_b, 3)
    assert boundary.choice == PlaneChoice("features", 0, 3)
    assert list(boundary._pictures) == [(view.run.number, 1, boundary.choice)]  # drawn here
    assert view.train_for_epochs(1)
    assert view.run.latest.plane == PlaneChoice("features", 0, 3)
    np.testing.assert_array_equal(boundary._grid, view.run.latest.grid)
    assert view.network_panel.maps[0] is view.run.latest.neuron_maps[0]


def test_a_paused_run_whose_last_epoch_came_without_maps_shows_maps_of_its_weights(
        qtbot, window, monkeypatch):
    from core.training.decision_grid import maps_from_weights
    from workbench.training import worker
    monkeypatch.setattr(worker, "MAPS_INTERVAL_S", 1e9)   # maps only for the first epoch
    window.show_train_tab()
    view = window.training_view
    assert view.train_for_epochs(3)
    run, diagram = view.run, view.network_panel
    assert run.latest.epoch == 3 and run.latest.neuron_maps == ()
    grid = view.boundary_panel._host_grid()
    expected = maps_from_weights(run.info.layer_specs, (2,), run.weights, grid)
    assert [list(u) for u in diagram.units] == [list(u) for u in expected[2]]
    for got, want in zip(diagram.maps, expected[1]):
        np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)
    np.testing.assert_array_equal(view.boundary_panel._grid, run.latest.grid)


def test_one_feature_has_no_plane_and_says_so(qtbot, window):
    choose(window.dataset_panel.source_combo, "sine")
    window.document.set_section("model", {"layers": [{"type": "dense", "units": 8},
                                                     {"type": "tanh"},
                                                     {"type": "dense", "units": 1}]},
                                "a regression network")
    window.document.set_section("loss", {"type": "mse"}, "mean squared error")
    window.show_train_tab()
    view = window.training_view
    assert view.train_for_epochs(1)
    boundary = view.boundary_panel
    assert not boundary.enabled and not boundary.plane_combo.isVisible()
    assert boundary.placeholder.textItem.toPlainText() == (
        "The decision boundary needs 2 input features;\nthis data has 1.")
