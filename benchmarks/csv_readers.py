"""The workbench's CSV reader against pandas' and pyarrow's, on a numeric and a mixed table.

    python3 benchmarks/csv_readers.py                    # 60,000 x 785 and 100,000 x 9
    PYTHONPATH=. /tmp/venv/bin/python benchmarks/csv_readers.py --repeat 3
    python3 benchmarks/csv_readers.py --quick            # 6,000 and 10,000 rows

Tables (written once to a temporary folder):

- numeric: 60,000 rows x 785 whole numbers 0-255 with a header (MNIST's shape, ~110 MB);
- mixed: 100,000 rows of ``id, island, sex, bill, mass, year, colony, note, species``
  (text categories, "NA", "?" and empty cells; ~5 MB).

Readers: ``core.data.csvfile.load_csv`` (what the workbench does: numbers, roles and
target, no encoding), ``pandas.read_csv`` (C engine), ``pandas.read_csv(engine=
"pyarrow")`` and ``pyarrow.csv.read_csv`` (then ``to_numpy`` of the numeric table). The
peers only parse: they do not name a bad cell, detect roles or check the budget, so the
comparison flatters them. pandas and pyarrow are optional: missing ones are skipped.
Prints the median seconds of ``--repeat`` runs and the ratio to the workbench's reader.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.data.csvfile import load_csv  # noqa: E402
from tests.core.data.table_files import HEADER, penguin_rows  # noqa: E402


def numeric_table(path: Path, rows: int) -> Path:
    rng = np.random.default_rng(0)
    with open(path, "w") as fh:
        fh.write(",".join(["label"] + [f"p{k}" for k in range(784)]) + "\n")
        for start in range(0, rows, 5000):
            block = rng.integers(0, 256, size=(min(5000, rows - start), 785))
            block[:, 1:100] = 0  # blank pixels, as in MNIST's borders
            fh.write("\n".join(",".join(map(str, r)) for r in block.tolist()) + "\n")
    return path


def mixed_table(path: Path, rows: int) -> Path:
    lines = [",".join(HEADER)] + [",".join(r) for r in penguin_rows(rows, seed=3)]
    path.write_text("\n".join(lines) + "\n")
    return path


def readers(numeric: bool) -> dict:
    out = {"workbench load_csv": (lambda p: load_csv(p, target=0 if numeric else None))}
    try:
        import pandas as pd
    except ImportError:
        print("pandas is not installed: skipped")
        pd = None
    if pd is not None:
        na = ["", "NA", "N/A", "NaN", "null", "?"]
        out["pandas read_csv (C)"] = lambda p: pd.read_csv(p, na_values=na)
        try:
            import pyarrow  # noqa: F401
            out["pandas read_csv (pyarrow)"] = lambda p: pd.read_csv(p, engine="pyarrow",
                                                                     na_values=na)
        except ImportError:
            pass
    try:
        import pyarrow.csv as pacsv
        options = pacsv.ConvertOptions(null_values=["", "NA", "N/A", "NaN", "null", "?"],
                                       strings_can_be_null=True)
        out["pyarrow.csv read_csv"] = lambda p: pacsv.read_csv(p, convert_options=options)
    except ImportError:
        print("pyarrow is not installed: skipped")
    return out


def timed(fn, path, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    scale = 10 if args.quick else 1
    with tempfile.TemporaryDirectory() as folder:
        tables = {"numeric 60,000 x 785": (numeric_table(Path(folder) / "n.csv",
                                                         60_000 // scale), True),
                  "mixed 100,000 x 9": (mixed_table(Path(folder) / "m.csv", 100_000 // scale),
                                        False)}
        for title, (path, numeric) in tables.items():
            print(f"\n{title} ({path.stat().st_size / 2**20:.1f} MiB)")
            base = None
            for name, fn in readers(numeric).items():
                seconds = timed(fn, path, args.repeat)
                base = base or seconds
                print(f"  {name:28s} {seconds:7.2f} s   {seconds / base:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
