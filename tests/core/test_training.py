"""The trainer: gradient-descent modes, determinism, divergence, early stopping, statistics."""

import math

import numpy as np
import pytest

from core import experiment as exp
from core.events import EpochEvent, FinishedEvent, IterationEvent
from core.training import Trainer


def spiral(**training):
    doc = exp.default_experiment()
    doc["data"].update(samples=150)
    doc["training"].update({"epochs": 3, "backend": "cpu", **training})
    return exp.normalize(doc)


def run(trainer):
    events = []
    trainer.run(events.append)
    return events


def iterations_per_epoch(events):
    counts = {}
    for e in events:
        if isinstance(e, IterationEvent):
            counts[e.epoch] = counts.get(e.epoch, 0) + 1
    return counts


@pytest.mark.parametrize("batch_size, expected", [("full", 1), (1, 120), (32, 4), (50, 3)])
def test_iterations_per_epoch_for_batch_stochastic_and_mini_batch(batch_size, expected):
    trainer = Trainer(spiral(batch_size=batch_size, epochs=2))
    assert trainer.n_train == 120  # 150 samples, 20% held out
    events = run(trainer)
    assert iterations_per_epoch(events) == {1: expected, 2: expected}
    assert trainer.step_count == 2 * expected
    sizes = {e.batch_size for e in events if isinstance(e, IterationEvent)}
    assert sum(e.batch_size for e in events if isinstance(e, IterationEvent)) == 2 * 120
    if batch_size == "full":
        assert sizes == {120}


def test_same_experiment_and_seed_give_bit_identical_weights():
    a, b = Trainer(spiral()), Trainer(spiral())
    run(a), run(b)
    for name, value in a.model.state_dict().items():
        assert np.array_equal(value, b.model.state_dict()[name]), name
    c = Trainer(exp.normalize({**spiral(), "training": {**spiral()["training"], "seed": 1}}))
    run(c)
    assert not np.array_equal(a.model.state_dict()["0.weight"], c.model.state_dict()["0.weight"])


def test_loss_falls_and_epoch_events_carry_statistics(backend):
    doc = spiral(epochs=40, batch_size=8, backend=backend)
    trainer = Trainer(doc, snapshots=True, grid=20)
    events = run(trainer)
    epochs = [e for e in events if isinstance(e, EpochEvent)]
    assert len(epochs) == 40
    assert epochs[-1].train_loss < 0.7 * epochs[0].train_loss
    last = epochs[-1]
    assert 0 <= last.val_metrics["accuracy"] <= 1 and last.val_loss is not None
    assert last.samples_per_second > 0
    names = [s.name for s in last.layer_stats]
    assert names == list(trainer.model.parameters())
    assert all(s.grad_norm > 0 and s.weight_norm > 0 and s.update_ratio > 0
               for s in last.layer_stats)
    relu_weight = [s for s in last.layer_stats if s.name == "0.weight"][0]
    assert relu_weight.dead_fraction is not None and 0 <= relu_weight.dead_fraction <= 1
    assert last.confusion.shape == (3, 3) and last.confusion.sum() == len(trainer.prepared.val)
    assert last.grid.shape == (20, 20, 3)
    np.testing.assert_allclose(last.grid.sum(axis=2), 1, rtol=1e-5)  # softmax outputs
    assert set(last.weights) == set(trainer.model.state_dict())
    assert isinstance(events[-1], FinishedEvent) and events[-1].reason == "completed"


def test_huge_learning_rate_diverges_names_the_iteration_and_keeps_finite_weights():
    doc = exp.normalize({
        "data": {"source": "sine", "samples": 200},
        "model": {"layers": [{"type": "dense", "units": 16}, {"type": "relu"},
                             {"type": "dense", "units": 1}]},
        "loss": "mse", "optimizer": {"type": "sgd", "lr": 1e6},
        "training": {"epochs": 50, "batch_size": 16, "backend": "cpu"}})
    trainer = Trainer(doc)
    finished = trainer.run()
    assert finished.reason == "diverged"
    assert f"iteration {trainer.step_count + 1}" in finished.message
    assert "lower learning rate" in finished.message
    assert trainer.epoch < 50
    assert all(np.isfinite(a).all() for a in trainer.model.state_dict().values())


def test_early_stopping_restores_the_best_weights():
    doc = exp.default_experiment()
    # a tiny noisy training set and a big network overfit quickly: validation loss rises
    doc["data"].update(samples=60, noise=0.5, test_fraction=0.5)
    doc["model"]["layers"][0]["units"] = 128
    doc["training"].update(epochs=400, batch_size=8, backend="cpu", early_stopping=5,
                           restore_best=True)
    doc = exp.normalize(doc)
    trainer = Trainer(doc, snapshots=True)
    events = run(trainer)
    finished = events[-1]
    assert finished.reason == "early_stopping"
    epochs = [e for e in events if isinstance(e, EpochEvent)]
    best = min(epochs, key=lambda e: e.val_loss)
    assert finished.best_epoch == best.epoch and trainer.epoch == best.epoch + 5
    for name, value in trainer.model.state_dict().items():
        np.testing.assert_array_equal(value, best.weights[name])


def test_stop_request_and_single_steps():
    trainer = Trainer(spiral(batch_size=32))
    first = trainer.step()
    assert [type(e) for e in first] == [IterationEvent] and first[0].step == 1
    trainer.step()
    trainer.request_stop()
    (finished,) = trainer.step()
    assert finished.reason == "interrupted" and trainer.step_count == 2
    assert trainer.step() == [finished]  # stays finished


def test_learning_rate_change_mid_run_keeps_optimizer_state():
    trainer = Trainer(spiral(batch_size=32))
    for _ in range(3):
        trainer.step()
    state_before = {n: {k: np.array(v, copy=True) for k, v in s.items()}
                    for n, s in trainer.optimizer.state.items()}
    trainer.set_lr(0.001)
    assert trainer.lr == 0.001 and trainer.optimizer.step_count == 3
    for name, state in trainer.optimizer.state.items():
        for key, value in state.items():
            np.testing.assert_array_equal(value, state_before[name][key])
    assert trainer.step()[0].lr == 0.001


def test_l2_penalty_is_added_to_the_loss():
    plain = Trainer(spiral(batch_size="full")).step()[0].loss
    penalized = Trainer(spiral(batch_size="full", l2=0.1)).step()[0].loss
    assert penalized > plain + 1e-3


def test_regression_reports_rmse_and_r2():
    doc = exp.normalize({
        "data": {"source": "sine", "samples": 200, "noise": 0.05},
        "model": {"layers": [{"type": "dense", "units": 16}, {"type": "tanh"},
                             {"type": "dense", "units": 1}]},
        "loss": "mse", "optimizer": {"type": "adam", "lr": 0.01},
        "training": {"epochs": 60, "batch_size": 16, "backend": "cpu"}})
    epochs = [e for e in run(Trainer(doc)) if isinstance(e, EpochEvent)]
    last = epochs[-1]
    assert set(last.val_metrics) == {"rmse", "r2"}
    assert last.val_metrics["r2"] > 0.8
    assert math.isclose(last.val_metrics["rmse"] ** 2, last.val_loss, rel_tol=1e-4)


def test_early_stopping_with_batch_norm_restores_its_buffers_too():
    doc = exp.default_experiment()
    doc["data"].update(samples=60, noise=0.5, test_fraction=0.5)
    doc["model"]["layers"].insert(1, {"type": "batch_norm"})
    doc["training"].update(epochs=300, batch_size=8, backend="cpu", early_stopping=3)
    trainer = Trainer(exp.normalize(doc), snapshots=True)
    events = run(trainer)
    assert events[-1].reason == "early_stopping"
    best = [e for e in events if isinstance(e, EpochEvent) and e.epoch == events[-1].best_epoch][0]
    for name, value in trainer.model.state_dict().items():
        np.testing.assert_array_equal(value, best.weights[name])
    assert int(trainer.model.state_dict()["1.num_batches_tracked"]) > 0


def test_a_schedule_ending_at_lr_zero_completes():
    doc = spiral(epochs=5)
    doc["schedule"] = {"type": "cosine", "T_max": 5}
    trainer = Trainer(exp.normalize(doc))
    assert trainer.run().reason == "completed"
    assert trainer.lr == 0.0


def test_divergence_on_an_epochs_last_iteration_keeps_finite_weights():
    doc = exp.normalize({
        "data": {"source": "sine", "samples": 100},
        "model": {"layers": [{"type": "dense", "units": 1}]},
        "loss": "mse", "optimizer": {"type": "sgd", "lr": 1e39},
        "training": {"epochs": 20, "batch_size": "full", "backend": "cpu"}})
    trainer = Trainer(doc)
    assert trainer.run().reason == "diverged"
    assert all(np.isfinite(a).all() for a in trainer.model.state_dict().values())


def test_a_one_row_batch_leaves_batch_norm_running_statistics_alone():
    from core.model import Model
    model = Model([{"type": "batch_norm"}], 3, seed=0)
    layer = model.layers[0]
    layer.forward(np.array([[5.0, -2.0, 1.0]], dtype=np.float32), training=True)
    np.testing.assert_array_equal(layer.buffers["running_var"], 1.0)
    np.testing.assert_array_equal(layer.buffers["running_mean"], 0.0)


def test_gradient_check_passes_for_a_bias_whose_gradient_is_zero():
    """A dense bias before batch norm has a true gradient of 0 (the mean is removed)."""
    from core.gradcheck import check_network
    rng = np.random.default_rng(0)
    layers = [{"type": "dense", "units": 6}, {"type": "batch_norm"}, {"type": "relu"},
              {"type": "dense", "units": 3}, {"type": "softmax"}]
    result = check_network(layers, "cross_entropy", rng.standard_normal((16, 4)),
                           rng.integers(0, 3, 16))
    assert result.passed, result.errors
