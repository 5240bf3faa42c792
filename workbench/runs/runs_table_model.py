"""The table of recorded runs: one row per :class:`core.runs.index.RunRow`.

A plain list model (ten thousand runs fill it at once, no item per cell); a
:class:`RunsProxy` on top sorts by each column's value (dates and numbers as numbers,
empty cells last) and filters by text found in any column.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)

#: The role that holds a cell's value for sorting, and the one that holds the run id.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


def _number(value, digits: str = ".4g") -> str:
    return "" if value is None else format(value, digits)


def _seconds(value) -> str:
    if value is None:
        return ""
    return f"{value:.2f} s" if value < 10 else f"{value:.0f} s"


#: (header, tooltip, display text, sort value) per column.
COLUMNS = (
    ("Date", "when the run started",
     lambda r: time.strftime("%Y-%m-%d %H:%M", time.localtime(r.created)), lambda r: r.created),
    ("Name", "the experiment's name", lambda r: r.name, lambda r: r.name.lower()),
    ("Data", "the data in a few words", lambda r: r.data, lambda r: r.data.lower()),
    ("Network", "inputs-units-…-outputs and the layer types", lambda r: r.network,
     lambda r: r.network),
    ("Optimizer", "", lambda r: r.optimizer, lambda r: r.optimizer),
    ("lr", "learning rate", lambda r: _number(r.lr), lambda r: r.lr),
    ("Epochs", "epochs trained", lambda r: _number(r.epochs, "d"), lambda r: r.epochs),
    ("Best", "the best validation metric over the epochs (accuracy, or RMSE for regression)",
     lambda r: f"{r.metric.replace('val_', '')} {_number(r.best)}" if r.best is not None
     else "", lambda r: r.best),
    ("Time", "seconds of training", lambda r: _seconds(r.seconds), lambda r: r.seconds),
    ("Source", "what started the run: the GUI, train at the command line, or a sweep",
     lambda r: r.source, lambda r: r.source),
    ("Tags", "", lambda r: ", ".join(r.tags), lambda r: ", ".join(r.tags)),
    ("Note", "", lambda r: r.note.splitlines()[0] if r.note else "", lambda r: r.note),
)
#: The headers and tooltips above, marked for lupdate (translated in :meth:`headerData`).
_TRANSLATED = (
    QT_TRANSLATE_NOOP("RunsTableModel", "Date"),
    QT_TRANSLATE_NOOP("RunsTableModel", "when the run started"),
    QT_TRANSLATE_NOOP("RunsTableModel", "Name"),
    QT_TRANSLATE_NOOP("RunsTableModel", "the experiment's name"),
    QT_TRANSLATE_NOOP("RunsTableModel", "Data"),
    QT_TRANSLATE_NOOP("RunsTableModel", "the data in a few words"),
    QT_TRANSLATE_NOOP("RunsTableModel", "Network"),
    QT_TRANSLATE_NOOP("RunsTableModel", "inputs-units-…-outputs and the layer types"),
    QT_TRANSLATE_NOOP("RunsTableModel", "Optimizer"),
    QT_TRANSLATE_NOOP("RunsTableModel", "learning rate"),
    QT_TRANSLATE_NOOP("RunsTableModel", "Epochs"),
    QT_TRANSLATE_NOOP("RunsTableModel", "epochs trained"),
    QT_TRANSLATE_NOOP("RunsTableModel", "Best"),
    QT_TRANSLATE_NOOP("RunsTableModel",
                      "the best validation metric over the epochs (accuracy, or RMSE for "
                      "regression)"),
    QT_TRANSLATE_NOOP("RunsTableModel", "Time"),
    QT_TRANSLATE_NOOP("RunsTableModel", "seconds of training"),
    QT_TRANSLATE_NOOP("RunsTableModel", "Source"),
    QT_TRANSLATE_NOOP("RunsTableModel",
                      "what started the run: the GUI, train at the command line, or a sweep"),
    QT_TRANSLATE_NOOP("RunsTableModel", "Tags"),
    QT_TRANSLATE_NOOP("RunsTableModel", "Note"),
)
DATE, NAME, DATA, NETWORK, OPTIMIZER, LR, EPOCHS, BEST, TIME, SOURCE, TAGS, NOTE = \
    range(len(COLUMNS))


class RunsTableModel(QAbstractTableModel):
    """The runs, as rows of :data:`COLUMNS`."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []

    def set_rows(self, rows: list) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # Qt override
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # Qt override
        if not index.isValid():
            return None
        row, (_title, _tip, text, key) = self.rows[index.row()], COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return text(row)
        if role == SORT_ROLE:
            return key(row)
        if role == ID_ROLE:
            return row.id
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == NOTE and row.note:
                return row.note
            return f"{row.id}: {row.stopped.replace('_', ' ')}" + \
                (f", on {row.host}" if row.host else "")
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (LR, EPOCHS, BEST,
                                                                             TIME):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # Qt override
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("RunsTableModel", COLUMNS[section][0])
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = COLUMNS[section][1]
            return QCoreApplication.translate("RunsTableModel", tip) if tip else None
        return None


class RunsProxy(QSortFilterProxyModel):
    """Sorts by :data:`SORT_ROLE` (missing values last either way) and keeps the rows in
    which any column contains the filter text (case-insensitive)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterKeyColumn(-1)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def lessThan(self, left, right) -> bool:  # Qt override
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        a_missing = a is None or (isinstance(a, float) and math.isnan(a))
        b_missing = b is None or (isinstance(b, float) and math.isnan(b))
        if a_missing or b_missing:
            # missing last in ascending order and in descending order alike
            descending = self.sortOrder() == Qt.SortOrder.DescendingOrder
            return (not a_missing and b_missing) != descending if a_missing != b_missing \
                else False
        return a < b
