"""The layer stack as a column of cards, edited by drag and drop.

From top to bottom: an *Input* card (the dataset's feature count), one card per layer
(index, type, key settings, output shape, parameter count, and a red or amber badge
when the analysis has findings about it), and an *Output* card that says what the task
needs. Layers are dropped in from the palette (:data:`LAYER_MIME`) at the gap under the
pointer, reordered by dragging a card (:data:`LAYER_INDEX_MIME`), removed with Delete
and duplicated with Ctrl+D. Every change goes through the
:class:`~workbench.document.ExperimentDocument`, so it is one undo step.
"""

from __future__ import annotations

import copy
import html

from PySide6.QtCore import QByteArray, QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QDrag, QKeySequence, QPainter, QPen, QPixmap, QRegion
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QMenu

from core import registry
from core.errors import WorkbenchError
from core.wording import plural
from workbench.designer.layer_cards import (
    CARD_ROLE,
    CONNECTOR,
    ERROR_COLOR,
    WARNING_COLOR,
    Card,
    CardDelegate,
)
from workbench.designer.layer_palette import LAYER_MIME
from workbench.i18n import core_texts, counted

LAYER_INDEX_MIME = "application/x-nnwb-layer-index"


def move_target(source: int, gap: int) -> int:
    """Index a layer taken from ``source`` ends at when dropped in ``gap`` (0..n)."""
    return gap - 1 if gap > source else gap


class NetworkEditor(QListWidget):
    """The layer stack of a document as cards; edits go through the document.

    Call :meth:`show_network` whenever the document or the analysis changes.

    Signals
    -------
    layer_selected(int)
        The selected layer index (-1: none).
    edit_failed(str)
        An edit was rejected by validation (the message names the field); the document
        is unchanged.
    """

    layer_selected = Signal(int)
    edit_failed = Signal(str)

    def __init__(self, document, parent=None):
        super().__init__(parent)
        self.document = document
        self._n_layers = 0
        self._drop_gap: int | None = None
        self._pending_selection: int | None = None
        self.setObjectName("networkEditor")
        self.setItemDelegate(CardDelegate(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setMouseTracking(True)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(False)  # drawn by paintEvent at the gap
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setSpacing(0)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setStyleSheet("QListWidget#networkEditor { background: #f6f7f9; border: 1px solid "
                           "#d5dbe1; border-radius: 6px; }"
                           "QListWidget#networkEditor::item { background: transparent; "
                           "border: none; }"
                           "QListWidget#networkEditor::item:selected { background: transparent; }")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._show_menu)
        self.itemSelectionChanged.connect(self._on_selection_changed)

        self.remove_action = self._action(self.tr("Remove layer"),
                                          QKeySequence.StandardKey.Delete,
                                          self.remove_selected, extra=("Backspace",))
        self.duplicate_action = self._action(self.tr("Duplicate layer"), "Ctrl+D",
                                             self.duplicate_selected)
        self.move_up_action = self._action(self.tr("Move layer up"), "Alt+Up",
                                           lambda: self._move_selected(-1))
        self.move_down_action = self._action(self.tr("Move layer down"), "Alt+Down",
                                             lambda: self._move_selected(+1))

    def _action(self, text, shortcut, slot, extra=()) -> QAction:
        action = QAction(text, self)
        keys = [QKeySequence(shortcut)] + [QKeySequence(k) for k in extra]
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # ---------------------------------------------------------------- display
    def show_network(self, layers: list[dict], analysis, input_width: int | None,
                     n_outputs: int | None, task: str | None) -> None:
        """Rebuild the cards for ``layers`` with their :class:`core.nn.analysis.report.Analysis`."""
        keep = self._pending_selection
        if keep is None:
            keep = self.selected_index()
        self._pending_selection = None
        infos = {info.index: info for info in analysis.layers}
        by_layer: dict[int, list] = {}
        for finding in analysis.findings:
            if finding.layer is not None:
                by_layer.setdefault(finding.layer, []).append(finding)
        self.blockSignals(True)
        self.clear()
        self._n_layers = len(layers)
        shape = tuple(input_width) if isinstance(input_width, tuple) else \
            ((input_width,) if input_width else None)
        if shape and len(shape) > 1:  # images: (batch, C, H, W)
            what = counted(self.tr("images, {} channel(s) of {}×{}"),
                           f"images, {plural(shape[0], 'channel')} of {shape[1]}×{shape[2]}",
                           shape[0], shape[1], shape[2])
        else:
            what = counted(self.tr("{} feature(s)"), plural(shape[0], "feature", thousands=True),
                           f"{shape[0]:,}") if shape else self.tr("features of the data")
        self._add(Card("input", self.tr("Input"), what,
                       f"→ (batch, {', '.join(map(str, shape)) if shape else 'N'})"))
        for i, spec in enumerate(layers):
            entry = registry.get("layer", spec["type"])
            info = infos.get(i)
            found = by_layer.get(i, [])
            summary = core_texts.layer_summary(info.summary if info else "") or \
                (self.tr("default settings") if entry.params else self.tr("no settings"))
            if spec.get("frozen"):
                summary = self.tr("frozen · ") + summary
            params = ""
            if info:
                params = counted(self.tr("{} param(s)"),
                                 plural(info.n_params, "param", thousands=True),
                                 f"{info.n_params:,}") if info.n_params else self.tr("no params")
            title = core_texts.entry_title(entry)
            card = Card("layer", title, summary,
                        f"→ (batch, {', '.join(map(str, info.out_shape))})"
                        if info and info.out_shape else "→ ?",
                        params, i, entry.group, entry.name,
                        [core_texts.finding_message(f.message) for f in found
                         if f.severity == "error"],
                        [core_texts.finding_message(f.message) for f in found
                         if f.severity == "warning"])
            tip = self.tr("<b>{}</b> (layer {})").format(title, i) + "<br>" + \
                html.escape(core_texts.entry_help(entry), quote=False)
            for f in found:
                color = ERROR_COLOR.name() if f.severity == "error" else WARNING_COLOR.name()
                message = html.escape(core_texts.finding_message(f.message), quote=False)
                tip += f"<br><span style='color:{color}'>● {message}</span>"
            self._add(card, tip, selectable=True)
        out_width = analysis.layers[-1].out_width if analysis.layers else None
        self._add(self._output_card(out_width, n_outputs, task, analysis))
        self.blockSignals(False)
        if keep is not None and self._n_layers:
            self.select_layer(min(max(keep, 0), self._n_layers - 1) if keep >= 0 else -1)
        else:
            self.select_layer(-1)
        self.layer_selected.emit(self.selected_index())

    def _output_card(self, out_width, n_outputs, task, analysis) -> Card:
        if not n_outputs:
            return Card("output", self.tr("Output"), "",
                        f"(batch, {out_width})" if out_width else "")
        if task == "classification":
            need = counted(self.tr("the task needs {} class(es)"),
                           "the task needs " + plural(n_outputs, "class", thousands=True),
                           f"{n_outputs:,}")
        else:
            need = counted(self.tr("the task needs {} target value(s)"),
                           "the task needs " + plural(n_outputs, "target value", thousands=True),
                           f"{n_outputs:,}")
        # core.nn.analysis.report.analyze's output-size error
        size_errors = [f for f in analysis.errors
                       if f.message.startswith("The network outputs")]
        status = "error" if size_errors else "ok"
        mark = "✗" if size_errors else "✓"
        return Card("output", self.tr("Output"), need,
                    f"{mark} (batch, {out_width})" if out_width else mark, status=status)

    def _add(self, card: Card, tooltip: str = "", selectable: bool = False) -> None:
        item = QListWidgetItem()
        item.setData(CARD_ROLE, card)
        item.setToolTip(tooltip)
        flags = Qt.ItemFlag.ItemIsEnabled
        if selectable:
            flags |= Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        item.setFlags(flags)
        self.addItem(item)

    # ---------------------------------------------------------------- selection
    def layer_count(self) -> int:
        return self._n_layers

    def card(self, row: int) -> Card:
        return self.item(row).data(CARD_ROLE)

    def layer_item(self, index: int) -> QListWidgetItem:
        """The list item of layer ``index`` (row ``index + 1``)."""
        return self.item(index + 1)

    def selected_index(self) -> int:
        items = self.selectedItems()
        if not items:
            return -1
        card: Card = items[0].data(CARD_ROLE)
        return card.index if card and card.kind == "layer" else -1

    def select_layer(self, index: int) -> None:
        if 0 <= index < self._n_layers:
            self.setCurrentRow(index + 1)
            self.scrollToItem(self.item(index + 1))
        else:
            self.clearSelection()
            self.setCurrentRow(-1)

    def _on_selection_changed(self) -> None:
        self.layer_selected.emit(self.selected_index())

    # ---------------------------------------------------------------- edits
    def _layers(self) -> list[dict]:
        return copy.deepcopy(self.document.experiment["model"]["layers"])

    def _apply(self, layers: list[dict], description: str, select: int) -> bool:
        self._pending_selection = select
        try:
            self.document.set_layers(layers, description)
        except WorkbenchError as exc:
            self._pending_selection = None
            self.edit_failed.emit(str(exc))
            return False
        self._pending_selection = None
        return True

    def insert_layer(self, layer_type: str, index: int | None = None) -> bool:
        """Insert a layer of ``layer_type`` with default settings at ``index`` (end: None)."""
        layers = self._layers()
        index = len(layers) if index is None else max(0, min(index, len(layers)))
        entry = registry.get("layer", layer_type)
        layers.insert(index, {"type": entry.name})
        return self._apply(layers, self.tr("add {}").format(core_texts.entry_title(entry)),
                           index)

    def move_layer(self, source: int, gap: int) -> bool:
        """Move layer ``source`` to the gap ``gap`` (0: before the first layer, n: at the end)."""
        layers = self._layers()
        if not 0 <= source < len(layers):
            return False
        target = move_target(source, max(0, min(gap, len(layers))))
        if target == source:
            return False
        spec = layers.pop(source)
        layers.insert(target, spec)
        title = core_texts.entry_title(registry.get("layer", spec["type"]))
        return self._apply(layers, self.tr("move {}").format(title), target)

    def remove_layer(self, index: int) -> bool:
        layers = self._layers()
        if not 0 <= index < len(layers):
            return False
        spec = layers.pop(index)
        title = core_texts.entry_title(registry.get("layer", spec["type"]))
        return self._apply(layers, self.tr("remove {}").format(title),
                           min(index, len(layers) - 1))

    def duplicate_layer(self, index: int) -> bool:
        layers = self._layers()
        if not 0 <= index < len(layers):
            return False
        layers.insert(index + 1, copy.deepcopy(layers[index]))
        title = core_texts.entry_title(registry.get("layer", layers[index]["type"]))
        return self._apply(layers, self.tr("duplicate {}").format(title), index + 1)

    def remove_selected(self) -> None:
        if self.selected_index() >= 0:
            self.remove_layer(self.selected_index())

    def duplicate_selected(self) -> None:
        if self.selected_index() >= 0:
            self.duplicate_layer(self.selected_index())

    def _move_selected(self, step: int) -> None:
        i = self.selected_index()
        if i < 0:
            return
        gap = i + 2 if step > 0 else i - 1
        if 0 <= gap <= self._n_layers:
            self.move_layer(i, gap)

    def _show_menu(self, pos: QPoint) -> None:
        item = self.itemAt(pos)
        card = item.data(CARD_ROLE) if item else None
        if not card or card.kind != "layer":
            return
        self.select_layer(card.index)
        menu = QMenu(self)
        for action in (self.duplicate_action, self.move_up_action, self.move_down_action,
                       self.remove_action):
            menu.addAction(action)
        menu.exec(self.viewport().mapToGlobal(pos))

    # ---------------------------------------------------------------- drag and drop
    def gap_at(self, pos: QPoint) -> int:
        """The insertion gap (0..n) nearest to viewport position ``pos``."""
        for index in range(self._n_layers):
            rect = self.visualItemRect(self.layer_item(index))
            if pos.y() < rect.top() + CONNECTOR + (rect.height() - CONNECTOR) // 2:
                return index
        return self._n_layers

    def mimeTypes(self):  # Qt override
        return [LAYER_MIME, LAYER_INDEX_MIME]

    def mimeData(self, items):  # Qt override
        cards = [i.data(CARD_ROLE) for i in items]
        cards = [c for c in cards if c and c.kind == "layer"]
        return layer_index_mime(cards[0].index) if cards else None

    def startDrag(self, supported_actions):  # Qt override
        # Own drag loop: QAbstractItemView would delete the source row after a MoveAction.
        index = self.selected_index()
        if index < 0:
            return
        drag = QDrag(self)
        drag.setMimeData(layer_index_mime(index))
        item = self.layer_item(index)
        rect = self.visualItemRect(item)
        pixmap = QPixmap(rect.size())
        pixmap.fill(Qt.GlobalColor.transparent)
        self.viewport().render(pixmap, QPoint(), QRegion(rect))
        drag.setPixmap(pixmap)
        drag.setHotSpot(QPoint(rect.width() // 2, CONNECTOR + 10))
        drag.exec(Qt.DropAction.MoveAction)

    def _drag_kind(self, event) -> str:
        mime = event.mimeData()
        if mime.hasFormat(LAYER_INDEX_MIME):
            return "move"
        if mime.hasFormat(LAYER_MIME):
            return "add"
        return ""

    def _accept_drag(self, event) -> None:
        """Accept a layer drag (a palette entry or a card) and show its gap; ignore others."""
        kind = self._drag_kind(event)
        if not kind:
            event.ignore()
            return
        event.setDropAction(_drop_action(kind))
        event.accept()
        self._set_gap(self.gap_at(event.position().toPoint()))

    def dragEnterEvent(self, event):  # Qt override
        self._accept_drag(event)

    def dragMoveEvent(self, event):  # Qt override
        self._accept_drag(event)

    def dragLeaveEvent(self, event):  # Qt override
        self._set_gap(None)
        event.accept()

    def dropEvent(self, event):  # Qt override
        kind = self._drag_kind(event)
        gap = self.gap_at(event.position().toPoint())
        self._set_gap(None)
        if not kind:
            event.ignore()
            return
        mime = event.mimeData()
        if kind == "move":
            try:
                source = int(bytes(mime.data(LAYER_INDEX_MIME)).decode("ascii"))
            except ValueError:
                event.ignore()
                return
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            self.move_layer(source, gap)
        else:
            name = bytes(mime.data(LAYER_MIME)).decode("utf-8")
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            try:
                registry.get("layer", name)
            except WorkbenchError as exc:
                self.edit_failed.emit(str(exc))
                return
            self.insert_layer(name, gap)

    def _set_gap(self, gap: int | None) -> None:
        if gap != self._drop_gap:
            self._drop_gap = gap
            self.viewport().update()

    @property
    def drop_gap(self) -> int | None:
        """The gap where a drop would land while a drag is over the editor (else None)."""
        return self._drop_gap

    def paintEvent(self, event):  # Qt override
        super().paintEvent(event)
        if self._drop_gap is None or self.count() < 2:
            return
        gap = self._drop_gap
        item = self.item(gap + 1)  # the card below the gap (layer or output card)
        rect = self.visualItemRect(item)
        card = CardDelegate.card_rect(rect, item.data(CARD_ROLE))
        y = rect.top() + CONNECTOR // 2
        p = QPainter(self.viewport())
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor("#2f6fd0"), 3))
        p.drawLine(card.left() + 6, y, card.right() - 6, y)
        p.setBrush(QColor("#2f6fd0"))
        p.drawEllipse(QPoint(card.left() + 6, y), 4, 4)
        p.drawEllipse(QPoint(card.right() - 6, y), 4, 4)
        p.end()


def _drop_action(kind: str) -> Qt.DropAction:
    return Qt.DropAction.MoveAction if kind == "move" else Qt.DropAction.CopyAction


def layer_index_mime(index: int) -> QMimeData:
    """The mime data of a card drag: :data:`LAYER_INDEX_MIME` holding the layer index."""
    mime = QMimeData()
    mime.setData(LAYER_INDEX_MIME, QByteArray(str(index).encode("ascii")))
    return mime

