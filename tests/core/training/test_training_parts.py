"""The trainer's parts on their own: batches, metrics, early stopping, the decision grid."""

import math

import numpy as np
import pytest

from core.backend.devices import get_backend
from core.nn.model import Model
from core.training.decision_grid import DecisionGrid, GridExtent
from core.training.early_stopping import BestEpoch, EarlyStopping
from core.training.epoch_batches import EpochBatches
from core.training.metrics import EpochMetrics, confusion_matrix, regression_metrics


def test_each_epoch_visits_every_row_once_in_a_new_order():
    x = np.arange(20, dtype=np.float32).reshape(10, 2)
    labels = np.arange(10) % 3
    batches = EpochBatches(x, x.copy(), labels, 4, True, np.random.default_rng(0), np,
                           on_cpu=True, keep_labels=True)
    orders = []
    for _ in range(2):
        batches.start()
        rows = np.concatenate([batches.batch(a, min(a + 4, 10))[0][:, 0] // 2
                               for a in range(0, 10, 4)])
        assert sorted(rows.tolist()) == list(range(10))
        assert batches.labels_epoch.tolist() == (rows.astype(int) % 3).tolist()
        orders.append(rows.tolist())
    assert orders[0] != orders[1]
    whole = EpochBatches(x, x, labels, 10, True, np.random.default_rng(0), np, True, True)
    whole.start()  # one batch holds the set: no shuffling
    assert whole.order is None and whole.batch(0, 10)[0] is not None
    assert np.shares_memory(whole.batch(0, 10)[0], x)


def test_epoch_metrics_count_stored_predictions():
    metrics = EpochMetrics(True, 4, True, np.int64, 0.5, np)
    metrics.start()
    metrics.add(np.array([[0.9], [0.2]]), None, 0, 2, loss=1.0)
    metrics.add(np.array([[0.6], [0.4]]), None, 2, 4, loss=3.0)
    assert metrics.loss == 8.0
    assert metrics.accuracy(np.array([1, 0, 0, 0]), 4) == 0.75
    assert int(metrics.correct(np.array([[0.7], [0.1]]), np.array([1, 1]))) == 1
    assert confusion_matrix([0, 1, 1, 2], np.array([0, 1, 2, 2]), 3).tolist() == \
        [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    target = np.array([[1.0], [2.0], [3.0]])
    assert regression_metrics(2.0, target) == {"rmse": math.sqrt(2 / 3), "r2": 0.0}


def test_early_stopping_keeps_the_best_epoch_and_counts_patience():
    stopping = EarlyStopping(patience=2, restore_best=True)
    assert not stopping.update(1.0, 1, {"w": 1})
    assert not stopping.update(0.5, 2, {"w": 2})
    assert not stopping.update(0.7, 3, {"w": 3})
    assert stopping.update(0.6, 4, {"w": 4})
    assert stopping.best == BestEpoch(0.5, 2, {"w": 2}) and stopping.since_best == 2
    never = EarlyStopping(patience=0, restore_best=True)
    assert not any(never.update(v, e, {}) for e, v in enumerate([3.0, 4.0, 5.0], 1))
    assert never.best == BestEpoch(3.0, 1, None)  # no weights kept without patience


def test_the_grid_covers_the_data_with_a_margin():
    x = np.array([[0.0, -1.0], [2.0, 1.0]])
    cpu = get_backend("cpu", "float64")
    grid = DecisionGrid(x, 5, cpu)
    assert grid.extent == pytest.approx(GridExtent(-0.2, 2.2, -1.2, 1.2), abs=2e-9)
    assert grid.points.shape == (25, 2)
    assert grid.points[0].tolist() == [grid.extent.x0, grid.extent.y0]
    assert grid.points[-1].tolist() == [grid.extent.x1, grid.extent.y1]
    model = Model([{"type": "dense", "units": 3}], 2, cpu)
    outputs = grid.outputs(model)
    assert outputs.shape == (5, 5, 3) and outputs.dtype == np.float64
    np.testing.assert_allclose(outputs[1, 2], model.predict(grid.points[7:8])[0], rtol=1e-14)


def test_the_dead_units_of_a_weight_are_those_of_the_next_relu_before_a_new_column():
    import itertools

    from core.nn.layers.base import layer_class
    from core.training.layer_statistics import dying_layer_after
    names = ("dense", "relu", "tanh", "dropout", "batch_norm", "leaky_relu")
    classes = {name: layer_class(name) for name in names}
    assert dying_layer_after([classes[n] for n in ("dense", "dropout", "relu")], 0) == 2
    assert dying_layer_after([classes[n] for n in ("dense", "tanh", "relu")], 0) == 2
    assert dying_layer_after([classes[n] for n in ("dense", "dense", "relu")], 0) is None
    assert dying_layer_after([classes[n] for n in ("dense", "leaky_relu")], 0) is None
    for stack in itertools.product(names, repeat=5):  # the rule the trainer had inline
        kinds = [classes[n] for n in stack]
        dying = [j for j, cls in enumerate(kinds) if cls.can_die]
        for index in range(5):
            following = [j for j in dying if j > index]
            old = following[0] if following and not any(
                kinds[j].mixes_features for j in range(index + 1, following[0])) else None
            assert dying_layer_after(kinds, index) == old, (stack, index)
