"""Runs: what the dashboards remember about each training run, and the "Compare runs" list.

A :class:`RunRecord` gathers one run's history (bounded), its latest weights and
gradients, the weight distributions over time and how it ended. Finished runs stay in
the :class:`RunList`. The current run is drawn alone unless the person ticks others,
whose loss and accuracy curves are then overlaid (e.g. SGD vs momentum vs Adam from the
same initial weights); a ticked run on other data or another network is flagged, since
its curves do not compare directly. Runs are named by what tells them apart: the data,
the network in a few words, the optimizer, the learning rate and the seed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from core import registry
from workbench.dashboard import palette
from core.training.run_history import RunHistory
from core.training.sample_history import SampleHistory

MAX_RUNS = 12
#: layer types that do not count as the network's activation in its short description
_NOT_ACTIVATIONS = ("dense", "dropout", "batch_norm")


def data_words(experiment: dict) -> str:
    """The data in a word or two: ``"spiral 600"``, ``"iris"``, ``"churn.csv"``."""
    data = experiment.get("data", {})
    source = str(data.get("source", "?"))
    if data.get("path"):
        return Path(str(data["path"])).name
    samples = data.get("samples")
    return f"{source} {samples}" if samples else source


def network_words(experiment: dict) -> str:
    """The network in a few words: ``"32-32-3 ReLU"``, ``"64-10 tanh, batch norm"``."""
    layers = experiment.get("model", {}).get("layers", [])
    units = [str(spec.get("units")) for spec in layers if spec.get("type") == "dense"]
    hidden = [spec.get("type") for spec in layers[:-1] if spec.get("type") not in
              _NOT_ACTIVATIONS]
    extras = [t for t in ("batch_norm", "dropout") if any(s.get("type") == t for s in layers)]

    def title(kind):
        try:
            return registry.get("layer", kind).title
        except Exception:  # an unknown type keeps its name
            return kind
    acts = list(dict.fromkeys(title(a) for a in hidden))
    words = "-".join(units) or "no dense layer"
    if acts:
        words += " " + "/".join(acts)
    if extras:
        words += ", " + ", ".join(title(e).lower() for e in extras)
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
    """

    def __init__(self, number: int, experiment: dict):
        self.number = number
        self.experiment = experiment
        self.name = run_name(experiment, number)
        self.exported_epoch: int | None = None   # the epoch whose weights were exported
        self.colour = palette.run_colour(number - 1)
        self.history = RunHistory(self.name)
        self.info = None
        self.latest = None
        self.weights: dict = {}
        self.gradients: dict = {}
        self.initial_weights: dict = {}
        self.weight_samples: dict[str, SampleHistory] = {}
        self.state = "preparing"
        self.error: str | None = None
        self.version = 0
        self.running_seconds = 0.0   # wall time spent in the running state

    @property
    def short_name(self) -> str:
        """``"#3 adam lr=0.01"``: the number and the optimizer."""
        return f"#{self.number} {optimizer_words(self.experiment)}"

    def legend_name(self, current: "RunRecord | None") -> str:
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
        return self.latest.epoch if self.latest is not None else 0

    def set_info(self, info) -> None:
        self.info = info
        self.weights = dict(info.weights)
        self.initial_weights = dict(info.weights)
        for name, value in info.weights.items():
            if name.endswith(".weight"):
                self.weight_samples.setdefault(name, SampleHistory()).add(0, value)
        self.version += 1

    def add_iterations(self, events) -> None:
        self.history.add_iterations(events)
        self.version += 1

    def add_epoch(self, event) -> None:
        self.history.add_epoch(event)
        self.latest = event
        if event.weights:
            self.weights = event.weights
            for name, value in event.weights.items():
                if name.endswith(".weight"):
                    self.weight_samples.setdefault(name, SampleHistory()).add(event.epoch,
                                                                              value)
        if event.gradients:
            self.gradients = event.gradients
        self.version += 1

    def summary(self) -> str:
        """The run list's text: the number, optimizer and seed; the data and network; then
        the state and the last validation results (three lines)."""
        parts = []
        if self.finish is not None:
            parts.append(self.finish.reason.replace("_", " "))
        elif self.state:
            parts.append(self.state)
        if self.latest is not None:
            metrics = self.latest.val_metrics or self.latest.train_metrics
            if "accuracy" in metrics:
                parts.append(f"acc {metrics['accuracy']:.3f}")
            elif "rmse" in metrics:
                parts.append(f"rmse {metrics['rmse']:.3g}")
            loss = self.latest.val_loss if self.latest.val_loss is not None \
                else self.latest.train_loss
            parts.append(f"loss {loss:.3g}")
            parts.append(f"{self.latest.epoch} ep")
        words = {k: v.replace(" ", "\u00a0").replace(",\u00a0", ", ")
                 for k, v in run_parts(self.experiment).items()}
        state = " · ".join(p.replace(" ", "\u00a0") for p in parts)   # lines wrap at " · "
        return (f"#{self.number}\u00a0{words['optimizer']} · {words['seed']}\n"
                f"{words['data']} · {words['network']}\n{state}")


def _swatch(colour: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(QColor(colour))
    return QIcon(pix)


class RunList(QWidget):
    """The "Compare runs" list: every run of this session; the person ticks runs to overlay.

    The current run is always drawn (its tick cannot be removed). A new run starts alone:
    the run it replaces as the current one is unticked; runs the person ticked stay
    ticked. A ticked run on other data or another network gets a warning sign, and the
    line under the list says what differs.

    Signals
    -------
    overlays_changed()
        The set of ticked runs changed.
    """

    overlays_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.runs: list[RunRecord] = []
        self.current: RunRecord | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setToolTip("Every run of this session, newest first. The current run is "
                             "drawn alone; tick other runs to overlay their loss and accuracy "
                             "curves, e.g. to compare SGD, momentum and Adam from the same "
                             "initial weights (Reset keeps the seed). Each run is named by its "
                             "optimizer, learning rate, seed, data and network.")
        self.list.setAccessibleName("Compare runs")
        self.list.itemChanged.connect(self._item_changed)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        layout.addWidget(self.list, 1)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {palette.ALERT_COLOURS['warning'][1]};")
        self.warning.hide()
        layout.addWidget(self.warning)
        row = QHBoxLayout()
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Forget the selected finished run")
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Forget every finished run")
        self.clear_button.clicked.connect(self.clear_finished)
        row.addWidget(self.remove_button)
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        self._updating = False

    def add_run(self, run: RunRecord) -> None:
        """Add the new current run at the top, drawn alone (the previous current run is
        unticked; runs the person ticked stay ticked; the oldest unticked ones go)."""
        previous = self.current
        self.current = run
        self.runs.insert(0, run)
        while len(self.runs) > MAX_RUNS:
            victims = [r for r in reversed(self.runs) if r is not run and
                       not self._ticked(r)] or [self.runs[-1]]
            self.remove(victims[0])
        self._updating = True
        if previous is not None:
            self.set_ticked(previous, False)
        item = QListWidgetItem(_swatch(run.colour), run.summary())
        item.setData(Qt.ItemDataRole.UserRole, run.number)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        self.list.insertItem(0, item)
        self._updating = False
        for other in self.runs:
            self.update_run(other)
        self._update_warning()

    def update_run(self, run: RunRecord) -> None:
        """Refresh the run's lines (state, last results, comparability)."""
        item = self._item(run)
        if item is None:
            return
        self._updating = True
        text = run.summary()          # the current run: bold, at the top, always ticked
        if item.text() != text:
            item.setText(text)
        font = item.font()
        font.setBold(run is self.current)
        item.setFont(font)
        differs = self._differs(run)
        if run is self.current:
            tip = "the current run (always drawn)"
        elif differs:
            tip = (f"other {' and '.join(differs)} than the current run: its curves are not "
                   "directly comparable")
        else:
            tip = "tick to overlay this run's curves on the current run's"
        item.setToolTip(f"{run.name}\n{tip}")
        icon = _warning_icon(self) if differs and self._ticked(run) else _swatch(run.colour)
        item.setIcon(icon)
        self._updating = False

    def compared(self) -> list[RunRecord]:
        """Ticked runs other than the current one (to overlay)."""
        return [r for r in self.runs if r is not self.current and self._ticked(r)]

    def set_ticked(self, run: RunRecord, ticked: bool) -> None:
        item = self._item(run)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            run = self._run(item)
            if run is not None and run is not self.current:
                self.remove(run)
        self._update_warning()
        self.overlays_changed.emit()

    def clear_finished(self) -> None:
        for run in [r for r in self.runs if r is not self.current]:
            self.remove(run)
        self._update_warning()
        self.overlays_changed.emit()

    # ------------------------------------------------------------ internals
    def _differs(self, run: RunRecord) -> list[str]:
        if self.current is None or run is self.current:
            return []
        return incomparable(run.experiment, self.current.experiment)

    def _update_warning(self) -> None:
        lines = []
        for run in self.compared():
            differs = self._differs(run)
            if differs:
                lines.append(f"⚠ #{run.number} ran on other {' and '.join(differs)}: its "
                             "curves do not compare directly with the current run's.")
        self.warning.setText("\n".join(lines))
        self.warning.setVisible(bool(lines))

    def _item(self, run: RunRecord):
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == run.number:
                return item
        return None

    def _run(self, item) -> RunRecord | None:
        number = item.data(Qt.ItemDataRole.UserRole)
        return next((r for r in self.runs if r.number == number), None)

    def _ticked(self, run: RunRecord) -> bool:
        item = self._item(run)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def remove(self, run: RunRecord) -> None:
        """Forget a run (its line and its overlays)."""
        item = self._item(run)
        if item is not None:
            self.list.takeItem(self.list.row(item))
        self.runs = [r for r in self.runs if r is not run]

    def _item_changed(self, item) -> None:
        if self._updating:
            return
        run = self._run(item)
        if run is self.current and item.checkState() != Qt.CheckState.Checked:
            self._updating = True
            item.setCheckState(Qt.CheckState.Checked)   # the current run is always drawn
            self._updating = False
            return
        if run is not None:
            self.update_run(run)
        self._update_warning()
        self.overlays_changed.emit()


def _warning_icon(widget: QWidget) -> QIcon:
    from PySide6.QtWidgets import QStyle
    return widget.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
