"""Gradient checks of a whole experiment: its fresh network, or a run's weights.

The dashboard's Check-gradients button and the command line's gradcheck use these; the
results must be exactly those of a hand-built check on the same rows.
"""

import numpy as np
import pytest

from core import experiment as exp
from core.backend.devices import get_backend
from core.data.spec import prepare
from core.nn.gradient_check import (
    MAX_COORDS,
    ROWS,
    check_experiment,
    check_network,
    check_objective,
    check_with_weights,
)
from core.nn.model import Model, Objective
from core.training.trainer import Trainer


@pytest.fixture(scope="module")
def spiral():
    doc = exp.default_experiment()
    doc["training"]["epochs"] = 2
    return exp.normalize(doc), prepare(doc["data"]).train


def test_an_experiments_fresh_network_is_checked_on_its_first_rows(spiral):
    doc, train = spiral
    result = check_experiment(doc, train.X, train.y)
    direct = check_network(doc["model"]["layers"], doc["loss"], train.X[:ROWS],
                           train.y[:ROWS], seed=doc["training"]["seed"], max_coords=MAX_COORDS)
    assert result.errors == direct.errors
    assert set(result.errors) == {"0.weight", "0.bias", "2.weight", "2.bias", "4.weight",
                                  "4.bias"}
    assert result.passed and result.max_error < 1e-6


def test_random_rows_are_the_command_lines_choice(spiral):
    doc, train = spiral
    result = check_experiment(doc, train.X, train.y, rows=16, max_coords=40, random_rows=True)
    rows = np.random.default_rng(0).choice(len(train), 16, replace=False)
    direct = check_network(doc["model"]["layers"], doc["loss"], train.X[rows], train.y[rows],
                           seed=doc["training"]["seed"])
    assert result.errors == direct.errors and result.passed


def test_a_runs_weights_are_checked_in_float64(spiral):
    doc, train = spiral
    trainer = Trainer(doc)
    trainer.run()
    weights = trainer.model.state_dict()  # float32
    result = check_with_weights(doc, weights, train.X, train.y)
    cpu = get_backend("cpu", "float64")
    model = Model(doc["model"]["layers"], 2, cpu)
    model.load_state_dict({k: v.astype(np.float64) for k, v in weights.items()})
    objective = Objective(model, doc["loss"])
    direct = check_objective(objective, train.X[:ROWS].astype(np.float64),
                             objective.prepare_target(train.y[:ROWS]), max_coords=MAX_COORDS)
    assert result.errors == direct.errors and result.passed
