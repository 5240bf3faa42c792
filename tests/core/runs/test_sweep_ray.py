"""A sweep on a real Ray head started on 127.0.0.1 (``ray start --head``), as a cluster
would run it: trials as Ray tasks, data through the object store, runs recorded here."""

import contextlib
import os
import select
import shutil
import socket
import subprocess
import sys
import time

import pytest

from core.runs.store import RunStore
from core.runs.sweep import ray_workers
from core.runs.sweep.runner import run_sweep
from tests.core.runs.test_sweep_run import missing_data_sweep, small_sweep


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ray_head(tmp_path_factory):
    """``ray start --head --block`` on 127.0.0.1 with 2 CPUs; stopped (its own process
    group only) at the end. Token authentication is off: the head listens on loopback."""
    ray = shutil.which("ray") or os.path.join(os.path.dirname(sys.executable), "ray")
    port = _free_port()
    env = dict(os.environ, RAY_AUTH_MODE="disabled", RAY_USAGE_STATS_ENABLED="0")
    temp = tmp_path_factory.mktemp("ray")
    head = subprocess.Popen(
        [ray, "start", "--head", "--block", f"--port={port}", "--num-cpus=2",
         "--include-dashboard=false", "--node-ip-address=127.0.0.1",
         "--disable-usage-stats", f"--temp-dir={temp}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    deadline, seen = time.monotonic() + 90, b""
    while b"Ray runtime started" not in seen:
        left = deadline - time.monotonic()
        assert left > 0 and head.poll() is None, seen.decode(errors="replace")[-2000:]
        if select.select([head.stdout], [], [], left)[0]:
            seen += head.stdout.read1(65536)
    yield f"127.0.0.1:{port}", env
    head.terminate()   # `ray start --block` stops what it started (about 2 s)
    try:
        head.wait(60)
    finally:
        with contextlib.suppress(ProcessLookupError):   # anything left in its group
            os.killpg(head.pid, 9)


def test_a_sweep_on_a_ray_head_matches_the_local_one(tmp_path, ray_head, monkeypatch):
    address, env = ray_head
    monkeypatch.setenv("RAY_AUTH_MODE", env["RAY_AUTH_MODE"])
    spec = small_sweep(repeats=1)
    remote = run_sweep(spec, tmp_path / "ray", ray_address=address, runs=tmp_path / "runs")
    assert remote.where == f"the Ray cluster at {address} (2 CPUs)"
    local = run_sweep(spec, tmp_path / "local", workers=2, runs=tmp_path / "runs-local")
    assert [r["state"] for r in remote.records] == ["complete"] * 4
    assert [(r["params"], r["value"]) for r in remote.records] == \
        [(r["params"], r["value"]) for r in local.records]
    worker_pids = {int(r["where"].rsplit(":", 1)[1]) for r in remote.records}
    assert os.getpid() not in worker_pids   # they ran in Ray's worker processes
    assert {r.id for r in RunStore(tmp_path / "runs").list()} == \
        {r["run_id"] for r in remote.records}


def test_unreadable_data_fails_each_trial_on_ray_too(tmp_path, ray_head, monkeypatch):
    address, env = ray_head
    monkeypatch.setenv("RAY_AUTH_MODE", env["RAY_AUTH_MODE"])
    result = run_sweep(missing_data_sweep(tmp_path), tmp_path / "out", ray_address=address,
                       runs=tmp_path / "runs")
    assert [r["state"] for r in result.records] == ["failed", "failed"]
    assert all(str(tmp_path / "gone.csv") in r["reason"] for r in result.records)


def test_ray_missing_is_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setattr(ray_workers, "ray", None)
    with pytest.raises(ray_workers.RayUnavailable) as caught:
        run_sweep(small_sweep(), tmp_path / "out", ray_address="auto", runs=tmp_path / "r")
    assert str(caught.value) == ("running a sweep on a Ray cluster needs the ray package; "
                                 "install it with python3 -m pip install "
                                 "'nn-workbench[cluster]'")


def test_an_unreachable_cluster_is_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")
    with pytest.raises(ray_workers.RayUnavailable, match=r"^--ray 127.0.0.1:\d+: cannot "
                                                         r"connect to the Ray cluster"):
        run_sweep(small_sweep(), tmp_path / "out", ray_address=f"127.0.0.1:{_free_port()}",
                  runs=tmp_path / "r")
