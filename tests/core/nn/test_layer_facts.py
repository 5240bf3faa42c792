"""What each layer class says about itself agrees with what it builds and does.

The engine (analysis, memory check, trainer, device choice) and the front ends read these
class facts instead of naming layer types, so a fact that disagrees with the built layer
would mislead all of them.
"""

import json
from pathlib import Path

import numpy as np
import pytest

from core import registry
from core.backend.devices import get_backend
from core.nn.analysis.counting import count_parameters, flops_per_step, layer_shape
from core.nn.layers.activations import activation_curve
from core.nn.layers.base import Layer, layer_class
from core.nn.layers.glyph import Glyph
from core.nn.model import Model

ROOT = Path(__file__).resolve().parents[3]
LAYER_TYPES = registry.names("layer")
#: The types that work on flat feature vectors (the image-only ones: test_image_layers.py).
FLAT_TYPES = [name for name in LAYER_TYPES if not layer_class(name).needs_images]
#: One spec per type with a field that is not its default, where it has one.
SPECS = {name: registry.normalize("layer", name, "layer") for name in FLAT_TYPES}
SPECS["dense"] = registry.normalize("layer", {"type": "dense", "units": 5}, "layer")
SPECS["dense_no_bias"] = registry.normalize("layer", {"type": "dense", "units": 4,
                                                      "bias": False}, "layer")


def built(spec, width):
    cls = layer_class(spec["type"])
    layer = cls(**{k: v for k, v in spec.items() if k != "type"})
    out = layer.build(width, get_backend("cpu", "float64"), np.random.default_rng(0))
    return cls, layer, out


@pytest.mark.parametrize("width", [1, 3, 7])
@pytest.mark.parametrize("key", sorted(SPECS))
def test_shapes_and_counts_equal_the_built_layers(key, width):
    spec = SPECS[key]
    cls, layer, out = built(spec, width)
    assert cls.output_width(spec, width) == out == layer.out_width
    assert cls.parameter_shapes(spec, width) == {n: a.shape for n, a in layer.params.items()}
    assert list(cls.parameter_shapes(spec, width)) == list(layer.params)  # same order
    assert cls.buffer_shapes(spec, width) == {n: a.shape for n, a in layer.buffers.items()}
    assert cls.parameter_count(spec, width) == layer.n_params()
    assert cls.stored_count(spec, width) == layer.n_params() + \
        sum(a.size for a in layer.buffers.values())
    assert layer_shape(spec, width) == (out, layer.n_params())
    for name in cls.penalized_parameters(spec):
        assert name in layer.params
    state = {**layer.params, **layer.buffers}
    if cls.fixes_input_width:
        assert cls.input_width_from_state(spec, state) == width
    else:
        assert cls.input_width_from_state(spec, state) is None


def test_a_model_stores_what_count_parameters_says():
    specs = [SPECS[k] for k in ("dense", "batch_norm", "prelu", "dropout", "dense_no_bias",
                                "softmax")]
    model = Model(specs, 6, get_backend("cpu", "float64"))
    stored = sum(a.size for a in model.state_dict().values())
    assert count_parameters(model.specs, 6) == stored == (6 * 5 + 5) + 4 * 5 + 1 + 1 + 5 * 4


def test_dense_work_weights_and_text():
    dense = layer_class("dense")
    assert dense.matmul_flops(SPECS["dense"], 7, 32) == 2 * 32 * 7 * 5
    assert dense.penalized_parameters(SPECS["dense"]) == ("weight",)
    assert dense.size_text(SPECS["dense"]) == "5"
    assert dense.summary(SPECS["dense"]) == "5 units"
    assert dense.summary(SPECS["dense_no_bias"]) == "4 units, bias=False"
    assert dense.diagram_weights == ("weight", "bias")
    for name in FLAT_TYPES:
        if name != "dense":
            cls = layer_class(name)
            assert cls.matmul_flops(SPECS[name], 7, 32) == 0.0
            assert cls.penalized_parameters(SPECS[name]) == ()
            assert cls.size_text(SPECS[name]) == ""


def test_summaries_name_the_changed_fields():
    spec = registry.normalize("layer", {"type": "dropout", "p": 0.3}, "layer")
    assert layer_class("dropout").summary(spec) == "p=0.3"
    assert layer_class("dropout").summary(SPECS["dropout"]) == ""
    spec = registry.normalize("layer", {"type": "gelu", "approximate": "tanh"}, "layer")
    assert layer_class("gelu").summary(spec) == "approximate=tanh"


def old_dense_flops(layers, input_width, batch):
    """The estimate before the layer classes knew their work: dense layers only."""
    width, total = input_width, 0
    for spec in layers:
        if spec["type"] == "dense":
            total += width * spec["units"]
            width = spec["units"]
    return 2.0 * batch * total * 3


@pytest.mark.parametrize("path", sorted((ROOT / "resources" / "examples").glob("*.json")),
                         ids=lambda p: p.stem)
def test_the_work_estimate_of_every_example_is_unchanged(path):
    layers = json.loads(path.read_text(encoding="utf-8"))["model"]["layers"]
    if any(layer_class(spec["type"]).needs_images for spec in layers):
        return  # image networks: test_image_layers.py counts their work
    for width, batch in ((2, 32), (64, 128), (784, 1)):
        assert flops_per_step(layers, width, batch) == old_dense_flops(layers, width, batch)


def test_the_kinds_of_layers_are_said_by_their_classes():
    facts = {name: layer_class(name) for name in LAYER_TYPES}
    assert {n for n, c in facts.items() if c.is_activation} == \
        {e.name for e in registry.entries("layer", group="activations")}
    assert all(c.kind == registry.get("layer", n).group for n, c in facts.items())
    assert {n for n, c in facts.items() if c.is_activation and not c.is_nonlinear} == \
        {"identity"}
    assert {n for n, c in facts.items() if c.mixes_features} == {"dense"}
    assert {n for n, c in facts.items() if c.needs_images} == \
        {"conv2d", "max_pool2d", "avg_pool2d", "global_avg_pool2d"}
    assert {n for n, c in facts.items() if c.can_die} == {"relu"}
    assert {n for n, c in facts.items() if c.must_be_last} == {"softmax"}
    assert {n: c.output_meaning for n, c in facts.items() if c.output_meaning} == \
        {"softmax": "class_distribution", "sigmoid": "probability"}
    assert {n for n, c in facts.items() if c.needs_batch_statistics} == {"batch_norm"}
    assert {n for n, c in facts.items() if c.fixes_input_width} == {"dense", "batch_norm"}
    assert {n for n, c in facts.items() if c.last_layer_warning} == {"dropout"}
    assert {n for n, c in facts.items() if c.trainable} == {"dense", "conv2d", "batch_norm",
                                                            "prelu"}
    assert all(c.type_name == n and c.entry is registry.get("layer", n)
               for n, c in facts.items())


def test_dropout_reuses_its_mask_only_while_frozen():
    _, layer, _ = built(registry.normalize("layer", "dropout", "layer"), 50)
    x = np.ones((4, 50))
    first = layer.forward(x, training=True)
    layer.freeze_randomness(True)
    assert np.array_equal(layer.forward(x, training=True), first)
    layer.freeze_randomness(False)
    assert not np.array_equal(layer.forward(x, training=True), first)
    _, dense, _ = built(SPECS["dense"], 3)
    dense.freeze_randomness(True)  # nothing random: nothing to do
    assert Layer.needs_input_grad and dense.needs_input_grad


def test_activation_curves_come_from_the_layer_itself():
    x = np.array([-2.0, -0.5, 0.5, 3.0])
    y, dy = activation_curve("relu", x)
    assert y.tolist() == [0.0, 0.0, 0.5, 3.0] and dy.tolist() == [0.0, 0.0, 1.0, 1.0]
    y, dy = activation_curve({"type": "leaky_relu", "alpha": 0.1}, x)
    np.testing.assert_allclose(y, [-0.2, -0.05, 0.5, 3.0], rtol=1e-15)
    y, dy = activation_curve("softmax", x)  # first output of softmax((x, 0)) = sigmoid(x)
    sigmoid = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(y, sigmoid, rtol=1e-14)
    np.testing.assert_allclose(dy, sigmoid * (1 - sigmoid), rtol=1e-12)
    assert not y.flags.writeable
    assert layer_class("softmax").preview_note.startswith("Softmax acts on a whole vector")


def test_glyphs_describe_each_picture():
    dense = layer_class("dense").glyph()
    assert len(dense.lines) == 6 and len(dense.dots) == 5 and all(f for *_, f in dense.dots)
    dropout = layer_class("dropout").glyph()
    assert [filled for *_, filled in dropout.dots] == [True, False, True, True,
                                                       False, True, True, False]
    bell = layer_class("batch_norm").glyph()
    assert len(bell.curves[0]) == 41 and bell.curves[0][20] == (0.5, 1.0)
    assert bell.guides == ((0.5, 1.0, 0.5, 0.0),) and bell.inset == (3, 4, 3, 3)
    relu = layer_class("relu").glyph()
    curve = relu.curves[0]
    # ReLU on [-4, 4] spans y in [-0.2 (the floor), 4]: zero sits at 0.2 / 4.2
    assert len(curve) == 61 and curve[0] == (0.0, pytest.approx(0.2 / 4.2))
    assert curve[-1] == (1.0, 1.0) and relu.axes == (0.5, pytest.approx(0.2 / 4.2))
    for name in LAYER_TYPES:
        glyph = layer_class(name).glyph()
        assert isinstance(glyph, Glyph) and (glyph.curves or glyph.dots) and not glyph.text
        for x, y in (p for c in glyph.curves for p in c):
            assert 0.0 <= x <= 1.0 and 0.0 <= y <= 1.0


def test_a_type_without_a_picture_shows_its_initials():
    class Plain(Layer):
        entry = registry.get("layer", "dropout")

    assert Plain.glyph() == Glyph(text="Dr")
