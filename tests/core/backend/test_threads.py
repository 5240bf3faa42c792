"""The measured BLAS-thread policy (core.backend.threads): what other programs leave free."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.backend import threads
from core.backend.threads import recommended_blas_threads

WIDE = 2.9e9  # 784-1024-1024-10 at batch 256, FLOPs per iteration


@pytest.fixture
def two_cores(monkeypatch):
    monkeypatch.setattr(threads.os, "cpu_count", lambda: 2)


@pytest.mark.parametrize(("busy", "expected"), [(0.0, 2), (0.1, 2), (0.25, 2), (0.45, 1),
                                                (1.0, 1), (1.9, 1)])
def test_a_large_network_gets_only_the_cores_other_programs_leave(two_cores, monkeypatch,
                                                                   busy, expected):
    monkeypatch.setattr(threads, "cores_busy_elsewhere", lambda: busy)
    assert recommended_blas_threads(WIDE, gui=False) == expected


def test_eight_cores_with_one_busy_give_seven_and_the_gui_rule_still_holds(monkeypatch):
    monkeypatch.setattr(threads.os, "cpu_count", lambda: 8)
    monkeypatch.setattr(threads, "cores_busy_elsewhere", lambda: 1.0)
    assert recommended_blas_threads(WIDE, gui=False) == 7
    assert recommended_blas_threads(WIDE, gui=True) == 7     # one left for the GUI anyway
    monkeypatch.setattr(threads, "cores_busy_elsewhere", lambda: 3.0)
    assert recommended_blas_threads(WIDE, gui=True) == 5


def test_small_networks_and_given_core_counts_measure_nothing(two_cores, monkeypatch):
    def refuse(*args):
        raise AssertionError("measured")
    monkeypatch.setattr(threads, "cores_busy_elsewhere", refuse)
    monkeypatch.setattr(threads, "blas_speedup", refuse)
    assert recommended_blas_threads(6.5e6, gui=False) == 1
    assert recommended_blas_threads(None, gui=False) == 1
    assert recommended_blas_threads(WIDE, gui=False, cores=2) == 2
    assert recommended_blas_threads(WIDE, gui=False, measure=False) == 2


@pytest.mark.parametrize(("speedup", "expected"), [(1.8, 2), (1.1, 1), (0.4, 1)])
def test_without_proc_stat_the_product_probe_decides(two_cores, monkeypatch, speedup, expected):
    monkeypatch.setattr(threads, "_PROC_STAT", "/nonexistent/stat")
    assert threads.cores_busy_elsewhere(0.01) is None
    monkeypatch.setattr(threads, "blas_speedup", lambda n: speedup)
    assert recommended_blas_threads(WIDE, gui=False) == expected


def test_proc_stat_busy_time_counts_steal_and_not_idle(tmp_path, monkeypatch):
    stat = tmp_path / "stat"
    stat.write_text("cpu  100 20 30 5000 70 4 6 40 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n")
    monkeypatch.setattr(threads, "_PROC_STAT", str(stat))
    ticks = threads.os.sysconf("SC_CLK_TCK")
    assert threads._cpu_seconds_busy() == pytest.approx((100 + 20 + 30 + 4 + 6 + 40) / ticks)
    stat.write_text("intr 1 2 3\n")
    assert threads._cpu_seconds_busy() is None


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="reads Linux's /proc/stat")
def test_a_busy_program_is_seen():
    loop = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.3)
        assert threads.cores_busy_elsewhere(0.3) > 0.5
    finally:
        loop.kill()
        loop.wait()


def test_this_process_own_threads_are_subtracted(monkeypatch):
    """Busy time 0.5 s over 0.25 s of wall time, 0.2 s of it ours: 1.2 cores elsewhere."""
    busy = iter([10.0, 10.5])
    own = iter([threads.os.times_result((1.0, 0.5, 0, 0, 0)),
                threads.os.times_result((1.15, 0.55, 0, 0, 0))])
    clock = iter([100.0, 100.25])
    monkeypatch.setattr(threads, "_cpu_seconds_busy", lambda: next(busy))
    monkeypatch.setattr(threads.os, "times", lambda: next(own))
    monkeypatch.setattr(threads.time, "perf_counter", lambda: next(clock))
    monkeypatch.setattr(threads.time, "sleep", lambda s: None)
    assert threads.cores_busy_elsewhere(0.25) == pytest.approx(1.2)


def test_the_probe_compares_one_thread_with_n():
    speedup = threads.blas_speedup(1, repeat=2)  # 1 against 1: the same product
    assert 0.3 < speedup < 3.0
