#!/usr/bin/env python3
"""What time travel costs (issue 14, item 5): keeping snapshots, showing a moment.

1. **µs per kept snapshot** (:meth:`core.training.weight_snapshots.WeightSnapshots.add`
   with a full store, so every add also thins one moment out) for the default spiral
   network; the GUI thread pays it at every epoch end.
2. **ms to show a moment**: the decision-boundary grid and neuron maps computed again
   from a snapshot (:class:`workbench.dashboard.timeline_frames.MomentFrames`, 60 × 60
   grid, on the GUI thread), for the default spiral network and a wider one.
3. **moments kept** within the 64 MiB budget for a few network sizes.
4. **training throughput through the Train tab** on the default spiral with snapshots
   kept and with none kept (same run, ``--epochs`` epochs, best of ``--repeat``).

    python3 benchmarks/time_travel.py
    python3 benchmarks/time_travel.py --epochs 300 --repeat 3

Not run by CI; it never asserts a speed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


from core.backend.devices import get_backend
from core.experiment import default_experiment, normalize
from core.nn.model import Model
from core.training.weight_snapshots import BUDGET_BYTES, MAX_MOMENTS, WeightSnapshots


def spiral_weights(layers=None) -> dict:
    exp = normalize(default_experiment())
    return Model(layers or exp["model"]["layers"], 2, get_backend("cpu")).state_dict()


def dense(*widths) -> list:
    layers = []
    for w in widths[:-1]:
        layers += [{"type": "dense", "units": w}, {"type": "relu"}]
    return layers + [{"type": "dense", "units": widths[-1]}]


def add_cost(repeat: int = 3) -> float:
    weights = spiral_weights()
    best = float("inf")
    for _ in range(repeat):
        store = WeightSnapshots()
        for e in range(MAX_MOMENTS):
            store.add(e, e * 10, weights)
        t = time.perf_counter()
        for e in range(MAX_MOMENTS, MAX_MOMENTS + 2000):
            store.add(e, e * 10, weights)
        best = min(best, (time.perf_counter() - t) / 2000)
    return best * 1e6


def frame_cost(view_factory, layers, epochs: int = 3) -> float:
    from workbench.dashboard.timeline_frames import MomentFrames
    exp = normalize(default_experiment())
    exp["training"]["epochs"] = epochs
    exp["model"]["layers"] = layers
    view = view_factory(exp)
    view.set_pace(None)
    view.train_for_epochs(epochs)
    run = view.run
    moments = run.snapshots.moments()
    frames = MomentFrames(view.grid)
    assert frames.run_at(run, moments[0]).latest is not None   # builds the network once
    t = time.perf_counter()
    for m in moments[1:]:
        assert frames.run_at(run, m).latest is not None
    ms = (time.perf_counter() - t) / max(len(moments) - 1, 1) * 1e3
    view.shutdown()
    return ms


def throughput(view_factory, epochs: int, keep: bool) -> float:
    import workbench.dashboard.run_record as run_record
    original = run_record.WeightSnapshots
    if not keep:
        class NoSnapshots(WeightSnapshots):
            def wants(self, epoch, step):
                return False
        run_record.WeightSnapshots = NoSnapshots
    try:
        exp = normalize(default_experiment())
        exp["training"]["epochs"] = epochs
        view = view_factory(exp)
        view.set_pace(None)
        t = time.perf_counter()
        view.train_for_epochs(epochs, timeout_s=600)
        seconds = time.perf_counter() - t
        steps = view.run.steps
        kept = len(view.run.snapshots)
        view.shutdown()
    finally:
        run_record.WeightSnapshots = original
    print(f"    {'kept' if keep else 'none'}: {steps / seconds:,.0f} steps/s "
          f"({kept} moments kept)")
    return steps / seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from workbench.app import ensure_application
    from workbench.dashboard.training_view import TrainingView
    from workbench.document import ExperimentDocument
    app = ensure_application()
    views = []

    def make(exp):
        view = TrainingView(ExperimentDocument(exp))
        view.resize(1280, 800)
        view.show()
        app.processEvents()
        views.append(view)
        return view

    print(f"1. keeping a snapshot (store full, thinning one): {add_cost():.1f} µs")
    print("2. showing a moment (boundary grid and neuron maps again, 60 × 60):")
    exp = normalize(default_experiment())
    for name, layers in (("default spiral", exp["model"]["layers"]),
                         ("2-256-256-3", dense(256, 256, 3))):
        print(f"    {name}: {frame_cost(make, layers):.2f} ms")
    print(f"3. moments kept within {BUDGET_BYTES / 2 ** 20:.0f} MiB (weights + gradients):")
    for name, widths in (("default spiral", None), ("784-256-10", (784, 256, 10)),
                         ("784-1024-1024-10", (784, 1024, 1024, 10)),
                         ("784-4096-4096-10", (784, 4096, 4096, 10))):
        if widths is None:
            size = sum(a.nbytes for a in spiral_weights().values())
        else:
            size = sum((a + 1) * b * 4 for a, b in zip(widths[:-1], widths[1:]))
        both = 2 * size
        kept = 0 if 2 * both > BUDGET_BYTES else min(MAX_MOMENTS, BUDGET_BYTES // both)
        print(f"    {name}: {size / 1024:,.0f} KiB a snapshot → {kept} moments")
    print(f"4. default spiral through the Train tab, {args.epochs} epochs, "
          f"best of {args.repeat}:")
    best = {True: 0.0, False: 0.0}
    for _ in range(args.repeat):
        for keep in (False, True):
            best[keep] = max(best[keep], throughput(make, args.epochs, keep))
    print(f"    kept / none: {best[True] / best[False]:.3f}")


if __name__ == "__main__":
    main()
