"""``nn-workbench train`` records its run; ``nn-workbench runs list|show|tag|note|delete|
export-tensorboard`` read and change the runs folder; bad input is one line and exit 2."""

import json
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from core.io.model_file_reading import load_model_file
from core.runs.store import RunStore
from tests.core.runs.conftest import fake_run
from tests.core.runs.test_tensorboard_export import read_events
from workbench.cli.main import main

ROOT = Path(__file__).resolve().parents[3]
XOR = ROOT / "resources" / "examples" / "xor.json"
#: 2023-11-14 22:13:20 UTC and an hour later.
T0 = 1_700_000_000.0


@pytest.fixture
def utc(monkeypatch):
    """Local time is UTC (the list shows local start times)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def three_runs(tmp_path, utc):
    runs = tmp_path / "runs"
    with RunStore(runs) as store:
        store.record(fake_run(name="spiral-a", best=0.9, lr=0.01, started=T0),
                     run_id="20231114-221320-aaaaaa", tags=["baseline"])
        store.record(fake_run(name="spiral-b", best=0.95, lr=0.1, optimizer="sgd",
                              started=T0 + 3600), run_id="20231114-231320-bbbbbb")
        store.record(fake_run(name="moons", best=0.7, data="moons (400 samples)",
                              started=T0 + 7200, sweep="sw1"),
                     run_id="20231115-001320-cccccc", tags=["sweep", "baseline"], note="odd")
    return runs


def cli(capsys, *argv):
    """(exit status, stdout, stderr) of ``nn-workbench ARGV``."""
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


# ------------------------------------------------------------------ train records its run
def test_train_records_its_run_in_the_runs_folder(tmp_path, capsys):
    out, runs = tmp_path / "out", tmp_path / "runs"
    status, stdout, err = cli(capsys, "train", XOR, "--out", out, "--epochs", 3, "--quiet",
                              "--runs", runs)
    assert status == 0, err
    summary = json.loads(stdout.strip().splitlines()[-1])
    with RunStore(runs) as store:
        (row,) = store.list()
        assert row.id == summary["run_id"]
        assert (row.name, row.data, row.network, row.optimizer, row.lr, row.epochs,
                row.source, row.stopped, row.metric) == \
            ("XOR (binary, sigmoid output)", "xor (400 samples)", "2-8-1 tanh, sigmoid",
             "adam", 0.03, 3, "cli", "completed", "val_accuracy")
        details = store.show(row.id)
        assert details.files == ("experiment.json", "history.csv", "model.npz",
                                 "summary.json")
        assert [r["epoch"] for r in details.history] == [1, 2, 3]
        assert details.history[-1]["val_accuracy"] == summary["val_accuracy"]
        assert row.best == max(r["val_accuracy"] for r in details.history)
        recorded = load_model_file(store.model_path(row.id))
    written = load_model_file(out / "model.npz")
    assert recorded.state.keys() == written.state.keys()
    for name, array in written.state.items():
        np.testing.assert_array_equal(recorded.state[name], array)
    assert (out / "history.csv").read_text().splitlines()[1:] != []


def test_train_records_into_the_environment_folder_unless_told_not_to(tmp_path, capsys,
                                                                       monkeypatch):
    monkeypatch.setenv("NN_WORKBENCH_RUNS", str(tmp_path / "env-runs"))
    status, stdout, _ = cli(capsys, "train", XOR, "--out", tmp_path / "a", "--epochs", 1,
                            "--quiet")
    run_id = json.loads(stdout.strip().splitlines()[-1])["run_id"]
    assert status == 0 and (tmp_path / "env-runs" / run_id / "summary.json").is_file()
    status, stdout, _ = cli(capsys, "train", XOR, "--out", tmp_path / "b", "--epochs", 1,
                            "--quiet", "--no-record")
    assert status == 0 and json.loads(stdout.strip().splitlines()[-1])["run_id"] is None
    with RunStore(tmp_path / "env-runs") as store:
        assert [row.id for row in store.list()] == [run_id]


def test_a_runs_folder_that_cannot_be_used_stops_train_before_it_trains(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    status, stdout, err = cli(capsys, "train", XOR, "--out", tmp_path / "out", "--quiet",
                              "--runs", blocker)
    assert status == 2 and stdout == ""
    assert err == (f"nn-workbench: error: {blocker}: cannot be used as the runs folder (File "
                   "exists)\n")
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ runs list / show
def test_list_is_a_table_newest_first(three_runs, capsys):
    status, stdout, err = cli(capsys, "runs", "list", "--runs", three_runs)
    assert status == 0 and err == ""
    assert stdout.splitlines() == [
        "ID                      STARTED           NAME      DATA                 NETWORK     "
        "OPTIMIZER  LR    EPOCHS  BEST               SECONDS  TAGS",
        "20231115-001320-cccccc  2023-11-15 00:13  moons     moons (400 samples)  2-8-3 relu  "
        "adam       0.01  10      val_accuracy 0.7   1.5      sweep,baseline",
        "20231114-231320-bbbbbb  2023-11-14 23:13  spiral-b  spiral               2-8-3 relu  "
        "sgd        0.1   10      val_accuracy 0.95  1.5",
        "20231114-221320-aaaaaa  2023-11-14 22:13  spiral-a  spiral               2-8-3 relu  "
        "adam       0.01  10      val_accuracy 0.9   1.5      baseline",
        f"3 runs in {three_runs}"]


def test_list_filters_sorts_and_limits(three_runs, capsys):
    def ids(*argv):
        status, stdout, _ = cli(capsys, "runs", "list", "--runs", three_runs, "--json", *argv)
        assert status == 0
        return [json.loads(line)["id"][-6:] for line in stdout.splitlines()]

    assert ids() == ["cccccc", "bbbbbb", "aaaaaa"]
    assert ids("--tag", "baseline") == ["cccccc", "aaaaaa"]
    assert ids("--tag", "baseline", "--tag", "sweep") == ["cccccc"]
    assert ids("--filter", "SPIRAL") == ["bbbbbb", "aaaaaa"]
    assert ids("--sweep", "sw1") == ["cccccc"]
    assert ids("--sort", "best") == ["bbbbbb", "aaaaaa", "cccccc"]
    assert ids("--sort", "best", "--ascending", "--limit", "2") == ["cccccc", "aaaaaa"]
    status, stdout, _ = cli(capsys, "runs", "list", "--runs", three_runs, "--json",
                            "--limit", 1)
    assert json.loads(stdout) == {
        "id": "20231115-001320-cccccc", "created": T0 + 7200, "name": "moons",
        "task": "classification", "data": "moons (400 samples)", "network": "2-8-3 relu",
        "optimizer": "adam", "lr": 0.01, "batch_size": "32", "epochs": 10,
        "stopped": "completed", "metric": "val_accuracy", "best": 0.7, "seconds": 1.5,
        "host": "here", "backend": "cpu", "source": "cli", "sweep": "sw1",
        "tags": ["sweep", "baseline"], "note": "odd"}


def test_list_says_when_nothing_is_there(tmp_path, three_runs, capsys):
    assert cli(capsys, "runs", "list", "--runs", tmp_path / "empty") == \
        (0, f"no runs recorded in {tmp_path / 'empty'}\n", "")
    assert cli(capsys, "runs", "list", "--runs", three_runs, "--tag", "nope") == \
        (0, f"no runs match in {three_runs}\n", "")


def test_show_names_a_run_by_the_start_of_its_id(three_runs, capsys):
    status, stdout, err = cli(capsys, "runs", "show", "20231115", "--runs", three_runs)
    assert status == 0 and err == ""
    assert stdout.splitlines() == [
        "run        20231115-001320-cccccc",
        "name       moons",
        "started    2023-11-15 00:13:20",
        "task       classification",
        "data       moons (400 samples)",
        "network    2-8-3 relu",
        "optimizer  adam, lr 0.01, batch 32",
        "epochs     10 of 10 (completed)",
        "best       val_accuracy 0.7 at epoch 10",
        "final      -",
        "seconds    1.50",
        "where      here (cpu)",
        "source     cli",
        "sweep      sw1",
        "tags       sweep, baseline",
        "note       odd",
        f"folder     {three_runs / '20231115-001320-cccccc'}",
        "files      history.csv, summary.json"]
    status, stdout, _ = cli(capsys, "runs", "show", "20231114-2213", "--json", "--runs",
                            three_runs)
    shown = json.loads(stdout)
    assert (shown["id"], shown["name"], shown["tags"], shown["files"]) == \
        ("20231114-221320-aaaaaa", "spiral-a", ["baseline"], ["history.csv", "summary.json"])


def test_latest_names_the_newest_run(three_runs, tmp_path, capsys):
    assert cli(capsys, "runs", "tag", "latest", "newest", "--runs", three_runs) == \
        (0, "20231115-001320-cccccc: tags sweep, baseline, newest\n", "")
    assert cli(capsys, "runs", "show", "latest", "--runs", tmp_path / "none") == \
        (2, "", f"nn-workbench: error: latest: no runs in {tmp_path / 'none'}\n")


@pytest.mark.parametrize("argv, message", [
    (["show", "20231114"], "20231114: the start of 2 run ids (20231114-221320-aaaaaa, "
                           "20231114-231320-bbbbbb); give more of the id"),
    (["show", "2099"], "2099: no such run in {runs}"),
    (["show", "../etc"], "'../etc': not a run id (letters, digits, '.', '_' and '-')"),
    (["tag", "zzz", "x"], "zzz: no such run in {runs}"),
    (["note", "2099", "x"], "2099: no such run in {runs}"),
    (["delete", "20231115", "2099"], "2099: no such run in {runs}"),
    (["list", "--limit", "0"], "--limit: expected a positive number, got 0"),
    (["export-tensorboard", "--out", "tb"], "runs export-tensorboard: name the runs to "
                                            "export, or --sweep ID"),
    (["export-tensorboard", "--sweep", "nope", "--out", "tb"],
     "--sweep: no runs of sweep nope in {runs}"),
])
def test_bad_input_is_one_line_and_exit_2(three_runs, capsys, argv, message):
    status, stdout, err = cli(capsys, "runs", *argv, "--runs", three_runs)
    assert (status, stdout) == (2, "")
    assert err == f"nn-workbench: error: {message.format(runs=three_runs)}\n"
    with RunStore(three_runs) as store:
        assert len(store.list()) == 3   # nothing deleted, half or whole


# ------------------------------------------------------------------ tag / note / delete
def test_tag_and_untag(three_runs, capsys):
    assert cli(capsys, "runs", "tag", "20231114-23", "best", "lr-0.1", "best", "--runs",
               three_runs) == (0, "20231114-231320-bbbbbb: tags best, lr-0.1\n", "")
    assert cli(capsys, "runs", "tag", "20231114-23", "best", "--remove", "--runs",
               three_runs) == (0, "20231114-231320-bbbbbb: tags lr-0.1\n", "")
    assert cli(capsys, "runs", "tag", "20231114-23", "lr-0.1", "--remove", "--runs",
               three_runs) == (0, "20231114-231320-bbbbbb: no tags\n", "")
    cli(capsys, "runs", "tag", "20231114-23", "keep", "--runs", three_runs)
    summary = json.loads((three_runs / "20231114-231320-bbbbbb" / "summary.json").read_text())
    assert summary["tags"] == ["keep"]
    with RunStore(three_runs) as store:
        assert store.get("20231114-231320-bbbbbb").tags == ("keep",)


def test_note_and_clear_it(three_runs, capsys):
    assert cli(capsys, "runs", "note", "20231114-22", "lr too low?", "--runs", three_runs) \
        == (0, "20231114-221320-aaaaaa: note set\n", "")
    with RunStore(three_runs) as store:
        assert store.get("20231114-221320-aaaaaa").note == "lr too low?"
    assert cli(capsys, "runs", "note", "20231114-22", "", "--runs", three_runs) == \
        (0, "20231114-221320-aaaaaa: note cleared\n", "")
    with RunStore(three_runs) as store:
        assert store.get("20231114-221320-aaaaaa").note == ""


def test_delete_removes_the_folders_and_rows(three_runs, capsys):
    assert cli(capsys, "runs", "delete", "20231114-22", "20231115", "--runs", three_runs) == \
        (0, "deleted 20231114-221320-aaaaaa\ndeleted 20231115-001320-cccccc\n", "")
    assert sorted(p.name for p in three_runs.iterdir() if not p.name.startswith("index")) \
        == ["20231114-231320-bbbbbb"]
    with RunStore(three_runs) as store:
        assert [row.id for row in store.list()] == ["20231114-231320-bbbbbb"]


# ------------------------------------------------------------------ export-tensorboard
def test_export_tensorboard_writes_a_readable_event_file_per_run(tmp_path, capsys):
    runs, tb = tmp_path / "runs", tmp_path / "tb"
    cli(capsys, "train", XOR, "--out", tmp_path / "out", "--epochs", 2, "--quiet", "--runs",
        runs)
    with RunStore(runs) as store:
        (row,) = store.list()
        history = store.show(row.id).history
    assert cli(capsys, "runs", "export-tensorboard", row.id[:15], "--out", tb, "--runs",
               runs) == \
        (0, f"wrote 1 run to {tb}; open them with: tensorboard --logdir {tb}\n", "")
    (events,) = (tb / row.id).glob("events.out.tfevents.*")
    losses = [(e.step, v.simple_value) for e in read_events(events) for v in e.summary.value
              if v.tag == "loss/train"]
    assert losses == [(r["epoch"], pytest.approx(r["train_loss"], rel=1e-6)) for r in history]


def test_the_issues_spelling_runs_export_tensorboard_dir_writes_the_same(tmp_path, capsys):
    runs, tb = tmp_path / "runs", tmp_path / "tb"
    cli(capsys, "train", XOR, "--out", tmp_path / "out", "--epochs", 2, "--quiet", "--runs",
        runs)
    with RunStore(runs) as store:
        (row,) = store.list()
    assert cli(capsys, "runs", "export", "latest", "--tensorboard", tb, "--runs", runs) == \
        (0, f"wrote 1 run to {tb}; open them with: tensorboard --logdir {tb}\n", "")
    (events,) = (tb / row.id).glob("events.out.tfevents.*")
    epochs = sorted({e.step for e in read_events(events) for v in e.summary.value
                     if v.tag == "loss/train"})
    assert epochs == [1, 2]


def test_export_without_tensorboardx_says_how_to_install_it(three_runs, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorboardX", None)
    assert cli(capsys, "runs", "export-tensorboard", "20231115", "--out", "tb", "--runs",
               three_runs) == \
        (2, "", "nn-workbench: error: exporting to TensorBoard needs the tensorboardX "
                "package; install it with python3 -m pip install 'nn-workbench[tensorboard]'\n")


def test_a_relative_data_path_is_stored_absolute(tmp_path, capsys):
    folder = tmp_path / "project"
    folder.mkdir()
    rows = ["x1,x2,y"] + [f"{i % 7 / 7:.3f},{i % 5 / 5:.3f},{i % 2}" for i in range(40)]
    (folder / "points.csv").write_text("\n".join(rows) + "\n")
    doc = json.loads(XOR.read_text())
    doc["data"] = {"source": "csv", "path": "points.csv", "target": "y"}
    (folder / "exp.json").write_text(json.dumps(doc))
    status, stdout, err = cli(capsys, "train", folder / "exp.json", "--out", tmp_path / "out",
                              "--epochs", 1, "--quiet", "--runs", tmp_path / "runs")
    assert status == 0, err
    run_id = json.loads(stdout.strip().splitlines()[-1])["run_id"]
    with RunStore(tmp_path / "runs") as store:
        experiment = store.experiment(run_id)
        assert store.get(run_id).data == "points.csv (csv)"
    assert experiment["data"]["path"] == str(folder / "points.csv")
    assert json.loads((tmp_path / "out" / "experiment.json").read_text())["data"]["path"] \
        == "points.csv"      # --out keeps the experiment as it was given
