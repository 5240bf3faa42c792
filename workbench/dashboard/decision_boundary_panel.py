"""The decision boundary (or regression surface) behind the data, as in TensorFlow Playground.

For data with two input features the trainer evaluates the network on a grid covering
the data at every epoch end. Classification: each pixel takes the colour of the
predicted class, paler where the network is unsure. Regression: the prediction through a
colour map. The training points are drawn with a white rim, validation points with a
dark rim, coloured by their true class (or target value).

The network sees standardized inputs, but the plot is drawn in the data's own units (as
the data preview is): the points and the grid are mapped back through the run's
standardizer, ``x = x' · std + mean``, an affine map, so the grid stays a grid. With
crossed features (x1², sin x1, …) the plot is the (x1, x2) plane behind them, in data
units (:class:`core.data.feature_crosses.PlaneInputs`).

With more than two input features (tables, digits) the picture is a plane through the
input space, chosen in a row above the plot (:mod:`core.training.input_plane`): "First two
principal components" (the default; axes in standardized units, labelled with their
share of the variance, "PC 1 (42% var.)") or "Two features (others at their mean)" with
a combo box for each axis (in the feature's own units). The trainer draws its grid over
the plane it was asked for, in its thread, at each epoch end: a new choice goes to the
running session (:meth:`TrainingSession.request_plane`, through the view) and to the next
runs. Until an epoch drawn over it arrives, or for a run that no longer trains, the panel
computes the pictures itself from the run's latest host weights, once per epoch and plane
(:func:`maps_from_weights`); so it does for a paused run whose last epoch came without
neuron maps (the GUI's trainer sends them a few times a second). The network diagram
takes its neuron maps from :meth:`DecisionBoundaryPanel.plane_maps`, so both always show
the same plane.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel

from core.backend.devices import get_backend
from core.nn.output_head import OutputHead
from core.training.decision_grid import DecisionGrid, maps_from_weights
from core.training.input_plane import InputPlane, PlaneChoice
from workbench import plot_colours
from workbench.dashboard.plot_panel import PlotPanel
from workbench.training.run_records import RUNNING


def class_image(outputs: np.ndarray, k: int, head: OutputHead,
                discrete: bool = False) -> np.ndarray:
    """RGBA image ``(n, n, 4)`` uint8 of the network's ``outputs`` ``(n, n, outputs)`` on the
    grid: the predicted class's colour, faded to white by doubt (``discrete``: every pixel
    at full strength, one colour per class, as Playground's "Discretize output"). ``head``
    says how the outputs read as class probabilities (through the activation the loss
    fuses, or as they are)."""
    outputs = np.asarray(outputs, dtype=np.float64)
    probs = head.probabilities(outputs.reshape(-1, outputs.shape[-1]))
    probs = probs.reshape(outputs.shape[:-1] + probs.shape[-1:])
    k = max(k, probs.shape[-1])
    colours = np.array(plot_colours.class_colours(k), dtype=np.float64)[:probs.shape[-1]]
    winner = probs.argmax(axis=-1)
    confidence = probs.max(axis=-1)
    chance = 1.0 / probs.shape[-1]
    strength = np.clip((confidence - chance) / (1.0 - chance), 0.0, 1.0)[..., None]
    strength = 0.15 + 0.55 * strength  # never fully saturated: the points stay visible
    if discrete:
        strength = np.full_like(strength, 0.7)
    rgb = 255.0 * (1.0 - strength) + colours[winner] * strength
    rgba = np.empty(rgb.shape[:-1] + (4,), dtype=np.ubyte)
    rgba[..., :3] = np.clip(rgb, 0, 255).astype(np.ubyte)
    rgba[..., 3] = 255
    return rgba


def regression_bands(values: np.ndarray, levels: tuple, bands: int = 8) -> np.ndarray:
    """``values`` snapped to the centres of ``bands`` equal steps of ``levels`` (the
    regression surface's "Discretize output": contour bands instead of a smooth ramp)."""
    lo, hi = levels
    step = (hi - lo) / bands
    index = np.clip(np.floor((np.asarray(values, dtype=np.float64) - lo) / step), 0, bands - 1)
    return lo + (index + 0.5) * step


def data_units(info, columns=(0, 1)) -> tuple[np.ndarray, np.ndarray]:
    """``(std, mean)`` of the features ``columns``, mapping standardized inputs to data
    units (ones and zeros when the run does not standardize, or standardizes per image
    channel)."""
    standardizer = info.prepared.standardizer if info.prepared is not None else None
    columns = list(columns)
    if standardizer is None or np.size(standardizer.std) <= max(columns):
        return np.ones(2), np.zeros(2)
    return (np.asarray(standardizer.std, dtype=np.float64).ravel()[columns],
            np.asarray(standardizer.mean, dtype=np.float64).ravel()[columns])


def _tr(text: str) -> str:
    return QCoreApplication.translate("DecisionBoundaryPanel", text)


class DecisionBoundaryPanel(PlotPanel):
    """The model's output over the input plane, with the training and validation points."""

    key = "decision_boundary"
    #: The person chose another plane (a :class:`PlaneChoice`).
    plane_chosen = Signal(object)

    def __init__(self, parent=None):
        super().__init__(_tr("Decision boundary"), "x₁", "x₂",
                         _tr("The network's prediction at every point of the input plane (with "
                             "more than two features: of the plane chosen above the plot): the "
                             "colour of the predicted class, paler where the "
                             "network is unsure (regression: the predicted value). Points: "
                             "training samples (white rim) and validation samples (dark rim) "
                             "in the colour of their true class."), parent=parent)
        self.image = pg.ImageItem()
        self.image.setZValue(-10)
        self.plot.addItem(self.image)
        self.rect = QRectF(0, 0, 1, 1)
        self.train_points = pg.ScatterPlotItem(size=6, pen=pg.mkPen("w", width=1))
        self.val_points = pg.ScatterPlotItem(size=6, pen=pg.mkPen("#222222", width=1.2))
        self.plot.addItem(self.train_points)
        self.plot.addItem(self.val_points)
        self.legend_items: list = []
        self._legend_labels: list = []
        self.colour_bar = None
        self.enabled = False
        self._grid = None
        self._key = None
        self.task = "classification"
        self.k = 2
        self.head: OutputHead | None = None
        self.levels = (0.0, 1.0)
        self.scale, self.shift = np.ones(2), np.zeros(2)   # standardized → data units
        self.neuron: tuple | None = None   # (column, unit) shown large, or None
        self._run = None
        self._wide = False                 # a plane through more than two inputs
        self._last_maps = None             # (run, plane, maps, units) last seen
        self.weights_text = ""
        # Playground's two toggles under its output plot
        self.validation_check = QCheckBox(self.tr("Validation points"))
        self.validation_check.setObjectName("boundary_validation_check")
        self.validation_check.setChecked(True)
        self.validation_check.setToolTip(self.tr("show the validation samples (dark rim), "
                                                 "which the network never trains on"))
        self.validation_check.toggled.connect(self.val_points.setVisible)
        self.discrete_check = QCheckBox(self.tr("Discretize"))
        self.discrete_check.setObjectName("boundary_discrete_check")
        self.discrete_check.setToolTip(self.tr("colour each point by the predicted class "
                                               "only, without fading where the network is "
                                               "unsure (regression: bands of equal width)"))
        self.discrete_check.toggled.connect(self._redraw)
        self.add_header_widget("", self.validation_check)
        self.add_header_widget("", self.discrete_check)
        # the plane through more than two inputs
        self.choice: PlaneChoice | None = None
        self._info = None
        self._planes: dict = {}        # PlaneChoice → (InputPlane, DecisionGrid) of the run
        self._pictures: dict = {}      # (run, epoch, PlaneChoice) → (grid, maps, units)
        self._feature_names: tuple = ()
        self.plane_row = QHBoxLayout()
        self.plane_row.setContentsMargins(4, 0, 4, 0)
        self.plane_label = QLabel(self.tr("Plane:"))
        self.plane_combo = QComboBox()
        self.plane_combo.setObjectName("boundary_plane_combo")
        self.plane_combo.addItem(self.tr("First two principal components"), "pca")
        self.plane_combo.addItem(self.tr("Two features (others at their mean)"), "features")
        self.plane_combo.setToolTip(self.tr(
            "The data has more than two features: the picture is a plane through the input "
            "space, either the first two principal components of the training data or two "
            "features with every other feature held at its mean"))
        self.plane_label.setBuddy(self.plane_combo)
        self.feature_a = QComboBox()
        self.feature_a.setObjectName("boundary_feature_a")
        self.feature_b = QComboBox()
        self.feature_b.setObjectName("boundary_feature_b")
        self.cross_label = QLabel("×")
        for combo, length in ((self.plane_combo, 14), (self.feature_a, 7),
                              (self.feature_b, 7)):   # long texts are elided, not widening
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(length)
            combo.currentIndexChanged.connect(self._choice_edited)
        self.feature_a.setToolTip(self.tr("The feature along the horizontal axis"))
        self.feature_b.setToolTip(self.tr("The feature along the vertical axis"))
        for widget in (self.plane_label, self.plane_combo, self.feature_a, self.cross_label,
                       self.feature_b):
            self.plane_row.addWidget(widget)
        self.plane_row.addStretch(1)
        self.layout().insertLayout(1, self.plane_row)
        self._show_plane_row(False)

    def has_data(self) -> bool:
        return self.enabled and self.image.image is not None and len(self.train_points.data) > 0

    def begin(self, run) -> None:
        info = run.info
        self._key = None
        self._grid = None
        self._planes, self._pictures, self._last_maps = {}, {}, None
        self._info = info
        if info is None:
            return
        plane = getattr(info.prepared, "plane", None)  # crossed features: draw (x1, x2)
        wide = plane is None and info.plane is not None
        self._wide = wide
        self.enabled = info.grid is not None and (plane is not None or wide
                                                  or info.train_x.shape[1] == 2)
        self.show_legend(self.enabled)
        self._show_plane_row(self.enabled and wide)
        if not self.enabled:
            self.image.clear()
            self.train_points.clear()
            self.val_points.clear()
            self.set_message(self.tr("The decision boundary needs 2 input features;\nthis "
                                     "data has {}.").format(info.train_x.shape[1]))
            return
        self.set_message("")
        if wide:
            self._offer_features(info)
        else:
            self.choice = None
        self._lay_out(run)

    def _offer_features(self, info) -> None:
        """Fill the feature combos for this run's data; keep the chosen plane when the
        features are the same as the last run's (then ask this run for it too)."""
        names = tuple(info.feature_names) or tuple(f"x{j + 1}" for j in
                                                  range(info.train_x.shape[1]))
        same = names == self._feature_names and self.choice is not None
        if not same:
            self._feature_names = names
            for combo in (self.feature_a, self.feature_b):
                combo.blockSignals(True)
                combo.clear()
                combo.addItems(list(names))
                combo.blockSignals(False)
            self.choice = info.plane
        self._show_choice(self.choice)
        self.plane_chosen.emit(self.choice)   # this run's (and the next runs') plane

    def _show_choice(self, choice: PlaneChoice) -> None:
        """Set the combos to ``choice`` without reporting it as an edit."""
        widgets = (self.plane_combo, self.feature_a, self.feature_b)
        for combo in widgets:
            combo.blockSignals(True)
        self.plane_combo.setCurrentIndex(0 if choice.kind == "pca" else 1)
        self.feature_a.setCurrentIndex(choice.a)
        self.feature_b.setCurrentIndex(choice.b)
        for combo in widgets:
            combo.blockSignals(False)
        features = choice.kind == "features"
        for widget in (self.feature_a, self.cross_label, self.feature_b):
            widget.setVisible(features and self.plane_combo.isVisible())

    def _show_plane_row(self, shown: bool) -> None:
        for widget in (self.plane_label, self.plane_combo, self.feature_a, self.cross_label,
                       self.feature_b):
            widget.setVisible(shown)
        if shown and self.choice is not None:
            self._show_choice(self.choice)

    def _choice_edited(self, _index: int) -> None:
        """The person changed a combo: the new plane, drawn now and asked of the run."""
        if self._info is None or not self.plane_combo.isVisible():
            return
        kind = self.plane_combo.currentData()
        a, b = self.feature_a.currentIndex(), self.feature_b.currentIndex()
        if kind == "features" and a == b:   # the same feature twice: move the other axis
            other = self.feature_b if self.sender() is self.feature_a else self.feature_a
            other.blockSignals(True)
            other.setCurrentIndex((a + 1) % other.count())
            other.blockSignals(False)
            a, b = self.feature_a.currentIndex(), self.feature_b.currentIndex()
        choice = PlaneChoice("pca") if kind == "pca" else PlaneChoice("features", a, b)
        if choice == self.choice:
            return
        self.choice = choice
        self._show_choice(choice)
        self.plane_chosen.emit(choice)
        if self._run is not None:
            self._key = None
            self._lay_out(self._run)

    def _lay_out(self, run) -> None:
        """Axes, points, legend and the picture of ``run`` over the current plane."""
        info = run.info
        self._run = run
        plane = getattr(info.prepared, "plane", None)
        names = ("x₁", "x₂")
        if plane is not None:   # the points and the grid are in data units already
            self.scale, self.shift = np.ones(2), np.zeros(2)
            names, train_x, val_x = ("x1", "x2"), plane.train, plane.val
        elif self.choice is not None:
            input_plane, _grid = self._plane(self.choice)
            train_x, val_x = input_plane.project(info.train_x), input_plane.project(info.val_x)
            if self.choice.kind == "pca":
                self.scale, self.shift = np.ones(2), np.zeros(2)
                share = input_plane.explained
                names = (self.tr("PC 1 ({:.0%} var.)").format(share[0]),
                         self.tr("PC 2 ({:.0%} var.)").format(share[1]))
            else:
                self.scale, self.shift = data_units(info, (self.choice.a, self.choice.b))
                names = (self._feature_names[self.choice.a], self._feature_names[self.choice.b])
        else:
            self.scale, self.shift = data_units(info)
            names, train_x, val_x = info.feature_names or ("x₁", "x₂"), info.train_x, \
                info.val_x
        self.plot.setLabel("bottom", names[0])
        self.plot.setLabel("left", names[1] if len(names) > 1 else "x₂")
        self.task = info.task
        self.head = info.output_head
        self.k = max(len(info.class_names), info.n_outputs, 2)
        grid, _maps, _units = self.plane_maps(run, with_grid=True)
        if self.task == "classification":
            colours = plot_colours.class_colours(self.k)
            brushes = [pg.mkBrush(*c) for c in colours]   # shared: one symbol per class
            y_train = info.train_y.astype(np.int64)
            y_val = info.val_y.astype(np.int64)
            tx, vx = self._raw(train_x), self._raw(val_x)
            self.train_points.setData(tx[:, 0], tx[:, 1], brush=[brushes[c] for c in y_train])
            self.val_points.setData(vx[:, 0], vx[:, 1], brush=[brushes[c] for c in y_val])
            names = info.class_names or tuple(str(i) for i in range(self.k))
            entries = [(str(name), brushes[c]) for c, name in enumerate(names[:self.k])]
        else:
            y_train = info.train_y.reshape(len(info.train_y), -1)[:, 0]
            y_val = info.val_y.reshape(len(info.val_y), -1)[:, 0] if len(info.val_y) else \
                np.zeros(0)
            grid_values = grid[..., 0]
            lo = float(min(y_train.min(), grid_values.min()))
            hi = float(max(y_train.max(), grid_values.max()))
            self.levels = (lo, hi if hi > lo else lo + 1.0)
            cmap = plot_colours.sequential_map()
            tx, vx = self._raw(train_x), self._raw(val_x)
            self.train_points.setData(tx[:, 0], tx[:, 1],
                                      brush=[pg.mkBrush(c) for c in self._map(cmap, y_train)])
            self.val_points.setData(vx[:, 0], vx[:, 1],
                                    brush=[pg.mkBrush(c) for c in self._map(cmap, y_val)])
            self.image.setColorMap(cmap)
            entries = []
        self._set_legend(entries)
        x0, x1, y0, y1 = self._plane(self.choice)[1].extent if self.choice is not None \
            else info.grid_extent
        (x0, y0), (x1, y1) = self._raw(np.array([[x0, y0], [x1, y1]], dtype=np.float64))
        n = grid.shape[0]
        dx, dy = (x1 - x0) / max(n - 1, 1), (y1 - y0) / max(n - 1, 1)
        self.rect = QRectF(x0 - dx / 2, y0 - dy / 2, x1 - x0 + dx, y1 - y0 + dy)
        self._draw(grid)
        self.plot.setRange(self.rect, padding=0)
        if self.neuron is not None:
            self.show_neuron(run, *self.neuron)

    # ------------------------------------------------------------ the plane's pictures
    def _plane(self, choice: PlaneChoice):
        """``(InputPlane, DecisionGrid)`` of ``choice`` on this run's training rows (on the
        host, float64: only for pictures the trainer has not drawn)."""
        found = self._planes.get(choice)
        if found is None:
            info = self._info
            plane = InputPlane(choice, info.train_x)
            n = info.grid.shape[0]
            grid = DecisionGrid.over_plane(plane, info.train_x, n, get_backend("cpu", "float64"))
            found = self._planes[choice] = (plane, grid)
        return found

    def _host_grid(self) -> DecisionGrid:
        """The mesh of the current plane on the host (float64), for pictures the trainer
        did not send: over :attr:`choice`, else over the two inputs or the crossed plane."""
        if self.choice is not None and self._wide:
            return self._plane(self.choice)[1]
        found = self._planes.get(None)
        if found is None:
            info = self._info
            crossed = getattr(info.prepared, "plane", None)
            n, backend = info.grid.shape[0], get_backend("cpu", "float64")
            grid = DecisionGrid(crossed.train, n, backend, crossed.model_inputs) \
                if crossed is not None else DecisionGrid(info.train_x, n, backend)
            found = self._planes[None] = (None, grid)
        return found[1]

    def plane_maps(self, run, with_grid: bool = False):
        """``(grid, neuron_maps, neuron_units)`` of ``run``'s latest moment over the chosen
        plane: what the trainer sent when it drew this plane; while the run trains and its
        latest epoch came without maps (the trainer sends them a few times a second), the
        last ones it sent; otherwise (a new plane, a paused or finished run) computed here
        from the run's host weights, once per epoch and plane. ``with_grid`` is kept for
        the callers' reading; the grid is always returned."""
        info = run.info if run is not None else None
        if info is None:
            return None, (), ()
        source = run.latest if run.latest is not None and run.latest.grid is not None \
            else info
        maps, units = tuple(source.neuron_maps), tuple(getattr(source, "neuron_units", ()))
        if info is not self._info or not self.enabled:
            return source.grid, maps, units
        on_plane = not self._wide or getattr(source, "plane", None) == self.choice
        if self._wide and getattr(run, "moment", None) is not None:
            on_plane = False   # a timeline moment: drawn here from the snapshot's weights
        expected = bool(info.neuron_maps)     # False: the run was asked for no maps
        if on_plane and (maps or not expected):
            if maps:
                self._last_maps = (run.number, self.choice, maps, units)
            return source.grid, maps, units
        last = self._last_maps
        if on_plane and run.state == RUNNING and last is not None and \
                last[:2] == (run.number, self.choice):
            return source.grid, last[2], last[3]   # the boundary now, the maps of late
        key = (run.number, run.epoch, self.choice)
        pictures = self._pictures.get(key)
        if pictures is None:
            sample_shape = info.prepared.train.sample_shape if info.prepared is not None \
                else (info.train_x.shape[1],)
            pictures = maps_from_weights(info.layer_specs, sample_shape,
                                         run.weights or info.weights, self._host_grid())
            self._pictures = {key: pictures}   # the latest only: memory stays flat
            self._last_maps = (run.number, self.choice, pictures[1], pictures[2])
        if on_plane:   # the trainer's own boundary of this epoch, the maps drawn here
            return source.grid, pictures[1], pictures[2]
        return pictures

    def _raw(self, x: np.ndarray) -> np.ndarray:
        """Standardized 2-D inputs ``(n, 2)`` in the data's own units."""
        return np.asarray(x, dtype=np.float64)[:, :2] * self.scale + self.shift

    def _set_legend(self, classes) -> None:
        """Legend: one entry per class, then train/validation (rebuilt only on change)."""
        labels = [name for name, _brush in classes]
        if labels == self._legend_labels and self.legend_items:
            return
        for item in self.legend_items:
            self.legend.removeItem(item)
        self.legend_items = []
        for name, brush in classes:
            item = pg.ScatterPlotItem(size=8, brush=brush, pen=None)
            self.legend.addItem(item, name)
            self.legend_items.append(item)
        for points, label in ((self.train_points, self.tr("train")),
                              (self.val_points, self.tr("validation"))):
            sample = pg.ScatterPlotItem(size=8, brush=pg.mkBrush("#bbbbbb"),
                                        pen=points.opts["pen"])
            self.legend.addItem(sample, label)
            self.legend_items.append(sample)
        self._legend_labels = labels

    def _map(self, cmap, values):
        lo, hi = self.levels
        return cmap.map((np.asarray(values, dtype=np.float64) - lo) / (hi - lo), mode="qcolor")

    def _draw(self, grid: np.ndarray) -> None:
        self._grid = grid
        discrete = self.discrete_check.isChecked()
        if self.task == "classification":
            image = class_image(grid, self.k, self.head, discrete)
            self.image.setImage(image.transpose(1, 0, 2), autoLevels=False)
        else:
            values = grid[..., 0]
            if discrete:
                values = regression_bands(values, self.levels)
            self.image.setImage(values.T, levels=self.levels)
        self.image.setRect(self.rect)

    def _redraw(self) -> None:
        if self._grid is not None:
            self._draw(self._grid)

    def show_neuron(self, run, column: int, row: int) -> None:
        """Show neuron ``row`` of diagram column ``column`` large: its map over the plane,
        and its bias and incoming weights in the title (the network diagram's hover);
        ``column < 1`` returns to the network's output."""
        from workbench.dashboard.network_columns import column_caption, layout_columns
        from workbench.dashboard.network_diagram_panel import map_image
        self.neuron = None
        info = run.info if run is not None else None
        maps, units = (), ()
        if info is not None and self.enabled:
            _grid, maps, units = self.plane_maps(run)
        position = None
        if 1 <= column <= len(maps):
            shown = units[column - 1] if column - 1 < len(units) else \
                np.arange(maps[column - 1].shape[-1])
            where = np.flatnonzero(np.asarray(shown) == row)
            position = int(where[0]) if where.size else None
        if not self.enabled or self._grid is None or position is None:
            self.title, self.neuron = _tr("Decision boundary"), None
            self.plot.setToolTip("")
            self._fit_title()
            self._redraw()
            return
        layer_maps = np.asarray(maps[column - 1])
        values = layer_maps[..., position]
        self.image.setImage(map_image(values).transpose(1, 0, 2), autoLevels=False)
        n, m = self._grid.shape[0], values.shape[0]
        stride = (n - 1) // max(m - 1, 1) if m > 1 else 1
        cell_w = self.rect.width() / n * stride
        cell_h = self.rect.height() / n * stride
        self.image.setRect(QRectF(self.rect.left() + self.rect.width() / n / 2 - cell_w / 2,
                                  self.rect.top() + self.rect.height() / n / 2 - cell_h / 2,
                                  cell_w * m, cell_h * m))
        columns = layout_columns(info.layer_specs, info.train_x.shape[1])
        col = columns[column]
        weights = run.weights or info.weights
        w = np.asarray(weights[col["weight"]])[row]
        b = float(np.asarray(weights[col["bias"]])[row])
        sources = list(info.feature_names) if column == 1 else \
            [f"n{j + 1}" for j in range(len(w))]
        parts = [f"{name} {value:+.2f}" for name, value in zip(sources, w)]
        shown = parts[:6] + ([self.tr("… {} more").format(len(parts) - 6)]
                             if len(parts) > 6 else [])
        self.neuron = (column, row)
        self.title = self.tr("{}, neuron {}: bias {}").format(
            column_caption(col['title']), row + 1, f"{b:+.2f}")
        self.plot.setToolTip(self.title + "\n" + self.tr("incoming weights: {}").format(
            ", ".join(parts)))
        self._set_title(self.title)
        self._fit_title()
        self.weights_text = self.tr("weights {}").format(", ".join(shown))

    def refresh(self, run, context) -> None:
        if not self.enabled or run.latest is None or run.latest.grid is None:
            return
        key = (run.number, run.latest.epoch, self.choice)
        if key == self._key:
            return
        self._key = key
        grid, _maps, _units = self.plane_maps(run, with_grid=True)
        self._grid = grid
        if self.neuron is not None:
            self.show_neuron(run, *self.neuron)
            return
        self._draw(grid)

    def export_item(self):
        return self.plot
