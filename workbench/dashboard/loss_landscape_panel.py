"""The "Loss landscape" page: the loss around the current weights, and the way there.

Press Compute: the loss over a 2-D slice of weight space through the run's latest weights
θ (two random filter-normalized directions, Li et al. 2018; see
:mod:`core.training.loss_landscape`) is computed off the GUI thread
(:class:`~workbench.dashboard.loss_landscape_worker.LandscapeJobs`) with a progress bar and
Cancel, and drawn as a heat map of log₁₀ loss with contour lines and a colour bar. The
white cross marks θ (the centre); the line is the optimizer's path (the weights of every
epoch end, :class:`~workbench.dashboard.loss_landscape_path.WeightPath`) projected on the
plane. Results are cached per (run, epoch of the weights, resolution, range).
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QProgressBar, QPushButton

from workbench import plot_colours
from workbench.dashboard.loss_landscape_worker import LandscapeJobs, LandscapeRequest
from workbench.dashboard.plot_panel import PlotPanel

#: Points per side offered (odd: θ is a grid point); the default is the paper's 21 × 21.
RESOLUTIONS = (11, 21, 31, 41, 51)
DEFAULT_RESOLUTION = 21
#: Half-widths of the slice offered, in units of the directions (±1: the paper's; the
#: smaller ones zoom on the optimizer's path, which random directions make short).
SPANS = (1.0, 0.25, 0.05)
#: Contour lines drawn (evenly spaced in log₁₀ loss).
CONTOURS = 10


def _tr(text: str) -> str:
    return QCoreApplication.translate("LossLandscapePanel", text)


def weights_moment(run) -> int:
    """The epoch whose weights ``run.weights`` holds (0: the initial weights)."""
    latest = run.latest
    return latest.epoch if latest is not None and latest.weights else 0


def log_loss(losses: np.ndarray) -> np.ndarray:
    """log₁₀ of the losses for the heat map: non-finite values (overflow) as the largest
    finite one, values at or below 0 as 1e-12."""
    values = np.asarray(losses, dtype=np.float64)
    finite = values[np.isfinite(values)]
    top = float(finite.max()) if finite.size else 1.0
    values = np.where(np.isfinite(values), values, top)
    return np.log10(np.maximum(values, 1e-12))


class LossLandscapePanel(PlotPanel):
    """The loss around the run's latest weights, the optimizer's path on it."""

    key = "loss_landscape"

    def __init__(self, parent=None):
        super().__init__(_tr("Loss landscape"), _tr("α (along direction 1)"),
                         _tr("β (along direction 2)"),
                         _tr("The loss L(θ + α·d₁ + β·d₂) around the latest weights θ (the "
                             "white cross) along two random directions d₁, d₂, each filter "
                             "scaled to the size of the same filter in θ (Li et al., 2018); "
                             "colour: log₁₀ of the loss. The line is the optimizer's path, "
                             "one dot per epoch, projected on this plane."),
                         legend=False, parent=parent)
        self.resolution_box = QComboBox()
        for n in RESOLUTIONS:
            self.resolution_box.addItem(self.tr("{0} × {1}").format(n, n), n)
        self.resolution_box.setCurrentIndex(RESOLUTIONS.index(DEFAULT_RESOLUTION))
        self.resolution_box.setToolTip(self.tr("Grid points per side: the loss is computed "
                                               "once per point"))
        self.resolution_box.setAccessibleName(self.tr("resolution"))
        self.span_box = QComboBox()
        for span in SPANS:
            self.span_box.addItem(self.tr("±{0}").format(f"{span:g}"), span)
        self.span_box.setToolTip(self.tr("How far from the current weights, in units of the "
                                         "directions: ±1 shows the valley, ±0.05 zooms on "
                                         "the optimizer's path"))
        self.span_box.setAccessibleName(self.tr("range"))
        self.compute_button = QPushButton(self.tr("Compute"))
        self.compute_button.setToolTip(self.tr("Compute the loss landscape around the run's "
                                               "latest weights (in the background)"))
        self.compute_button.clicked.connect(self.compute)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setMaximumWidth(220)
        self.progress_bar.setVisible(False)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop computing the loss landscape"))
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        label = QLabel(self.tr("Resolution:"))
        label.setBuddy(self.resolution_box)
        span_label = QLabel(self.tr("Range:"))
        span_label.setBuddy(self.span_box)
        for widget in (label, self.resolution_box, span_label, self.span_box,
                       self.compute_button, self.progress_bar, self.cancel_button):
            self.header.addWidget(widget)
        self.header.addStretch(1)
        self.header_widgets += [self.resolution_box, self.span_box, self.compute_button,
                                self.cancel_button]

        # the notes beside the plot: what is shown, and the numbers
        layout = self.layout()
        layout.removeWidget(self.plot_widget)
        row = QHBoxLayout()
        row.addWidget(self.plot_widget, 3)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.notes.setMinimumWidth(180)
        self.notes.setMaximumWidth(340)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.notes, 1)
        layout.addLayout(row, 1)

        self.image = pg.ImageItem()
        self.image.setZValue(-10)
        self.plot.addItem(self.image)
        self.plot.removeItem(self.grid)
        self.plot.setAspectLocked(True)
        self.bar = pg.ColorBarItem(values=(0, 1), colorMap=plot_colours.sequential_map(),
                                   interactive=False, width=12, label=_tr("log₁₀ loss"))
        self.bar.setImageItem(self.image, insert_in=self.plot)
        self.contours: list[pg.IsocurveItem] = []
        self.path_item = pg.PlotDataItem(pen=pg.mkPen("#ffffff", width=2),
                                         symbol="o", symbolSize=5,
                                         symbolBrush=pg.mkBrush("#ffffff"),
                                         symbolPen=pg.mkPen("#222222"))
        self.path_item.setZValue(20)
        self.start_item = pg.ScatterPlotItem(size=9, symbol="s", brush=pg.mkBrush("#f59322"),
                                             pen=pg.mkPen("#222222"))
        self.start_item.setZValue(21)
        self.centre_item = pg.ScatterPlotItem(size=14, symbol="x", brush=pg.mkBrush("#ffffff"),
                                              pen=pg.mkPen("#222222", width=1))
        self.centre_item.setZValue(22)
        for item in (self.path_item, self.start_item, self.centre_item):
            self.plot.addItem(item)

        self.jobs = LandscapeJobs(self)
        self.jobs.progressed.connect(self._on_progress)
        self.jobs.computed.connect(self._on_computed)
        self.jobs.failed.connect(self._on_failed)
        self.jobs.cancelled.connect(self._on_cancelled)
        #: The landscape on screen and its key (run number, epoch, resolution), or None.
        self.landscape = None
        self.shown_key: tuple | None = None
        self._run = None
        self._status = ""
        self._show_notes()
        self.set_message(self.tr("Train the network, then press Compute."))

    # ------------------------------------------------------------ interface
    def has_data(self) -> bool:
        return self.landscape is not None

    def begin(self, run) -> None:
        if self._run is not run:
            self.jobs.abandon()
            self._busy(False)
            self._clear()
        self._run = run

    def refresh(self, run, context) -> None:
        self._run = run
        if self.jobs.busy:
            return
        if self.landscape is None:
            if run is not None and run.info is not None:
                self._waiting()
            else:
                self.set_message(self.tr("Train the network, then press Compute."))
        self._show_notes()

    @property
    def resolution(self) -> int:
        return int(self.resolution_box.currentData())

    @property
    def span(self) -> float:
        return float(self.span_box.currentData())

    def current_key(self) -> tuple | None:
        """``(run number, epoch of the weights, resolution, range)``, or None without a
        prepared run."""
        run = self._run
        if run is None or run.info is None:
            return None
        return run.number, weights_moment(run), self.resolution, self.span

    def compute(self) -> None:
        """Compute (or take from the cache) the landscape at the run's latest weights."""
        run, key = self._run, self.current_key()
        if key is None:
            self._status = self.tr("There is no prepared run yet: press Train or Step "
                                   "first.")
            self._show_notes()
            return
        info = run.info
        path = run.weight_path.up_to(key[1]) if hasattr(run, "weight_path") else []
        prepared = info.prepared
        request = LandscapeRequest(
            key=key, experiment=info.experiment, weights=dict(run.weights), path=tuple(path),
            x=info.train_x, y=info.train_y,
            input_shape=prepared.train.sample_shape if prepared is not None else None,
            resolution=key[2], span=key[3], seed=int(info.experiment["training"]["seed"]))
        if self.jobs.start(request):       # from the cache: already drawn
            self._status = self.tr("Computed before for these weights (from the cache).")
            self._show_notes()
        else:                              # it runs in the background
            self._busy(True)
            if self.landscape is None:
                self.set_message(self.tr("Computing…"))
            self._status = self.tr("Computing the loss on {0} × {0} points around the "
                                   "weights of epoch {1}…").format(key[2], key[1])
            self._show_notes()

    def cancel(self) -> None:
        self.jobs.cancel()

    def shutdown(self) -> None:
        """Cancel a computation and wait for its thread (closing the window)."""
        self.jobs.shutdown()
        self._busy(False)

    # ------------------------------------------------------------ answers
    def _busy(self, busy: bool) -> None:
        self.progress_bar.setVisible(busy)
        self.progress_bar.setValue(0)
        self.cancel_button.setEnabled(busy)
        self.compute_button.setEnabled(not busy)

    def _on_progress(self, progress) -> None:
        self.progress_bar.setValue(int(round(progress.fraction * 1000)))

    def _on_computed(self, key, landscape) -> None:
        self._busy(False)
        self.landscape, self.shown_key = landscape, key
        self._draw(landscape)
        self._status = ""
        self._show_notes()

    def _waiting(self) -> None:
        """Nothing computed after all: the placeholder asks for Compute again."""
        if self.landscape is None:
            self.set_message(self.tr("Press Compute to draw the loss around the weights."))

    def _on_failed(self, message: str) -> None:
        self._busy(False)
        self._waiting()
        self._status = message
        self._show_notes()

    def _on_cancelled(self) -> None:
        self._busy(False)
        self._waiting()
        self._status = self.tr("Cancelled: no landscape was computed.")
        self._show_notes()

    # ------------------------------------------------------------ drawing
    def _clear(self) -> None:
        self.landscape, self.shown_key = None, None
        self.image.clear()
        for iso in self.contours:
            iso.setData(None)
        self.path_item.setData([], [])
        self.start_item.setData([], [])
        self.centre_item.setData([], [])
        self._status = ""

    def _draw(self, landscape) -> None:
        self.set_message("")
        alphas, betas = landscape.alphas, landscape.betas
        values = log_loss(landscape.losses)
        lo, hi = float(values.min()), float(values.max())
        if hi <= lo:
            hi = lo + 1e-6
        # ImageItem is column-major: image[x = α index, y = β index]
        self.image.setImage(values.T, levels=(lo, hi))
        step_a = (alphas[-1] - alphas[0]) / (len(alphas) - 1)
        step_b = (betas[-1] - betas[0]) / (len(betas) - 1)
        self.image.setRect(QRectF(alphas[0] - step_a / 2, betas[0] - step_b / 2,
                                  step_a * len(alphas), step_b * len(betas)))
        self.bar.setLevels((lo, hi))
        levels = np.linspace(lo, hi, CONTOURS + 2)[1:-1]
        while len(self.contours) < len(levels):
            iso = pg.IsocurveItem(pen=pg.mkPen(255, 255, 255, 110, width=1))
            iso.setParentItem(self.image)   # in the image's pixel coordinates
            self.contours.append(iso)
        for iso, level in zip(self.contours, levels):
            iso.setData(values.T, float(level))
        path = landscape.path
        if len(path):
            self.path_item.setData(path[:, 0], path[:, 1])
            self.start_item.setData([path[0, 0]], [path[0, 1]])
        else:
            self.path_item.setData([], [])
            self.start_item.setData([], [])
        self.centre_item.setData([0.0], [0.0])
        self.plot.setRange(xRange=(alphas[0] - step_a / 2, alphas[-1] + step_a / 2),
                           yRange=(betas[0] - step_b / 2, betas[-1] + step_b / 2), padding=0)

    def _show_notes(self) -> None:
        parts = []
        if self._status:
            parts.append(f"<p><b>{html.escape(self._status)}</b></p>")
        landscape, key, run = self.landscape, self.shown_key, self._run
        if landscape is not None and key is not None:
            finite = landscape.losses[np.isfinite(landscape.losses)]
            parts.append("<p>" + self.tr("Weights of epoch {0}; {1} × {1} points on {2} "
                                         "training samples.").format(
                key[1], key[2], landscape.samples) + "</p>")
            parts.append("<p>" + self.tr("Loss at the centre (the current weights): {0}"
                                         ).format(f"{landscape.center_loss:.4g}") + "<br>"
                         + self.tr("Lowest on the grid: {0}; highest: {1}").format(
                f"{finite.min():.4g}" if finite.size else "—",
                f"{finite.max():.4g}" if finite.size else "—") + "</p>")
            path = landscape.path
            if len(path) > 1:
                parts.append("<p>" + self.tr("The path ({0} points) lies within α from {1} to "
                                             "{2} and β from {3} to {4}.").format(
                    len(path), *(f"{v:.2g}" for v in (path[:, 0].min(), path[:, 0].max(),
                                                       path[:, 1].min(), path[:, 1].max())))
                    + "</p>")
            if run is not None and run.number == key[0] and run.info is not None \
                    and weights_moment(run) != key[1]:
                parts.append("<p>" + self.tr("The run has moved on to epoch {0}: press "
                                             "Compute for its weights.").format(
                    weights_moment(run)) + "</p>")
        parts.append("<p style='color:#555'>" + self.tr(
            "Each point is the loss with the weights moved by α·d₁ + β·d₂: two random "
            "directions, every filter (a neuron's row of weights, a convolution's filter) "
            "scaled to the size of the same filter in the current weights, biases and "
            "batch-norm parameters kept (Li et al., 2018). White cross: the current weights; "
            "orange square: where training started; line: one dot per epoch. The path is "
            "its shadow on this plane: its weights lie off the plane, so the colour under "
            "a dot is not the loss the run had there. Random directions are nearly at right "
            "angles to the path, so the shadow is short: choose Range ±0.05 to see it.")
            + "</p>")
        self.notes.setText("".join(parts))
