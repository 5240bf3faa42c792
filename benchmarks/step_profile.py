#!/usr/bin/env python3
"""Where one training iteration's time goes, call by call, against the matrix products.

Wraps every call of one :class:`core.training.trainer.Trainer` iteration (the batch
gather, each layer's forward and backward, the loss, the optimizer step, the metrics, and
per epoch the dashboard statistics) with a timer, trains for a while, and prints the
median time per call beside the bare matrix products that call must do (the *strict*
ceiling of ``benchmarks/mlp.py``: forward, weight gradient and, except for the first
layer, input gradient, into preallocated arrays). What is left between the two is the
engine's own cost.

    python3 benchmarks/step_profile.py                         # the four networks
    python3 benchmarks/step_profile.py --networks 784-1024-1024-10 --threads 1

Not run by CI; it never asserts a speed. ``benchmarks/mlp.py`` prints the same table for
the networks that miss a target.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.backend.threads import blas_threads


def _timed(record: dict, key: str, function):
    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        result = function(*args, **kwargs)
        record[key].append(time.perf_counter() - t0)
        return result
    return wrapper


def _median_seconds(call, repeat: int = 30) -> float:
    call()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def dense_ceilings(batch: int, in_w: int, out_w: int, input_grad: bool) -> tuple:
    """Seconds of a dense layer's bare float32 products, laid out as the engine and
    ``mlp.py``'s ceiling do them: forward ``x·Wᵀ``; backward ``gᵀ·x`` (+ ``g·W``)."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, in_w)).astype(np.float32)
    w = rng.standard_normal((out_w, in_w)).astype(np.float32)
    g = rng.standard_normal((batch, out_w)).astype(np.float32)
    y, gw, gx = np.empty((batch, out_w), np.float32), np.empty_like(w), np.empty_like(x)
    forward = _median_seconds(lambda: np.matmul(x, w.T, out=y))
    backward = _median_seconds(lambda: np.matmul(g.T, x, out=gw))
    if input_grad:
        backward += _median_seconds(lambda: np.matmul(g, w, out=gx))
    return forward, backward


def profile(trainer, seconds: float) -> tuple[list, float, int]:
    """Per-call medians of ``trainer``'s iterations for about ``seconds``.

    Returns ``(rows, seconds per iteration, iterations)``; each row is
    ``(call, calls per iteration, median ms, ms per iteration, ceiling ms or None)``.
    """
    record = defaultdict(list)
    model, batch = trainer.model, trainer.batch_size
    dense = [i for i, layer in enumerate(model.layers) if "weight" in layer.params]
    ceilings = {}
    for i, layer in enumerate(model.layers):
        name = f"{i}.{type(layer).__name__}"
        layer.forward = _timed(record, f"{name} forward", layer.forward)
        layer.backward = _timed(record, f"{name} backward", layer.backward)
        if i in dense:
            out_w, in_w = layer.params["weight"].shape
            ceilings[f"{name} forward"], ceilings[f"{name} backward"] = dense_ceilings(
                batch, in_w, out_w, input_grad=i != dense[0])
    objective = trainer.objective
    objective.loss = _timed(record, "loss (+ its gradient)", objective.loss)
    trainer.optimizer.step = _timed(record, "optimizer step", trainer.optimizer.step)
    trainer.batches.batch = _timed(record, "batch view", trainer.batches.batch)
    trainer.batches.start = _timed(record, "epoch gather (per epoch)", trainer.batches.start)
    trainer.metrics.add = _timed(record, "metrics", trainer.metrics.add)
    if trainer.layer_stats:
        statistics_ = trainer.statistics
        statistics_.remember_weights = _timed(record, "stats: copy weights (per epoch)",
                                              statistics_.remember_weights)
        statistics_.stats = _timed(record, "stats: norms (per epoch)", statistics_.stats)
        statistics_.dead_units = _timed(record, "stats: dead units (per epoch)",
                                        statistics_.dead_units)
    for _ in range(3):  # warm-up
        trainer.step()
    record.clear()
    steps, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds or trainer._iter_in_epoch:
        trainer.step()
        steps += 1
    per_step = (time.perf_counter() - t0) / steps
    rows = []
    for key, times in record.items():
        calls = len(times) / steps
        rows.append((key, calls, statistics.median(times) * 1e3, sum(times) / steps * 1e3,
                     ceilings.get(key) and ceilings[key] * 1e3))
    return rows, per_step, steps


def report(rows, per_step: float, steps: int, table) -> str:
    """The profile as a text table (``table(rows, header)`` from ``benchmarks/mlp.py``)."""
    ceiling = sum(r[4] or 0 for r in rows)
    body = []
    for key, calls, median, per_iter, ceil in rows:
        body.append([key, f"{calls:.3g}", f"{median:.3f}", f"{per_iter:.3f}",
                     "" if ceil is None else f"{ceil:.3f}",
                     "" if ceil is None else f"{per_iter - ceil:+.3f}"])
    body.append(["whole iteration", "1", "", f"{per_step * 1e3:.3f}", f"{ceiling:.3f}",
                 f"{per_step * 1e3 - ceiling:+.3f}"])
    return (f"{steps} iterations; ms (median per call, and per iteration = calls × time); "
            "ceiling: the strict matrix products of that call alone\n\n"
            + table(body, ["call", "calls/iter", "ms/call", "ms/iter", "ceiling ms",
                           "beyond ceiling"]))


def main(argv=None) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import mlp

    from core.training.trainer import Trainer
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--networks", default="")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args(argv)
    nets = [n for n in mlp.NETWORKS if not args.networks or n.name in args.networks.split(",")]
    with blas_threads(args.threads):
        for net in nets:
            prepared = mlp.synthetic(net, net.rows)
            trainer = Trainer(mlp.experiment(net.sizes, net.batch), prepared=prepared,
                              backend="cpu", layer_stats=True)
            rows, per_step, steps = profile(trainer, args.seconds)
            print(f"\n{net.name}, batch {net.batch}, {args.threads} thread(s)")
            print(report(rows, per_step, steps, mlp.table))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
