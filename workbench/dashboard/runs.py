"""Runs: what the dashboards remember about each training run, and the "Compare runs" list.

A :class:`RunRecord` gathers one run's history (bounded), its latest weights and
gradients, the weight distributions over time and how it ended. Finished runs stay in
the :class:`RunList`; ticking one overlays its loss and accuracy curves on the plots of
the current run (e.g. SGD vs momentum vs Adam from the same initial weights).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (QHBoxLayout, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from workbench.dashboard import palette
from workbench.history import RunHistory, SampleHistory

MAX_RUNS = 12


def run_name(experiment: dict, number: int) -> str:
    """``"adam lr=0.01 #3"``: the optimizer, its learning rate (and momentum μ), the number.

    ``"sgd lr=0.1 μ=0.9 #2"``; Nesterov momentum reads ``"sgd lr=0.1 nesterov μ=0.9 #2"``.
    """
    opt = experiment.get("optimizer", {})
    name = f"{opt.get('type', '?')} lr={opt.get('lr', float('nan')):g}"
    if opt.get("momentum"):
        name += f" {'nesterov ' if opt.get('nesterov') else ''}μ={opt['momentum']:g}"
    return f"{name} #{number}"


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
        """``"#3 adam"``: for plot legends (the run list, same colour, has the rest)."""
        return f"#{self.number} {self.experiment.get('optimizer', {}).get('type', '')}".strip()

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
        """The run list's text: the name, then state and the last validation results."""
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
        return self.name + "\n" + " · ".join(parts)


def _swatch(colour: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(QColor(colour))
    return QIcon(pix)


class RunList(QWidget):
    """The "Compare runs" list: every run of this session, ticked ones overlaid.

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
        self.list.setToolTip("Every run of this session. Tick finished runs to overlay their "
                             "loss and accuracy curves on the plots (the current run is always "
                             "drawn), e.g. to compare SGD, momentum and Adam from the same "
                             "initial weights (Reset keeps the seed).")
        self.list.setAccessibleName("Compare runs")
        self.list.itemChanged.connect(self._item_changed)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        layout.addWidget(self.list, 1)
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
        """Add the new current run at the top (dropping the oldest unticked finished ones)."""
        previous = self.current
        self.current = run
        if previous is not None:
            self.update_run(previous)   # no longer "(current)"
        self.runs.insert(0, run)
        while len(self.runs) > MAX_RUNS:
            victims = [r for r in reversed(self.runs) if r is not run and
                       not self._ticked(r)] or [self.runs[-1]]
            self.remove(victims[0])
        self._updating = True
        item = QListWidgetItem(_swatch(run.colour), run.summary())
        item.setData(Qt.ItemDataRole.UserRole, run.number)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        item.setToolTip("the current run (always drawn)")
        self.list.insertItem(0, item)
        self._updating = False
        self.update_run(run)

    def update_run(self, run: RunRecord) -> None:
        """Refresh the run's line (state, last results)."""
        item = self._item(run)
        if item is None:
            return
        self._updating = True
        name, details = run.summary().split("\n", 1)
        text = name + ("  (current)" if run is self.current else "") + "\n" + details
        if item.text() != text:
            item.setText(text)
        font = item.font()
        font.setBold(run is self.current)
        item.setFont(font)
        if run is not self.current:
            item.setToolTip("tick to overlay this run's curves")
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
        self.overlays_changed.emit()

    def clear_finished(self) -> None:
        for run in [r for r in self.runs if r is not self.current]:
            self.remove(run)
        self.overlays_changed.emit()

    # ------------------------------------------------------------ internals
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
        self.overlays_changed.emit()
