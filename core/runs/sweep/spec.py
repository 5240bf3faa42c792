"""Sweep files: a base experiment, the fields to vary by JSON path, and how to search.

::

    {"format": 1, "name": "lr x width x optimizer", "base": "spiral.json",
     "method": "grid",
     "parameters": {"optimizer.lr": {"values": [0.001, 0.01, 0.1]},
                    "model.layers[0].units": {"values": [8, 16, 32]},
                    "optimizer.type": {"values": ["sgd", "adam"]}},
     "repeats": 3, "metric": {"name": "val_accuracy", "goal": "maximize"}}

- ``base``: an experiment file (relative to the sweep file) or an experiment object.
- ``method``: ``grid`` (every combination of ``values``, in file order), ``random`` or
  ``bayes`` (Optuna's TPE sampler); the last two take ranges too:
  ``{"min": 1e-4, "max": 0.1, "log": true}`` (integers when both ends are integers).
- ``trials``: the trial budget, in parameter combinations (required for random and
  bayes; for a grid, at most this many of its combinations).
- ``repeats``: runs per combination, with training seeds ``seed``, ``seed + 1``, …
  (the data stay the same, so repeats differ only in initial weights and shuffling).
- ``metric``: what the search optimizes, as it stands at the epoch whose weights the run
  keeps; ``goal`` defaults to maximize for accuracy and r2, minimize for losses and rmse.
- ``early_termination``: ``{"type": "median"}`` or ``{"type": "hyperband"}``, Optuna's
  pruners fed the metric after every epoch; ``min_epochs`` (before any pruning),
  ``startup_trials`` (median: trials that always finish), ``reduction_factor`` (hyperband).
- ``seed``: seeds the random and bayes samplers.

Everything is checked before a trial runs: each path must exist in the base experiment
(defaults count), and each value and range end must pass the experiment's own validation;
errors name the path: ``parameters["optimizer.lr"].values[2]: optimizer.lr: expected a
positive number, got -1``.
"""

from __future__ import annotations

import copy
import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

from core import experiment as experiment_schema
from core.errors import SpecError, WorkbenchError
from core.files import strict_json
from core.files.read_limits import MAX_EXPERIMENT_BYTES, read_regular_bytes
from core.runs.sweep import json_path

FORMAT = 1
METHODS = ("grid", "random", "bayes")
FIELDS = ("format", "name", "base", "method", "parameters", "trials", "repeats", "metric",
          "early_termination", "seed")
#: Metric names and their natural goal.
METRICS = {"val_accuracy": "maximize", "train_accuracy": "maximize", "val_loss": "minimize",
           "train_loss": "minimize", "val_rmse": "minimize", "train_rmse": "minimize",
           "val_r2": "maximize", "train_r2": "maximize"}
PRUNERS = ("median", "hyperband")
#: More combinations than this is certainly a mistake (and would take years).
MAX_COMBINATIONS = 100_000
MAX_REPEATS = 100


@dataclass(frozen=True)
class Parameter:
    """One varied field: a list of ``values``, or a range ``low``..``high``."""

    path: str
    values: tuple | None = None
    low: float | None = None
    high: float | None = None
    log: bool = False
    integer: bool = False


@dataclass(frozen=True)
class SweepSpec:
    """A validated sweep. ``base`` is the raw base document (trial values are put into it
    before it is normalized), ``base_normalized`` its validated form."""

    source: str
    name: str
    base: dict
    base_normalized: dict
    base_dir: str | None
    method: str
    parameters: tuple
    trials: int | None
    repeats: int
    metric: str
    goal: str
    early_termination: dict | None
    seed: int

    @property
    def combinations(self) -> int:
        """How many parameter combinations the sweep runs (each ``repeats`` times)."""
        if self.method == "grid":
            size = math.prod(len(p.values) for p in self.parameters)
            return min(size, self.trials) if self.trials else size
        return int(self.trials)

    @property
    def total_runs(self) -> int:
        return self.combinations * self.repeats

    def digest(self) -> str:
        """A fingerprint of everything that decides the trials (resume checks it)."""
        doc = {"base": self.base_normalized, "method": self.method, "trials": self.trials,
               "repeats": self.repeats, "metric": self.metric, "goal": self.goal,
               "early_termination": self.early_termination, "seed": self.seed,
               "parameters": [[p.path, list(p.values) if p.values is not None else None,
                               p.low, p.high, p.log, p.integer] for p in self.parameters]}
        return hashlib.sha256(strict_json.dumps(doc, sort_keys=True).encode()).hexdigest()


def load(path) -> SweepSpec:
    """Read and validate the sweep file at ``path``."""
    data = read_regular_bytes(path, MAX_EXPERIMENT_BYTES, "a sweep (JSON) file", SpecError)
    doc = strict_json.loads(data, str(path), SpecError)
    try:
        return normalize(doc, Path(path).resolve().parent, str(path))
    except WorkbenchError as exc:
        raise type(exc)(f"{path}: {exc}") from None


def normalize(doc, folder=None, source: str = "sweep") -> SweepSpec:
    """Validate a sweep document; ``folder`` is where a relative ``base`` path starts."""
    if not isinstance(doc, dict):
        raise SpecError(f"the sweep must be a JSON object, got {type(doc).__name__}")
    for key in doc:
        if key not in FIELDS:
            raise SpecError(f"{key}: unknown field; allowed: {', '.join(FIELDS)}")
    if doc.get("format", FORMAT) != FORMAT or isinstance(doc.get("format"), bool):
        raise SpecError(f"format: expected {FORMAT}, got {_show(doc.get('format'))}")
    name = doc.get("name", "")
    if not isinstance(name, str):
        raise SpecError(f"name: expected a text string, got {_show(name)}")
    base, base_dir = _base(doc.get("base"), folder)
    try:
        base_normalized = experiment_schema.normalize(copy.deepcopy(base))
    except WorkbenchError as exc:
        raise SpecError(f"base: {exc}") from None
    method = doc.get("method", "grid")
    if method not in METHODS:
        raise SpecError(f"method: expected one of {', '.join(METHODS)}, got {_show(method)}")
    trials = _count(doc, "trials", None, 1, 1_000_000)
    if method != "grid" and trials is None:
        raise SpecError(f"trials: missing; a {method} search needs a trial budget (the "
                        "number of parameter combinations to try)")
    repeats = _count(doc, "repeats", 1, 1, MAX_REPEATS)
    seed = _count(doc, "seed", 0, 0, 2**31 - 1)
    metric, goal = _metric(doc.get("metric", {"name": "val_accuracy"}))
    early = _early(doc.get("early_termination"))
    parameters = _parameters(doc.get("parameters"), method, base, base_normalized)
    if method == "grid":
        size = math.prod(len(p.values) for p in parameters)
        if size > MAX_COMBINATIONS and not trials:
            raise SpecError(f"parameters: the grid has {size:,} combinations; at most "
                            f"{MAX_COMBINATIONS:,} (set \"trials\" or use \"random\")")
    return SweepSpec(source, name, base, base_normalized, base_dir, method, parameters,
                     trials, repeats, metric, goal, early, seed)


def experiment_for(spec: SweepSpec, params: dict, repeat: int = 0) -> dict:
    """The normalized experiment of one trial: the base with ``params`` put in, and the
    training seed moved on by ``repeat``."""
    doc = copy.deepcopy(spec.base)
    for path, value in params.items():
        json_path.put(doc, path, copy.deepcopy(value), spec.base_normalized)
    if repeat:
        seed = json_path.get(experiment_schema.normalize(copy.deepcopy(doc)), "training.seed")
        json_path.put(doc, "training.seed", seed + repeat, spec.base_normalized)
    return experiment_schema.normalize(doc)


# ---------------------------------------------------------------- parts
def _show(value) -> str:
    text = strict_json.dumps(value)
    return text if len(text) <= 60 else text[:50] + " …"


def _base(base, folder):
    if isinstance(base, dict):
        return copy.deepcopy(base), str(folder) if folder is not None else None
    if not isinstance(base, str) or not base:
        raise SpecError("base: expected the path of an experiment file or an experiment "
                        f"object, got {_show(base)}")
    path = Path(base)
    if not path.is_absolute() and folder is not None:
        path = Path(folder) / path
    try:
        data = read_regular_bytes(path, MAX_EXPERIMENT_BYTES, "an experiment (JSON) file",
                                  SpecError)
    except OSError as exc:
        raise SpecError(f"base: {path} cannot be read ({exc.strerror or exc})") from None
    except WorkbenchError as exc:
        raise SpecError(f"base: {exc}") from None
    doc = strict_json.loads(data, f"base: {path}", SpecError)
    if not isinstance(doc, dict):
        raise SpecError(f"base: {path}: the experiment must be a JSON object")
    return doc, str(path.resolve().parent)


def _count(doc, key, default, low, high):
    value = doc.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SpecError(f"{key}: expected an integer from {low} to {high:,}, got "
                        f"{_show(value)}")
    return value


def _metric(metric):
    if isinstance(metric, str):
        metric = {"name": metric}
    if not isinstance(metric, dict):
        raise SpecError(f"metric: expected {{\"name\": …, \"goal\": …}}, got {_show(metric)}")
    for key in metric:
        if key not in ("name", "goal"):
            raise SpecError(f"metric.{key}: unknown field; allowed: name, goal")
    name = metric.get("name")
    if name not in METRICS:
        raise SpecError(f"metric.name: expected one of {', '.join(METRICS)}, got "
                        f"{_show(name)}")
    goal = metric.get("goal", METRICS[name])
    if goal not in ("maximize", "minimize"):
        raise SpecError(f"metric.goal: expected \"maximize\" or \"minimize\", got "
                        f"{_show(goal)}")
    return name, goal


def _early(early):
    if early is None:
        return None
    if not isinstance(early, dict) or early.get("type") not in PRUNERS:
        raise SpecError("early_termination: expected {\"type\": \"median\"} or {\"type\": "
                        f"\"hyperband\"}}, got {_show(early)}")
    allowed = {"type": None, "min_epochs": (1, 1_000_000), "startup_trials": (0, 100_000),
               "reduction_factor": (2, 100)}
    out = {"type": early["type"]}
    for key in early:
        if key not in allowed:
            raise SpecError(f"early_termination.{key}: unknown field; allowed: "
                            f"{', '.join(allowed)}")
        if key != "type":
            low, high = allowed[key]
            out[key] = _count(early, key, None, low, high)
    return out


def _parameters(parameters, method, base, base_normalized) -> tuple:
    if not isinstance(parameters, dict) or not parameters:
        raise SpecError("parameters: expected an object naming at least one field to vary, "
                        "e.g. {\"optimizer.lr\": {\"values\": [0.001, 0.01]}}")
    out = []
    for path, choice in parameters.items():
        where = f"parameters[{strict_json.dumps(path)}]"
        try:
            json_path.parse(path)
            current = json_path.get(base_normalized, path)
        except SpecError as exc:
            raise SpecError(f"{where}: {exc}") from None
        if not isinstance(choice, dict):
            raise SpecError(f"{where}: expected {{\"values\": [...]}} or {{\"min\": …, "
                            f"\"max\": …}}, got {_show(choice)}")
        if "values" in choice:
            out.append(_values(path, where, choice, base, base_normalized))
        elif "min" in choice or "max" in choice:
            if method == "grid":
                raise SpecError(f"{where}: a grid needs \"values\"; a range (min, max) needs "
                                "\"method\": \"random\" or \"bayes\"")
            out.append(_range(path, where, choice, base, base_normalized, current))
        else:
            raise SpecError(f"{where}: expected \"values\" or \"min\" and \"max\"")
    return tuple(out)


def _check_value(base, path, value, where, base_normalized) -> None:
    doc = copy.deepcopy(base)
    try:
        json_path.put(doc, path, copy.deepcopy(value), base_normalized)
        experiment_schema.normalize(doc)
    except WorkbenchError as exc:
        raise SpecError(f"{where}: {exc}") from None


def _values(path, where, choice, base, base_normalized) -> Parameter:
    for key in choice:
        if key != "values":
            raise SpecError(f"{where}.{key}: unknown field beside \"values\"")
    values = choice["values"]
    if not isinstance(values, list) or not values:
        raise SpecError(f"{where}.values: expected a non-empty list, got {_show(values)}")
    for i, value in enumerate(values):
        _check_value(base, path, value, f"{where}.values[{i}]", base_normalized)
    texts = [strict_json.dumps(v, sort_keys=True) for v in values]
    if len(set(texts)) != len(texts):
        raise SpecError(f"{where}.values: a value appears twice")
    return Parameter(path, values=tuple(values))


def _range(path, where, choice, base, base_normalized, current) -> Parameter:
    for key in choice:
        if key not in ("min", "max", "log"):
            raise SpecError(f"{where}.{key}: unknown field; allowed: min, max, log")
    low, high, log = choice.get("min"), choice.get("max"), choice.get("log", False)
    for key, value in (("min", low), ("max", high)):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SpecError(f"{where}.{key}: expected a number, got {_show(value)}")
    if not low < high:
        raise SpecError(f"{where}: expected min < max, got min {low} and max {high}")
    if not isinstance(log, bool):
        raise SpecError(f"{where}.log: expected true or false, got {_show(log)}")
    if log and low <= 0:
        raise SpecError(f"{where}: a log range needs min > 0, got {low}")
    integer = isinstance(low, int) and isinstance(high, int) and \
        isinstance(current, int) and not isinstance(current, bool)
    _check_value(base, path, low, f"{where}.min", base_normalized)
    _check_value(base, path, high, f"{where}.max", base_normalized)
    return Parameter(path, low=low, high=high, log=log, integer=integer)
