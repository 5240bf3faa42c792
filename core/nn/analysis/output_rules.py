"""Rules about the output and the loss: do they fit the task of the data?

The network must fit the task of the data: a regression network ends in as many
outputs as there are target columns, with no softmax or sigmoid, and a regression loss
(MSE, MAE, Huber); a classifier ends in one output per class through a softmax with
cross-entropy, or — for two classes with binary cross-entropy — one output through a
sigmoid. When the data's task changes, one finding offers one fix that rebuilds the
output of the stack and the loss together (``"set_stack"``, :func:`stack_for_task`).
The rules read what the last layer's output means (its class's ``output_meaning``); the
fixes they suggest name the layers and losses to use.
"""

from __future__ import annotations

import copy
from typing import NamedTuple

from core import registry
from core.nn.analysis.findings import Finding, StackContext
from core.nn.layers.base import layer_class
from core.wording import plural


class TaskStack(NamedTuple):
    """A stack rebuilt for a task: its layers and loss, the fix's label, and the sentence
    that says what the task needs."""

    layers: list
    loss: dict
    label: str
    needs: str


def short_name(loss_name: str) -> str:
    """How messages name a loss: "MSE", "cross-entropy"."""
    return registry.get("loss", loss_name).extra.get("short", loss_name)


def task_mismatch(ctx: StackContext) -> Finding | None:
    """One finding, with one fix for the whole output and loss, when the stack and loss
    are built for the other task (or binary cross-entropy meets more than two classes).

    Exclusive: when it finds something, the pairing and width rules are not run (its fix
    settles them too). Checked on a complete stack only.
    """
    task, n_outputs, loss_spec, width = ctx.task, ctx.n_outputs, ctx.loss, ctx.width
    if not ctx.complete or task not in ("classification", "regression") or not n_outputs \
            or not ctx.layers or loss_spec is None:
        return None
    loss_name = loss_spec["type"]
    loss_task = registry.get("loss", loss_name).extra.get("task")
    last_type, meaning = ctx.last.type, ctx.last.cls.output_meaning
    if task == "regression":
        wrong_loss = loss_task == "classification"
        if not (wrong_loss or meaning):
            return None
        classes_out = wrong_loss or meaning == "class_distribution"
        error = classes_out or width != n_outputs
        data = f"the data are a regression task with {plural(n_outputs, 'real-valued target')}"
        why = f", a classification setup, but {data}" if classes_out \
            else f", which keeps every prediction between 0 and 1, but {data}"
    else:
        binary = loss_name == "binary_cross_entropy"
        classes = plural(n_outputs, "class")
        if loss_task == "regression":
            why, error = f", a regression loss, but the data have {classes}", width != n_outputs
        elif binary and n_outputs > 2:
            why = f", but binary cross-entropy is for two classes and the data have {classes}"
            error = True
        elif binary and meaning == "class_distribution":
            why, error = ", but binary cross-entropy reads one probability per row, not a " \
                "softmax", True
        else:
            return None
    specs = [item.spec for item in ctx.layers]
    layers, loss, label, needs = stack_for_task(specs, task, n_outputs, loss_spec)
    setup = plural(width, "value")
    if meaning:
        setup += f" through a {last_type}"
    setup += f" with the {short_name(loss_name)} loss"
    message = f"The network outputs {setup}{why}: {needs}."
    output = [ctx.layers[pos].index for pos in ctx.mixing]
    if layers == specs:  # only the loss changes
        fix = {"action": "set_loss", "label": f"use {short_name(loss['type'])}", "loss": loss}
    else:
        fix = {"action": "set_stack", "label": label, "layers": layers, "loss": loss}
    return Finding("error" if error else "warning", message,
                   output[-1] if output else ctx.last.index, fix)


def loss_and_output_pairing(ctx: StackContext) -> list[Finding]:
    """Advice on the pairing of the output activation and the loss (the task fits)."""
    findings, last = [], ctx.last
    loss_name, width, n_outputs = ctx.loss_name, ctx.width, ctx.n_outputs
    last_index, meaning = (last.index, last.cls.output_meaning) if last else (None, None)
    if loss_name == "cross_entropy" and meaning == "probability" and (n_outputs or width) > 1:
        findings.append(Finding("warning", "Sigmoid output with multi-class cross-entropy: "
                                "use softmax so the class probabilities sum to 1.", last_index,
                                {"action": "replace", "label": "use softmax", "layer": last_index,
                                 "spec": {"type": "softmax"}}))
    elif loss_name == "cross_entropy" and meaning != "class_distribution":
        findings.append(Finding("warning", "Cross-entropy expects a softmax output layer; "
                                "without it the outputs are read as raw scores (logits).", None,
                                {"action": "append", "label": "add softmax for cross-entropy",
                                 "spec": {"type": "softmax"}}))
    if loss_name in ("mse", "mae", "huber") and meaning == "class_distribution":
        findings.append(Finding("warning", f"{short_name(loss_name)} on a softmax output learns "
                                "slowly; cross-entropy is the loss for class probabilities.",
                                last_index, {"action": "set_loss", "label": "use cross-entropy",
                                             "loss": {"type": "cross_entropy"}}))
    if loss_name == "binary_cross_entropy" and meaning == "class_distribution":
        findings.append(Finding("warning", "Binary cross-entropy on a softmax output: use a "
                                "single sigmoid unit, or cross-entropy.", last_index))
    return findings


def output_width(ctx: StackContext) -> list[Finding]:
    """The output width against the classes or target columns of the data (the last
    dense layer's units are the fix); checked on a complete stack with a known target."""
    if not (ctx.n_outputs and ctx.layers and ctx.complete) or len(ctx.shape) > 1:
        return []  # an output that is still an image: image_rules.image_output says so
    width, n_outputs, loss_name = ctx.width, ctx.n_outputs, ctx.loss_name
    classification = ctx.task == "classification"
    expected = n_outputs
    if classification and loss_name == "binary_cross_entropy" and n_outputs == 2:
        expected = 1
    if width == expected:
        return []
    what = f"{expected} class{'es' if expected != 1 else ''}" if classification and \
        expected > 1 else f"{expected} output{'s' if expected != 1 else ''}"
    if classification and expected == 1:
        what = "1 output (the probability of class 1)"
    msg = f"The network outputs {width} value{'s' if width != 1 else ''} but the task " \
          f"needs {what}."
    fix, k = None, None
    if ctx.mixing:
        k = ctx.layers[ctx.mixing[-1]].index
        fix = {"action": "set_field", "layer": k, "field": "units", "value": expected,
               "label": f"set output units to {expected}"
                        + (f" for {expected} classes" if classification and expected > 1
                           else "")}
    return [Finding("error", msg, k, fix)]


def stack_for_task(specs: list[dict], task: str, n_outputs: int, loss_spec: dict) -> TaskStack:
    """The stack with its output and loss rebuilt for ``task``.

    Regression: the trailing softmax/sigmoid go, the last dense layer gets one unit per
    target column, and a classification loss becomes MSE (a regression loss is kept).
    Classification: the activations after the last dense layer go, it gets one unit per
    class, then a softmax with cross-entropy — except binary cross-entropy on two classes,
    which keeps its form: one unit, then a sigmoid.
    """
    layers = copy.deepcopy(specs)
    if task == "regression":
        removed = []
        while layers and layer_class(layers[-1]["type"]).output_meaning:
            removed.insert(0, layers.pop()["type"])
        units, activation = n_outputs, None
        keep = registry.get("loss", loss_spec["type"]).extra.get("task") == "regression"
        loss = copy.deepcopy(loss_spec) if keep else {"type": "mse"}
    else:
        binary = loss_spec["type"] == "binary_cross_entropy" and n_outputs == 2
        while layers and layer_class(layers[-1]["type"]).is_activation:
            layers.pop()
        units, activation = (1, "sigmoid") if binary else (n_outputs, "softmax")
        keep = loss_spec["type"] == ("binary_cross_entropy" if binary else "cross_entropy")
        loss = copy.deepcopy(loss_spec) if keep else \
            registry.normalize("loss", "binary_cross_entropy" if binary else "cross_entropy",
                               "loss")
    dense = [k for k, s in enumerate(layers) if layer_class(s["type"]).mixes_features]
    if dense:
        layers[dense[-1]]["units"] = units
    else:
        layers.append(registry.normalize("layer", {"type": "dense", "units": units}, "layer"))
    if activation:
        layers.append({"type": activation})
    layers = [registry.normalize("layer", s, "layer") for s in layers]
    short = short_name(loss["type"])
    if task == "regression":
        label = f"regression: {plural(units, 'output')}" + \
            (f", no {' or '.join(removed)}" if removed else "") + f", {short} loss"
        needs = (f"regression needs {plural(units, 'output')} with no softmax or sigmoid "
                 f"after {'it' if units == 1 else 'them'}, and a regression loss such as MSE")
    elif activation == "sigmoid":
        label = "two classes: 1 output, sigmoid, binary cross-entropy"
        needs = "two classes need 1 output through a sigmoid with the binary cross-entropy loss"
    else:
        label = f"classification: {units} outputs, softmax, {short}"
        needs = f"{units} classes need {units} outputs through a softmax with the {short} loss"
    return TaskStack(layers, loss, label, needs)
