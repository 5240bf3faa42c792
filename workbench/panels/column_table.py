"""The Data panel's list of a table's columns, where a column's role changes in one click.

One row per column of the file: its name, its role (a combo box: numeric, categorical or
ignore; the target column says "target"), the share of missing cells, and its values (how
many distinct ones, or the range of its numbers). The roles come from the loaded data's
summary (:func:`core.data.spec.prepare`: ``summary["columns"]``); choosing another emits
:attr:`ColumnTable.role_chosen`, which the panel turns into an undoable edit of
``data.columns``.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
)

from core.data.column_roles import ROLES
from workbench.i18n import counted

#: Rows shown at most (a wide image table has hundreds of pixel columns).
MAX_ROWS = 300
#: The name column is as wide as the longest name up to this (longer ones are elided).
MAX_NAME_WIDTH = 110
#: What the combo boxes say (short: the Data column is narrow on a laptop).
ROLE_TEXT = {"numeric": QT_TRANSLATE_NOOP("ColumnTable", "number"),
             "categorical": QT_TRANSLATE_NOOP("ColumnTable", "category"),
             "ignore": QT_TRANSLATE_NOOP("ColumnTable", "ignore")}
#: The item data role holding a column's profile (``{"kind", "counts", ...}``).
PROFILE_ROLE = Qt.ItemDataRole.UserRole + 1
#: Opacity (0-255) of the bars drawn behind the Values column's text.
BAR_ALPHA = 70
ROLE_HELP = {"numeric": QT_TRANSLATE_NOOP(
                 "ColumnTable", "a number: one input, a missing cell filled with the training "
                 "median"),
             "categorical": QT_TRANSLATE_NOOP(
                 "ColumnTable", "categories: one input per value seen in training (one-hot)"),
             "ignore": QT_TRANSLATE_NOOP(
                 "ColumnTable", "not an input (an ID, a constant or free text)")}


def role_text(role: str) -> str:
    """A column role as the combo boxes name it, in the interface's language."""
    return QCoreApplication.translate("ColumnTable", ROLE_TEXT.get(role, role))


class SparklineDelegate(QStyledItemDelegate):
    """Draws a cell's profile (:data:`PROFILE_ROLE`) as translucent bars over its text,
    scaled to the tallest bar and filling the cell (no extra column: the Data column is
    narrow)."""

    def paint(self, painter: QPainter, option, index) -> None:
        super().paint(painter, option, index)
        profile = index.data(PROFILE_ROLE)
        bars = bar_rects(profile, QRectF(option.rect))
        if not bars:
            return
        colour = QColor(option.palette.color(QPalette.ColorRole.Highlight))
        colour.setAlpha(BAR_ALPHA)
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        for bar in bars:
            painter.drawRect(bar)
        painter.restore()


def bar_rects(profile: dict | None, cell: QRectF) -> list[QRectF]:
    """The bars of ``profile`` in ``cell`` (a margin of 2 px; a gap of 1 px between bars
    when there is room; bars of zero count left out)."""
    if not profile or not profile.get("counts"):
        return []
    counts = profile["counts"]
    tallest = max(counts) or 1
    area = cell.adjusted(2, 3, -2, -3)
    if area.width() <= 0 or area.height() <= 0:
        return []
    step = area.width() / len(counts)
    gap = 1.0 if step >= 3 else 0.0
    out = []
    for k, count in enumerate(counts):
        if count > 0:
            height = max(1.0, area.height() * count / tallest)
            out.append(QRectF(area.left() + k * step, area.bottom() - height,
                              max(1.0, step - gap), height))
    return out


class ColumnTable(QTableWidget):
    """The columns of the data file and their roles.

    Signals
    -------
    role_chosen(str, str)
        The person chose role ``role`` for the column named ``name``.
    """

    role_chosen = Signal(str, str)

    def __init__(self, parent=None):
        super().__init__(0, 4, parent)
        self.setObjectName("column_table")
        self.setHorizontalHeaderLabels([self.tr("Column"), self.tr("Role"), self.tr("Missing"),
                                        self.tr("Values")])
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        for k in (1, 2):
            header.setSectionResizeMode(k, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.sparkline_delegate = SparklineDelegate(self)
        self.setItemDelegateForColumn(3, self.sparkline_delegate)
        header.setMinimumSectionSize(30)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(26)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setAlternatingRowColors(True)
        self.setMinimumHeight(120)
        self.setMaximumHeight(240)
        self.columns: list[dict] = []

    def role_combo(self, name: str) -> QComboBox | None:
        """The role combo box of the column ``name`` (None for the target, or not shown)."""
        for row, info in enumerate(self.columns[:MAX_ROWS]):
            if info["name"] == name:
                widget = self.cellWidget(row, 1)
                return widget if isinstance(widget, QComboBox) else None
        return None

    def show_columns(self, columns: list[dict]) -> None:
        """Show ``columns`` (``summary["columns"]``: name, role, detected, reason, missing,
        distinct, low, high, texts, chosen)."""
        self.columns = list(columns)
        shown = self.columns[:MAX_ROWS]
        self.setRowCount(len(shown))
        bold = QFont()
        bold.setBold(True)
        for row, info in enumerate(shown):
            name = QTableWidgetItem(info["name"])
            name.setToolTip(info["name"])
            self.setItem(row, 0, name)
            if info["role"] == "target":
                item = QTableWidgetItem(self.tr("target"))
                item.setFont(bold)
                item.setToolTip(self.tr("the column to predict (choose it above)"))
                self.removeCellWidget(row, 1)
                self.setItem(row, 1, item)
            else:
                self.setItem(row, 1, QTableWidgetItem(""))
                self.setCellWidget(row, 1, self._combo(info))
            missing = QTableWidgetItem(_percent(info["missing"]))
            missing.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.setItem(row, 2, missing)
            values = QTableWidgetItem(_values(info))
            profile = info.get("profile")
            values.setData(PROFILE_ROLE, profile)
            values.setToolTip(values.text() + ("\n" + _profile_text(profile) if profile else ""))
            self.setItem(row, 3, values)
        metrics = self.fontMetrics()
        widest = max([metrics.horizontalAdvance(c["name"]) for c in shown]
                     + [metrics.horizontalAdvance(self.tr("Column"))], default=40)
        self.setColumnWidth(0, min(widest + 16, MAX_NAME_WIDTH))
        if len(self.columns) > MAX_ROWS:
            self.setToolTip(self.tr("The first {0} of {1} columns; set the others in the "
                                    "experiment file (data.columns).")
                            .format(MAX_ROWS, len(self.columns)))
        else:
            self.setToolTip("")

    def _combo(self, info: dict) -> QComboBox:
        combo = QComboBox()
        combo.setFrame(False)
        combo.setObjectName(f"role_{info['name']}")
        combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for role in ROLES:
            combo.addItem(self.tr(ROLE_TEXT[role]), role)
            combo.setItemData(combo.count() - 1, self.tr(ROLE_HELP[role]),
                              Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(ROLES.index(info["role"]))
        detected = self.tr("detected: {0} ({1})").format(info["detected"], info["reason"])
        chosen = self.tr("chosen by you; ") if info.get("chosen") else ""
        combo.setToolTip(chosen + detected)
        if info.get("chosen"):
            font = combo.font()
            font.setBold(True)
            combo.setFont(font)
        name = info["name"]
        combo.activated.connect(lambda index, c=combo, n=name: self._chosen(n, c.itemData(index)))
        return combo

    def _chosen(self, name: str, role: str) -> None:
        current = next((c["role"] for c in self.columns if c["name"] == name), None)
        if role != current:
            self.role_chosen.emit(name, role)


def _percent(share: float) -> str:
    if not share:
        return "—"
    return f"{100 * share:.1f} %" if share < 0.995 else "100 %"


def _values(info: dict) -> str:
    distinct = info.get("distinct")
    count = "" if distinct is None else counted(
        QCoreApplication.translate("ColumnTable", "{} value(s)"),
        f"{distinct:,} value{'s' if distinct != 1 else ''}", f"{distinct:,}")
    if info.get("texts") or info["role"] == "categorical":
        return count
    low, high = info.get("low"), info.get("high")
    if low is None or high is None or math.isnan(low):
        return count
    return f"{low:.4g} … {high:.4g}"


def _profile_text(profile: dict) -> str:
    """The sparkline in words: each category and its count, or each bin's count."""
    counts = profile["counts"]
    if profile["kind"] == "categories":
        return "\n".join(f"{label}: {count:,}" for label, count in zip(profile["labels"], counts))
    low, high = profile["low"], profile["high"]
    width = (high - low) / len(counts)
    return "\n".join(f"{low + k * width:.4g} … {low + (k + 1) * width:.4g}: {count:,}"
                     for k, count in enumerate(counts))
