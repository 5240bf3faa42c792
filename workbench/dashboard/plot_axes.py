"""Axes of the dashboard plots: tick labels that never overlap, and a faint grid at the ticks."""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF


class TidyAxis(pg.AxisItem):
    """An axis whose tick labels never overlap.

    pyqtgraph labels the minor ticks of a log axis (2, 3 … 9 × 10ⁿ) as soon as there is
    some room, and neighbouring labels then overwrite each other. Here labels are kept
    greedily, powers of ten first, then the others in order, and a label that would
    touch one already kept is left out (its tick line stays).
    """

    GAP = 2.0    # pixels between two labels

    def generateDrawSpecs(self, p):  # pyqtgraph override
        specs = super().generateDrawSpecs(p)
        if specs is None:
            return specs
        axis, ticks, texts = specs
        kept: list = []
        for spec in sorted(texts, key=lambda t: (not _is_decade(t[2]),)):
            rect = spec[0].adjusted(-self.GAP, -self.GAP, self.GAP, self.GAP)
            if not any(rect.intersects(other[0]) for other in kept):
                kept.append(spec)
        kept.sort(key=lambda t: texts.index(t))
        return axis, ticks, kept


def _is_decade(text: str) -> bool:
    """True for a tick label that reads as a power of ten (1, 0.01, 1e-05, 100 …)."""
    try:
        value = abs(float(text.replace("−", "-")))
    except ValueError:
        return False
    if value == 0 or not math.isfinite(value):
        return False
    exponent = math.log10(value)
    return abs(exponent - round(exponent)) < 1e-9


class TickGrid(pg.GraphicsObject):
    """Faint grid lines at the axes' major and minor ticks (lines only, no text)."""

    def __init__(self, plot: pg.PlotItem):
        super().__init__()
        self.plot = plot
        self.major = pg.mkPen(0, 0, 0, 30, width=0)
        self.minor = pg.mkPen(0, 0, 0, 12, width=0)
        self.setZValue(-100)
        plot.vb.sigRangeChanged.connect(self._range_changed)

    def _range_changed(self, *_args) -> None:
        self.prepareGeometryChange()
        self.update()

    def boundingRect(self) -> QRectF:  # Qt override
        return self.plot.vb.viewRect()

    def paint(self, painter, *_args) -> None:  # Qt override
        rect = self.plot.vb.viewRect()
        size = self.plot.vb.size()
        for name, horizontal in (("bottom", True), ("left", False)):
            axis = self.plot.getAxis(name)
            lo, hi = (rect.left(), rect.right()) if horizontal else (rect.top(), rect.bottom())
            pixels = size.width() if horizontal else size.height()
            if not (hi > lo) or pixels <= 0:
                continue
            try:
                levels = axis.tickValues(lo, hi, pixels)
            except Exception:  # an axis mid-update: no grid this frame
                continue
            for level, (_spacing, values) in enumerate(levels[:2]):
                painter.setPen(self.major if level == 0 else self.minor)
                for v in values:
                    if horizontal:
                        painter.drawLine(QPointF(v, rect.top()), QPointF(v, rect.bottom()))
                    else:
                        painter.drawLine(QPointF(rect.left(), v), QPointF(rect.right(), v))
