"""The runs of the Train tab: starting, controlling and ending them, and what they report.

:class:`SessionController` reads the experiment from the document when a run starts, runs
it through a :class:`~workbench.training.session.TrainingSession` (one worker in one
background thread), keeps its :class:`~workbench.dashboard.run_record.RunRecord` up to date
from the session's signals (connected from one table, :data:`HANDLERS`) and tells the
view what to show. A change of the document while a run is active stops it, except a
change of only the learning rate or the schedule, which is applied to the running run and
marked on the plots.
"""

from __future__ import annotations

import copy
import json
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QEventLoop, QObject

from core.training.events import FinishedEvent
from workbench.dashboard.run_record import RunRecord
from workbench.training.run_records import CANCELLED, FINISHED, PREPARING, RUNNING
from workbench.training.session import TrainingSession

if TYPE_CHECKING:
    from workbench.dashboard.training_view import TrainingView

#: how the banner names an edited section of the experiment
#: (English, translated where shown: context ``SessionController``)
SECTION_NAMES = {"model": QT_TRANSLATE_NOOP("SessionController", "the network"),
                 "data": QT_TRANSLATE_NOOP("SessionController", "the data"),
                 "loss": QT_TRANSLATE_NOOP("SessionController", "the loss"),
                 "optimizer": QT_TRANSLATE_NOOP("SessionController", "the optimizer"),
                 "schedule": QT_TRANSLATE_NOOP("SessionController",
                                               "the learning-rate schedule"),
                 "training": QT_TRANSLATE_NOOP("SessionController", "the training settings")}
#: The session's signals and the controller's methods that handle them.
HANDLERS = {
    "prepared": "_on_prepared",
    "iterations_done": "_on_iterations",
    "epoch_finished": "_on_epoch",
    "finished": "_on_finished",
    "errored": "_on_errored",
    "state_changed": "_on_state",
    "lr_changed": "_on_lr_changed",
    "model_edited": "_on_model_edited",
}


#: Snapshot bytes a run keeps once another run is current (unless that one branched from
#: it): with the 12 runs of Compare runs, at most 2 × 64 + 10 × 8 MiB in all.
OLDER_RUN_SNAPSHOT_BYTES = 8 * 2 ** 20


def comparable(experiment: dict) -> dict:
    """The parts of an experiment that change what a run computes."""
    return {k: v for k, v in experiment.items() if k not in ("name", "description", "format")}


@dataclass(frozen=True)
class PreparedCache:
    """Data loaded for a data spec (``key``: the spec and the folder it resolves against)."""

    key: str
    prepared: object


def _data_key(data_spec: dict, base_dir) -> str:
    return json.dumps([data_spec, str(base_dir)], sort_keys=True, default=str)


def snapshot_misfit(experiment: dict, parent: RunRecord, weights: dict, source: str) -> str:
    """Why ``weights`` (a snapshot of ``parent``) cannot start a run of ``experiment``'s
    network, in one sentence; "" when they fit (or when the data changed too, which only
    preparing the run can tell: the worker checks again then)."""
    info = parent.info
    if info is None or experiment["data"] != parent.experiment["data"]:
        return ""
    from core.backend.devices import get_backend
    from core.errors import WorkbenchError
    from core.nn.model import Model
    shape = info.prepared.train.sample_shape if info.prepared is not None \
        else info.train_x.shape[1:]
    try:
        model = Model(experiment["model"]["layers"], shape,
                      get_backend("cpu", experiment["training"].get("dtype", "float32")),
                      seed=0)
        model.load_state_dict(weights, source)
    except WorkbenchError as exc:
        return str(exc)
    except Exception:   # the worker prepares the run and says what is wrong then
        return ""
    return ""


class SessionController(QObject):
    """Starts, controls and ends the runs of ``view``; handles what their workers report.

    Attributes
    ----------
    session : TrainingSession or None
        The active session (None before the first run and after one was discarded).
    run : RunRecord or None
        The current run (it stays after its session ended).
    """

    def __init__(self, view: TrainingView):
        super().__init__(view)
        self.view = view
        self.document = view.document
        self.session: TrainingSession | None = None
        self.run: RunRecord | None = None
        self._run_counter = 0
        self._prepared_cache: PreparedCache | None = None
        self._running_since: float | None = None
        self.document.changed.connect(self._document_changed)

    # ---------------------------------------------------------------- controls
    def active(self) -> bool:
        """A session runs (preparing, ready, running or paused)."""
        return self.session is not None and self.session.active

    def train(self) -> None:
        """Start a run (a new one when none is active) or resume the paused one."""
        if not self.view.train_enabled:
            return
        if not self.active():
            self.new_session()
        self.session.start()

    def pause(self) -> None:
        if self.session is not None:
            self.session.pause()

    def step(self) -> None:
        """One iteration (starting a new run if needed), then pause."""
        if not self.view.train_enabled and not self.active():
            return
        if not self.active():
            self.new_session()
        self.session.step()

    def step_epoch(self) -> None:
        """To the end of the current epoch (starting a new run if needed), then pause."""
        if not self.view.train_enabled and not self.active():
            return
        if not self.active():
            self.new_session()
        self.session.step_epoch()

    def stop(self) -> None:
        """End the current run (it stays in the run list)."""
        if self.session is not None:
            self.session.stop()

    def reset(self) -> None:
        """A new run from the document's experiment (same seed → same initial weights)."""
        if self.view.train_enabled:
            self.new_session()

    def set_lr(self, lr: float) -> None:
        if self.active():
            self.session.set_lr(lr)

    def set_pace(self, pace) -> None:
        if self.session is not None:
            self.session.set_pace(pace)

    def train_for_epochs(self, n: int, timeout_s: float = 120.0) -> bool:
        """Run ``n`` epochs through the worker, processing events meanwhile (blocking).

        A run is started (or resumed) as if Train were pressed, and paused after ``n``
        more epochs. Returns True when the epochs ran (or the run completed or stopped
        early on its own before), False on a timeout, an error or divergence.
        """
        if not self.view.train_enabled:
            return False
        if not self.active():
            self.new_session()
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
        self.view.refresh(force=True, all_pages=True)
        if run.epoch >= target:
            return True
        finish = run.finish
        return finish is not None and finish.reason in ("completed", "early_stopping")

    # ---------------------------------------------------------------- sessions
    def branch(self, parent: RunRecord, moment) -> None:
        """Branch from here: a new run from ``parent``'s snapshot at ``moment`` with the
        document's current settings, started at once and compared with ``parent``."""
        if not self.view.train_enabled:
            return
        weights = parent.snapshots.weights_at(moment.index)
        bad = [name for name, value in weights.items()
               if np.issubdtype(np.asarray(value).dtype, np.floating)
               and not np.isfinite(value).all()]
        if bad:
            self.view.show_alerts(self.view.health.error(
                self.tr("The weights of run #{} at epoch {} are not finite ({}): the run "
                        "diverged there. Branch from an earlier moment.")
                .format(parent.number, moment.epoch, bad[0])))
            return
        source = self.tr("the snapshot of run #{} at epoch {}").format(parent.number,
                                                                      moment.epoch)
        misfit = snapshot_misfit(self.document.experiment, parent, weights, source)
        if misfit:
            self.view.show_alerts(self.view.health.error(misfit))
            return
        self.new_session(init_state=weights,
                         init_source=source,
                         start_at=(moment.epoch, moment.step), branched_from=(parent.number,
                                                                              moment))
        run = self.run
        run.name += self.tr(" · from #{} epoch {}").format(parent.number, moment.epoch)
        if parent in self.view.run_list.runs:
            self.view.run_list.set_ticked(parent, True)   # shown beside the first
        self.session.start()

    def new_session(self, init_state: dict | None = None, init_source: str | None = None,
                    start_at: tuple | None = None, branched_from: tuple | None = None) -> None:
        """Discard the active session and start a new run from the document (from
        ``init_state``'s weights when given, else the document's; a branch counts on from
        ``start_at``, see :meth:`branch`)."""
        view = self.view
        self.discard_session(self.tr("A new run was started."))
        experiment = self.document.experiment
        base_dir = self.document.base_dir
        self._run_counter += 1
        run = RunRecord(self._run_counter, copy.deepcopy(experiment))
        run.branched_from = branched_from
        self.run = run
        view.health.reset(experiment["model"]["layers"])
        view.begin_run(run)
        # runs no longer shown keep few snapshots: the session's runs stay bounded
        parent = branched_from[0] if branched_from is not None else None
        for other in view.run_list.runs:
            if other is not run and other.number != parent:
                other.snapshots.shrink(OLDER_RUN_SNAPSHOT_BYTES)
        options = dict(view.worker_options)
        options.setdefault("pace", view.speed.pace_for(experiment))
        session = TrainingSession(experiment, base_dir,
                                  self._cached_prepared(experiment, base_dir), parent=view,
                                  grid=view.grid,
                                  init_state=init_state if init_state is not None
                                  else self.document.init_state,
                                  init_source=init_source, start_at=start_at,
                                  **options)
        session.preparation_progressed.connect(view.progress.show_preparation)
        for signal, handler in HANDLERS.items():
            getattr(session, signal).connect(getattr(self, handler))
        self.session = session
        view.lr_field.setText(f"{experiment['optimizer'].get('lr', 0):g}")
        view.set_status(PREPARING)
        view.update_controls()

    def discard_session(self, why: str = "") -> None:
        """End the active session; its run stays in the run list if it trained at all."""
        session, run = self.session, self.run
        if session is None:
            return
        self.session = None
        self.account_running(stop=True)
        session.shutdown()
        session.deleteLater()
        if run is not None:
            if run.finish is None and run.steps:
                run.history.finish = FinishedEvent(
                    "interrupted",
                    self.tr("Stopped after {} iterations. {}").format(run.steps, why).strip(),
                    run.epoch, run.steps)
                run.state = FINISHED
                run.version += 1
            if run.steps == 0:
                self.view.run_list.remove(run)
            else:
                self.view.run_list.update_run(run)
        self.view.update_controls()
        self.view.state_changed.emit("idle")

    def use_prepared(self, data_spec: dict, base_dir, prepared) -> None:
        """Start the next run on ``prepared`` (what the Data panel loaded for ``data_spec``)
        instead of reading the data again: one copy of the arrays in memory."""
        self._prepared_cache = PreparedCache(_data_key(data_spec, base_dir), prepared)

    def _cached_prepared(self, experiment: dict, base_dir):
        cache = self._prepared_cache
        if cache is not None and cache.key == _data_key(experiment["data"], base_dir):
            return cache.prepared
        return None

    def account_running(self, stop: bool = False) -> None:
        """Add the time since the last call to the current run's running time."""
        run = self.run
        if self._running_since is not None and run is not None:
            now = time.monotonic()
            run.running_seconds += now - self._running_since
            self._running_since = None if stop else now

    def _document_changed(self) -> None:
        session, run = self.session, self.run
        if session is None or run is None:
            return
        old, new = comparable(run.experiment), comparable(self.document.experiment)
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
        if changed == {"model"} and _without_frozen(old) == _without_frozen(new):
            for i, (a, b) in enumerate(zip(old["model"]["layers"], new["model"]["layers"])):
                if bool(a.get("frozen")) != bool(b.get("frozen")):
                    session.set_frozen(i, bool(b.get("frozen")))
            run.experiment = copy.deepcopy(self.document.experiment)
            return
        had_steps = run.steps > 0
        what = self.tr(", ").join(self.tr(SECTION_NAMES[k]) if k in SECTION_NAMES else k
                                  for k in sorted(changed)) or self.tr("the experiment")
        self.discard_session(self.tr("You changed {}.").format(what))
        if had_steps:
            self.view.show_alerts(self.view.health.stopped(
                self.tr("Training stopped because you changed {}; the run is kept in Compare "
                        "runs. Press Train to start a new run with the change.").format(what)))
        self.view.set_status("idle")

    # ---------------------------------------------------------------- worker events
    def _on_prepared(self, info) -> None:
        run = self.run
        run.set_info(info)
        self._prepared_cache = PreparedCache(
            _data_key(info.experiment["data"], self.document.base_dir), info.prepared)
        self.view.run_prepared(run)

    def _on_iterations(self, events) -> None:
        self.run.add_iterations(events)
        alerts = self.view.health.check_iterations(events)
        if alerts:
            self.view.show_alerts(alerts)

    def _on_epoch(self, event) -> None:
        self.run.add_epoch(event)
        alerts = self.view.health.check_epoch(event)
        if alerts:
            self.view.show_alerts(alerts)

    def _on_finished(self, finish) -> None:
        run = self.run
        run.history.finish = finish
        run.version += 1
        lr = run.history.lr.last()
        alerts = self.view.health.check_finish(finish, lr)
        if alerts:
            self.view.show_alerts(alerts)
        self.view.run_list.update_run(run)
        self.view.refresh(force=True)

    def _on_errored(self, message: str) -> None:
        if self.run is not None:
            self.run.error = message
        self.view.show_alerts(self.view.health.error(message))
        self.view.status.setText(self.tr("Failed: see the message above."))

    def _on_state(self, state: str) -> None:
        run, view = self.run, self.view
        if run is None:
            return
        if state == CANCELLED:
            self.discard_session(self.tr("Preparing the run was cancelled."))
            view.status.setText(self.tr("Cancelled: the run was not prepared."))
            return
        if state == RUNNING and self._running_since is None:
            self._running_since = time.monotonic()
        elif state != RUNNING:
            self.account_running(stop=True)
            view.scheduler.reset_rate()
        run.state = state
        run.version += 1
        view.set_status(state)
        view.update_controls()
        view.run_list.update_run(run)
        if state != RUNNING:
            view.refresh(force=True)
        view.state_changed.emit(state)

    def _on_lr_changed(self, change) -> None:
        self.run.history.add_marker(change.step, change.label)
        self.run.version += 1
        self.view.show_learning_rate_change(change.lr)

    def _on_model_edited(self, edit) -> None:
        """A weight typed by hand or a layer (un)frozen took effect: marked on the loss
        plot, and the diagram shows the weights as they are now."""
        run = self.run
        if run is None:
            return
        if edit.label:
            run.history.add_marker(edit.step, edit.label)
        run.weights = dict(edit.weights)
        run.edits += 1
        run.version += 1
        self.view.refresh(force=True)


def _without_frozen(experiment: dict) -> dict:
    """``experiment``'s model with the layers' ``"frozen"`` flags left out (a freeze is
    applied to the running run, any other change of the model starts a new one)."""
    layers = [{k: v for k, v in spec.items() if k != "frozen"}
              for spec in experiment.get("model", {}).get("layers", [])]
    return {**experiment.get("model", {}), "layers": layers}
