"""The Runs tab: every recorded run, across restarts, to sort, filter, compare and open.

A sortable, filterable table of the runs folder (date, name, data, network, optimizer,
learning rate, epochs, best validation metric, time, source, tags, note). Selecting runs
draws their curves in one plot (select two or more to compare them); the details beside
it edit one run's tags and note. *Open in Designer* puts a run's experiment and weights
into the Design tab (:attr:`RunsBrowser.open_requested`); *Delete…* removes the selected
runs after asking. Listing, reading histories and every change run in the background
(:class:`~workbench.runs.background_jobs.BackgroundJobs`): the window never waits for
the disk.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.runs.store import RunStore
from workbench.runs.background_jobs import BackgroundJobs
from workbench.runs.curves_plot import CurvesPlot
from workbench.runs.runs_table_model import DATE, ID_ROLE, RunsProxy, RunsTableModel

#: Most runs whose curves one plot shows (the colours repeat after ten anyway).
MAX_COMPARED = 20


def _list_runs(folder: Path) -> list:
    with RunStore(folder) as store:
        return store.list()


def _histories(folder: Path, run_ids: list[str]) -> dict:
    with RunStore(folder) as store:
        return {run_id: store.show(run_id).history for run_id in run_ids}


def _change(folder: Path, run_id: str, tags: list[str], note: str) -> str:
    with RunStore(folder) as store:
        store.set_tags(run_id, tags)
        store.set_note(run_id, note)
    return run_id


def _delete(folder: Path, run_ids: list[str]) -> list[str]:
    with RunStore(folder) as store:
        for run_id in run_ids:
            store.delete(run_id)
    return run_ids


def split_tags(text: str) -> list[str]:
    """``"best, lr 0.1,, best"`` → ``["best", "lr 0.1"]``."""
    return list(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))


class RunsBrowser(QWidget):
    """The Runs tab over the runs folder ``folder``.

    Signals
    -------
    open_requested(str, str)
        The person asked to open a run in the designer: the run's folder and id.
    loaded()
        The table was filled from the runs folder (after :meth:`reload`).
    curves_shown()
        The plot shows the selected runs' curves.
    """

    open_requested = Signal(str, str)
    loaded = Signal()
    curves_shown = Signal()

    def __init__(self, folder, jobs: BackgroundJobs | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = Path(folder)
        self.jobs = jobs if jobs is not None else BackgroundJobs(self)
        self._histories: dict[str, list] = {}
        self._wanted: list[str] = []

        self.model = RunsTableModel(self)
        self.proxy = RunsProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self.reload()

    # ---------------------------------------------------------------- layout
    def _build(self) -> None:
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter: name, data, network, optimizer, tag, "
                                               "note…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.textChanged.connect(lambda _text: self._update_count())
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setToolTip(self.tr("read the runs folder again (runs recorded by "
                                               "the command line or a sweep appear)"))
        self.refresh_button.clicked.connect(self.reload)
        self.count = QLabel()
        self.top_bar = top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count)
        top.addWidget(self.refresh_button)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((120, 150, 130, 150, 75, 55, 55, 110, 60, 55, 100)):
            header.resizeSection(column, width)
        self.table.setToolTip(self.tr("Every recorded run. Click a header to sort; select "
                                      "two or more runs (Ctrl or Shift) to compare their "
                                      "curves."))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())

        self.curves = CurvesPlot()

        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("baseline, best lr"))
        self.tags.setToolTip(self.tr("tags, separated by commas"))
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(self.tr("what this run was for, what you saw"))
        self.note.setMinimumHeight(48)
        self.note.setMaximumHeight(160)
        self.save_button = QPushButton(self.tr("Save Tags and Note"))
        self.save_button.clicked.connect(self.save_tags_and_note)
        self.open_button = QPushButton(self.tr("Open in Designer"))
        self.open_button.setToolTip(self.tr("put this run's experiment and trained weights "
                                            "into the Design tab (double-click a row does "
                                            "the same)"))
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.setToolTip(self.tr("delete the selected runs and their files"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b71c1c;")

        side = QWidget()
        form = QFormLayout()
        form.addRow(self.tr("Tags"), self.tags)
        form.addRow(self.tr("Note"), self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.details, 1)
        side_layout.addLayout(form)
        side_layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        side_layout.addLayout(buttons)
        side_layout.addWidget(self.message)
        side.setMinimumWidth(260)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.curves)
        lower.addWidget(side)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        lower.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self._show_selection([])

    # ---------------------------------------------------------------- reading
    def reload(self) -> None:
        """Read the runs folder again (in the background); :attr:`loaded` follows."""
        self.refresh_button.setEnabled(False)
        self.jobs.submit(lambda folder=self.folder: _list_runs(folder), self._fill,
                         self._failed)

    def _fill(self, rows: list) -> None:
        selected = self.selected_ids()
        self.model.set_rows(rows)
        self.refresh_button.setEnabled(True)
        self._update_count()
        self.select(selected)
        self.loaded.emit()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            text = self.tr("1 run") if total == 1 else self.tr("{total} runs").format(
                total=total)
        else:
            text = self.tr("{shown} of {total} runs").format(shown=shown, total=total)
        self.count.setText(text)
        self.count.setToolTip(str(self.folder))

    # ---------------------------------------------------------------- selection
    def selected_ids(self) -> list[str]:
        """The ids of the selected runs, in table order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.proxy.index(row, 0).data(ID_ROLE) for row in rows]

    def select(self, run_ids) -> None:
        """Select these runs (as Ctrl+clicks on their rows would)."""
        wanted = set(run_ids)
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | \
            QItemSelectionModel.SelectionFlag.Rows
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if index.data(ID_ROLE) in wanted:
                selection.select(index, flags)

    def _selection_changed(self, *_args) -> None:
        run_ids = self.selected_ids()
        self._show_selection(run_ids)
        self._wanted = run_ids[:MAX_COMPARED]
        missing = [i for i in self._wanted if i not in self._histories]
        if missing:
            self.jobs.submit(lambda folder=self.folder, ids=missing: _histories(folder, ids),
                             self._histories_read, self._failed)
        else:
            self._draw_curves()

    def _histories_read(self, histories: dict) -> None:
        self._histories.update(histories)
        self._draw_curves()

    def _draw_curves(self) -> None:
        rows = {row.id: row for row in self.model.rows}
        runs = [(i, self._legend(rows[i]), self._histories[i]) for i in self._wanted
                if i in rows and i in self._histories]
        self.curves.show_runs(runs)
        self.curves_shown.emit()

    @staticmethod
    def _legend(row) -> str:
        return f"{time.strftime('%m-%d %H:%M', time.localtime(row.created))} " \
               f"{row.optimizer} lr={row.lr:g} · {row.network}" if row.lr is not None else \
               f"{row.id} · {row.network}"

    def _show_selection(self, run_ids: list[str]) -> None:
        one = len(run_ids) == 1
        for widget in (self.tags, self.note, self.save_button, self.open_button):
            widget.setEnabled(one)
        self.delete_button.setEnabled(bool(run_ids))
        self.message.clear()
        if not run_ids:
            self.details.setText(self.tr("Select a run to see it, or several to compare "
                                         "them."))
            self.tags.clear()
            self.note.clear()
            return
        if not one:
            self.details.setText(self.tr("{n} runs selected: their curves are in the plot.")
                                 .format(n=len(run_ids)))
            self.tags.clear()
            self.note.clear()
            return
        row = next(r for r in self.model.rows if r.id == run_ids[0])
        best = f"{row.metric} {row.best:.4g}" if row.best is not None else "—"
        training = self.tr("{}, lr {}, {} epochs ({})").format(
            row.optimizer, row.lr if row.lr is not None else "—", row.epochs,
            row.stopped.replace("_", " "))
        self.details.setText(
            f"<b>{row.name or row.id}</b><br>{row.data} · {row.network}<br>{training}<br>"
            + self.tr("best {}").format(best) + f"<br><small>{row.id} · {row.source}</small>")
        self.tags.setText(", ".join(row.tags))
        self.note.setPlainText(row.note)

    # ---------------------------------------------------------------- changing
    def save_tags_and_note(self) -> None:
        run_ids = self.selected_ids()
        if len(run_ids) != 1:
            return
        tags, note = split_tags(self.tags.text()), self.note.toPlainText()
        self.jobs.submit(lambda folder=self.folder: _change(folder, run_ids[0], tags, note),
                         lambda _run_id: self.reload(), self._failed)

    def delete_selected(self) -> None:
        run_ids = self.selected_ids()
        if not run_ids or not self.ask_delete(len(run_ids)):
            return
        for run_id in run_ids:
            self._histories.pop(run_id, None)
        self.jobs.submit(lambda folder=self.folder: _delete(folder, run_ids),
                         lambda _ids: self.reload(), self._failed)

    def open_selected(self) -> None:
        run_ids = self.selected_ids()
        if len(run_ids) == 1:
            self.open_requested.emit(str(self.folder), run_ids[0])

    def ask_delete(self, n: int) -> bool:
        """Ask before deleting ``n`` runs (tests replace this hook)."""
        answer = QMessageBox.question(
            self, self.tr("Delete runs"),
            self.tr("Delete {n} run(s) with their weights and history? This cannot be "
                    "undone.").format(n=n))
        return answer == QMessageBox.StandardButton.Yes

    def _failed(self, message: str) -> None:
        self.refresh_button.setEnabled(True)
        self.message.setText(message)
