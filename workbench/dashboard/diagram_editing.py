"""Weights by hand on the network diagram, as in TensorFlow Playground.

Hovering a connection of the diagram shows its weight (``0.weight[3,0] = 0.412``), hovering
a neuron its bias; clicking either opens an inline editor (:class:`WeightEditor`) where the
person types a new value. The value goes to the training worker, which sets it before the
next step, whether the run is paused or running; the loss plot marks it like a change of
the learning rate (``0.weight[3,0] → 0.5``).

Right-clicking a layer's column offers Freeze/Unfreeze: the layer spec's ``"frozen"`` flag
in the document (one undo step; the designer's card and the saved file follow), which a
running run applies from its next step (also marked on the loss plot).

Edits go to the prepared or running run: before training (state Ready) they change the
weights the run starts from. The document's seed still draws the initial weights of any
later run, so a hand edit never outlives its run (the experiment file has no place for
single weights).
"""

from __future__ import annotations

import copy

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QMenu

from workbench import plot_colours
from workbench.dashboard.network_shape_buttons import NetworkShapeButtons
from workbench.dashboard.weight_edit_dialog import WeightEditor
from workbench.training.run_records import PAUSED


def layer_of(parameter: str) -> int:
    """The layer index of a parameter name: ``"2.weight"`` → 2."""
    return int(parameter.split(".", 1)[0])


class DiagramEditing(QObject):
    """Hover labels, the weight editor and the freeze menu of a Train tab's diagram.

    Parameters
    ----------
    view : TrainingView
        Its ``network_panel``, ``run``, ``session`` and ``document`` are used.
    """

    def __init__(self, view):
        super().__init__(view)
        self.view = view
        panel = self.panel = view.network_panel
        self.hover_text = ""
        self.hover_label = pg.TextItem("", color=plot_colours.TEXT, anchor=(0, 1),
                                       fill=pg.mkBrush(255, 255, 255, 230),
                                       border=pg.mkPen("#8a96a3"))
        self.hover_label.setZValue(40)
        self.hover_label.hide()
        panel.plot.addItem(self.hover_label, ignoreBounds=True)
        panel.plot.setMenuEnabled(False)     # right-click is the freeze menu here
        self.editor = WeightEditor(panel.plot_widget)
        self.editor.accepted.connect(self.apply)
        self.menu: QMenu | None = None
        self.buttons = NetworkShapeButtons(view)
        scene = panel.plot.scene()
        scene.sigMouseMoved.connect(self._hovered)
        scene.sigMouseClicked.connect(self._clicked)
        view.state_changed.connect(self._state_changed)
        if getattr(view, "timeline", None) is not None:   # another moment: other values
            view.timeline.moment_changed.connect(lambda _moment: self.hide_hover())

    # ---------------------------------------------------------------- what is where
    def target_at(self, scene_pos):
        """``(parameter name, index, title)`` under a scene position: a connection's
        weight, else a neuron's bias; None over nothing editable."""
        panel, run = self.panel, self.view.run
        if run is None or not run.weights or not panel.columns:
            return None
        edge = panel.edge_at(scene_pos)
        if edge is not None:
            c, out_row, in_row = edge
            name = panel.columns[c]["weight"]
            if name in run.weights:
                return name, (out_row, in_row), self.tr(
                    "weight from neuron {} to neuron {} of layer {}").format(
                        in_row, out_row, layer_of(name))
        c, row = panel.neuron_at(scene_pos)
        if c >= 1:
            name = panel.columns[c]["bias"]
            if name in run.weights:
                return name, (row,), self.tr("bias of neuron {} of layer {}").format(
                    row, layer_of(name))
        return None

    def value(self, name: str, index: tuple) -> float:
        """The value of ``name[index]`` the diagram shows: the run's latest weights, or
        those of the timeline's moment when it is scrubbed back."""
        weights = self.panel.shown_weights if self.scrubbed() else self.view.run.weights
        return float(np.asarray(weights.get(name, self.view.run.weights[name]))[index])

    def scrubbed(self) -> bool:
        """Whether the timeline shows a past moment rather than the live run."""
        timeline = getattr(self.view, "timeline", None)
        return timeline is not None and timeline.moment is not None

    @staticmethod
    def label(name: str, index: tuple) -> str:
        """``"0.weight[3,0]"``: how a hover label and the loss plot's mark name an entry."""
        return f"{name}[{','.join(str(int(i)) for i in index)}]"

    # ---------------------------------------------------------------- mouse
    def _hovered(self, scene_pos) -> None:
        target = self.target_at(scene_pos)
        if target is None:
            self.hover_text = ""
            self.hover_label.hide()
            return
        name, index, _title = target
        self.hover_text = f"{self.label(name, index)} = {self.value(name, index):.4g}"
        self.hover_label.setText(self.hover_text, color=plot_colours.TEXT)
        self.hover_label.setPos(self.panel.plot.vb.mapSceneToView(scene_pos))
        self.hover_label.show()

    def _clicked(self, event) -> None:
        scene_pos = event.scenePos()
        if event.button() == Qt.MouseButton.RightButton:
            column = self.column_at(scene_pos)
            if column >= 1:
                event.accept()
                self.menu = self.freeze_menu(column)
                self.menu.popup(event.screenPos().toPoint())
            return
        if event.button() != Qt.MouseButton.LeftButton:
            return
        target = self.target_at(scene_pos)
        if target is None:
            return
        event.accept()
        self.edit(*target, at=scene_pos)

    def column_at(self, scene_pos) -> int:
        """The diagram column whose neurons are nearest a scene position (-1: none)."""
        panel = self.panel
        if not panel.columns or not panel.plot.sceneBoundingRect().contains(scene_pos):
            return -1
        c = int(round(panel.plot.vb.mapSceneToView(scene_pos).x()))
        return c if 0 <= c < len(panel.columns) else -1

    # ---------------------------------------------------------------- editing a value
    def edit(self, name: str, index: tuple, title: str, at=None) -> None:
        """Open the inline editor for ``name[index]`` (at scene position ``at``)."""
        panel = self.panel
        pos = QPoint(10, 10)
        if at is not None:
            pos = panel.plot_widget.mapFromScene(at) + QPoint(12, 12)
        self.editor.open_at(pos, name, index, self.value(name, index),
                            f"{self.label(name, index)} · {title}")

    def apply(self, name: str, index, value: float) -> None:
        """Send a typed value to the run: it takes effect before the next step."""
        session = self.view.session
        if self.scrubbed():
            self.editor.show()
            self.editor.refuse(self.tr("The diagram shows a past moment of the run: press Live "
                                       "on the timeline, then edit the weights the run has now."))
            return
        dtype = np.asarray(self.view.run.weights[name]).dtype \
            if self.view.run is not None and name in self.view.run.weights else np.float64
        limit = float(np.finfo(dtype).max)
        if abs(value) > limit:
            self.editor.show()
            self.editor.refuse(self.tr("{} does not fit the run's {} weights: expected a number "
                                       "between {} and {}; the weight keeps its value.")
                               .format(f"{value:g}", np.dtype(dtype).name, f"{-limit:g}",
                                       f"{limit:g}"))
            return
        if session is None or not session.active:
            self.editor.show()
            self.editor.refuse(self.tr("There is no run to change: press Train or Step to "
                                       "start one, then edit its weights."))
            return
        session.set_weight(name, tuple(index), float(value))

    # ---------------------------------------------------------------- freezing
    def freeze_menu(self, column: int) -> QMenu:
        """The context menu of a column: Freeze or Unfreeze its layer."""
        menu = QMenu(self.panel)
        name = self.panel.columns[column]["weight"]
        layer = layer_of(name)
        layers = self.view.document.experiment["model"]["layers"]
        frozen = 0 <= layer < len(layers) and bool(layers[layer].get("frozen"))
        text = self.tr("Unfreeze layer {}") if frozen else self.tr("Freeze layer {}")
        action = menu.addAction(text.format(layer))
        action.setObjectName("unfreeze" if frozen else "freeze")
        action.triggered.connect(lambda: self.set_frozen(layer, not frozen))
        return menu

    def set_frozen(self, layer: int, frozen: bool) -> None:
        """Freeze or unfreeze layer ``layer`` in the document (one undo step); an active
        run applies it from its next step."""
        document = self.view.document
        layers = copy.deepcopy(document.experiment["model"]["layers"])
        if not 0 <= layer < len(layers):
            return
        if frozen:
            layers[layer]["frozen"] = True
        else:
            layers[layer].pop("frozen", None)
        document.set_layers(layers, (self.tr("freeze layer {}") if frozen
                                     else self.tr("unfreeze layer {}")).format(layer))

    # ---------------------------------------------------------------- run state
    def hide_hover(self) -> None:
        """Take the hover label away (the values under it changed)."""
        self.hover_text = ""
        self.hover_label.hide()

    def _state_changed(self, state: str) -> None:
        self.hide_hover()    # a new run or another network: the label's value is stale
        if state == PAUSED and self.view.session is not None:
            self.view.session.request_weights()  # the diagram shows the paused weights
        self.buttons.sync()
