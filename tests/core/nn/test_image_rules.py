"""The analysis of image networks: shapes per layer, and the findings (with their one-click
fixes) for a kernel larger than its input, an image shrunk to nothing, dense after a
convolution without flatten, a convolution on flat data, and an output still an image."""

from __future__ import annotations

from core.experiment import default_experiment
from core.nn.analysis.fixes import fixed_experiment
from core.nn.analysis.report import analyze

HEAD = [{"type": "flatten"}, {"type": "dense", "units": 10}, {"type": "softmax"}]


def errors(layers, shape=(1, 8, 8), data_spec=None):
    analysis = analyze(layers, shape, 10, "classification", "cross_entropy",
                       data_spec=data_spec)
    return [f for f in analysis.findings if f.severity == "error"], analysis


def test_a_valid_cnn_has_shapes_and_counts_per_layer_and_no_finding():
    layers = [{"type": "conv2d", "filters": 4, "kernel_size": 3, "padding": "same"},
              {"type": "relu"}, {"type": "max_pool2d"}] + HEAD
    analysis = analyze(layers, (1, 8, 8), 10, "classification", "cross_entropy")
    assert analysis.findings == []
    assert [info.out_shape for info in analysis.layers] == [
        (4, 8, 8), (4, 8, 8), (4, 4, 4), (64,), (10,), (10,)]
    assert [info.out_width for info in analysis.layers] == [256, 256, 64, 64, 10, 10]
    assert analysis.total_params == 4 * 9 + 4 + 64 * 10 + 10


def test_dense_after_a_convolution_without_flatten_offers_to_insert_flatten():
    layers = [{"type": "conv2d", "filters": 8}, {"type": "relu"},
              {"type": "dense", "units": 10}, {"type": "softmax"}]
    found, analysis = errors(layers)
    assert [(f.layer, f.message) for f in found] == [
        (2, "Layer 2 (dense) gets images of shape 8×6×6 but works on flat feature vectors: "
            "insert a flatten layer before it.")]
    assert found[0].fix == {"action": "insert", "label": "insert flatten", "index": 2,
                            "spec": {"type": "flatten"}}
    doc = default_experiment()
    doc["model"]["layers"] = layers
    fixed = fixed_experiment(doc, found[0].fix)
    assert [s["type"] for s in fixed["model"]["layers"]] == \
        ["conv2d", "relu", "flatten", "dense", "softmax"]
    assert errors(fixed["model"]["layers"])[0] == []
    assert analysis.layers[2].out_shape == ()  # after a misfit, shapes are unknown


def test_a_convolution_on_flat_data_offers_images_where_the_source_has_them():
    layers = [{"type": "conv2d"}] + HEAD
    found, _ = errors(layers, 64, {"source": "digits", "standardize": True})
    assert found[0].message == ("Layer 0 (conv2d) works on images (channels × height × "
                                "width), but the data are flat vectors of 64 features; switch "
                                "the data to images.")
    fix = found[0].fix
    assert fix == {"action": "set_data", "field": "as_images", "value": True,
                   "label": "switch the data to images"}
    doc = default_experiment()
    doc["data"] = {"source": "digits", "standardize": True}
    assert fixed_experiment(doc, fix)["data"] == {"source": "digits", "standardize": True,
                                                  "as_images": True}
    found, _ = errors(layers, 4, {"source": "iris"})
    assert found[0].fix is None and found[0].message.endswith(
        "flat vectors of 4 features: use image data, or move it before any flatten or dense "
        "layer.")
    found, _ = errors([{"type": "dense", "units": 64}, {"type": "max_pool2d"}] + HEAD, 64,
                      {"source": "digits"})
    assert found[0].layer == 1 and found[0].fix is None  # not the data's fault
    assert "but its input is flat vectors of 64 features" in found[0].message


def test_a_kernel_larger_than_its_input_is_an_error_on_that_layer():
    layers = [{"type": "conv2d", "kernel_size": 5}, {"type": "max_pool2d"},
              {"type": "conv2d", "kernel_size": 3}] + HEAD
    found, analysis = errors(layers)
    assert [(f.layer, f.message) for f in found] == [
        (2, "Layer 2 (conv2d) gets images of 8×2×2: the 3×3 window is larger than its 2×2 "
            "input, so the output would have no pixels; expected at most 2×2: use a smaller "
            "kernel_size, more padding, or fewer shrinking layers before it.")]
    assert analysis.layers[1].out_shape == (8, 2, 2)


def test_an_image_shrinking_to_nothing_names_the_pooling_that_empties_it():
    layers = [{"type": "max_pool2d"}] * 4 + HEAD
    found, analysis = errors(layers)
    assert [f.layer for f in found] == [3]
    assert "gets images of 1×1×1: the 2×2 window is larger than its 1×1 input" in \
        found[0].message
    assert [info.out_shape for info in analysis.layers[:3]] == [(1, 4, 4), (1, 2, 2),
                                                                (1, 1, 1)]


def test_an_output_that_is_still_an_image_is_one_error_with_add_flatten():
    found, analysis = errors([{"type": "conv2d"}, {"type": "relu"}])
    assert [(f.layer, f.message) for f in found] == [
        (1, "The network ends in images of shape 8×6×6; add flatten and a dense output layer "
            "after them.")]
    assert found[0].fix["action"] == "append" and found[0].fix["spec"] == {"type": "flatten"}
    assert not any("nothing to learn" in f.message for f in analysis.findings)
