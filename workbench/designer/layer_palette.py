"""The layer palette: every registry layer entry, grouped, with its glyph.

Nothing here names a layer type: an entry added to the registry appears in its group by
itself, with the icon its class describes (:mod:`workbench.designer.glyph_painter`).
Dragging an item carries the layer type name as :data:`LAYER_MIME`; double-clicking asks
for the layer to be appended.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QIcon
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeWidget, QTreeWidgetItem

from core import registry
from workbench.designer.glyph_painter import ICON_SIZE, group_color, layer_glyph
from workbench.i18n import core_texts

LAYER_MIME = "application/x-nnwb-layer"

#: Palette group names (registry groups) as headings, in display order; unknown groups
#: follow with their name capitalised.
GROUP_TITLES = {"layers": QT_TRANSLATE_NOOP("LayerPalette", "Layers"),
                "activations": QT_TRANSLATE_NOOP("LayerPalette", "Activations"),
                "regularization": QT_TRANSLATE_NOOP("LayerPalette", "Regularization")}


def group_title(group: str) -> str:
    if group in GROUP_TITLES:
        return QCoreApplication.translate("LayerPalette", GROUP_TITLES[group])
    return core_texts.group_title((group or "other").replace("_", " ").capitalize())


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
            item = QTreeWidgetItem([core_texts.entry_title(entry)])
            item.setData(0, self.TYPE_ROLE, entry.name)
            item.setIcon(0, QIcon(layer_glyph(entry)))
            item.setToolTip(0, core_texts.entry_tooltip(entry))
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
                    or needle in name.replace("_", " ") \
                    or needle in registry.get("layer", name).title.lower()
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
        self.setPlaceholderText(self.tr("Search layers…"))
        self.setClearButtonEnabled(True)
        self.setToolTip(self.tr("Type to filter the palette; Enter adds the first match after "
                                "the selected layer"))
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
