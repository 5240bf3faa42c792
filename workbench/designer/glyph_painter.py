"""Paints a layer type's :class:`core.nn.layers.glyph.Glyph` as a small icon.

Every layer class describes its own picture without Qt (``cls.glyph()``); this module
draws any such description the same way, in the colour of the layer's palette group, so
a new layer type gets its palette icon and its card icon from its own class.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPixmap

from core.nn.layers.glyph import Glyph

#: The size of a glyph in the palette and on a card (logical pixels).
ICON_SIZE = QSize(30, 24)
#: Card and glyph colour per palette group (registry group).
GROUP_COLORS = {"layers": "#2f6fd0", "activations": "#1e9e6a", "regularization": "#8a5cc2"}
DEFAULT_COLOR = "#607080"
#: Grey of the zero axes behind a curve.
AXES_COLOR = "#b8c0c8"
#: Radius of a neuron dot.
DOT_RADIUS = 2.6


def group_color(group: str) -> QColor:
    """The colour of a palette group (a neutral grey for groups without one)."""
    return QColor(GROUP_COLORS.get(group, DEFAULT_COLOR))


def layer_glyph(entry, size: QSize = ICON_SIZE, color: QColor | None = None) -> QPixmap:
    """The icon of the registry layer entry ``entry`` (its class's default glyph)."""
    return glyph_pixmap(entry.factory.glyph(), size, color or group_color(entry.group))


def glyph_pixmap(glyph: Glyph, size: QSize, color: QColor) -> QPixmap:
    """``glyph`` painted in ``color`` on a rounded, faintly tinted box of ``size``
    (drawn at twice the resolution, for sharp icons on high-density screens)."""
    dpr = 2.0
    pix = QPixmap(int(size.width() * dpr), int(size.height() * dpr))
    pix.setDevicePixelRatio(dpr)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    w, h = size.width(), size.height()
    box = QRectF(0.5, 0.5, w - 1, h - 1)
    tint = QBrush(QColor(color.red(), color.green(), color.blue(), 28))
    p.setPen(QPen(color.lighter(150), 1))
    p.setBrush(tint)
    p.drawRoundedRect(box, 4, 4)
    left, top, right, bottom = glyph.inset
    frame = box.adjusted(left, top, -right, -bottom)
    _paint(p, glyph, frame, color, tint)
    if glyph.text:
        p.setPen(QPen(color, 1))
        font = QFont()
        font.setPixelSize(int(h * 0.5))
        font.setBold(True)
        p.setFont(font)
        p.drawText(frame, Qt.AlignmentFlag.AlignCenter, glyph.text)
    p.end()
    return pix


def _paint(p: QPainter, glyph: Glyph, r: QRectF, color: QColor, tint: QBrush) -> None:
    """The parts of ``glyph`` in the frame ``r``, in the order :mod:`core.nn.layers.glyph`
    gives (the text is left to the caller)."""
    def at(x: float, y: float) -> QPointF:
        return QPointF(r.left() + x * r.width(), r.bottom() - y * r.height())

    def polyline(points) -> QPainterPath:
        path = QPainterPath()
        for k, (x, y) in enumerate(points):
            path.moveTo(at(x, y)) if k == 0 else path.lineTo(at(x, y))
        return path

    if glyph.axes is not None:
        ax, ay = glyph.axes
        p.setPen(QPen(QColor(AXES_COLOR), 0.8))
        zero_y = at(0.0, ay).y()
        p.drawLine(QPointF(r.left(), zero_y), QPointF(r.right(), zero_y))
        zero_x = at(ax, 0.0).x()
        p.drawLine(QPointF(zero_x, r.top()), QPointF(zero_x, r.bottom()))
    if glyph.lines:
        p.setPen(QPen(color.lighter(130), 0.9))
        for x0, y0, x1, y1 in glyph.lines:
            p.drawLine(at(x0, y0), at(x1, y1))
    for area in glyph.areas:
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(tint)
        p.drawPath(polyline(area))
    for curve in glyph.curves:
        p.setPen(QPen(color, 1.8))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(polyline(curve))
    if glyph.guides:
        p.setPen(QPen(color.lighter(140), 0.8))
        for x0, y0, x1, y1 in glyph.guides:
            p.drawLine(at(x0, y0), at(x1, y1))
    for x, y, filled in glyph.dots:
        if filled:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
        else:
            p.setPen(QPen(color.lighter(140), 1))
            p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(at(x, y), DOT_RADIUS, DOT_RADIUS)
