"""The "Compare runs" list: every run of this session; the person ticks runs to overlay.

The current run is drawn alone unless the person ticks others, whose loss and accuracy
curves are then overlaid (e.g. SGD vs momentum vs Adam from the same initial weights); a
ticked run on other data or another network is flagged, since its curves do not compare
directly.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench import plot_colours
from workbench.dashboard.run_record import RunRecord, incomparable

MAX_RUNS = 12


def _swatch(colour: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(QColor(colour))
    return QIcon(pix)


#: What :func:`~workbench.dashboard.run_record.incomparable` names, translated where shown.
_DIFFERENCES = (QT_TRANSLATE_NOOP("RunList", "data"), QT_TRANSLATE_NOOP("RunList", "network"))


class RunList(QWidget):
    """The "Compare runs" list: every run of this session; the person ticks runs to overlay.

    The current run is always drawn (its tick cannot be removed). A new run starts alone:
    the run it replaces as the current one is unticked; runs the person ticked stay
    ticked. A ticked run on other data or another network gets a warning sign, and the
    line under the list says what differs.

    Signals
    -------
    overlays_changed()
        The set of ticked runs changed.
    """

    overlays_changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.runs: list[RunRecord] = []
        self.current: RunRecord | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setToolTip(self.tr("Every run of this session, newest first. The current run is "
                             "drawn alone; tick other runs to overlay their loss and accuracy "
                             "curves, e.g. to compare SGD, momentum and Adam from the same "
                             "initial weights (Reset keeps the seed). Each run is named by its "
                             "optimizer, learning rate, seed, data and network."))
        self.list.setAccessibleName(self.tr("Compare runs"))
        self.list.itemChanged.connect(self._item_changed)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        layout.addWidget(self.list, 1)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {plot_colours.ALERT_COLOURS['warning'][1]};")
        self.warning.hide()
        layout.addWidget(self.warning)
        row = QHBoxLayout()
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Forget the selected finished run"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Forget every finished run"))
        self.clear_button.clicked.connect(self.clear_finished)
        row.addWidget(self.remove_button)
        row.addWidget(self.clear_button)
        layout.addLayout(row)
        self._updating = False

    def add_run(self, run: RunRecord) -> None:
        """Add the new current run at the top, drawn alone (the previous current run is
        unticked; runs the person ticked stay ticked; the oldest unticked ones go)."""
        previous = self.current
        self.current = run
        self.runs.insert(0, run)
        while len(self.runs) > MAX_RUNS:
            victims = [r for r in reversed(self.runs) if r is not run and
                       not self._ticked(r)] or [self.runs[-1]]
            self.remove(victims[0])
        self._updating = True
        if previous is not None:
            self.set_ticked(previous, False)
        item = QListWidgetItem(_swatch(run.colour), run.summary())
        item.setData(Qt.ItemDataRole.UserRole, run.number)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        self.list.insertItem(0, item)
        self._updating = False
        for other in self.runs:
            self.update_run(other)
        self._update_warning()

    def update_run(self, run: RunRecord) -> None:
        """Refresh the run's lines (state, last results, comparability)."""
        item = self._item(run)
        if item is None:
            return
        self._updating = True
        text = run.summary()          # the current run: bold, at the top, always ticked
        if item.text() != text:
            item.setText(text)
        font = item.font()
        font.setBold(run is self.current)
        item.setFont(font)
        differs = self._differs(run)
        if run is self.current:
            tip = self.tr("the current run (always drawn)")
        elif differs:
            tip = self.tr("other {} than the current run: its curves are not directly "
                          "comparable").format(" and ".join(differs))
        else:
            tip = self.tr("tick to overlay this run's curves on the current run's")
        item.setToolTip(f"{run.name}\n{tip}")
        icon = _warning_icon(self) if differs and self._ticked(run) else _swatch(run.colour)
        item.setIcon(icon)
        self._updating = False

    def compared(self) -> list[RunRecord]:
        """Ticked runs other than the current one (to overlay)."""
        return [r for r in self.runs if r is not self.current and self._ticked(r)]

    def set_ticked(self, run: RunRecord, ticked: bool) -> None:
        item = self._item(run)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            run = self._run(item)
            if run is not None and run is not self.current:
                self.remove(run)
        self._update_warning()
        self.overlays_changed.emit()

    def clear_finished(self) -> None:
        for run in [r for r in self.runs if r is not self.current]:
            self.remove(run)
        self._update_warning()
        self.overlays_changed.emit()

    # ------------------------------------------------------------ internals
    def _differs(self, run: RunRecord) -> list[str]:
        if self.current is None or run is self.current:
            return []
        return incomparable(run.experiment, self.current.experiment)

    def _update_warning(self) -> None:
        lines = []
        for run in self.compared():
            differs = self._differs(run)
            if differs:
                lines.append(self.tr("⚠ #{} ran on other {}: its curves do not compare "
                                     "directly with the current run's.")
                             .format(run.number, self.tr(" and ").join(
                                 self.tr(d) for d in differs)))   # _DIFFERENCES
        self.warning.setText("\n".join(lines))
        self.warning.setVisible(bool(lines))

    def _item(self, run: RunRecord):
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == run.number:
                return item
        return None

    def _run(self, item) -> RunRecord | None:
        number = item.data(Qt.ItemDataRole.UserRole)
        return next((r for r in self.runs if r.number == number), None)

    def _ticked(self, run: RunRecord) -> bool:
        item = self._item(run)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def remove(self, run: RunRecord) -> None:
        """Forget a run (its line and its overlays)."""
        item = self._item(run)
        if item is not None:
            self.list.takeItem(self.list.row(item))
        self.runs = [r for r in self.runs if r is not run]

    def _item_changed(self, item) -> None:
        if self._updating:
            return
        run = self._run(item)
        if run is self.current and item.checkState() != Qt.CheckState.Checked:
            self._updating = True
            item.setCheckState(Qt.CheckState.Checked)   # the current run is always drawn
            self._updating = False
            return
        if run is not None:
            self.update_run(run)
        self._update_warning()
        self.overlays_changed.emit()


def _warning_icon(widget: QWidget) -> QIcon:
    from PySide6.QtWidgets import QStyle
    return widget.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
