"""Dashboard panels read what they know about a layer type from its class."""

from __future__ import annotations

import numpy as np
import pytest

from core import registry
from core.nn.output_head import OutputHead
from workbench import plot_colours
from workbench.dashboard.decision_boundary_panel import class_image
from workbench.dashboard.layer_panels import feeds_dying_units, layer_label
from workbench.dashboard.network_columns import layout_columns
from workbench.dashboard.run_record import network_words

SPECS = ({"type": "dense", "units": 32}, {"type": "batch_norm"}, {"type": "relu"},
         {"type": "dropout", "p": 0.1}, {"type": "dense", "units": 3}, {"type": "softmax"})


def test_layer_labels_name_the_parameter_the_layer_and_its_size():
    assert layer_label("0.weight", SPECS) == "0.weight · Dense 32"
    assert layer_label("1.bias", SPECS) == "1.bias · Batch norm"
    assert layer_label("4.weight", SPECS, short=True) == "4: Dense 3"
    assert layer_label("input", SPECS) == "input"          # names no layer
    assert layer_label("9.weight", SPECS) == "9.weight"


@pytest.mark.parametrize("layers, index, expected", [
    ([{"type": "dense"}, {"type": "relu"}], 0, True),
    ([{"type": "dense"}, {"type": "batch_norm"}, {"type": "dropout"}, {"type": "relu"}], 0,
     True),
    ([{"type": "dense"}, {"type": "tanh"}, {"type": "dense"}, {"type": "relu"}], 0, False),
    ([{"type": "dense"}, {"type": "leaky_relu"}], 0, False),   # leaky units never die
    ([{"type": "dense"}], 0, False),
])
def test_only_weights_feeding_units_that_can_die_get_a_dead_units_curve(layers, index,
                                                                        expected):
    assert feeds_dying_units(layers, index) is expected


def test_diagram_columns_come_from_the_layers_diagram_weights_and_widths():
    columns = layout_columns(SPECS, 2)
    assert [(c["title"], c["width"], c["weight"], c["bias"], c["notes"]) for c in columns] == [
        ("input", 2, None, None, []),
        ("Dense 32", 32, "0.weight", "0.bias", ["Batch norm", "ReLU", "Dropout"]),
        ("output 3", 3, "4.weight", "4.bias", ["Softmax"])]


def test_run_names_describe_the_network_by_class_facts():
    assert network_words({"model": {"layers": list(SPECS)}}) == "32-3 ReLU, batch norm, dropout"
    tanh = [{"type": "dense", "units": 64}, {"type": "tanh"}, {"type": "dense", "units": 10}]
    assert network_words({"model": {"layers": tanh}}) == "64-10 Tanh"
    assert network_words({"model": {"layers": [{"type": "relu"}]}}) == "no dense layer"


def test_the_boundary_reads_a_single_logit_through_the_sigmoid_the_loss_fuses(qapp):
    # One output trained with binary cross-entropy. Without a final sigmoid the outputs
    # are logits: 0.2 means p(class 1) = 0.55, class 1 (blue). After a sigmoid the same
    # 0.2 is p(class 1) itself: class 0 (orange). The panel once guessed from the values
    # and painted both orange.
    assert plot_colours.class_colours(2) == [(245, 147, 34), (8, 119, 189)]
    outputs = np.full((2, 2, 1), 0.2)
    logits = OutputHead.of([{"type": "dense", "units": 1}], "bce")
    red, _green, blue = class_image(outputs, 2, logits)[0, 0, :3].astype(int)
    assert blue > red
    probability = OutputHead.of([{"type": "dense", "units": 1}, {"type": "sigmoid"}], "mse")
    red, _green, blue = class_image(outputs, 2, probability)[0, 0, :3].astype(int)
    assert red > blue


def test_the_boundary_uses_softmax_outputs_as_they_are(qapp):
    head = OutputHead.of([{"type": "dense", "units": 3}, {"type": "softmax"}], "cross_entropy")
    outputs = np.array([[[0.1, 0.7, 0.2]]])
    strong = class_image(outputs, 3, head)
    weak = class_image(np.array([[[0.3, 0.4, 0.3]]]), 3, head)
    white = np.array([255, 255, 255])
    # the same class, paler where the network is less sure
    assert np.abs(strong[0, 0, :3] - white).sum() > np.abs(weak[0, 0, :3] - white).sum()


def test_diagram_columns_of_an_image_network_follow_its_shapes():
    cnn = ({"type": "conv2d", "filters": 4, "kernel_size": 3}, {"type": "relu"},
           {"type": "max_pool2d"}, {"type": "flatten"}, {"type": "dense", "units": 10},
           {"type": "softmax"})
    columns = layout_columns([registry.normalize("layer", s, "layer") for s in cnn], (1, 8, 8))
    assert [(c["title"], c["width"], c["weight"], c["notes"]) for c in columns] == [
        ("input", 36, None, ["Conv 2D", "ReLU", "Max pool 2D", "Flatten"]),
        ("output 10", 10, "4.weight", ["Softmax"])]
