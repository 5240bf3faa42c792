"""The "Check gradients" button: which check runs, and the dialog with its result.

The check itself is the engine's (:func:`core.nn.gradient_check.check_with_weights` for a
run's latest weights, :func:`core.nn.gradient_check.check_experiment` for the document's
network as initialized from its seed): back propagation against central differences in
float64 on a few rows of training data. :class:`GradientCheckDialog` lists the relative
error of every parameter.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from core.data.spec import prepare
from core.nn.gradient_check import GradCheckResult, check_experiment, check_with_weights
from workbench.dashboard.layer_panels import layer_label


def check_gradients(run, document) -> tuple[GradCheckResult, tuple]:
    """The gradient check the button runs, and the layer specs it checked.

    With a prepared ``run``: its latest weights on its first training rows; else the
    ``document``'s network as initialized from its seed, on the first rows of its data.

    Raises
    ------
    WorkbenchError
        The data cannot be loaded or the network cannot be built.
    """
    if run is not None and run.info is not None:
        prepared = run.info.prepared
        result = check_with_weights(run.experiment, run.weights, run.info.train_x,
                                    run.info.train_y, input_shape=prepared.train.sample_shape
                                    if prepared is not None else None)
        return result, run.info.layer_specs
    experiment = document.experiment
    train = prepare(experiment["data"], document.base_dir).train
    return check_experiment(experiment, train.X, train.y, input_shape=train.sample_shape), \
        experiment["model"]["layers"]

class GradientCheckDialog(QDialog):
    """Per-parameter relative errors of a finite-difference gradient check."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Gradient check"))
        self.resize(560, 360)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("parameter"), self.tr("layer"),
                                              self.tr("relative error"), self.tr("result")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        note = QLabel(self.tr("Back propagation is compared with central differences "
                      "(f(θ+ε) − f(θ−ε)) / 2ε in float64 on a small batch of training "
                      "data. "
                      "Relative errors below 1e-6 mean the gradients are right; ReLU kinks "
                      "can raise single entries."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)

    def show_result(self, result, specs) -> None:
        rows = sorted(result.errors.items(), key=lambda kv: (kv[0] == "input", kv[0]))
        self.table.setRowCount(len(rows))
        for r, (name, error) in enumerate(rows):
            ok = error < result.tolerance
            cells = [name, layer_label(name, specs).split(" · ", 1)[-1] if name != "input"
                     else self.tr("input"), f"{error:.2e}",
                     self.tr("✓ agrees") if ok else self.tr("✗ differs")]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 3:
                    item.setForeground(Qt.GlobalColor.darkGreen if ok else Qt.GlobalColor.red)
                self.table.setItem(r, c, item)
        verdict = self.tr("All gradients agree") if result.passed else \
            self.tr("Some gradients differ")
        self.summary.setText(f"<b>{verdict}</b>: " + self.tr(
            "largest relative error {} (tolerance {}).").format(f"{result.max_error:.2e}",
                                                              f"{result.tolerance:g}"))
