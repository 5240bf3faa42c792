"""Which trials a sweep runs, and which it stops early: Optuna's ask-and-tell interface.

One Optuna trial is one run (one parameter combination with one repeat's seed). A grid
enqueues its combinations in file order; ``random`` asks Optuna's RandomSampler,
``bayes`` its TPE sampler (``constant_liar`` on, so that trials running at once spread
out); every further repeat of a combination is enqueued with the same values. With
``early_termination``, the coordinator reports each run's metric after every epoch to
Optuna's MedianPruner or HyperbandPruner and stops the runs it prunes.

Only the coordinating process imports Optuna; the worker processes never do.

A resumed sweep gives Optuna every finished run again (:func:`optuna.trial.create_trial`)
and carries on: the grid skips what is done; random and bayes continue the combinations
whose repeats were cut short, then ask for new ones (their samplers are seeded with the
sweep's seed and the number of runs done, so a resumed random search may differ from an
uninterrupted one, never repeating a finished run).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.trial import TrialState

from core.files import strict_json
from core.runs.sweep.spec import Parameter, SweepSpec

optuna.logging.set_verbosity(optuna.logging.WARNING)  # no line per trial on stderr
_STATES = {"complete": TrialState.COMPLETE, "pruned": TrialState.PRUNED,
           "failed": TrialState.FAIL}


@dataclass
class TrialPlan:
    """One run to do: combination ``point``, repeat ``repeat``; ``number`` is
    ``point * repeats + repeat`` (stable across resumes)."""

    number: int
    point: int
    repeat: int
    params: dict
    trial: object = field(default=None, repr=False)   # the Optuna trial (coordinator only)
    reported: dict = field(default_factory=dict)      # epoch -> metric value


def is_scalar(value) -> bool:
    return value is None or isinstance(value, (bool, int, float, str))


def distribution(param: Parameter):
    """The Optuna distribution of a varied field."""
    if param.values is not None:
        return CategoricalDistribution(_choices(param))
    if param.integer:
        return IntDistribution(int(param.low), int(param.high), log=param.log)
    return FloatDistribution(float(param.low), float(param.high), log=param.log)


def _choices(param: Parameter) -> tuple:
    if all(is_scalar(v) for v in param.values):
        return tuple(param.values)
    return tuple(strict_json.dumps(v, sort_keys=True) for v in param.values)


def to_optuna(param: Parameter, value):
    """A field's value as Optuna's distribution holds it (lists and objects as JSON)."""
    if param.values is not None and not all(is_scalar(v) for v in param.values):
        return strict_json.dumps(value, sort_keys=True)
    return value


def from_optuna(param: Parameter, value):
    if param.values is not None and not all(is_scalar(v) for v in param.values):
        return param.values[_choices(param).index(value)]
    return value


class Search:
    """The trials of a sweep, handed out one at a time (:meth:`next`).

    Parameters
    ----------
    spec : SweepSpec
    done : list of dict
        The records of runs already finished (from the state file), each with
        ``number``, ``point``, ``repeat``, ``params``, ``state``, ``value`` and
        ``intermediate`` (``{"epoch": value}``).
    """

    def __init__(self, spec: SweepSpec, done: list):
        self.spec = spec
        self.distributions = {p.path: distribution(p) for p in spec.parameters}
        seed = spec.seed + 7919 * len(done)
        if spec.method == "bayes":
            sampler = optuna.samplers.TPESampler(seed=seed, constant_liar=True,
                                                 n_startup_trials=min(10, max(
                                                     1, spec.combinations // 3)))
        else:
            sampler = optuna.samplers.RandomSampler(seed=seed)
        self.study = optuna.create_study(direction=spec.goal, sampler=sampler,
                                         pruner=_pruner(spec))
        self.done_numbers = {r["number"] for r in done}
        points: dict[int, dict] = {}
        for record in sorted(done, key=lambda r: r["number"]):
            points.setdefault(record["point"], record["params"])
            self._add_finished(record)
        self.points = points                # point -> params, of every point started
        self._grid = self._grid_points() if spec.method == "grid" else None
        self._queue = self._pending()

    # ---------------------------------------------------------------- handing out
    def _grid_points(self) -> list:
        values = [p.values for p in self.spec.parameters]
        paths = [p.path for p in self.spec.parameters]
        combos = itertools.islice(itertools.product(*values), self.spec.combinations)
        return [dict(zip(paths, combo)) for combo in combos]

    def _pending(self):
        """Yield (point, repeat, params or None): params None means "ask the sampler"."""
        repeats = self.spec.repeats
        if self._grid is not None:
            for point, params in enumerate(self._grid):
                for repeat in range(repeats):
                    if point * repeats + repeat not in self.done_numbers:
                        yield point, repeat, params
            return
        for point in sorted(self.points):   # combinations whose repeats were cut short
            for repeat in range(repeats):
                if point * repeats + repeat not in self.done_numbers:
                    yield point, repeat, self.points[point]
        for point in range(self.spec.combinations):
            if point in self.points:
                continue
            yield point, 0, None
            for repeat in range(1, repeats):
                yield point, repeat, self.points[point]

    def next(self) -> TrialPlan | None:
        """The next run, or None when the budget is spent."""
        try:
            point, repeat, params = next(self._queue)
        except StopIteration:
            return None
        if params is not None:
            self.study.enqueue_trial({p.path: to_optuna(p, params[p.path])
                                      for p in self.spec.parameters})
        trial = self.study.ask()
        asked = {p.path: from_optuna(p, _suggest(trial, p)) for p in self.spec.parameters}
        self.points.setdefault(point, asked)
        return TrialPlan(point * self.spec.repeats + repeat, point, repeat, asked, trial)

    # ---------------------------------------------------------------- feedback
    def report(self, plan: TrialPlan, epoch: int, value: float | None) -> bool:
        """Feed one epoch's metric; True when the pruner says to stop this run."""
        if self.spec.early_termination is None or value is None or not math.isfinite(value):
            return False
        plan.reported[epoch] = value
        plan.trial.report(value, epoch)
        return bool(plan.trial.should_prune())

    def finish(self, plan: TrialPlan, state: str, value: float | None) -> None:
        """Tell Optuna how the run ended (``complete``, ``pruned`` or ``failed``)."""
        self.done_numbers.add(plan.number)
        if state == "complete" and value is not None and math.isfinite(value):
            self.study.tell(plan.trial, value)
        else:
            self.study.tell(plan.trial, state=TrialState.PRUNED if state == "pruned"
                            else TrialState.FAIL)

    def _add_finished(self, record: dict) -> None:
        state = _STATES[record["state"]]
        value = record.get("value")
        if state == TrialState.COMPLETE and (value is None or not math.isfinite(value)):
            state = TrialState.FAIL
        params = {p.path: to_optuna(p, record["params"][p.path]) for p in self.spec.parameters}
        intermediate = {int(k): float(v) for k, v in (record.get("intermediate") or {}).items()}
        self.study.add_trial(optuna.trial.create_trial(
            state=state, value=value if state == TrialState.COMPLETE else None, params=params,
            distributions=self.distributions, intermediate_values=intermediate))


def _suggest(trial, param: Parameter):
    if param.values is not None:
        return trial.suggest_categorical(param.path, _choices(param))
    if param.integer:
        return trial.suggest_int(param.path, int(param.low), int(param.high), log=param.log)
    return trial.suggest_float(param.path, float(param.low), float(param.high), log=param.log)


def _pruner(spec: SweepSpec):
    early = spec.early_termination
    if early is None:
        return optuna.pruners.NopPruner()
    min_epochs = early.get("min_epochs") or 1
    if early["type"] == "median":
        startup = early.get("startup_trials")
        return optuna.pruners.MedianPruner(
            n_startup_trials=5 if startup is None else startup, n_warmup_steps=min_epochs)
    return optuna.pruners.HyperbandPruner(
        min_resource=min_epochs, max_resource=spec.base_normalized["training"]["epochs"],
        reduction_factor=early.get("reduction_factor") or 3)
