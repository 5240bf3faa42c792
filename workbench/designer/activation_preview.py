"""Plot of an activation function and its derivative, with advice on where to use it.

The curves come from the engine's own layer classes
(:func:`core.nn.layers.activations.activation_curve`: the layer runs forward and backward
in float64 on a grid), so what the user sees is exactly what training will compute
(including parameters such as Leaky ReLU's slope). A layer class that shows something
else than f(x) says so in its ``preview_note`` (softmax: the first output of the 2-class
softmax of ``(x, 0)``).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from core import registry
from core.errors import SpecError
from core.nn.layers.activations import activation_curve
from core.nn.layers.base import layer_class
from workbench.i18n import core_texts

X_RANGE = (-5.0, 5.0)
F_COLOR = "#2f6fd0"
DF_COLOR = "#e07b00"


def activation_class(layer_type: str):
    """The layer class of ``layer_type`` when it is an activation, else None."""
    try:
        cls = layer_class(layer_type)
    except SpecError:  # unknown name: not an activation
        return None
    return cls if cls.is_activation else None


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
        self.placeholder = QLabel(self.tr("Select an activation in the network, or point at one "
                                          "in the palette, to plot f(x) and its slope f′(x)."))
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
        cls = activation_class(spec.get("type", "")) if spec else None
        if cls is None:
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
        title = core_texts.entry_title(entry) + (f"  ({settings})" if settings else "")
        self.title.setText(self.tr("{} — f(x) and slope f′(x)").format(title))
        self.note.setText(core_texts.translated(core_texts.REGISTRY, cls.preview_note)
                          or entry.formula)
        self.advice.setText(core_texts.translated(core_texts.REGISTRY,
                                                  entry.extra.get("advice", ""))
                            or core_texts.entry_help(entry))
        for w in (self.title, self.plot, self.note, self.advice):
            w.setVisible(True)
        self.placeholder.setVisible(False)
