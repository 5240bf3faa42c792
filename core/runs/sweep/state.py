"""A sweep's output folder: the state file it resumes from, and ``results.csv``.

``OUT/sweep-state.json`` holds the sweep's id, the fingerprint of its spec and one
record per finished run (complete, pruned or failed); it is rewritten atomically after
every run, so an interrupted sweep (Ctrl+C, a closed terminal, a crash, a power cut)
loses at most the runs that were in progress. ``OUT/results.csv`` is derived from it:
one row per run, in run order.
"""

from __future__ import annotations

import csv
import io
import secrets
import time
from pathlib import Path

from core.errors import SpecError, WorkbenchError
from core.files import strict_json
from core.files.atomic_write import write_bytes_atomic
from core.files.read_limits import read_regular_bytes
from core.runs.run_files import finite_json
from core.runs.sweep.spec import SweepSpec

STATE_NAME = "sweep-state.json"
RESULTS_NAME = "results.csv"
STATE_FORMAT = 1
#: The metric columns of results.csv, in order (those no run has are left out).
METRIC_COLUMNS = ("train_loss", "val_loss", "train_accuracy", "val_accuracy", "train_rmse",
                  "val_rmse", "train_r2", "val_r2")


class SweepStateError(WorkbenchError):
    """The output folder holds another sweep, or a state file that cannot be read."""


class SweepState:
    """The state of a sweep in its output folder (:meth:`open` it)."""

    def __init__(self, out: Path, spec: SweepSpec, sweep_id: str, created: float,
                 records: list):
        self.out, self.spec, self.id, self.created = out, spec, sweep_id, created
        self.records = records

    @classmethod
    def open(cls, out, spec: SweepSpec) -> SweepState:
        """Load the state in ``out``, or start a new one; refuse a different sweep."""
        out = Path(out)
        path = out / STATE_NAME
        if not path.exists():
            return cls(out, spec, time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(3),
                       time.time(), [])
        try:
            doc = strict_json.loads(read_regular_bytes(path, 256 * 2**20, "a sweep state file",
                                                       SweepStateError), str(path),
                                    SweepStateError)
        except OSError as exc:
            raise SweepStateError(f"{path}: cannot be read ({exc.strerror or exc})") from None
        if not isinstance(doc, dict) or doc.get("format") != STATE_FORMAT or \
                not isinstance(doc.get("records"), list):
            raise SweepStateError(f"{path}: not a sweep state file of this version")
        if doc.get("digest") != spec.digest():
            raise SweepStateError(f"{out}: holds the results of a different sweep (its base "
                                  "experiment, parameters or settings differ); choose another "
                                  "output folder, or delete this one to start again")
        return cls(out, spec, str(doc["id"]), float(doc.get("created", 0)), doc["records"])

    @property
    def path(self) -> Path:
        return self.out / STATE_NAME

    def add(self, record: dict) -> None:
        """Add a finished run's record and save state and results (atomically)."""
        self.records = [r for r in self.records if r["number"] != record["number"]]
        self.records.append(finite_json(record))
        self.records.sort(key=lambda r: r["number"])
        self.save()

    def save(self) -> None:
        doc = {"format": STATE_FORMAT, "id": self.id, "created": self.created,
               "digest": self.spec.digest(), "name": self.spec.name,
               "source": self.spec.source, "total_runs": self.spec.total_runs,
               "records": self.records}
        try:
            write_bytes_atomic(self.path, (strict_json.dumps(doc, indent=1) + "\n").encode())
            write_bytes_atomic(self.out / RESULTS_NAME, results_csv(self.spec, self.records)
                               .encode("utf-8"))
        except OSError as exc:
            raise SweepStateError(f"{exc.filename}: cannot be written "
                                  f"({exc.strerror or exc})") from None


def results_columns(spec: SweepSpec, records: list) -> list:
    metrics = [m for m in METRIC_COLUMNS if m != spec.metric
               and any(m in (r.get("metrics") or {}) for r in records)]
    return (["trial", "point", "repeat", "seed"] + [p.path for p in spec.parameters]
            + ["state", spec.metric, f"best_{spec.metric}"] + metrics
            + ["epochs", "seconds", "where", "run_id", "reason"])


def results_csv(spec: SweepSpec, records: list) -> str:
    """One row per run: the varied values, the metrics, seconds, where it ran."""
    columns = results_columns(spec, records)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for r in records:
        params, metrics = r.get("params") or {}, r.get("metrics") or {}
        row = {"trial": r["number"], "point": r["point"], "repeat": r["repeat"],
               "seed": r.get("seed", ""), "state": r["state"],
               spec.metric: r.get("value"), f"best_{spec.metric}": r.get("best"),
               "epochs": r.get("epochs", ""), "seconds": _seconds(r.get("seconds")),
               "where": r.get("where", ""), "run_id": r.get("run_id") or "",
               "reason": r.get("reason", "")}
        row.update({p.path: _cell(params.get(p.path)) for p in spec.parameters})
        row.update({m: metrics.get(m) for m in METRIC_COLUMNS if m in columns})
        writer.writerow(["" if row.get(c) is None else row[c] for c in columns])
    return buffer.getvalue()


def _cell(value):
    return value if isinstance(value, (int, float, str)) else strict_json.dumps(value)


def _seconds(value):
    return "" if value is None else round(float(value), 3)


def read_results_csv(path) -> list[dict]:
    """The rows of a results.csv as text cells (for tools and tests)."""
    try:
        text = read_regular_bytes(path, 256 * 2**20, "a results.csv file", SpecError)
    except OSError as exc:
        raise SpecError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return list(csv.DictReader(io.StringIO(text.decode("utf-8"))))
