"""The cards of the network editor: what one card shows and how it is painted.

A :class:`Card` is the record behind one row of the editor (the *Input* card, one per
layer, the *Output* card); :class:`CardDelegate` paints it as a rounded card with the
layer's group colour, index pill, glyph, summary, output shape, parameter count and the
red or amber badges of the analysis, joined to the card above by an arrow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from core import registry
from core.errors import WorkbenchError
from workbench.designer.glyph_painter import group_color, layer_glyph

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
