"""Running sweeps on local worker processes: results, the run store, a worker killed with
SIGKILL, interrupting and resuming, early termination."""

import csv
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.files.run_folder import RunFolder, RunFolderBusy
from core.runs.store import RunStore
from core.runs.sweep import spec as sweep_spec
from core.runs.sweep.runner import run_sweep
from core.runs.sweep.state import SweepStateError
from core.training.trainer import Trainer
from tests.core.runs.test_sweep_spec import SPIRAL


def small_sweep(epochs=30, **changes):
    base = dict(SPIRAL, training={"epochs": epochs, "batch_size": 32})
    doc = {"format": 1, "name": "small", "base": base, "method": "grid",
           "parameters": {"optimizer.lr": {"values": [0.01, 0.1]},
                          "model.layers[0].units": {"values": [4, 8]}},
           "repeats": 2, "metric": {"name": "val_accuracy"}}
    doc.update(changes)
    return sweep_spec.normalize(doc)


def test_a_grid_on_two_workers_records_every_run(tmp_path):
    spec = small_sweep()
    progress = []
    result = run_sweep(spec, tmp_path / "out", workers=2, runs=tmp_path / "runs",
                       on_progress=progress.append)
    assert not result.interrupted and result.where == "2 local worker processes"
    records = result.records
    assert [r["number"] for r in records] == list(range(8))
    assert all(r["state"] == "complete" for r in records)
    assert [p.kind for p in progress].count("finished") == 8
    # the same trial in this process gives the same metric (one seed per repeat)
    doc = sweep_spec.experiment_for(spec, records[5]["params"], records[5]["repeat"])
    assert doc["training"]["seed"] == 1
    rows = []
    Trainer(doc, layer_stats=False).run(
        lambda e: rows.append(e) if hasattr(e, "val_metrics") else None)
    assert records[5]["value"] == rows[-1].val_metrics["accuracy"]
    # results.csv: one row per run, the varied values, the metrics, where it ran
    with open(tmp_path / "out" / "results.csv", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert [row["trial"] for row in table] == [str(i) for i in range(8)]
    assert [(row["optimizer.lr"], row["model.layers[0].units"]) for row in table[::2]] == \
        [("0.01", "4"), ("0.01", "8"), ("0.1", "4"), ("0.1", "8")]
    assert float(table[5]["val_accuracy"]) == records[5]["value"]
    assert table[0]["where"].split(":")[0] == os.uname().nodename
    assert {"seconds", "val_loss", "train_loss", "run_id"} <= set(table[0])
    # every run is in the store, tagged, with its sweep values
    store = RunStore(tmp_path / "runs")
    stored = {r.id: r for r in store.list()}
    assert set(stored) == {r["run_id"] for r in records}
    run = store.show(records[5]["run_id"])
    assert run.row.tags == ("sweep", "small") and run.row.sweep == result.sweep_id
    assert run.summary["sweep"]["params"] == records[5]["params"]
    assert run.row.best == records[5]["best"]
    assert result.best == max(records, key=lambda r: (r["value"], -r["number"]))


def _kill_one_worker(progress):
    if progress.kind == "started" and progress.number == 1:
        workers = [p for p in multiprocessing.active_children()
                   if p.name == "nn-workbench-sweep-worker"]
        os.kill(workers[0].pid, signal.SIGKILL)


def test_a_killed_worker_fails_its_trial_and_the_sweep_goes_on(tmp_path):
    result = run_sweep(small_sweep(epochs=300), tmp_path / "out", workers=2,
                       runs=tmp_path / "runs", on_progress=_kill_one_worker)
    states = [r["state"] for r in result.records]
    assert len(states) == 8 and states.count("failed") == 1 and states.count("complete") == 7
    (failed,) = [r for r in result.records if r["state"] == "failed"]
    assert failed["reason"] == "the worker process running it died (SIGKILL)"
    assert failed["run_id"] is None
    assert len(RunStore(tmp_path / "runs").list()) == 7
    with open(tmp_path / "out" / "results.csv", newline="") as fh:
        row = list(csv.DictReader(fh))[failed["number"]]
    assert row["state"] == "failed" and row["reason"] == failed["reason"]


def test_an_interrupted_sweep_resumes_from_its_folder(tmp_path):
    spec = small_sweep()
    finished = []

    def stop_after_three():
        return len(finished) >= 3

    first = run_sweep(spec, tmp_path / "out", workers=2, runs=tmp_path / "runs",
                      on_progress=lambda p: finished.append(p) if p.kind == "finished"
                      else None, should_stop=stop_after_three)
    assert first.interrupted and 3 <= len(first.records) < 8
    kept = {r["number"]: r["run_id"] for r in first.records}
    second = run_sweep(spec, tmp_path / "out", workers=2, runs=tmp_path / "runs")
    assert not second.interrupted and second.sweep_id == first.sweep_id
    assert [r["number"] for r in second.records] == list(range(8))
    assert {n: r["run_id"] for n, r in enumerate(second.records) if n in kept} == kept
    assert len(RunStore(tmp_path / "runs").list()) == 8
    # a third call finds nothing left to run and starts no worker
    assert run_sweep(spec, tmp_path / "out", runs=tmp_path / "runs").where == ""
    with pytest.raises(SweepStateError, match="holds the results of a different sweep"):
        run_sweep(small_sweep(repeats=1), tmp_path / "out", runs=tmp_path / "runs")


def test_the_output_folder_is_held_by_one_sweep(tmp_path):
    holder = RunFolder(tmp_path / "out")
    holder.acquire()
    try:
        with pytest.raises(RunFolderBusy, match="is in use by another training run"):
            run_sweep(small_sweep(), tmp_path / "out", runs=tmp_path / "runs")
    finally:
        holder.release()


def test_median_pruning_stops_a_hopeless_run(tmp_path):
    spec = small_sweep(epochs=40, repeats=1,
                       parameters={"optimizer.lr": {"values": [0.05, 0.02, 0.000001]}},
                       early_termination={"type": "median", "startup_trials": 2,
                                          "min_epochs": 10})
    result = run_sweep(spec, tmp_path / "out", workers=1, runs=tmp_path / "runs")
    assert [r["state"] for r in result.records] == ["complete", "complete", "pruned"]
    pruned = result.records[2]
    assert 10 <= pruned["epochs"] < 40
    assert pruned["reason"].startswith("stopped early by the sweep's pruner after epoch")
    row = RunStore(tmp_path / "runs").get(pruned["run_id"])
    assert row.stopped == "pruned" and row.epochs == pruned["epochs"]


def test_trials_that_cannot_give_the_metric_fail_with_the_reason(tmp_path):
    spec = small_sweep(repeats=1, parameters={"data.classes": {"values": [2]},
                                              "data.test_fraction": {"values": [0.0, 0.2]}})
    result = run_sweep(spec, tmp_path / "out", workers=1, runs=tmp_path / "runs")
    assert [(r["state"], r["reason"]) for r in result.records] == [
        ("failed", "model: The network outputs 3 values but the task needs 2 classes."),
        ("failed", "model: The network outputs 3 values but the task needs 2 classes.")]
    spec = small_sweep(repeats=1, parameters={"data.test_fraction": {"values": [0.0]}})
    result = run_sweep(spec, tmp_path / "out2", workers=1, runs=tmp_path / "runs")
    (record,) = result.records
    assert (record["state"], record["reason"]) == (
        "failed", "the run reported no val_accuracy (a val_ metric needs a validation set, "
                  "accuracy a classification task)")
    assert record["run_id"] is not None   # the run itself trained and is kept


def missing_data_sweep(tmp_path):
    base = dict(SPIRAL, data={"source": "csv", "path": str(tmp_path / "gone.csv"),
                              "target": "y"})
    return sweep_spec.normalize({"base": base, "repeats": 1,
                                 "parameters": {"optimizer.lr": {"values": [0.1, 0.01]}}})


def test_unreadable_data_fails_each_trial_with_the_reason(tmp_path):
    result = run_sweep(missing_data_sweep(tmp_path), tmp_path / "out", workers=1,
                       runs=tmp_path / "runs")
    assert [r["state"] for r in result.records] == ["failed", "failed"]
    assert all(str(tmp_path / "gone.csv") in r["reason"] for r in result.records)


def test_a_sampled_combination_the_experiment_refuses_fails_that_trial_only(tmp_path):
    # Each value is valid on its own against the SGD base; together, Adam has no momentum.
    base = dict(SPIRAL, optimizer={"type": "sgd", "lr": 0.1}, training={"epochs": 2})
    spec = sweep_spec.normalize({"base": base, "repeats": 1, "parameters": {
        "optimizer.type": {"values": ["sgd", "adam"]},
        "optimizer.momentum": {"values": [0.9]}}})
    result = run_sweep(spec, tmp_path / "out", workers=1, runs=tmp_path / "runs")
    by_type = {r["params"]["optimizer.type"]: r for r in result.records}
    assert by_type["sgd"]["state"] == "complete" and by_type["sgd"]["run_id"] is not None
    assert by_type["adam"]["state"] == "failed" and by_type["adam"]["run_id"] is None
    assert by_type["adam"]["reason"] == ('optimizer.momentum: unknown field for adam; allowed: '
                                         '"amsgrad", "betas", "eps", "lr", "weight_decay"')
    store = RunStore(tmp_path / "runs")
    assert [row.id for row in store.list()] == [by_type["sgd"]["run_id"]]
    store.close()


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


COORDINATOR = """
import sys
from core.runs.sweep.runner import run_sweep
from tests.core.runs.test_sweep_run import small_sweep
if __name__ == "__main__":
    run_sweep(small_sweep(epochs=150), sys.argv[1], workers=2, runs=sys.argv[2])
"""


def test_a_killed_coordinator_leaves_no_workers_and_resumes(tmp_path):
    script = tmp_path / "coordinator.py"
    script.write_text(COORDINATOR)
    out, runs = tmp_path / "out", tmp_path / "runs"
    root = Path(__file__).resolve().parents[3]
    process = subprocess.Popen([sys.executable, str(script), str(out), str(runs)], cwd=root,
                               env=dict(os.environ, PYTHONPATH=str(root)))
    state = out / "sweep-state.json"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if state.exists() and len(json.loads(state.read_text())["records"]) >= 2:
            break
        time.sleep(0.05)
    children = [int(p) for p in Path(f"/proc/{process.pid}/task/{process.pid}/children")
                .read_text().split()]
    assert len(children) >= 2   # its worker processes (and the spawn resource tracker)
    process.kill()
    process.wait(30)
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in children if _alive(pid)]
    done = len(json.loads(state.read_text())["records"])
    assert 2 <= done < 8
    result = run_sweep(small_sweep(epochs=150), out, workers=2, runs=runs)
    assert [r["number"] for r in result.records] == list(range(8))
    assert len(RunStore(runs).list()) == 8
