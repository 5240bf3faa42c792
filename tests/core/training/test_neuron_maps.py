"""Neuron maps (issue 14, item 1): every diagram neuron's output over the input plane,
from the decision boundary's own forward pass."""

from __future__ import annotations

import numpy as np

from core.backend.devices import get_backend
from core.nn.layers.base import layer_class
from core.nn.model import Model
from core.training.decision_grid import DecisionGrid, column_ends, maps_from_weights


def classes(*names):
    return [layer_class(n) for n in names]


def test_a_columns_neurons_are_read_after_its_activation():
    assert column_ends(classes("dense", "relu", "dense", "tanh", "dropout", "dense",
                               "softmax")) == (1, 4, 6)
    assert column_ends(classes("dense", "dense")) == (0, 1)
    assert column_ends(classes("relu", "dense")) == (1,)
    assert column_ends(classes("relu")) == ()


def test_maps_are_the_layer_outputs_on_every_other_mesh_point():
    backend = get_backend("cpu", "float64")
    specs = [{"type": "dense", "units": 20}, {"type": "tanh"}, {"type": "dense", "units": 3},
             {"type": "softmax"}]
    model = Model(specs, 2, backend, seed=4)
    rng = np.random.default_rng(0)
    grid = DecisionGrid(rng.normal(size=(50, 2)), 7, backend)
    outputs, maps, units = grid.outputs_maps_units(model, (1, 3), per_column=16, stride=2)
    np.testing.assert_array_equal(outputs, grid.outputs(model))
    hidden = model.forward(grid.points, stop=2)   # after tanh, all 49 points
    assert [m.shape for m in maps] == [(4, 4, 16), (4, 4, 3)]
    assert maps[0].dtype == np.float32
    # the 16 of 20 units with the largest mean |output| over the map's points, in unit order
    activity = np.abs(hidden.reshape(7, 7, 20)[::2, ::2]).mean(axis=(0, 1))
    expected_units = np.sort(np.argsort(activity)[::-1][:16])
    np.testing.assert_array_equal(units[0], expected_units)
    assert activity[units[0]].min() > np.delete(activity, units[0]).max()
    np.testing.assert_array_equal(units[1], [0, 1, 2])
    expected = hidden.reshape(7, 7, 20)[::2, ::2][..., expected_units].astype(np.float32)
    np.testing.assert_array_equal(maps[0], expected)
    np.testing.assert_array_equal(
        maps[1], model.forward(grid.points).reshape(7, 7, 3)[::2, ::2].astype(np.float32))


def test_maps_from_weights_rebuild_the_network_on_the_host():
    backend = get_backend("cpu", "float64")
    specs = [{"type": "dense", "units": 40}, {"type": "relu"}, {"type": "dense", "units": 2}]
    model = Model(specs, 3, backend, seed=1)
    rng = np.random.default_rng(2)
    grid = DecisionGrid(rng.normal(size=(30, 2)), 9, backend, lambda p: np.column_stack(
        [p, p[:, :1] * p[:, 1:]]))
    expected = grid.outputs_maps_units(model, (1, 2))
    got = maps_from_weights(model.specs, (3,), model.state_dict(), grid)
    np.testing.assert_array_equal(got[0], expected[0])
    for a, b in zip(got[1] + got[2], expected[1] + expected[2]):
        np.testing.assert_array_equal(a, b)
    assert [len(u) for u in got[2]] == [16, 2]


def test_maps_at_most_every_interval_and_always_at_the_last_epoch():
    from core.experiment import default_experiment, normalize
    from core.training.trainer import Trainer
    exp = default_experiment()
    exp["training"]["epochs"] = 3
    trainer = Trainer(normalize(exp), grid=20, maps_interval_s=1e9)
    epochs = []
    trainer.run(on_event=lambda e: epochs.append(e) if hasattr(e, "neuron_maps") else None)
    assert [len(e.neuron_maps) for e in epochs] == [3, 0, 3]
    assert all(e.grid is not None for e in epochs)   # the boundary at every epoch
