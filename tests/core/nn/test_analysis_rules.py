"""Each rule module of the analysis on its own, and rules that follow class facts.

tests/core/nn/test_analysis.py checks analyze() as a whole; here every rule function is
called with a StackContext, and a layer type registered by the test is judged by the
facts its class states, not by its name.
"""

import pytest

from core import registry
from core.backend import memory
from core.nn.analysis import batch_norm_rules, output_rules, size_rules, structure_rules
from core.nn.analysis.findings import Finding, IndexedSpec, StackContext
from core.nn.analysis.report import analyze
from core.nn.layers.activations import Activation
from core.nn.layers.base import register_layer


def context(layers, input_width=2, **known) -> StackContext:
    specs = [IndexedSpec(i, registry.normalize("layer", s, "layer")) for i, s in
             enumerate(layers)]
    width = input_width
    for item in specs:
        width = item.cls.output_width(item.spec, width)
    if "loss" in known:
        known["loss"] = registry.normalize("loss", known["loss"], "loss")
    return StackContext(specs, True, input_width, width, **known)


def test_structure_rules():
    ctx = context([{"type": "dense", "units": 4}, "softmax", {"type": "dense", "units": 4},
                   {"type": "dense", "units": 3}, "relu", "tanh", "dropout"])
    assert structure_rules.softmax_before_the_end(ctx) == [Finding(
        "error", "Layer 1 (softmax) is not the last layer: softmax belongs in the output "
        "layer only.", 1, {"action": "remove", "label": "remove this softmax", "layer": 1})]
    assert structure_rules.dense_layers_without_activation(ctx) == [Finding(
        "warning", "No activation between dense layers 2 and 3: together they are one linear "
        "map, so the extra layer adds nothing.", 3,
        {"action": "insert", "label": "insert ReLU", "index": 3, "spec": {"type": "relu"}})]
    assert structure_rules.activations_in_a_row(ctx) == [Finding(
        "warning", "Two activations in a row (layers 4 and 5: relu, tanh); usually one is "
        "enough.", 5, {"action": "remove", "label": "remove layer 5", "layer": 5})]
    assert structure_rules.dropout_at_the_end(ctx) == [Finding(
        "warning", "Dropout is the last layer (6): it would randomly zero the network's "
        "outputs while training.", 6,
        {"action": "remove", "label": "remove the final dropout", "layer": 6})]
    assert structure_rules.no_dense_layer(ctx) == []
    assert structure_rules.no_dense_layer(context(["relu"])) == [Finding(
        "warning", "The network has no dense layer, so it has nothing to learn.", None)]


def test_size_rule(monkeypatch):
    monkeypatch.setattr(memory, "physical_memory", lambda: 2 * 10**9)
    small = context([{"type": "dense", "units": 10}])
    assert size_rules.too_large_for_memory(small) == []
    big = context([{"type": "dense", "units": 50_000}], input_width=50_000)
    assert size_rules.too_large_for_memory(big) == [Finding(
        "error", "The network would have 2,500,050,000 parameters (10 GB of float32 weights; "
        "30 GB with their gradients), more than the 1 GB limit (half of this computer's 2 GB "
        "of memory); use fewer or narrower layers.")]


def test_output_rules():
    ctx = context([{"type": "dense", "units": 3}, "softmax"], n_outputs=1, task="regression",
                  loss="cross_entropy")
    mismatch = output_rules.task_mismatch(ctx)
    assert mismatch.severity == "error" and mismatch.layer == 0
    assert mismatch.message.startswith("The network outputs 3 values through a softmax with "
                                       "the cross-entropy loss, a classification setup")
    assert mismatch.fix["action"] == "set_stack" and mismatch.fix["loss"] == {"type": "mse"}
    rebuilt = output_rules.stack_for_task([item.spec for item in ctx.layers], "regression", 1,
                                          ctx.loss)
    assert isinstance(rebuilt, output_rules.TaskStack)
    assert [s["type"] for s in rebuilt.layers] == ["dense"] and rebuilt.layers[0]["units"] == 1
    assert rebuilt.label == "regression: 1 output, no softmax, MSE loss"
    pairing = context([{"type": "dense", "units": 3}, "sigmoid"], n_outputs=3,
                      task="classification", loss="cross_entropy")
    assert output_rules.loss_and_output_pairing(pairing) == [Finding(
        "warning", "Sigmoid output with multi-class cross-entropy: use softmax so the class "
        "probabilities sum to 1.", 1, {"action": "replace", "label": "use softmax", "layer": 1,
                                       "spec": {"type": "softmax"}})]
    narrow = context([{"type": "dense", "units": 2}, "softmax"], n_outputs=3,
                     task="classification", loss="cross_entropy")
    assert output_rules.output_width(narrow) == [Finding(
        "error", "The network outputs 2 values but the task needs 3 classes.", 0,
        {"action": "set_field", "layer": 0, "field": "units", "value": 3,
         "label": "set output units to 3 for 3 classes"})]
    assert output_rules.short_name("mse") == "MSE"


def test_batch_norm_rule():
    stack = [{"type": "dense", "units": 4}, "batch_norm", "relu"]
    assert batch_norm_rules.batch_of_one_row(context(stack, batch_size=1)) == [Finding(
        "error", "Batch normalization (layer 1) needs at least 2 rows per batch to compute a "
        "mean and a variance, but every batch has 1 row: choose a batch size of 2 or more.", 1,
        {"action": "set_training", "field": "batch_size", "value": 32,
         "label": "use batches of 32 rows"})]
    assert batch_norm_rules.batch_of_one_row(context(stack, batch_size=32, train_rows=33)) == [
        Finding("warning", "Batch normalization with 33 training rows in batches of 32 leaves "
                "a last batch of 1 row, which has no variance: that row is left out of each "
                "epoch (a different row each epoch when shuffled).", 1)]
    assert batch_norm_rules.batch_of_one_row(context(stack, batch_size=32, train_rows=64)) == []


@pytest.fixture
def row_scores():
    """A layer type of this test only: an output layer (like softmax) named otherwise."""
    @register_layer("test_row_scores", title="Row scores", help="softmax by another name",
                    formula="")
    class RowScores(Activation):
        must_be_last = True
        output_meaning = "class_distribution"

        def f(self, x):
            e = self.xp.exp(x - x.max(axis=1, keepdims=True))
            return e / e.sum(axis=1, keepdims=True)

    yield RowScores
    registry.unregister("layer", "test_row_scores")


def test_rules_follow_the_facts_of_a_new_layer_type(row_scores):
    layers = [{"type": "dense", "units": 3}, {"type": "test_row_scores"},
              {"type": "dense", "units": 3}]
    messages = [f.message for f in analyze(layers, 2).findings]
    assert messages[0] == ("Layer 1 (test_row_scores) is not the last layer: test_row_scores "
                           "belongs in the output layer only.")
    good = analyze(layers[:2], 2, n_outputs=3, task="classification", loss="cross_entropy")
    assert good.ok and good.warnings == []   # read as class probabilities, like softmax


def test_every_trained_layer_frozen_is_a_warning_with_a_fix_that_unfreezes_one():
    from core.nn.analysis.fixes import apply_fix
    stack = [{"type": "dense", "units": 4, "frozen": True}, {"type": "relu"},
             {"type": "dense", "units": 2, "frozen": True}]
    (finding,) = structure_rules.every_trained_layer_frozen(context(stack))
    assert finding == Finding(
        "warning", "Every layer with weights is frozen, so training changes nothing: "
        "unfreeze at least one.", 2,
        {"action": "set_field", "label": "unfreeze layer 2", "layer": 2, "field": "frozen",
         "value": False})
    fixed = apply_fix(stack, finding.fix)
    assert structure_rules.every_trained_layer_frozen(context(fixed)) == []
    partly = [dict(stack[0]), stack[1], {"type": "dense", "units": 2}]
    assert structure_rules.every_trained_layer_frozen(context(partly)) == []
