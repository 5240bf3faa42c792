"""The Data panel's source controls: the source list, the file controls, the input tiles.

The source is one of the registry's ``dataset`` entries, grouped as Synthetic, Bundled,
File and Image files; its parameters get a generated form, files get an Open button, a
target-column choice and a task choice, an image folder a Choose folder button; a 2-D set
gets Playground's feature-cross input tiles; a synthetic set a Regenerate button.
:class:`DataSourceControls` is a part of :class:`~workbench.panels.dataset_panel.DatasetPanel`
(a mixin: the panel's state, its ``_commit`` and its document are shared).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core import registry
from core.data.feature_crosses import CROSS_FEATURES, CROSS_LABELS
from core.data.spec import COMMON_PARAMS, takes_crosses
from core.errors import WorkbenchError
from core.files.read_limits import open_regular
from workbench.forms import ParamForm, compact_combo, relabel
from workbench.i18n import core_texts
from workbench.panels.data_loader import DATA_FILE

#: (titles and labels in English, translated where shown: context ``DataSourceControls``)
GROUPS = (("synthetic", QT_TRANSLATE_NOOP("DataSourceControls", "Synthetic")),
          ("bundled", QT_TRANSLATE_NOOP("DataSourceControls", "Bundled")),
          ("file", QT_TRANSLATE_NOOP("DataSourceControls", "File")),
          ("images", QT_TRANSLATE_NOOP("DataSourceControls", "Image files")))
#: Fields of file sources edited by dedicated controls rather than the generated form.
FILE_FIELDS = ("path", "target", "task", "columns", "missing_values")
SOURCE_LABELS = {"a": QT_TRANSLATE_NOOP("DataSourceControls", "Slope a (x1)"),
                 "b": QT_TRANSLATE_NOOP("DataSourceControls", "Slope b (x2)"),
                 "samples": QT_TRANSLATE_NOOP("DataSourceControls", "Samples"),
                 "noise": QT_TRANSLATE_NOOP("DataSourceControls", "Noise"),
                 "classes": QT_TRANSLATE_NOOP("DataSourceControls", "Classes"),
                 "header": QT_TRANSLATE_NOOP("DataSourceControls", "Header row"),
                 "impute": QT_TRANSLATE_NOOP("DataSourceControls", "Missing numbers")}
TASK_CHOICES = (("auto", QT_TRANSLATE_NOOP("DataSourceControls",
                                           "Auto (guess from the target)")),
                ("classification", QT_TRANSLATE_NOOP("DataSourceControls", "Classification")),
                ("regression", QT_TRANSLATE_NOOP("DataSourceControls", "Regression")))


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


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
        later = rows[1:]
        if not any(not _is_number(c) and any(j < len(r) and _is_number(r[j]) for r in later)
                   for j, c in enumerate(names)):
            return None
    return [n or f"column {j + 1}" for j, n in enumerate(names)]


class DataSourceControls:
    """Where the samples come from: building, showing and editing the source controls."""

    def _build_source(self) -> QGroupBox:
        box = QGroupBox(self.tr("Data source"))
        self._source_layout = QVBoxLayout(box)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self.source_combo = compact_combo(QComboBox())
        self.source_combo.setObjectName("source_combo")
        model = QStandardItemModel(self.source_combo)
        bold = QFont()
        bold.setBold(True)
        for group, title in GROUPS:
            header = QStandardItem(self.tr(title))
            header.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setFont(bold)
            model.appendRow(header)
            for entry in registry.entries("dataset", group):
                item = QStandardItem("    " + core_texts.entry_title(entry))
                item.setData(entry.name, Qt.ItemDataRole.UserRole)
                item.setToolTip(core_texts.entry_tooltip(entry))
                model.appendRow(item)
        self.source_combo.setModel(model)
        self.source_combo.activated.connect(self._source_chosen)
        source_label = QLabel(self.tr("Source"))
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
        self.path_edit.setPlaceholderText(self.tr("no file chosen"))
        self.path_edit.setMinimumWidth(60)
        self.open_button = QPushButton(self.tr("Open CSV/NPZ…"))
        self.open_button.setObjectName("open_data_button")
        self.open_button.setToolTip(
            self.tr(
                "choose a CSV (one row per sample, one column per feature "
                "and a target column) or a NumPy .npz file (arrays X, y)"
            )
        )
        self.open_button.clicked.connect(self.choose_file)
        file_row.addWidget(self.path_edit, 1)
        file_label = QLabel(self.tr("File"))
        file_label.setBuddy(self.path_edit)
        file_form.addRow(file_label, file_row)
        file_form.addRow("", self.open_button)
        self.target_combo = compact_combo(QComboBox())
        self.target_combo.setObjectName("target_combo")
        self.target_combo.setToolTip(
            self.tr("the column to predict; the other columns are the inputs")
        )
        self.target_combo.activated.connect(self._target_chosen)
        self.target_label = QLabel(self.tr("Target column"))
        self.target_label.setBuddy(self.target_combo)
        file_form.addRow(self.target_label, self.target_combo)
        self.task_combo = compact_combo(QComboBox())
        self.task_combo.setObjectName("task_combo")
        for value, text in TASK_CHOICES:
            self.task_combo.addItem(self.tr(text), value)
        self.task_combo.setToolTip(self.tr("classification predicts a class, regression a number"))
        self.task_combo.activated.connect(self._task_chosen)
        task_label = QLabel(self.tr("Task"))
        task_label.setBuddy(self.task_combo)
        file_form.addRow(task_label, self.task_combo)
        self._source_layout.addWidget(self.file_box)
        self._form_holder = QVBoxLayout()
        self._form_holder.setContentsMargins(0, 0, 0, 0)
        self._source_layout.addLayout(self._form_holder)
        self.folder_button = QPushButton(self.tr("Choose folder…"))
        self.folder_button.setObjectName("choose_folder_button")
        self.folder_button.setToolTip(self.tr("choose a folder with one sub-folder of images "
                                              "per class (the class names are the sub-folder "
                                              "names)"))
        self.folder_button.clicked.connect(self.choose_folder)
        self.folder_button.hide()
        self._source_layout.addWidget(self.folder_button)
        self._source_layout.addWidget(self._build_crosses())
        self.regenerate_button = QPushButton(self.tr("Regenerate"))
        self.regenerate_button.setObjectName("regenerate_button")
        self.regenerate_button.setToolTip(self.tr("draw new points from the same recipe (the next "
                                          "data seed)"))
        self.regenerate_button.clicked.connect(self.regenerate)
        self._source_layout.addWidget(self.regenerate_button)
        self._source_layout.addWidget(self._build_progress())
        return box

    def _build_crosses(self) -> QWidget:
        """The network's inputs for a 2-D set: one toggle per feature cross (Playground's
        input tiles); the points and the decision boundary stay in the (x1, x2) plane."""
        self.crosses_box = QWidget()
        self.crosses_box.setObjectName("crosses_box")
        self.crosses_box.setStyleSheet(  # a pressed tile must read as "on" in every style
            "QToolButton { padding: 2px; border: 1px solid palette(mid); border-radius: 3px; }"
            "QToolButton:checked { background: palette(highlight); "
            "color: palette(highlighted-text); border-color: palette(highlight); }")
        grid = QGridLayout(self.crosses_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(2)
        label = QLabel(self.tr("Inputs the network reads"))
        label.setToolTip(
            self.tr(
                "the coordinates, and crosses of them that a network without hidden "
                "layers can combine linearly (x1² and x2² make the circle a straight "
                "line)"
            )
        )
        grid.addWidget(label, 0, 0, 1, 4)
        self.cross_buttons: dict[str, QToolButton] = {}
        for i, name in enumerate(CROSS_FEATURES):  # two rows: fits the narrowest column
            button = QToolButton()
            button.setObjectName(f"cross_{name}")
            button.setText(CROSS_LABELS[name])
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setToolTip(self.tr("feed {} to the network").format(CROSS_LABELS[name]))
            button.clicked.connect(lambda _checked, n=name: self._cross_toggled(n))
            self.cross_buttons[name] = button
            grid.addWidget(button, 1 + i // 4, i % 4)
        self.crosses_box.hide()
        return self.crosses_box

    def _show_controls(self, spec: dict) -> None:
        entry = registry.get("dataset", spec["source"])
        model = self.source_combo.model()
        for row in range(model.rowCount()):
            if model.item(row).data(Qt.ItemDataRole.UserRole) == entry.name:
                self.source_combo.setCurrentIndex(row)
                break
        self.source_combo.setToolTip(core_texts.entry_tooltip(entry))
        extra = entry.extra
        facts = []
        if extra.get("rows"):
            facts.append(self.tr("{} rows, {} features").format(extra["rows"],
                                                                extra.get("dims")))
        self.source_help.setText(core_texts.entry_help(entry)
                                 + (self.tr(" ({})").format("; ".join(facts)) if facts else ""))
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
            relabel(self.source_form, {k: self.tr(v) for k, v in SOURCE_LABELS.items()})
            self.source_form.edited.connect(self._field_edited)
            self.source_form.setVisible(bool(form_params))
            if entry.name == "image_folder":  # pixels: whole numbers
                for spin in self.source_form.widget("size").findChildren(QDoubleSpinBox):
                    spin.setDecimals(0)
                    spin.setSingleStep(1)
                self.source_form.set_values(values)
            self._form_holder.addWidget(self.source_form)
            self._form_source = entry.name
        else:
            self.source_form.set_values(values)
        self.common_form.set_values(spec)
        self.regenerate_button.setVisible(entry.group == "synthetic")
        self.folder_button.setVisible(entry.name == "image_folder")
        train_percent = round(100 - 100 * spec["test_fraction"])
        blocked = self.ratio_slider.blockSignals(True)
        self.ratio_slider.setValue(train_percent)
        self.ratio_slider.blockSignals(blocked)
        self._show_ratio(train_percent)
        self.crosses_box.setVisible("features" in spec)
        chosen = set(spec.get("features", ()))
        for name, button in self.cross_buttons.items():
            button.setChecked(name in chosen)

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
        self.target_combo.addItem(self.tr("last column (default)"), json.dumps(None))
        names = None
        resolved = self._resolve(path) if path else None
        if resolved is not None:
            try:
                names = csv_columns(resolved, spec.get("header", "auto"))
            except (WorkbenchError, OSError, UnicodeError, csv.Error):
                names = None
        target = spec.get("target")
        if names:
            self.target_combo.setItemText(0, self.tr("last column ({})").format(names[-1]))
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

    def regenerate(self) -> None:
        """New points for a synthetic set: the next data seed (one undo step)."""
        spec = dict(self.document.experiment["data"])
        spec["seed"] = spec["seed"] + 1
        self._commit(spec, self.tr("regenerate the data (seed {})").format(spec["seed"]),
                     self._show_error_box)

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
        if entry.name == "image_folder":
            self.choose_folder()
            return
        spec = {"source": name, **{p.name: current[p.name] for p in COMMON_PARAMS}}
        if "features" in current and takes_crosses(name):  # the inputs stay as chosen
            spec["features"] = list(current["features"])
        self._commit(spec, self.tr("use the {} data").format(core_texts.entry_title(entry)),
                     self._show_error_box)

    def _cross_toggled(self, name: str) -> None:
        """A tile was clicked: the inputs are the tiles now pressed (so quick clicks, made
        while the previous choice still loads, all count)."""
        chosen = [n for n in CROSS_FEATURES if self.cross_buttons[n].isChecked()]
        if not chosen:
            self.cross_buttons[name].setChecked(True)
            self._show_note(self.tr("The network needs at least one input: choose another "
                                    "before removing {}.").format(CROSS_LABELS[name]))
            return
        spec = dict(self.document.experiment["data"])
        spec["features"] = chosen
        what = self.tr("add the input {}") if name in chosen else self.tr("remove the input {}")
        self._commit(spec, what.format(CROSS_LABELS[name]), self._show_error_box)

    def _target_chosen(self, index: int) -> None:
        spec = dict(self.document.experiment["data"])
        spec["target"] = json.loads(self.target_combo.itemData(index))
        self._commit(spec, self.tr("choose the target column"), self._show_error_box)

    def _task_chosen(self, index: int) -> None:
        spec = dict(self.document.experiment["data"])
        spec["task"] = self.task_combo.itemData(index)
        self._commit(spec, self.tr("set the task to {}").format(spec["task"]),
                     self._show_error_box)

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
        return self._commit(spec, self.tr("open the data file {}").format(path.name),
                            self._show_error_box)

    def choose_folder(self) -> bool:
        """Ask for a folder of images (one sub-folder per class) and load it as the data, in
        the background with progress and Cancel (a message if it cannot be read). The size
        and colour of a folder already in use are kept. False when nothing was chosen."""
        asked = getattr(self, "_ask_folder_callback", None)
        path = asked() if asked is not None else self._ask_folder_path()
        current = self.document.experiment["data"]
        if not path:
            self._show_controls(current)
            return False
        path = Path(path)
        if not path.is_dir():
            self._show_error_box(self.tr("{} is not a folder; expected a folder with one "
                                         "sub-folder of images per class.").format(path))
            self._show_controls(current)
            return False
        spec = {"source": "image_folder", "path": str(path.resolve()),
                **{p.name: current[p.name] for p in COMMON_PARAMS}}
        if current["source"] == "image_folder":
            spec.update(size=current["size"], grayscale=current["grayscale"])
        return self._commit(spec, self.tr("open the image folder {}").format(path.name),
                            self._show_error_box)

    def set_folder_dialog(self, ask) -> None:
        """Use ``ask()`` (returns a folder path or None) to ask for image folders."""
        self._ask_folder_callback = ask

    def _ask_folder_path(self) -> str | None:
        from PySide6.QtWidgets import QFileDialog
        path = QFileDialog.getExistingDirectory(
            self, self.tr("Choose a folder with one sub-folder of images per class"), "")
        return path or None

    def set_file_dialog(self, ask) -> None:
        """Use ``ask()`` (returns a path or None) to ask for data files (the main window's)."""
        self._ask_path_callback = ask

    def _ask_data_path(self) -> str | None:
        if self._ask_path_callback is not None:
            return self._ask_path_callback()
        from PySide6.QtWidgets import QFileDialog
        path, _f = QFileDialog.getOpenFileName(self, self.tr("Open a data file"), "",
                                               self.tr("Data files (*.csv *.tsv *.txt *.npz);;All "
                                               "files (*)"))
        return path or None

    def _show_error_box(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Cannot use this data"), message)
