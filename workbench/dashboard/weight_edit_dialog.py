"""A small inline editor over the network diagram: type a new value for one weight or bias.

It is a frame inside the diagram panel, not a modal dialog, so training (running or paused)
and the rest of the window stay usable. Enter applies, Escape closes; anything that is not a
finite number is refused with one sentence and the weight keeps its value.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget


def parse_weight(text: str) -> float | None:
    """The finite number ``text`` spells, or None (not a number, NaN or infinite)."""
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def shortened(text: str, limit: int = 24) -> str:
    """``text`` as a refusal quotes it: long entries cut in the middle (a 5,000-digit
    number would run past the editor's edge, an unbreakable word)."""
    return text if len(text) <= limit else f"{text[:limit // 2]}…{text[-(limit // 2):]}"


class WeightEditor(QFrame):
    """Edits one parameter entry: ``name`` (``"0.weight"``) at ``index`` (a tuple).

    Signals
    -------
    accepted(str, object, float)
        The person typed a finite number and pressed Enter: ``(name, index, value)``.
    """

    accepted = Signal(str, object, float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("weightEditor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setStyleSheet("#weightEditor { background: #ffffff; border: 1px solid #8a96a3; "
                           "border-radius: 4px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(3)
        self.title = QLabel()
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.field = QLineEdit()
        self.field.setAccessibleName(self.tr("new weight value"))
        self.field.returnPressed.connect(self._apply)
        layout.addWidget(self.field)
        self.hint = QLabel(self.tr("Enter applies it at the next step; Esc closes."))
        self.hint.setStyleSheet("color: #5b6774;")
        layout.addWidget(self.hint)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b02a2a;")
        self.message.hide()
        layout.addWidget(self.message)
        self.name, self.index = "", ()
        self.setFixedWidth(280)
        self.hide()

    def open_at(self, pos: QPoint, name: str, index: tuple, value: float, title: str) -> None:
        """Show the editor at ``pos`` (parent coordinates) for ``name[index]`` = ``value``."""
        self.name, self.index = name, tuple(index)
        self.title.setText(title)
        self.field.setText(f"{value:.6g}")
        self.message.hide()
        self.adjustSize()
        parent = self.parentWidget()
        if parent is not None:
            x = min(max(pos.x(), 0), max(parent.width() - self.width(), 0))
            y = min(max(pos.y(), 0), max(parent.height() - self.height(), 0))
            pos = QPoint(x, y)
        self.move(pos)
        self.show()
        self.raise_()
        self.field.setFocus()
        self.field.selectAll()

    def keyPressEvent(self, event):  # Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)

    def refuse(self, text: str) -> None:
        """Show why the value was not applied (the editor stays open)."""
        self.message.setText(text)
        self.message.show()
        self.adjustSize()

    def _apply(self) -> None:
        text = self.field.text()
        value = parse_weight(text)
        if value is None:
            self.refuse(self.tr("Expected a finite number such as 0.5, got \"{}\"; the weight "
                                "keeps its value.").format(shortened(text.strip())))
            return
        self.hide()
        self.accepted.emit(self.name, self.index, value)
