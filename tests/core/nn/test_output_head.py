"""One OutputHead decides logits or probabilities for the trainer and the predictions.

Before it, the trainer (twice) and the predictions of a model file each compared type names in
their own way; their rules are written out below as the reference the head must equal,
for every last activation and classification-or-regression loss.
"""

import numpy as np
import pytest

from core import experiment as exp
from core.io.model_file import ModelFile
from core.nn.model import Model, Objective
from core.nn.output_head import OutputHead
from core.training.predictions import predictions_of
from core.training.trainer import Trainer

LASTS = [None, "sigmoid", "softmax"]
LOSSES = ["mse", "binary_cross_entropy", "cross_entropy"]


def old_threshold(last, loss):
    fused = {"cross_entropy": "softmax", "binary_cross_entropy": "sigmoid"}.get(loss) == last
    return 0.5 if (not fused and last == "sigmoid") else 0.0


def old_probabilities(last, loss, outputs):
    """predictions_of as it was before the head (class names given)."""
    def softmax(z):
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def sigmoid(z):
        return 0.5 * (1.0 + np.tanh(0.5 * z))

    if outputs.shape[1] >= 2:
        if last == "softmax":
            return outputs
        if loss == "cross_entropy":
            return softmax(outputs)
        if loss == "binary_cross_entropy" and last != "sigmoid":
            return sigmoid(outputs)
        return outputs
    p1 = outputs[:, 0] if last == "sigmoid" or loss != "binary_cross_entropy" \
        else sigmoid(outputs[:, 0])
    p1 = np.clip(p1, 0.0, 1.0)
    return np.column_stack([1.0 - p1, p1])


def stack(last, units):
    return [{"type": "dense", "units": units}] + ([{"type": last}] if last else [])


@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("last", LASTS)
@pytest.mark.parametrize("k", [1, 3])
def test_the_head_reads_outputs_as_before(last, loss, k):
    rng = np.random.default_rng(k)
    outputs = rng.standard_normal((9, k)) * 3
    outputs[0] = 0.0
    if last == "softmax" and k > 1:
        outputs = np.exp(outputs) / np.exp(outputs).sum(axis=1, keepdims=True)
    if last == "sigmoid":
        outputs = 1 / (1 + np.exp(-outputs))
    head = OutputHead.of(stack(last, k), {"type": loss})
    assert head.threshold == old_threshold(last, loss)
    expected = old_probabilities(last, loss, outputs)
    np.testing.assert_array_equal(head.probabilities(outputs), expected)
    np.testing.assert_array_equal(head.predicted_classes(outputs), np.argmax(expected, axis=1))
    classes = [f"c{j}" for j in range(max(k, 2))]
    experiment = {"model": {"layers": stack(last, k)}, "loss": {"type": loss}}
    table = predictions_of(ModelFile({}, experiment=experiment, class_names=classes), outputs)
    np.testing.assert_array_equal(table.values, expected)
    assert table.labels == [classes[j] for j in np.argmax(expected, axis=1)]


def test_the_head_of_an_unknown_or_missing_stack_is_raw_values():
    head = OutputHead.of([{"type": "no_such_layer"}], "no_such_loss")
    assert head == OutputHead(None, None, None, False) and head.threshold == 0.0
    assert OutputHead.of([], None) == head
    values = np.array([[0.2, -1.0]])
    np.testing.assert_array_equal(head.probabilities(values), values)


@pytest.mark.parametrize(("last", "loss", "units"), [
    ("sigmoid", "binary_cross_entropy", 1), (None, "binary_cross_entropy", 1),
    ("softmax", "cross_entropy", 2), (None, "cross_entropy", 2),
    ("sigmoid", "cross_entropy", 2), ("sigmoid", "mse", 2), ("softmax", "mse", 2),
])
def test_the_trainer_counts_accuracy_with_the_old_threshold(last, loss, units):
    doc = exp.default_experiment()
    doc["data"] = {"source": "circle", "samples": 120, "noise": 0.2, "seed": 3,
                   "test_fraction": 0.25}
    doc["model"]["layers"] = [{"type": "dense", "units": 8}, {"type": "tanh"}] + \
        stack(last, units)
    doc["loss"] = {"type": loss}
    doc["training"] = {"epochs": 3, "batch_size": 16, "seed": 1}
    trainer = Trainer(exp.normalize(doc))
    epochs = []
    trainer.run(on_event=lambda e: epochs.append(e) if hasattr(e, "val_metrics") else None)
    objective, val = trainer.objective, trainer.prepared.val
    outputs = trainer.model.forward(trainer.x_val, stop=objective.stop)
    if units == 1:
        predicted = (outputs[:, 0] > old_threshold(last, loss)).astype(int)
    else:
        predicted = outputs.argmax(axis=1)
    assert epochs[-1].val_metrics["accuracy"] == np.mean(predicted == val.y)
    assert objective.fused == (old_threshold(last, loss) == 0.0 and last is not None
                               and loss != "mse")


def test_the_objective_fuses_exactly_the_pairs_the_losses_name():
    from core.backend.devices import get_backend
    cpu = get_backend("cpu", "float64")
    for last in LASTS:
        for loss in LOSSES:
            fused = Objective(Model(stack(last, 2), 3, cpu), loss).fused
            assert fused == ((last, loss) in {("softmax", "cross_entropy"),
                                              ("sigmoid", "binary_cross_entropy")})
