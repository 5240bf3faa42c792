"""``nn-workbench train``: train an experiment headless and write its outputs as one set.

The run writes ``model.npz``, ``history.csv`` and ``experiment.json`` into ``--out``,
held with a lock and written as one set (:mod:`core.files.run_folder`); a progress bar on
stderr; a JSON summary as the last line of stdout. SIGINT, SIGTERM and SIGHUP stop it the
same way (:class:`StopSignals`), and a run is never lost to a closed terminal, a closed
stream or a full disk. This module never imports Qt.
"""

from __future__ import annotations

import contextlib
import json
import math
import signal
from pathlib import Path

from workbench.cli.failures import Interrupted, UsageError, fail, say
from workbench.cli.progress_bar import ProgressBar

#: history.csv keeps this many epochs one row each (longer runs: older rows average
#: several epochs, see core.training.run_history.RunHistory.epochs_csv).
HISTORY_EXACT_EPOCHS = 65_536


#: Signals that end ``train`` the way Ctrl+C does (SIGHUP: the terminal went away).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                     if hasattr(signal, name))


class StopSignals:
    """What SIGINT, SIGTERM and SIGHUP do during ``train``, phase by phase.

    While the run is being prepared (experiment, data, initial weights) they abandon it
    (:class:`Interrupted`: one line, exit status 128 + the signal's number); while it
    trains they ask the trainer to stop after the current iteration (the run is then
    saved as usual, ``"stopped": "interrupted"``); while the outputs are written they are
    only noted, so that nothing is cut off half-way.
    """

    def __init__(self):
        self.phase = "preparing"
        self.stop = None
        self.received: list[int] = []
        self.previous: dict = {}

    def __enter__(self):
        import threading
        if threading.current_thread() is threading.main_thread():  # signal.signal's rule
            for signum in STOP_SIGNALS:
                self.previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc):
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)

    def training(self, stop) -> None:
        self.phase, self.stop = "training", stop
        if self.received:  # a signal between the end of preparing and now
            stop()

    def saving(self) -> None:
        self.phase = "saving"

    def _handle(self, signum, frame) -> None:
        self.received.append(signum)
        if self.phase == "preparing":
            raise Interrupted(signum)
        if self.phase == "training":
            self.stop()


def train_command(args) -> int:
    with StopSignals() as stops:
        return _train(args, stops)


def _train(args, stops: StopSignals) -> int:
    from core.backend.threads import recommended_blas_threads, set_blas_threads
    from core.files.run_folder import RunFolder
    from core.io import experiment_file
    from core.io.model_file import ModelFile
    from core.io.model_file_reading import read_state
    from core.io.model_file_writing import model_file_bytes
    from core.training.events import EpochEvent
    from core.training.run_history import RunHistory
    from core.training.trainer import Trainer

    path = Path(args.experiment)
    doc = experiment_file.load(path)
    if args.epochs is not None:
        if not 1 <= args.epochs <= 1_000_000:
            raise UsageError(f"--epochs: expected a positive integer up to 1000000, got "
                             f"{args.epochs}")
        doc["training"]["epochs"] = args.epochs
    if args.backend:
        doc["training"]["backend"] = args.backend
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out: {out} exists and is not a folder")
    folder = RunFolder(out)
    try:
        note = folder.acquire()  # before the slow part: a second run is refused at once
    except OSError as exc:
        raise UsageError(f"--out: cannot write into {out} ({exc.strerror or exc})") from None
    try:
        if note:
            say(f"nn-workbench: note: {note}")
        init_state = read_state(args.init, dtype=doc["training"]["dtype"]) if args.init \
            else None
        trainer = Trainer(doc, base_dir=path.parent, init_state=init_state, layer_stats=False,
                          init_source=args.init)
        if trainer.backend.name == "cpu":  # measured policy: see benchmarks/README.md
            set_blas_threads(recommended_blas_threads(trainer.flops_per_step, gui=False))

        history, last = RunHistory("train", epoch_capacity=HISTORY_EXACT_EPOCHS), {}
        seconds = 0.0
        bar = ProgressBar(trainer.epochs, enabled=not args.quiet)

        def on_event(event):
            nonlocal seconds
            if isinstance(event, EpochEvent):
                history.add_epoch(event)
                seconds += event.seconds
                last["epoch"] = last[event.epoch] = event
                bar.epoch(event)

        stops.training(trainer.request_stop)
        try:
            finished = trainer.run(on_event)
        finally:
            bar.close()
        stops.saving()

        train = trainer.prepared.train
        model = ModelFile.from_model(trainer.model, trainer.experiment,
                                     trainer.prepared.standardizer, train.class_names,
                                     source=str(out / "model.npz"))
        files = {"model.npz": model_file_bytes(model),
                 "history.csv": history.epochs_csv().encode("utf-8"),
                 "experiment.json": experiment_file.dumps(trainer.experiment).encode("utf-8")}
        problem = _save_outputs(folder, files)
    finally:
        folder.release()

    epoch = last.get("epoch")
    if finished.reason == "early_stopping" and doc["training"]["restore_best"] \
            and finished.best_epoch in last:
        epoch = last[finished.best_epoch]  # the saved model is the best epoch's
    summary = {
        "epochs": trainer.epoch, "steps": trainer.step_count,
        "train_loss": epoch.train_loss if epoch else None,
        "val_loss": epoch.val_loss if epoch else None,
        "train_accuracy": epoch.train_metrics.get("accuracy") if epoch else None,
        "val_accuracy": epoch.val_metrics.get("accuracy") if epoch else None,
        "seconds": round(seconds, 4),
        "samples_per_second": round(trainer.epoch * trainer.n_train / seconds, 1)
        if seconds > 0 else 0.0,
        "backend": trainer.backend.name, "stopped": finished.reason,
    }
    if finished.reason == "early_stopping":
        summary["best_epoch"] = finished.best_epoch
    if epoch and train.task == "regression":
        summary.update({"train_rmse": epoch.train_metrics.get("rmse"),
                        "val_rmse": epoch.val_metrics.get("rmse"),
                        "val_r2": epoch.val_metrics.get("r2")})
    if finished.reason in ("diverged", "early_stopping"):
        say(finished.message)
    with contextlib.suppress(OSError, ValueError):  # stdout closed or a broken pipe: the
        print(json.dumps(_finite(summary)), flush=True)  # files are written all the same
    return fail(problem) if problem else 0


def _save_outputs(folder, files: dict) -> str | None:
    """Write the run's files as one set; on failure, into a rescue folder instead.

    Returns None when the set is in place, else the sentence saying what failed (naming
    the file) and where the run was saved instead, if anywhere.
    """
    import tempfile

    from core.files.atomic_write import write_error_message
    from core.files.run_folder import RunFolder, rescue_folder
    try:
        folder.write_set(files)
        return None
    except OSError as exc:
        problem = write_error_message(exc)
    try:
        rescue = rescue_folder()
        RunFolder(rescue).write_set(files)
    except OSError as exc:
        return (f"{problem}; saving the run in {tempfile.gettempdir()} failed too "
                f"({exc.strerror or exc}), so the trained network could not be kept")
    return f"{problem}; the run was saved instead in {rescue}"


def _finite(summary: dict) -> dict:
    """JSON has no NaN: non-finite numbers become null."""
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
            for k, v in summary.items()}
