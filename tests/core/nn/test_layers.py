"""Layers and activations: gradient checks in float64 and PyTorch's values (golden file)."""

import numpy as np
import pytest

from core import registry
from core.backend.devices import get_backend
from core.nn.gradient_check import check_layer
from core.nn.model import Model
from tests.core import golden

GOLDEN = golden.load("activations_losses.npz")
F64 = get_backend("cpu", "float64")

# golden case -> layer spec
GOLDEN_CASES = {
    "sigmoid": {"type": "sigmoid"}, "tanh": {"type": "tanh"}, "relu": {"type": "relu"},
    "leaky_relu": {"type": "leaky_relu", "alpha": 0.01}, "elu": {"type": "elu", "alpha": 1.0},
    "gelu": {"type": "gelu"}, "gelu_tanh": {"type": "gelu", "approximate": "tanh"},
    "silu": {"type": "silu"}, "softplus": {"type": "softplus"}, "mish": {"type": "mish"},
    "softmax": {"type": "softmax"}, "identity": {"type": "identity"}, "prelu": {"type": "prelu"},
}


def build(spec, width, backend=F64, seed=0):
    return Model([spec], width, backend, seed=seed).layers[0]


def away_from_kinks(x):
    """Keep ReLU-family inputs away from 0, where the derivative jumps."""
    x = np.array(x, dtype=np.float64)
    x[np.abs(x) < 1e-2] = 0.1
    return x


@pytest.mark.parametrize("case", sorted(GOLDEN_CASES))
def test_activation_matches_pytorch(case, backend):
    be = get_backend(backend, "float64")
    layer = build(GOLDEN_CASES[case], 5, be)
    x, w = GOLDEN[f"act.{case}.x"], GOLDEN[f"act.{case}.w"]
    y = be.to_host(layer.forward(be.asarray(x.copy()), training=True))
    np.testing.assert_allclose(y, GOLDEN[f"act.{case}.y"], rtol=1e-10, atol=1e-12)
    grad = be.to_host(layer.backward(be.asarray(w.copy())))
    np.testing.assert_allclose(grad, GOLDEN[f"act.{case}.grad"], rtol=1e-9, atol=1e-12)
    if case == "prelu":
        np.testing.assert_allclose(be.to_host(layer.grads["weight"]),
                                   GOLDEN["act.prelu.weight_grad"], rtol=1e-10)


HUGE = sorted(k.split(".")[1] for k in GOLDEN if k.startswith("act.") and
              k.endswith("_huge.x"))


@pytest.mark.parametrize("case", HUGE)
def test_huge_inputs_stay_finite_and_match_pytorch(case, backend):
    be = get_backend(backend, "float64")
    base = case[: -len("_huge")]
    layer = build(GOLDEN_CASES[base], 5, be)
    x, w = GOLDEN[f"act.{case}.x"], GOLDEN[f"act.{case}.w"]
    with np.errstate(over="raise", invalid="raise"):
        y = be.to_host(layer.forward(be.asarray(x.copy()), training=True))
        grad = be.to_host(layer.backward(be.asarray(w.copy())))
    assert np.isfinite(y).all() and np.isfinite(grad).all()
    np.testing.assert_allclose(y, GOLDEN[f"act.{case}.y"], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(grad, GOLDEN[f"act.{case}.grad"], rtol=1e-7, atol=1e-9)


def all_layer_specs():
    specs = []
    for entry in registry.entries("layer"):
        if entry.factory.needs_images:
            continue  # checked on images in test_image_layers.py
        spec = {"type": entry.name}
        if entry.name == "dense":
            spec["units"] = 4
        specs.append(spec)
    specs += [{"type": "gelu", "approximate": "tanh"}, {"type": "dense", "units": 3, "bias": False},
              {"type": "softplus", "beta": 2.0}, {"type": "leaky_relu", "alpha": 0.2}]
    return specs


@pytest.mark.parametrize("spec", all_layer_specs(), ids=lambda s: "-".join(map(str, s.values())))
def test_every_layer_passes_gradient_check(spec):
    rng = np.random.default_rng(1)
    layer = build(spec, 5)
    x = away_from_kinks(rng.standard_normal((8, 5)) * 2)
    result = check_layer(layer, x)
    assert result.errors, "the check compared nothing"
    assert result.max_error < 1e-6, result.errors
    if spec["type"] == "prelu":
        assert "weight" in result.errors  # the learnable slope is checked too
    if spec["type"] == "batch_norm":
        assert {"weight", "bias", "input"} <= set(result.errors)


def test_gradient_check_detects_a_wrong_backward():
    layer = build({"type": "tanh"}, 3)
    layer.derivative = lambda x, y: 1.0 - y  # wrong on purpose
    x = np.random.default_rng(0).standard_normal((4, 3))
    assert check_layer(layer, x).max_error > 1e-3


def test_dense_shapes_and_pytorch_names():
    model = Model([{"type": "dense", "units": 7}, {"type": "prelu"}, {"type": "dense", "units": 2}],
                  3, F64)
    params = model.parameters()
    assert list(params) == ["0.weight", "0.bias", "1.weight", "2.weight", "2.bias"]
    assert params["0.weight"].shape == (7, 3) and params["1.weight"].shape == (1,)
    assert params["1.weight"][0] == 0.25
    x = np.ones((5, 3))
    np.testing.assert_allclose(model.layers[0].forward(x), x @ params["0.weight"].T + params["0.bias"])


def test_dropout_is_inverted_in_training_and_off_in_evaluation(backend):
    be = get_backend(backend, "float64")
    layer = build({"type": "dropout", "p": 0.25}, 1000, backend=be)
    x = be.xp.ones((200, 1000))
    y = be.to_host(layer.forward(x, training=True))
    kept = y != 0
    assert abs(kept.mean() - 0.75) < 0.01
    np.testing.assert_allclose(y[kept], 1 / 0.75)
    np.testing.assert_array_equal(be.to_host(layer.forward(x, training=False)), 1.0)


def test_batch_norm_running_statistics_and_eval_mode():
    rng = np.random.default_rng(0)
    layer = build({"type": "batch_norm", "momentum": 0.1}, 3)
    x = rng.normal(5.0, 2.0, (64, 3))
    y = layer.forward(x, training=True)
    np.testing.assert_allclose(y.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=0), 1, atol=1e-3)
    # PyTorch: running_mean = 0.9·0 + 0.1·mean; running_var = 0.9·1 + 0.1·unbiased var
    np.testing.assert_allclose(layer.buffers["running_mean"], 0.1 * x.mean(axis=0))
    np.testing.assert_allclose(layer.buffers["running_var"], 0.9 + 0.1 * x.var(axis=0, ddof=1))
    expected = (x - layer.buffers["running_mean"]) / np.sqrt(layer.buffers["running_var"] + 1e-5)
    np.testing.assert_allclose(layer.forward(x, training=False), expected)
    assert int(layer.buffers["num_batches_tracked"]) == 1


def test_float32_is_the_default_dtype():
    model = Model([{"type": "dense", "units": 4}, {"type": "relu"}], 3)
    assert all(p.dtype == np.float32 for p in model.parameters().values())
    out = model.forward(np.ones((2, 3), dtype=np.float32))
    assert out.dtype == np.float32


def test_unknown_layer_and_bad_field_name_index_and_field():
    from core.errors import SpecError
    with pytest.raises(SpecError, match=r"model\.layers\[1\]\.type: expected one of .*got \"convolution\""):
        Model([{"type": "dense", "units": 3}, {"type": "convolution"}], 2)
    with pytest.raises(SpecError, match=r"model\.layers\[3\]\.units: expected a positive integer.*got -4"):
        Model([{"type": "dense", "units": 3}, {"type": "relu"}, {"type": "dense", "units": 3},
               {"type": "dense", "units": -4}], 2)
    with pytest.raises(SpecError, match=r"model\.layers\[0\]\.units: .*got \"ten\""):
        Model([{"type": "dense", "units": "ten"}], 2)
    with pytest.raises(SpecError, match=r"model\.layers\[0\]\.p: expected a number between 0 and 0.95, got 2"):
        Model([{"type": "dropout", "p": 2}], 2)
    with pytest.raises(SpecError, match=r"model\.layers\[0\]\.colour: unknown field"):
        Model([{"type": "relu", "colour": "red"}], 2)
