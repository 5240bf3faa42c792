"""The training worker: one thread, throttled signals, cooperative controls, clean endings."""

from __future__ import annotations

import copy

import pytest

from core.experiment import default_experiment, normalize
from workbench.training.run_records import FAILED, FINISHED, PAUSED, READY, RUNNING
from workbench.training.session import TrainingSession
from workbench.training.thread_reaper import live_threads


def small_experiment(epochs=6, **sections) -> dict:
    """The default experiment, smaller; ``sections`` replace whole sections."""
    exp = copy.deepcopy(default_experiment())
    exp["data"]["samples"] = 300
    exp["training"]["epochs"] = epochs
    exp.update(sections)
    return normalize(exp)


class Recorder:
    """Collects everything a session emits."""

    def __init__(self, session):
        self.info, self.batches, self.epochs, self.finish = None, [], [], None
        self.errors, self.states, self.lr_changes = [], [], []
        session.prepared.connect(lambda info: setattr(self, "info", info))
        session.iterations_done.connect(self.batches.append)
        session.epoch_finished.connect(self.epochs.append)
        session.finished.connect(lambda f: setattr(self, "finish", f))
        session.errored.connect(self.errors.append)
        session.state_changed.connect(self.states.append)
        session.lr_changed.connect(self.lr_changes.append)

    @property
    def steps(self) -> list[int]:
        return [e.step for batch in self.batches for e in batch]


@pytest.fixture
def make_session(qtbot):
    sessions = []

    def make(experiment=None, **options):
        session = TrainingSession(experiment or small_experiment(), **options)
        sessions.append(session)
        return session, Recorder(session)

    yield make
    for session in sessions:
        assert session.shutdown(timeout_s=10)
    qtbot.waitUntil(lambda: live_threads() == 0, timeout=10_000)


def no_thread_warnings(qtlog):
    return [r.message for r in qtlog.records if "QThread" in r.message or "Timer" in r.message]


def test_a_run_reports_every_iteration_in_batches_and_every_epoch(qtbot, make_session, qtlog):
    session, rec = make_session()
    qtbot.waitUntil(lambda: session.state == READY, timeout=10_000)
    info = rec.info
    assert info.task == "classification" and info.epochs == 6
    assert info.grid is not None and info.grid.shape[:2] == (60, 60)
    assert set(info.weights) >= {"0.weight", "0.bias"} and "CPU" in info.backend or "GPU" in \
        info.backend
    session.start()
    qtbot.waitUntil(lambda: session.state == FINISHED, timeout=20_000)
    total = 6 * info.iterations_per_epoch
    assert rec.steps == list(range(1, total + 1))         # all, in order, once
    assert all(rec.batches) and len(rec.batches) <= total   # batched, never empty
    assert [e.epoch for e in rec.epochs] == list(range(1, 7))
    assert rec.epochs[-1].weights and rec.epochs[-1].grid.shape == (60, 60, 3)
    assert rec.finish.reason == "completed" and rec.finish.steps == total
    assert rec.states[:2] == [READY, RUNNING] and rec.states[-1] == FINISHED
    assert not rec.errors and not no_thread_warnings(qtlog)


def test_step_step_epoch_and_run_epochs_pause_where_asked(qtbot, make_session):
    session, rec = make_session()
    qtbot.waitUntil(lambda: session.state == READY, timeout=10_000)
    per_epoch = rec.info.iterations_per_epoch
    session.step()
    qtbot.waitUntil(lambda: rec.steps == [1] and session.state == PAUSED, timeout=10_000)
    session.step()
    qtbot.waitUntil(lambda: len(rec.steps) == 2 and session.state == PAUSED, timeout=10_000)
    session.step_epoch()
    qtbot.waitUntil(lambda: len(rec.epochs) == 1 and session.state == PAUSED, timeout=10_000)
    assert len(rec.steps) == per_epoch                      # to the end of epoch 1 only
    session.run_epochs(2)
    qtbot.waitUntil(lambda: len(rec.epochs) == 3 and session.state == PAUSED, timeout=10_000)
    assert len(rec.steps) == 3 * per_epoch


def test_pause_then_resume_continues_where_it_stopped(qtbot, make_session):
    session, rec = make_session(small_experiment(epochs=400))
    qtbot.waitUntil(lambda: session.state == READY, timeout=10_000)
    session.start()
    qtbot.waitUntil(lambda: len(rec.steps) > 20, timeout=10_000)
    session.pause()
    qtbot.waitUntil(lambda: session.state == PAUSED, timeout=10_000)
    qtbot.wait(50)
    paused_at = len(rec.steps)
    qtbot.wait(100)
    assert len(rec.steps) == paused_at                      # nothing runs while paused
    session.start()
    qtbot.waitUntil(lambda: len(rec.steps) > paused_at + 20, timeout=10_000)
    session.stop()
    qtbot.waitUntil(lambda: session.state == FINISHED, timeout=10_000)
    assert rec.finish.reason == "interrupted"
    assert rec.steps == list(range(1, len(rec.steps) + 1))


def test_set_lr_takes_effect_and_a_bad_one_is_reported(qtbot, make_session):
    session, rec = make_session()
    qtbot.waitUntil(lambda: session.state == READY, timeout=10_000)
    session.step()
    qtbot.waitUntil(lambda: session.state == PAUSED, timeout=10_000)
    session.set_lr(0.5)
    qtbot.waitUntil(lambda: len(rec.lr_changes) == 1, timeout=10_000)
    assert rec.lr_changes[0].step == 1 and rec.lr_changes[0].lr == 0.5
    session.step()
    qtbot.waitUntil(lambda: len(rec.steps) == 2, timeout=10_000)
    assert rec.batches[-1][-1].lr == 0.5
    session.set_lr(-1.0)
    qtbot.waitUntil(lambda: len(rec.errors) == 1, timeout=10_000)
    assert "optimizer.lr" in rec.errors[0] and session.state == PAUSED  # the run lives on
    session.set_schedule({"type": "step", "step_size": 1, "gamma": 0.5})
    qtbot.waitUntil(lambda: len(rec.lr_changes) == 2, timeout=10_000)
    assert rec.lr_changes[1].label.startswith("schedule")


def test_a_bad_data_file_becomes_a_readable_error(qtbot, make_session, tmp_path):
    exp = small_experiment()
    exp["data"] = {"source": "csv", "path": str(tmp_path / "missing.csv")}
    session, rec = make_session(normalize(exp))
    qtbot.waitUntil(lambda: session.state == FAILED, timeout=10_000)
    assert len(rec.errors) == 1 and "missing.csv" in rec.errors[0]
    assert "Traceback" not in rec.errors[0]
    session.start()  # ignored: the run has failed
    assert not session.active


def test_a_huge_learning_rate_diverges_and_keeps_finite_weights(qtbot, make_session):
    session, rec = make_session(small_experiment(optimizer={"type": "sgd", "lr": 1e6}))
    qtbot.waitUntil(lambda: session.state == READY, timeout=10_000)
    session.start()
    qtbot.waitUntil(lambda: session.state == FINISHED, timeout=10_000)
    assert rec.finish.reason == "diverged" and "iteration" in rec.finish.message


def test_shutdown_at_any_moment_ends_the_thread(qtbot, qtlog):
    for i in range(30):
        session = TrainingSession(small_experiment(epochs=1000))
        session.start()
        if i % 3 == 1:
            qtbot.wait(5)
        elif i % 3 == 2:
            qtbot.waitUntil(lambda s=session: s.state in (RUNNING, FINISHED), timeout=10_000)
        assert session.shutdown(timeout_s=10)
        assert session.shutdown()        # twice is harmless
        session.deleteLater()
    qtbot.waitUntil(lambda: live_threads() == 0, timeout=10_000)
    assert not no_thread_warnings(qtlog)


def test_nothing_arrives_after_shutdown(qtbot):
    session = TrainingSession(small_experiment(epochs=1000))
    rec = Recorder(session)
    session.start()
    qtbot.waitUntil(lambda: len(rec.steps) > 0, timeout=10_000)
    assert session.shutdown(timeout_s=10)
    seen = len(rec.steps)
    qtbot.wait(100)
    assert len(rec.steps) == seen and rec.finish is None
    qtbot.waitUntil(lambda: live_threads() == 0, timeout=10_000)


def test_the_worker_holds_back_while_the_gui_paints(qtbot, make_session):
    session, rec = make_session(small_experiment(epochs=1000), gate_timeout_s=30.0)
    qtbot.waitUntil(lambda: session.state == READY, timeout=10_000)
    with session.painting():
        session.start()
        qtbot.wait(200)                       # events are processed, the gate stays shut
        held = len(rec.steps)
        assert held <= 1
    qtbot.waitUntil(lambda: len(rec.steps) > held + 10, timeout=10_000)


def test_thread_policy_is_shared_and_restored():
    import sys

    from workbench.training.thread_policy import ThreadPolicy
    before = sys.getswitchinterval()
    assert ThreadPolicy.acquire(None, None) is False
    assert ThreadPolicy.acquire(1, 0.002) and ThreadPolicy.acquire("auto", 0.003)
    assert ThreadPolicy._users == 2 and sys.getswitchinterval() == pytest.approx(0.002)
    ThreadPolicy.release()
    assert ThreadPolicy._users == 1 and sys.getswitchinterval() == pytest.approx(0.002)
    ThreadPolicy.release()
    assert ThreadPolicy._users == 0 and ThreadPolicy._limiter is None
    assert sys.getswitchinterval() == pytest.approx(before)


def test_deleting_a_session_without_shutdown_still_ends_its_thread(qtbot):
    from PySide6.QtCore import QObject
    owner = QObject()
    session = TrainingSession(small_experiment(epochs=10_000), parent=owner)
    session.start()
    qtbot.waitUntil(lambda: session.state == RUNNING, timeout=10_000)
    owner.deleteLater()                      # e.g. the window went away without close()
    qtbot.waitUntil(lambda: live_threads() == 0, timeout=10_000)


def test_a_run_can_start_from_given_weights(qtbot, make_session):
    """An opened model file continues training from its own weights, not the seed's."""
    from core.nn.model import Model
    experiment = small_experiment()
    donor = Model(experiment["model"]["layers"], 2, seed=123).state_dict()
    session, rec = make_session(experiment, init_state=donor)
    qtbot.waitUntil(lambda: session.state == READY, timeout=10_000)
    started = session._worker.trainer.model.state_dict()
    for name, value in donor.items():
        assert (started[name] == value.astype(started[name].dtype)).all(), name
    fresh, _ = make_session(experiment)
    qtbot.waitUntil(lambda: fresh.state == READY, timeout=10_000)
    assert not (fresh._worker.trainer.model.state_dict()["0.weight"] == donor["0.weight"]).all()


class SlowLoader:
    """Stands in for ``core.data.spec.prepare``: reports progress every 10 ms for ``seconds``
    (a large file being read), then prepares the real data. Records whether it was
    cancelled (``core.progress.Cancelled`` raised by the worker's callback)."""

    def __init__(self, seconds: float = 60.0, deaf_s: float = 0.0):
        import core.data
        import core.data.spec
        self.real = core.data.spec.prepare
        self.seconds, self.deaf_s = seconds, deaf_s
        self.reports, self.cancelled, self.started = 0, False, False

    def __call__(self, spec, base_dir=None, path="data"):
        import time

        from core.progress import Cancelled, report
        self.started = True
        start = time.monotonic()
        try:
            while time.monotonic() - start < self.seconds:
                report((time.monotonic() - start) / self.seconds, "Reading big.csv")
                self.reports += 1
                time.sleep(0.01)
        except Cancelled:
            self.cancelled = True
            time.sleep(self.deaf_s)        # a loader that takes a while to notice
            raise
        return self.real(spec, base_dir, path)


@pytest.fixture
def slow_loader(monkeypatch):
    import core.data
    import core.data.spec
    loader = SlowLoader()
    monkeypatch.setattr(core.data.spec, "prepare", loader)
    return loader


def test_a_stop_while_preparing_cancels_the_loader(qtbot, make_session, slow_loader, qtlog):
    from workbench.training.run_records import CANCELLED
    session, rec = make_session()
    progress = []
    session.preparation_progressed.connect(progress.append)
    qtbot.waitUntil(lambda: len(progress) >= 3, timeout=10_000)
    assert session.state == "preparing"
    assert progress[-1].text == "Reading big.csv" and 0 < progress[-1].fraction < 0.1
    session.stop()
    qtbot.waitUntil(lambda: session.state == CANCELLED, timeout=5_000)
    assert slow_loader.cancelled and rec.info is None and not rec.errors
    assert session.shutdown(timeout_s=1) and not session.active
    assert not no_thread_warnings(qtlog)


def test_progress_is_throttled(qtbot, make_session, slow_loader):
    from workbench.training.worker import PROGRESS_INTERVAL_S
    progress = []
    session, _rec = make_session()
    session.preparation_progressed.connect(progress.append)
    qtbot.wait(600)
    session.stop()
    qtbot.waitUntil(lambda: slow_loader.cancelled, timeout=5_000)
    # the loader reported every 10 ms; at most one signal per interval reached the GUI
    assert slow_loader.reports >= 20
    assert 2 <= len(progress) <= 0.6 / PROGRESS_INTERVAL_S + 2
    assert len(progress) < slow_loader.reports / 2


def test_shutdown_while_preparing_ends_the_thread_at_once(qtbot, slow_loader, qtlog):
    session = TrainingSession(small_experiment())
    qtbot.waitUntil(lambda: slow_loader.reports > 2, timeout=10_000)
    assert session.shutdown(timeout_s=3)          # before: the loader ran on for a minute
    assert slow_loader.cancelled
    session.deleteLater()
    qtbot.waitUntil(lambda: live_threads() == 0, timeout=5_000)
    assert not no_thread_warnings(qtlog)


def test_pace_limits_steps_per_second_only_when_running_to_the_end(qtbot, make_session):
    import time
    session, rec = make_session(small_experiment(epochs=1000), pace=100)
    qtbot.waitUntil(lambda: session.state == READY, timeout=10_000)
    per_epoch = rec.info.iterations_per_epoch
    started = time.monotonic()
    session.start()
    qtbot.wait(1000)
    session.pause()
    qtbot.waitUntil(lambda: session.state == PAUSED, timeout=10_000)
    elapsed = time.monotonic() - started
    steps = len(rec.steps)
    assert 20 <= steps <= 100 * elapsed + 10       # ~100 per second, never faster
    session.step_epoch()                             # Step epoch: full speed, whatever the pace
    qtbot.waitUntil(lambda: session.state == PAUSED and len(rec.steps) > steps, timeout=10_000)
    assert len(rec.steps) % per_epoch == 0
    session.set_pace(None)                           # as fast as possible from now on
    before = len(rec.steps)
    session.start()
    qtbot.wait(1000)
    session.pause()
    qtbot.waitUntil(lambda: session.state == PAUSED, timeout=10_000)
    assert len(rec.steps) - before > 300


def test_every_public_signal_is_fed_by_exactly_one_kind_of_record():
    from PySide6.QtCore import Signal

    from workbench.training.session import DELIVERY
    declared = {name for name, value in vars(TrainingSession).items()
                if isinstance(value, Signal) and not name.startswith("_")}
    names = [name for name, _field in DELIVERY.values()]
    assert sorted(names) == sorted(declared) and len(names) == len(set(names)) == 10
    for record, (_name, field) in DELIVERY.items():
        assert field is None or field in record.__dataclass_fields__, record


def test_the_view_connects_every_run_signal_it_handles_from_one_table():
    from workbench.dashboard.session_controller import HANDLERS, SessionController
    from workbench.training.session import DELIVERY
    assert set(HANDLERS) <= {name for name, _ in DELIVERY.values()}
    assert all(callable(getattr(SessionController, h)) for h in HANDLERS.values())


def test_epoch_ends_reach_the_gui_thread_together_in_order(qtbot, make_session, monkeypatch):
    """Fast epochs wait with the iterations for the emit interval and cross to the GUI thread
    in one signal per burst: with an interval longer than the run, 40 epochs arrive in at
    most two signals (the first report goes at once), every record still in order."""
    signals, depth = [], [0]
    deliver = TrainingSession._deliver

    def counting(self, record):
        if depth[0] == 0:
            signals.append(record)
        depth[0] += 1
        try:
            deliver(self, record)
        finally:
            depth[0] -= 1

    monkeypatch.setattr(TrainingSession, "_deliver", counting)
    session, rec = make_session(small_experiment(epochs=40), emit_interval_s=60.0)
    qtbot.waitUntil(lambda: session.state == READY, timeout=10_000)
    session.start()
    # the finish event comes after every epoch end in the stream of records
    qtbot.waitUntil(lambda: rec.finish is not None, timeout=30_000)
    total = 40 * rec.info.iterations_per_epoch
    assert [e.epoch for e in rec.epochs] == list(range(1, 41))
    assert rec.steps == list(range(1, total + 1))
    carrying_epochs = [s for s in signals if type(s).__name__ == "ReportBatch"
                       and any(type(r).__name__ == "EpochEvent" for r in s.records)]
    assert 1 <= len(carrying_epochs) <= 2
    assert rec.finish.reason == "completed"
