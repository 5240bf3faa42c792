"""`nn-workbench train` never loses a run: signals, locks, full disks, closed streams."""

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from workbench.cli.main import main

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "resources" / "examples"
OUTPUTS = ["experiment.json", "history.csv", "model.npz"]


def long_experiment(tmp_path) -> Path:
    doc = json.loads((EXAMPLES / "digits.json").read_text())
    doc["training"]["epochs"] = 100000
    path = tmp_path / "long.json"
    path.write_text(json.dumps(doc))
    return path


def start_training(tmp_path, out, *extra):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "workbench.cli", "train",
                             str(long_experiment(tmp_path)), "--out", str(out), *extra],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    deadline = time.time() + 60
    while time.time() < deadline and "epoch" not in (proc.stderr.readline() or ""):
        pass
    return proc


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_stop_training_and_save_everything(tmp_path, signum):
    out = tmp_path / "out"
    proc = start_training(tmp_path, out)
    proc.send_signal(signum)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 0, stderr
    result = json.loads(stdout.strip().splitlines()[-1])
    assert result["stopped"] == "interrupted" and result["epochs"] >= 1
    assert "Traceback" not in stderr
    assert sorted(p.name for p in out.iterdir()) == OUTPUTS  # no lock, no partial folder
    with open(out / "history.csv") as fh:
        assert len(fh.readlines()) == result["epochs"] + 1


def test_a_second_run_on_a_held_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    first = start_training(tmp_path, out)
    try:
        second = subprocess.run([sys.executable, "-m", "workbench.cli", "train",
                                 str(EXAMPLES / "xor.json"), "--out", str(out), "--quiet"],
                                cwd=ROOT, capture_output=True, text=True, timeout=120,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert second.returncode == 2
        assert second.stderr == (f"nn-workbench: error: --out: {out} is in use by another "
                                 f"training run (process {first.pid}); wait for it to finish "
                                 "or choose another folder\n")
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=60)
    assert first.returncode == 0
    doc = json.loads((out / "experiment.json").read_text())
    assert doc["data"]["source"] == "digits"  # the first run's set, whole


def test_a_lock_left_by_a_killed_run_is_taken_over_and_said(tmp_path):
    out = tmp_path / "out"
    proc = start_training(tmp_path, out)
    proc.kill()  # SIGKILL: no chance to clean up
    proc.communicate(timeout=60)
    assert (out / ".nn-workbench.lock").read_text() == f"{proc.pid}\n"
    done = subprocess.run([sys.executable, "-m", "workbench.cli", "train",
                           str(EXAMPLES / "xor.json"), "--out", str(out), "--quiet",
                           "--epochs", "2"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stderr == (f"nn-workbench: note: --out: took over the lock that process "
                           f"{proc.pid} left in {out} (that run is no longer running)\n")
    assert sorted(p.name for p in out.iterdir()) == OUTPUTS


SIGNAL_WHILE_LOADING = """
import os, signal, sys, time
import core.data.spec
from workbench.cli.main import main

def slow_prepare(*args, **kwargs):
    os.kill(os.getpid(), {signum})  # arrives while the data is being prepared
    time.sleep(5)
    raise AssertionError("the signal did not stop the preparation")

core.data.spec.prepare = slow_prepare
before = {{s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}}
status = main(["train", {experiment!r}, "--out", {out!r}, "--quiet"])
assert before == {{s: signal.getsignal(s) for s in before}}, "handlers not restored"
sys.exit(status)
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_the_data_loads_is_one_line(tmp_path, signum):
    out = tmp_path / "out"
    code = SIGNAL_WHILE_LOADING.format(signum=int(signum), experiment=str(EXAMPLES / "xor.json"),
                                       out=str(out))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 128 + signum, done.stderr
    name = signal.Signals(signum).name
    assert done.stderr == (f"nn-workbench: error: interrupted ({name}) while preparing the "
                           "run; nothing was trained or written\n")
    assert not out.exists()


def test_a_full_disk_keeps_the_old_set_and_rescues_the_run(tmp_path, monkeypatch, capsys):
    import core.files.run_folder
    out = tmp_path / "out"
    out.mkdir()
    for name in OUTPUTS:
        (out / name).write_text("old")
    calls = []

    def full_once(fd):
        calls.append(fd)
        if len(calls) == 1:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(core.files.run_folder.os, "fsync", full_once)
    status = main(["train", str(EXAMPLES / "xor.json"), "--out", str(out), "--quiet",
                   "--epochs", "3"])
    assert status == 2
    captured = capsys.readouterr()
    prefix = (f"nn-workbench: error: {out / 'model.npz'}: cannot be written (No space left on "
              "device); the run was saved instead in ")
    assert captured.err.startswith(prefix) and captured.err.count("\n") == 1
    rescue = Path(captured.err[len(prefix):].strip())
    assert sorted(p.name for p in rescue.iterdir()) == OUTPUTS
    assert json.loads(captured.out)["epochs"] == 3
    assert np.load(rescue / "model.npz", allow_pickle=False)["0.weight"].shape[1] == 2
    assert all((out / name).read_text() == "old" for name in OUTPUTS)
    assert sorted(p.name for p in out.iterdir()) == OUTPUTS  # no partial folder, no lock


def test_when_nothing_can_be_written_the_message_says_so(tmp_path, monkeypatch, capsys):
    import core.files.run_folder

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(core.files.run_folder.os, "fsync", full)
    status = main(["train", str(EXAMPLES / "xor.json"), "--out", str(tmp_path / "o"),
                   "--quiet", "--epochs", "1"])
    assert status == 2
    err = capsys.readouterr().err
    assert "model.npz: cannot be written (No space left on device); saving the run in" in err
    assert "failed too (No space left on device), so the trained network could not be " \
           "kept" in err


def test_init_weights_that_overflow_float32_are_refused_up_front(tmp_path):
    from core.nn.model import Model
    state = {k: v.astype(np.float64) for k, v in
             Model(json.loads((EXAMPLES / "xor.json").read_text())["model"]["layers"], 2,
                   seed=0).state_dict().items()}
    state["2.weight"][0, 0] = 1e300
    init = tmp_path / "w.npz"
    np.savez(init, **state)
    done = subprocess.run([sys.executable, "-m", "workbench.cli", "train",
                           str(EXAMPLES / "xor.json"), "--out", str(tmp_path / "o"), "--init",
                           str(init), "--quiet"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2
    assert done.stderr.startswith(f"nn-workbench: error: {init}: tensor '2.weight' holds "
                                  "1e+300, beyond the largest float32 number")
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("redirect", ["2>&-", ">&-", "2>&- >&-"])
def test_closed_standard_streams_do_not_lose_the_run(tmp_path, redirect):
    out = tmp_path / "out"
    command = (f"{sys.executable} -m workbench.cli train {EXAMPLES / 'xor.json'} --out {out} "
               f"--epochs 3 {redirect}")
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == OUTPUTS


def test_a_progress_bar_on_a_broken_pipe_does_not_lose_the_run(tmp_path):
    out = tmp_path / "out"
    command = (f"{sys.executable} -m workbench.cli train {EXAMPLES / 'spiral.json'} --out "
               f"{out} 2>&1 >/dev/null | head -c 1; echo \" ${{PIPESTATUS[0]}}\"")
    done = subprocess.run(["bash", "-c", command], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.split()[-1] == "0", done.stdout + done.stderr
    assert sorted(p.name for p in out.iterdir()) == OUTPUTS
