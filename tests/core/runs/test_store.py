"""The run store: record, list, filter, sort, show, tag, note, delete, repair, and several
processes writing at once."""

import json
import multiprocessing
import os
import sqlite3

import numpy as np
import pytest

from core.runs.index import RunFilter
from core.runs.run_files import load_model_file
from core.runs.store import RunNotFound, RunStore, RunStoreError
from tests.core.runs.conftest import fake_run


def test_a_recorded_run_keeps_everything(tmp_path, real_run):
    trainer, history, finished, files = real_run
    store = RunStore(tmp_path)
    run_id = store.record(files, tags=["baseline", " baseline", ""], note="first try")
    details = store.show(run_id)
    assert details.files == ("experiment.json", "histograms.npz", "history.csv", "model.npz",
                             "summary.json")
    row = details.row
    assert (row.data, row.network, row.optimizer, row.lr, row.epochs, row.stopped) == \
        ("spiral (600 samples)", "2-8-8-3 relu, softmax", "adam", 0.01, 3, "completed")
    val = [r["val_accuracy"] for r in history.rows]
    assert row.metric == "val_accuracy" and row.best == max(val)
    assert row.tags == ("baseline",) and row.note == "first try"
    assert row.seconds == pytest.approx(sum(r["seconds"] for r in history.rows), abs=1e-6)
    assert [r["epoch"] for r in details.history] == [1, 2, 3]
    assert [r["train_loss"] for r in details.history] == \
        [r["train_loss"] for r in history.rows]
    assert details.summary["where"]["backend"] == "cpu" and details.summary["id"] == run_id
    model = load_model_file(store.model_path(run_id))
    for name, array in trainer.model.state_dict().items():
        np.testing.assert_array_equal(model.state[name], array)
    assert store.experiment(run_id) == trainer.experiment


def test_list_filters_and_sorts(tmp_path):
    store = RunStore(tmp_path)
    ids = {}
    for i, (opt, lr, best) in enumerate([("adam", 0.01, 0.9), ("sgd", 0.1, 0.7),
                                         ("adam", 0.001, 0.95), ("sgd", 0.5, None)]):
        ids[i] = store.record(fake_run(opt, lr, best, started=1_700_000_000.0 + i,
                                       data="iris" if i == 3 else "spiral"),
                              tags=["wide"] if i % 2 else [], note=f"note {i}")
    newest_first = [r.id for r in store.list()]
    assert newest_first == [ids[3], ids[2], ids[1], ids[0]]
    assert [r.id for r in store.list(sort="lr", descending=False)] == \
        [ids[2], ids[0], ids[1], ids[3]]
    # an empty best sorts last both ways
    assert [r.id for r in store.list(sort="best")] == [ids[2], ids[0], ids[1], ids[3]]
    assert [r.id for r in store.list(sort="best", descending=False)][-1] == ids[3]
    assert {r.id for r in store.list(RunFilter(optimizer="sgd"))} == {ids[1], ids[3]}
    assert {r.id for r in store.list(RunFilter(tags=("wide",)))} == {ids[1], ids[3]}
    assert {r.id for r in store.list(RunFilter(min_best=0.8))} == {ids[0], ids[2]}
    assert [r.id for r in store.list(RunFilter(text="IRIS"))] == [ids[3]]
    assert [r.id for r in store.list(RunFilter(text="note 2"))] == [ids[2]]
    assert [r.id for r in store.list(RunFilter(text="%"))] == []   # LIKE wildcards escaped
    assert [r.id for r in store.list(limit=2, offset=1)] == [ids[2], ids[1]]
    with pytest.raises(ValueError, match="cannot sort by 'colour'"):
        store.list(sort="colour")


def test_tags_and_notes_last_across_reopening(tmp_path):
    store = RunStore(tmp_path)
    run_id = store.record(fake_run())
    assert store.add_tags(run_id, ["a", "b"]) == ["a", "b"]
    assert store.remove_tags(run_id, ["a"]) == ["b"]
    store.set_note(run_id, "lr too high")
    store.close()
    again = RunStore(tmp_path)
    assert again.get(run_id).tags == ("b",) and again.get(run_id).note == "lr too high"
    summary = json.loads((tmp_path / run_id / "summary.json").read_text())
    assert summary["tags"] == ["b"] and summary["note"] == "lr too high"
    with pytest.raises(RunNotFound, match="no such run"):
        again.set_note("20000101-000000-abcdef", "x")


def test_delete_removes_folder_and_row(tmp_path):
    store = RunStore(tmp_path)
    keep, gone = store.record(fake_run()), store.record(fake_run())
    store.delete(gone)
    assert not (tmp_path / gone).exists()
    assert [r.id for r in store.list()] == [keep]
    with pytest.raises(RunNotFound, match=f"{gone}: no such run in"):
        store.delete(gone)
    for bad in ("../etc", ".deleted-x", "", "a/b"):
        with pytest.raises(RunNotFound, match="not a run id"):
            store.show(bad)
    assert (tmp_path / keep).is_dir()


def test_list_repairs_what_a_crash_left(tmp_path):
    store = RunStore(tmp_path)
    a, b, c = (store.record(fake_run(name=n)) for n in "abc")
    # a crash after a delete's rename, before its row was removed: a row pointing nowhere
    (tmp_path / a).rename(tmp_path / f".deleted-{a}-1234")
    # a crash after a record's rename, before its row was added: a folder without a row
    store.index.remove([b])
    # a crash in the middle of writing a run's files, long ago
    partial = tmp_path / ".partial-x-1"
    partial.mkdir()
    os.utime(partial, (0, 0))
    report = store.repair()
    assert report.dropped_rows == (a,) and report.indexed_folders == (b,)
    assert report.removed_leftovers == 2
    assert sorted(r.id for r in store.list()) == sorted([b, c])
    assert not partial.exists() and not (tmp_path / f".deleted-{a}-1234").exists()
    # a folder without a readable summary is left alone and not indexed
    (tmp_path / "20000101-000000-badbad").mkdir()
    assert store.repair().unreadable == ("20000101-000000-badbad",)


def test_recording_an_existing_id_replaces_it(tmp_path):
    store = RunStore(tmp_path)
    store.record(fake_run(lr=0.1), run_id="sweep-t001")
    store.record(fake_run(lr=0.2), run_id="sweep-t001")
    assert [(r.id, r.lr) for r in store.list()] == [("sweep-t001", 0.2)]


def test_unusable_folder_is_one_sentence(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(RunStoreError, match="cannot be used as the runs folder"):
        RunStore(target)
    (tmp_path / "runs").mkdir()
    (tmp_path / "runs" / "index.sqlite3").write_bytes(b"not a database" * 100)
    with pytest.raises(RunStoreError, match="cannot be opened as the runs index"):
        RunStore(tmp_path / "runs")


def _writer(path: str, worker: int, count: int) -> None:
    store = RunStore(path)
    for i in range(count):
        run_id = store.record(fake_run(name=f"w{worker}-{i}"), run_id=f"w{worker}-{i:03d}")
        store.add_tags(run_id, [f"worker{worker}"])
        if i % 5 == 4:
            store.delete(run_id)
        store.list(limit=5)
    store.close()


def test_several_processes_write_at_once(tmp_path):
    workers, count = 4, 15
    context = multiprocessing.get_context("spawn")
    processes = [context.Process(target=_writer, args=(str(tmp_path), w, count))
                 for w in range(workers)]
    for p in processes:
        p.start()
    for p in processes:
        p.join(120)
    assert [p.exitcode for p in processes] == [0] * workers
    store = RunStore(tmp_path)
    rows = store.list()
    expected = {f"w{w}-{i:03d}" for w in range(workers) for i in range(count) if i % 5 != 4}
    assert {r.id for r in rows} == expected
    assert all(r.tags == (f"worker{r.id[1]}",) for r in rows)
    assert store.index.integrity() == "ok"
    db = sqlite3.connect(tmp_path / "index.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == sorted(expected)
