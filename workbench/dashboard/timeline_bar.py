"""The timeline under the Train tab's dashboards: scrub a run back to a kept moment.

:class:`TimelineBar` is a slider over the current run's kept weight snapshots
(:class:`~core.training.weight_snapshots.WeightSnapshots`: the initial weights and
log-spaced epoch ends). Its right end is *live*: the dashboards follow the run. Any other
position shows the run at that moment (:mod:`workbench.dashboard.timeline_frames`), and
the history plots mark it with a vertical line (:class:`MomentLine`).

While the run trains on, a scrubbed timeline stays where the person put it: new moments
extend the slider to the right and the history plots keep growing, but the moment shown
does not change (if it is thinned out of the kept set, the nearest kept moment takes its
place). Dragging to the right end, or pressing Live, follows the run again.

"Branch from here" asks for a new run that starts from the shown moment's weights with
the experiment's current settings (say another optimizer, chosen after scrubbing).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSlider, QWidget

from core.training.weight_snapshots import Moment
from workbench.dashboard.timeline_frames import moment_of

#: The colour of the moment line on the history plots.
MOMENT_COLOUR = "#333333"


class MomentLine:
    """A vertical line on a history plot where the timeline's moment is.

    Parameters
    ----------
    plot : pyqtgraph.PlotItem
    axis : {"step", "epoch"}
        What the plot's x axis counts.
    """

    def __init__(self, plot: pg.PlotItem, axis: str = "step"):
        self.axis = axis
        self.line = pg.InfiniteLine(angle=90, movable=False,
                                    pen=pg.mkPen(MOMENT_COLOUR, width=2))
        self.line.setZValue(20)
        plot.addItem(self.line, ignoreBounds=True)
        self.line.hide()

    @property
    def x(self) -> float | None:
        """Where the line is drawn, or None while hidden (live)."""
        return float(self.line.value()) if self.line.isVisible() else None

    def show_for(self, run) -> None:
        """Mark the moment ``run`` is shown at (hide the line when it is live)."""
        moment = moment_of(run)
        if moment is None:
            self.line.hide()
            return
        self.line.setValue(moment.step if self.axis == "step" else moment.epoch)
        self.line.show()


class TimelineBar(QWidget):
    """The slider over the current run's kept moments, Live and Branch from here.

    Signals
    -------
    moment_changed(object)
        The person chose a moment (a :class:`Moment`) or went back to live (None).
    branch_requested(object)
        Branch from here was pressed: a new run from this :class:`Moment`'s weights.
    """

    moment_changed = Signal(object)
    branch_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.run = None
        self._moments: list[Moment] = []
        self._shown: Moment | None = None      # None: live
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 0)
        layout.setSpacing(6)
        self.title = QLabel(self.tr("Timeline:"))
        layout.addWidget(self.title)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setPageStep(1)
        self.slider.setAccessibleName(self.tr("timeline"))
        self.slider.setToolTip(self.tr(
            "Drag back to see the network as it was at a kept moment: the decision boundary, "
            "neuron maps, network diagram, weight matrix and histograms show that moment, and "
            "the loss plots mark it. The right end follows the run live. The run keeps its "
            "initial weights and up to 200 epoch ends, dense early and sparser later."))
        self.slider.valueChanged.connect(self._slid)
        self.title.setBuddy(self.slider)
        layout.addWidget(self.slider, 1)
        self.position = QLabel()
        # wide enough for every text it shows: the slider must not move under the mouse
        bold = self.position.font()
        bold.setBold(True)
        samples = (self.tr("Live · epoch {0} · {1} snapshots").format(99999, 200),
                   self.tr("Epoch {0} · iteration {1}").format(99999, 9999999))
        self.position.setMinimumWidth(max(QFontMetrics(bold).horizontalAdvance(text)
                                          for text in samples) + 4)
        layout.addWidget(self.position)
        self.live_button = QPushButton(self.tr("Live"))
        self.live_button.setToolTip(self.tr("Follow the run again (the slider's right end)"))
        self.live_button.clicked.connect(self.go_live)
        layout.addWidget(self.live_button)
        self.branch_button = QPushButton(self.tr("Branch from here"))
        self.branch_button.setToolTip(self.tr(
            "Start a new run from the weights of the moment shown, with the current settings "
            "(for example another optimizer); it is compared with this run in Compare runs"))
        self.branch_button.clicked.connect(self._branch)
        layout.addWidget(self.branch_button)
        self._update_texts()

    # ---------------------------------------------------------------- state
    @property
    def moment(self) -> Moment | None:
        """The moment shown, or None when the dashboards follow the run live."""
        return self._shown

    def moments(self) -> list[Moment]:
        """The moments the slider offers, oldest first (its positions)."""
        return list(self._moments)

    def branch_moment(self) -> Moment | None:
        """What Branch from here starts from: the moment shown, live: the newest kept."""
        if self._shown is not None:
            return self._shown
        return self._moments[-1] if self._moments else None

    # ---------------------------------------------------------------- the person
    def show_moment(self, moment: Moment | None) -> None:
        """Move the slider to ``moment`` (None or the newest: live), as dragging would."""
        if moment is None or not self._moments:
            self.go_live()
            return
        self.slider.setValue(self._position_of(moment))

    def go_live(self) -> None:
        self.slider.setValue(self.slider.maximum())
        if self._shown is not None:      # already at the end (no valueChanged)
            self._slid(self.slider.maximum())

    def _branch(self) -> None:
        moment = self.branch_moment()
        if moment is not None:
            self.branch_requested.emit(moment)

    def _slid(self, position: int) -> None:
        moments = self._moments
        live = not moments or position >= len(moments) - 1
        shown = None if live else moments[max(position, 0)]
        if shown != self._shown:
            self._shown = shown
            self._update_texts()
            self.moment_changed.emit(shown)

    # ---------------------------------------------------------------- the run
    def sync(self, run) -> None:
        """Follow ``run``'s kept moments (called before each redraw; cheap when unchanged).

        A new run starts live. A scrubbed slider keeps its moment as moments are added.
        """
        if run is not self.run:
            self.run, self._shown = run, None
            self._moments = []
        snapshots = getattr(run, "snapshots", None)
        moments = snapshots.moments() if snapshots is not None else []
        if moments == self._moments and self.slider.maximum() == max(len(moments) - 1, 0):
            self._update_texts()
            return
        self._moments = moments
        shown = self._shown
        if shown is not None and shown not in moments:
            shown = snapshots.nearest(shown.step) if moments else None
            if shown is not None and shown == moments[-1]:
                shown = None
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(len(moments) - 1, 0))
        self.slider.setValue(self._position_of(shown) if shown is not None
                             else self.slider.maximum())
        self.slider.blockSignals(False)
        changed = shown != self._shown
        self._shown = shown
        self._update_texts()
        if changed:
            self.moment_changed.emit(shown)

    def _position_of(self, moment: Moment) -> int:
        for i, m in enumerate(self._moments):
            if m.index == moment.index:
                return i
        return self.slider.maximum()

    def _update_texts(self) -> None:
        run, moments = self.run, self._moments
        refused = getattr(getattr(run, "snapshots", None), "refused", None)
        self.slider.setEnabled(len(moments) > 1)
        self.live_button.setEnabled(self._shown is not None)
        self.branch_button.setEnabled(bool(moments) and run is not None and
                                      run.info is not None)
        if refused:
            self.position.setText(self.tr("No snapshots"))
            self.position.setToolTip(refused)
            return
        self.position.setToolTip("")
        if self._shown is None:
            epoch = run.epoch if run is not None else 0
            text = self.tr("Live · epoch {0} · {1} snapshots").format(epoch, len(moments))
        else:
            m = self._shown
            text = self.tr("Epoch {0} · iteration {1}").format(m.epoch, m.step)
        self.position.setText(text)
        self.position.setStyleSheet("" if self._shown is None else
                                    f"color: {MOMENT_COLOUR}; font-weight: bold;")
