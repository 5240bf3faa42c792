"""A run as the dashboards remember it, and the words that name it.

A :class:`RunRecord` gathers one run's history (bounded), its latest weights and
gradients, the weight distributions over time and how it ended. Runs are named by what
tells them apart: the data, the network in a few words, the optimizer, the learning rate
and the seed (:func:`run_name`); :func:`incomparable` says when two runs' curves do not
compare directly. Finished runs stay in the "Compare runs" list
(:class:`~workbench.dashboard.run_list.RunList`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from core.errors import SpecError
from core.nn.layers.base import layer_class
from core.training.run_history import RunHistory
from core.training.sample_history import SampleHistory
from core.training.weight_snapshots import WeightSnapshots
from workbench import plot_colours
from workbench.dashboard.loss_landscape_path import WeightPath


def _tr(text: str) -> str:
    return QCoreApplication.translate("RunRecord", text)


#: A run's state and how it ended, as the run list writes them (translated where shown).
_STATE_WORDS = (
    QT_TRANSLATE_NOOP("RunRecord", "preparing"), QT_TRANSLATE_NOOP("RunRecord", "ready"),
    QT_TRANSLATE_NOOP("RunRecord", "running"), QT_TRANSLATE_NOOP("RunRecord", "paused"),
    QT_TRANSLATE_NOOP("RunRecord", "finished"), QT_TRANSLATE_NOOP("RunRecord", "failed"),
    QT_TRANSLATE_NOOP("RunRecord", "cancelled"), QT_TRANSLATE_NOOP("RunRecord", "completed"),
    QT_TRANSLATE_NOOP("RunRecord", "early stopping"), QT_TRANSLATE_NOOP("RunRecord", "diverged"),
    QT_TRANSLATE_NOOP("RunRecord", "interrupted"),
)


def data_words(experiment: dict) -> str:
    """The data in a word or two: ``"spiral 600"``, ``"iris"``, ``"churn.csv"``."""
    data = experiment.get("data", {})
    source = str(data.get("source", "?"))
    if data.get("path"):
        return Path(str(data["path"])).name
    samples = data.get("samples")
    return f"{source} {samples}" if samples else source


def network_words(experiment: dict) -> str:
    """The network in a few words: ``"32-32-3 ReLU"``, ``"64-10 tanh, batch norm"``.

    The sizes of the layers that mix features (dense), the activations of the hidden
    layers, then the regularization layers, in the order they first appear.
    """
    known = []
    for spec in experiment.get("model", {}).get("layers", []):
        try:
            known.append((spec, layer_class(spec.get("type", ""))))
        except SpecError:  # an unknown type is left out
            continue
    units = [cls.size_text(spec) for spec, cls in known if cls.mixes_features]
    acts = list(dict.fromkeys(cls.entry.title for _spec, cls in known[:-1]
                              if cls.is_activation))
    extras = list(dict.fromkeys(cls.entry.title.lower() for _spec, cls in known
                                if cls.kind == "regularization"))
    words = "-".join(units) or "no dense layer"
    if acts:
        words += " " + "/".join(acts)
    if extras:
        words += ", " + ", ".join(extras)
    return words


def optimizer_words(experiment: dict) -> str:
    """``"adam lr=0.01"``; momentum reads ``"sgd lr=0.1 μ=0.9"`` (``nesterov μ=0.9``)."""
    opt = experiment.get("optimizer", {})
    name = f"{opt.get('type', '?')} lr={opt.get('lr', float('nan')):g}"
    if opt.get("momentum"):
        name += f" {'nesterov ' if opt.get('nesterov') else ''}μ={opt['momentum']:g}"
    return name


def run_parts(experiment: dict) -> dict:
    """What tells runs apart, in words: ``data``, ``network``, ``optimizer``, ``seed``."""
    return {"optimizer": optimizer_words(experiment), "data": data_words(experiment),
            "network": network_words(experiment),
            "seed": f"seed {experiment.get('training', {}).get('seed', '?')}"}


def run_name(experiment: dict, number: int) -> str:
    """``"#3 adam lr=0.01 · spiral 600 · 32-32-3 ReLU · seed 0"``."""
    parts = run_parts(experiment)
    return f"#{number} " + " · ".join(parts[k] for k in ("optimizer", "data", "network",
                                                           "seed"))


def differences(experiment: dict, reference: dict) -> list[str]:
    """The parts (see :func:`run_parts`) in which ``experiment`` differs from ``reference``."""
    a, b = run_parts(experiment), run_parts(reference)
    return [k for k in ("data", "network", "optimizer", "seed") if a[k] != b[k]]


def incomparable(experiment: dict, reference: dict) -> list[str]:
    """``["data", "network"]``-like: what makes two runs' curves not directly comparable."""
    out = []
    if json.dumps(experiment.get("data"), sort_keys=True, default=str) != \
            json.dumps(reference.get("data"), sort_keys=True, default=str):
        out.append("data")
    if experiment.get("model") != reference.get("model"):
        out.append("network")
    return out


@dataclass
class DisplayOptions:
    """What the user chose for the plots: smoothing, log scale, runs to overlay."""

    smoothing: float = 0.6
    log_y: bool = False
    compared: list = field(default_factory=list)   # RunRecords to overlay


class RunRecord:
    """One training run as the dashboards see it.

    Attributes
    ----------
    number : int
        1, 2, 3 ... in the order runs were started.
    name, colour : str
    history : RunHistory
    info : RunInfo or None
        Set when the worker has prepared the run.
    latest : EpochEvent or None
        The most recent epoch end.
    weights, gradients : dict
        The latest host snapshots (initial weights until the first epoch ends).
    weight_samples : dict
        ``name -> SampleHistory`` of each weight matrix over the epochs.
    state : str
        The worker state (``preparing`` ... ``finished``/``failed``).
    version : int
        Increases with every change, so panels can skip redraws.
    snapshots : WeightSnapshots
        The weights kept for time travel: the initial ones and log-spaced epoch ends
        (the epoch events' host copies, kept by reference: no extra copy).
    branched_from : tuple or None
        ``(run number, Moment)`` when this run was branched from another run's snapshot.
    """

    def __init__(self, number: int, experiment: dict):
        self.number = number
        self.experiment = experiment
        self.name = run_name(experiment, number)
        self.exported_epoch: int | None = None   # the epoch whose weights were exported
        self.colour = plot_colours.run_colour(number - 1)
        self.history = RunHistory(self.name)
        self.info = None
        self.latest = None
        self.weights: dict = {}
        self.edits = 0           # weights replaced outside epoch ends (hand edits, pauses)
        self.gradients: dict = {}
        self.initial_weights: dict = {}
        self.weight_samples: dict[str, SampleHistory] = {}
        self.weight_path = WeightPath()   # every epoch's weights (the landscape's path)
        self.state = "preparing"
        self.error: str | None = None
        self.version = 0
        self.running_seconds = 0.0   # wall time spent in the running state
        self.snapshots = WeightSnapshots()
        self.branched_from: tuple | None = None
        self.moment_confusions: dict = {}   # kept moment's index -> its confusion matrix

    @property
    def short_name(self) -> str:
        """``"#3 adam lr=0.01"``: the number and the optimizer."""
        return f"#{self.number} {optimizer_words(self.experiment)}"

    def legend_name(self, current: RunRecord | None) -> str:
        """For plot legends: the number and what differs from the ``current`` run."""
        if current is None:
            return self.short_name
        parts = run_parts(self.experiment)
        keys = differences(self.experiment, current.experiment) or ["optimizer"]
        return f"#{self.number} " + " · ".join(parts[k] for k in keys)

    @property
    def finish(self):
        return self.history.finish

    @property
    def steps(self) -> int:
        return self.history.steps

    @property
    def epoch(self) -> int:
        """The latest epoch's number (before it: 0, or the moment a branch starts from)."""
        if self.latest is not None:
            return self.latest.epoch
        return self.branched_from[1].epoch if self.branched_from is not None else 0

    def set_info(self, info) -> None:
        self.info = info
        self.weights = dict(info.weights)
        self.initial_weights = dict(info.weights)
        # a branch starts where its parent's snapshot was
        start = self.branched_from[1] if self.branched_from is not None else None
        epoch, step = (start.epoch, start.step) if start is not None else (0, 0)
        self.weight_path.add(epoch, self.initial_weights)
        for name, value in info.weights.items():
            if name.endswith(".weight"):
                self.weight_samples.setdefault(name, SampleHistory()).add(epoch, value)
        self.snapshots.add(epoch, step, info.weights,
                           lr=info.experiment["optimizer"].get("lr"))
        self.version += 1

    def add_iterations(self, events) -> None:
        self.history.add_iterations(events)
        self.version += 1

    def add_epoch(self, event) -> None:
        self.history.add_epoch(event)
        self.latest = event
        if event.weights:
            self.weights = event.weights
            self.weight_path.add(event.epoch, event.weights)
            for name, value in event.weights.items():
                if name.endswith(".weight"):
                    self.weight_samples.setdefault(name, SampleHistory()).add(event.epoch,
                                                                              value)
        if event.gradients:
            self.gradients = event.gradients
        if event.weights and self.snapshots.wants(event.epoch, event.steps):
            moment = self.snapshots.add(event.epoch, event.steps, event.weights, lr=event.lr,
                                        gradients=event.gradients)
            if moment is not None and event.confusion is not None:
                self.moment_confusions[moment.index] = event.confusion
                kept = {m.index for m in self.snapshots.moments()}
                self.moment_confusions = {i: c for i, c in self.moment_confusions.items()
                                          if i in kept}
        self.version += 1

    def summary(self) -> str:
        """The run list's text: the number, optimizer and seed; the data and network; then
        the state and the last validation results (three lines)."""
        parts = []
        if self.finish is not None:
            parts.append(_tr(self.finish.reason.replace("_", " ")))   # _STATE_WORDS
        elif self.state:
            parts.append(_tr(self.state))
        if self.latest is not None:
            metrics = self.latest.val_metrics or self.latest.train_metrics
            if "accuracy" in metrics:
                parts.append(_tr("acc {}").format(f"{metrics['accuracy']:.3f}"))
            elif "rmse" in metrics:
                parts.append(_tr("rmse {}").format(f"{metrics['rmse']:.3g}"))
            loss = self.latest.val_loss if self.latest.val_loss is not None \
                else self.latest.train_loss
            parts.append(_tr("loss {}").format(f"{loss:.3g}"))
            parts.append(_tr("{} ep").format(self.latest.epoch))
        words = {k: v.replace(" ", "\u00a0").replace(",\u00a0", ", ")
                 for k, v in run_parts(self.experiment).items()}
        state = " · ".join(p.replace(" ", "\u00a0") for p in parts)   # lines wrap at " · "
        return (f"#{self.number}\u00a0{words['optimizer']} · {words['seed']}\n"
                f"{words['data']} · {words['network']}\n{state}")
