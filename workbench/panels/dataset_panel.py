"""The data settings: where the samples come from, how they are split, and a preview.

The source is one of the registry's ``dataset`` entries, grouped as Synthetic, Bundled
and File; its parameters get a generated form, files get an Open button, a target-column
choice and a task choice. Every edit loads the data first (fast for the synthetic and
bundled sets) and reaches the :class:`~workbench.document.ExperimentDocument` only if
the data loads: a bad CSV file gives a message and leaves the experiment as it was.

The preview is a scatter plot for 1-D and 2-D data (coloured by class, or by value for
regression), a grid of sample images for image data (digits), and a table of rows,
features and class counts otherwise.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from core import registry
from core.data.spec import COMMON_PARAMS, normalize_spec
from core.errors import WorkbenchError
from core.files.read_limits import open_regular
from workbench.document import name_after_data_edit
from workbench.forms import ParamForm, compact_combo, label_for, relabel
from workbench.panels.data_loader import DATA_FILE, DataLoader, LoadedData, LoadRequest
from workbench.panels.dataset_previews import (
    ImagePreview,
    ScatterPreview,
    TablePreview,
    describe_summary,
)

GROUPS = (("synthetic", "Synthetic"), ("bundled", "Bundled"), ("file", "File"))
#: Fields of file sources edited by dedicated controls rather than the generated form.
FILE_FIELDS = ("path", "target", "task")
SOURCE_LABELS = {"a": "Slope a (x1)", "b": "Slope b (x2)", "samples": "Samples",
                 "noise": "Noise", "classes": "Classes", "header": "Header row"}
COMMON_LABELS = {"test_fraction": "Validation fraction", "standardize": "Standardize inputs",
                 "seed": "Data seed"}
TASK_CHOICES = (("auto", "Auto (guess from the target)"), ("classification", "Classification"),
                ("regression", "Regression"))
#: Loaded data sets kept for undo and redo: at most this many, and beyond the newest one at
#: most this many bytes of arrays in all (so a big file is never held twice).
_CACHE_SIZE = 6
_CACHE_BYTES = 64 * 2**20
#: A load shows its progress bar only when it takes longer than this (no flicker).
PROGRESS_DELAY_MS = 250


@dataclass(frozen=True)
class _PendingEdit:
    """An edit of the data section waiting for its data to load."""

    description: str
    report: object  # callable(message) for a failure


def csv_columns(path, header: str = "auto") -> list[str] | None:
    """Column names of a CSV file from its first lines, or None when it has no header row.

    Reads only the first few lines, so it is instant on large files. ``header`` is the
    data spec's ``"auto"``/``"yes"``/``"no"``; ``auto`` takes the first row as a header
    when one of its cells is text where the next rows hold numbers.
    """
    path = Path(path)
    raw = open_regular(path, "a CSV file")   # never a FIFO or a device: they block readers
    binary = gzip.GzipFile(fileobj=raw) if path.suffix == ".gz" else raw
    lines: list[str] = []
    with raw, io.TextIOWrapper(binary, encoding="utf-8", errors="replace", newline="") as fh:
        for line in fh:
            if line.strip():
                lines.append(line.rstrip("\r\n"))
            if len(lines) >= 6:
                break
    if not lines:
        return None
    first = lines[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    rows = list(csv.reader(lines, delimiter=delimiter))
    names = [c.strip() for c in rows[0]]
    if header == "no":
        return None
    if header == "auto":
        def is_number(text: str) -> bool:
            try:
                float(text)
                return True
            except ValueError:
                return False
        later = rows[1:]
        if not any(not is_number(c) and any(j < len(r) and is_number(r[j]) for r in later)
                   for j, c in enumerate(names)):
            return None
    return [n or f"column {j + 1}" for j, n in enumerate(names)]


def _spec_key(spec: dict, base_dir) -> str:
    return json.dumps(spec, sort_keys=True) + "|" + str(base_dir)


class DatasetPanel(QWidget):
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
    def _build_source(self) -> QGroupBox:
        box = QGroupBox("Data source")
        self._source_layout = QVBoxLayout(box)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self.source_combo = compact_combo(QComboBox())
        self.source_combo.setObjectName("source_combo")
        model = QStandardItemModel(self.source_combo)
        bold = QFont()
        bold.setBold(True)
        for group, title in GROUPS:
            header = QStandardItem(title)
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setFont(bold)
            model.appendRow(header)
            for entry in registry.entries("dataset", group):
                item = QStandardItem("    " + entry.title)
                item.setData(entry.name, Qt.ItemDataRole.UserRole)
                item.setToolTip(entry.tooltip())
                model.appendRow(item)
        self.source_combo.setModel(model)
        self.source_combo.activated.connect(self._source_chosen)
        source_label = QLabel("Source")
        source_label.setBuddy(self.source_combo)
        form.addRow(source_label, self.source_combo)
        self._source_layout.addLayout(form)
        self.source_help = QLabel()
        self.source_help.setWordWrap(True)
        self.source_help.setStyleSheet("color: palette(placeholder-text); font-size: 11px;")
        self._source_layout.addWidget(self.source_help)

        # file controls (CSV / NPZ)
        self.file_box = QWidget()
        file_form = QFormLayout(self.file_box)
        file_form.setContentsMargins(0, 0, 0, 0)
        file_row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("data_path")
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("no file chosen")
        self.path_edit.setMinimumWidth(60)
        self.open_button = QPushButton("Open CSV/NPZ…")
        self.open_button.setObjectName("open_data_button")
        self.open_button.setToolTip("choose a CSV (one row per sample, one column per feature "
                                    "and a target column) or a NumPy .npz file (arrays X, y)")
        self.open_button.clicked.connect(self.choose_file)
        file_row.addWidget(self.path_edit, 1)
        file_label = QLabel("File")
        file_label.setBuddy(self.path_edit)
        file_form.addRow(file_label, file_row)
        file_form.addRow("", self.open_button)
        self.target_combo = compact_combo(QComboBox())
        self.target_combo.setObjectName("target_combo")
        self.target_combo.setToolTip("the column to predict; the other columns are the inputs")
        self.target_combo.activated.connect(self._target_chosen)
        self.target_label = QLabel("Target column")
        self.target_label.setBuddy(self.target_combo)
        file_form.addRow(self.target_label, self.target_combo)
        self.task_combo = compact_combo(QComboBox())
        self.task_combo.setObjectName("task_combo")
        for value, text in TASK_CHOICES:
            self.task_combo.addItem(text, value)
        self.task_combo.setToolTip("classification predicts a class, regression a number")
        self.task_combo.activated.connect(self._task_chosen)
        task_label = QLabel("Task")
        task_label.setBuddy(self.task_combo)
        file_form.addRow(task_label, self.task_combo)
        self._source_layout.addWidget(self.file_box)
        self._form_holder = QVBoxLayout()
        self._form_holder.setContentsMargins(0, 0, 0, 0)
        self._source_layout.addLayout(self._form_holder)
        self._source_layout.addWidget(self._build_progress())
        return box

    def _build_progress(self) -> QWidget:
        """The row shown while data loads: what is being read, a bar, and Cancel."""
        self.progress_box = QWidget()
        self.progress_box.setObjectName("data_progress")
        v = QVBoxLayout(self.progress_box)
        v.setContentsMargins(0, 4, 0, 0)
        v.setSpacing(2)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("data_progress_text")
        self.progress_label.setMinimumWidth(40)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("data_progress_bar")
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancel_load_button")
        self.cancel_button.setToolTip("stop reading; the data shown before stays in place")
        self.cancel_button.clicked.connect(self.cancel_loading)
        self.retry_button = QPushButton("Load again")
        self.retry_button.setObjectName("retry_load_button")
        self.retry_button.setToolTip("read the experiment's data file again")
        self.retry_button.clicked.connect(self.reload)
        self.retry_button.hide()
        row.addWidget(self.progress_bar, 1)
        row.addWidget(self.cancel_button)
        v.addWidget(self.progress_label)
        v.addLayout(row)
        self.progress_box.hide()
        return self.progress_box

    def _build_common(self) -> QGroupBox:
        box = QGroupBox("Validation split and scaling")
        v = QVBoxLayout(box)
        self.common_form = ParamForm(COMMON_PARAMS, {}, box)
        self.common_form.setObjectName("common_form")
        relabel(self.common_form, COMMON_LABELS)
        self.common_form.edited.connect(self._field_edited)
        v.addWidget(self.common_form)
        return box

    def _build_preview(self) -> QGroupBox:
        box = QGroupBox("Preview")
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
        self.preview_stack = QStackedWidget()
        self.scatter = ScatterPreview()
        self.images = ImagePreview()
        self.table = TablePreview()
        self.empty = QLabel("No data to preview: fix the source above, or choose another.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for w in (self.scatter, self.images, self.table, self.empty):
            self.preview_stack.addWidget(w)
        v.addWidget(self.error_label)
        v.addWidget(self.summary_label)
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
            self.data_failed.emit(self.error or "no data loaded")

    def reload(self) -> None:
        """Load the document's data again (files may have changed on disk) and re-emit."""
        self._cache.clear()
        self._shown_key = None
        self._show_spec(self.document.experiment["data"])

    def _show_spec(self, spec: dict) -> None:
        key = _spec_key(spec, self.document.base_dir)
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

    def _show_controls(self, spec: dict) -> None:
        entry = registry.get("dataset", spec["source"])
        model = self.source_combo.model()
        for row in range(model.rowCount()):
            if model.item(row).data(Qt.ItemDataRole.UserRole) == entry.name:
                self.source_combo.setCurrentIndex(row)
                break
        self.source_combo.setToolTip(entry.tooltip())
        extra = entry.extra
        facts = []
        if extra.get("rows"):
            facts.append(f"{extra['rows']} rows, {extra.get('dims')} features")
        self.source_help.setText(entry.help + (f" ({'; '.join(facts)})" if facts else ""))
        is_file = entry.group == "file"
        self.file_box.setVisible(is_file)
        if is_file:
            self._show_file_controls(entry, spec)
        form_params = tuple(p for p in entry.params if not (is_file and p.name in FILE_FIELDS))
        values = {k: v for k, v in spec.items() if k != "source"}
        if self._form_source != entry.name:
            if self.source_form is not None:
                self._form_holder.removeWidget(self.source_form)
                self.source_form.hide()
                self.source_form.setParent(None)
                self.source_form.deleteLater()
            self.source_form = ParamForm(form_params, values, self)
            self.source_form.setObjectName("source_form")
            relabel(self.source_form, SOURCE_LABELS)
            self.source_form.edited.connect(self._field_edited)
            self.source_form.setVisible(bool(form_params))
            self._form_holder.addWidget(self.source_form)
            self._form_source = entry.name
        else:
            self.source_form.set_values(values)
        self.common_form.set_values(spec)

    def _show_file_controls(self, entry, spec: dict) -> None:
        path = spec.get("path", "")
        self.path_edit.setText(Path(path).name if path else "")
        self.path_edit.setCursorPosition(0)
        self.path_edit.setToolTip(path)
        self.task_combo.setCurrentIndex(max(self.task_combo.findData(spec.get("task", "auto")),
                                            0))
        has_target = "target" in {p.name for p in entry.params}
        self.target_combo.setVisible(has_target)
        self.target_label.setVisible(has_target)
        if not has_target:
            return
        # item data are JSON texts ("null", "\"label\"", "3"), so that "the last column"
        # (None), a column name and a column index share one type
        self.target_combo.clear()
        self.target_combo.addItem("last column (default)", json.dumps(None))
        names = None
        resolved = self._resolve(path) if path else None
        if resolved is not None:
            try:
                names = csv_columns(resolved, spec.get("header", "auto"))
            except (WorkbenchError, OSError, UnicodeError, csv.Error):
                names = None
        target = spec.get("target")
        if names:
            self.target_combo.setItemText(0, f"last column ({names[-1]})")
            for name in names:
                self.target_combo.addItem(name, json.dumps(name))
        elif self.summary is not None:
            for j in range(self.summary["features"] + 1):
                self.target_combo.addItem(f"column {j + 1}", json.dumps(j))
        index = self.target_combo.findData(json.dumps(target))
        if index < 0:  # a target spelled differently (an index, or a name not in the header)
            self.target_combo.addItem(str(target), json.dumps(target))
            index = self.target_combo.count() - 1
        self.target_combo.setCurrentIndex(index)

    def _resolve(self, path: str) -> Path | None:
        try:
            p = Path(path).expanduser()
        except (RuntimeError, ValueError):  # "~nosuchuser/x.csv"
            return None
        base = self.document.base_dir
        return p if p.is_absolute() or base is None else base / p

    def _show_data(self, data: LoadedData) -> None:
        self.loaded, self.error = data, None
        self.error_label.hide()
        self.retry_button.hide()
        ds, summary = data.preview, data.summary
        spec = self.document.experiment["data"]
        entry = registry.get("dataset", spec["source"])
        title = Path(spec["path"]).name if entry.group == "file" and spec.get("path") \
            else entry.title
        self.summary_label.setText(describe_summary(summary, _elided_name(title)))
        self.summary_label.setToolTip(describe_summary(summary, title))
        if ds.image_shape and ds.n_features == ds.image_shape[0] * ds.image_shape[1]:
            self.images.show_dataset(ds)
            self.preview_stack.setCurrentWidget(self.images)
        elif ds.n_features in (1, 2) and len(ds):
            self.scatter.show_dataset(ds)
            self.preview_stack.setCurrentWidget(self.scatter)
        else:
            self.table.show_summary(summary)
            self.preview_stack.setCurrentWidget(self.table)
        if self.file_box.isVisible():  # fill the target list by column number if needed
            entry = registry.get("dataset", self.document.experiment["data"]["source"])
            self._show_file_controls(entry, self.document.experiment["data"])
        self.data_loaded.emit(data)

    def _show_failure(self, message: str) -> None:
        self.loaded, self.error = None, message
        self.error_label.setText(message)
        self.error_label.show()
        self.summary_label.setText("")
        self.summary_label.setToolTip("")
        self.preview_stack.setCurrentWidget(self.empty)
        self.data_failed.emit(message)

    # ---------------------------------------------------------------- loading
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

    def _start(self, request: LoadRequest) -> None:
        self.loader.start(request)
        spec = request.spec
        what = Path(spec["path"]).name if spec.get("path") else \
            registry.get("dataset", spec["source"]).title
        self.progress_label.setText(f"Loading {_elided_name(what)}…")
        self.progress_label.setToolTip(f"Loading {what}")
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(0)
        self.progress_bar.show()
        self.cancel_button.show()
        self.retry_button.hide()
        if not self.progress_box.isVisible():
            self._progress_timer.start()

    def _reveal_progress(self) -> None:
        if self.loader.busy:
            self.progress_box.show()

    def _stop_loading(self) -> None:
        """Forget the load in progress (a newer state replaced it) and hide its progress."""
        self.loader.abandon()
        self._hide_progress()

    def _hide_progress(self) -> None:
        self._progress_timer.stop()
        self.progress_box.setVisible(self.retry_button.isVisibleTo(self.progress_box))

    def _load_progressed(self, _request, progress) -> None:
        fraction = progress.fraction
        if fraction == fraction:  # not NaN
            self.progress_bar.setRange(0, 1000)
            self.progress_bar.setValue(int(round(max(0.0, min(1.0, fraction)) * 1000)))
        else:
            self.progress_bar.setRange(0, 0)  # busy indicator
        if progress.text:
            self.progress_label.setText(_elided_name(progress.text, 60) + "…")

    def _load_finished(self, request: LoadRequest, data: LoadedData) -> None:
        self._remember(data)
        self._hide_progress()
        if isinstance(request.purpose, _PendingEdit):
            self._apply_edit(request.spec, request.purpose)
        elif request.key == self._shown_key:
            self._show_data(data)

    def _load_failed(self, request: LoadRequest, message: str) -> None:
        self._hide_progress()
        if isinstance(request.purpose, _PendingEdit):
            request.purpose.report(message)
            self._show_controls(self.document.experiment["data"])
        elif request.key == self._shown_key:
            self._show_failure(message)

    def _load_cancelled(self, request: LoadRequest) -> None:
        if isinstance(request.purpose, _PendingEdit):
            self._hide_progress()
            self._show_controls(self.document.experiment["data"])
            self._show_note("Loading cancelled: the data is unchanged.")
        elif request.key == self._shown_key:
            self.retry_button.show()
            self.cancel_button.hide()
            self.progress_box.show()
            self.progress_label.setText("Loading cancelled.")
            self._show_failure("Loading the data was cancelled; press Load again to read it, "
                               "or choose other data.")

    def cancel_loading(self) -> None:
        """Cancel: stop reading; the data shown before stays in place."""
        self.loader.cancel()

    def shutdown(self, timeout_s: float = 60.0) -> bool:
        """Cancel any load and wait for its thread (the window is closing)."""
        self._progress_timer.stop()
        return self.loader.shutdown(timeout_s)

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
        pending = _PendingEdit(description, report)
        key = _spec_key(norm, self.document.base_dir)
        if self._cached(key) is not None:
            return self._apply_edit(norm, pending)
        self._start(LoadRequest(key, norm, self.document.base_dir, pending))
        return True

    def _apply_edit(self, norm: dict, pending: _PendingEdit) -> bool:
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

    def _show_note(self, message: str) -> None:
        self.progress_label.setText(message)
        self.cancel_button.hide()
        self.progress_bar.hide()
        self.progress_box.show()
        QTimer.singleShot(4000, self._clear_note)

    def _clear_note(self) -> None:
        if not self.loader.busy:
            self.progress_bar.show()
            self.progress_box.setVisible(self.retry_button.isVisibleTo(self.progress_box))

    # ---------------------------------------------------------------- edits
    def _source_chosen(self, index: int) -> None:
        name = self.source_combo.itemData(index, Qt.ItemDataRole.UserRole)
        current = self.document.experiment["data"]
        if not name or name == current["source"]:
            self._show_controls(current)
            return
        entry = registry.get("dataset", name)
        if entry.group == "file":
            self.choose_file(source=name)
            return
        spec = {"source": name, **{p.name: current[p.name] for p in COMMON_PARAMS}}
        self._commit(spec, f"use the {entry.title} data", self._show_error_box)

    def _field_edited(self, name: str, value) -> None:
        spec = dict(self.document.experiment["data"])
        spec[name] = value
        label = COMMON_LABELS.get(name, label_for(name)).lower()
        self._commit(spec, f"set data {label}")

    def _target_chosen(self, index: int) -> None:
        spec = dict(self.document.experiment["data"])
        spec["target"] = json.loads(self.target_combo.itemData(index))
        self._commit(spec, "choose the target column", self._show_error_box)

    def _task_chosen(self, index: int) -> None:
        spec = dict(self.document.experiment["data"])
        spec["task"] = self.task_combo.itemData(index)
        self._commit(spec, f"set the task to {spec['task']}", self._show_error_box)

    def choose_file(self, source: str | None = None) -> bool:
        """Ask for a CSV or .npz file and load it as the data, in the background (a message
        if it cannot be read). False when nothing was chosen or the file is refused."""
        path = self._ask_data_path()
        current = self.document.experiment["data"]
        if not path:
            self._show_controls(current)
            return False
        path = Path(path)
        try:  # a FIFO or a device would block the reader: refused here, unopened
            open_regular(path, DATA_FILE).close()
        except WorkbenchError as exc:
            self._show_error_box(str(exc))
            self._show_controls(current)
            return False
        if source is None:
            source = "npz" if path.suffix.lower() == ".npz" else "csv"
        spec = {"source": source, "path": str(path.resolve()),
                **{p.name: current[p.name] for p in COMMON_PARAMS}}
        if source == "csv":
            spec["target"] = None
            if current["source"] == "csv" and current.get("header"):
                spec["header"] = current["header"]
        if current.get("task") and source in ("csv", "npz"):
            spec["task"] = current["task"]
        return self._commit(spec, f"open the data file {path.name}", self._show_error_box)

    # ---------------------------------------------------------------- dialogs (tests replace)
    def set_file_dialog(self, ask) -> None:
        """Use ``ask()`` (returns a path or None) to ask for data files (the main window's)."""
        self._ask_path_callback = ask

    def _ask_data_path(self) -> str | None:
        if self._ask_path_callback is not None:
            return self._ask_path_callback()
        from PySide6.QtWidgets import QFileDialog
        path, _f = QFileDialog.getOpenFileName(self, "Open a data file", "",
                                               "Data files (*.csv *.tsv *.txt *.npz);;All "
                                               "files (*)")
        return path or None

    def _show_error_box(self, message: str) -> None:
        QMessageBox.warning(self, "Cannot use this data", message)


def _elided_name(name: str, limit: int = 40) -> str:
    """``name`` shortened in the middle to ``limit`` characters (long file names)."""
    if len(name) <= limit:
        return name
    keep = limit - 1
    return name[:keep - keep // 3] + "…" + name[len(name) - keep // 3:]
