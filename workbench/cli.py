"""The ``nn-workbench`` command line.

``nn-workbench`` alone opens the GUI on the built-in default experiment; the ``train``,
``predict``, ``gradcheck`` and ``export`` subcommands run headless and never import Qt.
Any bad file, field or value gives one line on stderr and exit status 2; Ctrl+C (or a
stop signal) before work has started gives one line and 128 + the signal's number. The
``train`` command lives in :mod:`workbench.cli_train`, ``export`` in
:mod:`workbench.cli_export`.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
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
                      help="train this many epochs (0 to 1000000) through the GUI worker "
                           "first")

    try:
        from workbench import cli_export
        cli_export.add_parser(sub)
    except ImportError:  # the export subcommand's module is optional in a partial install
        pass
    return parser


class UsageError(Exception):
    """A bad command-line value (reported like a bad file: one line, exit 2)."""


class Interrupted(BaseException):
    """A stop signal (Ctrl+C, SIGTERM, SIGHUP) arrived before training started."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def main(argv=None) -> int:
    _ensure_standard_streams()
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    try:
        return _run(command, args)
    except (KeyboardInterrupt, Interrupted) as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        name = signal.Signals(signum).name
        what = "while preparing the run; nothing was trained or written" \
            if command == "train" else "before it finished"
        return _fail(f"interrupted ({name}) {what}", status=128 + signum)


def _ensure_standard_streams() -> None:
    """Run with stdout or stderr closed (``2>&-``): Python sets them to None, and the first
    message would end the run with AttributeError. Send them to the null device instead."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))


def _run(command: str, args) -> int:
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
        if command == "train":
            from workbench.cli_train import train_command
            return train_command(args)
        return {"predict": predict_command, "gradcheck": gradcheck_command}[command](args)
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
    _say(f"nn-workbench: error: {message}")
    return status


def _say(line: str) -> None:
    """One line on stderr, whatever state stderr is in (closed pipe, no terminal)."""
    try:
        print(line, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


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


# ---------------------------------------------------------------- predict

def predict_command(args) -> int:
    from core.files.atomic_write import write_text_atomic
    from core.training.predictions import predictions_of
    from core.data.prediction_inputs import read_inputs
    from core.io.model_file import build_model
    from core.io.model_file_reading import load_model_file

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
    from core.data.spec import load_dataset
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

    from core.io import experiment_file
    from core.data.spec import prepare
    from core.nn.gradient_check import TOLERANCE, check_network

    path = Path(args.experiment)
    doc = experiment_file.load(path)
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
