"""File › Predict on CSV…: a trained network's outputs for the rows of a CSV file.

:class:`PredictDialog` reads a CSV of inputs (in the network's column order, or by the
header's names; a target column is dropped), runs the network on every row by forward
propagation and shows the outputs beside the inputs (:class:`PredictionTableModel`: class
probabilities and the predicted class, or output values); Save writes them as CSV,
atomically. File dialogs and messages go through :meth:`PredictDialog.ask_csv_path`,
:meth:`PredictDialog.ask_save_path` and :meth:`PredictDialog.show_error`, which tests
replace.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.data.prediction_inputs import read_inputs
from core.errors import WorkbenchError
from core.files.atomic_write import write_text_atomic
from core.io import model_file as weights_io
from core.io.model_file import ModelFile
from core.training.predictions import Predictions, predictions_of
from workbench.panels.data_loader import readable_load_error

CSV_FILTER = "CSV files (*.csv *.tsv *.txt *.csv.gz);;All files (*)"
PREDICT_HELP = ("Choose a CSV file with one row per sample and one column per network input "
                "(a header row is optional; a target column, if present, is ignored). The "
                "network computes its output for every row by forward propagation.")


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
        self.setWindowTitle(self.tr("Predict on a CSV file"))
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
        label = QLabel(self.tr("Inputs (CSV):"))
        self.path_field = QLineEdit()
        self.path_field.setReadOnly(True)
        self.path_field.setPlaceholderText(self.tr("no file chosen"))
        self.path_field.setToolTip(PREDICT_HELP)
        self.path_field.setAccessibleName(self.tr("input CSV file"))
        label.setBuddy(self.path_field)
        self.browse_button = QPushButton(self.tr("Choose CSV…"))
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
        self.table.setToolTip(self.tr("One row per row of the CSV file, in the same order"))
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save as CSV…"))
        self.save_button.setToolTip(self.tr("Write these predictions to a CSV file (one line per "
                                            "input row, with a header)"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(lambda: self.save_csv())
        self.close_button = QPushButton(self.tr("Close"))
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
        if mf.encoding is not None:
            names = ", ".join(c["name"] for c in mf.encoding.columns[:8])
            more = " …" if len(mf.encoding.columns) > 8 else ""
            return (f"Model: {description}. It takes rows of the training table (columns "
                    f"{names}{more}; text categories and missing cells as in training) and "
                    f"gives {what}.")
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
        try:  # the reader refuses a FIFO or a device unopened (it would block forever)
            X, note = read_inputs(path, self.model.input_width, self.feature_names, self.target,
                                  self.model_file.encoding)
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
        names = self.model_file.encoding.feature_names if self.model_file.encoding is not None \
            else self.feature_names
        self.table_model.set_predictions(predictions, X, names)
        self._note = note
        self.info_label.setStyleSheet("")
        self.info_label.setText(note)
        self.save_button.setEnabled(True)
        return True

    def _failed(self, message: str) -> None:
        self.info_label.setStyleSheet("color: #b3261e;")
        self.info_label.setText(message)
        self.show_error(self.tr("Cannot predict"), message)

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
            self.show_error(self.tr("Cannot save the predictions"),
                            self.tr("{}: cannot be written ({}).").format(
                                path, exc.strerror or exc))
            return None
        self.info_label.setText(self._note + " " + self.tr("Saved the {} predictions to {}.")
                                .format(len(self.predictions), path))
        return path

    # ---------------------------------------------------------------- dialogs (tests replace)
    def ask_csv_path(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Inputs to predict"), self.start_folder,
                                              CSV_FILTER)
        return path or None

    def ask_save_path(self, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the predictions"), suggested,
                                              self.tr("CSV files (*.csv)"))
        return path or None

    def show_error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, message)


# ================================================================ the window's actions
