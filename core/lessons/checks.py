"""A lesson's checks: declarative conditions on what a training run recorded.

A check names one quantity of a closed vocabulary (:data:`METRICS`), all read from what
the trainer already records in a :class:`~core.training.run_history.RunHistory` (the epoch
columns of :class:`~core.training.events.EpochEvent` and its
:class:`~core.training.events.LayerStats`) and how the run finished, and one condition:

- ``{"metric": "val_accuracy", "op": ">=", "value": 0.9}``: a threshold;
- ``{"metric": "iterations_per_epoch", "equals": "ceil(n_train / batch_size)"}``: a count
  equal to a number or a formula (:mod:`core.lessons.formula`), or ``stop_reason`` equal
  to a word (``"diverged"``);
- ``{"metric": "layer_grad_norm", "layer": "first", "compare": "ratio_to",
  "run": "previous", "op": "<", "value": 0.01}``: the ratio of this run's value to the
  previous run's (``run``) or to another epoch of this run (``reference_epoch``).

Epoch and layer quantities are read at ``epoch`` (``"last"`` by default, ``"first"`` or a
1-based number); layer quantities name a weight layer by ``layer``: ``"first"``,
``"last"`` or a 1-based number counting the layers that have weights. :func:`evaluate`
measures a check on the runs a person made (the last one is "this run") and returns a
:class:`CheckOutcome` with the numbers, which the lessons panel puts into words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from core.errors import SpecError
from core.files import strict_json
from core.lessons.formula import NAMES, evaluate_formula, parse_formula, substituted
from core.training.events import STOP_REASONS

#: Quantities read from the epoch table at one epoch (column name in the history).
EPOCH_METRICS = {"train_loss": "train_loss", "val_loss": "val_loss",
                 "train_accuracy": "train_accuracy", "val_accuracy": "val_accuracy",
                 "train_rmse": "train_rmse", "val_rmse": "val_rmse",
                 "train_r2": "train_r2", "val_r2": "val_r2", "lr": "lr"}
#: Quantities of one weight layer at one epoch (column prefix in the history).
LAYER_METRICS = {"layer_grad_norm": "grad_norm", "weight_norm": "weight_norm",
                 "update_ratio": "update_ratio", "dead_fraction": "dead_fraction"}
#: Quantities of the whole run.
RUN_METRICS = ("iterations_per_epoch", "iterations", "epochs", "stop_reason")
METRICS = (*EPOCH_METRICS, *LAYER_METRICS, *RUN_METRICS)
OPERATORS = ("<", "<=", ">", ">=")
COMPARES = ("ratio_to",)
RUNS = ("previous",)
_FIELDS = ("metric", "layer", "epoch", "op", "value", "equals", "compare", "run",
           "reference_epoch", "label")


@dataclass(frozen=True)
class Check:
    """One condition on a run (see the module's description for the fields)."""

    metric: str
    op: str | None = None
    value: float | None = None
    equals: float | str | None = None
    layer: str | int | None = None
    epoch: str | int = "last"
    compare: str | None = None
    run: str | None = None
    reference_epoch: str | int | None = None
    label: dict | None = None


@dataclass(frozen=True)
class ObservedRun:
    """A finished run as the checks see it.

    Attributes
    ----------
    experiment : dict
        The normalized experiment it trained.
    history : RunHistory
    n_train : int
        Samples in its training set.
    label : dict or None
        What the lesson calls it (``{"en": "sigmoid", "zh_CN": "sigmoid"}``).
    """

    experiment: dict
    history: object
    n_train: int
    label: dict | None = None

    @property
    def batch_size(self) -> int:
        """Samples per iteration (the training set for ``"full"``)."""
        bs = self.experiment["training"]["batch_size"]
        return self.n_train if bs == "full" else min(int(bs), self.n_train)

    def formula_values(self) -> dict:
        """The numbers a formula may name (:data:`core.lessons.formula.NAMES`)."""
        return {"n_train": self.n_train, "batch_size": self.batch_size,
                "epochs": self.experiment["training"]["epochs"]}


@dataclass(frozen=True)
class CheckOutcome:
    """What :func:`evaluate` found.

    Attributes
    ----------
    check : Check
    passed : bool or None
        None when it cannot be measured yet (``missing`` says why).
    value : float or str or None
        The quantity on this run.
    reference : float or None
        With ``compare``: the quantity it is divided by.
    expected : float or str or None
        With ``equals``: the expected value (a formula's result).
    expected_formula : str or None
        With a formula: the formula with this run's numbers (``"ceil(360 / 32)"``).
    missing : str or None
        ``"no_run"`` (nothing trained yet), ``"no_previous_run"``, ``"no_value"`` (the run
        did not record the quantity, e.g. dead units without a ReLU).
    this_label, reference_label : dict or None
        The labels of the measured run and the reference run (with ``run``).
    """

    check: Check
    passed: bool | None
    value: float | str | None = None
    reference: float | None = None
    expected: float | str | None = None
    expected_formula: str | None = None
    missing: str | None = None
    this_label: dict | None = None
    reference_label: dict | None = None

    @property
    def ratio(self) -> float | None:
        """value / reference, with ``compare``."""
        if self.reference is None or not isinstance(self.value, (int, float)):
            return None
        return self.value / self.reference if self.reference != 0 else math.inf


def _show(value) -> str:
    text = strict_json.dumps(value)
    return text if len(text) <= 60 else text[:50] + " …"


def _epoch(value, path: str):
    if value in ("last", "first"):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    raise SpecError(f"{path}: expected \"first\", \"last\" or an epoch number from 1, got "
                    f"{_show(value)}")


def parse_check(doc, path: str, parse_texts) -> Check:
    """Validate one check document; SpecError naming the bad field of ``path``.

    ``parse_texts(value, path)`` validates the optional ``label`` (two languages).
    """
    if not isinstance(doc, dict):
        raise SpecError(f"{path}: expected an object with a \"metric\", got {_show(doc)}")
    for key in doc:
        if key not in _FIELDS:
            raise SpecError(f"{path}.{key}: unknown field; allowed: {', '.join(_FIELDS)}")
    metric = doc.get("metric")
    if metric not in METRICS:
        raise SpecError(f"{path}.metric: expected one of {', '.join(METRICS)}, got "
                        f"{_show(metric)}")
    layer = doc.get("layer")
    if metric in LAYER_METRICS:
        if layer is None:
            raise SpecError(f"{path}.layer: missing; {metric} needs \"first\", \"last\" or "
                            "a weight layer's number from 1")
        if not (layer in ("first", "last") or (isinstance(layer, int) and
                                              not isinstance(layer, bool) and layer >= 1)):
            raise SpecError(f"{path}.layer: expected \"first\", \"last\" or a weight layer's "
                            f"number from 1, got {_show(layer)}")
    elif "layer" in doc:
        raise SpecError(f"{path}.layer: only layer metrics ({', '.join(LAYER_METRICS)}) take "
                        "a layer")
    if metric in RUN_METRICS:
        for key in ("epoch", "reference_epoch"):
            if key in doc:
                raise SpecError(f"{path}.{key}: {metric} is a count of the whole run; it "
                                "takes no epoch")
    epoch = _epoch(doc.get("epoch", "last"), f"{path}.epoch")
    compare, run, reference_epoch = doc.get("compare"), doc.get("run"), None
    if "compare" in doc:
        if compare not in COMPARES:
            raise SpecError(f"{path}.compare: expected one of {', '.join(COMPARES)}, got "
                            f"{_show(compare)}")
        if metric == "stop_reason":
            raise SpecError(f"{path}.compare: stop_reason is a word; it cannot be divided")
        if "run" in doc and run not in RUNS:
            raise SpecError(f"{path}.run: expected one of {', '.join(RUNS)}, got {_show(run)}")
        if "reference_epoch" in doc:
            reference_epoch = _epoch(doc["reference_epoch"], f"{path}.reference_epoch")
        if run is None and reference_epoch is None:
            raise SpecError(f"{path}.compare: \"ratio_to\" needs \"run\": \"previous\" or a "
                            "\"reference_epoch\" to divide by")
    else:
        for key in ("run", "reference_epoch"):
            if key in doc:
                raise SpecError(f"{path}.{key}: only with \"compare\": \"ratio_to\"")
    op, value, equals = doc.get("op"), doc.get("value"), doc.get("equals")
    if "equals" in doc:
        if "op" in doc or "value" in doc or compare is not None:
            raise SpecError(f"{path}.equals: give either \"equals\" or \"op\" and \"value\", "
                            "not both (and no \"compare\" with \"equals\")")
        if metric == "stop_reason":
            if equals not in STOP_REASONS:
                raise SpecError(f"{path}.equals: expected one of {', '.join(STOP_REASONS)}, "
                                f"got {_show(equals)}")
        elif isinstance(equals, str):
            parse_formula(equals, f"{path}.equals")
        elif isinstance(equals, bool) or not isinstance(equals, (int, float)):
            raise SpecError(f"{path}.equals: expected a number or a formula over "
                            f"{', '.join(NAMES)}, got {_show(equals)}")
    else:
        if metric == "stop_reason":
            raise SpecError(f"{path}.equals: missing; stop_reason is checked with \"equals\" "
                            f"(one of {', '.join(STOP_REASONS)})")
        if op not in OPERATORS:
            raise SpecError(f"{path}.op: expected one of {', '.join(OPERATORS)}, got "
                            f"{_show(op)}")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SpecError(f"{path}.value: expected a number, got {_show(value)}")
    label = parse_texts(doc["label"], f"{path}.label") if "label" in doc else None
    return Check(metric, op, None if value is None else float(value), equals, layer, epoch,
                 compare, run, reference_epoch, label)


# ------------------------------------------------------------------ measuring
def _row(rows: list[dict], epoch):
    if not rows:
        return None
    if epoch == "last":
        return rows[-1]
    if epoch == "first":
        return rows[0]
    return next((r for r in rows if r.get("epoch") == epoch), None)


def weight_names(history) -> list[str]:
    """The weight parameters the history recorded (``"0.weight"`` ...), in layer order."""
    names = [c[len("grad_norm["):-1] for c in history.columns()
             if c.startswith("grad_norm[") and c.endswith(".weight]")]
    return sorted(names, key=lambda n: int(n.split(".")[0]))


def _layer_name(history, layer) -> str | None:
    names = weight_names(history)
    if not names:
        return None
    if layer == "first":
        return names[0]
    if layer == "last":
        return names[-1]
    return names[layer - 1] if layer <= len(names) else None


def measure(check: Check, run: ObservedRun, epoch=None):
    """The quantity ``check`` names on ``run`` (at ``epoch``, default the check's), or None."""
    history = run.history
    metric = check.metric
    if metric == "stop_reason":
        return history.finish.reason if history.finish is not None else None
    rows = history.epochs
    if metric == "epochs":
        return history.n_epochs if rows else None
    if metric == "iterations":
        return history.steps if history.steps else None
    if metric == "iterations_per_epoch":
        first = _row(rows, "first")
        return first.get("steps") if first is not None else None
    row = _row(rows, check.epoch if epoch is None else epoch)
    if row is None:
        return None
    if metric in EPOCH_METRICS:
        key = EPOCH_METRICS[metric]
    else:
        name = _layer_name(history, check.layer)
        if name is None:
            return None
        key = f"{LAYER_METRICS[metric]}[{name}]"
    value = row.get(key)
    return None if value is None or not math.isfinite(value) else float(value)


def _holds(value: float, op: str, limit: float) -> bool:
    return {"<": value < limit, "<=": value <= limit, ">": value > limit,
            ">=": value >= limit}[op]


def evaluate(check: Check, runs) -> CheckOutcome:
    """Measure ``check`` on ``runs`` (oldest first; the last one is "this run").

    Parameters
    ----------
    check : Check
    runs : sequence of ObservedRun
        The runs a person finished while following the lesson.

    Returns
    -------
    CheckOutcome
        ``passed`` is True or False with the numbers, or None with ``missing``.
    """
    if not runs:
        return CheckOutcome(check, None, missing="no_run")
    this = runs[-1]
    labels = {"this_label": this.label}
    value = measure(check, this)
    if value is None:
        return CheckOutcome(check, None, missing="no_value", **labels)
    if check.equals is not None:
        if check.metric == "stop_reason" or not isinstance(check.equals, str):
            return CheckOutcome(check, value == check.equals, value, expected=check.equals,
                                **labels)
        numbers = this.formula_values()
        expected = evaluate_formula(check.equals, numbers)
        return CheckOutcome(check, math.isclose(value, expected, rel_tol=1e-9), value,
                            expected=expected,
                            expected_formula=substituted(check.equals, numbers), **labels)
    if check.compare is None:
        return CheckOutcome(check, _holds(value, check.op, check.value), value, **labels)
    reference_run = this
    if check.run == "previous":
        if len(runs) < 2:
            return CheckOutcome(check, None, value, missing="no_previous_run", **labels)
        reference_run = runs[-2]
        labels["reference_label"] = reference_run.label
    reference = measure(check, reference_run, check.reference_epoch)
    if reference is None:
        return CheckOutcome(check, None, value, missing="no_value", **labels)
    ratio = value / reference if reference != 0 else math.inf
    return CheckOutcome(check, _holds(ratio, check.op, check.value), value, reference,
                        **labels)


def runs_for_page(page_runs, index: int) -> list:
    """The runs a page's checks are measured on.

    Parameters
    ----------
    page_runs : mapping of int to list of ObservedRun
        The runs that finished while each page (by index) was shown, oldest first.
    index : int
        The page whose checks are measured.

    Returns
    -------
    list of ObservedRun
        Empty when nothing finished on page ``index``; otherwise its runs, preceded by the
        last run of the nearest earlier page that has one. So "this run" is the page's
        latest run, and ``"run": "previous"`` is the one before it on the same page or,
        for the page's first run, the previous page's latest run.
    """
    own = list(page_runs.get(index, ()))
    if not own:
        return []
    earlier = next((page_runs[i][-1] for i in range(index - 1, -1, -1) if page_runs.get(i)),
                   None)
    return ([earlier] if earlier is not None else []) + own
