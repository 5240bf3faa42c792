"""The analysis of a layer stack before training, and its one-click fixes.

:func:`analyze` checks a network the way a careful colleague would: per layer the
output width and parameter count, and findings — errors (training impossible) and
warnings (advice) — each with a one-click fix where the fix is obvious. A fix is a plain
dict (``{"action": ..., "label": ...}``); :func:`fixed_experiment` applies any of them to
a whole experiment, :func:`apply_fix` those that change only the layers.

The network must fit the task of the data: a regression network ends in as many
outputs as there are target columns, with no softmax or sigmoid, and a regression loss
(MSE, MAE, Huber); a classifier ends in one output per class through a softmax with
cross-entropy, or — for two classes with binary cross-entropy — one output through a
sigmoid. When the data's task changes, one finding offers one fix that rebuilds the
output of the stack and the loss together (``"set_stack"``).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from core import registry
from core.backend.memory import check_model_size
from core.errors import SpecError
from core.nn.analysis.counting import count_parameters, layer_shape
from core.nn.layers.base import layer_class
from core.wording import plural


@dataclass(frozen=True)
class LayerInfo:
    index: int
    type: str
    title: str
    out_width: int
    n_params: int
    summary: str


@dataclass(frozen=True)
class Finding:
    """One problem or piece of advice about a layer stack.

    ``fix`` is ``None`` or a dict understood by :func:`fixed_experiment`, with a ``label``.
    """

    severity: str  # "error" | "warning"
    message: str
    layer: int | None = None
    fix: dict | None = None


@dataclass(frozen=True)
class Analysis:
    layers: list[LayerInfo] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    total_params: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def analyze(layers, input_width: int, n_outputs: int | None = None, task: str | None = None,
            loss: str | dict | None = None, *, batch_size=None,
            train_rows: int | None = None) -> Analysis:
    """Check a layer stack before training, the way a careful colleague would.

    Parameters
    ----------
    layers : list of dict
        Layer specs (not necessarily valid: invalid ones become error findings).
    input_width : int
        Number of input features.
    n_outputs : int, optional
        Classes (classification) or target columns (regression) the output must match.
    task : {"classification", "regression"}, optional
    loss : str or dict, optional
        The loss spec or name.
    batch_size : int or "full", optional
        ``training.batch_size``; with ``train_rows``, batch normalization's batches of 1
        row are found.
    train_rows : int, optional
        Rows of the training part of the data.

    Returns
    -------
    Analysis
        Per layer: output width and parameter count; findings with severity ``error``
        (training impossible) or ``warning`` (advice), with one-click fixes where obvious.
    """
    findings: list[Finding] = []
    infos: list[LayerInfo] = []
    loss_spec = None
    if loss is not None:
        try:
            loss_spec = registry.normalize("loss", loss, "loss")
        except SpecError as exc:
            findings.append(Finding("error", str(exc)))
    loss_name = loss_spec["type"] if loss_spec else None
    if not isinstance(layers, list) or not layers:
        findings.append(Finding("error", "The network has no layers: add at least one dense "
                                "layer.", fix={"action": "append", "label": "add a dense layer",
                                               "spec": {"type": "dense",
                                                        "units": n_outputs or 1}}))
        return Analysis([], findings, 0)
    if input_width < 1:
        findings.append(Finding("error", f"The data have {input_width} input features: the "
                                "network needs at least one input column."))
    width, total = input_width, 0
    specs: list[dict | None] = []
    for i, raw in enumerate(layers):
        try:
            spec = registry.normalize("layer", raw, f"model.layers[{i}]")
        except SpecError as exc:
            findings.append(Finding("error", str(exc), i))
            specs.append(None)
            continue
        specs.append(spec)
        cls = layer_class(spec["type"])
        width, count = layer_shape(spec, width)
        total += count
        infos.append(LayerInfo(i, spec["type"], cls.entry.title, width, count,
                               cls.summary(spec)))
    valid = [(i, s) for i, s in enumerate(specs) if s is not None]
    complete = len(valid) == len(specs)
    dense_positions = [pos for pos, (_, s) in enumerate(valid) if _cls(s).mixes_features]

    findings += _structure_findings(valid, dense_positions)
    if complete:
        try:
            check_model_size(count_parameters([s for _, s in valid], max(input_width, 1)),
                             4, "float32")
        except SpecError as exc:
            message = str(exc).removeprefix("model: ")
            findings.append(Finding("error", message[0].upper() + message[1:] + "."))

    task_finding = _task_finding(valid, width, n_outputs, task, loss_spec) if complete else None
    if task_finding is not None:
        findings.append(task_finding)
    else:
        findings += _loss_findings(valid, width, n_outputs, task, loss_name)
        if n_outputs and valid and complete:
            size = _width_finding(valid, dense_positions, width, n_outputs, task, loss_name)
            if size is not None:
                findings.append(size)
    findings += _batch_norm_findings(valid, batch_size, train_rows)
    return Analysis(infos, findings, total)


# ---------------------------------------------------------------- structure

def _structure_findings(valid, dense_positions) -> list[Finding]:
    """Softmax in the middle, linear stacks, doubled activations, a final dropout."""
    findings = []
    for pos, (i, s) in enumerate(valid):
        if _cls(s).must_be_last and pos != len(valid) - 1:
            t = s["type"]
            findings.append(Finding("error", f"Layer {i} ({t}) is not the last layer: {t} "
                                    "belongs in the output layer only.", i,
                                    {"action": "remove", "label": f"remove this {t}",
                                     "layer": i}))
    for a, b in zip(dense_positions, dense_positions[1:]):
        between = [valid[p][1] for p in range(a + 1, b)]
        if not any(_cls(s).is_nonlinear for s in between):
            i = valid[b][0]
            findings.append(Finding(
                "warning", f"No activation between dense layers {valid[a][0]} and {i}: together "
                "they are one linear map, so the extra layer adds nothing.", i,
                {"action": "insert", "label": "insert ReLU", "index": i,
                 "spec": {"type": "relu"}}))
    for (i, s), (j, t) in zip(valid, valid[1:]):
        if _cls(s).is_nonlinear and _cls(t).is_nonlinear:
            findings.append(Finding("warning", f"Two activations in a row (layers {i} and {j}: "
                                    f"{s['type']}, {t['type']}); usually one is enough.", j,
                                    {"action": "remove", "label": f"remove layer {j}",
                                     "layer": j}))
    warning = _cls(valid[-1][1]).last_layer_warning if valid else None
    if warning:
        last = valid[-1][0]
        findings.append(Finding("warning", warning.format(index=last), last,
                                {"action": "remove",
                                 "label": f"remove the final {valid[-1][1]['type']}",
                                 "layer": last}))
    if not dense_positions and valid:
        findings.append(Finding("warning", "The network has no dense layer, so it has nothing "
                                "to learn.", None))
    return findings


# ---------------------------------------------------------------- loss and output

def _loss_findings(valid, width, n_outputs, task, loss_name) -> list[Finding]:
    """Advice on the pairing of the output activation and the loss (task fits)."""
    findings = []
    last_index, meaning = (valid[-1][0], _cls(valid[-1][1]).output_meaning) if valid \
        else (None, None)
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
        findings.append(Finding("warning", f"{_short(loss_name)} on a softmax output learns "
                                "slowly; cross-entropy is the loss for class probabilities.",
                                last_index, {"action": "set_loss", "label": "use cross-entropy",
                                             "loss": {"type": "cross_entropy"}}))
    if loss_name == "binary_cross_entropy" and meaning == "class_distribution":
        findings.append(Finding("warning", "Binary cross-entropy on a softmax output: use a "
                                "single sigmoid unit, or cross-entropy.", last_index))
    return findings


def _width_finding(valid, dense_positions, width, n_outputs, task, loss_name):
    classification = task == "classification"
    expected = n_outputs
    if classification and loss_name == "binary_cross_entropy" and n_outputs == 2:
        expected = 1
    if width == expected:
        return None
    what = f"{expected} class{'es' if expected != 1 else ''}" if classification and \
        expected > 1 else f"{expected} output{'s' if expected != 1 else ''}"
    if classification and expected == 1:
        what = "1 output (the probability of class 1)"
    msg = f"The network outputs {width} value{'s' if width != 1 else ''} but the task " \
          f"needs {what}."
    fix, k = None, None
    if dense_positions:
        k = valid[dense_positions[-1]][0]
        fix = {"action": "set_field", "layer": k, "field": "units", "value": expected,
               "label": f"set output units to {expected}"
                        + (f" for {expected} classes" if classification and expected > 1
                           else "")}
    return Finding("error", msg, k, fix)


def _short(loss_name: str) -> str:
    return registry.get("loss", loss_name).extra.get("short", loss_name)


def _task_finding(valid, width, n_outputs, task, loss_spec) -> Finding | None:
    """One finding, with one fix for the whole output and loss, when the stack and loss
    are built for the other task (or binary cross-entropy meets more than two classes)."""
    if task not in ("classification", "regression") or not n_outputs or not valid \
            or loss_spec is None:
        return None
    loss_name = loss_spec["type"]
    loss_task = registry.get("loss", loss_name).extra.get("task")
    last_type = valid[-1][1]["type"]
    meaning = _cls(valid[-1][1]).output_meaning
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
    layers, loss, label, needs = _stack_for_task([s for _, s in valid], task, n_outputs,
                                                 loss_spec)
    setup = plural(width, "value")
    if meaning:
        setup += f" through a {last_type}"
    setup += f" with the {_short(loss_name)} loss"
    message = f"The network outputs {setup}{why}: {needs}."
    output = [i for i, s in valid if _cls(s).mixes_features]
    if layers == [s for _, s in valid]:  # only the loss changes
        fix = {"action": "set_loss", "label": f"use {_short(loss['type'])}", "loss": loss}
    else:
        fix = {"action": "set_stack", "label": label, "layers": layers, "loss": loss}
    return Finding("error" if error else "warning", message,
                   output[-1] if output else valid[-1][0], fix)


def _stack_for_task(specs: list[dict], task: str, n_outputs: int, loss_spec: dict):
    """``(layers, loss, fix label, what the task needs)``: the stack with its output and
    loss rebuilt for ``task``.

    Regression: the trailing softmax/sigmoid go, the last dense layer gets one unit per
    target column, and a classification loss becomes MSE (a regression loss is kept).
    Classification: the activations after the last dense layer go, it gets one unit per
    class, then a softmax with cross-entropy — except binary cross-entropy on two classes,
    which keeps its form: one unit, then a sigmoid.
    """
    layers = copy.deepcopy(specs)
    if task == "regression":
        removed = []
        while layers and _cls(layers[-1]).output_meaning:
            removed.insert(0, layers.pop()["type"])
        units, activation = n_outputs, None
        keep = registry.get("loss", loss_spec["type"]).extra.get("task") == "regression"
        loss = copy.deepcopy(loss_spec) if keep else {"type": "mse"}
    else:
        binary = loss_spec["type"] == "binary_cross_entropy" and n_outputs == 2
        while layers and _cls(layers[-1]).is_activation:
            layers.pop()
        units, activation = (1, "sigmoid") if binary else (n_outputs, "softmax")
        keep = loss_spec["type"] == ("binary_cross_entropy" if binary else "cross_entropy")
        loss = copy.deepcopy(loss_spec) if keep else \
            registry.normalize("loss", "binary_cross_entropy" if binary else "cross_entropy",
                               "loss")
    dense = [k for k, s in enumerate(layers) if _cls(s).mixes_features]
    if dense:
        layers[dense[-1]]["units"] = units
    else:
        layers.append(registry.normalize("layer", {"type": "dense", "units": units}, "layer"))
    if activation:
        layers.append({"type": activation})
    layers = [registry.normalize("layer", s, "layer") for s in layers]
    short = _short(loss["type"])
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
    return layers, loss, label, needs


# ---------------------------------------------------------------- batch normalization

def _batch_norm_findings(valid, batch_size, train_rows) -> list[Finding]:
    """Batch normalization needs at least 2 rows per batch (a mean and a variance)."""
    norms = [i for i, s in valid if _cls(s).needs_batch_statistics]
    if not norms or batch_size is None:
        return []
    if batch_size == "full":
        batch = train_rows
    else:
        batch = min(int(batch_size), train_rows) if train_rows else int(batch_size)
    if batch == 1:
        return [Finding("error", f"Batch normalization (layer {norms[0]}) needs at least 2 rows "
                        "per batch to compute a mean and a variance, but every batch has 1 row: "
                        "choose a batch size of 2 or more.", norms[0],
                        {"action": "set_training", "field": "batch_size", "value": 32,
                         "label": "use batches of 32 rows"} if train_rows is None or
                        train_rows >= 2 else None)]
    if train_rows and batch and train_rows > batch and train_rows % batch == 1:
        return [Finding("warning", f"Batch normalization with {train_rows} training rows in "
                        f"batches of {batch} leaves a last batch of 1 row, which has no "
                        "variance: that row is left out of each epoch (a different row each "
                        "epoch when shuffled).", norms[0])]
    return []


# ---------------------------------------------------------------- fixes

def apply_fix(layers: list[dict], fix: dict) -> list[dict]:
    """Return a new layer list with ``fix`` (from a :class:`Finding`) applied.

    ``set_loss`` and ``set_training`` fixes change other sections, not the layers, and
    ``set_stack`` also sets the loss: :func:`fixed_experiment` applies every kind.
    """
    out = [dict(s) if isinstance(s, dict) else s for s in layers]
    action = fix["action"]
    if action == "set_field":
        out[fix["layer"]][fix["field"]] = fix["value"]
    elif action == "append":
        out.append(dict(fix["spec"]))
    elif action == "insert":
        out.insert(fix["index"], dict(fix["spec"]))
    elif action == "remove":
        del out[fix["layer"]]
    elif action == "replace":
        out[fix["layer"]] = dict(fix["spec"])
    elif action == "set_stack":
        out = copy.deepcopy(fix["layers"])
    else:
        raise ValueError(f"fix action {action!r} does not change layers")
    return out


def fixed_experiment(experiment: dict, fix: dict) -> dict:
    """A copy of ``experiment`` with any finding's ``fix`` applied (layers, loss, training).

    The one place that knows every kind of fix, so that a front end applies a fix as one
    edit (one undo step) without knowing what it changes.
    """
    out = copy.deepcopy(experiment)
    action = fix["action"]
    if action == "set_loss":
        out["loss"] = copy.deepcopy(fix["loss"])
    elif action == "set_training":
        out["training"] = {**out.get("training", {}), fix["field"]: fix["value"]}
    else:
        out["model"] = {**out.get("model", {}),
                        "layers": apply_fix(out["model"]["layers"], fix)}
        if action == "set_stack":
            out["loss"] = copy.deepcopy(fix["loss"])
    return out


def _cls(spec: dict):
    """The class of a normalized layer spec: its facts decide the rules."""
    return layer_class(spec["type"])
