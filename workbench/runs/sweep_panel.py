"""The Sweep tab: vary fields of the current experiment and watch the runs come in.

Each row of the fields table names a field by its JSON path (``optimizer.lr``,
``model.layers[0].units``) and the values to try, separated by commas. *Start* checks the
sweep at once (a path the experiment does not have, or a value it refuses, is one
sentence under the table) and runs the grid on worker processes
(:mod:`workbench.runs.sweep_worker`); each finished run becomes a row of the results
table as it arrives, and is recorded in the runs folder like every run. *Stop* ends the
sweep; its folder keeps the finished runs.
"""

from __future__ import annotations

import copy
import json
import os
import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.errors import WorkbenchError
from workbench.runs.sweep_worker import SweepEnded, SweepWorker, start_sweep

#: The metrics a sweep can rank by, and their goal.
METRICS = (("val_accuracy", "maximize"), ("val_loss", "minimize"), ("val_rmse", "minimize"),
           ("train_loss", "minimize"))
#: The fields the table starts with.
START_FIELDS = (("optimizer.lr", "0.001, 0.01, 0.1"),)


def parse_values(text: str) -> list:
    """``"0.01, 0.1"`` → ``[0.01, 0.1]``; ``"sgd, adam"`` → ``["sgd", "adam"]``: each item
    as JSON when it is JSON, else as text."""
    values = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            values.append(json.loads(part))
        except ValueError:
            values.append(part)
    return values


def without_defaults(experiment: dict, section: str) -> dict:
    """``experiment`` with the fields of ``section`` (a JSON path such as ``optimizer``)
    that its type fills in by default left out, the learning rate kept: a sweep that
    varies ``section.type`` then gives each type its own defaults (Adam's ``betas`` would
    be refused by SGD)."""
    from core import experiment as experiment_schema
    from core.runs.sweep import json_path

    doc = copy.deepcopy(experiment)
    try:
        fields = json_path.get(doc, section)
        bare = copy.deepcopy(doc)
        json_path.put(bare, section, {"type": fields["type"]})
        defaults = json_path.get(experiment_schema.normalize(bare), section)
    except (WorkbenchError, KeyError, TypeError):
        return doc
    json_path.put(doc, section, {k: v for k, v in fields.items()
                                 if k in ("type", "lr") or defaults.get(k) != v})
    return doc


class SweepPanel(QWidget):
    """The Sweep tab over ``document`` (the current experiment), recording into ``runs``.

    Signals
    -------
    sweep_ended(SweepEnded)
        A sweep started here is over.
    """

    sweep_ended = Signal(object)

    def __init__(self, document, runs_folder, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.runs_folder = Path(runs_folder)
        self.worker: SweepWorker | None = None
        self.thread = None
        self.spec = None
        self._build()

    def _build(self) -> None:
        intro = QLabel(self.tr("Sweep the current experiment: each row varies one field, named "
                               "by its JSON path, over the values you list (separated by "
                               "commas). Every combination runs, each run is recorded in the "
                               "Runs tab."))
        intro.setWordWrap(True)
        self.fields = QTableWidget(0, 2)
        self.fields.setHorizontalHeaderLabels([self.tr("Field (JSON path)"),
                                               self.tr("Values")])
        self.fields.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.fields.horizontalHeader().resizeSection(0, 220)
        self.fields.horizontalHeader().setStretchLastSection(True)
        self.fields.verticalHeader().setVisible(False)
        self.fields.verticalHeader().setDefaultSectionSize(24)
        self.fields.setMaximumHeight(150)
        for path, values in START_FIELDS:
            self.add_field(path, values)
        self.add_button = QPushButton(self.tr("Add Field"))
        self.add_button.clicked.connect(lambda: self.add_field("", ""))
        self.remove_button = QPushButton(self.tr("Remove Field"))
        self.remove_button.clicked.connect(self.remove_field)

        self.repeats = QSpinBox()
        self.repeats.setRange(1, 100)
        self.repeats.setToolTip(self.tr("runs per combination, each with the next seed"))
        self.workers = QSpinBox()
        self.workers.setRange(1, 256)
        self.workers.setValue(os.cpu_count() or 1)
        self.workers.setToolTip(self.tr("worker processes on this computer"))
        self.metric = QComboBox()
        goals = {"maximize": self.tr("maximize"), "minimize": self.tr("minimize")}
        for name, goal in METRICS:
            self.metric.addItem(f"{name} ({goals[goal]})", (name, goal))
        self.start_button = QPushButton(self.tr("Start Sweep"))
        self.start_button.clicked.connect(self.start)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self.status = QLabel(self.tr("Not started."))
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.results = QTableWidget(0, 0)
        self.results.verticalHeader().setVisible(False)
        self.results.verticalHeader().setDefaultSectionSize(22)
        self.results.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.results.horizontalHeader().setStretchLastSection(True)

        field_buttons = QHBoxLayout()
        field_buttons.addWidget(self.add_button)
        field_buttons.addWidget(self.remove_button)
        field_buttons.addStretch(1)
        options = QFormLayout()
        options.addRow(self.tr("Repeats"), self.repeats)
        options.addRow(self.tr("Workers"), self.workers)
        options.addRow(self.tr("Rank by"), self.metric)
        controls = QHBoxLayout()
        controls.addWidget(self.start_button)
        controls.addWidget(self.stop_button)
        controls.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(intro)
        left.addWidget(self.fields)
        left.addLayout(field_buttons)
        top = QHBoxLayout()
        top.addLayout(left, 3)
        right = QVBoxLayout()
        right.addLayout(options)
        right.addLayout(controls)
        right.addStretch(1)
        top.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)

    # ---------------------------------------------------------------- fields
    def add_field(self, path: str, values: str) -> None:
        row = self.fields.rowCount()
        self.fields.insertRow(row)
        self.fields.setItem(row, 0, QTableWidgetItem(path))
        self.fields.setItem(row, 1, QTableWidgetItem(values))

    def remove_field(self) -> None:
        row = self.fields.currentRow()
        if row >= 0:
            self.fields.removeRow(row)

    def sweep_document(self) -> dict:
        """The sweep the table describes, on the current experiment (not yet checked)."""
        parameters = {}
        for row in range(self.fields.rowCount()):
            path = (self.fields.item(row, 0).text() if self.fields.item(row, 0) else "").strip()
            text = self.fields.item(row, 1).text() if self.fields.item(row, 1) else ""
            if path:
                parameters[path] = {"values": parse_values(text)}
        name, goal = self.metric.currentData()
        base = self.document.experiment
        for path in parameters:
            if path.endswith(".type"):
                base = without_defaults(base, path[:-len(".type")])
        return {"format": 1, "name": self.document.experiment.get("name") or "sweep",
                "base": base, "method": "grid",
                "parameters": parameters, "repeats": self.repeats.value(),
                "metric": {"name": name, "goal": goal}}

    # ---------------------------------------------------------------- running
    @property
    def running(self) -> bool:
        return self.worker is not None

    def start(self) -> bool:
        """Check the sweep and start it; False (and one sentence) when it cannot run."""
        from core.runs.sweep import spec as sweep_spec
        if self.running:
            return False
        doc = self.sweep_document()
        if not doc["parameters"]:
            self.status.setText(self.tr("Add a field to vary (for example optimizer.lr)."))
            return False
        try:
            spec = sweep_spec.normalize(doc, self.document.base_dir)
        except WorkbenchError as exc:
            self.status.setText(str(exc))
            return False
        self.spec = spec
        out = self.runs_folder.parent / "sweeps" / time.strftime("%Y%m%d-%H%M%S")
        self._prepare_results(spec)
        self.worker = SweepWorker(spec, out, self.workers.value(), self.runs_folder)
        self.thread = start_sweep(self.worker, self._progressed, self._ended)
        self.start_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.status.setText(self.tr("Running {total} runs on {workers} worker(s); results in "
                                    "{out}").format(total=spec.total_runs,
                                                    workers=self.workers.value(), out=out))
        return True

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.request_stop()
            self.stop_button.setEnabled(False)
            self.status.setText(self.tr("Stopping…"))

    def shutdown(self, timeout_s: float = 15.0) -> None:
        """Stop a sweep in progress and wait for it (the window is closing)."""
        if self.worker is not None and self.thread is not None:
            self.worker.request_stop()
            self.thread.wait(int(timeout_s * 1000))

    def _prepare_results(self, spec) -> None:
        self.results.setSortingEnabled(False)
        self.results.setRowCount(0)
        self.columns = ["#", *[p.path for p in spec.parameters], "repeat", "state",
                        spec.metric, "seconds", "where"]
        self.results.setColumnCount(len(self.columns))
        self.results.setHorizontalHeaderLabels(self.columns)

    def _progressed(self, progress) -> None:
        if progress.kind != "finished":
            return
        spec = self.spec
        repeat = progress.number % spec.repeats
        cells = [progress.number, *[progress.params.get(p.path) for p in spec.parameters],
                 repeat, progress.state + (f": {progress.reason}" if progress.reason else ""),
                 progress.value, round(progress.seconds, 2), progress.where]
        row = self.results.rowCount()
        self.results.insertRow(row)
        for column, value in enumerate(cells):
            item = QTableWidgetItem()
            item.setData(Qt.ItemDataRole.DisplayRole,
                         value if isinstance(value, (int, float)) and value is not None
                         else ("" if value is None else str(value)))
            self.results.setItem(row, column, item)
        best = f"; best so far: run {progress.best_number}, {spec.metric} " \
               f"{progress.best_value:.4g}" if progress.best_number is not None else ""
        self.status.setText(self.tr("{done} of {total} runs finished{best}").format(
            done=progress.done, total=progress.total, best=best))

    def _ended(self, ended: SweepEnded) -> None:
        self.worker, self.thread = None, None
        self.start_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        self.results.setSortingEnabled(True)
        if self.spec is not None and self.results.rowCount():   # the winner on top
            self.results.sortItems(self.columns.index(self.spec.metric),
                                   Qt.SortOrder.DescendingOrder if self.spec.goal ==
                                   "maximize" else Qt.SortOrder.AscendingOrder)
            self.results.resizeColumnsToContents()
        if ended.error:
            self.status.setText(ended.error)
        else:
            what = self.tr("Stopped") if ended.interrupted else self.tr("Done")
            best = self.tr("; best: run {n}, {metric} {value:.4g} (run {run_id})").format(
                n=ended.best_number, metric=self.spec.metric, value=ended.best_value,
                run_id=ended.best_run_id) if ended.best_number is not None else ""
            self.status.setText(self.tr("{what}: {done} of {total} runs{best}. Results: "
                                        "{out}").format(what=what, done=ended.runs_done,
                                                        total=ended.total, best=best,
                                                        out=Path(ended.out) / "results.csv"))
        self.sweep_ended.emit(ended)
