"""Runs as TensorBoard event files, through tensorboardX (the optional ``tensorboard``
extra: ``pip install 'nn-workbench[tensorboard]'``).

Each run becomes ``OUT/<run id>/``: scalars per epoch (``loss/train``, ``loss/val``,
``accuracy/…``, ``rmse/…``, ``r2/…``, ``lr``, ``seconds``), histograms of every weight
and gradient per epoch when the run kept them (``histograms.npz``; otherwise the final
weights from ``model.npz`` at the last epoch), and the hyperparameters with the best
metric for TensorBoard's HParams dashboard (``OUT/<run id>/hparams``). Open with
``tensorboard --logdir OUT``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.errors import WorkbenchError
from core.files.npz_archive import read_npz
from core.runs.run_files import load_model_file
from core.runs.store import RunStore

#: history.csv column → TensorBoard scalar tag.
SCALARS = {"train_loss": "loss/train", "val_loss": "loss/val",
           "train_accuracy": "accuracy/train", "val_accuracy": "accuracy/val",
           "train_rmse": "rmse/train", "val_rmse": "rmse/val", "train_r2": "r2/train",
           "val_r2": "r2/val", "lr": "lr", "seconds": "seconds"}
MISSING = ("exporting to TensorBoard needs the tensorboardX package; install it with "
           "python3 -m pip install 'nn-workbench[tensorboard]'")


class ExportError(WorkbenchError):
    """The export cannot run (tensorboardX missing, output folder not writable)."""


def summary_writer_class():
    """tensorboardX's ``SummaryWriter``, or :class:`ExportError` saying how to install it."""
    try:
        from tensorboardX import SummaryWriter  # noqa: PLC0415  (optional extra)
    except ImportError:
        raise ExportError(MISSING) from None
    return SummaryWriter


def export_tensorboard(store: RunStore, run_ids, out_dir) -> list[Path]:
    """Write the runs ``run_ids`` of ``store`` as event files under ``out_dir``.

    Returns the folder written per run (``out_dir / run_id``).

    Raises
    ------
    ExportError
        tensorboardX is not installed, or ``out_dir`` cannot be written.
    core.runs.store.RunNotFound
        A run id is not in the store.
    """
    writer_class = summary_writer_class()
    out_dir = Path(out_dir)
    details = [store.show(run_id) for run_id in run_ids]  # every id checked first
    written = []
    for run in details:
        logdir = out_dir / run.row.id
        try:
            logdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(f"{logdir}: cannot be written ({exc.strerror or exc})") from None
        with writer_class(logdir=str(logdir), flush_secs=1) as writer:
            _scalars(writer, run.history)
            last_epoch = run.history[-1]["epoch"] if run.history else 0
            if "histograms.npz" in run.files:
                _stored_histograms(writer, run.folder / "histograms.npz")
            else:
                _final_weights(writer, run.folder / "model.npz", last_epoch)
            _hparams(writer, run)
        written.append(logdir)
    return written


def _scalars(writer, history: list[dict]) -> None:
    for row in history:
        for column, tag in SCALARS.items():
            value = row.get(column)
            if isinstance(value, float) and np.isfinite(value):
                writer.add_scalar(tag, value, row["epoch"])


def _stored_histograms(writer, path: Path) -> None:
    arrays = read_npz(path, str(path), ExportError, budget=2**30, kinds="iuf")
    tags = sorted({name.rsplit("|", 1)[0] for name in arrays})
    for tag in tags:
        epochs, counts = arrays[f"{tag}|epochs"], arrays[f"{tag}|counts"]
        edges, stats = arrays[f"{tag}|edges"], arrays[f"{tag}|stats"]
        for i, epoch in enumerate(epochs):
            low, high, num, total, squares = (float(v) for v in stats[i])
            writer.add_histogram_raw(tag, low, high, num, total, squares,
                                     edges[i][1:].tolist(), counts[i].tolist(),
                                     global_step=int(epoch))


def _final_weights(writer, path: Path, epoch: int) -> None:
    try:
        model = load_model_file(path)
    except WorkbenchError:
        return  # a damaged model file: the scalars are still worth having
    for name, array in model.state.items():
        values = np.asarray(array, dtype=np.float64).ravel()
        if values.size and np.isfinite(values).all():
            writer.add_histogram(f"weights/{name}", values, epoch)


def _hparams(writer, run) -> None:
    summary = run.summary
    params = {"optimizer": str(summary.get("optimizer") or ""),
              "network": str(summary.get("network") or ""),
              "data": str(summary.get("data") or ""),
              "batch_size": str(summary.get("batch_size") or "")}
    if isinstance(summary.get("lr"), (int, float)):
        params["lr"] = float(summary["lr"])
    for path, value in ((summary.get("sweep") or {}).get("params") or {}).items():
        params[path] = value if isinstance(value, (int, float, str, bool)) else str(value)
    best = summary.get("best") or {}
    if isinstance(best.get("value"), (int, float)) and best.get("metric"):
        writer.add_hparams(params, {f"hparam/{best['metric']}": float(best["value"])},
                           name="hparams")
