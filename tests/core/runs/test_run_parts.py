"""The runs folder's location, the history CSV, the few-words descriptions, the summary."""

import math

import pytest

from core.runs import location
from core.runs.describe import describe_data, describe_network
from core.runs.history import COLUMNS, history_csv, read_history_csv
from core.runs.run_files import best_metric
from tests.core.runs.conftest import spiral, trained_run


def test_runs_folder_argument_then_environment_then_per_user(tmp_path, monkeypatch):
    monkeypatch.setattr(location.platformdirs, "user_data_dir",
                        lambda app, appauthor=None: str(tmp_path / "data" / app))
    assert location.runs_dir(environ={}) == tmp_path / "data" / "nn-workbench" / "runs"
    env = {"NN_WORKBENCH_RUNS": str(tmp_path / "env")}
    assert location.runs_dir(environ=env) == tmp_path / "env"
    assert location.runs_dir(tmp_path / "arg", environ=env) == tmp_path / "arg"
    monkeypatch.setenv("NN_WORKBENCH_RUNS", "~/somewhere")
    assert str(location.runs_dir()).endswith("/somewhere") and "~" not in str(
        location.runs_dir())


def test_history_csv_round_trip():
    rows = [{"epoch": 1, "steps": 15, "train_loss": 0.5, "val_loss": None, "lr": 0.01,
             "seconds": 0.25, "train_accuracy": 0.75, "val_accuracy": math.nan}]
    text = history_csv(rows)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    (back,) = read_history_csv(text)
    assert back["epoch"] == 1 and back["train_loss"] == 0.5 and back["val_loss"] is None
    assert back["val_accuracy"] is None and back["train_rmse"] is None


def test_few_words():
    assert describe_data({"source": "csv", "path": "/data/x/houses.csv"}) == \
        "houses.csv (csv)"
    assert describe_data({"source": "iris", "seed": 0}) == "iris"
    layers = [{"type": "dense", "units": 16}, {"type": "tanh"}, {"type": "dropout"},
              {"type": "dense", "units": 1}]
    assert describe_network(layers, 4) == "4-16-1 tanh, dropout"
    assert describe_network(layers) == "16-1 tanh, dropout"


def test_best_metric_prefers_validation_and_follows_the_goal():
    rows = [{"epoch": 1, "val_rmse": 2.0, "train_rmse": 1.0},
            {"epoch": 2, "val_rmse": 1.5, "train_rmse": 0.5},
            {"epoch": 3, "val_rmse": 1.7, "train_rmse": 0.2}]
    assert best_metric(rows, "regression") == {"metric": "val_rmse", "goal": "minimize",
                                               "value": 1.5, "epoch": 2}
    rows = [{"epoch": 1, "train_accuracy": 0.5, "val_accuracy": None},
            {"epoch": 2, "train_accuracy": 0.7, "val_accuracy": None}]
    assert best_metric(rows, "classification") == {"metric": "train_accuracy",
                                                   "goal": "maximize", "value": 0.7,
                                                   "epoch": 2}


def test_summary_of_an_early_stopped_run_describes_the_saved_epoch():
    doc = spiral(epochs=60, early_stopping=2, restore_best=True)
    doc["optimizer"]["lr"] = 0.5  # unstable: the validation loss stops improving early
    trainer, history, finished, files = trained_run(doc)
    assert finished.reason == "early_stopping"
    summary = files.summary
    saved = next(r for r in history.rows if r["epoch"] == finished.best_epoch)
    assert summary["metrics"]["val_loss"] == pytest.approx(saved["val_loss"])
    assert summary["epochs"] == trainer.epoch > finished.best_epoch
    assert summary["stopped"] == "early_stopping"


def test_worker_processes_import_neither_optuna_nor_ray_nor_qt():
    import subprocess
    import sys
    from pathlib import Path
    code = ("import sys, core.runs.sweep.local_workers, core.runs.store; "
            "print(sorted(m for m in ('optuna', 'ray', 'PySide6', 'tensorboardX') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[3])
    assert done.stdout.strip() == "[]", done.stderr
