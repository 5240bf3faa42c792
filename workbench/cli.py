"""The ``nn-workbench`` command line.

``nn-workbench`` alone opens the GUI on the built-in default experiment; the ``train``,
``predict``, ``gradcheck`` and ``export`` subcommands run headless and never import Qt.
Any bad file, field or value gives one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import signal
import sys
import time
from pathlib import Path

EXIT_BAD_INPUT = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nn-workbench",
        description="Design, train and inspect neural networks. Without a command, opens the "
                    "application on its default experiment.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gui = sub.add_parser("gui", help="open the application (optionally on an experiment file)")
    gui.add_argument("experiment", nargs="?", help="experiment JSON file")

    train = sub.add_parser("train", help="train an experiment headless and write the model")
    train.add_argument("experiment", help="experiment JSON file")
    train.add_argument("--out", required=True, help="folder for model.npz, history.csv, "
                       "experiment.json")
    train.add_argument("--epochs", type=int, help="override training.epochs")
    train.add_argument("--backend", choices=("auto", "cpu", "gpu"), help="override "
                       "training.backend")
    train.add_argument("--init", metavar="WEIGHTS", help="start from these weights (.npz or "
                       ".safetensors with matching names and shapes)")
    train.add_argument("--quiet", action="store_true", help="no progress bar")

    predict = sub.add_parser("predict", help="run a trained model on a CSV of inputs")
    predict.add_argument("model", help="model file written by train (.npz or .safetensors)")
    predict.add_argument("data", help="CSV of inputs (a target column, if present, is ignored)")
    predict.add_argument("-o", "--output", help="write the predictions here (default stdout)")

    grad = sub.add_parser("gradcheck", help="check back propagation by finite differences")
    grad.add_argument("experiment", help="experiment JSON file")

    shot = sub.add_parser("screenshot", help="render the main window to a PNG (offscreen)")
    shot.add_argument("experiment", help="experiment JSON file")
    shot.add_argument("-o", "--output", required=True, help="PNG file to write")
    shot.add_argument("--size", default="1280x800", help="window size WxH (default 1280x800)")
    shot.add_argument("--train-epochs", type=int, default=0,
                      help="train this many epochs through the GUI worker first")

    try:
        from workbench import cli_export
        cli_export.add_parser(sub)
    except ImportError:  # the export subcommand's module is optional in a partial install
        pass
    return parser


class UsageError(Exception):
    """A bad command-line value (reported like a bad file: one line, exit 2)."""


def main(argv=None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    try:
        if command == "gui":
            from workbench.app import run_gui
            return run_gui(getattr(args, "experiment", None))
        if command == "screenshot":
            from workbench.screenshot import screenshot_command
            return screenshot_command(args.experiment, args.output, _size(args.size),
                                      train_epochs=args.train_epochs)
        if command == "export":
            from workbench import cli_export
            return cli_export.run(args)
        return {"train": train_command, "predict": predict_command,
                "gradcheck": gradcheck_command}[command](args)
    except (UsageError, OSError) as exc:
        return _fail(str(exc) if isinstance(exc, UsageError) else _os_message(exc))
    except Exception as exc:  # WorkbenchError and friends: one line, no traceback
        from core.errors import WorkbenchError
        if isinstance(exc, WorkbenchError):
            return _fail(str(exc))
        if os.environ.get("NNWB_DEBUG"):
            raise
        return _fail(f"internal error ({type(exc).__name__}: {exc}); rerun with NNWB_DEBUG=1 "
                     "for details", status=1)


def _fail(message: str, status: int = EXIT_BAD_INPUT) -> int:
    print(f"nn-workbench: error: {message}", file=sys.stderr)
    return status


def _os_message(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else ""
    return f"{where}{exc.strerror or exc}"


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise UsageError(f"--size: expected WIDTHxHEIGHT such as 1280x800, got {text!r}") \
            from None
    if not (100 <= w <= 8000 and 100 <= h <= 8000):
        raise UsageError(f"--size: width and height must be between 100 and 8000, got {text!r}")
    return w, h


# ---------------------------------------------------------------- train

class ProgressBar:
    """One line on stderr, rewritten in place: epoch, loss, samples/s, ETA."""

    def __init__(self, total_epochs: int, stream=sys.stderr, enabled: bool = True):
        self.total, self.stream, self.enabled = total_epochs, stream, enabled
        self.started = time.perf_counter()
        self.last_draw = 0.0
        self.tty = hasattr(stream, "isatty") and stream.isatty()

    def epoch(self, event) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        done = event.epoch / self.total
        width = 24
        filled = int(round(done * width))
        elapsed = now - self.started
        eta = elapsed / done - elapsed if done > 0 else 0.0
        val = "" if event.val_loss is None else f" val {event.val_loss:.4f}"
        metric = event.val_metrics.get("accuracy", event.train_metrics.get("accuracy"))
        acc = "" if metric is None else f" acc {metric:.3f}"
        line = (f"epoch {event.epoch}/{self.total} [{'#' * filled}{'.' * (width - filled)}] "
                f"loss {event.train_loss:.4f}{val}{acc} "
                f"{event.samples_per_second:,.0f} samples/s ETA {_clock(eta)}")
        if self.tty:
            if now - self.last_draw > 0.1 or event.epoch == self.total:
                self.stream.write("\r" + line + "\x1b[K")
                self.stream.flush()
                self.last_draw = now
        elif event.epoch == self.total or now - self.last_draw > 2.0 or event.epoch == 1:
            self.stream.write(line + "\n")
            self.last_draw = now

    def close(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(max(seconds, 0))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


HISTORY_COLUMNS = ("epoch", "train_loss", "val_loss", "train_accuracy", "val_accuracy",
                   "train_rmse", "val_rmse", "train_r2", "val_r2", "lr", "seconds")


def history_row(event) -> dict:
    def metric(metrics, key):
        return metrics.get(key, "")
    return {"epoch": event.epoch, "train_loss": event.train_loss,
            "val_loss": "" if event.val_loss is None else event.val_loss,
            "train_accuracy": metric(event.train_metrics, "accuracy"),
            "val_accuracy": metric(event.val_metrics, "accuracy"),
            "train_rmse": metric(event.train_metrics, "rmse"),
            "val_rmse": metric(event.val_metrics, "rmse"),
            "train_r2": metric(event.train_metrics, "r2"),
            "val_r2": metric(event.val_metrics, "r2"),
            "lr": event.lr, "seconds": event.seconds}


def history_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HISTORY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def train_command(args) -> int:
    from core import experiment as exp
    from core.backend.threads import recommended_blas_threads, set_blas_threads
    from core.training.events import EpochEvent
    from core.files import write_text_atomic
    from core.training.trainer import Trainer
    from core.weights_io import read_state, save_model_npz

    path = Path(args.experiment)
    doc = exp.load(path)
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
    init_state = read_state(args.init) if args.init else None
    trainer = Trainer(doc, base_dir=path.parent, init_state=init_state, layer_stats=False,
                      init_source=args.init)
    if trainer.backend.name == "cpu":  # measured policy: see benchmarks/README.md
        set_blas_threads(recommended_blas_threads(trainer.flops_per_step, gui=False))
    out.mkdir(parents=True, exist_ok=True)
    if not os.access(out, os.W_OK):  # find out now, not after the whole run
        raise UsageError(f"--out: cannot write into {out}")

    rows, last = [], {}
    bar = ProgressBar(trainer.epochs, enabled=not args.quiet)

    def on_event(event):
        if isinstance(event, EpochEvent):
            rows.append(history_row(event))
            last["epoch"] = last[event.epoch] = event
            bar.epoch(event)

    previous = signal.signal(signal.SIGINT, lambda *_: trainer.request_stop())
    try:
        finished = trainer.run(on_event)
    finally:
        signal.signal(signal.SIGINT, previous)
        bar.close()

    train = trainer.prepared.train
    save_model_npz(out / "model.npz", trainer.model, trainer.experiment,
                   standardizer=trainer.prepared.standardizer, class_names=train.class_names)
    write_text_atomic(out / "history.csv", history_csv(rows))
    write_text_atomic(out / "experiment.json", exp.dumps(trainer.experiment))

    epoch = last.get("epoch")
    if finished.reason == "early_stopping" and doc["training"]["restore_best"] \
            and finished.best_epoch in last:
        epoch = last[finished.best_epoch]  # the saved model is the best epoch's
    seconds = sum(r["seconds"] for r in rows)
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
        print(finished.message, file=sys.stderr)
    print(json.dumps(_finite(summary)))
    return 0


def _finite(summary: dict) -> dict:
    """JSON has no NaN: non-finite numbers become null."""
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
            for k, v in summary.items()}


# ---------------------------------------------------------------- predict

def predict_command(args) -> int:
    from core.files import write_text_atomic
    from core.training.predictions import predictions_of, read_inputs
    from core.weights_io import build_model, load_model_file

    model_file = load_model_file(args.model)
    model = build_model(model_file)
    target = (model_file.experiment or {}).get("data", {}).get("target")
    x, _ = read_inputs(args.data, model.input_width, _feature_names(model_file.experiment),
                       target)
    if model_file.preprocess is not None:
        x = (x - model_file.preprocess["mean"]) / model_file.preprocess["std"]
    text = predictions_of(model_file, model.predict(x)).to_csv()
    if args.output:
        write_text_atomic(Path(args.output), text)
    else:
        sys.stdout.write(text)
    return 0


def _feature_names(experiment: dict | None) -> list[str] | None:
    """The network's input names for synthetic and bundled sources (their small datasets
    are rebuilt); a file source's target column is found by name instead."""
    from core.data import load_dataset
    from core.errors import WorkbenchError
    if not experiment or experiment["data"]["source"] in ("csv", "npz"):
        return None
    try:
        return load_dataset(experiment["data"]).feature_names
    except WorkbenchError:
        return None


# ---------------------------------------------------------------- gradcheck

def gradcheck_command(args) -> int:
    import numpy as np

    from core import experiment as exp
    from core.data import prepare
    from core.nn.gradient_check import TOLERANCE, check_network

    path = Path(args.experiment)
    doc = exp.load(path)
    prepared = prepare(doc["data"], path.parent)
    train = prepared.train
    rows = np.random.default_rng(0).choice(len(train), min(16, len(train)), replace=False)
    result = check_network(doc["model"]["layers"], doc["loss"], train.X[rows], train.y[rows],
                           seed=doc["training"]["seed"])
    print(f"{'parameter':<16} {'relative error':>15}")
    for name, err in result.errors.items():
        flag = "" if err < TOLERANCE else "  <-- exceeds tolerance"
        print(f"{name:<16} {err:>15.3e}{flag}")
    verdict = "passed" if result.passed else "FAILED"
    print(f"gradient check {verdict}: worst relative error {result.max_error:.3e} "
          f"(tolerance {TOLERANCE:g}, central differences in float64)")
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
