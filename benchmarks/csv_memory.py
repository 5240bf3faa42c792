"""Peak memory and time of loading a CSV file, as a multiple of the file's size.

    python3 benchmarks/csv_memory.py            # 200,000 x 31 numbers (~56 MB)
    python3 benchmarks/csv_memory.py --rows 2000000 --labels

Each load runs in a fresh interpreter and reports the growth of its peak resident memory
(VmHWM, Linux) during ``core.data.csvfile.load_csv``. Not run by the tests.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MEASURE = """
import sys, time
sys.path.insert(0, {root!r})
from core.data import load_csv

def high_water():  # VmHWM: this process's peak resident memory (ru_maxrss survives exec)
    with open("/proc/self/status") as fh:
        return next(int(l.split()[1]) * 1024 for l in fh if l.startswith("VmHWM:"))

before = high_water()
start = time.perf_counter()
ds = load_csv({path!r})
seconds = time.perf_counter() - start
print(high_water() - before, ds.X.nbytes, seconds)
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--columns", type=int, default=30)
    parser.add_argument("--labels", action="store_true", help="a text target column")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.csv"
        with open(path, "w") as fh:
            fh.write(",".join(f"f{i}" for i in range(args.columns)) + ",target\n")
            for start in range(0, args.rows, 50_000):
                block = rng.random((min(50_000, args.rows - start), args.columns))
                targets = rng.integers(0, 3, len(block))
                names = np.array(["cat", "dog", "emu"] if args.labels else ["0", "1", "2"])
                lines = [",".join(f"{v:.6f}" for v in row) + "," + t
                         for row, t in zip(block, names[targets])]
                fh.write("\n".join(lines) + "\n")
        size = path.stat().st_size
        done = subprocess.run([sys.executable, "-c", MEASURE.format(root=str(ROOT),
                                                                  path=str(path))],
                              capture_output=True, text=True, check=True)
        grown, x_bytes, seconds = (float(v) for v in done.stdout.split())
    print(f"file {size / 1e6:.1f} MB, inputs {x_bytes / 1e6:.1f} MB as float64: peak memory "
          f"+{grown / 1e6:.0f} MB = {grown / size:.2f}x the file, {seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
