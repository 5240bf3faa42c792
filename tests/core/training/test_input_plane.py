"""Planes through the input space for data of more than two inputs (issue 14, item 1):
two features with the others at their mean, or the first two principal components."""

from __future__ import annotations

import numpy as np
import pytest

from core.backend.devices import get_backend
from core.data.bundled import load_bundled
from core.experiment import normalize
from core.training.decision_grid import DecisionGrid
from core.training.input_plane import InputPlane, PlaneChoice, default_choice
from core.training.trainer import Trainer


def test_a_feature_plane_holds_the_other_features_at_their_mean():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 5)) * [1, 2, 3, 4, 5] + [10, 20, 30, 40, 50]
    plane = InputPlane(PlaneChoice("features", 3, 1), x)
    np.testing.assert_array_equal(plane.project(x), x[:, [3, 1]])
    rows = plane.inputs(np.array([[7.0, -2.0], [0.5, 0.25]]))
    mean = x.mean(axis=0)
    np.testing.assert_allclose(rows[:, [0, 2, 4]], np.tile(mean[[0, 2, 4]], (2, 1)))
    np.testing.assert_array_equal(rows[:, [3, 1]], [[7.0, -2.0], [0.5, 0.25]])
    with pytest.raises(ValueError, match="two different indices below 5"):
        InputPlane(PlaneChoice("features", 2, 2), x)


def test_the_pca_plane_is_the_svd_of_the_centred_training_rows():
    x = load_bundled("wine").X[:120]
    x = (x - x.mean(axis=0)) / x.std(axis=0)
    plane = InputPlane(PlaneChoice("pca"), x)
    centred = x - x.mean(axis=0)
    _u, s, vt = np.linalg.svd(centred, full_matrices=False)
    expected = centred @ vt[:2].T
    projected = plane.project(x)
    for k in range(2):   # a principal direction's sign is arbitrary
        sign = np.sign(expected[0, k] * projected[0, k])
        np.testing.assert_allclose(projected[:, k], sign * expected[:, k], atol=1e-9)
    assert plane.explained == pytest.approx(tuple(s[:2] ** 2 / np.sum(s ** 2)))
    # a point of the plane projects back onto itself
    points = np.array([[1.0, 2.0], [-3.0, 0.5]])
    np.testing.assert_allclose(plane.project(plane.inputs(points)), points, atol=1e-12)


def test_the_default_plane():
    assert default_choice(2) is None
    assert default_choice(64) == PlaneChoice("pca")


def test_a_trainer_on_wine_draws_over_the_principal_plane_then_the_requested_one():
    exp = normalize({"data": {"source": "wine"},
                     "model": {"layers": [{"type": "dense", "units": 64}, {"type": "relu"},
                                          {"type": "dense", "units": 3}]},
                     "training": {"epochs": 2, "batch_size": 32}})
    trainer = Trainer(exp, grid=20)
    assert trainer.plane_choice == PlaneChoice("pca")
    x = trainer.prepared.train.X
    trainer.request_plane(PlaneChoice("features", 2, 5))
    outputs, maps, units = trainer.grid_pictures()
    assert trainer.plane_choice == PlaneChoice("features", 2, 5)
    grid = DecisionGrid.over_plane(InputPlane(PlaneChoice("features", 2, 5), x), x, 20,
                                   get_backend("cpu", "float32"))
    np.testing.assert_allclose(outputs, trainer.model.predict(grid.points).reshape(20, 20, 3),
                               rtol=1e-6, atol=1e-6)
    assert trainer.grid_extent[0] < x[:, 2].min() and trainer.grid_extent[3] > x[:, 5].max()
    assert [len(u) for u in units] == [16, 3] and maps[0].shape == (10, 10, 16)
    epochs = []
    trainer.run(on_event=lambda e: epochs.append(e) if hasattr(e, "neuron_units") else None)
    assert [e.plane for e in epochs] == [PlaneChoice("features", 2, 5)] * 2
    assert all(len(e.neuron_units[0]) == 16 for e in epochs)


def test_digits_as_images_draw_over_the_principal_plane_of_the_flattened_pixels():
    import json
    from pathlib import Path
    example = Path(__file__).resolve().parents[3] / "resources" / "examples" / "digits_cnn.json"
    exp = json.loads(example.read_text())
    exp["training"]["epochs"] = 1
    trainer = Trainer(normalize(exp), grid=12)
    assert trainer.prepared.train.sample_shape == (1, 8, 8)
    outputs, maps, units = trainer.grid_pictures()
    x = trainer.prepared.train.X            # (N, 64) flat rows
    plane = InputPlane(PlaneChoice("pca"), x)
    grid = DecisionGrid.over_plane(plane, x, 12, get_backend("cpu", "float32"))
    expected = trainer.model.predict(grid.points)   # a plane point is a whole 8×8 image
    np.testing.assert_allclose(outputs.reshape(-1, 10), expected, rtol=1e-5, atol=1e-6)
    assert [m.shape for m in maps] == [(6, 6, 10)] and units[0].tolist() == list(range(10))


def test_a_constant_feature_spans_one_unit_either_side():
    x = np.column_stack([np.zeros(10), np.linspace(0.0, 5.0, 10)])   # a blank pixel
    grid = DecisionGrid(x, 5, get_backend("cpu", "float64"))
    assert grid.extent[0] == pytest.approx(-1.0) and grid.extent[1] == pytest.approx(1.0)
    assert grid.extent[2] == pytest.approx(-0.5) and grid.extent[3] == pytest.approx(5.5)
