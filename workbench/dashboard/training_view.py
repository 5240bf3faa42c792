"""The Train tab: run controls, live dashboards, health alerts and run comparison.

:class:`TrainingView` lays out the controls, the status and progress row, the dashboard
pages (:data:`~workbench.dashboard.pages.DASHBOARD_PAGES`), the display options and the run
list, and offers the tab's public API. Its runs are started, controlled and followed by a
:class:`~workbench.dashboard.session_controller.SessionController`; its plots are redrawn
by a :class:`~workbench.dashboard.redraw_scheduler.RedrawScheduler` (~30 Hz, only the
visible page, only when the run changed).

Public API used by the main window: :meth:`TrainingView.set_train_enabled`,
:meth:`TrainingView.shutdown`, :meth:`TrainingView.confirm_close` (a trained run that was
never exported: Export Weights… / Discard / Cancel), :meth:`TrainingView.train_for_epochs`,
:meth:`TrainingView.use_prepared` and, for File › Open Model and Export Weights,
:meth:`TrainingView.show_opened_model`, :meth:`TrainingView.current_model_file` and
:meth:`TrainingView.weights_exported`.

A run's weights count as *exported* once Export Weights has written them (from the File
menu or the Train tab's Export menu) and no epoch has ended since; the view remembers
this per run (:attr:`RunRecord.exported_epoch`).
"""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from core.errors import WorkbenchError
from core.training.health_alerts import HealthMonitor
from workbench.dashboard.diagram_editing import DiagramEditing
from workbench.dashboard.gradient_check_dialog import GradientCheckDialog, check_gradients
from workbench.dashboard.redraw_scheduler import RedrawScheduler
from workbench.dashboard.run_exports import RunExports
from workbench.dashboard.run_record import DisplayOptions
from workbench.dashboard.session_controller import SessionController
from workbench.dashboard.step_explainer import StepExplainerDialog, open_explainer
from workbench.dashboard.timeline_frames import MomentFrames
from workbench.dashboard.training_view_layout import lay_out
from workbench.i18n.core_texts import alert_message
from workbench.training.run_records import FAILED, FINISHED, PAUSED, PREPARING, READY, RUNNING

GRID = 60


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
        self.health = HealthMonitor()
        self.options = DisplayOptions()
        self._train_enabled, self._train_reason = True, ""
        self.gradcheck_dialog: GradientCheckDialog | None = None
        self.explainer: StepExplainerDialog | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scheduler = RedrawScheduler(self)
        self.exports = RunExports(self)
        self.frames = MomentFrames(grid)
        lay_out(self)
        self.controller = SessionController(self)
        self.diagram_editing = DiagramEditing(self)   # weights by hand, freeze, +/− buttons
        self.scheduler.start()
        self.update_controls()

    # ================================================================ state
    @property
    def session(self):
        """The active :class:`TrainingSession`, or None."""
        return self.controller.session

    @property
    def run(self):
        """The current :class:`RunRecord` (kept after its session ended), or None."""
        return self.controller.run

    @property
    def train_enabled(self) -> bool:
        """Whether runs may start (the main window says so, with a reason when not)."""
        return self._train_enabled

    @property
    def frame_times(self):
        """(wall, GUI-thread CPU) seconds of the latest redraws while training (benchmarks)."""
        return self.scheduler.frame_times

    # ================================================================ public API
    def set_train_enabled(self, enabled: bool, reason: str = "") -> None:
        """Allow or forbid starting runs; ``reason`` (why not) becomes the tooltip."""
        self._train_enabled, self._train_reason = bool(enabled), reason or ""
        self.update_controls()

    def shutdown(self) -> None:
        """Stop the worker and end its thread (window close, new experiment).

        A run still being prepared is cancelled at the loader's next progress report;
        pending exports are finished.
        """
        self.scheduler.stop()
        self.landscape_panel.shutdown()
        self.controller.discard_session(self.tr("The window was closed."))
        self.writes.wait()
        self.scheduler.start()

    def refresh(self, force: bool = False, all_pages: bool = False) -> None:
        """Redraw the visible plots from the current run (``force``: even if unchanged;
        ``all_pages``: every page, even while hidden)."""
        self.scheduler.refresh(force, all_pages)

    def train_for_epochs(self, n: int, timeout_s: float = 120.0) -> bool:
        """Run ``n`` epochs through the worker, processing events meanwhile (blocking).

        A run is started (or resumed) as if Train were pressed, and paused after ``n``
        more epochs. Returns True when the epochs ran (or the run completed or stopped
        early on its own before), False on a timeout, an error or divergence.
        """
        return self.controller.train_for_epochs(n, timeout_s)

    def use_prepared(self, data_spec: dict, base_dir, prepared) -> None:
        """Start the next run on ``prepared`` (what the Data panel loaded for ``data_spec``)
        instead of reading the data again: one copy of the arrays in memory."""
        self.controller.use_prepared(data_spec, base_dir, prepared)

    # ---------------------------------------------------------------- time travel
    def shown_run(self, run):
        """``run`` as the dashboards draw it: at the timeline's moment, or live."""
        if run is None:
            return None
        self.timeline.sync(run)
        moment = self.timeline.moment
        if moment is None:
            return run
        try:
            return self.frames.run_at(run, moment)
        except KeyError:   # thinned out between the sync and now
            return run

    def _moment_chosen(self, _moment) -> None:
        self.refresh(force=True)

    def branch_from_here(self, moment) -> None:
        """Start a new run from the current run's snapshot at ``moment`` with the
        experiment's current settings; the first run is ticked in Compare runs."""
        run = self.timeline.run
        if run is not None and moment is not None:
            self.controller.branch(run, moment)

    # ---------------------------------------------------------------- exports
    @property
    def writes(self):
        """The background writes of history exports."""
        return self.exports.writes

    def export_history(self, kind: str = "epochs") -> Path | None:
        """Save the current run's epoch or iteration history as CSV, without blocking."""
        return self.exports.export_history(kind)

    def exports_pending(self) -> int:
        """History exports still being written (benchmarks, tests)."""
        return self.exports.pending()

    def export_panel(self, panel) -> Path | None:
        """Save one plot as PNG or SVG (by the file name's extension)."""
        return self.exports.export_panel(panel)

    def export_weights(self):
        """The Export menu's Weights…: the main window's Export Weights (the files, or None)."""
        return self.exports.export_weights()

    def current_model_file(self):
        """The current run's latest weights as a ModelFile (Export Weights, Predict), or None."""
        return self.exports.current_model_file()

    def weights_exported(self, model_file) -> None:
        """Export Weights wrote ``model_file``: if it is the current run's, that run is exported."""
        self.exports.weights_exported(model_file)

    def unexported_run(self):
        """The current run when it has trained weights that were never exported, else None."""
        return self.exports.unexported_run()

    def confirm_close(self) -> bool:
        """Before the window closes: offer to export a trained run's weights. True: go on."""
        return self.exports.confirm_close()

    def show_opened_model(self) -> None:
        """After File › Open Model: prepare a run on the opened weights at once, so the
        decision boundary and the network diagram show the model without pressing Train."""
        self.controller.new_session()

    # ---------------------------------------------------------------- speed
    @property
    def pace(self) -> float | None:
        """Steps per second of Train (None: as fast as possible)."""
        return self.speed.pace

    def set_pace(self, steps_per_s: float | None) -> None:
        """Set the speed control (the nearest of its stops), as the person would."""
        self.speed.choose(steps_per_s, self.document.experiment)

    def _pace_changed(self, pace) -> None:
        self.controller.set_pace(pace)

    # ================================================================ controls
    def toggle_training(self) -> None:
        """Space: pause a running run, otherwise train."""
        if self.session is not None and self.session.state == RUNNING:
            self.pause()
        elif self.train_button.isEnabled():
            self.train()

    def train(self) -> None:
        """Start a run (a new one when none is active) or resume the paused one."""
        self.controller.train()

    def pause(self) -> None:
        self.controller.pause()

    def step(self) -> None:
        """One iteration (starting a new run if needed), then pause."""
        self.controller.step()

    def step_epoch(self) -> None:
        """To the end of the current epoch (starting a new run if needed), then pause."""
        self.controller.step_epoch()

    def stop(self) -> None:
        """End the current run (it stays in the run list)."""
        if self.session is not None:
            self.controller.stop()
            self.update_controls()

    def reset(self) -> None:
        """A new run from the document's experiment (same seed → same initial weights)."""
        self.controller.reset()

    def apply_lr(self) -> None:
        """Apply the learning-rate field to the active run."""
        text = self.lr_field.text().strip()
        try:
            lr = float(text)
        except ValueError:
            lr = math.nan
        if not (math.isfinite(lr) and 0 < lr <= 1e12):
            self.status.setText(self.tr("Learning rate: expected a positive number such as "
                                        "0.01 (at most 1e12), got {}; the run keeps its rate.")
                                .format(repr(text)))
            return
        if self.status.text().startswith(self.tr("Learning rate:")):   # the last was refused
            self.status.setText(self.tr("Learning rate {}.").format(f"{lr:g}"))
        self.controller.set_lr(lr)

    # ================================================================ what the runs show
    def begin_run(self, run) -> None:
        """A new run starts: clear the alerts and the progress, add it to the list, reset
        the panels."""
        self.banner.clear()
        self.run_list.add_run(run)
        self.timeline.sync(run)          # live, on the new run (nothing kept yet)
        self.progress.clear()
        for panel in self.panels:
            panel.ranges.reset()
            panel.show_legend(False)
            panel.begin(run)

    def run_prepared(self, run) -> None:
        """The run's worker has prepared it: the panels start on its data."""
        for panel in self.panels:
            panel.begin(run)
            if panel is not self.boundary_panel:
                panel.show_legend(True)
        self.run_list.update_run(run)
        self.progress.update_from(run)
        self.refresh(force=True)

    def show_alerts(self, alerts) -> None:
        """Show alerts in the banner, repainted at once inside the gate."""
        if alerts:
            self.scheduler.repaint_gated(lambda: self.banner.add(alerts))

    def show_learning_rate(self, run) -> None:
        """The run's latest learning rate in the field (unless the person is editing it)."""
        if not self.lr_field.hasFocus() and run.history.lr.count:
            last = run.history.lr.last()
            if last is not None:
                text = f"{last:g}"
                if self.lr_field.text() != text:
                    self.lr_field.setText(text)

    def show_learning_rate_change(self, lr: float) -> None:
        """A set_lr or set_schedule took effect."""
        if not self.lr_field.hasFocus():
            self.lr_field.setText(f"{lr:g}")

    def _smoothing_changed(self, value: int) -> None:
        self.options.smoothing = value / 100.0
        self.smoothing_value.setText(f"{self.options.smoothing:.2f}")
        self.refresh(force=True)

    def _log_toggled(self, checked: bool) -> None:
        self.options.log_y = bool(checked)
        self.refresh(force=True)

    def set_status(self, state: str) -> None:
        run = self.run
        text = {"idle": self.tr("No run. Press Train to start."),
                PREPARING: self.tr("Preparing the data and the network…"),
                READY: self.tr("Ready: press Train or Step."),
                RUNNING: self.tr("Training…"),
                PAUSED: self.tr("Paused."),
                FAILED: self.tr("Failed: see the message above.")}.get(state, state)
        if state == FINISHED and run is not None and run.finish is not None:
            text = {"completed": self.tr("Completed."), "early_stopping": self.tr("Stopped early."),
                    "diverged": self.tr("Diverged."), "interrupted": self.tr("Stopped.")}.get(
                run.finish.reason, run.finish.reason)
        self.status.setText(text)
        if run is not None and run.finish is not None and state == FINISHED:
            self.status.setToolTip(alert_message(run.finish.message))

    def update_controls(self) -> None:
        state = self.session.state if self.session is not None and self.session.active \
            else None
        can_start = self._train_enabled
        active = state in (PREPARING, READY, RUNNING, PAUSED)
        running = state == RUNNING
        self.train_button.setEnabled((can_start or active) and not running)
        self.train_button.setText(self.tr("Resume") if state == PAUSED else self.tr("Train"))
        self.pause_button.setEnabled(active and state != PAUSED and state != READY)
        self.step_button.setEnabled((can_start or active) and not running)
        self.step_epoch_button.setEnabled((can_start or active) and not running)
        self.stop_button.setEnabled(active)
        self.explain_button.setEnabled(state in (READY, PAUSED))
        self.reset_button.setEnabled(can_start)
        self.lr_field.setEnabled(active)
        reason = self._train_reason if not can_start else ""
        for b, tip in ((self.train_button, self.tr("Start training, or resume a paused run "
                                                   "(Space toggles Train/Pause)")),
                       (self.reset_button, self.tr("Start a new run from the experiment: the "
                                                   "same seed gives the same initial weights"))):
            b.setToolTip(reason or tip)

    def explain_step(self):
        """Open the step explainer on the paused run's next iteration (or say why not)."""
        return open_explainer(self)

    # ================================================================ gradient check
    def check_gradients(self):
        """Check back propagation of the current network on a few training rows.

        Uses the current run's latest weights when there is a run, else the document's
        network with its initial weights. Shows the result in :attr:`gradcheck_dialog`
        and returns it (None when it could not run; the reason is shown).
        """
        try:
            result, specs = check_gradients(self.run, self.document)
        except WorkbenchError as exc:
            self.show_error(self.tr("Gradient check"), str(exc))
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

    # ================================================================ dialogs (tests replace)
    def ask_save_path(self, caption: str, suggested: str, filters: str) -> str | None:
        """Ask for a file to write; None when cancelled."""
        path, _ = QFileDialog.getSaveFileName(self, caption, suggested, filters)
        return path or None

    def show_error(self, title: str, message: str) -> None:
        """Tell the user something failed."""
        QMessageBox.warning(self, title, message)

    def ask_unexported_run(self, run) -> QMessageBox.StandardButton:
        """Export Weights… (Save), Discard or Cancel for ``run``."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Trained weights not exported"),
                          self.tr("Run “{}” trained for {} epochs, and its weights were never "
                                  "exported. Closing loses them. Export them first?")
                          .format(run.name, run.epoch),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.button(QMessageBox.StandardButton.Save).setText(self.tr("Export Weights…"))
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        return QMessageBox.StandardButton(box.exec())

    # ================================================================ Qt
    def showEvent(self, event) -> None:  # Qt override
        super().showEvent(event)
        self.refresh(force=True)

    def closeEvent(self, event) -> None:  # Qt override
        self.shutdown()
        super().closeEvent(event)
