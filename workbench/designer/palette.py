"""The layer palette: every registry layer entry, grouped, with a drawn glyph.

Nothing here names a layer type except the glyphs of the three non-activation layers:
an entry added to the registry appears in its group by itself (with the curve of the
function as its glyph if it is an activation, a generic box otherwise). Dragging an
item carries the layer type name as :data:`LAYER_MIME`; double-clicking asks for the
layer to be appended.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QByteArray, QMimeData, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeWidget, QTreeWidgetItem

from core import registry
from workbench.designer.activation_preview import activation_curve

LAYER_MIME = "application/x-nnwb-layer"
ICON_SIZE = QSize(30, 24)

#: Palette group names (registry groups) as headings, in display order; unknown groups
#: follow with their name capitalised.
GROUP_TITLES = {"layers": "Layers", "activations": "Activations",
                "regularization": "Regularization"}
#: Card/glyph colour per group.
GROUP_COLORS = {"layers": "#2f6fd0", "activations": "#1e9e6a", "regularization": "#8a5cc2"}
DEFAULT_COLOR = "#607080"


def group_color(group: str) -> QColor:
    return QColor(GROUP_COLORS.get(group, DEFAULT_COLOR))


def group_title(group: str) -> str:
    return GROUP_TITLES.get(group, (group or "other").replace("_", " ").capitalize())


def layer_glyph(entry, size: QSize = ICON_SIZE, color: QColor | None = None) -> QPixmap:
    """A small picture of a layer entry: an activation's curve, or a sketch of the layer."""
    dpr = 2.0
    pix = QPixmap(int(size.width() * dpr), int(size.height() * dpr))
    pix.setDevicePixelRatio(dpr)
    pix.fill(Qt.GlobalColor.transparent)
    color = color or group_color(entry.group)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    w, h = size.width(), size.height()
    box = QRectF(0.5, 0.5, w - 1, h - 1)
    p.setPen(QPen(color.lighter(150), 1))
    p.setBrush(QBrush(QColor(color.red(), color.green(), color.blue(), 28)))
    p.drawRoundedRect(box, 4, 4)
    if entry.group == "activations":
        _draw_curve(p, entry, box.adjusted(3, 3, -3, -3), color)
    elif entry.name == "dense":
        _draw_dense(p, box, color)
    elif entry.name == "dropout":
        _draw_dropout(p, box, color)
    elif entry.name == "batch_norm":
        _draw_bell(p, box, color)
    else:
        p.setPen(QPen(color, 1))
        font = QFont()
        font.setPixelSize(int(h * 0.5))
        font.setBold(True)
        p.setFont(font)
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, entry.title[:2])
    p.end()
    return pix


def _draw_curve(p: QPainter, entry, r: QRectF, color: QColor) -> None:
    x = np.linspace(-4.0, 4.0, 61)
    try:
        y, _ = activation_curve(entry.name, x)
    except Exception:  # an activation that cannot run on its own: draw its initials
        p.setPen(QPen(color, 1))
        p.drawText(r, Qt.AlignmentFlag.AlignCenter, entry.title[:2])
        return
    lo, hi = min(float(y.min()), -0.2), max(float(y.max()), 1.0)
    p.setPen(QPen(QColor("#b8c0c8"), 0.8))
    zero_y = r.bottom() - (0 - lo) / (hi - lo) * r.height()
    p.drawLine(QPointF(r.left(), zero_y), QPointF(r.right(), zero_y))
    p.drawLine(QPointF(r.center().x(), r.top()), QPointF(r.center().x(), r.bottom()))
    path = QPainterPath()
    for k, (xi, yi) in enumerate(zip(x, y)):
        pt = QPointF(r.left() + (xi + 4.0) / 8.0 * r.width(),
                     r.bottom() - (yi - lo) / (hi - lo) * r.height())
        path.moveTo(pt) if k == 0 else path.lineTo(pt)
    p.setPen(QPen(color, 1.8))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(path)


def _draw_dense(p: QPainter, r: QRectF, color: QColor) -> None:
    left = [QPointF(r.left() + r.width() * 0.28, r.top() + r.height() * f) for f in (0.3, 0.7)]
    right = [QPointF(r.left() + r.width() * 0.72, r.top() + r.height() * f)
             for f in (0.22, 0.5, 0.78)]
    p.setPen(QPen(color.lighter(130), 0.9))
    for a in left:
        for b in right:
            p.drawLine(a, b)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    for pt in left + right:
        p.drawEllipse(pt, 2.6, 2.6)


def _draw_dropout(p: QPainter, r: QRectF, color: QColor) -> None:
    pts = [QPointF(r.left() + r.width() * fx, r.top() + r.height() * fy)
           for fy in (0.32, 0.68) for fx in (0.22, 0.41, 0.59, 0.78)]
    dropped = {1, 4, 7}
    for k, pt in enumerate(pts):
        if k in dropped:
            p.setPen(QPen(color.lighter(140), 1))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(pt, 2.6, 2.6)
        else:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            p.drawEllipse(pt, 2.6, 2.6)


def _draw_bell(p: QPainter, r: QRectF, color: QColor) -> None:
    inner = r.adjusted(3, 4, -3, -3)
    path = QPainterPath()
    for k, t in enumerate(np.linspace(-3, 3, 41)):
        pt = QPointF(inner.left() + (t + 3) / 6 * inner.width(),
                     inner.bottom() - np.exp(-t * t / 2) * inner.height())
        path.moveTo(pt) if k == 0 else path.lineTo(pt)
    p.setPen(QPen(color, 1.8))
    p.drawPath(path)
    p.setPen(QPen(color.lighter(140), 0.8))
    p.drawLine(QPointF(inner.center().x(), inner.top()), QPointF(inner.center().x(),
                                                                  inner.bottom()))


class LayerPalette(QTreeWidget):
    """Every registry ``layer`` entry under its group heading.

    Signals
    -------
    layer_activated(str)
        The user double-clicked (or pressed Enter on) a layer type: append it.
    layer_highlighted(str)
        The pointer rests on, or the keyboard selects, a layer type ("" for none).
    """

    layer_activated = Signal(str)
    layer_highlighted = Signal(str)

    TYPE_ROLE = Qt.ItemDataRole.UserRole

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setIconSize(ICON_SIZE)
        self.setRootIsDecorated(False)
        self.setIndentation(6)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setMouseTracking(True)
        self.setUniformRowHeights(False)
        self.setObjectName("layerPalette")
        self.setStyleSheet("QTreeWidget#layerPalette::item { padding: 2px 0px; }")
        self.populate()
        # activated = double-click (or Enter); connecting doubleClicked too would add twice
        self.itemActivated.connect(self._on_activated)
        self.itemEntered.connect(lambda item, _c: self.layer_highlighted.emit(self.type_of(item)))
        self.currentItemChanged.connect(
            lambda cur, _prev: self.layer_highlighted.emit(self.type_of(cur)))

    def populate(self) -> None:
        """(Re)build the items from the registry."""
        self.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        order = list(GROUP_TITLES)
        entries = registry.entries("layer")
        for group in order + [e.group for e in entries if e.group not in order]:
            if group in groups or not any(e.group == group for e in entries):
                continue
            head = QTreeWidgetItem([group_title(group).upper()])
            head.setData(0, self.TYPE_ROLE, "")  # never an empty role (see type_of)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            font = head.font(0)
            font.setBold(True)
            font.setPointSizeF(max(font.pointSizeF() * 0.85, 7.0))
            head.setFont(0, font)
            head.setForeground(0, QBrush(group_color(group)))
            head.setSizeHint(0, QSize(0, 26))
            self.addTopLevelItem(head)
            groups[group] = head
        for entry in entries:
            item = QTreeWidgetItem([entry.title])
            item.setData(0, self.TYPE_ROLE, entry.name)
            item.setIcon(0, QIcon(layer_glyph(entry)))
            item.setToolTip(0, entry.tooltip())
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsDragEnabled)
            groups[entry.group].addChild(item)
        self.expandAll()
        self.setCurrentItem(None)

    # ---------------------------------------------------------------- queries
    def type_of(self, item) -> str:
        """The layer type of a palette item ("" for a group heading or None)."""
        return (item.data(0, self.TYPE_ROLE) or "") if item is not None else ""

    def layer_items(self) -> list[QTreeWidgetItem]:
        """Every layer item (not the group headings), in display order."""
        out = []
        for i in range(self.topLevelItemCount()):
            head = self.topLevelItem(i)
            out += [head.child(k) for k in range(head.childCount())]
        return out

    def item_for(self, layer_type: str) -> QTreeWidgetItem | None:
        for item in self.layer_items():
            if self.type_of(item) == layer_type:
                return item
        return None

    def groups(self) -> dict[str, list[str]]:
        """``{heading: [layer type, ...]}`` as shown."""
        out = {}
        for i in range(self.topLevelItemCount()):
            head = self.topLevelItem(i)
            out[head.text(0)] = [self.type_of(head.child(k)) for k in range(head.childCount())]
        return out

    # ---------------------------------------------------------------- filter
    def set_filter(self, text: str) -> list[str]:
        """Show only the layers whose title, type name or group contains ``text`` (case
        ignored; "" shows all); return the layer types still shown, in order."""
        needle = text.strip().lower()
        shown = []
        for i in range(self.topLevelItemCount()):
            head = self.topLevelItem(i)
            group_hit = needle in head.text(0).lower()
            any_child = False
            for k in range(head.childCount()):
                item = head.child(k)
                name = self.type_of(item)
                hit = not needle or group_hit or needle in item.text(0).lower() \
                    or needle in name.replace("_", " ")
                item.setHidden(not hit)
                if hit:
                    any_child = True
                    shown.append(name)
            head.setHidden(not any_child)
        return shown

    def shown_types(self) -> list[str]:
        """The layer types not hidden by the filter, in display order."""
        return [self.type_of(i) for i in self.layer_items()
                if not i.isHidden() and not i.parent().isHidden()]

    # ---------------------------------------------------------------- drag
    def mimeTypes(self):  # Qt override
        return [LAYER_MIME]

    def mimeData(self, items):  # Qt override
        """What a drag carries: the layer type name as :data:`LAYER_MIME`."""
        names = [self.type_of(i) for i in items if self.type_of(i)]
        if not names:
            return None
        return layer_mime(names[0])

    def supportedDropActions(self):  # Qt override
        return Qt.DropAction.CopyAction

    def leaveEvent(self, event):  # Qt override
        selected = self.selectedItems()
        self.layer_highlighted.emit(self.type_of(selected[0]) if selected else "")
        super().leaveEvent(event)

    def _on_activated(self, item, _column=0) -> None:
        name = self.type_of(item)
        if name:
            self.layer_activated.emit(name)


def layer_mime(layer_type: str) -> QMimeData:
    """The mime data of a palette drag: ``LAYER_MIME`` holding the type name (UTF-8)."""
    mime = QMimeData()
    mime.setData(LAYER_MIME, QByteArray(layer_type.encode("utf-8")))
    mime.setText(layer_type)
    return mime


class PaletteSearch(QLineEdit):
    """The palette's search box: typing filters the palette, Enter adds the first match
    (as Deep Network Designer's library does), Down moves into the list, Escape clears."""

    def __init__(self, palette: LayerPalette, parent=None):
        super().__init__(parent)
        self.palette = palette
        self.setObjectName("paletteSearch")
        self.setPlaceholderText("Search layers…")
        self.setClearButtonEnabled(True)
        self.setToolTip("Type to filter the palette; Enter adds the first match after the "
                        "selected layer")
        self.textChanged.connect(self._filter)
        self.returnPressed.connect(self._add_first)

    def _filter(self, text: str) -> None:
        shown = self.palette.set_filter(text)
        if text and shown:
            self.palette.setCurrentItem(self.palette.item_for(shown[0]))

    def _add_first(self) -> None:
        shown = self.palette.shown_types()
        if shown:
            self.palette.layer_activated.emit(shown[0])

    def keyPressEvent(self, event):  # Qt override
        if event.key() == Qt.Key.Key_Down and self.palette.shown_types():
            self.palette.setFocus()
            self.palette.setCurrentItem(self.palette.item_for(self.palette.shown_types()[0]))
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)
