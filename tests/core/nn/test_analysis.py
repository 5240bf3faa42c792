"""The analysis of a layer stack: loss versus task with one whole-stack fix, batch
normalization's batch size, the size of a network, and how fixes apply."""

import copy

import pytest

from core import experiment as exp
from core.backend import memory as sizing
from core.nn.analysis.fixes import fixed_experiment
from core.nn.analysis.report import analyze

HE = {"bias": True, "init": "he_uniform"}
DEFAULT = [{"type": "dense", "units": 32, **HE}, {"type": "relu"},
           {"type": "dense", "units": 32, **HE}, {"type": "relu"},
           {"type": "dense", "units": 3, "bias": True, "init": "torch_default"},
           {"type": "softmax"}]
REGRESSION = DEFAULT[:4] + [{"type": "dense", "units": 1, "bias": True,
                             "init": "torch_default"}]


def only_finding(layers, width, n_outputs, task, loss):
    analysis = analyze(layers, width, n_outputs, task, loss)
    assert len(analysis.findings) == 1, [f.message for f in analysis.findings]
    return analysis.findings[0]


def apply(layers, loss, finding):
    doc = exp.default_experiment()
    doc["model"]["layers"], doc["loss"] = copy.deepcopy(layers), loss
    return exp.normalize(fixed_experiment(doc, finding.fix))


# ------------------------------------------------------------------ loss versus task

def test_cross_entropy_on_regression_is_one_error_whose_fix_rebuilds_output_and_loss():
    """The issue's path: the default spiral network on the sine curve."""
    f = only_finding(DEFAULT, 1, 1, "regression", "cross_entropy")
    assert f.severity == "error" and f.layer == 4
    assert f.message == (
        "The network outputs 3 values through a softmax with the cross-entropy loss, a "
        "classification setup, but the data are a regression task with 1 real-valued target: "
        "regression needs 1 output with no softmax or sigmoid after it, and a regression loss "
        "such as MSE.")
    assert f.fix["action"] == "set_stack"
    assert f.fix["label"] == "regression: 1 output, no softmax, MSE loss"
    fixed = apply(DEFAULT, {"type": "cross_entropy"}, f)
    assert fixed["model"]["layers"] == REGRESSION
    assert fixed["loss"] == {"type": "mse"}
    after = analyze(fixed["model"]["layers"], 1, 1, "regression", fixed["loss"])
    assert after.ok and after.findings == []


def test_the_old_width_only_fix_is_not_offered_on_regression():
    """Before: "set output units to 1" left Dense(1) → softmax with cross-entropy."""
    messages = [f.fix["label"] for f in analyze(DEFAULT, 1, 1, "regression",
                                                 "cross_entropy").findings if f.fix]
    assert messages == ["regression: 1 output, no softmax, MSE loss"]
    after_old_fix = DEFAULT[:4] + [{**DEFAULT[4], "units": 1}, {"type": "softmax"}]
    f = only_finding(after_old_fix, 1, 1, "regression", "cross_entropy")
    assert f.severity == "error" and f.message.startswith(
        "The network outputs 1 value through a softmax with the cross-entropy loss, a "
        "classification setup")


def test_binary_cross_entropy_on_regression_is_an_error_and_becomes_mse():
    layers = REGRESSION + [{"type": "sigmoid"}]
    f = only_finding(layers, 1, 1, "regression", "binary_cross_entropy")
    assert f.severity == "error"
    assert f.message.startswith("The network outputs 1 value through a sigmoid with the binary "
                                "cross-entropy loss, a classification setup, but the data are "
                                "a regression task")
    assert f.fix["label"] == "regression: 1 output, no sigmoid, MSE loss"
    fixed = apply(layers, "binary_cross_entropy", f)
    assert fixed["model"]["layers"] == REGRESSION and fixed["loss"] == {"type": "mse"}


def test_mse_on_a_softmax_gets_regression_advice_on_regression_data():
    f = only_finding(DEFAULT, 2, 2, "regression", "mse")
    assert f.severity == "error"
    assert "cross-entropy is the loss" not in f.message
    assert f.message.startswith("The network outputs 3 values through a softmax with the MSE "
                                "loss, a classification setup, but the data are a regression "
                                "task with 2 real-valued targets: regression needs 2 outputs "
                                "with no softmax or sigmoid after them")
    fixed = apply(DEFAULT, "mse", f)
    assert fixed["model"]["layers"] == DEFAULT[:4] + [{**DEFAULT[4], "units": 2}]
    assert fixed["loss"] == {"type": "mse"}


def test_a_regression_loss_is_kept_with_its_settings():
    f = only_finding(DEFAULT, 1, 1, "regression", {"type": "huber", "delta": 0.5})
    assert f.fix["label"] == "regression: 1 output, no softmax, Huber loss"
    assert apply(DEFAULT, {"type": "huber", "delta": 0.5}, f)["loss"] == {"type": "huber",
                                                                          "delta": 0.5}


def test_a_sigmoid_output_on_regression_is_a_warning_with_the_same_fix():
    layers = REGRESSION + [{"type": "sigmoid"}]
    f = only_finding(layers, 1, 1, "regression", "mse")
    assert f.severity == "warning"
    assert f.message == (
        "The network outputs 1 value through a sigmoid with the MSE loss, which keeps every "
        "prediction between 0 and 1, but the data are a regression task with 1 real-valued "
        "target: regression needs 1 output with no softmax or sigmoid after it, and a "
        "regression loss such as MSE.")
    assert apply(layers, "mse", f)["model"]["layers"] == REGRESSION


def test_a_regression_network_on_classes_gets_softmax_and_cross_entropy_back():
    f = only_finding(REGRESSION, 2, 3, "classification", "mse")
    assert f.severity == "error"
    assert f.message == (
        "The network outputs 1 value with the MSE loss, a regression loss, but the data have "
        "3 classes: 3 classes need 3 outputs through a softmax with the cross-entropy loss.")
    assert f.fix["label"] == "classification: 3 outputs, softmax, cross-entropy"
    fixed = apply(REGRESSION, "mse", f)
    assert fixed["model"]["layers"] == DEFAULT
    assert fixed["loss"] == {"type": "cross_entropy", "label_smoothing": 0.0}
    assert analyze(DEFAULT, 2, 3, "classification", fixed["loss"]).findings == []


def test_mse_on_a_right_sized_classifier_is_a_warning_that_sets_the_loss():
    f = only_finding(DEFAULT, 2, 3, "classification", "mse")
    assert f.severity == "warning"
    assert f.fix == {"action": "set_loss", "label": "use cross-entropy",
                     "loss": {"type": "cross_entropy", "label_smoothing": 0.0}}


def test_binary_cross_entropy_on_three_classes_is_an_error():
    f = only_finding(DEFAULT, 2, 3, "classification", "binary_cross_entropy")
    assert f.severity == "error"
    assert f.message == (
        "The network outputs 3 values through a softmax with the binary cross-entropy loss, "
        "but binary cross-entropy is for two classes and the data have 3 classes: 3 classes "
        "need 3 outputs through a softmax with the cross-entropy loss.")
    assert f.fix["action"] == "set_loss"
    assert apply(DEFAULT, "binary_cross_entropy", f)["loss"]["type"] == "cross_entropy"


def test_binary_cross_entropy_on_two_classes_keeps_its_one_sigmoid_unit_form():
    layers = [{"type": "dense", "units": 8}, {"type": "relu"}, {"type": "dense", "units": 2},
              {"type": "softmax"}]
    f = only_finding(layers, 2, 2, "classification", "binary_cross_entropy")
    assert f.severity == "error"
    assert f.fix["label"] == "two classes: 1 output, sigmoid, binary cross-entropy"
    fixed = apply(layers, "binary_cross_entropy", f)
    assert [(s["type"], s.get("units")) for s in fixed["model"]["layers"]] == [
        ("dense", 8), ("relu", None), ("dense", 1), ("sigmoid", None)]
    assert fixed["loss"] == {"type": "binary_cross_entropy"}
    assert analyze(fixed["model"]["layers"], 2, 2, "classification", fixed["loss"]).findings == []


def test_without_a_task_the_pairing_advice_stays():
    messages = [f.message for f in analyze(DEFAULT, 2, None, None, "mse").findings]
    assert messages == ["MSE on a softmax output learns slowly; cross-entropy is the loss for "
                        "class probabilities."]


# ------------------------------------------------------------------ wording

def test_one_unit_is_singular_in_the_card_summary():
    layers = [{"type": "dense", "units": 1}, {"type": "dense", "units": 2}]
    assert [i.summary for i in analyze(layers, 2).layers] == ["1 unit", "2 units"]


# ------------------------------------------------------------------ batch normalization

BN = [{"type": "dense", "units": 8}, {"type": "batch_norm"}, {"type": "relu"},
      {"type": "dense", "units": 3}, {"type": "softmax"}]


@pytest.mark.parametrize("batch_size, rows", [(1, 120), ("full", 1), (32, 1)])
def test_batch_norm_with_batches_of_one_row_is_an_error(batch_size, rows):
    errors = analyze(BN, 2, 3, "classification", "cross_entropy", batch_size=batch_size,
                     train_rows=rows).errors
    assert [e.message for e in errors] == [
        "Batch normalization (layer 1) needs at least 2 rows per batch to compute a mean and a "
        "variance, but every batch has 1 row: choose a batch size of 2 or more."]
    fix = errors[0].fix
    if rows > 1:
        doc = exp.default_experiment()
        assert fixed_experiment(doc, fix)["training"]["batch_size"] == 32
    else:
        assert fix is None


def test_batch_norm_warns_about_a_last_batch_of_one_row():
    (w,) = analyze(BN, 2, 3, "classification", "cross_entropy", batch_size=32,
                   train_rows=481).findings
    assert w.severity == "warning" and w.layer == 1
    assert w.message.startswith("Batch normalization with 481 training rows in batches of 32 "
                                "leaves a last batch of 1 row")
    assert analyze(BN, 2, 3, "classification", "cross_entropy", batch_size=32,
                   train_rows=480).findings == []
    assert analyze(BN[:1] + BN[2:], 2, 3, "classification", "cross_entropy", batch_size=1,
                   train_rows=481).findings == []


# ------------------------------------------------------------------ size

def test_a_network_too_big_for_memory_is_an_error_saying_how_big(monkeypatch):
    monkeypatch.setattr(sizing, "physical_memory", lambda: 16 * 10**9)
    layers = [{"type": "dense", "units": 40000}, {"type": "relu"},
              {"type": "dense", "units": 40000}, {"type": "relu"},
              {"type": "dense", "units": 3}, {"type": "softmax"}]
    analysis = analyze(layers, 2, 3, "classification", "cross_entropy")
    assert analysis.total_params == 120_000 + 1_600_040_000 + 120_003
    assert [e.message for e in analysis.errors] == [
        "The network would have 1,600,280,003 parameters (6.4 GB of float32 weights; 19.2 GB "
        "with their gradients), more than the 8 GB limit (half of this computer's 16 GB of "
        "memory); use fewer or narrower layers."]


def test_fixed_experiment_applies_every_kind_of_fix_without_touching_the_original():
    doc = exp.default_experiment()
    before = copy.deepcopy(doc)
    out = fixed_experiment(doc, {"action": "set_loss", "loss": {"type": "mse"}})
    assert out["loss"] == {"type": "mse"} and doc == before
    out = fixed_experiment(doc, {"action": "remove", "layer": 5})
    assert out["model"]["layers"] == doc["model"]["layers"][:5] and out["loss"] == doc["loss"]
    out = fixed_experiment(doc, {"action": "set_training", "field": "batch_size", "value": 8})
    assert out["training"]["batch_size"] == 8 and out["training"]["epochs"] == 200
