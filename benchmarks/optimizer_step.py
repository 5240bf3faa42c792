#!/usr/bin/env python3
"""The optimizer step alone: NumPy calls against the fused Numba kernel, and its threads.

Three measurements, all in one run:

1. **µs per step** of every optimizer over the parameters of the benchmark networks
   (float32, flat layout as the trainer has it): the NumPy path (``compiled=False``)
   against the fused kernel (:mod:`core.optim.cpu_kernels`), one thread each;
2. **threads for Adam** on the largest network: the fused kernel on one thread, split
   across 2 engine threads (:func:`core.backend.threads.run_parallel`, the engine's
   choice), and a ``numba.njit(parallel=True)`` copy of the kernel on Numba's own 2
   threads, each alone and beside a simulated GUI thread (60 frames/s of 3 ms of Python
   and small NumPy calls, as ``mlp.py --thread-sweep`` does);
3. **the first step** in a fresh interpreter: importing the engine, building Adam for
   784-1024-1024-10 (which compiles or loads its kernel) and its first and second step,
   with an empty Numba cache (*cold*: the first run after an install) and again with the
   cache it left (*warm*: every later run), against the NumPy path.

    python3 benchmarks/optimizer_step.py
    python3 benchmarks/optimizer_step.py --quick

Not run by CI; it never asserts a speed. ``benchmarks/mlp.py`` prints these tables too.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.backend.threads import blas_threads  # noqa: E402
from core.optim import cpu_kernels  # noqa: E402
from core.optim.base import make_optimizer  # noqa: E402

SPECS = {
    "adam": {"type": "adam", "lr": 1e-3},
    "adamw amsgrad": {"type": "adamw", "lr": 1e-3, "amsgrad": True},
    "sgd nesterov": {"type": "sgd", "lr": 0.01, "momentum": 0.9, "nesterov": True,
                     "weight_decay": 1e-4},
    "rmsprop centered": {"type": "rmsprop", "lr": 1e-3, "centered": True, "momentum": 0.5},
    "adagrad": {"type": "adagrad", "lr": 0.01},
}


def parameter_count(sizes) -> int:
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


def problem(size: int, seed: int = 0):
    """Flat float32 parameters and gradients as one view each (the trainer's layout)."""
    rng = np.random.default_rng(seed)
    params = {"w": rng.uniform(-0.05, 0.05, size).astype(np.float32)}
    grads = {"w": (rng.standard_normal(size) * 1e-3).astype(np.float32)}
    return params, grads


def step_seconds(spec: dict, size: int, compiled: bool, seconds: float) -> float:
    """Median seconds per step after a few warm-up steps."""
    params, grads = problem(size)
    opt = make_optimizer(spec, params, compiled=compiled)
    for _ in range(3):
        opt.step(grads)
    times, end = [], time.perf_counter() + seconds
    while time.perf_counter() < end or len(times) < 5:
        t0 = time.perf_counter()
        opt.step(grads)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def kernel_table(nets, seconds: float, table) -> str:
    rows = []
    for label, spec in SPECS.items():
        for net in nets:
            size = parameter_count(net.sizes)
            plain = step_seconds(spec, size, False, seconds)
            fused = step_seconds(spec, size, True, seconds) if cpu_kernels.AVAILABLE else None
            rows.append([label, net.name, f"{size:,}", f"{plain * 1e6:.1f}",
                         "—" if fused is None else f"{fused * 1e6:.1f}",
                         "—" if fused is None else f"{plain / fused:.2f}×"])
    return ("µs per optimizer step (float32, flat parameters, one thread, median): NumPy "
            "calls against the fused Numba kernel\n\n"
            + table(rows, ["optimizer", "network", "parameters", "NumPy µs", "fused µs",
                           "speed-up"]))


# ------------------------------------------------------------------- threads

def _parallel_adam():
    """A ``parallel=True`` copy of the Adam kernel (prange), for the comparison only."""
    import numba

    @numba.njit(parallel=True, fastmath=False, error_model="numpy", nogil=True)
    def adam(p, g, m, v, b1, b2, eps, step):
        for i in numba.prange(p.size):
            d = g[i]
            mi = m[i] * b1 + d
            m[i] = mi
            vi = v[i] * b2 + d * d
            v[i] = vi
            p[i] = p[i] + mi / (math.sqrt(vi) + eps) * step
    return adam, numba


def gui_frames(stop: threading.Event, frame_s: float = 1 / 60, work_s: float = 0.003):
    """Play a GUI on this thread until ``stop``: frames of ``work_s`` of Python and small
    NumPy calls every ``frame_s``. Returns the frames' lateness in ms."""
    small = np.linspace(0, 1, 256)
    late, due = [], time.perf_counter() + frame_s
    while not stop.is_set():
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        late.append(max(0.0, time.perf_counter() - due) * 1e3)
        busy = time.perf_counter() + work_s
        while time.perf_counter() < busy:
            np.sin(small, out=small)
        due = max(due + frame_s, time.perf_counter())
    return late


def _timed_loop(step, seconds: float, gui: bool) -> tuple[float, float | None]:
    """Median seconds per ``step()`` run in a worker thread, with or without a GUI here;
    and the 95th percentile of the GUI's frame lateness (ms)."""
    times, stop = [], threading.Event()

    def work():
        end = time.perf_counter() + seconds
        while time.perf_counter() < end or len(times) < 5:
            t0 = time.perf_counter()
            step()
            times.append(time.perf_counter() - t0)
        stop.set()

    worker = threading.Thread(target=work)
    worker.start()
    late = gui_frames(stop) if gui else None
    worker.join()
    p95 = sorted(late)[int(0.95 * (len(late) - 1))] if late else None
    return statistics.median(times), p95


def thread_table(size: int, seconds: float, table) -> str:
    if not cpu_kernels.AVAILABLE:
        return "threads: Numba is not installed (the NumPy path splits across engine threads)"
    params, grads = problem(size)
    variants = {}
    fused = make_optimizer(SPECS["adam"], params)
    for _ in range(3):
        fused.step(grads)
    variants["fused, 1 thread"] = (1, fused.step, grads)
    variants["fused, 2 engine threads (run_parallel)"] = (2, fused.step, grads)
    adam, numba = _parallel_adam()
    p, g = params["w"], grads["w"]
    m, v = np.zeros_like(p), np.zeros_like(p)
    f32 = np.float32
    args = (p, g, m, v, f32(0.9), f32(0.999), f32(1e-8), f32(-1e-5))
    adam(*args)  # compile

    def numba_parallel():
        numba.set_num_threads(2)
        adam(*args)
    variants["numba parallel=True, 2 Numba threads"] = (1, numba_parallel, None)
    plain = make_optimizer(SPECS["adam"], problem(size)[0], compiled=False)
    plain_grads = problem(size)[1]
    plain.step(plain_grads)
    variants["NumPy, 2 engine threads (reference)"] = (2, plain.step, plain_grads)
    rows = []
    for label, (threads, step, arg) in variants.items():
        call = (lambda s=step, a=arg: s(a)) if arg is not None else step
        with blas_threads(threads):
            alone, _ = _timed_loop(call, seconds, gui=False)
            beside, late = _timed_loop(call, seconds, gui=True)
        rows.append([label, f"{alone * 1e6:.0f}", f"{beside * 1e6:.0f}", f"{late:.1f}"])
    return (f"Adam over {size:,} float32 parameters, µs per step (median), alone and beside "
            "a GUI thread (60 frames/s × 3 ms); GUI late: 95th percentile of frame lateness, "
            f"ms; threading layer {numba.config.THREADING_LAYER!r}\n\n"
            + table(rows, ["variant", "alone µs", "beside GUI µs", "GUI late ms"]))


# ------------------------------------------------------------------- first step

_FIRST_STEP = r"""
import json, sys, time
t0 = time.perf_counter()
import numpy as np
from core.optim.base import make_optimizer
t1 = time.perf_counter()
sizes = (784, 1024, 1024, 10)
n = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
params = {"w": np.zeros(n, np.float32)}
grads = {"w": np.full(n, 1e-3, np.float32)}
t2 = time.perf_counter()
opt = make_optimizer({"type": "adam"}, params, compiled=sys.argv[1] == "fused")
t3 = time.perf_counter()
opt.step(grads)
t4 = time.perf_counter()
opt.step(grads)
t5 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "build": t3 - t2, "first": t4 - t3, "second": t5 - t4,
                  "compiled": opt.compiled is not None}))
"""


def first_step(path: str, cache_dir: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NUMBA_CACHE_DIR": cache_dir}
    done = subprocess.run([sys.executable, "-c", _FIRST_STEP, path], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def first_step_table(table, repeat: int = 3) -> str:
    rows = []
    runs = {"NumPy path": [], "fused, cold (empty Numba cache)": [],
            "fused, warm (cache from an earlier run)": []}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="nnwb-numba-") as cache:
            runs["NumPy path"].append(first_step("numpy", cache))
            if cpu_kernels.AVAILABLE:
                runs["fused, cold (empty Numba cache)"].append(first_step("fused", cache))
                runs["fused, warm (cache from an earlier run)"].append(
                    first_step("fused", cache))
    for label, results in runs.items():
        if not results:
            continue
        med = {k: statistics.median(r[k] for r in results) * 1e3
               for k in ("import", "build", "first", "second")}
        rows.append([label, f"{med['import']:.0f}", f"{med['build']:.0f}",
                     f"{med['first']:.2f}", f"{med['second']:.2f}"])
    return ("the first step in a fresh interpreter (Adam, 784-1024-1024-10, 1.86 M float32), "
            f"ms, median of {repeat} interpreters: import = numpy + core.optim.base; build = "
            "make_optimizer (imports Numba and compiles or loads the kernel); then the "
            "first and second step\n\n"
            + table(rows, ["", "import ms", "build ms", "first step ms", "second step ms"]))


def main(argv=None) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import mlp
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    seconds = 0.3 if args.quick else 1.0
    with blas_threads(1):
        print(kernel_table(mlp.NETWORKS, seconds, mlp.table), end="\n\n")
    print(thread_table(parameter_count(mlp.NETWORKS[-1].sizes), seconds * 2, mlp.table),
          end="\n\n")
    print(first_step_table(mlp.table, repeat=1 if args.quick else 3))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
