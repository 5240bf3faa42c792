"""Time of one loss landscape (core.training.loss_landscape) on the example experiments.

The landscape is one forward pass per grid point on at most 2,000 training rows, in
float64 on the CPU; the trained weights come from a short run first (not timed).

    python3 benchmarks/loss_landscape.py                       # default experiment, 21 × 21
    python3 benchmarks/loss_landscape.py --example digits_cnn --epochs 1
"""

from __future__ import annotations

import argparse
import copy
import json
import time
from pathlib import Path

from core.experiment import default_experiment, normalize
from core.training.loss_landscape import compute_landscape
from core.training.trainer import Trainer

EXAMPLES = Path(__file__).resolve().parent.parent / "resources" / "examples"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--example", default="", help="an example of resources/examples "
                        "(default: the built-in experiment)")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--resolution", type=int, default=21)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if args.example:
        exp = normalize(json.loads((EXAMPLES / f"{args.example}.json").read_text()))
        base = EXAMPLES
    else:
        exp, base = copy.deepcopy(default_experiment()), None
    exp["training"]["epochs"] = args.epochs
    trainer = Trainer(exp, base_dir=base, snapshots=True)
    path = [trainer.model.state_dict()]
    trainer.run(lambda e: path.append(e.weights) if getattr(e, "weights", None) else None)
    train = trainer.prepared.train
    weights = trainer.model.state_dict()
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        result = compute_landscape(exp, weights, train.X, train.y, path=path,
                                   resolution=args.resolution, seed=0,
                                   input_shape=train.sample_shape)
        times.append(time.perf_counter() - t0)
    n = args.resolution
    best = min(times)
    print(f"{args.example or 'default experiment'}: {trainer.model.n_params():,} parameters, "
          f"{result.samples} rows, {n}×{n} grid, {len(path)} path points: best of "
          f"{args.repeat} {best:.3f} s ({best / (n * n) * 1e3:.2f} ms per point)")


if __name__ == "__main__":
    main()
