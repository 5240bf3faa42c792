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
from dataclasses import dataclass, field

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QDrag,
    QFont,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QPen,
    QPixmap,
    QPolygonF,
    QRegion,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QStyle,
    QStyledItemDelegate,
)

from core import registry
from core.errors import WorkbenchError
from workbench.designer.glyph_painter import group_color, layer_glyph
from workbench.designer.layer_palette import LAYER_MIME

LAYER_INDEX_MIME = "application/x-nnwb-layer-index"
CARD_ROLE = Qt.ItemDataRole.UserRole
CONNECTOR = 14          # vertical gap above each card, holding the arrow from the card above
MAX_CARD_WIDTH = 620
MIN_CARD_WIDTH = 150
#: Below this card width the glyph is left out, so the title keeps its room.
GLYPH_MIN_CARD_WIDTH = 360
ERROR_COLOR = QColor("#d03c3c")
WARNING_COLOR = QColor("#e08a00")
OK_COLOR = QColor("#2e9a55")


@dataclass
class Card:
    """What one card shows."""

    kind: str                    # "input" | "layer" | "output"
    title: str
    summary: str = ""
    shape: str = ""
    params: str = ""
    index: int = -1              # layer index for "layer" cards
    group: str = ""
    layer_type: str = ""
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    status: str = ""             # output card: "ok" | "error" | ""


def plural(n: int, word: str) -> str:
    """``plural(3, "class")`` → ``"3 classes"``; ``plural(1, "param")`` → ``"1 param"``."""
    if n == 1:
        return f"{n:,} {word}"
    return f"{n:,} {word}{'es' if word.endswith(('s', 'x', 'ch', 'sh')) else 's'}"


def move_target(source: int, gap: int) -> int:
    """Index a layer taken from ``source`` ends at when dropped in ``gap`` (0..n)."""
    return gap - 1 if gap > source else gap


def card_fonts(base: QFont) -> tuple[QFont, QFont, QFont]:
    """The small, bold and monospace fonts of a card, from the view's font."""
    small = QFont(base)
    small.setPointSizeF(base.pointSizeF() * 0.9)
    bold = QFont(base)
    bold.setBold(True)
    mono = QFont("monospace")
    mono.setStyleHint(QFont.StyleHint.Monospace)
    mono.setPointSizeF(base.pointSizeF() * 0.95)
    return small, bold, mono


class CardDelegate(QStyledItemDelegate):
    """Paints :class:`Card` items as rounded cards joined by arrows."""

    def sizeHint(self, option, index):  # Qt override
        card: Card = index.data(CARD_ROLE)
        if card is None:
            return QSize(200, 40)
        height = {"input": 40, "layer": 50, "output": 40}[card.kind]
        top = 0 if card.kind == "input" else CONNECTOR
        # narrow: the cards take the viewport's width, never more (no sideways scrolling)
        return QSize(MIN_CARD_WIDTH, height + top)

    @staticmethod
    def columns(r: QRect, card: Card, font: QFont) -> tuple[int, QRect]:
        """Where a card's texts go: the left edge of its title and the rectangle of its
        right column (shape and parameters, as wide as they need, at most 150 px).

        On a narrow card the glyph is left out so that the title keeps its room.
        """
        small, _bold, mono = card_fonts(font)
        x = r.left() + 14
        if card.kind == "layer":
            x += 34 + (40 if r.width() >= GLYPH_MIN_CARD_WIDTH else 0)
        right_w = min(150, max(QFontMetrics(mono).horizontalAdvance(card.shape),
                               QFontMetrics(small).horizontalAdvance(card.params)) + 4)
        return x, QRect(r.right() - right_w - 12, r.top() + 4, right_w, r.height() - 8)

    @staticmethod
    def title_room(rect: QRect, card: Card, font: QFont) -> int:
        """Pixels the title of ``card`` may take in its item rectangle ``rect``."""
        r = CardDelegate.card_rect(rect, card)
        left, right = CardDelegate.columns(r, card, font)
        return right.left() - left - 8

    @staticmethod
    def card_rect(rect: QRect, card: Card) -> QRect:
        """The card's own rectangle inside its item rectangle (below the connector)."""
        top = 0 if card.kind == "input" else CONNECTOR
        r = rect.adjusted(10, top + 1, -10, -1)
        if r.width() > MAX_CARD_WIDTH:
            r.setLeft(rect.center().x() - MAX_CARD_WIDTH // 2)
            r.setWidth(MAX_CARD_WIDTH)
        return r

    def paint(self, painter: QPainter, option, index):  # Qt override
        card: Card = index.data(CARD_ROLE)
        if card is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.card_rect(option.rect, card)
        if card.kind != "input":
            self._paint_connector(painter, r)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        accent = group_color(card.group) if card.kind == "layer" else QColor("#7a8794")
        if card.kind == "output":
            accent = {"ok": OK_COLOR, "error": ERROR_COLOR}.get(card.status, QColor("#7a8794"))
        self._paint_body(painter, r, card, accent, selected, hovered)
        painter.restore()

    # ---------------------------------------------------------------- pieces
    @staticmethod
    def _paint_connector(p: QPainter, r: QRect) -> None:
        x = r.center().x()
        top, bottom = r.top() - CONNECTOR + 1, r.top() - 1
        p.setPen(QPen(QColor("#9aa5b1"), 1.5))
        p.drawLine(x, top, x, bottom - 4)
        p.setBrush(QColor("#9aa5b1"))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawPolygon(QPolygonF([QPointF(x - 4, bottom - 5), QPointF(x + 4, bottom - 5),
                                 QPointF(x, bottom)]))

    def _paint_body(self, p: QPainter, r: QRect, card: Card, accent: QColor, selected: bool,
                    hovered: bool) -> None:
        border = accent if selected else QColor("#c9d0d8")
        if card.errors:
            border = ERROR_COLOR
        elif card.warnings and not selected:
            border = WARNING_COLOR
        background = QColor("#eef4fd") if selected else QColor("#fbfcfd") if hovered \
            else QColor("#ffffff")
        if card.kind != "layer":
            background = QColor("#f2f4f7")
        p.setPen(QPen(border, 2.0 if (selected or card.errors or card.warnings) else 1.0))
        p.setBrush(background)
        p.drawRoundedRect(QRectF(r).adjusted(0.5, 0.5, -0.5, -0.5), 7, 7)
        # accent stripe on the left
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(accent)
        stripe = QRectF(r.left() + 1, r.top() + 1, 5, r.height() - 2)
        p.drawRoundedRect(stripe, 2.5, 2.5)

        x = r.left() + 14
        small, bold, mono = card_fonts(QFont(p.font()))
        text_left, right = self.columns(r, card, p.font())
        if card.kind == "layer":
            # index pill
            pill = QRectF(x, r.center().y() - 10, 26, 20)
            p.setBrush(QColor(accent.red(), accent.green(), accent.blue(), 34))
            p.drawRoundedRect(pill, 10, 10)
            p.setPen(accent.darker(115))
            p.setFont(bold)
            p.drawText(pill, Qt.AlignmentFlag.AlignCenter, str(card.index))
            x += 34
            if r.width() >= GLYPH_MIN_CARD_WIDTH:
                try:
                    glyph = layer_glyph(registry.get("layer", card.layer_type))
                    p.drawPixmap(QRect(x, r.center().y() - 12, 30, 24), glyph)
                except WorkbenchError:
                    pass
        x = text_left
        # badges (top-right corner)
        badge_x = r.right() - 10
        for items, color, mark in ((card.errors, ERROR_COLOR, "!"),
                                   (card.warnings, WARNING_COLOR, "!")):
            if not items:
                continue
            text = mark if len(items) == 1 else f"{len(items)}"
            circle = QRectF(badge_x - 18, r.top() - 8, 18, 18)
            p.setPen(QPen(QColor("white"), 1.5))
            p.setBrush(color)
            p.drawEllipse(circle)
            p.setPen(QColor("white"))
            p.setFont(bold)
            p.drawText(circle, Qt.AlignmentFlag.AlignCenter, text)
            badge_x -= 22
        text_w = right.left() - x - 8
        fm_bold = QFontMetrics(bold)
        fm_small = QFontMetrics(small)
        if card.kind == "layer" or card.summary:
            title_rect = QRect(x, r.top() + 6, text_w, fm_bold.height())
            sub_rect = QRect(x, title_rect.bottom() + 2, text_w, fm_small.height())
            if card.kind != "layer":
                title_rect.moveTop(r.center().y() - fm_bold.height() // 2 - 1)
                sub_rect = QRect()
        else:
            title_rect = QRect(x, r.center().y() - fm_bold.height() // 2, text_w, fm_bold.height())
            sub_rect = QRect()
        p.setFont(bold)
        p.setPen(QColor("#1f2933"))
        title = card.title
        if card.kind != "layer" and card.summary:
            title = f"{card.title}  ·  {card.summary}"
        p.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   fm_bold.elidedText(title, Qt.TextElideMode.ElideRight, title_rect.width()))
        if card.kind == "layer" and sub_rect.isValid():
            p.setFont(small)
            p.setPen(QColor("#5b6774"))
            summary = card.summary
            p.drawText(sub_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       fm_small.elidedText(summary, Qt.TextElideMode.ElideRight, sub_rect.width()))
        # shape and parameter count, right aligned
        if card.params:
            p.setFont(mono)
            p.setPen(QColor("#1f2933"))
            p.drawText(QRect(right.left(), right.top() + 2, right.width(), right.height() // 2),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, card.shape)
            p.setFont(small)
            p.setPen(QColor("#5b6774"))
            p.drawText(QRect(right.left(), right.center().y(), right.width(), right.height() // 2),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, card.params)
        elif card.shape:
            p.setFont(mono)
            p.setPen(accent.darker(120) if card.kind == "output" else QColor("#1f2933"))
            p.drawText(right, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       card.shape)


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

        self.remove_action = self._action("Remove layer", QKeySequence.StandardKey.Delete,
                                          self.remove_selected, extra=("Backspace",))
        self.duplicate_action = self._action("Duplicate layer", "Ctrl+D",
                                             self.duplicate_selected)
        self.move_up_action = self._action("Move layer up", "Alt+Up",
                                           lambda: self._move_selected(-1))
        self.move_down_action = self._action("Move layer down", "Alt+Down",
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
        width_text = f"{input_width}" if input_width else "N"
        self._add(Card("input", "Input",
                       plural(input_width, "feature") if input_width else "features of the data",
                       f"→ (batch, {width_text})"))
        for i, spec in enumerate(layers):
            entry = registry.get("layer", spec["type"])
            info = infos.get(i)
            found = by_layer.get(i, [])
            summary = (info.summary if info else "") or \
                ("default settings" if entry.params else "no settings")
            card = Card("layer", entry.title, summary,
                        f"→ (batch, {info.out_width})" if info else "→ ?",
                        (plural(info.n_params, "param") if info.n_params else "no params")
                        if info else "", i, entry.group, entry.name,
                        [f.message for f in found if f.severity == "error"],
                        [f.message for f in found if f.severity == "warning"])
            tip = f"<b>{entry.title}</b> (layer {i})<br>{_html(entry.help)}"
            for f in found:
                color = ERROR_COLOR.name() if f.severity == "error" else WARNING_COLOR.name()
                tip += f"<br><span style='color:{color}'>● {_html(f.message)}</span>"
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
            return Card("output", "Output", "",
                        f"(batch, {out_width})" if out_width else "")
        if task == "classification":
            need = plural(n_outputs, "class")
        else:
            need = plural(n_outputs, "target value")
        size_errors = [f for f in analysis.errors  # core.nn.analysis.report.analyze's output-size error
                       if f.message.startswith("The network outputs")]
        status = "error" if size_errors else "ok"
        mark = "✗" if size_errors else "✓"
        return Card("output", "Output", f"the task needs {need}",
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
        return self._apply(layers, f"add {entry.title}", index)

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
        title = registry.get("layer", spec["type"]).title
        return self._apply(layers, f"move {title}", target)

    def remove_layer(self, index: int) -> bool:
        layers = self._layers()
        if not 0 <= index < len(layers):
            return False
        spec = layers.pop(index)
        title = registry.get("layer", spec["type"]).title
        return self._apply(layers, f"remove {title}", min(index, len(layers) - 1))

    def duplicate_layer(self, index: int) -> bool:
        layers = self._layers()
        if not 0 <= index < len(layers):
            return False
        layers.insert(index + 1, copy.deepcopy(layers[index]))
        title = registry.get("layer", layers[index]["type"]).title
        return self._apply(layers, f"duplicate {title}", index + 1)

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

    def dragEnterEvent(self, event):  # Qt override
        kind = self._drag_kind(event)
        if not kind:
            event.ignore()
            return
        event.setDropAction(_drop_action(kind))
        event.accept()
        self._set_gap(self.gap_at(event.position().toPoint()))

    def dragMoveEvent(self, event):  # Qt override
        kind = self._drag_kind(event)
        if not kind:
            event.ignore()
            return
        event.setDropAction(_drop_action(kind))
        event.accept()
        self._set_gap(self.gap_at(event.position().toPoint()))

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


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
