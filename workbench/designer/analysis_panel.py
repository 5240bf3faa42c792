"""Live check of the network: errors (red) and warnings (amber), each with its fix.

The panel shows a :class:`core.nn.analysis.report.Analysis` as a headline ("Ready to train · 1,283
parameters" or "2 problems to fix before training") and one row per finding, with a
button applying the finding's one-click fix when it has one.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench.i18n import core_texts, counted

ERROR_COLOR = "#c0392b"
WARNING_COLOR = "#b86e00"


class FindingRow(QFrame):
    """One finding: a coloured mark and the message; below it the fix button and a link
    selecting the layer concerned."""

    def __init__(self, finding, parent=None):
        super().__init__(parent)
        self.finding = finding
        error = finding.severity == "error"
        color = ERROR_COLOR if error else WARNING_COLOR
        background = "#fdf0ef" if error else "#fff7e8"
        self.setObjectName("findingRow")
        self.setStyleSheet(f"QFrame#findingRow {{ background: {background}; border-left: 4px solid "
                           f"{color}; border-radius: 3px; }}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 6, 4)
        layout.setSpacing(3)
        kind = self.tr("Error:") if error else self.tr("Warning:")
        self.message = QLabel(f"<span style='color:{color}; font-weight:600'>{kind}</span> "
                              + html.escape(core_texts.finding_message(finding.message),
                                            quote=False))
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.layer_button = None
        self.fix_button = None
        has_fix = bool(finding.fix and finding.fix.get("label"))
        if finding.layer is None and not has_fix:
            return
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(6)
        if has_fix:
            label = core_texts.finding_message(finding.fix["label"])
            self.fix_button = _ElidingButton(self.tr("Fix: {}").format(label))
            self.fix_button.setToolTip(self.tr("One click: {} (undo with Ctrl+Z)").format(label))
            self.fix_button.setCursor(Qt.CursorShape.PointingHandCursor)
            buttons.addWidget(self.fix_button)
        if finding.layer is not None:
            self.layer_button = QPushButton(self.tr("show layer {}").format(finding.layer))
            self.layer_button.setFlat(True)
            self.layer_button.setCursor(Qt.CursorShape.PointingHandCursor)
            self.layer_button.setToolTip(self.tr("Select this layer in the network"))
            self.layer_button.setStyleSheet("QPushButton { color: #2f6fd0; text-decoration: "
                                            "underline; border: none; padding: 0 2px; }")
            buttons.addWidget(self.layer_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)


class _ElidingButton(QPushButton):
    """A push button whose text is shortened with "…" when its column is narrow (the full
    text stays in :meth:`full_text` and the tooltip), so a long fix never clips its row."""

    def __init__(self, text: str, parent=None):
        super().__init__(text, parent)
        self._full = text
        self.setMinimumWidth(60)

    def full_text(self) -> str:
        return self._full

    def _text_width(self, text: str) -> int:
        # measured as QPushButton::sizeHint measures its text
        return self.fontMetrics().size(Qt.TextFlag.TextShowMnemonic, text).width()

    def _padding(self) -> int:
        return super().sizeHint().width() - self._text_width(self.text())

    def sizeHint(self):  # Qt override: what the whole text needs
        hint = super().sizeHint()
        hint.setWidth(self._padding() + self._text_width(self._full))
        return hint

    def minimumSizeHint(self):  # Qt override
        hint = super().minimumSizeHint()
        hint.setWidth(60)
        return hint

    def resizeEvent(self, event):  # Qt override
        super().resizeEvent(event)
        room = self.width() - self._padding()
        text = self._full if self._text_width(self._full) <= room else \
            self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(room, 10))
        if text != self.text():
            self.setText(text)


class AnalysisPanel(QWidget):
    """The headline and findings of an analysis.

    Signals
    -------
    fix_requested(dict)
        The user clicked a finding's fix button (the finding's ``fix`` dict).
    layer_requested(int)
        The user clicked a finding's "layer k" link.
    """

    fix_requested = Signal(dict)
    layer_requested = Signal(int)
    findings_shown = Signal(int)  # how many findings are listed (layouts may grow to fit)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[FindingRow] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.headline = QLabel()
        self.headline.setObjectName("analysisHeadline")
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QWidget()
        self.body.setObjectName("analysisBody")
        self.body.setStyleSheet("QWidget#analysisBody { background: transparent; }")
        self.scroll.setStyleSheet("QScrollArea { background: transparent; }")
        self.scroll.viewport().setAutoFillBackground(False)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.setSpacing(4)
        self.body_layout.addStretch(1)
        self.scroll.setWidget(self.body)
        layout.addWidget(self.scroll, 1)

    def show_analysis(self, analysis) -> None:
        """Show ``analysis`` (a :class:`core.nn.analysis.report.Analysis`)."""
        for row in self.rows:
            row.hide()
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        n_err, n_warn = len(analysis.errors), len(analysis.warnings)
        total = analysis.total_params
        params = counted(self.tr("{} trainable parameter(s)"),
                         f"{total:,} trainable parameter{'' if total == 1 else 's'}",
                         f"{total:,}")
        if n_err:
            errors = counted(self.tr("✗ {} error(s) to fix before training"),
                             f"✗ {n_err} error{'' if n_err == 1 else 's'} to fix before "
                             "training", n_err)
            text = f"<span style='color:{ERROR_COLOR}'><b>{errors}</b></span>"
        else:
            ready = self.tr("✓ Ready to train")
            text = f"<span style='color:#2e9a55'><b>{ready}</b></span>"
        if n_warn:
            warnings = counted(self.tr("{} warning(s)"),
                               f"{n_warn} warning{'' if n_warn == 1 else 's'}", n_warn)
            text += f" &nbsp;·&nbsp; <span style='color:{WARNING_COLOR}'>{warnings}</span>"
        text += f" &nbsp;·&nbsp; {params}"
        self.headline.setText(text)
        ordered = analysis.errors + analysis.warnings
        for finding in ordered:
            row = FindingRow(finding)
            if row.fix_button is not None:
                row.fix_button.clicked.connect(
                    lambda _=False, fix=finding.fix: self.fix_requested.emit(dict(fix)))
            if row.layer_button is not None:
                row.layer_button.clicked.connect(
                    lambda _=False, k=finding.layer: self.layer_requested.emit(k))
            self.body_layout.insertWidget(self.body_layout.count() - 1, row)
            self.rows.append(row)
        if not ordered:
            note = QLabel(self.tr("No problems found. Hover a layer in the palette for its "
                                  "help; press Train when the data are ready."))
            note.setWordWrap(True)
            note.setStyleSheet("color: #667;")
            row = QFrame()
            QVBoxLayout(row).addWidget(note)
            row.layout().setContentsMargins(0, 0, 0, 0)
            self.body_layout.insertWidget(0, row)
            self.rows.append(row)
        self.findings_shown.emit(len(ordered))

    def wanted_height(self) -> int:
        """Height that shows the headline and every finding without scrolling."""
        self.body.adjustSize()
        rows = sum(r.sizeHint().height() + self.body_layout.spacing() for r in self.rows)
        return self.headline.sizeHint().height() + rows + 12
