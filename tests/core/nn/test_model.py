"""The sequential model: PyTorch names, state dicts, and the analysis of a layer stack."""

import numpy as np
import pytest

from core.errors import WeightsError
from core.nn.analysis.fixes import apply_fix
from core.nn.analysis.report import analyze
from core.nn.model import Model

SPIRAL = [{"type": "dense", "units": 16}, {"type": "relu"}, {"type": "dense", "units": 3},
          {"type": "softmax"}]


def findings(layers, n_outputs=3, task="classification", loss="cross_entropy", width=2):
    return analyze(layers, width, n_outputs, task, loss).findings


def messages(layers, **kw):
    return [(f.severity, f.message) for f in findings(layers, **kw)]


def test_analysis_of_a_good_network():
    a = analyze(SPIRAL, 2, 3, "classification", "cross_entropy")
    assert a.ok and not a.findings
    assert [i.out_width for i in a.layers] == [16, 16, 3, 3]
    assert [i.n_params for i in a.layers] == [2 * 16 + 16, 0, 16 * 3 + 3, 0]
    assert a.total_params == Model(SPIRAL, 2).n_params()


def test_unknown_type_is_an_error_naming_the_layer():
    f = findings([{"type": "dense", "units": 3}, {"type": "conv2d"}])
    errors = [x for x in f if x.severity == "error"]
    assert errors[0].layer == 1 and "model.layers[1].type" in errors[0].message
    assert "conv2d" in errors[0].message


def test_non_positive_units_is_an_error():
    f = findings([{"type": "dense", "units": 0}, {"type": "softmax"}])
    assert f[0].severity == "error" and "units: expected a positive integer" in f[0].message


def test_output_width_must_match_classes_with_a_fix():
    layers = [{"type": "dense", "units": 8}, {"type": "relu"}, {"type": "dense", "units": 2},
              {"type": "softmax"}]
    errors = [f for f in findings(layers) if f.severity == "error"]
    assert len(errors) == 1
    assert errors[0].message == "The network outputs 2 values but the task needs 3 classes."
    assert errors[0].fix["label"] == "set output units to 3 for 3 classes"
    fixed = apply_fix(layers, errors[0].fix)
    assert fixed[2]["units"] == 3 and layers[2]["units"] == 2  # a new list; the old one stays
    assert analyze(fixed, 2, 3, "classification", "cross_entropy").ok


def test_softmax_not_last_is_an_error():
    layers = [{"type": "dense", "units": 3}, {"type": "softmax"}, {"type": "dense", "units": 3},
              {"type": "softmax"}]
    errors = [f for f in findings(layers) if f.severity == "error"]
    assert errors and "softmax" in errors[0].message and "not the last layer" in errors[0].message
    assert errors[0].layer == 1


def test_no_activation_between_dense_layers_warns_linear():
    layers = [{"type": "dense", "units": 8}, {"type": "dense", "units": 3}, {"type": "softmax"}]
    (warning,) = [f for f in findings(layers) if f.severity == "warning"]
    assert "linear" in warning.message and warning.fix["spec"] == {"type": "relu"}
    assert analyze(apply_fix(layers, warning.fix), 2, 3, "classification", "cross_entropy").ok


def test_two_activations_in_a_row_warns():
    layers = [{"type": "dense", "units": 8}, {"type": "relu"}, {"type": "tanh"},
              {"type": "dense", "units": 3}, {"type": "softmax"}]
    assert any(s == "warning" and "Two activations in a row" in m for s, m in messages(layers))


def test_sigmoid_output_with_multiclass_cross_entropy_warns():
    layers = [{"type": "dense", "units": 8}, {"type": "relu"}, {"type": "dense", "units": 3},
              {"type": "sigmoid"}]
    (w,) = [f for f in findings(layers) if f.severity == "warning"]
    assert "Sigmoid output with multi-class cross-entropy" in w.message
    assert apply_fix(layers, w.fix)[-1] == {"type": "softmax"}


def test_mse_on_softmax_warns():
    """Without the data's task; with it, see test_analysis (loss versus task)."""
    assert any("MSE on a softmax output" in m for _, m in messages(SPIRAL, loss="mse", task=None))


def test_dropout_last_warns():
    layers = SPIRAL[:3] + [{"type": "dropout"}]
    assert any("Dropout is the last layer" in m for _, m in messages(layers))


def test_cross_entropy_without_softmax_offers_to_add_it():
    layers = SPIRAL[:3]
    (w,) = findings(layers)
    assert w.fix["label"] == "add softmax for cross-entropy"
    assert apply_fix(layers, w.fix)[-1] == {"type": "softmax"}


def test_binary_output_with_bce_needs_one_unit():
    layers = [{"type": "dense", "units": 4}, {"type": "relu"}, {"type": "dense", "units": 1},
              {"type": "sigmoid"}]
    assert analyze(layers, 2, 2, "classification", "binary_cross_entropy").ok


def test_state_dict_round_trip_and_mismatch_lists_every_problem():
    layers = [{"type": "dense", "units": 4}, {"type": "batch_norm"}, {"type": "prelu"},
              {"type": "dense", "units": 2}]
    a, b = Model(layers, 3, seed=1), Model(layers, 3, seed=2)
    state = a.state_dict()
    assert set(state) == {"0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean",
                          "1.running_var", "1.num_batches_tracked", "2.weight", "3.weight",
                          "3.bias"}
    b.load_state_dict(state)
    x = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    np.testing.assert_array_equal(a.forward(x), b.forward(x))

    bad = dict(state)
    bad["0.weight"] = np.zeros((5, 3))
    del bad["3.bias"]
    bad["9.weight"] = np.zeros(1)
    before = b.state_dict()
    with pytest.raises(WeightsError) as info:
        b.load_state_dict(bad, "model.npz")
    text = str(info.value)
    assert text.startswith("model.npz does not fit the network")
    assert "0.weight has shape (5, 3), expected (4, 3)" in text
    assert "3.bias is missing" in text and "9.weight is not a parameter" in text
    for name, value in b.state_dict().items():  # nothing loaded half-way
        np.testing.assert_array_equal(value, before[name])


def test_a_state_of_300000_wrong_names_is_one_short_sentence():
    """Issue 10: a hostile file with 300,000 tensors must not make a message of megabytes;
    the first 20 problems are named (extra names in the file's order), then how many there
    are."""
    model = Model([{"type": "dense", "units": 4}, {"type": "dense", "units": 2}], 3)
    state = model.state_dict()
    state["0.weight"] = np.zeros((5, 3))
    del state["1.bias"]
    junk = np.zeros(1)
    state.update({f"{k + 2}.x{'y' * 500 if k == 7 else ''}": junk for k in range(300_000)})
    with pytest.raises(WeightsError) as info:
        model.load_state_dict(state, "big.npz")
    text = str(info.value)
    assert len(text) < 2500
    listed = text.split(": ", 1)[1].split("; ")
    assert listed[:3] == ["0.weight has shape (5, 3), expected (4, 3)",
                          "1.bias is missing (expected shape (2,))",
                          "2.x is not a parameter of this network"]
    assert len(listed) == 21 and listed[-1] == "and 299,982 more (300,002 names in all)."
    assert listed[9] == "9.x" + "y" * 27 + "… is not a parameter of this network"  # cut short
