"""The network diagram: neurons as circles, connections coloured by sign, width by |w|.

Each layer with diagram weights (a dense layer: its class's ``diagram_weights``) is a
column of neurons, titled above; the activation and regularization layers that follow it
are named under the column, one per line. Captions are fitted to the room between columns
(a smaller font, then elided with the full text in the tooltip) and the vertical range
leaves them room, so neighbouring captions never overlap. A connection is blue for a
positive weight and orange for a negative one, thicker and more opaque the larger ``|w|``
(as in TensorFlow Playground); neuron fill shows the bias the same way. Big layers are
capped: at most :data:`MAX_NEURONS` neurons per column and :data:`MAX_CONNECTIONS`
connections per layer (the strongest) are drawn, and the column title says so. With
neuron maps, a column shows its most active neurons (the largest mean |output| over the
decision boundary's plane, chosen by the trainer with the maps) and says so under its
title ("16 most active of 64"); hovering names the unit (the boundary panel's title).

Connections are drawn by a fixed set of line items (sign × width class) updated with
``setData``, so redrawing after every epoch creates nothing new.

Neuron maps (2-D data, as in Playground): every drawn neuron of a dense column carries a
thumbnail of its output over the input plane (the decision boundary's grid, from the
same forward pass, :meth:`core.training.decision_grid.DecisionGrid.outputs_and_maps`),
blue where it is positive and orange where negative, each on its own scale; its bias shows
as a small dot at the thumbnail's corner. Hovering a neuron emits :attr:`neuron_hovered`
(the view shows that neuron's map large in the decision boundary panel).
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QGraphicsItem

from workbench import plot_colours
from workbench.dashboard.network_columns import (
    MAX_NEURONS,
    column_caption,
    frozen_columns,
    layout_columns,
    neuron_y,
    shown_rows,
    strongest_connections,
)
from workbench.dashboard.plot_panel import PlotPanel
from workbench.i18n import core_texts
from workbench.training.run_records import RUNNING

WIDTHS = (0.6, 1.2, 2.2, 3.5)       # pixel width of the four |w| classes
ALPHAS = (70, 120, 180, 235)
BIAS_LEVELS = 8                      # shades of a neuron's bias
CAPTION_POINTS = (9, 8, 7)           # font sizes tried for a caption, largest first
CAPTION_GAP_PX = 8                   # free pixels between captions of neighbouring columns
NEURON_PX = 14                       # the neurons' symbol size
MAP_MAX_PX = 40                      # a neuron map's largest side in pixels
BIAS_DOT_PX = 6                      # the bias dot on a neuron map
#: While a run trains, the neuron maps are redrawn at most this often (the diagram's
#: weights every frame): new thumbnails in every frame cost the training of the default
#: spiral ~25 % of its throughput, twice a second ~10 % less than that
#: (``benchmarks/gui_latency.py --maps``), and twice a second is still a live picture.
MAP_REFRESH_S = 0.5


#: Shades per sign of a neuron map (through a lookup table: a column's maps cost a few
#: array calls; 256 makes ±½ exact).
MAP_LEVELS = 256
_map_lut: list = []


def map_colours() -> np.ndarray:
    """RGBA ``(2·MAP_LEVELS + 1, 4)`` uint8: entry ``j`` is the colour of the value
    ``(j − MAP_LEVELS) / MAP_LEVELS``, from full orange through white to full blue."""
    if not _map_lut:
        j = np.arange(-MAP_LEVELS, MAP_LEVELS + 1)
        strength = (np.abs(j) / MAP_LEVELS)[:, None]
        positive = np.array(pg.mkColor(plot_colours.POSITIVE).getRgb()[:3], dtype=np.float64)
        negative = np.array(pg.mkColor(plot_colours.NEGATIVE).getRgb()[:3], dtype=np.float64)
        colour = np.where(j[:, None] >= 0, positive, negative)
        lut = np.empty((len(j), 4), dtype=np.ubyte)
        lut[:, :3] = np.clip(255.0 * (1 - strength) + colour * strength, 0, 255)
        lut[:, 3] = 255
        _map_lut.append(lut)
    return _map_lut[0]


def map_images(values: np.ndarray) -> np.ndarray:
    """RGBA ``(k, m, m, 4)`` uint8 of ``k`` neuron maps ``(m, m, k)`` (row = input 2): blue
    for positive, orange for negative, white at 0, full colour at each map's largest
    ``|value|`` (each neuron on its own scale, so a weak one still shows its shape), in
    :data:`MAP_LEVELS` shades per sign."""
    values = np.asarray(values, dtype=np.float32)
    scale = np.abs(values).max(axis=(0, 1)) if values.size else np.zeros(values.shape[-1])
    scale = np.where(scale > 0, scale, 1.0).astype(np.float32)
    index = np.rint(values * (MAP_LEVELS / scale))
    np.clip(index, -MAP_LEVELS, MAP_LEVELS, out=index)
    return map_colours()[np.moveaxis(index.astype(np.intp) + MAP_LEVELS, -1, 0)]


def map_image(values: np.ndarray) -> np.ndarray:
    """RGBA ``(m, m, 4)`` uint8 of one neuron's map ``(m, m)`` (see :func:`map_images`)."""
    return map_images(np.asarray(values)[..., None])[0]


def column_atlas(maps: np.ndarray, height: float) -> np.ndarray:
    """One image ``[x, y, RGBA]`` with a column's ``k`` maps ``(m, m, k)`` stacked from the
    top (map 0) down, one plot unit apart, each ``height`` units tall, transparent between
    them: a column of thumbnails is one image item to update and paint instead of ``k``.
    Map ``i``'s pixels are ``[:, y0:y0+m]`` with ``y0`` = :func:`atlas_row` ``(i, k, m,
    height)``."""
    m, k = maps.shape[0], maps.shape[-1]
    atlas = np.zeros((m, atlas_row(0, k, m, height) + m, 4), dtype=np.ubyte)
    for i, image in enumerate(map_images(maps)):
        y0 = atlas_row(i, k, m, height)
        atlas[:, y0:y0 + m] = image.transpose(1, 0, 2)
    return atlas


def atlas_row(i: int, k: int, m: int, height: float) -> int:
    """First pixel row (from the bottom) of map ``i`` of ``k`` in :func:`column_atlas`."""
    return int(round((k - 1 - i) * m / height))


def _tr(text: str) -> str:
    return QCoreApplication.translate("NetworkPanel", text)


class NetworkPanel(PlotPanel):
    """The network as neurons and weighted connections, redrawn at every epoch end."""

    key = "network"
    #: ``(column, row)`` of the neuron under the mouse; ``(-1, -1)`` when it leaves.
    neuron_hovered = Signal(int, int)

    def __init__(self, parent=None):
        super().__init__(_tr("Network"), "", "",
                         _tr("The network: input features on the left, one column of neurons "
                             "per dense layer (the layers after it, e.g. ReLU, are named "
                             "underneath). Connections are blue for positive and orange for "
                             "negative weights, thicker for larger |w|; a neuron's fill shows "
                             "its bias. A large layer shows its 16 most active neurons "
                             "(largest mean |output| over the decision boundary's plane; "
                             "without neuron maps its first 16) and strongest connections "
                             "only."),
                         legend=False, parent=parent)
        for axis in ("left", "bottom"):
            self.plot.hideAxis(axis)
        self.plot.removeItem(self.grid)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.lines: dict[tuple[int, int], pg.PlotCurveItem] = {}
        for sign, colour in ((1, plot_colours.POSITIVE), (-1, plot_colours.NEGATIVE)):
            for k, (width, alpha) in enumerate(zip(WIDTHS, ALPHAS)):
                c = pg.mkColor(colour)
                c.setAlpha(alpha)
                item = pg.PlotCurveItem(pen=pg.mkPen(c, width=width), connect="pairs")
                item.setZValue(k)
                self.plot.addItem(item)
                self.lines[(sign, k)] = item
        self.neurons = pg.ScatterPlotItem(size=14, pen=pg.mkPen("#555555", width=1))
        self.neurons.setZValue(20)
        self.plot.addItem(self.neurons)
        self.thumbs: list[pg.ImageItem] = []   # reused neuron-map images
        self.maps: tuple = ()                  # the maps drawn now, per column after input
        self.units: tuple = ()                 # which neurons those maps are, per column
        #: ``run → (grid, maps, units)`` over the plane chosen in the boundary panel (the
        #: view sets it); None: the run's own latest maps.
        self.maps_source = None
        self._maps_at = -1e9                   # when the maps last changed (monotonic s)
        self._images_of: tuple = ()            # the maps the thumbnails show
        self.frames = pg.PlotCurveItem(pen=pg.mkPen("#9a9a9a", width=1), connect="pairs")
        self.frames.setZValue(16)
        self.plot.addItem(self.frames)
        self._frames_at: list = []
        self.hovered = (-1, -1)
        self._map_size = (0.8, 0.8)            # a map's width and height in plot units
        self._positions: list[tuple] = []      # (column, row) of each drawn neuron
        #: per column: (out rows, in rows) of its drawn connections (hit-testing edges)
        self.edges: dict[int, tuple] = {}            # column -> (out units, in units)
        self.edge_positions: dict[int, tuple] = {}   # column -> their places in the columns
        self.plot.scene().sigMouseMoved.connect(self._mouse_moved)
        self.labels: list[pg.TextItem] = []
        self.captions: list[tuple] = []     # (TextItem, column, "title"/"notes", full text)
        self.columns: list[dict] = []
        self.drawn_connections = 0
        self._brushes: dict = {}
        self._key = None
        self.shown_weights: dict = {}
        self.plot.vb.sigResized.connect(self.fit_captions)

    def has_data(self) -> bool:
        return len(self.neurons.data) > 0 and self.drawn_connections > 0

    def begin(self, run) -> None:
        self._key = None
        self.maps, self._images_of, self._maps_at = (), (), -1e9
        for thumb in self.thumbs:
            thumb.hide()
        self.frames.setData([], [])
        self._frames_at = []
        self.neurons.clear()
        for item in self.lines.values():
            item.setData([], [])
        self.drawn_connections = 0
        info = run.info
        if info is None:
            return
        columns = layout_columns(info.layer_specs, info.prepared.train.sample_shape
                                 if info.prepared is not None else info.train_x.shape[1])
        for column, frozen in zip(columns[1:], frozen_columns(run, columns)):
            column["frozen"] = frozen
        self.maps, self.units = self._maps_of(run)
        if columns == self.columns and self.labels:   # same network: keep the labels
            self._draw(run.weights)
            return
        for label in self.labels:
            self.plot.removeItem(label)
        self.labels = []
        self.captions = []
        self.columns = columns
        for c, column in enumerate(self.columns):
            shown = len(shown_rows(column["width"]))
            title = column_caption(column["title"])
            if shown < column["width"] and 1 <= c <= len(self.units):
                title += "\n" + self.tr("{} most active of {}").format(shown, column["width"])
            elif shown < column["width"]:
                title += "\n" + self.tr("({} shown)").format(shown)
            if column.get("frozen"):
                title += "\n" + self.tr("frozen")
            label = pg.TextItem(title, color=plot_colours.TEXT, anchor=(0.5, 1))
            self.plot.addItem(label)
            self.labels.append(label)
            self.captions.append((label, c, "title", title))
            if column["notes"]:
                text = "\n".join(core_texts.translated(core_texts.REGISTRY, note)
                                  for note in column["notes"])
                note = pg.TextItem(text, color="#666666", anchor=(0.5, 0))
                self.plot.addItem(note)
                self.labels.append(note)
                self.captions.append((note, c, "notes", text))
        self.fit_captions()
        self._draw(run.weights)

    def fit_captions(self, *_args) -> None:
        """Size the captions to the room between columns and the range to the captions."""
        if not self.columns or not getattr(self, "captions", None):
            return
        vb = self.plot.vb
        width, height = max(vb.width(), 1.0), max(vb.height(), 1.0)
        n = len(self.columns)
        room = width / n - CAPTION_GAP_PX          # pixels per column (x range is n units)
        heights = {"title": 0.0, "notes": 0.0}
        for label, _c, kind, text in self.captions:
            lines = text.split("\n")
            for points in CAPTION_POINTS:
                font = QFont(label.textItem.font())
                font.setPointSizeF(points)
                metrics = QFontMetricsF(font)
                if max(metrics.horizontalAdvance(line) for line in lines) <= room:
                    break
            else:
                lines = [metrics.elidedText(line, Qt.TextElideMode.ElideRight, max(room, 8.0))
                         for line in lines]
            label.setFont(font)
            label.setText("\n".join(lines), color=label.color)
            label.setToolTip(text.replace("\n", " · ") if "\n".join(lines) != text else "")
            heights[kind] = max(heights[kind], label.textItem.boundingRect().height())
        tallest = max(len(shown_rows(col["width"])) for col in self.columns)
        span = max(tallest - 1, 1)
        pad = NEURON_PX / 2 + 3
        free = height - heights["title"] - heights["notes"] - 2 * pad - 4
        per_unit = max(free / span, 4.0)           # pixels per neuron step
        half = (tallest - 1) / 2
        top = half + (pad + heights["title"]) / per_unit
        bottom = -half - (pad + heights["notes"]) / per_unit
        side = min(0.9 * per_unit, MAP_MAX_PX, 0.8 * width / n)   # a map's side in pixels
        self._map_size = (side / (width / n), side / per_unit)
        for label, c, kind, _text in self.captions:
            rows = len(shown_rows(self.columns[c]["width"]))
            edge = (rows - 1) / 2 + max(pad, side / 2 + 2) / per_unit
            label.setPos(c, edge if kind == "title" else -edge)
        vb.blockSignals(True)
        try:
            self.plot.setRange(xRange=(-0.5, n - 0.5), yRange=(bottom, top), padding=0)
        finally:
            vb.blockSignals(False)
        vb.update()
        self._draw_maps()

    def caption_rects(self) -> list:
        """Scene rectangles of the visible captions (tests check they never overlap)."""
        return [label.mapRectToScene(label.boundingRect()) for label, *_ in self.captions]

    def refresh(self, run, context) -> None:
        if not self.columns or not run.weights:
            return
        if frozen_columns(run, self.columns) != [c.get("frozen", False)
                                                 for c in self.columns[1:]]:
            self.begin(run)     # a layer was (un)frozen: its caption says so
        maps, units = self._maps_of(run)
        running = run.state == RUNNING
        # a hand edit redraws too
        key = (run.number, run.epoch, run.edits, id(maps[0]) if maps else None, running)
        if key == self._key:
            return
        self._key = key
        now = time.monotonic()
        if maps and (not running or now - self._maps_at >= MAP_REFRESH_S):
            self.maps, self.units = maps, units
            self._maps_at = now
        self._draw(run.weights)

    def _maps_of(self, run) -> tuple[tuple, tuple]:
        """``(maps, units)`` of ``run``'s latest moment (over the boundary panel's plane)."""
        if self.maps_source is not None:
            _grid, maps, units = self.maps_source(run)
            return tuple(maps), tuple(units)
        source = run.latest if run.latest is not None and run.latest.neuron_maps else run.info
        return tuple(source.neuron_maps), tuple(getattr(source, "neuron_units", ()))

    def rows(self, c: int) -> np.ndarray:
        """The neurons drawn in column ``c``: the units its maps show (the most active of
        a large layer), else the first :data:`MAX_NEURONS`."""
        width = self.columns[c]["width"]
        if 1 <= c <= len(self.units) and len(self.units[c - 1]) == min(width, MAX_NEURONS):
            return np.asarray(self.units[c - 1], dtype=np.int64)
        return shown_rows(width)

    def _brush(self, sign: int, level: int):
        """A shared brush per (sign, level): few distinct symbols to render."""
        key = (sign, level)
        brush = self._brushes.get(key)
        if brush is None:
            if sign == 0:
                brush = pg.mkBrush("#eeeeee")
            else:
                colour = pg.mkColor(plot_colours.POSITIVE if sign > 0 else plot_colours.NEGATIVE)
                colour.setAlpha(int(40 + 200 * level / BIAS_LEVELS))
                brush = pg.mkBrush(colour)
            self._brushes[key] = brush
        return brush

    def _draw(self, weights: dict) -> None:
        self.shown_weights = weights   # what the diagram draws (tests, time travel)
        xs, ys, brushes = [], [], []
        segments = {key: ([], []) for key in self.lines}
        scale = max((float(np.max(np.abs(weights[col["weight"]])))
                     for col in self.columns[1:] if col["weight"] in weights),
                    default=1.0) or 1.0
        drawn = 0
        self.edges, self.edge_positions = {}, {}
        for c, column in enumerate(self.columns):
            rows = self.rows(c)
            y = neuron_y(len(rows))
            bias = weights.get(column["bias"]) if column["bias"] is not None else None
            bias_scale = float(np.max(np.abs(bias))) if bias is not None and bias.size else 0.0
            for r, yy in zip(rows, y):
                xs.append(c)
                ys.append(yy)
                if bias is None or bias_scale == 0:
                    brushes.append(self._brush(0, 0))
                else:
                    b = float(bias[r]) / bias_scale
                    brushes.append(self._brush(1 if b >= 0 else -1,
                                               int(round(min(abs(b), 1.0) * BIAS_LEVELS))))
            if c == 0 or column["weight"] not in weights:
                continue
            prev_rows = self.rows(c - 1)
            prev_y = neuron_y(len(prev_rows))
            w = weights[column["weight"]]
            out_i, in_i, values = strongest_connections(w, rows, prev_rows)
            self.edges[c] = (rows[out_i], prev_rows[in_i])      # units
            self.edge_positions[c] = (out_i, in_i)               # places in the columns
            drawn += len(values)
            strength = np.abs(values) / scale
            width_class = np.minimum((strength * len(WIDTHS)).astype(np.int64), len(WIDTHS) - 1)
            for sign in (1, -1):
                for k in range(len(WIDTHS)):
                    sel = ((values >= 0) == (sign > 0)) & (width_class == k)
                    if not sel.any():
                        continue
                    sx, sy = segments[(sign, k)]
                    n = int(sel.sum())
                    px = np.empty(2 * n)
                    py = np.empty(2 * n)
                    px[0::2], px[1::2] = c - 1, c
                    py[0::2], py[1::2] = prev_y[in_i[sel]], y[out_i[sel]]
                    sx.append(px)
                    sy.append(py)
        for key, item in self.lines.items():
            sx, sy = segments[key]
            if sx:
                item.setData(np.concatenate(sx), np.concatenate(sy))
            else:
                item.setData([], [])
        self.drawn_connections = drawn
        mapped = {c for c in range(1, len(self.columns)) if c - 1 < len(self.maps)}
        self._positions = [(c, int(r)) for c, column in enumerate(self.columns)
                           for r in self.rows(c)]
        w, h = self._map_size
        # a mapped neuron's circle shrinks to a bias dot at its map's lower left corner
        sizes = [BIAS_DOT_PX if c in mapped else NEURON_PX for c, _r in self._positions]
        xs = [x - w / 2 if c in mapped else x for x, (c, _r) in zip(xs, self._positions)]
        ys = [y - h / 2 if c in mapped else y for y, (c, _r) in zip(ys, self._positions)]
        self.neurons.setData(xs, ys, brush=brushes, size=sizes)
        self._draw_maps()

    def _draw_maps(self) -> None:
        """One image per column with maps, its thumbnails stacked (:func:`column_atlas`),
        rebuilt only when the maps or their size changed."""
        fresh = len(self.maps) != len(self._images_of) or any(
            a is not b for a, b in zip(self.maps, self._images_of))
        self._images_of = self.maps
        used, frames = 0, []
        w, h = self._map_size
        for c in range(1, len(self.columns)):
            if c - 1 >= len(self.maps):
                continue
            maps = np.asarray(self.maps[c - 1])
            ys = neuron_y(len(self.rows(c)))[:maps.shape[-1]]
            k = len(ys)
            if k == 0:
                continue
            if used == len(self.thumbs):
                thumb = pg.ImageItem()
                thumb.setZValue(15)
                # painted from a cached pixmap while unchanged: the edges under it
                # change every frame, the maps only a few times a second
                thumb.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
                thumb.placed = thumb.shape_of = None
                self.plot.addItem(thumb)
                self.thumbs.append(thumb)
            thumb = self.thumbs[used]
            used += 1
            shape = (maps.shape, round(h, 6))
            if fresh or thumb.shape_of != shape or thumb.image is None:
                thumb.setImage(column_atlas(maps[..., :k], h), autoLevels=False)
                thumb.shape_of = shape
            rect = (c - w / 2, ys[-1] - h / 2, w, ys[0] - ys[-1] + h)
            if rect != thumb.placed:
                thumb.setRect(QRectF(*rect))
                thumb.placed = rect
            thumb.show()
            frames.extend((c - w / 2, y - h / 2, w, h) for y in ys)
        for thumb in self.thumbs[used:]:
            thumb.hide()
        if frames != self._frames_at:   # crisp 1-pixel frames, one item for them all
            self._frames_at = frames
            px, py = [], []
            for x0, y0, fw, fh in frames:
                x1, y1 = x0 + fw, y0 + fh
                px += [x0, x1, x1, x1, x1, x0, x0, x0]
                py += [y0, y0, y0, y1, y1, y1, y1, y0]
            self.frames.setData(px, py)

    def drawn_maps(self) -> list:
        """``(column, unit, RGBA [x, y])`` of every thumbnail drawn, top to bottom, column
        by column (cut from the column images; tests compare them with the maps)."""
        drawn, used = [], 0
        for c in range(1, len(self.columns)):
            if c - 1 >= len(self.maps) or used >= len(self.thumbs):
                continue
            maps = np.asarray(self.maps[c - 1])
            rows = self.rows(c)[:maps.shape[-1]]
            thumb = self.thumbs[used]
            used += 1
            if not thumb.isVisible() or thumb.image is None:
                continue
            m, h = maps.shape[0], self._map_size[1]
            for i, unit in enumerate(rows):
                y0 = atlas_row(i, len(rows), m, h)
                drawn.append((c, int(unit), thumb.image[:, y0:y0 + m]))
        return drawn

    def neuron_at(self, scene_pos) -> tuple[int, int]:
        """``(column, row)`` of the neuron (its map or circle) at a scene position, or
        ``(-1, -1)``."""
        if not self.columns or not self.plot.sceneBoundingRect().contains(scene_pos):
            return (-1, -1)
        p = self.plot.vb.mapSceneToView(scene_pos)
        c = int(round(p.x()))
        if not 0 <= c < len(self.columns):
            return (-1, -1)
        rows = self.rows(c)
        y = neuron_y(len(rows))
        w, h = self._map_size
        half_w, half_h = max(w, 0.15) / 2, max(h, 0.4) / 2
        if abs(p.x() - c) > half_w:
            return (-1, -1)
        near = int(np.argmin(np.abs(y - p.y())))
        return (c, int(rows[near])) if abs(y[near] - p.y()) <= half_h else (-1, -1)

    def edge_at(self, scene_pos, tolerance_px: float = 4.0) -> tuple[int, int, int] | None:
        """``(column, out_row, in_row)`` of the drawn connection nearest a scene position
        (within ``tolerance_px`` pixels, between two columns' neurons), or None."""
        if not self.edges or not self.plot.sceneBoundingRect().contains(scene_pos):
            return None
        vb = self.plot.vb
        p = vb.mapSceneToView(scene_pos)
        c = int(np.floor(p.x())) + 1
        if c not in self.edges:
            return None
        out_rows, in_rows = self.edges[c]
        if not len(out_rows):
            return None
        px_x = max(vb.width(), 1.0) / max(vb.viewRange()[0][1] - vb.viewRange()[0][0], 1e-9)
        px_y = max(vb.height(), 1.0) / max(vb.viewRange()[1][1] - vb.viewRange()[1][0], 1e-9)
        out_pos, in_pos = self.edge_positions[c]
        y_out = neuron_y(len(self.rows(c)))[out_pos]
        y_in = neuron_y(len(self.rows(c - 1)))[in_pos]
        t = p.x() - (c - 1)
        if not 0.0 <= t <= 1.0:
            return None
        # distance in pixels from the point to each segment (x from c-1 to c)
        ax, ay = 0.0, y_in * px_y
        dx, dy = px_x, (y_out - y_in) * px_y
        qx, qy = t * px_x, p.y() * px_y
        u = np.clip(((qx - ax) * dx + (qy - ay) * dy) / (dx * dx + dy * dy), 0.0, 1.0)
        dist = np.hypot(ax + u * dx - qx, ay + u * dy - qy)
        best = int(np.argmin(dist))
        if dist[best] > tolerance_px:
            return None
        return (c, int(out_rows[best]), int(in_rows[best]))

    def view_point(self, column: int, y: float):
        """The scene position of view point ``(column, y)`` (tests hover there)."""
        return self.plot.vb.mapViewToScene(pg.Point(float(column), float(y)))

    def _mouse_moved(self, scene_pos) -> None:
        hit = self.neuron_at(scene_pos)
        if hit != self.hovered:
            self.hovered = hit
            self.neuron_hovered.emit(*hit)

    def neuron_map(self, column: int, row: int) -> np.ndarray | None:
        """The map ``(m, m)`` drawn for neuron (unit) ``row`` of ``column``, or None."""
        if column < 1 or column - 1 >= len(self.maps):
            return None
        maps = np.asarray(self.maps[column - 1])
        where = np.flatnonzero(self.rows(column)[:maps.shape[-1]] == row)
        return maps[..., int(where[0])] if where.size else None
