"""The ``nn-workbench`` command line: its parser, the dispatch and the one way to fail.

``nn-workbench`` alone opens the GUI on the built-in default experiment; the ``train``,
``predict``, ``gradcheck``, ``export``, ``runs`` and ``sweep`` subcommands run headless and
never import Qt (each lives in its own module of this package; only
:mod:`workbench.cli.gui_commands` reaches Qt, and only when ``gui`` or ``screenshot``
runs). Any bad file, field or value gives one line on stderr and exit status 2
(:func:`workbench.cli.failures.fail`); Ctrl+C (or a stop signal) before work has started
gives one line and 128 + the signal's number.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

from workbench.cli import (
    export_command,
    gradient_check_command,
    gui_commands,
    predict_command,
    runs_command,
    sweep_command,
    train_command,
)
from workbench.cli.failures import Interrupted, UsageError, fail, os_message


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
    train.add_argument("--init", metavar="WEIGHTS", help="start from these weights (.npz, "
                       ".safetensors or .onnx with matching names and shapes)")
    train.add_argument("--quiet", action="store_true", help="no progress bar")
    runs_command.add_runs_option(train)
    train.add_argument("--no-record", action="store_true", help="do not record the run in "
                       "the runs folder")

    predict = sub.add_parser("predict", help="run a trained model on a CSV of inputs, an IDX "
                             "file or a folder of images")
    predict.add_argument("model", help="model file written by train (.npz or .safetensors), "
                         "or an ONNX model")
    predict.add_argument("data", help="CSV of inputs (a target column, if present, is ignored), "
                         "or for a network on images an IDX file, a folder of images or an "
                         "image file")
    predict.add_argument("-o", "--output", help="write the predictions here (default stdout)")
    predict.add_argument("--labels", metavar="IDX", help="IDX labels file of the images (adds "
                         "a true_class column and prints the accuracy)")

    grad = sub.add_parser("gradcheck", help="check back propagation by finite differences")
    grad.add_argument("experiment", help="experiment JSON file")

    shot = sub.add_parser("screenshot", help="render the main window to a PNG (offscreen)")
    shot.add_argument("experiment", help="experiment JSON file")
    shot.add_argument("-o", "--output", required=True, help="PNG file to write")
    shot.add_argument("--size", default="1280x800", help="window size WxH (default 1280x800)")
    shot.add_argument("--train-epochs", type=int, default=0,
                      help="train this many epochs (0 to 1000000) through the GUI worker "
                           "first")
    shot.add_argument("--language", choices=("system", "en", "zh_CN"), default="system",
                      help="the interface's language (default: the system's)")

    export_command.add_parser(sub)
    runs_command.add_parser(sub)
    sweep_command.add_parser(sub)
    return parser


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
        return fail(f"interrupted ({name}) {what}", status=128 + signum)


def _ensure_standard_streams() -> None:
    """Run with stdout or stderr closed (``2>&-``): Python sets them to None, and the first
    message would end the run with AttributeError. Send them to the null device instead."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            # open for the rest of the process: no context manager
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def _run(command: str, args) -> int:
    try:
        return COMMANDS[command](args)
    except (UsageError, OSError) as exc:
        return fail(str(exc) if isinstance(exc, UsageError) else os_message(exc))
    except Exception as exc:  # WorkbenchError and friends: one line, no traceback
        from core.errors import WorkbenchError  # here: `--help` needs no engine
        if isinstance(exc, WorkbenchError):
            return fail(str(exc))
        if os.environ.get("NNWB_DEBUG"):
            raise
        return fail(f"internal error ({type(exc).__name__}: {exc}); rerun with NNWB_DEBUG=1 "
                    "for details", status=1)


#: The function that carries out each subcommand (``gui`` without a command).
COMMANDS = {
    "gui": gui_commands.gui_command,
    "screenshot": gui_commands.screenshot_command,
    "train": train_command.train_command,
    "predict": predict_command.predict_command,
    "gradcheck": gradient_check_command.gradient_check_command,
    "export": export_command.run,
    "runs": runs_command.run,
    "sweep": sweep_command.run,
}


if __name__ == "__main__":
    sys.exit(main())
