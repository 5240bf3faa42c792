"""The data settings: where the samples come from, how they are split, and a preview.

The source is one of the registry's ``dataset`` entries, grouped as Synthetic, Bundled
and File; its parameters get a generated form, files get an Open button, a target-column
choice and a task choice. Every edit loads the data first (fast for the synthetic and
bundled sets) and reaches the :class:`~workbench.document.ExperimentDocument` only if
the data loads: a bad CSV file gives a message and leaves the experiment as it was.

The preview is a scatter plot for 1-D and 2-D data (coloured by class, or by value for
regression), a grid of sample images for image data (digits), and a table of rows,
features and class counts otherwise; any two inputs can be plotted against each other
(the "Plot" choices above it).

A CSV file's columns are listed with their roles (:mod:`workbench.panels.column_table`):
choosing another role for a column is one click, and one undoable edit of
``data.columns``.

The panel is built from parts, one concept each: the source controls
(:mod:`workbench.panels.data_source_controls`), the split controls
(:mod:`workbench.panels.data_split_controls`) and the loading flow with its progress row and
cache (:mod:`workbench.panels.data_loading_flow`); this module keeps the panel's state, the
Columns and Preview boxes, and how an edit reaches the document.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core import registry
from core.data.spec import normalize_spec
from core.errors import WorkbenchError
from workbench.document import name_after_data_edit
from workbench.forms import ParamForm, compact_combo
from workbench.i18n import core_texts
from workbench.panels.column_table import ColumnTable, role_text
from workbench.panels.data_loader import DataLoader, LoadedData, LoadRequest
from workbench.panels.data_loading_flow import (
    PROGRESS_DELAY_MS,
    DataLoadingFlow,
    PendingEdit,
    elided_name,
    spec_key,
)
from workbench.panels.data_source_controls import DataSourceControls
from workbench.panels.data_split_controls import DataSplitControls
from workbench.panels.dataset_previews import (
    ImagePreview,
    ScatterPreview,
    TablePreview,
    describe_summary,
)

#: Loaded data sets kept for undo and redo: at most this many, and beyond the newest one at
#: most this many bytes of arrays in all (so a big file is never held twice).
_CACHE_SIZE = 6
_CACHE_BYTES = 64 * 2**20
#: The first choice of the plot's x axis: the summary table instead of a scatter plot.
SUMMARY_CHOICE = -1


class DatasetPanel(DataSourceControls, DataSplitControls, DataLoadingFlow, QWidget):
    """Choose and configure the data source, and preview the data.

    Data is loaded in a background thread (:class:`~workbench.panels.data_loader.DataLoader`)
    with a progress bar and a Cancel button; the window stays responsive. An edit of the
    data section reaches the document only once its data has loaded: a file that cannot
    be read, or a cancelled load, leaves the experiment and the data shown as they were.

    Parameters
    ----------
    document : ExperimentDocument

    Signals
    -------
    data_loaded(LoadedData)
        The document's data loaded: the prepared (split, standardized) data the trainer
        reuses, a preview and the summary (:func:`core.data.dataset.summarize` plus
        ``train_rows``/``val_rows``).
    data_failed(str)
        The document's data cannot be loaded (the message says why).
    data_loading(str)
        The document's data is being loaded (what is being read).
    """

    data_loaded = Signal(object)
    data_failed = Signal(str)
    data_loading = Signal(str)

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self.loaded: LoadedData | None = None
        self.error: str | None = None
        self._shown_key: str | None = None
        self._form_source: str | None = None
        self._cache: OrderedDict[str, LoadedData] = OrderedDict()
        self._ask_path_callback = None
        self.source_form: ParamForm | None = None
        self.loader = DataLoader(self)
        self.loader.progressed.connect(self._load_progressed)
        self.loader.loaded.connect(self._load_finished)
        self.loader.failed.connect(self._load_failed)
        self.loader.cancelled.connect(self._load_cancelled)
        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_DELAY_MS)
        self._progress_timer.timeout.connect(self._reveal_progress)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self._build_source())
        layout.addWidget(self._build_columns())
        layout.addWidget(self._build_common())
        layout.addWidget(self._build_preview())
        layout.addStretch(1)
        document.changed.connect(self._document_changed)
        self._show_spec(self.document.experiment["data"])

    # ---------------------------------------------------------------- state
    @property
    def loading(self) -> bool:
        """True while data is being loaded in the background."""
        return self.loader.busy

    @property
    def dataset(self):
        """A preview of the document's data (at most a few thousand rows), or None."""
        return self.loaded.preview if self.loaded is not None else None

    @property
    def summary(self) -> dict | None:
        return self.loaded.summary if self.loaded is not None else None

    # ---------------------------------------------------------------- building
    def _build_columns(self) -> QGroupBox:
        self.columns_box = QGroupBox(self.tr("Columns"))
        self.columns_box.setObjectName("columns_box")
        v = QVBoxLayout(self.columns_box)
        self.columns_help = QLabel(self.tr("Each column's role: numbers, categories (one "
                                           "input per value) or ignored. Change one with a "
                                           "click."))
        self.columns_help.setWordWrap(True)
        self.columns_help.setMinimumWidth(40)
        self.columns_help.setStyleSheet("color: palette(placeholder-text); font-size: 11px;")
        self.column_table = ColumnTable()
        self.column_table.role_chosen.connect(self._column_role_chosen)
        v.addWidget(self.columns_help)
        v.addWidget(self.column_table)
        self.columns_box.hide()
        return self.columns_box

    def _build_preview(self) -> QGroupBox:
        box = QGroupBox(self.tr("Preview"))
        v = QVBoxLayout(box)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("data_summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setMinimumWidth(40)
        self.error_label = QLabel()
        self.error_label.setObjectName("data_error")
        self.error_label.setWordWrap(True)
        self.error_label.setMinimumWidth(40)
        self.error_label.setStyleSheet("color: #b3261e; background: #fdecec; border: 1px solid "
                                       "#f0b8b8; border-radius: 4px; padding: 4px;")
        self.error_label.hide()
        self.plot_row = QWidget()
        self.plot_row.setObjectName("plot_choice")
        form = QFormLayout(self.plot_row)
        form.setContentsMargins(0, 0, 0, 0)
        self.plot_x = compact_combo(QComboBox(), 6)
        self.plot_x.setObjectName("plot_x")
        self.plot_x.setToolTip(self.tr("the input on the horizontal axis (or the summary table)"))
        self.plot_y = compact_combo(QComboBox(), 6)
        self.plot_y.setObjectName("plot_y")
        self.plot_y.setToolTip(self.tr("the input on the vertical axis"))
        self.plot_x.activated.connect(self._plot_chosen)
        self.plot_y.activated.connect(self._plot_chosen)
        form.addRow(self.tr("Plot"), self.plot_x)
        form.addRow(self.tr("against"), self.plot_y)
        self.plot_row.hide()
        self.preview_stack = QStackedWidget()
        self.scatter = ScatterPreview()
        self.images = ImagePreview()
        self.table = TablePreview()
        self.empty = QLabel(self.tr("No data to preview: fix the source above, or choose another."))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for w in (self.scatter, self.images, self.table, self.empty):
            self.preview_stack.addWidget(w)
        v.addWidget(self.error_label)
        v.addWidget(self.summary_label)
        v.addWidget(self.plot_row)
        v.addWidget(self.preview_stack)
        return box

    # ---------------------------------------------------------------- showing
    def _document_changed(self) -> None:
        self._show_spec(self.document.experiment["data"])

    def emit_current(self) -> None:
        """Emit :attr:`data_loaded`, :attr:`data_loading` or :attr:`data_failed` again for
        the document's data as it stands now."""
        if self.loaded is not None:
            self.data_loaded.emit(self.loaded)
        elif self.loader.busy and self.loader.request.purpose is None:
            self.data_loading.emit(self.progress_label.text())
        else:
            self.data_failed.emit(self.error or self.tr("no data loaded"))

    def reload(self) -> None:
        """Load the document's data again (files may have changed on disk) and re-emit."""
        self._cache.clear()
        self._shown_key = None
        self._show_spec(self.document.experiment["data"])

    def _show_spec(self, spec: dict) -> None:
        key = spec_key(spec, self.document.base_dir)
        self._show_controls(spec)
        if key == self._shown_key:
            return
        self._shown_key = key
        cached = self._cached(key)
        if cached is not None:
            self._stop_loading()
            self._show_data(cached)
            return
        self.loaded = None
        self._start(LoadRequest(key, dict(spec), self.document.base_dir))
        self.data_loading.emit(self.progress_label.text())

    def _show_data(self, data: LoadedData) -> None:
        self.loaded, self.error = data, None
        self.error_label.hide()
        self.retry_button.hide()
        ds, summary = data.preview, data.summary
        spec = self.document.experiment["data"]
        entry = registry.get("dataset", spec["source"])
        title = Path(spec["path"]).name if entry.group == "file" and spec.get("path") \
            else core_texts.entry_title(entry)
        self.summary_label.setText(describe_summary(summary, elided_name(title)))
        self.summary_label.setToolTip(describe_summary(summary, title))
        self._show_columns(summary)
        images = bool(ds.image_shape) and ds.n_features == ds.image_shape[0] * ds.image_shape[1]
        self._fill_plot_choice(ds, images)
        if images:
            self.images.show_dataset(ds)
            self.preview_stack.setCurrentWidget(self.images)
        else:
            self._show_plot()
        if self.file_box.isVisible():  # fill the target list by column number if needed
            entry = registry.get("dataset", self.document.experiment["data"]["source"])
            self._show_file_controls(entry, self.document.experiment["data"])
        self.data_loaded.emit(data)

    def _show_columns(self, summary: dict | None) -> None:
        columns = (summary or {}).get("columns")
        self.columns_box.setVisible(bool(columns))
        if columns:
            self.column_table.show_columns(columns)

    def _fill_plot_choice(self, ds, images: bool) -> None:
        """The plot's axis choices: every input (x also offers the summary table)."""
        names = list(ds.feature_names)
        keep_x, keep_y = self.plot_x.currentData(), self.plot_y.currentData()
        same = [self.plot_y.itemText(i) for i in range(self.plot_y.count())] == names
        self.plot_x.clear()
        self.plot_y.clear()
        if ds.n_features > 2:
            self.plot_x.addItem(self.tr("summary table"), SUMMARY_CHOICE)
        for j, name in enumerate(names):
            self.plot_x.addItem(name, j)
            self.plot_y.addItem(name, j)
        self.plot_row.setVisible(not images and ds.n_features >= 2 and len(ds) > 0)
        if same and keep_x is not None:  # the same inputs: keep the person's choice
            self.plot_x.setCurrentIndex(max(self.plot_x.findData(keep_x), 0))
            self.plot_y.setCurrentIndex(max(self.plot_y.findData(keep_y), 0))
        else:
            self.plot_x.setCurrentIndex(0)
            self.plot_y.setCurrentIndex(min(1, self.plot_y.count() - 1))
        self.plot_y.setEnabled(self.plot_x.currentData() != SUMMARY_CHOICE)

    def _plot_chosen(self, _index: int = 0) -> None:
        self.plot_y.setEnabled(self.plot_x.currentData() != SUMMARY_CHOICE)
        if self.loaded is not None:
            self._show_plot()

    def _show_plot(self) -> None:
        """The scatter plot of the chosen inputs, or the summary table."""
        ds, summary = self.loaded.preview, self.loaded.summary
        x = self.plot_x.currentData()
        if (ds.n_features in (1, 2) or (x is not None and x != SUMMARY_CHOICE)) and len(ds):
            if ds.n_features == 1:
                self.scatter.show_dataset(ds)
            else:
                y = self.plot_y.currentData()
                self.scatter.show_dataset(ds, (x if x is not None else 0,
                                               y if y is not None else 1))
            self.preview_stack.setCurrentWidget(self.scatter)
        else:
            self.table.show_summary(summary)
            self.preview_stack.setCurrentWidget(self.table)

    def _show_failure(self, message: str) -> None:
        self.loaded, self.error = None, message
        self.plot_row.hide()
        self.columns_box.hide()
        self.error_label.setText(message)
        self.error_label.show()
        self.summary_label.setText("")
        self.summary_label.setToolTip("")
        self.preview_stack.setCurrentWidget(self.empty)
        self.data_failed.emit(message)

    # ---------------------------------------------------------------- cache
    def _cached(self, key: str) -> LoadedData | None:
        data = self._cache.get(key)
        if data is not None:
            self._cache.move_to_end(key)
        return data

    def _remember(self, data: LoadedData) -> None:
        """Keep ``data`` for undo/redo; drop the oldest beyond the count and byte budget."""
        self._cache[data.key] = data
        self._cache.move_to_end(data.key)
        while len(self._cache) > 1 and (
                len(self._cache) > _CACHE_SIZE
                or sum(d.nbytes for d in self._cache.values()) > _CACHE_BYTES):
            self._cache.popitem(last=False)

    # ---------------------------------------------------------------- edits
    def _commit(self, spec: dict, description: str, report=None) -> bool:
        """Load ``spec`` (in the background); once it loads, make it the document's data
        (one undo step). False when the spec is refused at once."""
        report = report or self._show_inline_error
        try:
            norm = normalize_spec(spec, "data")
        except WorkbenchError as exc:
            report(str(exc))
            self._show_controls(self.document.experiment["data"])
            return False
        pending = PendingEdit(description, report)
        key = spec_key(norm, self.document.base_dir)
        if self._cached(key) is not None:
            return self._apply_edit(norm, pending)
        self._start(LoadRequest(key, norm, self.document.base_dir, pending))
        return True

    def _apply_edit(self, norm: dict, pending: PendingEdit) -> bool:
        new = dict(self.document.experiment)
        new["data"] = norm
        name = name_after_data_edit(self.document.experiment, norm)
        if name is not None:  # the name follows the data (same undo step)
            new["name"] = name
        try:
            self.document.edit(pending.description, new)
        except WorkbenchError as exc:
            pending.report(str(exc))
            self._show_controls(self.document.experiment["data"])
            return False
        return True

    def _show_inline_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _column_role_chosen(self, name: str, role: str) -> None:
        spec = dict(self.document.experiment["data"])
        spec["columns"] = {**(spec.get("columns") or {}), name: role}
        description = self.tr("set column {} to {}").format(name, role_text(role))
        if not self._commit(spec, description, self._show_error_box):
            self._show_columns(self.summary)
