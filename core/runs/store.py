"""The run store: a runs folder with one folder per run and an SQLite index.

::

    RUNS/index.sqlite3            the index (core.runs.index), rebuilt from the folders
    RUNS/20260512-170740-3fa9c1/  one run: experiment.json, model.npz, history.csv,
                                  summary.json (and histograms.npz)

Several processes may record, list, tag and delete at once. Each step is ordered so that
a crash at any point leaves nothing that :meth:`RunStore.repair` (called by
:meth:`RunStore.list`) cannot mend:

- recording writes every file into ``.partial-ID-*`` (flushed to disk), renames that
  folder to ``ID`` (atomic), and only then adds the index row. A crash before the rename
  leaves a partial folder (removed once stale); after it, a folder without a row (indexed
  again from its ``summary.json``).
- deleting renames ``ID`` to ``.deleted-ID-*`` (atomic), then removes the row, then the
  folder. A crash leaves a row without a folder (dropped) or a ``.deleted-`` folder
  (removed); a deleted run never comes back.
- tags and notes are written to ``summary.json`` (atomically) and to the row inside one
  index write transaction, which serializes them between processes.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import WorkbenchError
from core.files import strict_json
from core.files.atomic_write import write_bytes_atomic
from core.files.read_limits import read_regular_bytes
from core.io import experiment_file as experiment_file_module
from core.runs.history import read_history_csv
from core.runs.index import RunFilter, RunIndex, RunRow, insert_rows, row_from_summary
from core.runs.location import runs_dir
from core.runs.run_files import RunFiles, summary_bytes

INDEX_NAME = "index.sqlite3"
SUMMARY_NAME = "summary.json"
#: What a run id looks like (also a safe folder name on every system).
RUN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
_PARTIAL, _TRASH = ".partial-", ".deleted-"
#: A partial folder older than this belongs to a recording that died.
STALE_PARTIAL_SECONDS = 3600
MAX_SUMMARY_BYTES = 4 * 2**20


class RunStoreError(WorkbenchError):
    """The runs folder or its index cannot be used (names the folder or file)."""


class RunNotFound(WorkbenchError):
    """No run has the id asked for."""


@dataclass(frozen=True)
class RunDetails:
    """Everything stored about one run (``show``)."""

    row: RunRow
    folder: Path
    summary: dict
    files: tuple
    history: list = field(default_factory=list)


@dataclass(frozen=True)
class RepairReport:
    """What :meth:`RunStore.repair` mended."""

    dropped_rows: tuple = ()       # rows whose folder was gone
    indexed_folders: tuple = ()    # folders that had no row
    unreadable: tuple = ()         # folders without a readable summary.json (left alone)
    removed_leftovers: int = 0     # .partial-/.deleted- folders removed


def new_run_id(started: float | None = None) -> str:
    """``YYYYmmdd-HHMMSS-xxxxxx`` (local time, random suffix)."""
    started = time.time() if started is None else started
    return time.strftime("%Y%m%d-%H%M%S", time.localtime(started)) + "-" + secrets.token_hex(3)


class RunStore:
    """The runs folder (see the module docstring).

    Parameters
    ----------
    path : str or Path, optional
        The runs folder; default :func:`core.runs.location.runs_dir` (the
        ``NN_WORKBENCH_RUNS`` variable, else the per-user data folder). Created if missing.
    """

    def __init__(self, path=None):
        self.path = runs_dir(path)
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            self.index = RunIndex(self.path / INDEX_NAME)
        except OSError as exc:
            raise RunStoreError(f"{self.path}: cannot be used as the runs folder "
                                f"({exc.strerror or exc})") from None
        except sqlite3.Error as exc:
            raise RunStoreError(f"{self.path / INDEX_NAME}: cannot be opened as the runs "
                                f"index ({exc})") from None

    def close(self) -> None:
        self.index.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---------------------------------------------------------------- recording
    def record(self, run: RunFiles, *, run_id: str | None = None, tags=(),
               note: str = "") -> str:
        """Write a finished run into its own folder and index it; return its id.

        ``run_id`` defaults to :func:`new_run_id`; recording an id that exists replaces
        that run (a sweep's coordinator records each trial under a fixed id).

        Raises
        ------
        RunStoreError
            The folder cannot be written (the message names it and why).
        """
        run_id = run_id or new_run_id(run.summary.get("started"))
        self._check_id(run_id)
        summary = dict(run.summary, id=run_id, tags=_clean_tags(tags), note=str(note))
        files = dict(run.files, **{SUMMARY_NAME: summary_bytes(summary)})
        target = self.path / run_id
        try:
            partial = Path(tempfile.mkdtemp(prefix=f"{_PARTIAL}{run_id}-", dir=self.path))
            try:
                for name, data in files.items():
                    _write_flushed(partial / name, data)
                if target.exists():
                    self._move_to_trash(target, run_id)
                partial.rename(target)
            except BaseException:
                shutil.rmtree(partial, ignore_errors=True)
                raise
            _sync_folder(self.path)
            self.index.put(row_from_summary(run_id, summary))
        except OSError as exc:
            raise RunStoreError(f"{exc.filename or self.path}: cannot record the run "
                                f"({exc.strerror or exc})") from None
        except sqlite3.Error as exc:
            raise RunStoreError(f"{self.index.path}: cannot record the run ({exc}); its "
                                f"folder {target} is kept and indexed on the next listing") \
                from None
        self._empty_trash()
        return run_id

    # ---------------------------------------------------------------- reading
    def list(self, where: RunFilter | None = None, sort: str = "created",
             descending: bool = True, limit: int | None = None, offset: int = 0,
             repair: bool = True) -> list[RunRow]:
        """The runs that pass ``where``, sorted by a column of
        :data:`core.runs.index.SORTABLE` (newest first by default). With ``repair``, the
        index is first made to agree with the folders (:meth:`repair`)."""
        if repair:
            self.repair()
        return self.index.query(where, sort, descending, limit, offset)

    def get(self, run_id: str) -> RunRow:
        """The index row of one run."""
        self._check_id(run_id)
        row = self.index.get(run_id)
        if row is None or not (self.path / run_id).is_dir():
            raise RunNotFound(f"{run_id}: no such run in {self.path}")
        return row

    def folder(self, run_id: str) -> Path:
        """The folder of a run (checked to exist)."""
        self.get(run_id)
        return self.path / run_id

    def show(self, run_id: str) -> RunDetails:
        """A run's row, summary, file names and history."""
        row = self.get(run_id)
        folder = self.path / run_id
        summary = _read_summary(folder / SUMMARY_NAME)
        try:
            history = read_history_csv((folder / "history.csv").read_text("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError):
            history = []
        names = tuple(sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")))
        return RunDetails(row, folder, summary, names, history)

    def experiment(self, run_id: str) -> dict:
        """The run's experiment, validated (:func:`core.io.experiment_file.load`)."""
        return experiment_file_module.load(self.folder(run_id) / "experiment.json")

    def model_path(self, run_id: str) -> Path:
        return self.folder(run_id) / "model.npz"

    # ---------------------------------------------------------------- changing
    def delete(self, run_id: str) -> None:
        """Delete a run: its folder and its row (see the module docstring for the order)."""
        self._check_id(run_id)
        folder = self.path / run_id
        try:
            moved = self._move_to_trash(folder, run_id) if folder.is_dir() else None
        except OSError as exc:
            raise RunStoreError(f"{folder}: cannot be deleted ({exc.strerror or exc})") \
                from None
        removed = self.index.remove([run_id])
        if moved is None and not removed:
            raise RunNotFound(f"{run_id}: no such run in {self.path}")
        self._empty_trash()

    def set_tags(self, run_id: str, tags) -> list:
        """Replace a run's tags; return them (stripped, without duplicates)."""
        return self._update(run_id, lambda s: dict(s, tags=list(_clean_tags(tags))))["tags"]

    def add_tags(self, run_id: str, tags) -> list:
        return self._update(run_id, lambda s: dict(s, tags=list(_clean_tags(
            list(s.get("tags") or []) + list(tags)))))["tags"]

    def remove_tags(self, run_id: str, tags) -> list:
        gone = set(_clean_tags(tags))
        return self._update(run_id, lambda s: dict(s, tags=[
            t for t in s.get("tags") or [] if t not in gone]))["tags"]

    def set_note(self, run_id: str, note: str) -> None:
        self._update(run_id, lambda s: dict(s, note=str(note)))

    def _update(self, run_id: str, change) -> dict:
        self._check_id(run_id)
        path = self.path / run_id / SUMMARY_NAME
        with self.index.writing() as db:
            if not path.parent.is_dir():
                raise RunNotFound(f"{run_id}: no such run in {self.path}")
            summary = change(_read_summary(path))
            summary["tags"] = list(_clean_tags(summary.get("tags") or []))
            try:
                write_bytes_atomic(path, summary_bytes(summary))
            except OSError as exc:
                raise RunStoreError(f"{path}: cannot be written ({exc.strerror or exc})") \
                    from None
            insert_rows(db, [row_from_summary(run_id, summary)])
        return summary

    # ---------------------------------------------------------------- repair
    def repair(self) -> RepairReport:
        """Make the index agree with the folders: drop rows whose folder is gone, index
        folders that have no row, remove leftovers of interrupted records and deletes."""
        ids = self.index.ids()
        folders, leftovers = set(), 0
        now = time.time()
        with os.scandir(self.path) as entries:
            for entry in entries:
                if not entry.is_dir(follow_symlinks=False):
                    continue
                name = entry.name
                if name.startswith(_TRASH) or (name.startswith(_PARTIAL) and _older(
                        entry, now, STALE_PARTIAL_SECONDS)):
                    shutil.rmtree(entry.path, ignore_errors=True)
                    leftovers += 1
                elif RUN_ID.fullmatch(name):
                    folders.add(name)
        gone = tuple(sorted(i for i in ids - folders if not (self.path / i).is_dir()))
        if gone:
            self.index.remove(gone)
        rows, unreadable = [], []
        for run_id in sorted(folders - ids):
            try:
                rows.append(row_from_summary(run_id, _read_summary(self.path / run_id /
                                                                   SUMMARY_NAME)))
            except RunStoreError:
                unreadable.append(run_id)
        if rows:
            self.index.put_missing(rows)
        return RepairReport(gone, tuple(r.id for r in rows), tuple(unreadable), leftovers)

    # ---------------------------------------------------------------- internals
    def _check_id(self, run_id) -> None:
        if not isinstance(run_id, str) or not RUN_ID.fullmatch(run_id):
            raise RunNotFound(f"{run_id!r}: not a run id (letters, digits, '.', '_' and '-', "
                              "starting with a letter or digit)")

    def _move_to_trash(self, folder: Path, run_id: str) -> Path:
        trash = self.path / f"{_TRASH}{run_id}-{secrets.token_hex(4)}"
        folder.rename(trash)
        return trash

    def _empty_trash(self) -> None:
        with os.scandir(self.path) as entries:
            for entry in entries:
                if entry.name.startswith(_TRASH):
                    shutil.rmtree(entry.path, ignore_errors=True)


def _clean_tags(tags) -> tuple:
    if isinstance(tags, str):
        tags = [tags]
    out = []
    for tag in tags:
        tag = str(tag).strip()
        if tag and tag not in out:
            out.append(tag)
    return tuple(out)


def _read_summary(path: Path) -> dict:
    try:
        data = read_regular_bytes(path, MAX_SUMMARY_BYTES, "a run summary (JSON) file",
                                  RunStoreError)
        summary = strict_json.loads(data, str(path), RunStoreError)
    except OSError as exc:
        raise RunStoreError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not isinstance(summary, dict):
        raise RunStoreError(f"{path}: expected a JSON object")
    return summary


def _older(entry, now: float, seconds: float) -> bool:
    try:
        return now - entry.stat(follow_symlinks=False).st_mtime > seconds
    except OSError:
        return False


def _write_flushed(path: Path, data: bytes) -> None:
    with open(path, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _sync_folder(folder: Path) -> None:
    """Flush a folder's entries (the rename) to disk, where the system allows."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

