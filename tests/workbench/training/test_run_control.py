"""The worker's training loop without Qt or threads: a scripted trainer and a fake clock."""

from __future__ import annotations

import sys

import pytest

from core.training.events import EpochEvent, FinishedEvent, IterationEvent
from workbench.training.run_control import (
    FINISHED,
    IDLE,
    PAUSED,
    PaintGate,
    RunControl,
    RunGoal,
    valid_pace,
)
from workbench.training.run_records import IterationBatch


class Clock:
    """Seconds that pass only when told: each step of the fake trainer takes ``step_s``."""

    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class ScriptedTrainer:
    """``epochs`` epochs of ``per_epoch`` steps, each advancing ``clock`` by ``step_s``;
    a stop request ends the run at the next step, as the real trainer does."""

    def __init__(self, clock: Clock, per_epoch: int = 4, epochs: int = 3, step_s: float = 0.001,
                 fail_at: int | None = None):
        self.clock, self.per_epoch, self.epochs, self.step_s = clock, per_epoch, epochs, step_s
        self.fail_at = fail_at
        self.step_count = self.epoch = 0
        self.finished = False
        self.stop_requests = 0
        self._stop = False

    def request_stop(self) -> None:
        self.stop_requests += 1
        self._stop = True

    def step(self) -> list:
        if self.finished:
            return []
        if self._stop:
            self.finished = True
            return [FinishedEvent("interrupted", "Stopped.", self.epoch, self.step_count)]
        if self.fail_at is not None and self.step_count + 1 == self.fail_at:
            raise FloatingPointError("the device fell over")
        self.clock.now += self.step_s
        self.step_count += 1
        epoch = (self.step_count - 1) // self.per_epoch + 1
        iteration = (self.step_count - 1) % self.per_epoch + 1
        events = [IterationEvent(epoch, iteration, self.step_count, 1.0 / self.step_count,
                                 0.01, 8)]
        if iteration == self.per_epoch:
            self.epoch = epoch
            events.append(EpochEvent(epoch, self.step_count, 0.5, None, {}, {}, 0.01, 0.1,
                                     80.0))
            if epoch == self.epochs:
                self.finished = True
                events.append(FinishedEvent("completed", "Done.", epoch, self.step_count))
        return events


def steps_of(delivered) -> list[int]:
    return [e.step for r in delivered if isinstance(r, IterationBatch) for e in r.events]


def kinds(delivered) -> list[str]:
    return [type(r).__name__ for r in delivered]


def make(clock=None, **options):
    clock = clock or Clock()
    return clock, RunControl(clock=clock, **options)


def test_without_a_goal_or_a_trainer_nothing_runs():
    clock, control = make()
    trainer = ScriptedTrainer(clock)
    delivered = []
    assert control.burst(trainer, delivered.append) is IDLE
    control.set_goal(RunGoal("run"))
    assert control.burst(None, delivered.append) is IDLE
    assert trainer.step_count == 0 and delivered == []


def test_a_burst_stops_at_its_deadline_and_batches_every_iteration_once():
    clock, control = make(burst_s=0.010, emit_interval_s=0.033)
    trainer = ScriptedTrainer(clock, per_epoch=100, epochs=1, step_s=0.001)
    delivered = []
    control.set_goal(RunGoal("run"))
    outcome = control.burst(trainer, delivered.append)
    assert outcome.kind == "continue" and outcome.wait_s == 0.0
    assert trainer.step_count == 10                 # 10 ms of 1 ms steps
    assert [len(r.events) for r in delivered] == [10]   # the first batch goes at once
    for _ in range(3):
        control.burst(trainer, delivered.append)    # 30 ms since: < the 33 ms interval
    assert [len(r.events) for r in delivered] == [10]
    control.burst(trainer, delivered.append)
    assert [len(r.events) for r in delivered] == [10, 40]
    assert steps_of(delivered) == list(range(1, 51))


def test_epoch_ends_and_the_finish_come_after_the_iterations_before_them():
    clock, control = make(burst_s=1.0, emit_interval_s=0.0)
    trainer = ScriptedTrainer(clock, per_epoch=2, epochs=2)
    delivered = []
    control.set_goal(RunGoal("run"))
    assert control.burst(trainer, delivered.append) is FINISHED
    assert kinds(delivered) == ["IterationBatch", "EpochEvent", "IterationBatch", "EpochEvent",
                                "FinishedEvent"]
    assert steps_of(delivered) == [1, 2, 3, 4]
    assert control.goal is None


def test_iterations_stay_batched_across_a_fast_epoch_end():
    clock, control = make(burst_s=1.0, emit_interval_s=0.033)
    trainer = ScriptedTrainer(clock, per_epoch=2, epochs=1000, step_s=0.001)
    delivered = []
    control.set_goal(RunGoal("epochs", 3))
    assert control.burst(trainer, delivered.append) is PAUSED
    # epochs 2 and 3 end within 4 ms of the first batch: they wait with their iterations,
    # which follow in one batch, at the pause, before both epoch ends
    assert kinds(delivered) == ["IterationBatch", "EpochEvent", "IterationBatch", "EpochEvent",
                                "EpochEvent"]
    assert [len(r.events) for r in delivered if isinstance(r, IterationBatch)] == [2, 4]
    assert [r.epoch for r in delivered if isinstance(r, EpochEvent)] == [1, 2, 3]
    assert steps_of(delivered) == list(range(1, 7))


def test_fast_epoch_ends_are_delivered_at_most_once_per_emit_interval():
    """1 ms epochs for 100 ms: three deliveries of iterations and epoch ends (at 0, 33 and
    66 ms), then the rest at the pause; nothing lost, nothing out of order."""
    clock, control = make(burst_s=0.010, emit_interval_s=0.033)
    trainer = ScriptedTrainer(clock, per_epoch=1, epochs=1000, step_s=0.001)
    deliveries, delivered = [], []

    def deliver(record):
        delivered.append(record)
        if not deliveries or deliveries[-1] != clock.now:
            deliveries.append(clock.now)

    control.set_goal(RunGoal("epochs", 100))
    while control.burst(trainer, deliver).kind == "continue":
        pass
    assert [round(t - 100.0, 3) for t in deliveries] == [0.001, 0.034, 0.067, 0.1]
    assert [r.epoch for r in delivered if isinstance(r, EpochEvent)] == list(range(1, 101))
    assert steps_of(delivered) == list(range(1, 101))


@pytest.mark.parametrize("goal, steps", [(RunGoal("steps", 1), 1), (RunGoal("steps", 3), 3),
                                         (RunGoal("epochs", 1), 4), (RunGoal("epochs", 2), 8)])
def test_a_goal_pauses_exactly_where_asked_and_flushes(goal, steps):
    clock, control = make(burst_s=1.0, emit_interval_s=10.0)
    trainer = ScriptedTrainer(clock, per_epoch=4, epochs=5)
    delivered = []
    control.set_goal(goal)
    assert control.burst(trainer, delivered.append) is PAUSED
    assert trainer.step_count == steps and control.goal is None
    assert steps_of(delivered) == list(range(1, steps + 1))
    later = []
    control.flush(later.append)
    assert later == []                                # nothing stayed pending at the pause


def test_a_stop_reaches_the_trainer_before_the_next_step():
    clock, control = make(burst_s=1.0)
    trainer = ScriptedTrainer(clock, per_epoch=100, epochs=10)
    delivered = []
    control.set_goal(RunGoal("run"))
    control.request_stop()                            # e.g. from the GUI thread
    assert control.stop_requested
    assert control.burst(trainer, delivered.append) is FINISHED
    assert trainer.step_count == 0 and trainer.stop_requests == 1
    assert kinds(delivered) == ["FinishedEvent"] and delivered[0].reason == "interrupted"


def test_finish_now_delivers_the_interrupted_finish_of_an_idle_run():
    clock, control = make()
    trainer = ScriptedTrainer(clock)
    delivered = []
    trainer.request_stop()
    assert control.finish_now(trainer, delivered.append) is FINISHED
    assert kinds(delivered) == ["FinishedEvent"]


def test_a_failing_step_ends_the_goal_and_keeps_the_iterations_before_it():
    clock, control = make(burst_s=1.0, emit_interval_s=10.0)
    trainer = ScriptedTrainer(clock, per_epoch=100, epochs=1, fail_at=4)
    delivered = []
    control.set_goal(RunGoal("run"))
    outcome = control.burst(trainer, delivered.append)
    assert outcome.kind == "failed" and isinstance(outcome.error, FloatingPointError)
    assert control.goal is None and steps_of(delivered) == [1, 2, 3]


def test_the_pace_spaces_steps_when_running_to_the_end_only():
    clock, control = make(burst_s=1.0, pace=100)     # 100 steps per second: 10 ms apart
    trainer = ScriptedTrainer(clock, per_epoch=1000, epochs=2, step_s=0.001)
    delivered = []
    control.set_goal(RunGoal("run"))
    outcome = control.burst(trainer, delivered.append)
    assert trainer.step_count == 1                   # then the next step is due in 9 ms
    assert outcome.kind == "continue" and outcome.wait_s == pytest.approx(0.009)
    clock.now += outcome.wait_s
    assert control.burst(trainer, delivered.append).wait_s == pytest.approx(0.009)
    assert trainer.step_count == 2
    clock.now += 5.0                                 # far behind: no catching up
    control.burst(trainer, delivered.append)
    assert trainer.step_count == 3
    control.set_goal(RunGoal("epochs", 1))           # Step epoch ignores the pace
    assert control.burst(trainer, delivered.append) is PAUSED
    assert trainer.step_count == 1000
    control.set_pace(None)
    assert control.pace is None


@pytest.mark.parametrize("pace, expected", [(None, None), (0, None), (-5, None),
                                            (float("nan"), None), (float("inf"), None),
                                            (2.5, 2.5), ("10", 10.0)])
def test_valid_pace(pace, expected):
    assert valid_pace(pace) == expected


class CountingGate(PaintGate):
    """A closed gate that records the waits (and opens after the first)."""

    def __init__(self):
        super().__init__()
        self.waits = []

    def wait_open(self, timeout_s: float) -> bool:
        self.waits.append(timeout_s)
        self.open()
        return True


def test_a_closed_gate_is_waited_for_before_the_next_step():
    gate = CountingGate()
    clock, control = make(burst_s=1.0, gate=gate, gate_timeout_s=0.25)
    trainer = ScriptedTrainer(clock, per_epoch=3, epochs=1)
    control.set_goal(RunGoal("run"))
    with gate.painting():
        assert not gate.is_open()
        control.burst(trainer, [].append)
        assert gate.waits == [0.25] and trainer.step_count == 3
    assert gate.is_open()


def test_a_paint_gate_opens_again_after_a_failed_redraw():
    gate = PaintGate()
    with pytest.raises(RuntimeError), gate.painting():
        raise RuntimeError("a panel failed")
    assert gate.is_open() and gate.wait_open(0.0)


def test_run_control_imports_no_qt():
    import subprocess
    code = ("import sys, workbench.training.run_control, workbench.training.run_records, "
            "workbench.training.thread_policy; "
            "sys.exit(any(m.startswith(('PySide6', 'shiboken6', 'pyqtgraph')) "
            "for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0
