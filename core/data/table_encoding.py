"""Turning a table's columns into network inputs: imputation and one-hot encoding.

A table with text categories or missing cells reaches :func:`core.data.spec.prepare` as a
:class:`RawTable`: numeric columns as numbers (NaN where missing), categorical columns as
category codes (NaN where missing). :meth:`TableEncoding.fit` learns, **on the training
rows only**, what each column becomes:

- a numeric column: one input; a missing cell takes the training rows' median (or mean,
  ``data.impute``);
- a categorical column: one input per category seen in the training rows (one-hot), plus
  one for ``(missing)`` when a training row misses it; a category the training rows never
  showed (in the validation rows, or at prediction time) becomes all zeros, counted in
  :class:`EncodingCounts`.

The standardization then works on these inputs as on any. The encoding is stored in the
model file (:meth:`TableEncoding.to_json`), so that a prediction takes raw rows of the
original table, text and gaps included (:meth:`TableEncoding.encode`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from core.data.column_roles import ROLES, number_key
from core.data.numtext import is_number
from core.errors import DataError

IMPUTE = ("median", "mean", "drop")
MISSING = "(missing)"


@dataclass(eq=False)
class RawTable:
    """How the columns of a data set's ``X`` are to be read (before encoding).

    Attributes
    ----------
    names : list of str
        One per column of ``X``.
    roles : list of str
        ``"numeric"`` or ``"categorical"``, one per column of ``X``.
    categories : list of (list of str or None)
        For a categorical column, the category keys its codes index.
    impute : str
        One of :data:`IMPUTE`.
    missing_values : list of str
        The missing markers the file was read with.
    columns : list of dict
        Every column of the file, for the panel: ``name``, ``role`` (incl. ``"target"`` and
        ``"ignore"``), ``detected`` (the role guessed), ``reason``, ``missing`` (share),
        ``distinct``, ``low``, ``high``, ``file_index``.
    dropped_rows : int
        Rows left out (a missing target, or a missing number with ``impute`` "drop").
    file_columns : int
        Columns in the file; ``target_index`` the target's.
    """

    names: list
    roles: list
    categories: list
    impute: str = "median"
    missing_values: list = field(default_factory=list)
    columns: list = field(default_factory=list)
    dropped_rows: int = 0
    file_columns: int = 0
    target_index: int | None = None
    file_indices: list = field(default_factory=list)


@dataclass
class EncodingCounts:
    """What encoding met that training did not prepare for: counts per kind."""

    unknown: int = 0          # categorical cells with a category unseen in training
    unknown_rows: int = 0
    imputed: int = 0          # numeric cells filled with the training median/mean
    examples: list = field(default_factory=list)  # a few "island 'Dream2'"

    def sentence(self) -> str:
        """E.g. ``"2 cells held a category not seen in training (island 'X'), encoded as
        all zeros; 3 missing numbers were filled in."`` or ``""``."""
        parts = []
        if self.unknown:
            shown = ", ".join(self.examples[:3])
            parts.append(f"{self.unknown} cell{'s' if self.unknown != 1 else ''} held a "
                         f"category not seen in training ({shown}), encoded as all zeros")
        if self.imputed:
            parts.append(f"{self.imputed} missing number{'s were' if self.imputed != 1 else ' was'}"
                         " filled in as in training")
        return "; ".join(parts) + "." if parts else ""


@dataclass(eq=False)
class TableEncoding:
    """The learned encoding: per input column, its role and what training learned.

    ``columns[i]`` is ``{"name", "role": "numeric", "fill": float}`` or ``{"name", "role":
    "categorical", "categories": [...], "missing": bool}``; ``file_index`` is where the
    column was in the training file (for files without a header).
    """

    columns: list
    impute: str = "median"
    missing_values: list = field(default_factory=list)
    file_columns: int = 0
    target_index: int | None = None

    # ------------------------------------------------------------ learning
    @classmethod
    def fit(cls, raw: RawTable, X: np.ndarray) -> TableEncoding:
        """Learn the encoding from training rows ``X`` (N, C) of a :class:`RawTable`."""
        columns = []
        for j, (name, role) in enumerate(zip(raw.names, raw.roles)):
            values = X[:, j]
            present = values[~np.isnan(values)]
            entry = {"name": name, "role": role,
                     "file_index": raw.file_indices[j] if raw.file_indices else j}
            if role == "numeric":
                fill = 0.0
                if present.size:
                    fill = float(np.mean(present) if raw.impute == "mean"
                                 else np.median(present))
                entry["fill"] = fill
            else:
                seen = np.unique(present).astype(np.int64)
                entry["categories"] = [raw.categories[j][k] for k in seen]
                entry["missing"] = bool(present.size < values.size)
            columns.append(entry)
        return cls(columns, raw.impute, list(raw.missing_values), raw.file_columns,
                   raw.target_index)

    @property
    def feature_names(self) -> list[str]:
        """The names of the network inputs: ``"bill_length"``, ``"island=Biscoe"``, …"""
        names = []
        for c in self.columns:
            if c["role"] == "numeric":
                names.append(c["name"])
            else:
                names += [f"{c['name']}={k}" for k in c["categories"]]
                if c["missing"]:
                    names.append(f"{c['name']}={MISSING}")
        return names

    @property
    def width(self) -> int:
        return len(self.feature_names)

    # ------------------------------------------------------------ applying
    def transform(self, raw: RawTable, X: np.ndarray) -> tuple[np.ndarray, EncodingCounts]:
        """Encode rows ``X`` of the same :class:`RawTable` (codes index its categories)."""
        parts = []
        for j, c in enumerate(self.columns):
            values = X[:, j]
            if c["role"] == "numeric":
                parts.append((values, None))
            else:
                keys = raw.categories[j]
                codes = np.where(np.isnan(values), -1, values).astype(np.int64)
                parts.append((codes, keys))
        return self._encode(parts)

    def encode(self, parts: list) -> tuple[np.ndarray, EncodingCounts]:
        """Encode columns read from a file: ``parts[i]`` is ``(numbers, None)`` for a numeric
        column (float64, NaN where missing), or ``(codes, keys)`` for a categorical one
        (int codes index ``keys``, -1 where missing)."""
        return self._encode(parts)

    def _encode(self, parts) -> tuple[np.ndarray, EncodingCounts]:
        n = len(parts[0][0]) if parts else 0
        out = np.zeros((n, self.width))
        counts = EncodingCounts()
        unknown_rows = np.zeros(n, bool)
        k = 0
        for c, (values, keys) in zip(self.columns, parts):
            if c["role"] == "numeric":
                gaps = np.isnan(values)
                out[:, k] = np.where(gaps, c["fill"], values)
                counts.imputed += int(np.count_nonzero(gaps))
                k += 1
                continue
            position = {key: i for i, key in enumerate(c["categories"])}
            local = np.array([position.get(key, -1) for key in keys] + [-1], np.int64)
            width = len(c["categories"]) + (1 if c["missing"] else 0)
            idx = local[np.where(values < 0, len(keys), values)]
            missing = values < 0
            if c["missing"]:
                idx[missing] = width - 1
            unknown = idx < 0
            hit = np.flatnonzero(~unknown)
            out[hit, k + idx[hit]] = 1.0
            if unknown.any():
                counts.unknown += int(np.count_nonzero(unknown))
                unknown_rows |= unknown
                bad = values[unknown]
                for code in np.unique(bad)[:3]:
                    shown = keys[code] if code >= 0 else MISSING
                    counts.examples.append(f"{c['name']} '{shown}'")
            k += width
        counts.unknown_rows = int(np.count_nonzero(unknown_rows))
        return out, counts

    # ------------------------------------------------------------ storing
    def to_json(self) -> dict:
        """Plain JSON values (stored in the model file as ``preprocess.encoding``)."""
        return {"columns": [dict(c) for c in self.columns], "impute": self.impute,
                "missing_values": list(self.missing_values),
                "file_columns": self.file_columns, "target_index": self.target_index}

    @classmethod
    def from_json(cls, doc, source: str) -> TableEncoding:
        """Rebuild from :meth:`to_json`; :class:`DataError` naming what is malformed."""
        where = f"{source}: preprocess.encoding"
        if not isinstance(doc, dict) or not isinstance(doc.get("columns"), list) \
                or not doc["columns"]:
            raise DataError(f"{where}: expected an object with a non-empty list \"columns\"")
        columns = []
        for i, c in enumerate(doc["columns"]):
            at = f"{where}.columns[{i}]"
            if not isinstance(c, dict) or not isinstance(c.get("name"), str) \
                    or c.get("role") not in ROLES[:2]:
                raise DataError(f"{at}: expected {{\"name\": text, \"role\": \"numeric\" or "
                                "\"categorical\"}")
            index = c.get("file_index", i)
            if isinstance(index, bool) or not isinstance(index, int) or index < 0:
                raise DataError(f"{at}.file_index: expected a column index ≥ 0")
            if c["role"] == "numeric":
                fill = c.get("fill")
                if isinstance(fill, bool) or not isinstance(fill, (int, float)) \
                        or not np.isfinite(fill):
                    raise DataError(f"{at}.fill: expected a finite number")
                columns.append({"name": c["name"], "role": "numeric", "file_index": index,
                                "fill": float(fill)})
            else:
                cats = c.get("categories")
                if not isinstance(cats, list) or not all(isinstance(k, str) for k in cats) \
                        or len(set(cats)) != len(cats) or not isinstance(c.get("missing"), bool):
                    raise DataError(f"{at}: expected \"categories\" (distinct texts) and "
                                    "\"missing\" (true or false)")
                columns.append({"name": c["name"], "role": "categorical", "file_index": index,
                                "categories": list(cats), "missing": c["missing"]})
        impute = doc.get("impute", "median")
        markers = doc.get("missing_values", [])
        if impute not in IMPUTE or not isinstance(markers, list) \
                or not all(isinstance(m, str) for m in markers):
            raise DataError(f"{where}: \"impute\" must be one of {', '.join(IMPUTE)} and "
                            "\"missing_values\" a list of texts")
        file_columns = doc.get("file_columns", 0)
        target = doc.get("target_index")
        if isinstance(file_columns, bool) or not isinstance(file_columns, int) \
                or (target is not None and (isinstance(target, bool)
                                            or not isinstance(target, int))):
            raise DataError(f"{where}: \"file_columns\" and \"target_index\" must be integers")
        return cls(columns, impute, markers, file_columns, target)


def category_key(cell: str) -> str:
    """The category key of a raw cell (stripped text; a number by its value)."""
    cell = cell.strip()
    return number_key(float(cell)) if is_number(cell) else cell
