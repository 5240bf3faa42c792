"""The Train tab: run controls, live dashboards, health alerts and run comparison.

:class:`TrainingView` reads the experiment from the document when Train or Reset is
pressed, runs it through a :class:`workbench.worker.TrainingSession` (one worker in one
background thread) and draws what the worker reports on a ~30 Hz timer: only the
visible page's plots are redrawn, and only when the run has changed.

Public API used by the main window: :meth:`TrainingView.set_train_enabled`,
:meth:`TrainingView.shutdown`, :meth:`TrainingView.confirm_close` (a trained run that was
never exported: Export Weights… / Discard / Cancel), :meth:`TrainingView.train_for_epochs`
and, for File › Open Model and Export Weights, :meth:`TrainingView.show_opened_model`,
:meth:`TrainingView.current_model_file` and :meth:`TrainingView.weights_exported`.

A run's weights count as *exported* once Export Weights has written them (from the File
menu or the Train tab's Export menu) and no epoch has ended since; the view remembers
this per run (:attr:`RunRecord.exported_epoch`).
"""

from __future__ import annotations

import collections
import copy
import json
import math
import time
from contextlib import nullcontext
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QDoubleValidator, QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QGridLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QMenu, QMessageBox, QPushButton, QSlider,
                               QSplitter, QStyle, QTabWidget, QToolButton, QVBoxLayout, QWidget)

from core.errors import WorkbenchError
from core.training.events import FinishedEvent
from workbench.dashboard.boundary import DecisionBoundaryPanel
from workbench.dashboard.confusion import ConfusionPanel
from workbench.dashboard.exports import BackgroundWrites
from workbench.dashboard.gradcheck import GradientCheckDialog, check_initial, check_trained
from workbench.dashboard.health import HealthBanner
from core.training.health_alerts import HealthMonitor
from workbench.dashboard.layerstats import (DeadUnitsPanel, GradientHistogramPanel,
                                            GradientNormPanel, UpdateRatioPanel,
                                            WeightHistoryPanel, WeightMatrixPanel)
from workbench.dashboard.network import NetworkPanel
from workbench.dashboard.plots import export_plot
from workbench.dashboard.progress import ProgressPanel
from workbench.dashboard.runs import DisplayOptions, RunList, RunRecord
from workbench.dashboard.scalars import LearningRatePanel, LossPanel, MetricPanel
from workbench.dashboard.speed import SpeedControl
from workbench.worker import (CANCELLED, FAILED, FINISHED, PAUSED, PREPARING, READY, RUNNING,
                              TrainingSession)

REFRESH_MS = 33
FRAME_BUDGET_S = 0.006   # GUI time per timer tick while training (panels drawn round robin)
GRID = 60
#: how the banner names an edited section of the experiment
SECTION_NAMES = {"model": "the network", "data": "the data", "loss": "the loss",
                 "optimizer": "the optimizer", "schedule": "the learning-rate schedule",
                 "training": "the training settings"}


def _comparable(experiment: dict) -> dict:
    """The parts of an experiment that change what a run computes."""
    return {k: v for k, v in experiment.items() if k not in ("name", "description", "format")}


class TrainingView(QWidget):
    """Live training: controls, progress, alerts, dashboards and the run list.

    Parameters
    ----------
    document : ExperimentDocument
        Read when Train/Reset is pressed (``document.experiment``, ``document.base_dir``);
        a change while a run is active stops it, except a change of only the learning
        rate or the schedule, which is applied to the running run and marked on the plots.
    parent : QWidget, optional
    grid : int
        Decision-boundary grid size for 2-D data.

    Signals
    -------
    state_changed(str)
        The current run's state (``preparing``, ``ready``, ``running``, ``paused``,
        ``finished``, ``failed``) or ``idle`` when there is no run.
    """

    state_changed = Signal(str)
    #: extra TrainingWorker options (burst_s, yield_s, ...) for benchmarks
    worker_options: dict = {}
    #: redraw inside TrainingSession.painting() (benchmarks switch it off to compare)
    hold_worker_while_painting: bool = True

    def __init__(self, document, parent: QWidget | None = None, grid: int = GRID):
        super().__init__(parent)
        self.document = document
        self.grid = grid
        self.session: TrainingSession | None = None
        self.run: RunRecord | None = None
        self.health = HealthMonitor()
        self.options = DisplayOptions()
        self._run_counter = 0
        self._train_enabled, self._train_reason = True, ""
        self._prepared_cache: tuple[str, object] | None = None
        self._running_since: float | None = None
        self._drawn_version = None
        self.gradcheck_dialog: GradientCheckDialog | None = None
        self._offered = None       # (ModelFile, run, epoch) last handed to Export Weights
        self.writes = BackgroundWrites(self)
        self.writes.written.connect(lambda path: self.status.setText(
            f"Exported {Path(path).name}."))
        self.writes.failed.connect(lambda message: self.show_error("Export", message))
        self._refreshing = False
        self._next_panel = 0
        #: (wall, GUI-thread CPU) seconds of the latest redraws while training (benchmarks)
        self.frame_times: collections.deque = collections.deque(maxlen=2000)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._build()
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        document.changed.connect(self._document_changed)
        self._update_controls()

    # ================================================================ building
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        self.banner = HealthBanner()      # always there, fixed height: controls never jump
        layout.addWidget(self.banner)

        controls = QHBoxLayout()
        controls.setSpacing(4)

        style = self.style()

        def button(text, tip, slot, icon=None):
            b = QPushButton(text)
            if icon is not None:
                b.setIcon(style.standardIcon(icon))
            b.setToolTip(tip)
            b.clicked.connect(slot)
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            controls.addWidget(b)
            return b

        sp = QStyle.StandardPixmap
        self.train_button = button("Train", "Start training, or resume a paused run "
                                   "(Space toggles Train/Pause)", self.train, sp.SP_MediaPlay)
        self.pause_button = button("Pause", "Pause after the current iteration (Space)",
                                   self.pause, sp.SP_MediaPause)
        self.step_button = button("Step", "Run one iteration (one batch: forward pass, "
                                  "backward pass, update), then pause", self.step,
                                  sp.SP_MediaSeekForward)
        self.step_epoch_button = button("Step epoch", "Run to the end of the current epoch "
                                        "(one pass over the training set), then pause",
                                        self.step_epoch, sp.SP_MediaSkipForward)
        self.stop_button = button("Stop", "End this run; it stays in the run list",
                                  self.stop, sp.SP_MediaStop)
        self.reset_button = button("Reset", "Start a new run from the experiment: the same "
                                   "seed gives the same initial weights", self.reset,
                                   sp.SP_BrowserReload)
        controls.addSpacing(12)
        lr_label = QLabel("Learning rate:")
        self.lr_field = QLineEdit()
        self.lr_field.setFixedWidth(90)
        validator = QDoubleValidator(0.0, 1e12, 12, self.lr_field)
        validator.setNotation(QDoubleValidator.Notation.ScientificNotation)
        validator.setLocale(QLocale.c())
        self.lr_field.setValidator(validator)
        self.lr_field.setToolTip("The step size of gradient descent. Editable while a run is "
                                 "active: press Enter to apply it from the next iteration; the "
                                 "change is marked on the plots.")
        self.lr_field.setAccessibleName("learning rate")
        lr_label.setBuddy(self.lr_field)
        self.lr_field.returnPressed.connect(self.apply_lr)
        controls.addWidget(lr_label)
        controls.addWidget(self.lr_field)
        controls.addSpacing(12)
        self.gradcheck_button = button("Check gradients", "Compare back propagation with "
                                       "finite differences on the current network and a small "
                                       "batch of training data", self.check_gradients)
        controls.addStretch(1)
        self.export_button = QToolButton()
        self.export_button.setText("Export")
        self.export_button.setToolTip("Save the trained weights, the history as CSV or a plot "
                                      "as PNG/SVG")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        controls.addWidget(self.export_button)
        layout.addLayout(controls)

        status_row = QHBoxLayout()
        self.status = QLabel("Press Train to start.")
        self.status.setMinimumWidth(150)
        self.status.setToolTip("State of the current run")
        status_row.addWidget(self.status)
        # the pace sits on the progress row, not among the buttons: there it would widen the
        # window's minimum past a 1024-pixel screen
        self.speed = SpeedControl(self.document.experiment)
        self.speed.pace_changed.connect(self._pace_changed)
        status_row.addWidget(self.speed)
        status_row.addSpacing(12)
        self.progress = ProgressPanel()
        status_row.addWidget(self.progress, 1)
        layout.addLayout(status_row)

        self.loss_panel = LossPanel()
        self.metric_panel = MetricPanel()
        self.boundary_panel = DecisionBoundaryPanel()
        self.lr_panel = LearningRatePanel()
        self.network_panel = NetworkPanel()
        self.confusion_panel = ConfusionPanel()
        self.grad_norm_panel = GradientNormPanel()
        self.grad_hist_panel = GradientHistogramPanel()
        self.dead_panel = DeadUnitsPanel()
        self.weight_history_panel = WeightHistoryPanel()
        self.weight_matrix_panel = WeightMatrixPanel()
        self.update_ratio_panel = UpdateRatioPanel()
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.page_panels: list[list] = []
        for title, tip, panels in (
                ("Overview", "loss, accuracy, decision boundary, learning rate, network, "
                 "confusion matrix",
                 [self.loss_panel, self.metric_panel, self.boundary_panel, self.lr_panel,
                  self.network_panel, self.confusion_panel]),
                ("Gradients", "gradient norms, gradient histograms, dead ReLU units",
                 [self.grad_norm_panel, self.grad_hist_panel, self.dead_panel]),
                ("Weights", "weight distributions over time, weight matrix, update ratio",
                 [self.weight_history_panel, self.weight_matrix_panel,
                  self.update_ratio_panel])):
            page = QWidget()
            grid = QGridLayout(page)
            grid.setContentsMargins(0, 4, 0, 0)
            grid.setSpacing(4)
            columns = 3
            for i, panel in enumerate(panels):
                grid.addWidget(panel, i // columns, i % columns)
            for c in range(columns):
                grid.setColumnStretch(c, 1)
            self.pages.addTab(page, title)
            self.pages.setTabToolTip(self.pages.count() - 1, tip)
            self.page_panels.append(panels)
        self.pages.currentChanged.connect(lambda _i: self.refresh(force=True))
        self.panels = [p for panels in self.page_panels for p in panels]

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        display = QGroupBox("Display")
        form = QVBoxLayout(display)
        row = QHBoxLayout()
        smooth_label = QLabel("Smoothing:")
        self.smoothing_slider = QSlider(Qt.Orientation.Horizontal)
        self.smoothing_slider.setRange(0, 99)
        self.smoothing_slider.setValue(int(self.options.smoothing * 100))
        self.smoothing_slider.setToolTip("Weight of the exponential moving average drawn over "
                                         "the batch loss (0: none, 0.99: very smooth), as in "
                                         "TensorBoard")
        self.smoothing_slider.setAccessibleName("smoothing")
        smooth_label.setBuddy(self.smoothing_slider)
        self.smoothing_value = QLabel(f"{self.options.smoothing:.2f}")
        self.smoothing_slider.valueChanged.connect(self._smoothing_changed)
        row.addWidget(smooth_label)
        row.addWidget(self.smoothing_slider, 1)
        row.addWidget(self.smoothing_value)
        form.addLayout(row)
        self.log_check = QCheckBox("Log scale (loss)")
        self.log_check.setToolTip("Draw the loss on a logarithmic axis: small late improvements "
                                  "become visible")
        self.log_check.toggled.connect(self._log_toggled)
        form.addWidget(self.log_check)
        side_layout.addWidget(display)
        runs_box = QGroupBox("Compare runs")
        runs_layout = QVBoxLayout(runs_box)
        self.run_list = RunList()
        self.run_list.overlays_changed.connect(lambda: self.refresh(force=True))
        runs_layout.addWidget(self.run_list)
        side_layout.addWidget(runs_box, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.pages)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setSizes([1000, 250])
        splitter.setChildrenCollapsible(False)
        side.setMinimumWidth(190)
        layout.addWidget(splitter, 1)

        self._build_export_menu()
        for panel in self.panels:
            panel.show_legend(False)       # no legend before there is anything to name
        self.space_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Space), self)
        self.space_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.space_shortcut.activated.connect(self.toggle_training)

    def _build_export_menu(self) -> None:
        menu = QMenu(self.export_button)
        self.export_weights_action = menu.addAction("Weights…", self.export_weights)
        self.export_weights_action.setToolTip("The trained weights as NumPy .npz, safetensors, "
                                              "ONNX or a NumPy script (File › Export Weights…)")
        menu.setToolTipsVisible(True)
        menu.addSeparator()
        menu.addAction("Epoch history as CSV…", lambda: self.export_history("epochs"))
        menu.addAction("Iteration history as CSV…", lambda: self.export_history("iterations"))
        menu.addSeparator()
        for panel in self.panels:
            menu.addAction(f"{panel.title} as PNG/SVG…",
                           lambda p=panel: self.export_panel(p))
        self.export_button.setMenu(menu)
        self.export_menu = menu

    # ================================================================ public API
    def set_train_enabled(self, enabled: bool, reason: str = "") -> None:
        """Allow or forbid starting runs; ``reason`` (why not) becomes the tooltip."""
        self._train_enabled, self._train_reason = bool(enabled), reason or ""
        self._update_controls()

    def shutdown(self) -> None:
        """Stop the worker and end its thread (window close, new experiment).

        A run still being prepared is cancelled at the loader's next progress report;
        pending exports are finished.
        """
        self._timer.stop()
        self._discard_session("The window was closed.")
        self.writes.wait()
        self._timer.start()

    # ---------------------------------------------------------------- closing
    def unexported_run(self):
        """The current run when it has trained weights that were never exported, else None."""
        run = self.run
        if run is None or run.latest is None or run.epoch == 0:
            return None
        return None if run.exported_epoch == run.epoch else run

    def confirm_close(self) -> bool:
        """Before the window closes: offer to export a trained run's weights. True: go on."""
        run = self.unexported_run()
        if run is None:
            return True
        answer = self.ask_unexported_run(run)
        if answer == QMessageBox.StandardButton.Save:
            return bool(self.export_weights())
        return answer == QMessageBox.StandardButton.Discard

    def ask_unexported_run(self, run) -> QMessageBox.StandardButton:
        """Export Weights… (Save), Discard or Cancel for ``run`` (tests replace this)."""
        box = QMessageBox(QMessageBox.Icon.Question, "Trained weights not exported",
                          f"Run “{run.name}” trained for {run.epoch} epochs, and its weights "
                          "were never exported. Closing loses them. Export them first?",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.button(QMessageBox.StandardButton.Save).setText("Export Weights…")
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        return QMessageBox.StandardButton(box.exec())

    # ---------------------------------------------------------------- weights
    def current_model_file(self):
        """The current run's latest weights as a ModelFile (Export Weights, Predict), or None.

        Raises
        ------
        WeightsError
            The weights cannot be stored (e.g. NaN).
        """
        from workbench.model_actions import model_file_of_run
        run = self.run
        model_file = model_file_of_run(run)
        self._offered = (model_file, run, run.epoch) if model_file is not None else None
        return model_file

    def weights_exported(self, model_file) -> None:
        """Export Weights wrote ``model_file``: if it is the current run's, that run is exported."""
        offered = self._offered
        if offered is not None and offered[0] is model_file:
            offered[1].exported_epoch = offered[2]

    def export_weights(self):
        """The Export menu's Weights…: the main window's Export Weights (the files, or None)."""
        actions = getattr(self.window(), "model_actions", None)
        if actions is None:
            self.show_error("Export", "Exporting weights needs the main window.")
            return None
        return actions.export_weights()

    def show_opened_model(self) -> None:
        """After File › Open Model: prepare a run on the opened weights at once, so the
        decision boundary and the network diagram show the model without pressing Train."""
        self._new_session()

    # ---------------------------------------------------------------- speed
    @property
    def pace(self) -> float | None:
        """Steps per second of Train (None: as fast as possible)."""
        return self.speed.pace

    def set_pace(self, steps_per_s: float | None) -> None:
        """Set the speed control (the nearest of its stops), as the person would."""
        self.speed.choose(steps_per_s, self.document.experiment)

    def _pace_changed(self, pace) -> None:
        if self.session is not None:
            self.session.set_pace(pace)

    def train_for_epochs(self, n: int, timeout_s: float = 120.0) -> bool:
        """Run ``n`` epochs through the worker, processing events meanwhile (blocking).

        A run is started (or resumed) as if Train were pressed, and paused after ``n``
        more epochs. Returns True when the epochs ran (or the run completed or stopped
        early on its own before), False on a timeout, an error or divergence.
        """
        if not self._train_enabled:
            return False
        if self.session is None or not self.session.active:
            self._new_session()
        run, session = self.run, self.session
        target = run.epoch + max(int(n), 1)
        session.run_epochs(n)
        deadline = time.monotonic() + timeout_s
        loop = QEventLoop()
        while time.monotonic() < deadline:
            if run.epoch >= target or not session.active:
                break
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.002)
        # let the last queued events arrive, then draw everything once
        for _ in range(3):
            loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        self.refresh(force=True, all_pages=True)
        if run.epoch >= target:
            return True
        finish = run.finish
        return finish is not None and finish.reason in ("completed", "early_stopping")

    # ================================================================ controls
    def toggle_training(self) -> None:
        """Space: pause a running run, otherwise train."""
        if self.session is not None and self.session.state == RUNNING:
            self.pause()
        elif self.train_button.isEnabled():
            self.train()

    def train(self) -> None:
        """Start a run (a new one when none is active) or resume the paused one."""
        if not self._train_enabled:
            return
        if self.session is None or not self.session.active:
            self._new_session()
        self.session.start()

    def pause(self) -> None:
        if self.session is not None:
            self.session.pause()

    def step(self) -> None:
        """One iteration (starting a new run if needed), then pause."""
        if not self._train_enabled and (self.session is None or not self.session.active):
            return
        if self.session is None or not self.session.active:
            self._new_session()
        self.session.step()

    def step_epoch(self) -> None:
        """To the end of the current epoch (starting a new run if needed), then pause."""
        if not self._train_enabled and (self.session is None or not self.session.active):
            return
        if self.session is None or not self.session.active:
            self._new_session()
        self.session.step_epoch()

    def stop(self) -> None:
        """End the current run (it stays in the run list)."""
        if self.session is not None:
            self.session.stop()
            self._update_controls()

    def reset(self) -> None:
        """A new run from the document's experiment (same seed → same initial weights)."""
        if not self._train_enabled:
            return
        self._new_session()

    def apply_lr(self) -> None:
        """Apply the learning-rate field to the active run."""
        text = self.lr_field.text().strip()
        try:
            lr = float(text)
        except ValueError:
            lr = math.nan
        if not (math.isfinite(lr) and lr > 0):
            self.status.setText(f"Learning rate: expected a positive number, got {text!r}.")
            return
        if self.session is not None and self.session.active:
            self.session.set_lr(lr)

    # ================================================================ sessions
    def _new_session(self) -> None:
        self._discard_session("A new run was started.")
        experiment = self.document.experiment
        base_dir = self.document.base_dir
        self._run_counter += 1
        run = RunRecord(self._run_counter, copy.deepcopy(experiment))
        self.run = run
        self.health.reset(experiment["model"]["layers"])
        self.banner.clear()
        self.run_list.add_run(run)
        self.progress.clear()
        for panel in self.panels:
            panel.ranges.reset()
            panel.show_legend(False)
            panel.begin(run)
        options = dict(self.worker_options)
        options.setdefault("pace", self.speed.pace_for(experiment))
        session = TrainingSession(experiment, base_dir, self._cached_prepared(experiment,
                                                                                base_dir),
                                  parent=self, grid=self.grid,
                                  init_state=getattr(self.document, "init_state", None),
                                  **options)
        session.preparation_progressed.connect(self.progress.show_preparation)
        session.prepared.connect(self._on_prepared)
        session.iterations_done.connect(self._on_iterations)
        session.epoch_finished.connect(self._on_epoch)
        session.finished.connect(self._on_finished)
        session.errored.connect(self._on_errored)
        session.state_changed.connect(self._on_state)
        session.lr_changed.connect(self._on_lr_changed)
        self.session = session
        self.lr_field.setText(f"{experiment['optimizer'].get('lr', 0):g}")
        self._set_status(PREPARING)
        self._update_controls()

    def _discard_session(self, why: str = "") -> None:
        session, run = self.session, self.run
        if session is None:
            return
        self.session = None
        self._account_running(run, stop=True)
        session.shutdown()
        session.deleteLater()
        if run is not None:
            if run.finish is None and run.steps:
                run.history.finish = FinishedEvent(
                    "interrupted", f"Stopped after {run.steps} iterations. {why}".strip(),
                    run.epoch, run.steps)
                run.state = FINISHED
                run.version += 1
            if run.steps == 0:
                self.run_list.remove(run)
            else:
                self.run_list.update_run(run)
        self._update_controls()
        self.state_changed.emit("idle")

    def use_prepared(self, data_spec: dict, base_dir, prepared) -> None:
        """Start the next run on ``prepared`` (what the Data panel loaded for ``data_spec``)
        instead of reading the data again: one copy of the arrays in memory."""
        key = json.dumps([data_spec, str(base_dir)], sort_keys=True, default=str)
        self._prepared_cache = (key, prepared)

    def _cached_prepared(self, experiment: dict, base_dir):
        key = json.dumps([experiment["data"], str(base_dir)], sort_keys=True, default=str)
        if self._prepared_cache is not None and self._prepared_cache[0] == key:
            return self._prepared_cache[1]
        return None

    def _document_changed(self) -> None:
        session, run = self.session, self.run
        if session is None or run is None:
            return
        old, new = _comparable(run.experiment), _comparable(self.document.experiment)
        if old == new:
            return
        if not session.active:
            return
        changed = {k for k in set(old) | set(new) if old.get(k) != new.get(k)}
        opt_old = {k: v for k, v in old.get("optimizer", {}).items() if k != "lr"}
        opt_new = {k: v for k, v in new.get("optimizer", {}).items() if k != "lr"}
        if changed <= {"optimizer", "schedule"} and opt_old == opt_new and run.steps:
            if old["optimizer"].get("lr") != new["optimizer"].get("lr"):
                session.set_lr(float(new["optimizer"]["lr"]))
            if old.get("schedule") != new.get("schedule"):
                session.set_schedule(new["schedule"])
            run.experiment = copy.deepcopy(self.document.experiment)
            return
        had_steps = run.steps > 0
        what = ", ".join(SECTION_NAMES.get(k, k) for k in sorted(changed)) or "the experiment"
        self._discard_session(f"You changed {what}.")
        if had_steps:
            self._show_alerts(self.health.stopped(
                f"Training stopped because you changed {what}; the run is kept in Compare "
                "runs. Press Train to start a new run with the change."))
        self._set_status("idle")

    # ================================================================ worker events
    def _on_prepared(self, info) -> None:
        run = self.run
        run.set_info(info)
        key = json.dumps([info.experiment["data"], str(self.document.base_dir)],
                         sort_keys=True, default=str)
        self._prepared_cache = (key, info.prepared)
        for panel in self.panels:
            panel.begin(run)
            if panel is not self.boundary_panel:
                panel.show_legend(True)
        self.run_list.update_run(run)
        self.progress.update_from(run)
        self.refresh(force=True)

    def _on_iterations(self, events) -> None:
        self.run.add_iterations(events)
        alerts = self.health.check_iterations(events)
        if alerts:
            self._show_alerts(alerts)

    def _on_epoch(self, event) -> None:
        self.run.add_epoch(event)
        alerts = self.health.check_epoch(event)
        if alerts:
            self._show_alerts(alerts)

    def _on_finished(self, finish) -> None:
        run = self.run
        run.history.finish = finish
        run.version += 1
        lr = run.history.lr.last()
        alerts = self.health.check_finish(finish, lr)
        if alerts:
            self._show_alerts(alerts)
        self.run_list.update_run(run)
        self.refresh(force=True)

    def _on_errored(self, message: str) -> None:
        if self.run is not None:
            self.run.error = message
        self._show_alerts(self.health.error(message))
        self.status.setText("Failed: see the message above.")

    def _on_state(self, state: str) -> None:
        run = self.run
        if run is None:
            return
        if state == CANCELLED:
            self._discard_session("Preparing the run was cancelled.")
            self.status.setText("Cancelled: the run was not prepared.")
            return
        if state == RUNNING and self._running_since is None:
            self._running_since = time.monotonic()
        elif state != RUNNING:
            self._account_running(run, stop=True)
            self._timer.setInterval(REFRESH_MS)
        run.state = state
        run.version += 1
        self._set_status(state)
        self._update_controls()
        self.run_list.update_run(run)
        if state != RUNNING:
            self.refresh(force=True)
        self.state_changed.emit(state)

    def _on_lr_changed(self, change) -> None:
        self.run.history.add_marker(change.step, change.label)
        self.run.version += 1
        if not self.lr_field.hasFocus():
            self.lr_field.setText(f"{change.lr:g}")

    def _show_alerts(self, alerts) -> None:
        """Show alerts in the banner, repainted at once inside the gate."""
        if alerts:
            self._repaint_gated(lambda: self.banner.add(alerts))

    def _repaint_gated(self, change=None) -> None:
        """Apply ``change`` (if any) and repaint the visible page now, worker held back."""
        session = self.session
        gate = session.painting() if session is not None and session.active and \
            self.hold_worker_while_painting else nullcontext()
        with gate:
            if change is not None:
                change()
            if self.isVisible() and self.hold_worker_while_painting:
                self._paint_now(self.page_panels[self.pages.currentIndex()])

    def _account_running(self, run, stop: bool) -> None:
        if self._running_since is not None and run is not None:
            now = time.monotonic()
            run.running_seconds += now - self._running_since
            self._running_since = None if stop else now

    # ================================================================ drawing
    def refresh(self, force: bool = False, all_pages: bool = False) -> None:
        """Redraw the visible plots from the current run (timer; ``force``: even if unchanged).

        The plots are painted here and now (not later by Qt) inside
        :meth:`TrainingSession.painting`, so the worker holds back for the few
        milliseconds the redraw needs instead of contending with it for the GIL. While
        training, each call redraws only the next few panels (round robin).
        """
        run = self.run
        if run is None or self._refreshing:
            return
        if not self.isVisible() and not all_pages:
            return            # another tab is shown: draw when the view is shown again
        session = self.session
        gate = session.painting() if session is not None and session.active and \
            self.hold_worker_while_painting else nullcontext()
        running = session is not None and session.state == RUNNING
        self._refreshing = True
        started = time.perf_counter()
        cpu = time.thread_time()
        try:
            with gate:
                self._refresh(run, force, all_pages, round_robin=running)
        finally:
            self._refreshing = False
        if running:
            frame = time.perf_counter() - started
            self.frame_times.append((frame, time.thread_time() - cpu))
            self._adapt_rate(frame)

    def _adapt_rate(self, frame_s: float) -> None:
        """Keep redraws to at most ~1/3 of the time: slower frames, longer interval."""
        interval = int(min(max(REFRESH_MS, 3000 * frame_s), 250))
        if abs(interval - self._timer.interval()) > 5:
            self._timer.setInterval(interval)

    def _refresh_some(self, run, panels) -> None:
        """While training: redraw the next few panels (round robin) within FRAME_BUDGET_S.

        Each timer tick then blocks the GUI thread (and holds the worker back) for a few
        milliseconds only, instead of for the whole page at once.
        """
        start = time.perf_counter()
        n = len(panels)
        first = self._next_panel % n
        done = 0
        while done < n:
            panel = panels[(first + done) % n]
            panel.refresh(run, self.options)
            self._paint_now([panel])
            done += 1
            if time.perf_counter() - start > FRAME_BUDGET_S:
                break
        self._next_panel = (first + done) % n

    def _paint_now(self, panels) -> None:
        """Let Qt repaint what changed, now: layouts, the scenes' queued updates, the window.

        (A new axis range can change an axis' width: its layout request must be handled
        here too, or the relayout and repaint would happen later, outside the gate.)
        """
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
        for panel in panels:
            QCoreApplication.sendPostedEvents(panel.plot_widget.scene(),
                                              QEvent.Type.MetaCall.value)
        QCoreApplication.sendPostedEvents(self.window(), QEvent.Type.UpdateRequest.value)

    def _refresh(self, run, force: bool, all_pages: bool, round_robin: bool) -> None:
        if self._running_since is not None:
            self._account_running(run, stop=False)
        key = (run.number, run.version, self.pages.currentIndex(),
               tuple(r.number for r in self.run_list.compared()))
        if not force and key == self._drawn_version:
            self.progress.update_from(run)
            return
        self._drawn_version = key
        self.options.compared = self.run_list.compared()
        self.progress.update_from(run)
        if run.info is not None:
            visible = self.page_panels[self.pages.currentIndex()]
            if round_robin and not all_pages and self.hold_worker_while_painting:
                self._refresh_some(run, visible)
            else:
                for panels in (self.page_panels if all_pages else [visible]):
                    for panel in panels:
                        panel.refresh(run, self.options)
                if self.isVisible() and self.hold_worker_while_painting:
                    self._paint_now(visible)
        self.run_list.update_run(run)
        if not self.lr_field.hasFocus() and run.history.lr.count:
            last = run.history.lr.last()
            if last is not None:
                text = f"{last:g}"
                if self.lr_field.text() != text:
                    self.lr_field.setText(text)

    def _smoothing_changed(self, value: int) -> None:
        self.options.smoothing = value / 100.0
        self.smoothing_value.setText(f"{self.options.smoothing:.2f}")
        self.refresh(force=True)

    def _log_toggled(self, checked: bool) -> None:
        self.options.log_y = bool(checked)
        self.refresh(force=True)

    def _set_status(self, state: str) -> None:
        run = self.run
        text = {"idle": "No run. Press Train to start.",
                PREPARING: "Preparing the data and the network…",
                READY: "Ready: press Train or Step.",
                RUNNING: "Training…",
                PAUSED: "Paused.",
                FAILED: "Failed: see the message above."}.get(state, state)
        if state == FINISHED and run is not None and run.finish is not None:
            text = {"completed": "Completed.", "early_stopping": "Stopped early.",
                    "diverged": "Diverged.", "interrupted": "Stopped."}.get(
                run.finish.reason, run.finish.reason)
        self.status.setText(text)
        if run is not None and run.finish is not None and state == FINISHED:
            self.status.setToolTip(run.finish.message)

    def _update_controls(self) -> None:
        state = self.session.state if self.session is not None and self.session.active \
            else None
        can_start = self._train_enabled
        active = state in (PREPARING, READY, RUNNING, PAUSED)
        running = state == RUNNING
        self.train_button.setEnabled((can_start or active) and not running)
        self.train_button.setText("Resume" if state == PAUSED else "Train")
        self.pause_button.setEnabled(active and state != PAUSED and state != READY)
        self.step_button.setEnabled((can_start or active) and not running)
        self.step_epoch_button.setEnabled((can_start or active) and not running)
        self.stop_button.setEnabled(active)
        self.reset_button.setEnabled(can_start)
        self.lr_field.setEnabled(active)
        reason = self._train_reason if not can_start else ""
        for b, tip in ((self.train_button, "Start training, or resume a paused run (Space "
                        "toggles Train/Pause)"),
                       (self.reset_button, "Start a new run from the experiment: the same seed "
                        "gives the same initial weights")):
            b.setToolTip(reason or tip)

    # ================================================================ gradient check
    def check_gradients(self):
        """Check back propagation of the current network on a few training rows.

        Uses the current run's latest weights when there is a run, else the document's
        network with its initial weights. Shows the result in :attr:`gradcheck_dialog`
        and returns it (None when it could not run; the reason is shown).
        """
        run = self.run
        try:
            if run is not None and run.info is not None:
                result = check_trained(run.experiment, run.weights, run.info.train_x,
                                       run.info.train_y)
                specs = run.info.layer_specs
            else:
                experiment = self.document.experiment
                result = check_initial(experiment, self.document.base_dir)
                specs = experiment["model"]["layers"]
        except WorkbenchError as exc:
            self.show_error("Gradient check", str(exc))
            return None
        self.show_gradient_check(result, specs)
        return result

    def show_gradient_check(self, result, specs) -> None:
        """Show a gradient-check result (a non-modal dialog; tests may override)."""
        if self.gradcheck_dialog is None:
            self.gradcheck_dialog = GradientCheckDialog(self)
        self.gradcheck_dialog.show_result(result, specs)
        self.gradcheck_dialog.show()
        self.gradcheck_dialog.raise_()

    # ================================================================ export
    def ask_save_path(self, caption: str, suggested: str, filters: str) -> str | None:
        """Ask for a file to write (tests replace this); None when cancelled."""
        path, _ = QFileDialog.getSaveFileName(self, caption, suggested, filters)
        return path or None

    def show_error(self, title: str, message: str) -> None:
        """Tell the user something failed (tests replace this)."""
        QMessageBox.warning(self, title, message)

    def export_history(self, kind: str = "epochs") -> Path | None:
        """Save the current run's epoch or iteration history as CSV, without blocking.

        The (bounded) history is copied now; formatting and writing happen in a background
        thread (:class:`workbench.dashboard.exports.BackgroundWrites`), and a failure is
        shown when it is known. Returns the file that is being written.
        """
        run = self.run
        if run is None:
            self.show_error("Export", "There is no run to export yet: press Train first.")
            return None
        name = self.document.experiment.get("name") or "run"
        stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in name.lower()).strip("_")
        path = self.ask_save_path(f"Export the {kind} history",
                                  f"{stem or 'run'}_run{run.number}_{kind}.csv",
                                  "CSV files (*.csv)")
        if not path:
            return None
        snapshot = run.history.snapshot(kind)
        self.writes.start(path, snapshot.write)
        self.status.setText(f"Exporting the {kind} history to {Path(path).name}…")
        return Path(path)

    def exports_pending(self) -> int:
        """History exports still being written (benchmarks, tests)."""
        return self.writes.pending()

    def export_panel(self, panel) -> Path | None:
        """Save one plot as PNG or SVG (by the file name's extension)."""
        path = self.ask_save_path(f"Save “{panel.title}”", f"{panel.key}.png",
                                  "PNG image (*.png);;SVG drawing (*.svg)")
        if not path:
            return None
        if not Path(path).suffix:
            path += ".png"
        try:
            export_plot(panel.export_item(), path)
        except WorkbenchError as exc:
            self.show_error("Export", str(exc))
            return None
        return Path(path)

    # ================================================================ Qt
    def showEvent(self, event) -> None:  # Qt override
        super().showEvent(event)
        self.refresh(force=True)

    def closeEvent(self, event) -> None:  # Qt override
        self.shutdown()
        super().closeEvent(event)
