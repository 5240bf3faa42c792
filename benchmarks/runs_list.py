"""How fast the run store lists many runs (issue 16: 10,000 runs in under a second).

A temporary runs folder is filled with N runs (default 10,000): one folder each with its
``summary.json``, and their rows in the SQLite index, written in one transaction (the
benchmark's set-up; recording them one by one through ``RunStore.record``, which flushes
every file to disk, would take minutes and measure the disk). Then, median of
``--repeat`` times, in a fresh ``RunStore`` each time:

- ``list()`` of every run, newest first, after the repair check that compares the index
  with the folders (what ``nn-workbench runs list`` and the Runs browser do);
- the same without the repair check;
- a filtered and sorted list (optimizer ``sgd``, tag ``wide``, best metric ≥ 0.5, by best);
- the first page of 50 rows;
- opening the store (connect, WAL, schema check).

Usage::

    python3 benchmarks/runs_list.py [--runs 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.runs.index import RunFilter, row_from_summary
from core.runs.store import RunStore


def fill(store: RunStore, n: int) -> None:
    rows = []
    for i in range(n):
        run_id = f"20260101-{i // 3600:02d}{i // 60 % 60:02d}{i % 60:02d}-{i:06x}"
        summary = {"format": 1, "id": run_id, "name": f"run {i}", "task": "classification",
                   "data": "spiral (600 samples)", "network": f"2-{8 << (i % 4)}-3 relu",
                   "optimizer": ("adam", "sgd", "rmsprop")[i % 3], "lr": 10 ** -(1 + i % 4),
                   "batch_size": 32, "epochs": 200, "stopped": "completed",
                   "best": {"metric": "val_accuracy", "value": (i * 7919 % 1000) / 1000},
                   "seconds": 0.5 + i % 10, "started": 1_760_000_000 + i,
                   "where": {"host": "here", "backend": "cpu"}, "source": "cli",
                   "tags": ["wide"] if i % 2 else [], "note": "note" if i % 5 == 0 else ""}
        folder = store.path / run_id
        folder.mkdir()
        (folder / "summary.json").write_text(json.dumps(summary))
        rows.append(row_from_summary(run_id, summary))
    store.index.put_many(rows)


def median_seconds(action, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = RunStore(folder)
        start = time.perf_counter()
        fill(store, args.runs)
        print(f"set-up: {args.runs:,} runs written in {time.perf_counter() - start:.1f} s")
        store.close()

        def fresh(**kwargs):
            with RunStore(folder) as s:
                return s.list(**kwargs)

        where = RunFilter(optimizer="sgd", tags=("wide",), min_best=0.5)
        cases = [
            ("list all, newest first (with repair check)", lambda: fresh()),
            ("list all, without repair check", lambda: fresh(repair=False)),
            ("filtered (sgd, tag wide, best >= 0.5), by best",
             lambda: fresh(where=where, sort="best")),
            ("first page of 50", lambda: fresh(limit=50)),
            ("open the store only", lambda: RunStore(folder).close()),
        ]
        print(f"{'what':50s} {'median':>9s} {'rows':>7s}")
        for name, action in cases:
            seconds, rows = median_seconds(action, args.repeat)
            count = len(rows) if isinstance(rows, list) else ""
            print(f"{name:50s} {seconds * 1000:7.1f} ms {count!s:>7s}")


if __name__ == "__main__":
    main()
