"""The "Check gradients" button: back propagation against finite differences, per layer.

:func:`check_trained` checks the network a run has reached (its latest weights),
:func:`check_initial` the document's network as initialized from its seed; both use a
few rows of training data and :mod:`core.nn.gradient_check` (float64, central differences).
:class:`GradientCheckDialog` lists the relative error of every parameter.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from workbench.dashboard.layerstats import param_label

ROWS = 8            # training rows the check uses
MAX_COORDS = 30     # entries perturbed per parameter


def check_trained(experiment: dict, weights: dict, x, y):
    """Check the gradients of ``experiment``'s network with ``weights`` on ``x[:8], y[:8]``.

    Returns
    -------
    core.nn.gradient_check.GradCheckResult
    """
    from core.backend.devices import get_backend
    from core.nn.gradient_check import check_objective
    from core.nn.model import Model, Objective
    x, y = np.asarray(x)[:ROWS], np.asarray(y)[:ROWS]
    backend = get_backend("cpu", "float64")
    model = Model(experiment["model"]["layers"], x.shape[1], backend,
                  seed=experiment["training"]["seed"])
    model.load_state_dict({k: np.asarray(v, dtype=np.float64) if np.asarray(v).dtype.kind == "f"
                           else v for k, v in weights.items()})
    objective = Objective(model, experiment["loss"])
    return check_objective(objective, backend.asarray(x), objective.prepare_target(y),
                           max_coords=MAX_COORDS)


def check_initial(experiment: dict, base_dir=None):
    """Check the gradients of ``experiment``'s freshly initialized network (loads its data)."""
    from core.data import spec
    from core.nn.gradient_check import check_network
    prepared = spec.prepare(experiment["data"], base_dir)
    x = np.asarray(prepared.train.X[:ROWS], dtype=np.float64)
    return check_network(experiment["model"]["layers"], experiment["loss"], x,
                         prepared.train.y[:ROWS], seed=experiment["training"]["seed"],
                         max_coords=MAX_COORDS)


class GradientCheckDialog(QDialog):
    """Per-parameter relative errors of a finite-difference gradient check."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Gradient check")
        self.resize(560, 360)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["parameter", "layer", "relative error", "result"])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        note = QLabel("Back propagation is compared with central differences "
                      "(f(θ+ε) − f(θ−ε)) / 2ε in float64 on a small batch of training "
                      "data. "
                      "Relative errors below 1e-6 mean the gradients are right; ReLU kinks "
                      "can raise single entries.")
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
            cells = [name, param_label(name, specs).split(" · ", 1)[-1] if name != "input"
                     else "input", f"{error:.2e}", "✓ agrees" if ok else "✗ differs"]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 3:
                    item.setForeground(Qt.GlobalColor.darkGreen if ok else Qt.GlobalColor.red)
                self.table.setItem(r, c, item)
        verdict = "All gradients agree" if result.passed else "Some gradients differ"
        self.summary.setText(f"<b>{verdict}</b>: largest relative error "
                             f"{result.max_error:.2e} (tolerance {result.tolerance:g}).")
