"""Fixtures for the run store: a short real training run, and synthetic summaries."""

import time

import pytest

from core import experiment
from core.runs.history import HistoryRecorder
from core.runs.run_files import RunFiles, run_files
from core.training.trainer import Trainer


def spiral(epochs: int = 3, **training) -> dict:
    doc = experiment.default_experiment()
    doc["model"]["layers"][0]["units"] = 8
    doc["model"]["layers"][2]["units"] = 8
    doc["training"].update(epochs=epochs, **training)
    return experiment.normalize(doc)


def trained_run(doc: dict | None = None, snapshots: bool = False):
    """(trainer, history, finished, RunFiles) of a real run."""
    doc = doc or spiral()
    trainer = Trainer(doc, layer_stats=False, snapshots=snapshots)
    history = HistoryRecorder()
    started = time.time()
    finished = trainer.run(history)
    return trainer, history, finished, run_files(trainer, history, finished, started=started)


@pytest.fixture(scope="module")
def real_run():
    return trained_run(snapshots=True)


def fake_run(optimizer="adam", lr=0.01, best=0.5, started=1_700_000_000.0, data="spiral",
             network="2-8-3 relu", name="run", sweep=None) -> RunFiles:
    """A run with a made-up summary (for listing, filtering and sorting)."""
    summary = {"format": 1, "name": name, "task": "classification", "data": data,
               "network": network, "optimizer": optimizer, "lr": lr, "batch_size": 32,
               "epochs": 10, "stopped": "completed", "seconds": 1.5, "started": started,
               "best": {"metric": "val_accuracy", "goal": "maximize", "value": best,
                        "epoch": 10},
               "where": {"host": "here", "backend": "cpu"}, "source": "cli"}
    if sweep:
        summary["sweep"] = {"id": sweep}
    return RunFiles({"history.csv": b"epoch\n1\n"}, summary)
