"""The output folder of a run: one live run at a time, files written as one set."""

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.files import run_folder
from core.files.run_folder import LOCK_NAME, RunFolder, RunFolderBusy

ROOT = Path(__file__).resolve().parents[3]


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_live_holder_is_refused_naming_its_pid(tmp_path):
    code = ("import sys, time; from core.files.run_folder import RunFolder; "
            f"f = RunFolder(r'{tmp_path / 'run'}'); f.acquire(); print('held', flush=True); "
            "time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(RunFolderBusy) as info:
            RunFolder(tmp_path / "run").acquire()
        assert str(info.value) == (f"--out: {tmp_path / 'run'} is in use by another training run "
                                   f"(process {holder.pid}); wait for it to finish or choose "
                                   "another folder")
    finally:
        holder.kill()
        holder.wait()
    # the kernel let go of the killed holder's lock: taken over, and said so
    folder = RunFolder(tmp_path / "run")
    note = folder.acquire()
    assert note == (f"--out: took over the lock that process {holder.pid} left in "
                    f"{tmp_path / 'run'} (that run is no longer running)")
    folder.release()
    assert not (tmp_path / "run" / LOCK_NAME).exists()


def test_a_stale_lock_file_with_a_dead_pid_is_taken_over(tmp_path):
    (tmp_path / LOCK_NAME).write_text(f"{dead_pid()}\n")
    with RunFolder(tmp_path) as folder:
        assert "took over the lock that process" in folder.acquire()
        assert (tmp_path / LOCK_NAME).read_text() == f"{os.getpid()}\n"


def test_without_flock_a_live_pid_is_refused_and_a_dead_one_taken_over(tmp_path, monkeypatch):
    monkeypatch.setattr(run_folder, "fcntl", None)
    (tmp_path / LOCK_NAME).write_text(f"{os.getppid()}\n")  # our parent: alive
    with pytest.raises(RunFolderBusy, match=f"process {os.getppid()}"):
        RunFolder(tmp_path).acquire()
    (tmp_path / LOCK_NAME).write_text(f"{dead_pid()}\n")
    with RunFolder(tmp_path) as folder:
        assert "took over" in folder.acquire()


def test_the_set_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    out = tmp_path / "run"
    with RunFolder(out) as folder:
        folder.acquire()
        folder.write_set({"model.npz": b"old model", "history.csv": b"old history"})
        calls = []

        def full_on_the_second(fd):
            calls.append(fd)
            if len(calls) == 2:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        monkeypatch.setattr(run_folder.os, "fsync", full_on_the_second)
        with pytest.raises(OSError) as info:
            folder.write_set({"model.npz": b"new model", "history.csv": b"new history"})
        assert info.value.filename == str(out / "history.csv")
        assert info.value.errno == errno.ENOSPC
    assert (out / "model.npz").read_bytes() == b"old model"  # not a new model beside...
    assert (out / "history.csv").read_bytes() == b"old history"  # ...an old history
    assert sorted(p.name for p in out.iterdir()) == ["history.csv", "model.npz"]


def test_a_symlinked_target_is_followed(tmp_path):
    real = tmp_path / "elsewhere.csv"
    real.write_text("old")
    out = tmp_path / "run"
    out.mkdir()
    (out / "history.csv").symlink_to(real)
    with RunFolder(out) as folder:
        folder.acquire()
        folder.write_set({"history.csv": b"new", "model.npz": b"m"})
    assert (out / "history.csv").is_symlink() and real.read_text() == "new"


def test_a_folder_this_run_created_is_removed_when_nothing_was_written(tmp_path):
    folder = RunFolder(tmp_path / "a" / "b")
    folder.acquire()
    folder.release()
    assert not (tmp_path / "a" / "b").exists()
    kept = tmp_path / "kept"
    kept.mkdir()
    folder = RunFolder(kept)
    folder.acquire()
    folder.release()
    assert kept.is_dir()


def test_two_runs_in_turn_both_get_the_folder(tmp_path):
    for _ in range(2):
        with RunFolder(tmp_path) as folder:
            assert folder.acquire() is None
            time.sleep(0.01)
