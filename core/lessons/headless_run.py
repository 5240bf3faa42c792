"""Training a lesson's experiment without a window, as the checks will see the run.

The command line and the tests use :func:`observe_run` to train a page's experiment with
the same :class:`~core.training.trainer.Trainer` the GUI's worker drives, record it in a
:class:`~core.training.run_history.RunHistory` and hand it to
:func:`core.lessons.checks.evaluate`.
"""

from __future__ import annotations

from core.lessons.checks import ObservedRun
from core.training.events import EpochEvent, FinishedEvent, IterationEvent
from core.training.run_history import RunHistory
from core.training.trainer import Trainer


def observe_run(experiment: dict, label: dict | None = None, base_dir=None) -> ObservedRun:
    """Train ``experiment`` (normalized) to its end and return what the checks read.

    Parameters
    ----------
    experiment : dict
        A normalized experiment, e.g. a lesson page's.
    label : dict, optional
        The run's name in the lesson (``{"en": ..., "zh_CN": ...}``).
    base_dir : Path, optional
        Folder that relative data paths resolve against.
    """
    trainer = Trainer(experiment, base_dir, layer_stats=True)
    history = RunHistory(experiment.get("name", "lesson run"))
    pending = []

    def record(event) -> None:
        if isinstance(event, IterationEvent):
            pending.append(event)
            return
        history.add_iterations(pending)
        pending.clear()
        if isinstance(event, EpochEvent):
            history.add_epoch(event)
        elif isinstance(event, FinishedEvent):
            history.finish = event

    trainer.run(record)
    history.add_iterations(pending)
    return ObservedRun(experiment, history, len(trainer.prepared.train), label)
