"""The step explainer's network diagram: the numbers of one stage on neurons and edges.

Laid out like the Train tab's diagram (:mod:`workbench.dashboard.network_diagram_panel`:
its ``layout_columns``, ``shown_rows`` and ``neuron_y``): the input, then one column per
dense layer, at most 16 neurons per column. Each drawn neuron carries the stage's value
(``z``/``a`` forward, ``p``/``y`` at the loss, ``δ`` backward, ``Δb`` at the update);
edges are coloured by the sign of the stage's value (the weight, its gradient or its
change) and thicker the larger it is. Between two large columns only the chosen neuron's
edges are drawn. Clicking a neuron chooses it (:attr:`StepDiagram.neuron_chosen`).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtGui import QFont

from workbench import plot_colours
from workbench.dashboard.network_columns import column_caption, neuron_y, shown_rows
from workbench.dashboard.step_explainer_text import hidden_front, number_text

WIDTHS = (0.6, 1.4, 2.6, 4.0)
#: Edges between two columns drawn in full up to this many; beyond, the chosen neuron's.
ALL_EDGES_MAX = 64
#: Edge values written out: the chosen neuron's incoming edges, the largest first.
LABELLED_EDGES = 6
FORWARD, LOSS, BACKWARD, UPDATE = range(4)


def spread(ys, gap: float = 0.4) -> list[float]:
    """Label heights ``ys`` moved apart to at least ``gap``, in their order, centred where
    they were (edges into one neuron converge: their labels would overlap)."""
    order = np.argsort(-np.asarray(ys, dtype=float), kind="stable")
    placed = np.asarray(ys, dtype=float)[order]
    for k in range(1, len(placed)):
        placed[k] = min(placed[k], placed[k - 1] - gap)
    placed += float(np.mean(np.asarray(ys, dtype=float)) - placed.mean()) if len(ys) else 0.0
    out = np.empty_like(placed)
    out[order] = placed
    return out.tolist()


class StepDiagram(pg.PlotWidget):
    """Neurons and edges with one stage's numbers (see the module docstring)."""

    #: ``(column, row)`` of a clicked neuron.
    neuron_chosen = Signal(int, int)

    def __init__(self, parent=None):
        super().__init__(parent=parent, background=plot_colours.BACKGROUND)
        for axis in ("left", "bottom"):
            self.getPlotItem().hideAxis(axis)
        self.setMouseEnabled(x=False, y=False)
        self.getPlotItem().hideButtons()
        self.setMenuEnabled(False)
        self.lines = {}
        for sign, colour in ((1, plot_colours.POSITIVE), (-1, plot_colours.NEGATIVE)):
            for k, width in enumerate(WIDTHS):
                c = pg.mkColor(colour)
                c.setAlpha(90 + 40 * k)
                item = pg.PlotCurveItem(pen=pg.mkPen(c, width=width), connect="pairs")
                self.addItem(item)
                self.lines[(sign, k)] = item
        self.neurons = pg.ScatterPlotItem(size=16, pen=pg.mkPen("#555555", width=1),
                                          brush=pg.mkBrush("#f4f4f4"))
        self.neurons.setZValue(20)
        self.addItem(self.neurons)
        self.ring = pg.ScatterPlotItem(size=24, pen=pg.mkPen("#d62728", width=3),
                                       brush=pg.mkBrush(0, 0, 0, 0))
        self.ring.setZValue(21)
        self.addItem(self.ring)
        self.texts: list[pg.TextItem] = []
        self.columns: list[dict] = []
        self.chosen = (1, 0)
        #: The text written on each drawn neuron, by ``(column, row)`` (tests read it).
        self.neuron_texts: dict[tuple[int, int], str] = {}
        #: The value written on each labelled edge (w, ∂L/∂w or Δw by stage), by
    #: ``(column, row, input)``.
        self.edge_texts: dict[tuple[int, int, int], str] = {}
        #: Each column's caption as drawn, and the columns of frozen layers (tests read them).
        self.captions: list[str] = []
        self.frozen_columns: set[int] = set()
        self.scene().sigMouseClicked.connect(self._clicked)

    # ------------------------------------------------------------------ drawing
    def show_stage(self, columns: list[dict], ex, stage: int, sample: int,
                   chosen: tuple[int, int]) -> None:
        """Draw ``ex`` (a StepExplanation) at ``stage`` for the batch's ``sample``."""
        self.columns, self.chosen = columns, chosen
        for item in self.texts:
            self.removeItem(item)
        self.texts = []
        self.neuron_texts, self.edge_texts = {}, {}
        self.captions, self.frozen_columns = [], set()
        xs, ys = [], []
        for c, column in enumerate(columns):
            rows = shown_rows(column["width"])
            for r, y in zip(rows, neuron_y(len(rows))):
                xs.append(c)
                ys.append(y)
                text = self._neuron_text(ex, stage, sample, c, int(r))
                self.neuron_texts[(c, int(r))] = text
                if c == 0:   # left of the input: its edges leave to the right
                    self._label(text, c - 0.07, y, anchor=(1, 0.5), size=8)
                else:
                    self._label(text, c + 0.09, y, anchor=(0, 0.5), size=8)
            title = QCoreApplication.translate("StepExplainerDialog", "flattened conv. output") \
                if c == 0 and hidden_front(ex) else column_caption(column["title"])
            caption = title + (f" ({len(rows)}/{column['width']})"
                               if len(rows) < column["width"] else "")
            if c > 0 and getattr(ex.update(ex.columns[c - 1].weight_name), "frozen", False):
                self.frozen_columns.add(c)
                caption += "\n" + QCoreApplication.translate("StepExplainerDialog",
                                                             "frozen: no update")
            self.captions.append(caption)
            self._label(caption, c, (len(rows) - 1) / 2 + 0.6, anchor=(0.5, 1), size=9,
                        bold=True, colour="#1f5fa8" if c in self.frozen_columns
                        else plot_colours.TEXT)
            if column["notes"]:   # the layers after it (ReLU …; convolutions before a dense)
                self._label(", ".join(column["notes"]), c, -(len(rows) - 1) / 2 - 0.35,
                            anchor=(0.5, 0), size=8, colour="#666666")
        self.neurons.setData(xs, ys)
        c, r = chosen
        rows = shown_rows(columns[c]["width"]) if c < len(columns) else []
        if r in rows:
            self.ring.setData([c], [neuron_y(len(rows))[list(rows).index(r)]])
        else:
            self.ring.setData([], [])
        self._draw_edges(ex, stage)
        tallest = max(len(shown_rows(col["width"])) for col in columns)
        self.setRange(xRange=(-0.75, len(columns) - 0.2),
                      yRange=(-(tallest - 1) / 2 - 1.0, (tallest - 1) / 2 + 1.2), padding=0)

    def _label(self, text, x, y, anchor, size, bold=False, colour=plot_colours.TEXT,
               fill=None):
        item = pg.TextItem(text, color=colour, anchor=anchor, fill=fill)
        font = QFont()
        font.setPointSize(size)
        font.setBold(bold)
        item.setFont(font)
        item.setPos(x, y)
        item.setZValue(30)
        self.addItem(item)
        self.texts.append(item)

    @staticmethod
    def _neuron_text(ex, stage: int, sample: int, c: int, r: int) -> str:
        if c == 0:   # the sample's feature, or the flattened output of convolutions
            return ("a = " if hidden_front(ex) else "x = ") + \
                number_text(ex.columns[0].inputs[sample, r])
        col = ex.columns[c - 1]
        last = c == len(ex.columns)
        if stage == FORWARD:
            return f"z = {number_text(col.z[sample, r])}\na = {number_text(col.a[sample, r])}"
        if stage == LOSS:
            if not last:
                return f"a = {number_text(col.a[sample, r])}"
            return f"ŷ = {number_text(ex.prediction[sample, r])}\n" \
                   f"y = {number_text(ex.target[sample, r])}"
        if stage == BACKWARD:
            return f"δ = {number_text(col.delta[sample, r])}"
        if col.bias_name:
            return f"Δb = {number_text(ex.update(col.bias_name).delta[r])}"
        return ""

    def _edge_values(self, ex, stage: int, c: int):
        """The values the edges into column ``c`` show: w, ∂L/∂w or Δw."""
        update = ex.update(ex.columns[c - 1].weight_name)
        if stage == BACKWARD:
            return update.total_gradient
        if stage == UPDATE:
            return update.delta
        return update.before

    def _draw_edges(self, ex, stage: int) -> None:
        segments = {key: ([], []) for key in self.lines}
        values_all = [np.abs(self._edge_values(ex, stage, c)).max()
                      for c in range(1, len(self.columns))]
        scale = float(max(values_all, default=1.0)) or 1.0
        cc, cr = self.chosen
        for c in range(1, len(self.columns)):
            values = self._edge_values(ex, stage, c)
            rows, prev = shown_rows(self.columns[c]["width"]), shown_rows(
                self.columns[c - 1]["width"])
            y, prev_y = neuron_y(len(rows)), neuron_y(len(prev))
            pairs = [(i, j) for i in range(len(rows)) for j in range(len(prev))]
            if len(pairs) > ALL_EDGES_MAX:
                pairs = [(i, j) for i, j in pairs
                         if (c == cc and rows[i] == cr) or (c - 1 == cc and prev[j] == cr)]
            for i, j in pairs:
                v = float(values[rows[i], prev[j]])
                k = min(int(abs(v) / scale * len(WIDTHS)), len(WIDTHS) - 1)
                sx, sy = segments[(1 if v >= 0 else -1, k)]
                sx += [c - 1, c]
                sy += [prev_y[j], y[i]]
            if c == cc and cr in rows:
                i = list(rows).index(cr)
                order = np.argsort(-np.abs(values[cr, prev]), kind="stable")[:LABELLED_EDGES]
                t = 0.8  # along the edge from the input side, clear of the inputs' labels
                spots = spread([prev_y[j] + t * (y[i] - prev_y[j]) for j in order])
                for j, spot in zip(order, spots):
                    text = number_text(values[cr, prev[j]])
                    self.edge_texts[(c, cr, int(prev[j]))] = text
                    self._label(text, c - 1 + t, spot, anchor=(0.5, 0.5), size=7,
                                colour="#7a1f1f", fill=pg.mkBrush(255, 255, 255, 220))
        for key, item in self.lines.items():
            sx, sy = segments[key]
            item.setData(np.asarray(sx, dtype=float), np.asarray(sy, dtype=float))

    # ------------------------------------------------------------------ choosing
    def neuron_at(self, scene_pos) -> tuple[int, int]:
        """``(column, row)`` of the neuron at a scene position, or ``(-1, -1)``."""
        if not self.columns:
            return (-1, -1)
        p = self.getPlotItem().vb.mapSceneToView(scene_pos)
        c = int(round(p.x()))
        if not 0 <= c < len(self.columns) or abs(p.x() - c) > 0.15:
            return (-1, -1)
        rows = shown_rows(self.columns[c]["width"])
        y = neuron_y(len(rows))
        near = int(np.argmin(np.abs(y - p.y())))
        return (c, int(rows[near])) if abs(y[near] - p.y()) <= 0.4 else (-1, -1)

    def neuron_scene_pos(self, column: int, row: int):
        """Where neuron ``row`` of ``column`` is drawn, in scene coordinates (for clicks)."""
        rows = list(shown_rows(self.columns[column]["width"]))
        y = neuron_y(len(rows))[rows.index(row)]
        return self.getPlotItem().vb.mapViewToScene(pg.Point(column, y))

    def _clicked(self, event) -> None:
        hit = self.neuron_at(event.scenePos())
        if hit != (-1, -1):
            self.neuron_chosen.emit(*hit)
