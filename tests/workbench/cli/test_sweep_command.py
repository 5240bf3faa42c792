"""``nn-workbench sweep``: runs a sweep on worker processes, records every run, prints the
results best first, refuses to mix up output folders, stops on Ctrl+C and resumes."""

import json
import os
import signal
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from core.runs.store import RunStore
from core.runs.sweep import ray_workers
from core.runs.sweep.state import read_results_csv
from workbench.cli.main import main

ROOT = Path(__file__).resolve().parents[3]
BASE = {"format": 1, "data": {"source": "spiral", "classes": 3, "samples": 200},
        "model": {"layers": [{"type": "dense", "units": 8}, {"type": "relu"},
                             {"type": "dense", "units": 3}, {"type": "softmax"}]},
        "optimizer": {"type": "adam", "lr": 0.01}, "training": {"epochs": 3}}


def write_sweep(folder: Path, epochs: int = 3, **changes) -> Path:
    (folder / "base.json").write_text(json.dumps(dict(BASE, training={"epochs": epochs})))
    doc = {"format": 1, "name": "lr", "base": "base.json", "method": "grid",
           "parameters": {"optimizer.lr": {"values": [0.01, 0.1]}}, "repeats": 2,
           "metric": {"name": "val_accuracy", "goal": "maximize"}}
    doc.update(changes)
    path = folder / "lr.json"
    path.write_text(json.dumps(doc))
    return path


def cli(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_grid_runs_on_two_workers_and_prints_the_winner(tmp_path, capsys):
    sweep, runs = write_sweep(tmp_path), tmp_path / "runs"
    status, stdout, err = cli(capsys, "sweep", sweep, "--workers", 2, "--runs", runs)
    assert status == 0, err
    out = tmp_path / "lr-results"     # the default: beside the sweep file
    rows = read_results_csv(out / "results.csv")
    assert [(r["trial"], r["optimizer.lr"], r["repeat"], r["state"]) for r in rows] == \
        [("0", "0.01", "0", "complete"), ("1", "0.01", "1", "complete"),
         ("2", "0.1", "0", "complete"), ("3", "0.1", "1", "complete")]
    errs = err.splitlines()
    assert errs[0] == (f"sweep lr: 4 runs (2 combinations x 2 repeats) on 2 local worker "
                       f"processes; results in {out}")
    assert sorted(line.split("]")[0] for line in errs[1:]) == \
        ["[1/4", "[2/4", "[3/4", "[4/4"]
    by_lr = {lr: [float(r["val_accuracy"]) for r in rows if r["optimizer.lr"] == lr]
             for lr in ("0.01", "0.1")}
    (win, win_values), (lose, lose_values) = sorted(
        by_lr.items(), key=lambda item: -statistics.fmean(item[1]))
    best = max(rows, key=lambda r: (float(r["val_accuracy"]), -int(r["trial"])))
    lines = stdout.splitlines()
    assert lines[0].split() == ["#", "optimizer.lr", "RUNS", "VAL_ACCURACY", "MEAN", "±",
                                "STD", "BEST", "SECONDS"]
    for rank, (lr, values) in enumerate(((win, win_values), (lose, lose_values)), 1):
        assert lines[rank].split()[:7] == [
            str(rank), lr, "2/2", f"{statistics.fmean(values):.4f}", "±",
            f"{statistics.stdev(values):.4f}", f"{max(values):.4f}"]
    assert lines[3] == (
        f"best: optimizer.lr={win}: val_accuracy {statistics.fmean(win_values):.4f} ± "
        f"{statistics.stdev(win_values):.4f} over 2 runs, ahead of the next by "
        f"{statistics.fmean(win_values) - statistics.fmean(lose_values):.4f}")
    assert lines[4] == (f"best run: {best['run_id']} (val_accuracy "
                        f"{float(best['val_accuracy']):.4f}); nn-workbench runs show "
                        f"{best['run_id']}")
    with RunStore(runs) as store:
        recorded = store.list(sort="id", descending=False)
    assert [row.id for row in recorded] == [r["run_id"] for r in rows]
    assert all(row.source == "sweep" and "sweep" in row.tags and "lr" in row.tags
               for row in recorded)


def test_an_existing_sweep_needs_resume_and_resume_needs_a_sweep(tmp_path, capsys):
    sweep, runs, out = write_sweep(tmp_path), tmp_path / "runs", tmp_path / "out"
    assert cli(capsys, "sweep", sweep, "--resume", "--out", out, "--runs", runs) == \
        (2, "", f"nn-workbench: error: --resume: {out} holds no sweep to resume\n")
    status, first, _ = cli(capsys, "sweep", sweep, "--out", out, "--workers", 1, "--runs",
                           runs, "--quiet")
    assert status == 0
    assert cli(capsys, "sweep", sweep, "--out", out, "--runs", runs) == \
        (2, "", f"nn-workbench: error: --out: {out} holds this sweep already (4 of 4 runs "
                "done); add --resume to continue it, or choose another --out\n")
    status, again, err = cli(capsys, "sweep", sweep, "--out", out, "--resume", "--runs",
                             runs, "--quiet")
    assert status == 0 and again == first   # nothing ran again
    with RunStore(runs) as store:
        assert len(store.list()) == 4
    other = write_sweep(tmp_path, repeats=3)
    status, _, err = cli(capsys, "sweep", other, "--out", out, "--resume", "--runs", runs)
    assert status == 2 and err == (
        f"nn-workbench: error: {out}: holds the results of a different sweep (its base "
        "experiment, parameters or settings differ); choose another output folder, or delete "
        "this one to start again\n")


@pytest.mark.parametrize("change, argv, message", [
    ({"parameters": {"optimizer.lrr": {"values": [0.1]}}}, [],
     "{sweep}: parameters[\"optimizer.lrr\"]: optimizer.lrr: the base experiment has no such "
     "field"),
    ({"parameters": {"model.layers[7].units": {"values": [4]}}}, [],
     "{sweep}: parameters[\"model.layers[7].units\"]: model.layers[7]: the base experiment "
     "has no such field (model.layers has 4 items)"),
    ({}, ["--workers", "0"], "--workers: expected a number from 1 to 256, got 0"),
    ({}, ["--workers", "2", "--ray", "auto"],
     "--workers: not used with --ray (the cluster's CPUs decide)"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, change, argv, message):
    sweep = write_sweep(tmp_path, **change)
    status, stdout, err = cli(capsys, "sweep", sweep, "--runs", tmp_path / "runs", *argv)
    assert (status, stdout) == (2, "")
    assert err == f"nn-workbench: error: {message.format(sweep=sweep)}\n"
    assert not (tmp_path / "lr-results").exists()


def test_ray_missing_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(ray_workers, "ray", None)
    status, _, err = cli(capsys, "sweep", write_sweep(tmp_path), "--ray", "auto", "--runs",
                         tmp_path / "runs", "--quiet")
    assert status == 2
    assert err.splitlines()[-1] == (
        "nn-workbench: error: running a sweep on a Ray cluster needs the ray package; install "
        "it with python3 -m pip install 'nn-workbench[cluster]'")


def test_ctrl_c_stops_the_sweep_and_resume_finishes_it(tmp_path):
    sweep, runs, out = write_sweep(tmp_path, epochs=400), tmp_path / "runs", tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "workbench.cli", "sweep", str(sweep), "--out", str(out),
               "--workers", "1", "--runs", str(runs)]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    proc.stderr.readline()                        # the header
    assert proc.stderr.readline().startswith("[1/4] run 0 complete")
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Traceback" not in stderr
    done = len(read_results_csv(out / "results.csv"))
    assert 1 <= done < 4
    assert stderr.splitlines()[-1] == (
        f"nn-workbench: interrupted (SIGINT): {done} of 4 runs done; resume with: "
        f"nn-workbench sweep {sweep} --out {out} --resume")
    resumed = subprocess.run(command + ["--resume", "--quiet"], cwd=ROOT, capture_output=True,
                             text=True, env=env, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    rows = read_results_csv(out / "results.csv")
    assert [r["trial"] for r in rows] == ["0", "1", "2", "3"]
    with RunStore(runs) as store:
        assert sorted(row.id for row in store.list()) == sorted(r["run_id"] for r in rows)
