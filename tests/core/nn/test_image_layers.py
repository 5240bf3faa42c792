"""The image layers as whole layers: PyTorch's values for networks of them (golden file),
float64 gradient checks, their class facts against what they build, batch norm and dropout
on image batches, activations on any shape, and the sentences that refuse a misfit."""

from __future__ import annotations

import numpy as np
import pytest

from core import registry
from core.backend.devices import get_backend
from core.errors import SpecError
from core.nn.analysis.counting import count_parameters, flops_per_step, output_shapes
from core.nn.gradient_check import check_layer, check_network
from core.nn.layers.base import layer_class
from core.nn.model import Model, Objective
from core.optim.adam import Adam
from tests.core.golden import golden_cases, load

F64 = get_backend("cpu", "float64")
GOLDEN = load("conv.npz")
NET_CASES = golden_cases("make_golden_conv").NET_CASES
IMAGE_TYPES = [n for n in registry.names("layer") if layer_class(n).needs_images]


def golden_model(name: str, reuse: bool) -> tuple[Model, dict]:
    case = NET_CASES[name]
    prefix = f"net.{name}."
    arrays = {k[len(prefix):]: v for k, v in GOLDEN.items() if k.startswith(prefix)}
    model = Model(case["layers"], case["input"][1:], F64)
    state = {k[len("state."):]: v for k, v in arrays.items() if k.startswith("state.")}
    model.load_state_dict(state, "the golden state")  # PyTorch's names and shapes, strict
    model.layers[0].needs_input_grad = True
    model.reuse_buffers = reuse
    return model, arrays


@pytest.mark.parametrize("reuse", [False, True], ids=["fresh", "reused-buffers"])
@pytest.mark.parametrize("name", sorted(NET_CASES))
def test_whole_layers_match_pytorch(name, reuse):
    model, g = golden_model(name, reuse)
    state = {k[len("state."):]: v for k, v in g.items() if k.startswith("state.")}
    for _ in range(2 if reuse else 1):  # a second pass runs in the buffers of the first
        y = model.forward(g["x"], training=True)
        np.testing.assert_allclose(y, g["y_train"], rtol=1e-10, atol=1e-12)
        grad_x = model.backward(g["grad_y"].copy())
        np.testing.assert_allclose(grad_x, g["grad_x"], rtol=1e-10, atol=1e-12)
        for pname, grad in model.gradients().items():
            np.testing.assert_allclose(grad, g[f"grad.{pname}"], rtol=1e-10, atol=1e-12)
        model.load_state_dict(state)  # back to the running statistics before the pass
    model.forward(g["x"], training=True)  # one pass from the golden state: running stats
    for bname, buffer in model.buffers().items():
        if not bname.endswith("num_batches_tracked"):
            np.testing.assert_allclose(buffer, g[f"after.{bname}"], rtol=1e-12)
    np.testing.assert_allclose(model.forward(g["x"], training=False), g["y_eval"],
                               rtol=1e-10, atol=1e-12)


def test_the_golden_networks_cover_every_image_layer_and_pytorch_names():
    used = {spec["type"] for case in NET_CASES.values() for spec in case["layers"]}
    assert set(IMAGE_TYPES) | {"flatten", "batch_norm"} <= used
    names = {k.split(".state.")[1] for k in GOLDEN if k.startswith("net.conv_s2") and
             ".state." in k}
    assert names == {"0.weight", "0.bias", "4.weight", "4.bias"}
    assert GOLDEN["net.conv_s2_p1_relu_maxpool_dense.state.0.weight"].shape == (4, 3, 3, 3)


STACKS = {
    "conv-bn-tanh-maxpool-conv-avgpool-dense": (
        [{"type": "conv2d", "filters": 3, "kernel_size": 3, "padding": 1},
         {"type": "batch_norm"}, {"type": "tanh"}, {"type": "max_pool2d"},
         {"type": "conv2d", "filters": 4, "kernel_size": 2, "stride": 2, "padding": "valid"},
         {"type": "avg_pool2d", "pool_size": 2, "stride": 1},
         {"type": "flatten"}, {"type": "dense", "units": 3}, {"type": "softmax"}],
        (2, 8, 10)),
    "conv-same-elu-global-dense": (
        [{"type": "conv2d", "filters": 2, "kernel_size": 4, "padding": "same", "bias": False},
         {"type": "elu"}, {"type": "global_avg_pool2d"}, {"type": "flatten"},
         {"type": "dense", "units": 3}, {"type": "softmax"}],
        (1, 5, 7)),
    "conv-stride3-sigmoid-dropout-dense": (
        [{"type": "conv2d", "filters": 2, "kernel_size": 3, "stride": 3, "padding": 2},
         {"type": "sigmoid"}, {"type": "dropout", "p": 0.3}, {"type": "flatten"},
         {"type": "dense", "units": 3}, {"type": "softmax"}],
        (3, 6, 6)),
}


@pytest.mark.parametrize("name", sorted(STACKS))
def test_networks_of_image_layers_pass_the_float64_gradient_check(name):
    layers, shape = STACKS[name]
    rng = np.random.default_rng(5)
    x = rng.standard_normal((4, *shape))
    result = check_network(layers, "cross_entropy", x, np.array([0, 1, 2, 1]), max_coords=60)
    assert any(k.startswith("0.") for k in result.errors)
    assert result.max_error < 1e-6, result.errors


@pytest.mark.parametrize("spec", [
    {"type": "conv2d", "filters": 3, "kernel_size": 3, "stride": 2, "padding": 1},
    {"type": "conv2d", "filters": 2, "kernel_size": 2, "padding": "same"},
    {"type": "max_pool2d", "pool_size": 2},
    {"type": "avg_pool2d", "pool_size": 3, "stride": 1},
    {"type": "global_avg_pool2d"}, {"type": "flatten"}, {"type": "batch_norm"},
    {"type": "relu"}, {"type": "gelu"}, {"type": "prelu"}, {"type": "dropout", "p": 0.4},
], ids=lambda s: "-".join(map(str, s.values())))
def test_each_layer_passes_the_gradient_check_on_images(spec):
    layer = Model([spec], (2, 5, 6), F64).layers[0]
    layer.needs_input_grad = True
    x = np.random.default_rng(2).standard_normal((3, 2, 5, 6))
    x[np.abs(x) < 1e-2] = 0.1  # away from ReLU's kink
    result = check_layer(layer, x)
    assert "input" in result.errors and result.max_error < 1e-6, result.errors


@pytest.mark.parametrize("name", IMAGE_TYPES + ["flatten", "batch_norm", "dropout", "relu"])
def test_class_facts_equal_the_built_layer_on_images(name):
    spec = registry.normalize("layer", name, "layer")
    cls = layer_class(name)
    shape = (3, 9, 8)
    layer = cls(**{k: v for k, v in spec.items() if k != "type"})
    out = layer.build(shape, F64, np.random.default_rng(0))
    assert layer.in_shape == shape and cls.output_shape(spec, shape) == layer.out_shape
    assert out == layer.out_width == int(np.prod(layer.out_shape))
    assert cls.parameter_shapes(spec, shape) == {n: a.shape for n, a in layer.params.items()}
    assert cls.buffer_shapes(spec, shape) == {n: a.shape for n, a in layer.buffers.items()}
    y = layer.forward(np.ones((2, *shape)), training=False)
    assert y.shape == (2, *layer.out_shape)


def test_shapes_counts_and_work_of_a_lenet():
    layers = [{"type": "conv2d", "filters": 6, "kernel_size": 5}, {"type": "relu"},
              {"type": "max_pool2d"}, {"type": "conv2d", "filters": 16, "kernel_size": 5},
              {"type": "relu"}, {"type": "max_pool2d"}, {"type": "flatten"},
              {"type": "dense", "units": 120}, {"type": "relu"},
              {"type": "dense", "units": 84}, {"type": "relu"}, {"type": "dense", "units": 10}]
    specs = [registry.normalize("layer", s, "layer") for s in layers]
    assert output_shapes(specs, (1, 28, 28))[:7] == [
        (6, 24, 24), (6, 24, 24), (6, 12, 12), (16, 8, 8), (16, 8, 8), (16, 4, 4), (256,)]
    model = Model(layers, (1, 28, 28), F64)
    assert model.state_dict()["0.weight"].shape == (6, 1, 5, 5)
    assert model.state_dict()["3.weight"].shape == (16, 6, 5, 5)
    assert model.state_dict()["7.weight"].shape == (120, 256)
    expected = 6 * 25 + 6 + 16 * 150 + 16 + 256 * 120 + 120 + 120 * 84 + 84 + 84 * 10 + 10
    assert count_parameters(specs, (1, 28, 28)) == model.n_params() == expected
    macs = 24 * 24 * 6 * 25 + 8 * 8 * 16 * 150 + 256 * 120 + 120 * 84 + 84 * 10
    assert flops_per_step(layers, (1, 28, 28), 64) == 3 * 2 * 64 * macs
    assert model.input_width == 784 and model.output_width == 10


def test_flat_rows_are_viewed_as_images_and_predict_agrees():
    layers, shape = STACKS["conv-same-elu-global-dense"]
    model = Model(layers, shape, F64, seed=3)
    x = np.random.default_rng(0).standard_normal((5, *shape))
    np.testing.assert_array_equal(model.predict(x.reshape(5, -1)), model.predict(x))
    assert model.predict(x).shape == (5, 3)


def test_batch_norm_on_images_normalizes_each_channel_like_batchnorm2d():
    model = Model([{"type": "batch_norm", "momentum": 0.5}], (2, 3, 4), F64)
    x = np.random.default_rng(0).standard_normal((5, 2, 3, 4)) * [[[3.0]], [[0.5]]] + 7
    y = model.forward(x, training=True)
    np.testing.assert_allclose(y.mean(axis=(0, 2, 3)), 0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=(0, 2, 3)), 1, rtol=1e-4)
    n = 5 * 3 * 4
    np.testing.assert_allclose(model.buffers()["0.running_mean"],
                               0.5 * x.mean(axis=(0, 2, 3)), rtol=1e-12)
    np.testing.assert_allclose(model.buffers()["0.running_var"],
                               0.5 + 0.5 * x.var(axis=(0, 2, 3)) * n / (n - 1), rtol=1e-12)
    assert model.state_dict()["0.weight"].shape == (2,)


def test_dropout_on_images_zeroes_single_values_and_rescales():
    model = Model([{"type": "dropout", "p": 0.25}], (4, 10, 10), F64)
    x = np.ones((8, 4, 10, 10))
    y = model.forward(x, training=True)
    kept = y != 0
    assert y.shape == x.shape and set(np.unique(y)) == {0.0, 1 / 0.75}
    assert 0.7 < kept.mean() < 0.8
    assert np.array_equal(model.forward(x, training=False), x)


@pytest.mark.parametrize("name", ["relu", "leaky_relu", "sigmoid", "tanh", "elu", "gelu",
                                  "silu", "softplus", "mish", "identity", "prelu"])
def test_activations_work_on_image_batches_value_by_value(name):
    x = np.random.default_rng(1).standard_normal((3, 2, 4, 5))
    image = Model([name], (2, 4, 5), F64).forward(x, training=True)
    flat = Model([name], (40,), F64).forward(x.reshape(3, 40), training=True)
    np.testing.assert_array_equal(image.reshape(3, 40), flat)


def test_misfits_are_refused_with_one_sentence():
    with pytest.raises(SpecError, match=r"dense layer gets images of shape 1×8×8 .*insert a "
                                        r"flatten layer before it"):
        Model([{"type": "dense", "units": 3}], (1, 8, 8))
    with pytest.raises(SpecError, match=r"conv2d layer works on images .* flat vectors of 64 "
                                        r"features"):
        Model([{"type": "conv2d"}], 64)
    with pytest.raises(SpecError, match=r"the 5×5 window is larger than its 4×4 input"):
        Model([{"type": "conv2d", "kernel_size": 5}], (1, 4, 4))
    with pytest.raises(SpecError, match=r"padding: expected a non-negative integer, \"same\" "
                                        r"or \"valid\", got \"full\""):
        Model([{"type": "conv2d", "padding": "full"}, {"type": "flatten"}], (1, 8, 8))
    with pytest.raises(SpecError, match=r"\"same\" needs stride 1"):
        Model([{"type": "conv2d", "padding": "same", "stride": 2}, {"type": "flatten"}],
              (1, 8, 8))


def test_padding_typed_as_digits_becomes_a_number():
    spec = registry.normalize("layer", {"type": "conv2d", "padding": " 2 "}, "layer")
    assert spec["padding"] == 2
    assert registry.normalize("layer", {"type": "conv2d", "padding": "valid"},
                              "layer")["padding"] == "valid"


def test_a_cnn_learns_a_toy_image_task_in_float32():
    """Bright top half vs bright bottom half: a few Adam steps separate them."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 1, 6, 6)).astype(np.float32) * 0.3
    y = rng.integers(0, 2, 64)
    x[y == 0, :, :3] += 1.0
    x[y == 1, :, 3:] += 1.0
    model = Model([{"type": "conv2d", "filters": 4, "kernel_size": 3, "padding": 1},
                   {"type": "relu"}, {"type": "max_pool2d"}, {"type": "flatten"},
                   {"type": "dense", "units": 2}, {"type": "softmax"}], (1, 6, 6))
    model.reuse_buffers = True
    objective = Objective(model, "cross_entropy")
    optimizer = Adam(model.parameters(), lr=0.01)
    target = objective.prepare_target(y)
    for _ in range(60):
        objective.loss_and_grad(x, target)
        optimizer.step(model.gradients())
    accuracy = (model.predict(x).argmax(axis=1) == y).mean()
    assert accuracy == 1.0
