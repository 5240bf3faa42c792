"""A 36-run grid on the spiral example: 2 worker processes against one after another,
and the sweep's own cost per run (issue 16: ≥ 1.8× with 2 workers on 2 cores, < 100 ms
of overhead per run).

The grid: ``optimizer.lr`` {0.001, 0.01, 0.1} × ``model.layers[0].units`` {8, 16, 32} ×
``optimizer.type`` {sgd, adam}, 2 repeats = 36 runs of ``resources/examples/spiral.json``
(600 samples, 200 epochs, batch 32). Three timings, wall clock:

1. sequential: the 36 experiments trained one after another in this process
   (``Trainer(...).run()``, the data prepared once, one BLAS thread, nothing recorded) —
   the least a person could spend without a sweep;
2. the sweep with 1 worker process: minus (1), divided by 36, is the overhead per run
   (starting the worker, sending the trial, building the run's files, recording them in
   the run store with every file flushed to disk, saving the state and results.csv);
3. the sweep with 2 worker processes: (1) / (3) is the speed-up.

Usage::

    python3 benchmarks/sweep.py [--epochs 200] [--workers 2]

Run it on a quiet machine (``uptime`` load below 1.5 on 2 cores): the script prints the
load before and after.
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.backend.threads import set_blas_threads  # noqa: E402
from core.data import spec as spec_module  # noqa: E402
from core.runs.sweep import spec as sweep_spec  # noqa: E402
from core.runs.sweep.runner import run_sweep  # noqa: E402
from core.runs.sweep.search import Search  # noqa: E402
from core.training.trainer import Trainer  # noqa: E402

GRID = {"optimizer.lr": {"values": [0.001, 0.01, 0.1]},
        "model.layers[0].units": {"values": [8, 16, 32]},
        "optimizer.type": {"values": ["sgd", "adam"]}}


def make_spec(epochs: int):
    path = ROOT / "resources" / "examples" / "spiral.json"
    doc = {"format": 1, "name": "benchmark", "base": str(path), "method": "grid",
           "parameters": GRID, "repeats": 2, "metric": {"name": "val_accuracy"}}
    spec = sweep_spec.normalize(doc)
    base = copy.deepcopy(spec.base)
    base.setdefault("training", {})["epochs"] = epochs
    doc["base"] = base
    return sweep_spec.normalize(doc, path.parent)


def sequential(spec) -> float:
    set_blas_threads(1)
    search = Search(spec, [])
    experiments = []
    while (plan := search.next()) is not None:
        experiments.append(sweep_spec.experiment_for(spec, plan.params, plan.repeat))
        search.finish(plan, "complete", 0.0)
    start = time.perf_counter()
    prepared = spec_module.prepare(experiments[0]["data"], None)
    for doc in experiments:
        Trainer(doc, prepared=prepared, layer_stats=False).run()
    return time.perf_counter() - start


def swept(spec, workers: int) -> tuple[float, list]:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        result = run_sweep(spec, Path(folder) / "out", workers=workers,
                           runs=Path(folder) / "runs")
        seconds = time.perf_counter() - start
    assert len(result.records) == spec.total_runs, result.records
    assert all(r["state"] == "complete" for r in result.records)
    return seconds, result.records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(f"load before: {os.getloadavg()[0]:.2f} (1-minute average, {os.cpu_count()} cores)")
    spec = make_spec(args.epochs)
    n = spec.total_runs
    t_seq = sequential(spec)
    print(f"sequential, in this process:   {t_seq:7.2f} s  ({t_seq / n * 1000:.0f} ms per run)")
    t_one, records = swept(spec, 1)
    worker_seconds = sum(r["seconds"] for r in records)
    print(f"sweep, 1 worker process:       {t_one:7.2f} s  overhead "
          f"{(t_one - t_seq) / n * 1000:.0f} ms per run "
          f"(in the worker: {(worker_seconds - t_seq) / n * 1000:.0f} ms per run)")
    t_two, _ = swept(spec, args.workers)
    print(f"sweep, {args.workers} worker processes:     {t_two:7.2f} s  speed-up "
          f"{t_seq / t_two:.2f}x over sequential, {t_one / t_two:.2f}x over 1 worker")
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
