"""One step explained: its numbers are the engine's, and its update is what the trainer applies."""

import copy

import numpy as np
import pytest

from core.errors import SpecError
from core.experiment import default_experiment, normalize
from core.training.step_explanation import (
    explain_trainer_step,
    next_batch_rows,
    state_scales,
)
from core.training.trainer import Trainer


def trainer_for(optimizer: dict, batch: int = 4, dtype: str = "float32", layers=None,
                l2: float = 0.0, steps: int = 3) -> Trainer:
    e = copy.deepcopy(default_experiment())
    e["optimizer"] = optimizer
    e["training"].update(batch_size=batch, backend="cpu", dtype=dtype, l2=l2)
    if layers is not None:
        e["model"]["layers"] = layers
    t = Trainer(e)
    for _ in range(steps):
        t.step()
    return t


@pytest.mark.parametrize("optimizer", [
    {"type": "sgd", "lr": 0.1},
    {"type": "sgd", "lr": 0.05, "momentum": 0.9},
    {"type": "sgd", "lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-3},
    {"type": "adam", "lr": 0.01},
    {"type": "rmsprop", "lr": 0.01, "momentum": 0.5},
])
def test_the_explained_update_is_what_the_trainer_applies(optimizer):
    t = trainer_for(optimizer, l2=1e-3)
    weights = t.model.state_dict()
    ex = explain_trainer_step(t)
    assert t.model.state_dict().keys() == weights.keys()
    for name, w in t.model.state_dict().items():   # the explanation changed nothing
        assert np.array_equal(w, weights[name])
    assert t.optimizer.step_count == 3 and ex.step_before == 3
    (event,) = [e for e in t.step() if type(e).__name__ == "IterationEvent"]
    assert ex.loss == event.loss
    after = t.model.state_dict()
    for update in ex.updates:
        assert np.array_equal(update.before, weights[update.name])
        assert np.array_equal(update.after, after[update.name]), update.name


def test_a_second_explanation_follows_the_trainer_into_the_next_epoch():
    t = trainer_for({"type": "adam", "lr": 0.01}, batch=8, steps=0)
    t.iterations_per_epoch = 2   # the next step after two starts a freshly shuffled epoch
    for _ in range(3):
        rows = next_batch_rows(t)
        ex = explain_trainer_step(t)
        assert ex.rows == tuple(rows)
        t.step()
        assert all(np.array_equal(u.after, t.model.state_dict()[u.name]) for u in ex.updates)


def test_dropout_draws_the_same_mask_as_the_trainer():
    layers = [{"type": "dense", "units": 6}, {"type": "relu"}, {"type": "dropout", "p": 0.5},
              {"type": "dense", "units": 3}, {"type": "softmax"}]
    t = trainer_for({"type": "sgd", "lr": 0.1}, layers=layers)
    ex = explain_trainer_step(t)
    t.step()
    assert np.array_equal(ex.update("3.weight").after, t.model.state_dict()["3.weight"])
    assert (ex.columns[0].a == 0).any()


def test_plain_sgd_steps_by_minus_lr_times_the_gradient():
    t = trainer_for({"type": "sgd", "lr": 0.1})
    ex = explain_trainer_step(t)
    for u in ex.updates:
        assert u.state_before == {} and u.penalty is None
        assert np.array_equal(u.after, u.before + u.gradient * np.float32(-0.1))


def test_momentum_and_adam_state_follow_their_formulas():
    t = trainer_for({"type": "sgd", "lr": 0.05, "momentum": 0.9})
    u = explain_trainer_step(t).update("2.weight")
    b0, b1 = u.state_before["momentum buffer"], u.state_after["momentum buffer"]
    np.testing.assert_allclose(b1, 0.9 * b0 + u.gradient, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(u.delta, -0.05 * b1, rtol=1e-4, atol=2e-7)

    t = trainer_for({"type": "adam", "lr": 0.01})
    ex = explain_trainer_step(t)
    u = ex.update("0.weight")
    g = u.gradient.astype(np.float64)
    m = 0.9 * u.state_before["m"] + 0.1 * g
    v = 0.999 * u.state_before["v"] + 0.001 * g * g
    np.testing.assert_allclose(u.state_after["m"], m, rtol=1e-5, atol=1e-9)
    np.testing.assert_allclose(u.state_after["v"], v, rtol=1e-5, atol=1e-12)
    step = ex.step_before + 1
    expected = -0.01 * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    np.testing.assert_allclose(u.delta, expected, rtol=1e-3, atol=1e-7)
    assert set(state_scales(t.optimizer)) == {"m", "v", "vmax"}


def test_forward_and_backward_numbers_are_the_engines():
    t = trainer_for({"type": "adam", "lr": 0.01})
    ex = explain_trainer_step(t)
    x = t.x_train[np.asarray(ex.rows)]
    model = t.model
    c0, c1, c2 = ex.columns
    assert (c0.layer, c0.end, c1.layer, c2.layer, c2.end) == (0, 1, 2, 4, 5)
    assert c0.after == ("relu",) and c2.after == ("softmax",)
    assert np.array_equal(c0.z, model.forward(x, stop=1))
    assert np.array_equal(c0.a, model.forward(x, stop=2))
    assert np.array_equal(c1.inputs, c0.a)
    assert np.array_equal(c2.z, model.forward(x, stop=5))
    assert np.array_equal(c2.a, model.forward(x))
    assert np.array_equal(ex.prediction, c2.a)
    onehot = np.eye(3)[ex.labels]
    np.testing.assert_allclose(c2.delta, (c2.a - onehot) / 4, atol=1e-7)
    np.testing.assert_allclose(c1.delta, c1.grad_a * (c1.z > 0), atol=0)
    np.testing.assert_allclose(ex.update("4.weight").gradient, c2.delta.T @ c1.a,
                               rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(ex.update("2.bias").gradient, c1.delta.sum(axis=0),
                               rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(ex.sample_losses, -np.log(c2.a[np.arange(4), ex.labels]),
                               rtol=1e-5)
    assert ex.data_loss == pytest.approx(ex.sample_losses.mean(), rel=1e-6)
    t.step()   # the trainer's gradient arrays now hold the same batch's gradients
    for u in ex.updates:
        assert np.array_equal(u.gradient, np.asarray(model.gradients()[u.name]))


def test_one_gradient_matches_a_central_difference_in_float64():
    layers = [{"type": "dense", "units": 5}, {"type": "tanh"}, {"type": "dense", "units": 4},
              {"type": "sigmoid"}, {"type": "dense", "units": 3}, {"type": "softmax"}]
    t = trainer_for({"type": "sgd", "lr": 0.1}, dtype="float64", layers=layers)
    ex = explain_trainer_step(t)
    x = t.x_train[np.asarray(ex.rows)]
    target = t.t_train[np.asarray(ex.rows)]
    w = t.model.parameters()["2.weight"]
    eps, (i, j) = 1e-6, (1, 3)
    keep = w[i, j]
    w[i, j] = keep + eps
    up = float(t.objective.loss_value(x, target))
    w[i, j] = keep - eps
    down = float(t.objective.loss_value(x, target))
    w[i, j] = keep
    numeric = (up - down) / (2 * eps)
    analytic = ex.update("2.weight").gradient[i, j]
    c = ex.columns[1]
    assert analytic == pytest.approx(float(c.delta[:, i] @ c.inputs[:, j]), rel=1e-12)
    assert abs(analytic - numeric) / max(abs(numeric), 1e-12) < 1e-6


def test_bad_rows_get_one_sentence():
    t = trainer_for({"type": "sgd", "lr": 0.1}, steps=0)
    with pytest.raises(SpecError, match="expected a row of the training set, 0 to 479, got 480"):
        explain_trainer_step(t, [480])
    with pytest.raises(SpecError, match="1 to 1,024 samples; this batch has 1,025: choose "
                                        "one training sample instead"):
        explain_trainer_step(t, np.arange(1025) % 480)


def test_the_first_step_starts_the_momentum_buffer_at_the_gradient():
    t = trainer_for({"type": "sgd", "lr": 0.05, "momentum": 0.9}, steps=0)
    ex = explain_trainer_step(t)
    u = ex.update("0.weight")
    assert ex.step_before == 0 and u.state_before == {}
    assert np.array_equal(u.state_after["momentum buffer"], u.gradient)
    t.step()
    assert np.array_equal(u.after, t.model.state_dict()["0.weight"])


@pytest.mark.parametrize("data, loss, last", [
    ({"source": "sine", "samples": 200, "noise": 0.1}, "mse", []),
    ({"source": "circle", "samples": 200, "noise": 0.1}, "binary_cross_entropy",
     [{"type": "sigmoid"}]),
])
def test_regression_and_two_class_losses_are_explained_too(data, loss, last):
    e = copy.deepcopy(default_experiment())
    e["data"] = data
    e["loss"] = {"type": loss}
    e["model"]["layers"] = [{"type": "dense", "units": 4}, {"type": "tanh"},
                            {"type": "dense", "units": 1}, *last]
    e["optimizer"] = {"type": "adam", "lr": 0.01}
    e["training"].update(batch_size=5, backend="cpu")
    t = Trainer(normalize(e))
    t.step()
    ex = explain_trainer_step(t)
    out = ex.columns[-1]
    assert out.grad_a is None if last else out.grad_a is not None
    assert ex.data_loss == pytest.approx(ex.sample_losses.mean(), rel=1e-5)
    if loss == "mse":
        np.testing.assert_allclose(ex.sample_losses, ((ex.prediction - ex.target) ** 2)[:, 0],
                                   rtol=1e-5)
    else:
        p = ex.prediction[:, 0]
        y = ex.target[:, 0]
        np.testing.assert_allclose(ex.sample_losses, -(y * np.log(p) + (1 - y) * np.log(1 - p)),
                                   rtol=1e-4)
    t.step()
    assert all(np.array_equal(u.after, t.model.state_dict()[u.name]) for u in ex.updates)


@pytest.mark.parametrize("optimizer", [{"type": "sgd", "lr": 0.05, "momentum": 0.9},
                                       {"type": "adam", "lr": 0.01}])
def test_a_frozen_layer_is_explained_with_the_update_the_trainer_applies_none(optimizer):
    t = trainer_for(optimizer, l2=1e-3)
    t.set_frozen(0, True)
    weights = t.model.state_dict()
    ex = explain_trainer_step(t)
    t.step()
    after = t.model.state_dict()
    for update in ex.updates:
        assert np.array_equal(update.after, after[update.name]), update.name
    assert np.array_equal(ex.update("0.weight").after, weights["0.weight"])
    assert not np.any(ex.update("0.weight").delta)


def test_batch_norm_and_dropout_between_z_and_a_are_kept_with_the_engines_numbers():
    layers = [{"type": "dense", "units": 8}, {"type": "batch_norm"}, {"type": "relu"},
              {"type": "dropout", "p": 0.5}, {"type": "dense", "units": 3},
              {"type": "softmax"}]
    t = trainer_for({"type": "sgd", "lr": 0.1}, batch=6, layers=layers)
    ex = explain_trainer_step(t)
    c = ex.columns[0]
    bn, relu, drop = c.stages
    assert (bn.type, relu.type, drop.type) == ("batch_norm", "relu", "dropout")
    assert np.array_equal(bn.inputs, c.z) and np.array_equal(drop.output, c.a)
    v = bn.values
    np.testing.assert_allclose(v["mean"], c.z.mean(axis=0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(v["var"], c.z.var(axis=0), rtol=1e-4, atol=1e-6)
    assert np.array_equal(v["gamma"], ex.update("1.weight").before)
    assert np.array_equal(v["beta"], ex.update("1.bias").before)
    np.testing.assert_allclose(
        v["gamma"] * (c.z - v["mean"]) / np.sqrt(v["var"] + v["eps"]) + v["beta"],
        bn.output, rtol=1e-5, atol=1e-6)
    assert np.array_equal(relu.output, np.maximum(relu.inputs, 0))
    assert set(np.unique(drop.values["mask"])) == {0.0, 2.0} and drop.values["p"] == 0.5
    assert np.array_equal(drop.output, drop.inputs * drop.values["mask"])
    # backward through the same layers, from ∂L/∂a down to δ = ∂L/∂z
    assert np.array_equal(drop.grad_out, c.grad_a)
    assert np.array_equal(drop.grad_in, c.grad_a * drop.values["mask"])
    assert np.array_equal(relu.grad_in, relu.grad_out * (relu.inputs > 0))
    xhat = (c.z - v["mean"]) / np.sqrt(v["var"] + v["eps"])
    g = bn.grad_out
    expected = v["gamma"] / np.sqrt(v["var"] + v["eps"]) * (
        g - g.mean(axis=0) - xhat * (g * xhat).mean(axis=0))
    np.testing.assert_allclose(bn.grad_in, expected, rtol=1e-4, atol=1e-7)
    assert np.array_equal(bn.grad_in, c.delta) and ex.columns[1].stages == ()
    t.step()
    assert all(np.array_equal(u.after, t.model.state_dict()[u.name]) for u in ex.updates)


def test_frozen_parameters_and_the_layers_before_the_first_dense_are_named():
    t = trainer_for({"type": "adam", "lr": 0.01})
    t.set_frozen(2, True)
    ex = explain_trainer_step(t)
    assert [u.name for u in ex.updates if u.frozen] == ["2.weight", "2.bias"]
    assert ex.before == ()
