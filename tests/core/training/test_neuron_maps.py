"""Neuron maps (issue 14, item 1): every diagram neuron's output over the input plane,
from the decision boundary's own forward pass."""

from __future__ import annotations

import numpy as np

from core.backend.devices import get_backend
from core.nn.layers.base import layer_class
from core.nn.model import Model
from core.training.decision_grid import DecisionGrid, column_ends


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
    outputs, maps = grid.outputs_and_maps(model, (1, 3), per_column=16, stride=2)
    np.testing.assert_array_equal(outputs, grid.outputs(model))
    hidden = model.forward(grid.points, stop=2)   # after tanh, all 49 points
    assert [m.shape for m in maps] == [(4, 4, 16), (4, 4, 3)]
    assert maps[0].dtype == np.float32
    expected = hidden.reshape(7, 7, 20)[::2, ::2, :16].astype(np.float32)
    np.testing.assert_array_equal(maps[0], expected)
    np.testing.assert_array_equal(
        maps[1], model.forward(grid.points).reshape(7, 7, 3)[::2, ::2].astype(np.float32))
