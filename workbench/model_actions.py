"""Trained weights in and out of the window: File › Open Model…, Export Weights…, Predict.

:class:`ModelActions` serves the three File-menu entries of the main window:

* **Open Model…** reads a ``.npz``/``.safetensors`` model file written by the workbench
  (or by ``nn-workbench train``), checks that every weight fits the network its
  experiment describes, and only then replaces the document by that experiment, with
  the weights as :attr:`ExperimentDocument.init_state` (training continues from them).
* **Export Weights…** (Ctrl+E) writes the current trained weights, with the experiment,
  the standardization and the class names, as ``.npz``, ``.safetensors``, ``.onnx`` or a
  standalone NumPy script (plus its ``_weights.npz``); every file is written atomically.
* **Predict on CSV…** opens :class:`PredictDialog`: the network's outputs for each row
  of a CSV (class probabilities and the predicted class, or output values), saved as CSV.

"The current trained weights" are those of the latest run on the Train tab (its last
epoch-end snapshot), unless a model file was opened since, in which case they are the
file's. Every file dialog and message goes through a small method tests replace
(:meth:`ModelActions.ask_model_path`, :meth:`ModelActions.ask_export_path`,
:meth:`PredictDialog.ask_csv_path`, :meth:`PredictDialog.ask_save_path`, and the
window's ``_show_error``).
"""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QTableView, QVBoxLayout,
                               QWidget)

from core.io import model_file as weights_io
from core.io import model_file_writing
from core.io import model_file_reading
from core.errors import WeightsError, WorkbenchError
from core.files.atomic_write import write_text_atomic
from core.training.predictions import Predictions, predictions_of  # noqa: F401
from core.data.prediction_inputs import read_inputs  # noqa: F401
from core.io.model_file import ModelFile
from workbench.document import file_stem
from workbench.panels.data_loader import readable_load_error
from workbench.regular_files import regular_file_problem

#: (format, file-dialog filter, suffix), in the order the save dialog offers them.
EXPORT_FORMATS = (
    ("npz", "NumPy model (*.npz)", ".npz"),
    ("safetensors", "safetensors (*.safetensors)", ".safetensors"),
    ("onnx", "ONNX (*.onnx)", ".onnx"),
    ("py", "NumPy inference script (*.py)", ".py"),
)
EXPORT_FILTER = ";;".join(f for _, f, _ in EXPORT_FORMATS)
MODEL_FILTER = "Model files (*.npz *.safetensors);;All files (*)"
CSV_FILTER = "CSV files (*.csv *.tsv *.txt *.csv.gz);;All files (*)"
NO_MODEL_MESSAGE = ("Train the network first (or open a model file): there are no trained "
                    "weights yet. Press Train on the Train tab and let at least one epoch "
                    "finish, or use File › Open Model… to load weights saved earlier.")
PREDICT_HELP = ("Choose a CSV file with one row per sample and one column per network input "
                "(a header row is optional; a target column, if present, is ignored). The "
                "network computes its output for every row by forward propagation.")


# ================================================================ the model behind the actions

def model_file_of_run(run) -> ModelFile | None:
    """The latest weights of a training run as a checked :class:`ModelFile`, or None.

    ``run`` is a dashboard ``RunRecord``: its experiment, its ``info`` (prepared data:
    standardizer, class names) and its latest epoch-end weight snapshot. None until at
    least one epoch has finished.

    Raises
    ------
    WeightsError
        The weights cannot be stored (e.g. they are NaN after divergence).
    """
    info = getattr(run, "info", None)
    weights = getattr(run, "weights", None)
    if run is None or info is None or getattr(run, "latest", None) is None or not weights:
        return None
    prepared = getattr(info, "prepared", None)
    standardizer = getattr(prepared, "standardizer", None)
    classes = list(info.class_names) if info.task == "classification" and info.class_names \
        else None
    return ModelFile.from_model(dict(weights), run.experiment, standardizer, classes,
                                source=f"run “{run.name}”")


def export_target(path, selected_filter: str | None = None) -> tuple[Path, str]:
    """``(file, format)`` for a name from the save dialog.

    A known suffix decides the format; otherwise the chosen file type does and its suffix
    is appended (``"net"`` with "ONNX (*.onnx)" → ``net.onnx``); default ``npz``.
    """
    path = Path(path)
    for fmt, _filter, suffix in EXPORT_FORMATS:
        if path.name.lower().endswith(suffix):
            return path, fmt
    fmt, suffix = "npz", ".npz"
    for f, flt, s in EXPORT_FORMATS:
        if flt == selected_filter:
            fmt, suffix = f, s
    return path.with_name(path.name + suffix), fmt


def write_export(model_file: ModelFile, path, fmt: str) -> list[Path]:
    """Write ``model_file`` to ``path`` as ``fmt``; return the files written.

    ``npz``/``safetensors``: the weights with the experiment, standardization and class
    names. ``onnx``: standard operators (opset 17). ``py``: a NumPy-only script plus
    ``<name>_weights.npz`` next to it, which the script reads. Each file is written
    through a temporary file, so a failure leaves any previous file intact.

    Raises
    ------
    WorkbenchError
        The weights do not fit the network, a package is missing, a file cannot be written.
    """
    path = Path(path)
    if path.is_dir():
        raise WeightsError(f"{path}: is a folder; choose a file name")
    if fmt in ("npz", "safetensors"):
        weights_io.build_model(model_file, "cpu")  # every name and shape must fit the network
        model_file_writing.write_model_file(path, model_file, fmt)
        return [path]
    if fmt == "onnx":
        from core.io.onnx_export import export_onnx
        export_onnx(model_file, path)
        return [path]
    if fmt == "py":
        from core.io.numpy_script import generate_numpy_script
        weights = path.with_name(f"{path.stem}_weights.npz")
        weights_io.build_model(model_file, "cpu")
        model_file_writing.write_model_file(weights, model_file, "npz")
        text = generate_numpy_script(weights)
        try:
            write_text_atomic(path, text)
        except OSError as exc:
            raise WeightsError(f"{path}: cannot be written ({exc.strerror or exc})") from None
        return [path, weights]
    raise WeightsError(f"{path}: unknown export format {fmt!r}; expected one of "
                       f"{', '.join(f for f, _, _ in EXPORT_FORMATS)}")


# ================================================================ predictions

class PredictionTableModel(QAbstractTableModel):
    """A read-only table over the inputs and their :class:`Predictions` (fast for many
    rows: nothing is copied): the input columns first (shaded), then the outputs and the
    predicted class."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.predictions: Predictions | None = None
        self.inputs: np.ndarray | None = None
        self.input_names: list[str] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._input_background = QBrush(QColor("#f1f3f6"))

    def set_predictions(self, predictions: Predictions | None, inputs=None,
                        input_names=None) -> None:
        """Show ``predictions`` beside the rows of ``inputs`` (N, D) they were made from."""
        self.beginResetModel()
        self.predictions = predictions
        self.inputs = None if inputs is None else np.asarray(inputs)
        width = 0 if self.inputs is None else self.inputs.shape[1]
        names = list(input_names or [])
        self.input_names = names if len(names) == width else \
            [f"input {j + 1}" for j in range(width)]
        self.endResetModel()

    def _n_inputs(self) -> int:
        return 0 if self.inputs is None else int(self.inputs.shape[1])

    def rowCount(self, parent=QModelIndex()) -> int:  # Qt override
        p = self.predictions
        return 0 if p is None or parent.isValid() else len(p)

    def columnCount(self, parent=QModelIndex()) -> int:  # Qt override
        p = self.predictions
        if p is None or parent.isValid():
            return 0
        return self._n_inputs() + len(p.titles) + (1 if p.labels is not None else 0)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # Qt override
        p = self.predictions
        if p is None or not index.isValid():
            return None
        row, col = index.row(), index.column() - self._n_inputs()
        if col < 0:  # an input column
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{float(self.inputs[row, index.column()]):.6g}"
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if role == Qt.ItemDataRole.BackgroundRole:
                return self._input_background
            return None
        is_label = p.labels is not None and col == len(p.titles)
        if role == Qt.ItemDataRole.DisplayRole:
            if is_label:
                return p.labels[row]
            value = float(p.values[row, col])
            return f"{value:.4f}" if p.probabilities else f"{value:.6g}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int((Qt.AlignmentFlag.AlignLeft if is_label else Qt.AlignmentFlag.AlignRight)
                       | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and is_label:
            return self._bold
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # Qt override
        p = self.predictions
        if p is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            return "an input value from the CSV" if section < self._n_inputs() else \
                "the network's output"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        if section < self._n_inputs():
            return self.input_names[section]
        section -= self._n_inputs()
        if section < len(p.titles):
            return p.titles[section]
        return "predicted"


class PredictDialog(QDialog):
    """Run the network on a CSV of inputs; show the outputs; save them as CSV.

    Parameters
    ----------
    model_file : ModelFile
        The network (weights, experiment, standardization, class names).
    description : str
        Where the weights come from, shown at the top.
    feature_names : sequence of str, optional
        The network's input names (to find and order the columns of a CSV with a header).
    target : str or int, optional
        The experiment's target column (dropped when present).
    start_folder : str, optional
        Where the file dialogs start.
    """

    def __init__(self, model_file: ModelFile, description: str, feature_names=None,
                 target=None, start_folder: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Predict on a CSV file")
        self.resize(720, 560)
        self.model_file = model_file
        self.model = weights_io.build_model(model_file)
        self.feature_names = list(feature_names) if feature_names else None
        self.target = target
        self.start_folder = start_folder
        self.inputs_path: Path | None = None
        self.predictions: Predictions | None = None
        self._note = ""

        layout = QVBoxLayout(self)
        self.model_label = QLabel(self._describe(description))
        self.model_label.setWordWrap(True)
        self.model_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.model_label)

        row = QHBoxLayout()
        label = QLabel("Inputs (CSV):")
        self.path_field = QLineEdit()
        self.path_field.setReadOnly(True)
        self.path_field.setPlaceholderText("no file chosen")
        self.path_field.setToolTip(PREDICT_HELP)
        self.path_field.setAccessibleName("input CSV file")
        label.setBuddy(self.path_field)
        self.browse_button = QPushButton("Choose CSV…")
        self.browse_button.setToolTip(PREDICT_HELP)
        self.browse_button.clicked.connect(self.choose_csv)
        row.addWidget(label)
        row.addWidget(self.path_field, 1)
        row.addWidget(self.browse_button)
        layout.addLayout(row)

        self.info_label = QLabel(PREDICT_HELP)
        self.info_label.setWordWrap(True)
        self.info_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.info_label)

        self.table_model = PredictionTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.table_model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setDefaultSectionSize(90)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setToolTip("One row per row of the CSV file, in the same order")
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save as CSV…")
        self.save_button.setToolTip("Write these predictions to a CSV file (one line per input "
                                    "row, with a header)")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(lambda: self.save_csv())
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.close)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

    def _describe(self, description: str) -> str:
        model, mf = self.model, self.model_file
        classes = mf.class_names
        if classes and (len(classes) == model.output_width
                        or (len(classes) == 2 and model.output_width == 1)):
            what = f"class probabilities ({', '.join(classes)})"
        else:
            what = f"{model.output_width} output value{'s' if model.output_width > 1 else ''}"
        scaled = ("; inputs are standardized as in training" if mf.preprocess is not None
                  else "")
        return (f"Model: {description}. It takes {model.input_width} input column"
                f"{'s' if model.input_width > 1 else ''} and gives {what}{scaled}.")

    # ---------------------------------------------------------------- actions
    def choose_csv(self) -> bool:
        """Choose CSV…: ask for a file, then :meth:`load_csv`."""
        path = self.ask_csv_path()
        if not path:
            return False
        return self.load_csv(path)

    def load_csv(self, path) -> bool:
        """Read ``path``, run the network on every row, show the outputs. False on a problem."""
        path = Path(path)
        problem = regular_file_problem(path, "a CSV file of inputs")
        if problem:  # a FIFO would block the reader forever
            self._failed(problem)
            return False
        try:
            X, note = read_inputs(path, self.model.input_width, self.feature_names, self.target)
            outputs = self.model.predict(self.model_file.prepare_inputs(X))
            predictions = predictions_of(self.model_file, outputs)
        except WorkbenchError as exc:
            self._failed(str(exc))
            return False
        except Exception as exc:  # an odd file the reader did not expect: one sentence
            self._failed(readable_load_error(exc, {"path": str(path)}))
            return False
        self.inputs_path = path
        self.start_folder = str(path.resolve().parent)
        self.path_field.setText(str(path))
        self.predictions = predictions
        self.table_model.set_predictions(predictions, X, self.feature_names)
        self._note = note
        self.info_label.setStyleSheet("")
        self.info_label.setText(note)
        self.save_button.setEnabled(True)
        return True

    def _failed(self, message: str) -> None:
        self.info_label.setStyleSheet("color: #b3261e;")
        self.info_label.setText(message)
        self.show_error("Cannot predict", message)

    def save_csv(self, path=None) -> Path | None:
        """Save as CSV…: write the predictions (atomically); the file, or None."""
        if self.predictions is None:
            return None
        if path is None:
            stem = self.inputs_path.stem if self.inputs_path is not None else "inputs"
            folder = Path(self.start_folder) if self.start_folder else Path.cwd()
            path = self.ask_save_path(str(folder / f"{stem}_predictions.csv"))
            if not path:
                return None
        path = Path(path)
        if not path.suffix:
            path = path.with_suffix(".csv")
        try:
            write_text_atomic(path, self.predictions.to_csv())
        except OSError as exc:
            self.show_error("Cannot save the predictions",
                            f"{path}: cannot be written ({exc.strerror or exc}).")
            return None
        self.info_label.setText(f"{self._note} Saved the {len(self.predictions)} predictions "
                                f"to {path}.")
        return path

    # ---------------------------------------------------------------- dialogs (tests replace)
    def ask_csv_path(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self, "Inputs to predict", self.start_folder,
                                              CSV_FILTER)
        return path or None

    def ask_save_path(self, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the predictions", suggested,
                                              "CSV files (*.csv)")
        return path or None

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)


# ================================================================ the window's actions

class ModelActions(QObject):
    """File › Open Model…, Export Weights… and Predict on CSV… of a main window.

    Parameters
    ----------
    window : MainWindow
        Provides ``document``, ``settings``, ``training_view`` (its ``run``), ``dataset``,
        the status bar, ``_maybe_save`` and ``_show_error``.
    """

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        #: the model file opened last (its weights live on in ``document.init_state``)
        self.opened: ModelFile | None = None
        self._run_at_open = None
        self.predict_dialog: PredictDialog | None = None

    # ---------------------------------------------------------------- the current model
    def current_model_file(self) -> ModelFile | None:
        """The trained weights to export or predict with, with their companions; or None.

        A run trained since the model file was opened wins; then the opened model file
        (while the network still has its layers). Without a model file: the latest run.

        Raises
        ------
        WeightsError
            The run's weights cannot be stored (e.g. NaN after divergence).
        """
        view = self.window.training_view
        run = getattr(view, "run", None)
        run_model = self._run_model_file(view, run)
        if run_model is not None and (self.opened is None or run is not self._run_at_open):
            return run_model
        return self._opened_model_file()

    def describe_current(self, model_file: ModelFile) -> str:
        """Where ``model_file``'s weights come from, for the Predict dialog."""
        run = getattr(self.window.training_view, "run", None)
        if self.opened is not None and model_file.source == self.opened.source:
            return f"weights from the model file {self.opened.source}"
        if run is not None and getattr(run, "latest", None) is not None:
            return f"the latest weights of run “{run.name}” (after epoch {run.epoch})"
        return model_file.source

    def _run_model_file(self, view, run) -> ModelFile | None:
        hook = getattr(view, "current_model_file", None)
        if callable(hook):  # the Train tab knows its model best (e.g. restored best weights)
            return hook()
        return model_file_of_run(run)

    def _opened_model_file(self) -> ModelFile | None:
        state = self.window.document.init_state
        if self.opened is None or state is None:
            return None
        return ModelFile(state, copy.deepcopy(self.window.document.experiment),
                         self.opened.preprocess, self.opened.class_names, self.opened.source)

    def _current_or_explain(self, title: str) -> ModelFile | None:
        try:
            model_file = self.current_model_file()
        except WorkbenchError as exc:
            self.show_error(title, str(exc))
            return None
        if model_file is None:
            self.show_error(title, NO_MODEL_MESSAGE)
        return model_file

    # ---------------------------------------------------------------- File › Open Model…
    def open_model(self, path=None) -> bool:
        """Open a model file: its experiment replaces the document, its weights become
        ``document.init_state``. On any problem one message, and nothing changes."""
        if not self.window._maybe_save():
            return False
        if path is None:
            path = self.ask_model_path()
            if not path:
                return False
        path = Path(path)
        problem = regular_file_problem(path, "a model file (.npz or .safetensors)")
        if problem:  # a FIFO would block the reader forever
            self.show_error("Cannot open the model", problem)
            return False
        try:
            model_file = model_file_reading.load_model_file(path)
            weights_io.build_model(model_file, "cpu")  # every weight must fit the network
        except WorkbenchError as exc:
            self.show_error("Cannot open the model", str(exc))
            return False
        except Exception as exc:  # an odd file the reader did not expect: one sentence
            self.show_error("Cannot open the model", readable_load_error(exc, {"path": str(path)}))
            return False
        experiment = _rebased(model_file.experiment, path.parent)
        document = self.window.document
        try:
            document.replace(experiment, None)
        except WorkbenchError as exc:
            self.show_error("Cannot open the model",
                            f"{path}: the stored experiment cannot be used: {exc}")
            return False
        document.init_state = model_file.state
        self.opened = model_file
        self._run_at_open = getattr(self.window.training_view, "run", None)
        self.window._example_path = None
        self.window._update_title()
        self.window.settings.set_last_directory(path.resolve().parent)
        n = sum(int(np.size(a)) for k, a in model_file.state.items()
                if not k.endswith("num_batches_tracked"))
        self.window.statusBar().showMessage(
            f"Opened the model {path.name} ({n:,} weights): Predict on CSV…, Export Weights…, "
            "or Train to continue from these weights", 10000)
        show = getattr(self.window.training_view, "show_opened_model", None)
        if callable(show):  # the Train tab shows the opened model's boundary and diagram now
            show()
        return True

    # ---------------------------------------------------------------- File › Export Weights…
    def export_weights(self, path=None, fmt: str | None = None) -> list[Path] | None:
        """Export the current trained weights; the files written, or None."""
        title = "Cannot export the weights"
        model_file = self._current_or_explain(title)
        if model_file is None:
            return None
        if path is None:
            path, chosen = self.ask_export_path(self._suggested_export_name(model_file))
            if not path:
                return None
            path, fmt = export_target(path, chosen)
        elif fmt is None:
            path, fmt = export_target(path)
        try:
            written = write_export(model_file, path, fmt)
        except WorkbenchError as exc:
            self.show_error(title, str(exc))
            return None
        except OSError as exc:
            self.show_error(title, f"{path}: cannot be written ({exc.strerror or exc}).")
            return None
        self.window.settings.set_last_directory(Path(path).resolve().parent)
        mark = getattr(self.window.training_view, "weights_exported", None)
        if callable(mark):  # the run whose weights these are no longer asks at closing
            mark(model_file)
        extra = f" and {written[1].name}" if len(written) > 1 else ""
        self.window.statusBar().showMessage(f"Exported the weights to {written[0]}{extra}",
                                            8000)
        return written

    def _suggested_export_name(self, model_file: ModelFile) -> str:
        folder = Path(self.window.settings.last_directory())
        stem = file_stem((model_file.experiment or {}).get("name"), "model")
        return str(folder / f"{stem}.npz")

    # ---------------------------------------------------------------- File › Predict on CSV…
    def show_predict_dialog(self) -> PredictDialog | None:
        """Open the Predict dialog on the current trained model (non-modal); it, or None."""
        model_file = self._current_or_explain("Cannot predict")
        if model_file is None:
            return None
        feature_names, target = self._input_names(model_file)
        try:
            dialog = PredictDialog(model_file, self.describe_current(model_file), feature_names,
                                   target, self.window.settings.last_directory(), self.window)
        except WorkbenchError as exc:
            self.show_error("Cannot predict", str(exc))
            return None
        if self.predict_dialog is not None:
            self.predict_dialog.close()
            self.predict_dialog.deleteLater()
        self.predict_dialog = dialog
        dialog.show_error = self.show_error
        dialog.show()
        return dialog

    def _input_names(self, model_file: ModelFile) -> tuple[list | None, object]:
        exp = model_file.experiment or {}
        target = (exp.get("data") or {}).get("target")
        run = getattr(self.window.training_view, "run", None)
        info = getattr(run, "info", None)
        if info is not None and getattr(info, "feature_names", None) and \
                run.experiment.get("data") == exp.get("data"):
            return list(info.feature_names), target
        dataset = getattr(self.window, "dataset", None)
        if dataset is not None and self.window.document.experiment.get("data") == exp.get("data"):
            return list(dataset.feature_names or []) or None, target
        return None, target

    # ---------------------------------------------------------------- dialogs (tests replace)
    def ask_model_path(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open a model file",
                                              self.window.settings.last_directory(),
                                              MODEL_FILTER)
        return path or None

    def ask_export_path(self, suggested: str) -> tuple[str | None, str]:
        """The file to export to and the file type chosen in the dialog."""
        path, chosen = QFileDialog.getSaveFileName(self.window, "Export the trained weights",
                                                   suggested, EXPORT_FILTER,
                                                   EXPORT_FORMATS[0][1])
        return (path or None), chosen

    def show_error(self, title: str, message: str) -> None:
        self.window._show_error(title, message)


def _rebased(experiment: dict, folder: Path) -> dict:
    """``experiment`` with a relative data file made absolute when it lies next to the model
    (a model file has no experiment folder of its own to resolve it from)."""
    data = experiment.get("data") or {}
    rel = data.get("path")
    if not isinstance(rel, str) or not rel or Path(rel).is_absolute():
        return experiment
    candidate = folder / rel
    if not candidate.exists():
        return experiment
    out = copy.deepcopy(experiment)
    out["data"]["path"] = str(candidate.resolve())
    return out
