"""The SQLite index of a runs folder: one row per run, for listing and filtering fast.

The run folders are the truth; the index is a table of what their ``summary.json`` files
say, so it can always be rebuilt from them. It is written by several processes at once
(the GUI, a command-line run, a sweep's coordinator), which SQLite handles when:

- the database is in WAL mode (readers never block the writer, nor the writer readers);
- every connection waits for a lock instead of failing at once (``busy_timeout``);
- every write is one short transaction begun with ``BEGIN IMMEDIATE`` (it takes the
  write lock up front, so two writers never deadlock upgrading read locks).

WAL needs shared memory between the processes, so the runs folder must be on a local
disk (not NFS or SMB), as SQLite documents.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import dataclass, fields
from pathlib import Path

#: ``PRAGMA user_version`` of the schema this module writes.
SCHEMA_VERSION = 1
#: How long a connection waits for another process's write lock (milliseconds).
BUSY_TIMEOUT_MS = 30_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    task TEXT NOT NULL DEFAULT '',
    data TEXT NOT NULL DEFAULT '',
    network TEXT NOT NULL DEFAULT '',
    optimizer TEXT NOT NULL DEFAULT '',
    lr REAL,
    batch_size TEXT NOT NULL DEFAULT '',
    epochs INTEGER,
    stopped TEXT NOT NULL DEFAULT '',
    metric TEXT NOT NULL DEFAULT '',
    best REAL,
    seconds REAL,
    host TEXT NOT NULL DEFAULT '',
    backend TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    sweep TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS runs_by_created ON runs(created);
CREATE INDEX IF NOT EXISTS runs_by_sweep ON runs(sweep);
"""


@dataclass(frozen=True)
class RunRow:
    """One run as the runs table shows it."""

    id: str
    created: float            # time.time() when the run started
    name: str = ""
    task: str = ""
    data: str = ""            # the data in a few words
    network: str = ""         # the network in a few words
    optimizer: str = ""
    lr: float | None = None
    batch_size: str = ""
    epochs: int | None = None
    stopped: str = ""         # completed, early_stopping, diverged, interrupted
    metric: str = ""          # the best metric's name (val_accuracy, val_rmse, ...)
    best: float | None = None
    seconds: float | None = None
    host: str = ""
    backend: str = ""
    source: str = ""          # cli, gui, sweep
    sweep: str = ""           # the sweep's id, for a sweep's trial
    tags: tuple = ()
    note: str = ""


COLUMNS = tuple(f.name for f in fields(RunRow))
#: Columns :meth:`RunIndex.query` can sort by.
SORTABLE = tuple(c for c in COLUMNS if c != "tags")


@dataclass(frozen=True)
class RunFilter:
    """Which runs to list; every field that is set must hold (None: any).

    ``text`` is found (case-insensitively) in the id, name, data, network, optimizer or
    note; ``data`` and ``network`` likewise in those columns; ``tags`` must all be
    present; ``min_best``/``max_best`` bound the best metric; ``since``/``until`` the
    start time.
    """

    text: str | None = None
    data: str | None = None
    network: str | None = None
    optimizer: str | None = None
    tags: tuple = ()
    sweep: str | None = None
    source: str | None = None
    stopped: str | None = None
    metric: str | None = None
    min_best: float | None = None
    max_best: float | None = None
    since: float | None = None
    until: float | None = None


def row_from_summary(run_id: str, summary: dict) -> RunRow:
    """The index row of a run, from its ``summary.json``."""
    best = summary.get("best") or {}
    where = summary.get("where") or {}
    sweep = summary.get("sweep") or {}

    def number(value):
        return float(value) if isinstance(value, (int, float)) and \
            not isinstance(value, bool) else None

    epochs = summary.get("epochs")
    return RunRow(
        id=run_id, created=number(summary.get("started")) or 0.0,
        name=str(summary.get("name") or ""), task=str(summary.get("task") or ""),
        data=str(summary.get("data") or ""), network=str(summary.get("network") or ""),
        optimizer=str(summary.get("optimizer") or ""), lr=number(summary.get("lr")),
        batch_size=str(summary.get("batch_size") or ""),
        epochs=int(epochs) if isinstance(epochs, int) else None,
        stopped=str(summary.get("stopped") or ""), metric=str(best.get("metric") or ""),
        best=number(best.get("value")), seconds=number(summary.get("seconds")),
        host=str(where.get("host") or ""), backend=str(where.get("backend") or ""),
        source=str(summary.get("source") or ""),
        sweep=str(sweep.get("id") or "") if isinstance(sweep, dict) else "",
        tags=tuple(str(t) for t in summary.get("tags") or ()),
        note=str(summary.get("note") or ""))


class RunIndex:
    """The ``index.sqlite3`` of a runs folder. One connection per instance (and thread).

    Parameters
    ----------
    path : Path
        The database file (created with its schema when missing).
    """

    def __init__(self, path):
        self.path = Path(path)
        self._db = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000,
                                   isolation_level=None)
        self._db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = self._db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise sqlite3.OperationalError(f"{self.path}: cannot use WAL mode ({mode})")
        self._db.execute("PRAGMA synchronous = NORMAL")
        if self._db.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            with self.writing() as db:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise sqlite3.DatabaseError(
                        f"{self.path}: written by a newer version of the workbench (schema "
                        f"{version}; this one reads {SCHEMA_VERSION})")
                if version < SCHEMA_VERSION:
                    for statement in _SCHEMA.split(";"):  # (executescript would commit)
                        if statement.strip():
                            db.execute(statement)
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self._db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @contextlib.contextmanager
    def writing(self):
        """One write transaction (``BEGIN IMMEDIATE`` … ``COMMIT``; rolled back on error)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # ---------------------------------------------------------------- writing
    def put(self, row: RunRow) -> None:
        """Insert or replace ``row`` (recording the same run twice keeps one row)."""
        self.put_many([row])

    def put_many(self, rows) -> None:
        with self.writing() as db:
            insert_rows(db, rows)

    def put_missing(self, rows) -> None:
        """Insert the rows whose id has none yet (a row written meanwhile by the process
        that recorded the run is newer than what :meth:`RunStore.repair` read)."""
        with self.writing() as db:
            insert_rows(db, rows, "INSERT OR IGNORE")

    def remove(self, run_ids) -> int:
        """Delete the rows of ``run_ids``; return how many there were."""
        ids = list(run_ids)
        if not ids:
            return 0
        with self.writing() as db:
            return sum(db.execute("DELETE FROM runs WHERE id = ?", (i,)).rowcount
                       for i in ids)

    # ---------------------------------------------------------------- reading
    def get(self, run_id: str) -> RunRow | None:
        found = self._db.execute(f"SELECT {', '.join(COLUMNS)} FROM runs WHERE id = ?",
                                 (run_id,)).fetchone()
        return _row(found) if found else None

    def ids(self) -> set:
        return {r[0] for r in self._db.execute("SELECT id FROM runs")}

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM runs").fetchone()[0]

    def query(self, where: RunFilter | None = None, sort: str = "created",
              descending: bool = True, limit: int | None = None,
              offset: int = 0) -> list[RunRow]:
        """The runs that pass ``where``, sorted by ``sort`` (empty values last)."""
        if sort not in SORTABLE:
            raise ValueError(f"cannot sort by {sort!r}; expected one of {', '.join(SORTABLE)}")
        clauses, args = _clauses(where or RunFilter())
        sql = f"SELECT {', '.join(COLUMNS)} FROM runs"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        order = "DESC" if descending else "ASC"
        sql += f" ORDER BY {sort} IS NULL, {sort} {order}, id {order}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [int(limit), int(offset)]
        return [_row(r) for r in self._db.execute(sql, args)]

    def integrity(self) -> str:
        return self._db.execute("PRAGMA integrity_check").fetchone()[0]


def insert_rows(db, rows, verb: str = "INSERT OR REPLACE") -> None:
    """Insert or replace ``rows`` on ``db`` inside a transaction the caller holds."""
    placeholders = ", ".join("?" for _ in COLUMNS)
    db.executemany(f"{verb} INTO runs ({', '.join(COLUMNS)}) "
                   f"VALUES ({placeholders})", [_values(row) for row in rows])


def _values(row: RunRow) -> tuple:
    return tuple(json.dumps(list(row.tags)) if name == "tags" else getattr(row, name)
                 for name in COLUMNS)


def _row(values) -> RunRow:
    data = dict(zip(COLUMNS, values))
    try:
        data["tags"] = tuple(json.loads(data["tags"] or "[]"))
    except ValueError:
        data["tags"] = ()
    return RunRow(**data)


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _clauses(where: RunFilter):
    clauses, args = [], []
    if where.text:
        clauses.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in
                                          ("id", "name", "data", "network", "optimizer",
                                           "note")) + ")")
        args += [_like(where.text)] * 6
    for column in ("data", "network"):
        if getattr(where, column):
            clauses.append(f"{column} LIKE ? ESCAPE '\\'")
            args.append(_like(getattr(where, column)))
    for column in ("optimizer", "sweep", "source", "stopped", "metric"):
        if getattr(where, column) is not None:
            clauses.append(f"{column} = ?")
            args.append(getattr(where, column))
    for tag in where.tags:
        clauses.append("EXISTS (SELECT 1 FROM json_each(runs.tags) WHERE value = ?)")
        args.append(tag)
    for column, bound, op in (("best", where.min_best, ">="), ("best", where.max_best, "<="),
                              ("created", where.since, ">="), ("created", where.until, "<=")):
        if bound is not None:
            clauses.append(f"{column} {op} ?")
            args.append(float(bound))
    return clauses, args
