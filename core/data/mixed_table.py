"""A :class:`~core.data.dataset.Dataset` from a table of mixed columns: roles, target, rows.

:func:`mixed_dataset` takes the columns :func:`core.data.csv_mixed.read_mixed` read, gives
each its role (chosen in ``data.columns``, else detected:
:func:`core.data.column_roles.detect_role`), leaves out the rows without a target (and,
with ``impute`` "drop", those missing a number), and returns a data set whose ``X`` holds
numbers (NaN where missing) and category codes, described by a
:class:`~core.data.table_encoding.RawTable` that :func:`core.data.spec.prepare` encodes
after the split.

A table of numbers only, without gaps, keeps every column numeric unless ``data.columns``
says otherwise: image tables such as MNIST keep all their pixels.
"""

from __future__ import annotations

import numpy as np

from core.data.column_profile import MAX_PROFILED, categories, histogram
from core.data.column_roles import MAX_ONE_HOT, column_key, detect_role
from core.data.csv_mixed import RawColumn
from core.data.csvchunks import CsvTable
from core.data.dataset import Dataset, encode_target
from core.data.table_encoding import RawTable
from core.errors import DataError


def check_column_names(table: CsvTable, columns: dict) -> None:
    """:class:`DataError` when ``data.columns`` names a column the file does not have."""
    known = [column_key(table.names, j) for j in range(table.ncols)]
    for name in columns:
        if name not in known:
            shown = ", ".join(f"'{c}'" for c in known[:12])
            more = f" … ({len(known)} in all)" if len(known) > 12 else ""
            raise DataError(f"data.columns.{name}: {table.path} has no such column; the "
                            f"columns are {shown}{more}")


def mixed_dataset(table: CsvTable, raws: list[RawColumn], t: int, task, columns: dict,
                  missing_values: list, impute: str) -> Dataset:
    """The data set of a mixed table (``raws``: the feature columns, then the target)."""
    features, target = raws[:-1], raws[-1]
    names = [column_key(table.names, c.index) for c in features]
    facts = [c.facts(name) for c, name in zip(features, names)]
    plain = not any(f.missing or f.texts for f in facts)
    info, roles = [], []
    for column, name, f in zip(features, names, facts):
        detected, reason = ("numeric", "numbers") if plain else detect_role(f)
        role = columns.get(name, detected)
        roles.append(role)
        info.append(_info(f, column.index, role, detected, reason, name in columns))
    target_name = column_key(table.names, t)
    info.insert(t, _info(target.facts(target_name), t, "target", "target", "the column to "
                         "predict", False))
    by_index = {c.index: c for c in raws}
    for entry in info[:MAX_PROFILED]:
        entry["profile"] = _profile(by_index[entry["file_index"]], entry)
    keep = ~target.is_missing
    used = [k for k, role in enumerate(roles) if role != "ignore"]
    if not used:
        raise DataError(f"{table.path}: every column besides the target is set to ignore; "
                        "expected at least one numeric or categorical column")
    for k in used:
        if roles[k] == "numeric" and features[k].first_text is not None:
            i, cell = features[k].first_text
            shown = cell if len(cell) <= 40 else cell[:30] + "…"
            raise DataError(f"{table.path}: {table.row(i)}, {table.column(features[k].index)} "
                            f"holds '{shown}', which is neither a number nor a missing marker "
                            f"({_markers(missing_values)}); mark the column categorical or "
                            "ignore")
        if impute == "drop" and roles[k] == "numeric":
            keep &= ~features[k].is_missing
    rows = np.flatnonzero(keep)
    if rows.size == 0:
        why = " or a number" if impute == "drop" else ""
        raise DataError(f"{table.path}: every row misses its target{why}; expected rows with "
                        "values")
    X = np.empty((rows.size, len(used)))
    categories = []
    for out, k in enumerate(used):
        column = features[k].take(rows)
        if roles[k] == "numeric":
            X[:, out] = column.numbers
            categories.append(None)
            continue
        codes, keys = column.categories()
        if len(keys) > MAX_ONE_HOT:
            raise DataError(f"{table.path}: {table.column(column.index)} has {len(keys):,} "
                            f"distinct values; one-hot encoding makes one input per value, at "
                            f"most {MAX_ONE_HOT:,} (mark it numeric or ignore)")
        X[:, out] = codes
        categories.append(keys)
    y, task, class_names = _target(table, target.take(rows), t, task)
    raw = RawTable([names[k] for k in used], [roles[k] for k in used], categories, impute,
                   list(missing_values), info, int(len(keep) - rows.size), table.ncols, t,
                   [features[k].index for k in used])
    return Dataset(X, y, task, raw.names, class_names, table.path.name, table=raw,
                   columns=info)


def _target(table: CsvTable, target: RawColumn, t: int, task):
    where = f"{table.path}: target {table.column(t)}"
    if target.first_text is None:
        return encode_target(target.numbers, task, where, row_name=table.row)
    if task == "regression":
        raise DataError(f"{where} holds text such as '{target.first_text[1]}'; regression "
                        "needs numbers")
    codes, keys = target.categories()
    order = sorted(range(len(keys)), key=keys.__getitem__)
    rank = np.empty(len(order), np.int64)
    rank[order] = np.arange(len(order))
    return rank[codes.astype(np.int64)], "classification", [keys[k] for k in order]


def _info(f, index: int, role: str, detected: str, reason: str, chosen: bool) -> dict:
    share = f.missing / f.rows if f.rows else 0.0
    return {"name": f.name, "file_index": index, "role": role, "detected": detected,
            "reason": reason, "chosen": chosen, "missing": share, "distinct": f.distinct,
            "texts": f.texts > 0, "low": f.low, "high": f.high}


def _profile(column: RawColumn, entry: dict) -> dict | None:
    """A categorical or text column's top categories, else its histogram."""
    if entry["role"] == "categorical" or entry["texts"]:
        return categories(*column.categories())
    return histogram(column.numbers)


def numeric_info(names: list[str], indices: list[int], X: np.ndarray, t: int,
                 target_name: str) -> list[dict]:
    """The panel's column list for a table of numbers only (every column numeric)."""
    low = X.min(axis=0) if len(X) else np.full(X.shape[1], np.nan)
    high = X.max(axis=0) if len(X) else np.full(X.shape[1], np.nan)
    info = [{"name": name, "file_index": j, "role": "numeric", "detected": "numeric",
             "reason": "numbers", "chosen": False, "missing": 0.0, "distinct": None,
             "texts": False, "low": float(lo), "high": float(hi)}
            for name, j, lo, hi in zip(names, indices, low, high)]
    for k, entry in enumerate(info[:MAX_PROFILED]):
        entry["profile"] = histogram(X[:, k])
    info.insert(t, {"name": target_name, "file_index": t, "role": "target",
                    "detected": "target", "reason": "the column to predict", "chosen": False,
                    "missing": 0.0, "distinct": None, "texts": False, "low": float("nan"),
                    "high": float("nan")})
    return info


def _markers(markers) -> str:
    shown = [f"'{m}'" if m else "an empty cell" for m in markers[:6]]
    return ", ".join(shown) if shown else "none set"

