"""The target column of a CSV file, read as numbers while every cell is one, else as text
labels numbered as they come (4 bytes per row, never an array of N strings).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from core.data.numtext import is_number
from core.errors import DataError
from core.files.read_limits import MAX_TEXT_CHARS

if TYPE_CHECKING:
    from core.data.csvchunks import CsvTable


class TextTarget(Exception):
    """The target column turned out to hold text after numeric rows: read it again."""


@dataclass
class Labels:
    """A text target column: ``codes[i]`` indexes ``names`` (in order of appearance)."""

    codes: np.ndarray
    names: list[str]

    def encode(self, task: str | None, where: str) -> tuple[np.ndarray, str, list[str]]:
        """``(y, task, class_names)`` exactly as :func:`~core.data.dataset.encode_target`
        gives them for text labels (classes numbered in sorted order), without building an
        array of N strings."""
        if task == "regression":
            first = next(name for name in self.names if not is_number(name))
            raise DataError(f"{where} holds text such as '{first}'; regression needs numbers")
        order = sorted(range(len(self.names)), key=self.names.__getitem__)
        rank = np.empty(len(order), np.int64)
        rank[order] = np.arange(len(order))
        return rank[self.codes], "classification", [self.names[k] for k in order]


class TargetColumn:
    """The target column, read as numbers while every cell is one, else as text labels."""

    def __init__(self, table: CsvTable, column: int, upper: int, text: bool):
        self.table, self.column, self.text = table, column, text
        self.numbers = None if text else np.empty(upper)
        self.codes = np.empty(upper, np.int32) if text else None
        self.index: dict[str, int] = {}
        self.non_finite = None  # (line, cell) of the first NaN/inf, refused if numeric

    def add_numbers(self, values: np.ndarray, n: int) -> None:
        self.numbers[n:n + len(values)] = values

    def add_cells(self, cells: list[str], lines: list[int], n: int) -> None:
        table = self.table
        where = f"target {table.column(self.column)}"
        if not self.text:
            try:
                values = np.array(cells, dtype=np.float64)
            except ValueError:
                values = None
            if values is not None:
                self.numbers[n:n + len(values)] = values
                bad = np.flatnonzero(~np.isfinite(values))
                if bad.size and self.non_finite is None:
                    self.non_finite = (lines[int(bad[0])], cells[int(bad[0])])
                return
            for cell, line in zip(cells, lines):
                if not cell:
                    raise DataError(f"{table.path}: row {line}, {where} is empty; every row "
                                    "needs a target")
            raise TextTarget  # rows so far were kept as numbers only: read it again as text
        index, codes = self.index, self.codes
        for i, (cell, line) in enumerate(zip(cells, lines), n):
            code = index.get(cell)
            if code is None:
                if not cell:
                    raise DataError(f"{table.path}: row {line}, {where} is empty; every row "
                                    "needs a target")
                if len(cell) > MAX_TEXT_CHARS:
                    raise DataError(f"{table.path}: row {line}, {where} holds a text of "
                                    f"{len(cell):,} characters; class labels are at most "
                                    f"{MAX_TEXT_CHARS}")
                code = index[cell] = len(index)
            codes[i] = code

    def finish(self, n: int):
        if self.text:
            return Labels(self.codes[:n].astype(np.int64), list(self.index))
        if self.non_finite is not None:
            line, cell = self.non_finite
            raise DataError(f"{self.table.path}: row {line}, target "
                            f"{self.table.column(self.column)} is '{cell}'; expected a finite "
                            "number or a class label")
        return self.numbers[:n]
