"""Training health: divergence, dead ReLUs, vanishing and exploding gradients.

:class:`HealthMonitor` reads the events of a run and says what looks wrong, in one
sentence with a suggestion; :class:`HealthBanner` shows those alerts at the top of the
Train tab, where the user is looking.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QToolButton, QVBoxLayout, QWidget

from workbench import plot_colours as palette

DEAD_LIMIT = 0.5        # share of ReLU units that never fire
VANISHING = 1e-7        # gradient norm below which a layer stops learning
EXPLODING = 1e3         # gradient norm above which updates blow up
LOSS_RISE = 10.0        # an epoch's mean loss this many times the starting loss: exploding
BATCH_LOSS_RISE = 1e3   # one batch's loss this many times the starting loss: exploding
#: activations whose gradient does not vanish for positive inputs
RELU_LIKE = ("relu", "leaky_relu", "elu", "gelu", "silu", "selu", "softplus")

# the banner's order: why the run stopped, then the learning rate, then the rest
PRIORITY_STOPPED, PRIORITY_LR, PRIORITY_ERROR, PRIORITY_WARNING, PRIORITY_INFO = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class Alert:
    """One health problem: ``key`` identifies it (one alert per key), severity, sentence.

    ``priority`` orders the banner (lowest first): why the run stopped, then a learning
    rate that is too high (the cause of most other symptoms), then errors, warnings, notes.
    """

    key: str
    severity: str       # "error" | "warning" | "info"
    message: str
    priority: int = -1

    @property
    def rank(self) -> int:
        if self.priority >= 0:
            return self.priority
        return {"error": PRIORITY_ERROR, "warning": PRIORITY_WARNING}.get(self.severity,
                                                                          PRIORITY_INFO)


class HealthMonitor:
    """Turns training events into :class:`Alert` records (each problem reported once)."""

    def __init__(self):
        self.alerts: dict[str, Alert] = {}
        self.start_loss: float | None = None
        self.relu_only = False

    def reset(self, layers=()) -> None:
        """A new run of the network ``layers`` (its specs: the advice depends on them)."""
        self.alerts.clear()
        self.start_loss = None
        acts = [spec.get("type") for spec in layers if spec.get("type") not in
                ("dense", "dropout", "batch_norm", "softmax", "sigmoid", "identity")]
        self.relu_only = bool(acts) and all(a in RELU_LIKE for a in acts)

    def _add(self, alert: Alert) -> Alert | None:
        if alert.key in self.alerts:
            return None
        self.alerts[alert.key] = alert
        return alert

    @property
    def exploding(self) -> bool:
        return "exploding_loss" in self.alerts

    def _loss_rose(self, loss: float, where: str, lr: float | None) -> Alert | None:
        hint = f" Try {lr / 10:g} (a tenth of {lr:g})." if lr is not None and \
            math.isfinite(lr) and lr > 0 else " Try a tenth of it."
        return self._add(Alert(
            "exploding_loss", "error",
            f"Learning rate too high: the loss rose from {self.start_loss:.3g} at the start "
            f"to {loss:.3g} {where}, so the steps overshoot instead of going downhill.{hint}",
            PRIORITY_LR))

    def check_iterations(self, events) -> list[Alert]:
        """Alerts from a batch of :class:`core.training.events.IterationEvent`: an exploding loss."""
        if not events:
            return []
        if self.start_loss is None:
            first = events[0].loss
            if not (math.isfinite(first) and first > 0):
                return []
            self.start_loss = float(first)
        if self.exploding:
            return []
        limit = BATCH_LOSS_RISE * self.start_loss
        for e in events:
            if e.loss > limit or math.isinf(e.loss):
                alert = self._loss_rose(e.loss, f"at iteration {e.step}", e.lr)
                return [alert] if alert else []
        return []

    def check_epoch(self, event) -> list[Alert]:
        """Alerts from an :class:`core.training.events.EpochEvent`: an exploding loss, then the
        layer statistics."""
        new = []
        loss = event.train_loss
        if self.start_loss is not None and not self.exploding and loss is not None and \
                (loss > LOSS_RISE * self.start_loss or math.isinf(loss)):
            new.append(self._loss_rose(loss, f"in epoch {event.epoch}", event.lr))
        if self.exploding:
            cause = " This is most likely the learning rate (see above)."
        elif self.relu_only:
            cause = " Try a lower learning rate, He initialization or batch norm."
        else:
            cause = (" Try ReLU instead of sigmoid/tanh, He or Glorot initialization, batch "
                     "norm or fewer layers.")
        for s in event.layer_stats:
            if not s.name.endswith(".weight"):
                continue
            if s.dead_fraction is not None and s.dead_fraction > DEAD_LIMIT:
                advice = (" This is most likely the learning rate (see above)." if
                          self.exploding else
                          " Try a lower learning rate, He initialization or Leaky ReLU.")
                new.append(self._add(Alert(
                    f"dead:{s.name}", "warning",
                    f"Dead ReLUs: {s.dead_fraction:.0%} of the ReLU units after layer "
                    f"{s.index} ({s.name}) output 0 for every validation sample (epoch "
                    f"{event.epoch}), so they no longer learn.{advice}")))
            if math.isfinite(s.grad_norm) and s.grad_norm < VANISHING:
                new.append(self._add(Alert(
                    f"vanishing:{s.name}", "warning",
                    f"Vanishing gradient: ‖∂L/∂W‖ of {s.name} is {s.grad_norm:.1e} (below "
                    f"{VANISHING:g}) at epoch {event.epoch}; its weights barely change."
                    f"{cause}")))
            elif not math.isfinite(s.grad_norm) or s.grad_norm > EXPLODING:
                new.append(self._add(Alert(
                    f"exploding:{s.name}", "warning",
                    f"Exploding gradient: ‖∂L/∂W‖ of {s.name} is {s.grad_norm:.3g} (above "
                    f"{EXPLODING:g}) at epoch {event.epoch}. Try a lower learning rate, "
                    "standardized inputs or batch norm.")))
        return [a for a in new if a is not None]

    def check_finish(self, finish, lr: float | None = None) -> list[Alert]:
        """An alert when the run diverged (the message names the iteration)."""
        if finish is None or finish.reason != "diverged":
            return []
        hint = ""
        if lr is not None and math.isfinite(lr) and lr > 0:
            hint = f" The learning rate was {lr:g}; try {lr / 10:g}."
        alert = self._add(Alert("diverged", "error", f"{finish.message}{hint}", PRIORITY_LR))
        return [alert] if alert else []

    def error(self, message: str) -> list[Alert]:
        """An error alert with the worker's message (the run failed)."""
        alert = self._add(Alert(f"error:{message}", "error", message))
        return [alert] if alert else []

    def note(self, message: str) -> list[Alert]:
        """An informational alert."""
        alert = self._add(Alert(f"note:{message}", "info", message))
        return [alert] if alert else []

    def stopped(self, message: str) -> list[Alert]:
        """Why the run was stopped (e.g. an edit): always the banner's first line."""
        alert = self._add(Alert(f"stopped:{message}", "info", message, PRIORITY_STOPPED))
        return [alert] if alert else []


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
    CALM = ("Health: nothing to report. A rising loss, divergence, dead ReLUs and vanishing "
            "or exploding gradients are watched while training.")

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
        self.close_button.setToolTip("Clear these alerts")
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
            self.label.setText(self.CALM)
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
        titles = {"error": "Error", "warning": "Warning"}
        more = len(self.alerts) - 1
        extra = f" <i>(+{more} more: hover to read all)</i>" if more else ""
        self.label.setText(f"<b>{titles.get(first.severity, 'Note')}:</b> "
                           f"{_escape(first.message)}{extra}")
        self.setToolTip("<br><br>".join(f"<b>{titles.get(a.severity, 'Note')}:</b> "
                                        f"{_escape(a.message)}" for a in self.alerts))
        self.close_button.show()
        self.setAccessibleDescription(self.text())


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
