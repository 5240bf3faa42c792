"""Losses: PyTorch's values and gradients (golden file), gradient checks, fused paths."""

import numpy as np
import pytest

from core.backend.devices import get_backend
from core.nn.gradient_check import check_network, numeric_gradient, relative_error
from core.nn.losses import make_loss
from core.nn.model import Model, Objective
from tests.core import golden

GOLDEN = golden.load("activations_losses.npz")
F64 = get_backend("cpu", "float64")

# golden case -> (loss spec, how the target is given to the loss)
CASES = {
    "mse": ("mse", "raw"), "mse_col": ("mse", "raw"), "mae": ("mae", "raw"),
    "mae_col": ("mae", "raw"), "huber_1": ({"type": "huber", "delta": 1.0}, "raw"),
    "huber_1_col": ({"type": "huber", "delta": 1.0}, "raw"),
    "huber_0_5": ({"type": "huber", "delta": 0.5}, "raw"),
    "huber_0_5_col": ({"type": "huber", "delta": 0.5}, "raw"),
    "bce_logits": ("binary_cross_entropy", "raw"), "bce_logits_col": ("binary_cross_entropy", "raw"),
    "bce_logits_huge": ("binary_cross_entropy", "raw"),
    "ce_int": ("cross_entropy", "index"), "ce_huge": ("cross_entropy", "index"),
    "ce_onehot": ("cross_entropy", "raw"), "ce_soft": ("cross_entropy", "raw"),
    "ce_smooth": ({"type": "cross_entropy", "label_smoothing": 0.1}, "index"),
}


def test_every_golden_loss_case_is_covered():
    golden = {k.split(".")[1] for k in GOLDEN if k.startswith("loss.")}
    assert golden - {"bce_probs"} == set(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_loss_matches_pytorch(case, backend):
    be = get_backend(backend, "float64")
    spec, kind = CASES[case]
    loss = make_loss(spec)
    pred, target = GOLDEN[f"loss.{case}.pred"], GOLDEN[f"loss.{case}.target"]
    if kind == "index":
        target = loss.prepare_target(be.xp.asarray(target.astype(np.int64)), pred.shape[1],
                                     be.xp, np.float64)
    else:
        target = be.asarray(target)
    with np.errstate(over="raise", invalid="raise"):
        value, grad = loss(be.asarray(pred.copy()), target)
    value, grad = float(value), be.to_host(grad)
    assert np.isfinite(value)
    np.testing.assert_allclose(value, GOLDEN[f"loss.{case}.value"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(grad, GOLDEN[f"loss.{case}.grad"], rtol=1e-9, atol=1e-14)


def test_sigmoid_then_bce_equals_pytorch_bce_on_probabilities():
    """BCELoss on probabilities p = σ(z): the fused path on z gives the same value."""
    p, t = GOLDEN["loss.bce_probs.pred"], GOLDEN["loss.bce_probs.target"]
    z = np.log(p / (1 - p))
    value, grad_z = make_loss("binary_cross_entropy")(z, t)
    np.testing.assert_allclose(value, GOLDEN["loss.bce_probs.value"], rtol=1e-10)
    # chain rule: dL/dz = dL/dp · p(1 − p)
    np.testing.assert_allclose(grad_z, GOLDEN["loss.bce_probs.grad"] * p * (1 - p), rtol=1e-9)


@pytest.mark.parametrize("spec", ["mse", "mae", {"type": "huber", "delta": 0.7},
                                  "binary_cross_entropy", "cross_entropy",
                                  {"type": "cross_entropy", "label_smoothing": 0.2}],
                         ids=str)
def test_loss_gradient_check(spec):
    rng = np.random.default_rng(3)
    loss = make_loss(spec)
    pred = rng.standard_normal((6, 3))
    target = rng.standard_normal((6, 3))
    if loss.type_name == "binary_cross_entropy":
        target = (target > 0).astype(float)
    elif loss.type_name == "cross_entropy":
        target = loss.prepare_target(rng.integers(0, 3, 6), 3, np, np.float64)
    _, grad = loss(pred.copy(), target)
    num = numeric_gradient(lambda: float(loss(pred.copy(), target)[0]), pred)
    assert relative_error(num, grad) < 1e-6


@pytest.mark.parametrize("last, loss, n_out", [("softmax", "cross_entropy", 3),
                                                ("sigmoid", "binary_cross_entropy", 1)])
def test_fused_path_gradient_check_through_the_network(last, loss, n_out):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((12, 4))
    y = rng.integers(0, max(n_out, 2), 12)
    layers = [{"type": "dense", "units": 6}, {"type": "tanh"}, {"type": "dense", "units": n_out},
              {"type": last}]
    result = check_network(layers, loss, x, y)
    assert result.max_error < 1e-6, result.errors


@pytest.mark.parametrize("last, loss, n_out", [("softmax", "cross_entropy", 3),
                                                ("sigmoid", "binary_cross_entropy", 1)])
def test_huge_logits_never_give_nan(last, loss, n_out, backend):
    be = get_backend(backend, "float64")
    model = Model([{"type": "dense", "units": n_out}, {"type": last}], 2, be)
    w = model.parameters()["0.weight"]
    w[...] = be.asarray(np.random.default_rng(0).standard_normal(w.shape) * 1e6)  # ±1e6 logits
    objective = Objective(model, loss)
    assert objective.fused
    x = be.asarray(np.array([[1.0, 2.0], [-3.0, 1.0]]))
    target = objective.prepare_target(be.xp.asarray(np.array([0, 1])))
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value, _ = objective.loss_and_grad(x, target)
    assert np.isfinite(float(value)) and float(value) > 1e5
    assert all(np.isfinite(be.to_host(g)).all() for g in model.gradients().values())


def test_unfused_when_output_is_not_the_matching_activation():
    model = Model([{"type": "dense", "units": 3}, {"type": "softmax"}], 2, F64)
    assert not Objective(model, "mse").fused
    assert Objective(model, "cross_entropy").fused


def test_regression_loss_targets_one_hot_for_class_outputs():
    loss = make_loss("mse")
    t = loss.prepare_target(np.array([2, 0]), 3, np, np.float64)
    np.testing.assert_array_equal(t, [[0, 0, 1], [1, 0, 0]])
    assert loss.prepare_target(np.array([1.5, 2.5]), 1, np, np.float64).shape == (2, 1)
