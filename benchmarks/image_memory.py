"""Peak memory of preparing and training on 60,000 28×28 images, in copies of the data set.

    python3 benchmarks/image_memory.py                 # uint8 IDX pair, in memory
    python3 benchmarks/image_memory.py --gzip          # the same pair gzip-compressed
    python3 benchmarks/image_memory.py --stream        # "stream": true (uncompressed IDX)
    python3 benchmarks/image_memory.py --rows 100000 --no-train

A synthetic MNIST-sized IDX pair (uint8 images, labels 0–9) is written to a temporary
folder; a fresh interpreter then prepares the data (``core.data.spec.prepare``) and trains
one epoch of a small CNN (conv 4@3×3 → ReLU → max-pool 2 → flatten → dense 10, batch 128,
float32). Memory is reported as multiples of one float32 copy of the whole data set
(rows · 784 · 4 bytes, 188 MB for 60,000 images): the growth of the process's peak
resident memory (VmHWM) over what it held after a warm-up run on the digits (every module
imported, every kernel compiled), and tracemalloc's
peak (NumPy reports its array allocations to tracemalloc), for preparing alone and for
preparing plus one epoch. Issue 13's target: at most 2 copies. Not run by the tests.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MEASURE = """
import json, sys, time, tracemalloc
sys.path.insert(0, {root!r})
from core.data.spec import prepare
from core.experiment import normalize
from core.training.trainer import Trainer

def high_water():
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) * 1024 for l in fh if l.startswith("VmHWM:"))

def cnn(data):
    return normalize({{
        "data": data,
        "model": {{"layers": [{{"type": "conv2d", "filters": 4, "kernel_size": 3}},
                              {{"type": "relu"}}, {{"type": "max_pool2d", "pool_size": 2}},
                              {{"type": "flatten"}}, {{"type": "dense", "units": 10}},
                              {{"type": "softmax"}}]}},
        "loss": {{"type": "cross_entropy"}}, "optimizer": {{"type": "adam"}},
        "training": {{"epochs": 1, "batch_size": 128, "seed": 0, "backend": "cpu"}}}})

# warm up on the small digits: every module imported and every kernel compiled before
# the measurement starts (they are not the data set's memory)
Trainer(cnn({{"source": "digits", "as_images": True}}), layer_stats=False).run()
data = json.loads({data!r})
before = high_water()
tracemalloc.start()
start = time.perf_counter()
prepared = prepare(data)
prepare_s = time.perf_counter() - start
prepare_traced = tracemalloc.get_traced_memory()[1]
prepare_rss = high_water() - before
train_traced = train_rss = train_s = 0
if {train}:
    experiment = cnn(data)
    start = time.perf_counter()
    trainer = Trainer(experiment, prepared=prepared, layer_stats=False)
    finished = trainer.run()
    train_s = time.perf_counter() - start
    train_traced = tracemalloc.get_traced_memory()[1]
    train_rss = high_water() - before
print(json.dumps({{"prepare_rss": prepare_rss, "prepare_traced": prepare_traced,
                  "prepare_s": prepare_s, "train_rss": train_rss,
                  "train_traced": train_traced, "train_s": train_s,
                  "streamed": type(prepared.train.X).__name__}}))
"""


def write_pair(folder: Path, rows: int, compress: bool) -> tuple[Path, Path]:
    """A synthetic 60,000-image-like IDX pair: blurred noise digits, labels 0–9."""
    sys.path.insert(0, str(ROOT))
    from core.data.idx import write_idx
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, rows).astype(np.uint8)
    images = rng.integers(0, 256, (rows, 28, 28), dtype=np.uint8)
    suffix = ".gz" if compress else ""
    ipath, lpath = folder / f"images-idx3-ubyte{suffix}", folder / f"labels-idx1-ubyte{suffix}"
    write_idx(ipath, images, compress)
    write_idx(lpath, labels, compress)
    return ipath, lpath


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--gzip", action="store_true", help="gzip-compressed IDX files")
    parser.add_argument("--stream", action="store_true", help='"stream": true in the spec')
    parser.add_argument("--no-train", action="store_true", help="measure preparing only")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        ipath, lpath = write_pair(Path(tmp), args.rows, args.gzip)
        data = {"source": "idx", "images": str(ipath), "labels": str(lpath)}
        if args.stream:
            data["stream"] = True
        code = MEASURE.format(root=str(ROOT), data=json.dumps(data), train=not args.no_train)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if done.returncode:
            print(done.stderr, file=sys.stderr)
            return 1
        out = json.loads(done.stdout.strip().splitlines()[-1])
    copy = args.rows * 784 * 4
    kind = ("gzip " if args.gzip else "") + ("streamed" if args.stream else "in memory")
    print(f"{args.rows:,} images of 28×28 (IDX, {kind}); one float32 copy = "
          f"{copy / 2**20:.0f} MiB; X is a {out['streamed']}")
    print(f"  prepare:          peak RSS +{out['prepare_rss'] / copy:.2f} copies, tracemalloc "
          f"peak {out['prepare_traced'] / copy:.2f} copies, {out['prepare_s']:.1f} s")
    if not args.no_train:
        print(f"  prepare + epoch:  peak RSS +{out['train_rss'] / copy:.2f} copies, "
              f"tracemalloc peak {out['train_traced'] / copy:.2f} copies, "
              f"{out['train_s']:.1f} s for the epoch")
    return 0


if __name__ == "__main__":
    sys.exit(main())
