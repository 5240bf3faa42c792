"""Plot of an activation function and its derivative, with advice on where to use it.

The curves come from the engine's own layer classes: a one-layer
:class:`core.nn.model.Model` runs forward and backward in float64 on a grid, so what the
user sees is exactly what training will compute (including parameters such as Leaky
ReLU's slope). Softmax acts on a vector, so the preview shows the first output of the
2-class softmax of ``(x, 0)``, which equals ``sigmoid(x)``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from core import registry
from core.backend.devices import get_backend
from core.nn.model import Model

X_RANGE = (-5.0, 5.0)
F_COLOR = "#2f6fd0"
DF_COLOR = "#e07b00"


def is_activation(layer_type: str) -> bool:
    """True when ``layer_type`` is a registry layer in the "activations" group."""
    try:
        return registry.get("layer", layer_type).group == "activations"
    except Exception:  # unknown name: not an activation
        return False


def activation_curve(spec, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """f(x) and f'(x) of an activation layer, computed by the engine in float64.

    Parameters
    ----------
    spec : str or dict
        Layer type name or spec (``{"type": "leaky_relu", "alpha": 0.1}``).
    x : ndarray, shape (n,)
        Points to evaluate.

    Returns
    -------
    y, dy : ndarray, shape (n,)
        The activation and its derivative (back propagation of ones). For softmax, the
        first output of softmax([x, 0]) and its derivative with respect to x.
    """
    spec = registry.normalize("layer", spec, "layer")
    return _curve(tuple(sorted(spec.items(), key=lambda kv: kv[0])), tuple(np.asarray(x, float)))


@lru_cache(maxsize=128)
def _curve(items: tuple, xs: tuple) -> tuple[np.ndarray, np.ndarray]:
    spec = {k: (list(v) if isinstance(v, tuple) else v) for k, v in items}
    x = np.asarray(xs, dtype=np.float64)
    width = 2 if spec["type"] == "softmax" else 1
    inputs = np.zeros((len(x), width))
    inputs[:, 0] = x
    model = Model([spec], width, get_backend("cpu", "float64"))
    y = np.array(model.forward(inputs, training=True)[:, 0], dtype=np.float64, copy=True)
    grad = np.zeros((len(x), width))
    grad[:, 0] = 1.0
    dx = model.backward(grad)
    dy = np.array(dx[:, 0], dtype=np.float64, copy=True) if dx is not None else np.zeros_like(y)
    y.flags.writeable = False
    dy.flags.writeable = False
    return y, dy


class ActivationPreview(QWidget):
    """A small plot of f(x) and f'(x) on [-5, 5] and the activation's advice text."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._spec: dict | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.title = QLabel()
        self.title.setObjectName("previewTitle")
        self.title.setStyleSheet("font-weight: 600;")
        layout.addWidget(self.title)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMinimumHeight(150)
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        item = self.plot.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.25)
        item.setLabel("bottom", "x")
        item.addLegend(offset=(6, 4), labelTextSize="8pt", brush=pg.mkBrush(255, 255, 255, 210))
        item.addItem(pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen("#999999", width=1)))
        item.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen("#999999", width=1)))
        self.f_curve = item.plot([], [], pen=pg.mkPen(F_COLOR, width=2.5), name="f(x)")
        dashed = pg.mkPen(DF_COLOR, width=2, style=Qt.PenStyle.DashLine)
        self.df_curve = item.plot([], [], pen=dashed, name="f′(x)")
        item.setXRange(*X_RANGE, padding=0.02)
        layout.addWidget(self.plot)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        layout.addWidget(self.note)
        self.advice = QLabel()
        self.advice.setWordWrap(True)
        self.advice.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.advice)
        self.placeholder = QLabel("Select an activation in the network, or point at one in the "
                                  "palette, to plot f(x) and its slope f′(x).")
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #777;")
        layout.addWidget(self.placeholder)
        layout.addStretch(1)
        self.show_activation(None)

    @property
    def spec(self) -> dict | None:
        """The activation spec shown, or None."""
        return self._spec

    def show_activation(self, spec) -> None:
        """Plot ``spec`` (type name or layer spec) if it is an activation; else the hint."""
        if isinstance(spec, str):
            spec = {"type": spec}
        if not spec or not is_activation(spec.get("type", "")):
            self._spec = None
            for w in (self.title, self.plot, self.note, self.advice):
                w.setVisible(False)
            self.placeholder.setVisible(True)
            return
        spec = registry.normalize("layer", spec, "layer")
        if spec == self._spec:
            return
        self._spec = spec
        entry = registry.get("layer", spec["type"])
        x = np.linspace(*X_RANGE, 401)
        y, dy = activation_curve(spec, x)
        self.f_curve.setData(x, y)
        self.df_curve.setData(x, dy)
        lo = float(min(y.min(), dy.min(), -0.1))
        hi = float(max(y.max(), dy.max(), 1.1))
        hi = min(hi, 5.5)
        lo = max(lo, -5.5)
        self.plot.getPlotItem().setYRange(lo, hi, padding=0.06)
        settings = ", ".join(f"{k}={v}" for k, v in spec.items() if k != "type")
        self.title.setText(f"{entry.title}" + (f"  ({settings})" if settings else "")
                           + " — f(x) and slope f′(x)")
        self.note.setText("Softmax acts on a whole vector: shown is the first output of the "
                          "2-class softmax of (x, 0), which equals sigmoid(x)."
                          if spec["type"] == "softmax" else entry.formula)
        self.advice.setText(entry.extra.get("advice", "") or entry.help)
        for w in (self.title, self.plot, self.note, self.advice):
            w.setVisible(True)
        self.placeholder.setVisible(False)
