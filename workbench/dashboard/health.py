"""The health banner: the alerts of a run at the top of the Train tab.

:class:`core.training.health_alerts.HealthMonitor` reads the events of a run and says
what looks wrong, in one sentence with a suggestion; :class:`HealthBanner` shows those
alerts where the user is looking.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QToolButton, QVBoxLayout, QWidget

from core.training.health_alerts import Alert
from workbench import plot_colours as palette
from workbench.i18n.core_texts import alert_message


class HealthBanner(QFrame):
    """The health strip at the top of the Train tab.

    It is always there with a fixed height (two lines), so neither the first run nor an
    alert moves the run controls under the person's mouse or re-lays out the plots while
    training runs (that full repaint would stall the GUI): calm grey while all is well,
    amber for warnings, red for errors, blue for notes. The first alert (by
    :attr:`Alert.rank`: why the run stopped, then a learning rate that is too high, then
    the rest by severity) is shown, the others are counted; all are in the tooltip.

    Signals
    -------
    dismissed()
        The user closed the alerts.
    """

    dismissed = Signal()
    LINES = 2
    CALM = QT_TRANSLATE_NOOP("HealthBanner", "Health: nothing to report. A rising loss, "
                             "divergence, dead ReLUs and vanishing or exploding gradients are "
                             "watched while training.")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("healthBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 4, 3)
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.icon)
        column = QVBoxLayout()
        column.setSpacing(0)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.label)
        layout.addLayout(column, 1)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip(self.tr("Clear these alerts"))
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.dismiss)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.setFixedHeight(self.label.fontMetrics().lineSpacing() * self.LINES + 10)
        self.alerts: list[Alert] = []
        self._render()

    def add(self, alerts) -> None:
        """Show more alerts (in the order of :attr:`Alert.rank`)."""
        alerts = [a for a in alerts if a is not None]
        if not alerts:
            return
        self.alerts += alerts
        self.alerts.sort(key=lambda a: a.rank)     # stable: equal ranks keep their order
        self._render()
        self.show()

    def clear(self) -> None:
        """Back to the calm state (a new run)."""
        self.alerts = []
        self._render()

    def dismiss(self) -> None:
        self.clear()
        self.dismissed.emit()

    def text(self) -> str:
        """The alerts as plain text (tests, accessibility); "" when all is well."""
        return "\n".join(a.message for a in self.alerts)

    def _render(self) -> None:
        if not self.alerts:
            self.setStyleSheet("#healthBanner { background: #f4f6f8; border: 1px solid #d0d7de; "
                               "border-radius: 3px; } QLabel { color: #57606a; }")
            self.icon.setPixmap(self.style().standardIcon(
                QStyle.StandardPixmap.SP_DialogApplyButton).pixmap(16, 16))
            self.label.setText(self.tr(self.CALM))
            self.setToolTip("")
            self.close_button.hide()
            return
        first = self.alerts[0]
        background, foreground = palette.ALERT_COLOURS.get(first.severity,
                                                           palette.ALERT_COLOURS["info"])
        self.setStyleSheet(f"#healthBanner {{ background: {background}; border: 1px solid "
                           f"{foreground}; border-radius: 3px; }} "
                           f"QLabel {{ color: {foreground}; }}")
        icon = {"error": QStyle.StandardPixmap.SP_MessageBoxCritical,
                "warning": QStyle.StandardPixmap.SP_MessageBoxWarning}.get(
            first.severity, QStyle.StandardPixmap.SP_MessageBoxInformation)
        self.icon.setPixmap(self.style().standardIcon(icon).pixmap(16, 16))
        titles = {"error": self.tr("Error:"), "warning": self.tr("Warning:")}
        note = self.tr("Note:")
        more = len(self.alerts) - 1
        extra = " <i>" + self.tr("(+{} more: hover to read all)").format(more) + "</i>" \
            if more else ""
        self.label.setText(f"<b>{titles.get(first.severity, note)}</b> "
                           f"{_escape(alert_message(first.message))}{extra}")
        self.setToolTip("<br><br>".join(f"<b>{titles.get(a.severity, note)}</b> "
                                        f"{_escape(alert_message(a.message))}"
                                        for a in self.alerts))
        self.close_button.show()
        self.setAccessibleDescription(self.text())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
