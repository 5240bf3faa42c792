"""The training loop of the window's worker, without Qt: goal, stop flag, pace, paint gate.

The worker (:mod:`workbench.training.worker`) owns a timer and a signal; everything it
decides lives here and is tested without a thread:

* :class:`RunGoal` — how far to run: to the end (Train), one more step (Step), to the end
  of an epoch (Step epoch, Run n epochs);
* :class:`PaintGate` — closed by the GUI thread while it redraws; the loop waits for it
  (without the GIL, at most ``gate_timeout_s``) before each iteration, so a redraw does
  not fight the training loop for the GIL;
* :class:`RunControl` — runs ``trainer.step()`` in short bursts, batches the iteration
  events and hands every report to a ``deliver`` callback, in order.

A burst runs iterations for at most ``burst_s`` (10 ms), then returns, so the worker's
event loop handles queued requests (pause, step, set_lr, …) between bursts. Iteration
events are delivered in batches (:class:`~workbench.training.run_records.IterationBatch`)
at most every ``emit_interval_s`` (33 ms) and whenever the run pauses or ends; epoch
ends wait with them (the default spiral ends ~600 epochs a second: one report each would
wake the GUI thread, and take the GIL from the training loop, as often) and follow the
batch of the iterations before them; the finish is delivered as it happens, after
everything before it.

With a pace (steps per second), a run toward its end (goal ``run``) advances at most that
fast; a burst then returns the seconds until the next step is due. Steps, Step epoch and
Run n epochs always run at full speed.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from core.training.events import EpochEvent, FinishedEvent, IterationEvent
from workbench.training.run_records import IterationBatch

#: A pace that fell this many seconds behind (a slow step, a busy GUI) starts counting
#: afresh instead of catching up.
PACE_SLACK_S = 0.1


@dataclass(frozen=True)
class RunGoal:
    """How far the worker runs before it pauses.

    ``kind`` is ``"run"`` (to the end of the run), ``"steps"`` (until ``step_count``
    reaches ``target``) or ``"epochs"`` (until ``epoch`` reaches ``target``).
    """

    kind: Literal["run", "steps", "epochs"]
    target: int = 0

    def reached(self, trainer) -> bool:
        """Whether ``trainer`` (its ``step_count`` and ``epoch``) is where the goal is."""
        if self.kind == "steps":
            return trainer.step_count >= self.target
        if self.kind == "epochs":
            return trainer.epoch >= self.target
        return False


class PaintGate:
    """Open unless the GUI thread is redrawing; the worker waits for it between steps.

    Safe from any thread (a :class:`threading.Event`).
    """

    def __init__(self):
        self._open = threading.Event()
        self._open.set()

    @contextmanager
    def painting(self) -> Iterator[None]:
        """GUI thread: closed while inside (the worker holds back between iterations)."""
        self._open.clear()
        try:
            yield
        finally:
            self._open.set()

    def open(self) -> None:
        """Open it now (the session is ending: nobody may wait for a redraw any more)."""
        self._open.set()

    def is_open(self) -> bool:
        return self._open.is_set()

    def wait_open(self, timeout_s: float) -> bool:
        """Worker: wait (without the GIL) until it opens, at most ``timeout_s``."""
        return self._open.wait(timeout_s)


@dataclass(frozen=True)
class BurstOutcome:
    """How a burst ended.

    ``kind``: ``"idle"`` (no trainer or no goal: nothing ran), ``"continue"`` (the goal
    is not reached: run another burst in ``wait_s`` seconds), ``"paused"`` (the goal was
    reached), ``"finished"`` (the run ended; its finish was delivered) or ``"failed"``
    (``error`` was raised by a step; the goal is cleared).
    """

    kind: Literal["idle", "continue", "paused", "finished", "failed"]
    wait_s: float = 0.0
    error: BaseException | None = None


IDLE = BurstOutcome("idle")
PAUSED = BurstOutcome("paused")
FINISHED = BurstOutcome("finished")


def valid_pace(steps_per_s) -> float | None:
    """A positive finite pace, or None (as fast as possible)."""
    if steps_per_s is None:
        return None
    value = float(steps_per_s)
    return value if math.isfinite(value) and value > 0 else None


class RunControl:
    """The stop flag, the goal, the pace and the batching of one worker's trainer.

    Parameters
    ----------
    burst_s : float
        Longest stretch of iterations in one :meth:`burst`.
    emit_interval_s : float
        Iteration events are delivered in batches at most this often.
    gate : PaintGate, optional
        Waited for before each iteration while closed.
    gate_timeout_s : float
        Longest wait for the gate (a stuck GUI never stalls training for long).
    pace : float, optional
        Most steps per second toward the end of the run (None: as fast as possible).
    clock : callable
        Seconds, monotonic (tests pass a fake one).
    """

    def __init__(self, *, burst_s: float = 0.010, emit_interval_s: float = 0.033,
                 gate: PaintGate | None = None, gate_timeout_s: float = 0.1,
                 pace: float | None = None, clock: Callable[[], float] = time.perf_counter):
        self.burst_s, self.emit_interval_s = burst_s, emit_interval_s
        self.gate, self.gate_timeout_s = gate, gate_timeout_s
        self.clock = clock
        self.goal: RunGoal | None = None
        self._stop = False           # set from any thread by request_stop()
        self._pending: list[IterationEvent] = []
        self._pending_epochs: list[EpochEvent] = []
        self._last_emit = 0.0
        self._pace = valid_pace(pace)
        self._pace_origin: tuple[float, int] | None = None   # (time, step count)

    # ---------------------------------------------------------------- any thread
    def request_stop(self) -> None:
        """Ask for a stop before the next iteration (the trainer is told at its next step)."""
        self._stop = True

    @property
    def stop_requested(self) -> bool:
        return self._stop

    # ---------------------------------------------------------------- worker thread
    def set_goal(self, goal: RunGoal) -> None:
        self.goal = goal
        self._pace_origin = None

    def clear_goal(self) -> None:
        self.goal = None

    @property
    def pace(self) -> float | None:
        return self._pace

    def set_pace(self, steps_per_s) -> None:
        """At most ``steps_per_s`` steps per second from now on (None, 0, NaN: no limit)."""
        self._pace = valid_pace(steps_per_s)
        self._pace_origin = None

    def burst(self, trainer, deliver: Callable[[object], None]) -> BurstOutcome:
        """Run steps of ``trainer`` toward the goal for at most ``burst_s``.

        Every report goes to ``deliver``: :class:`IterationBatch` records, the trainer's
        :class:`EpochEvent` and :class:`FinishedEvent`, in the order they happened.
        """
        if trainer is None or self.goal is None:
            return IDLE
        deadline = self.clock() + self.burst_s
        wait = 0.0
        try:
            while self.goal is not None:
                wait = self.pace_wait(trainer)
                if wait > 0:
                    break
                gate = self.gate
                if gate is not None and not gate.is_open():
                    gate.wait_open(self.gate_timeout_s)   # the GUI is redrawing
                if self._stop:
                    trainer.request_stop()
                if self.dispatch(trainer.step(), deliver):
                    return FINISHED
                if self.goal.reached(trainer):
                    self.goal = None
                    self.flush(deliver)
                    return PAUSED
                if self.clock() >= deadline:
                    break
        except Exception as exc:  # a bug or a device error: the run is over, the app lives
            self.goal = None
            self.flush(deliver)
            return BurstOutcome("failed", error=exc)
        if (self._pending or self._pending_epochs) and \
                self.clock() - self._last_emit >= self.emit_interval_s:
            self.flush(deliver)
        return BurstOutcome("continue", wait_s=wait)

    def finish_now(self, trainer, deliver: Callable[[object], None]) -> BurstOutcome:
        """One step while idle after a stop: the trainer delivers its (interrupted) finish."""
        try:
            finished = self.dispatch(trainer.step(), deliver)
        except Exception as exc:
            self.goal = None
            self.flush(deliver)
            return BurstOutcome("failed", error=exc)
        return FINISHED if finished else IDLE

    def dispatch(self, events, deliver: Callable[[object], None]) -> bool:
        """Deliver (or batch) the events of one step; True when the run finished."""
        finished = False
        for event in events:
            if isinstance(event, IterationEvent):
                self._pending.append(event)
            elif isinstance(event, EpochEvent):
                # epoch ends wait with the iterations (fast epochs would otherwise send a
                # report each): a batch may hold iterations of the epochs after them
                self._pending_epochs.append(event)
                if self.clock() - self._last_emit >= self.emit_interval_s:
                    self.flush(deliver)
            elif isinstance(event, FinishedEvent):
                self.goal = None
                self.flush(deliver)
                deliver(event)
                finished = True
        return finished

    def flush(self, deliver: Callable[[object], None]) -> None:
        """Deliver the iterations collected so far (if any) as one batch, then the epoch
        ends collected so far, in order."""
        if self._pending:
            batch, self._pending = self._pending, []
            deliver(IterationBatch(batch))
        if self._pending_epochs:
            epochs, self._pending_epochs = self._pending_epochs, []
            for event in epochs:
                deliver(event)
        self._last_emit = self.clock()

    def pace_wait(self, trainer) -> float:
        """Seconds until the next iteration is due under the pace (0: now)."""
        pace, goal = self._pace, self.goal
        if pace is None or goal is None or goal.kind != "run":
            return 0.0
        now = self.clock()
        steps = trainer.step_count
        origin = self._pace_origin
        if origin is None:
            self._pace_origin = (now, steps)
            return 0.0
        due = origin[0] + (steps - origin[1]) / pace
        if now - due > PACE_SLACK_S:   # fell behind: no catching up
            self._pace_origin = (now, steps)
            return 0.0
        return max(due - now, 0.0)
