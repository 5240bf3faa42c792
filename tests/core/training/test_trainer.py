"""The trainer: gradient-descent modes, determinism, divergence, early stopping, statistics."""

import math

import numpy as np
import pytest

from core import experiment as exp
from core.training.events import EpochEvent, FinishedEvent, IterationEvent
from core.training.trainer import Trainer


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


@pytest.mark.parametrize(("field", "strength", "penalty"), [
    ("l2", 0.1, lambda w: 0.05 * float((w * w).sum())),   # (λ₂/2)·Σw²
    ("l1", 0.01, lambda w: 0.01 * float(np.abs(w).sum())),  # λ₁·Σ|w|
])
def test_the_penalty_adds_its_exact_value_on_the_weights_to_the_loss(field, strength, penalty):
    """On the weight matrices of the dense layers 0, 2 and 4, never on the biases (the
    last layer's bias is not zero, so counting it would show)."""
    plain = Trainer(spiral(batch_size="full")).step()[0].loss
    trainer = Trainer(spiral(batch_size="full", **{field: strength}))
    weights = trainer.model.state_dict()
    assert np.abs(weights["4.bias"]).sum() > 0.1
    expected = sum(penalty(weights[f"{i}.weight"].astype(np.float64)) for i in (0, 2, 4))
    penalized = trainer.step()[0].loss
    assert penalized - plain == pytest.approx(expected, rel=1e-6)


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
    from core.nn.model import Model
    model = Model([{"type": "batch_norm"}], 3, seed=0)
    layer = model.layers[0]
    layer.forward(np.array([[5.0, -2.0, 1.0]], dtype=np.float32), training=True)
    np.testing.assert_array_equal(layer.buffers["running_var"], 1.0)
    np.testing.assert_array_equal(layer.buffers["running_mean"], 0.0)


def test_gradient_check_passes_for_a_bias_whose_gradient_is_zero():
    """A dense bias before batch norm has a true gradient of 0 (the mean is removed)."""
    from core.nn.gradient_check import check_network
    rng = np.random.default_rng(0)
    layers = [{"type": "dense", "units": 6}, {"type": "batch_norm"}, {"type": "relu"},
              {"type": "dense", "units": 3}, {"type": "softmax"}]
    result = check_network(layers, "cross_entropy", rng.standard_normal((16, 4)),
                           rng.integers(0, 3, 16))
    assert result.passed, result.errors


# ------------------------------------------------------------------ refusals before training

def sine_with(loss, layers=None, **data):
    return exp.normalize({
        "data": {"source": "sine", "samples": 100, **data},
        "model": {"layers": layers or [{"type": "dense", "units": 8}, {"type": "relu"},
                                       {"type": "dense", "units": 1}]},
        "loss": loss, "training": {"epochs": 2, "backend": "cpu"}})


def refusal(doc, error=None) -> str:
    from core.errors import SpecError
    with pytest.raises(error or SpecError) as info:
        Trainer(doc)
    return str(info.value)


def test_cross_entropy_on_regression_targets_is_refused_in_one_sentence():
    assert refusal(sine_with("cross_entropy")) == (
        "loss: cross-entropy compares class probabilities with class labels, but the targets "
        "of sine are real numbers (a regression task); use a regression loss such as MSE, with "
        "no softmax or sigmoid on the output")


def test_binary_cross_entropy_on_regression_targets_is_refused():
    """Before: it trained, with negative losses."""
    assert refusal(sine_with("binary_cross_entropy")) == (
        "loss: binary cross-entropy needs class labels 0 and 1, but the targets of sine are "
        "real numbers (a regression task); use a regression loss such as MSE, with no softmax "
        "or sigmoid on the output")


def test_binary_cross_entropy_on_three_classes_is_refused():
    doc = spiral()
    doc["loss"] = {"type": "binary_cross_entropy"}
    assert refusal(doc) == ("loss: binary cross-entropy is for two classes, but spiral has 3 "
                            "classes; use cross-entropy with a softmax output of 3 units")


def test_a_softmax_output_on_regression_is_refused_by_the_analysis():
    layers = [{"type": "dense", "units": 1}, {"type": "softmax"}]
    assert refusal(sine_with("mse", layers)).startswith(
        "model: The network outputs 1 value through a softmax with the MSE loss, a "
        "classification setup, but the data are a regression task")


def test_cross_entropy_refuses_real_valued_targets_handed_to_it_directly():
    from core.errors import SpecError
    from core.nn.model import Model, Objective
    objective = Objective(Model([{"type": "dense", "units": 1}], 1), "cross_entropy")
    with pytest.raises(SpecError, match="^loss: cross-entropy compares class probabilities"):
        objective.prepare_target(np.array([0.25, -1.5]))


# ------------------------------------------------------------------ weights that overflow

def overflowing(test_fraction):
    doc = exp.default_experiment()
    doc["data"].update(samples=150, test_fraction=test_fraction)
    doc["optimizer"] = {"type": "sgd", "lr": 1e300}
    doc["training"].update(batch_size="full", epochs=1, backend="cpu")
    return exp.normalize(doc)


def test_weights_that_overflow_while_the_loss_looks_finite_diverge_and_are_restored():
    """sgd at lr 1e300, full batch, 1 epoch: the one loss is finite, the weights are not."""
    trainer = Trainer(overflowing(0))
    initial = trainer.model.state_dict()
    finished = trainer.run()
    assert finished.reason == "diverged"
    assert finished.message == (
        "Training diverged at iteration 1 (epoch 1): the weights became NaN or infinite (the "
        "loss was still finite). The last finite weights are kept; try a lower learning rate.")
    state = trainer.model.state_dict()
    assert state.keys() == initial.keys()
    for name, value in initial.items():
        np.testing.assert_array_equal(state[name], value, err_msg=name)


def test_divergence_at_an_epoch_end_names_that_iteration():
    trainer = Trainer(overflowing(0.2))  # the validation loss is NaN at the epoch's end
    finished = trainer.run()
    assert finished.reason == "diverged" and trainer.step_count == 1
    assert finished.message.startswith("Training diverged at iteration 1 (epoch 1): the loss")


def test_stopping_after_an_overflowing_update_keeps_the_last_finite_weights():
    doc = overflowing(0)
    doc["training"].update(batch_size=16, epochs=5)
    trainer = Trainer(doc)
    initial = trainer.model.state_dict()
    trainer.step()
    trainer.request_stop()
    (finished,) = trainer.step()
    assert finished.reason == "diverged" and "the weights became NaN" in finished.message
    for name, value in initial.items():
        np.testing.assert_array_equal(trainer.model.state_dict()[name], value, err_msg=name)


# ------------------------------------------------------------------ batch normalization

def batch_norm_spiral(samples, batch_size, shuffle=True):
    doc = spiral(batch_size=batch_size, epochs=2, shuffle=shuffle)
    doc["data"].update(samples=samples, test_fraction=0)
    doc["model"]["layers"].insert(1, {"type": "batch_norm"})
    return exp.normalize(doc)


def test_batch_norm_with_a_batch_size_of_one_is_refused():
    assert refusal(batch_norm_spiral(150, 1)) == (
        "model: Batch normalization (layer 1) needs at least 2 rows per batch to compute a "
        "mean and a variance, but every batch has 1 row: choose a batch size of 2 or more.")


@pytest.mark.parametrize("shuffle", [True, False])
def test_batch_norm_leaves_a_last_batch_of_one_row_out_of_the_epoch(shuffle):
    trainer = Trainer(batch_norm_spiral(164, 32, shuffle))  # 164 training rows = 5·32 + 4
    assert trainer.n_train == 164 and trainer.n_epoch == 164
    trainer = Trainer(batch_norm_spiral(161, 32, shuffle))  # 161 = 5·32 + 1
    assert trainer.n_train == 161 and trainer.n_epoch == 160
    events = run(trainer)
    sizes = [e.batch_size for e in events if isinstance(e, IterationEvent)]
    assert sizes == [32] * 10
    epochs = [e for e in events if isinstance(e, EpochEvent)]
    losses = [e.loss for e in events if isinstance(e, IterationEvent)]
    assert epochs[0].train_loss == pytest.approx(sum(losses[:5]) / 5, rel=1e-12)
    correct = epochs[0].train_metrics["accuracy"] * 160  # counted over the 160 rows used
    assert correct == pytest.approx(round(correct), abs=1e-9)
    assert events[-1].reason == "completed"


# ------------------------------------------------------------------ memory and data

def test_a_network_that_does_not_fit_in_memory_is_refused_before_allocating(monkeypatch):
    from core.backend import memory as sizing
    monkeypatch.setattr(sizing, "physical_memory", lambda: 2 * 10**9)  # limit: 1 GB
    doc = spiral()
    doc["model"]["layers"][2]["units"] = 8000
    doc["model"]["layers"][0]["units"] = 8000   # 8000·8000 weights: 256 MB in float32
    message = refusal(exp.normalize(doc))
    assert message.startswith("model: the network would have 64,056,003 parameters (256 MB of "
                              "float32 weights; 1.29 GB to train with adam: weights, gradients, "
                              "optimizer state, data and one batch of activations), more than "
                              "the 1 GB limit (half of this computer's 2 GB of memory)")


def test_two_forty_thousand_unit_layers_say_how_big_they_would_be(monkeypatch):
    from core.backend import memory as sizing
    from core.errors import SpecError
    from core.nn.model import Model
    monkeypatch.setattr(sizing, "physical_memory", lambda: 16 * 10**9)
    layers = [{"type": "dense", "units": 40000}, {"type": "relu"},
              {"type": "dense", "units": 40000}]
    with pytest.raises(SpecError) as info:
        Model(layers, 2)
    assert str(info.value) == (
        "model: the network would have 1,600,160,000 parameters (6.4 GB of float32 weights; "
        "19.2 GB with their gradients), more than the 8 GB limit (half of this computer's "
        "16 GB of memory); use fewer or narrower layers")


def test_a_value_beyond_float32_without_standardization_is_refused_naming_it():
    from core.errors import DataError
    doc = sine_with("mse", standardize=False)
    trainer = Trainer(doc)  # the sine itself is fine
    prepared = trainer.prepared
    prepared.train.X[7, 0] = 1e300
    with pytest.raises(DataError) as info:
        Trainer(doc, prepared=prepared)
    assert str(info.value) == ("sine: column 'x' holds the value 1e+300, beyond the largest "
                               "float32 number (3.403e+38); rescale the column or standardize "
                               "the inputs")
