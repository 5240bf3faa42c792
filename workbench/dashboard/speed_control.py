"""The Train tab's speed control: how many iterations per second Train runs.

TensorFlow Playground trains at a pace a person can follow; a NumPy engine on a small
synthetic set finishes before the eye can see anything. :class:`SpeedControl` is a
slider over :data:`PACE_STOPS`, from one iteration per redraw of the plots to as fast
as possible. A run on a small synthetic data set starts at :data:`WATCHABLE_PACE`, real
data at full speed (:func:`default_pace`); once the person moves the slider, their
choice holds for runs on the same data. The command line never paces.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget

from core import registry

#: steps per second at each stop; None: as fast as possible. The first is one step per
#: redraw of the plots (the view redraws every 33 ms).
PACE_STOPS = (30, 60, 120, 250, 500, 1000, 2500, None)
#: the pace a run on a small synthetic data set starts with
WATCHABLE_PACE = 250
#: synthetic data sets up to this many samples are "small": paced by default
SMALL_SYNTHETIC = 5000


def default_pace(experiment: dict) -> float | None:
    """The speed a run starts with: watchable for a small synthetic set, else full speed."""
    data = experiment.get("data", {})
    try:
        group = registry.get("dataset", data.get("source")).group
    except Exception:  # an unknown source: real data, full speed
        return None
    if group == "synthetic" and int(data.get("samples") or 0) <= SMALL_SYNTHETIC:
        return WATCHABLE_PACE
    return None


def pace_text(pace: float | None) -> str:
    """The label beside the slider."""
    if pace is None:
        return QCoreApplication.translate("SpeedControl", "max")
    if pace == PACE_STOPS[0]:
        return QCoreApplication.translate("SpeedControl", "1 step/frame")
    return QCoreApplication.translate("SpeedControl", "{} steps/s").format(f"{pace:g}")


def _data_key(experiment: dict) -> str:
    return json.dumps(experiment.get("data"), sort_keys=True, default=str)


class SpeedControl(QWidget):
    """"Speed:" slider and its value.

    Signals
    -------
    pace_changed(object)
        The person moved the slider: steps per second, or None for as fast as possible.
    """

    pace_changed = Signal(object)

    def __init__(self, experiment: dict, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(self.tr("Speed:"))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, len(PACE_STOPS) - 1)
        self.slider.setPageStep(1)
        self.slider.setFixedWidth(90)
        self.slider.setAccessibleName(self.tr("training speed"))
        self.slider.setToolTip(
            self.tr("How fast Train runs: from one iteration per redraw of the plots, so that you "
            "can watch the network learn, to as fast as possible (max). Small synthetic data "
            "sets start at a watchable pace, real data at max; Step, Step epoch and the "
            "command line always run at full speed."))
        label.setBuddy(self.slider)
        self.value = QLabel()
        self.value.setMinimumWidth(self.value.fontMetrics().horizontalAdvance(
            self.tr("1 step/frame")) + 4)
        layout.addWidget(label)
        layout.addWidget(self.slider)
        layout.addWidget(self.value)
        self.pace: float | None = None
        self._chosen_for: str | None = None       # the data the person chose a speed for
        self.show_pace(default_pace(experiment))
        self.slider.valueChanged.connect(self._moved)
        self._experiment = experiment

    def show_pace(self, pace: float | None) -> None:
        """Move the slider to ``pace`` (the nearest stop) without signalling."""
        if pace is None:
            index = len(PACE_STOPS) - 1
        else:
            finite = [p for p in PACE_STOPS if p is not None]
            index = min(range(len(finite)), key=lambda i: abs(finite[i] - pace))
        self.slider.blockSignals(True)
        self.slider.setValue(index)
        self.slider.blockSignals(False)
        self.pace = PACE_STOPS[index]
        self.value.setText(pace_text(self.pace))

    def choose(self, pace: float | None, experiment: dict) -> None:
        """As if the person set ``pace`` for runs on ``experiment``'s data."""
        self._experiment = experiment
        self.show_pace(pace)
        self._moved(self.slider.value())

    def pace_for(self, experiment: dict) -> float | None:
        """The pace of a new run: the person's choice for this data, else the default."""
        self._experiment = experiment
        if self._chosen_for != _data_key(experiment):
            self._chosen_for = None
            self.show_pace(default_pace(experiment))
        return self.pace

    def _moved(self, index: int) -> None:
        self.pace = PACE_STOPS[index]
        self.value.setText(pace_text(self.pace))
        self._chosen_for = _data_key(self._experiment)
        self.pace_changed.emit(self.pace)
