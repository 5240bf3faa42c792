"""The +/− buttons over the network diagram, as in TensorFlow Playground.

A strip above the diagram holds the number of hidden layers on its left, on its right
"+"/"−" for layers (add a hidden layer
before the output layer, or remove the last hidden one) and a +/− pair over every hidden
column (one neuron more or less). Each click is one undoable edit of the document, the
same document the designer's card stack shows, so the cards follow and Edit › Undo
restores them.

They work only while no run is in progress: a run that has taken steps keeps its network
(the buttons are disabled and say why; stop it first). After an edit the Train tab prepares
a new run at once (nothing trains until Train or Step), so the diagram shows the new shape.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from core import registry
from workbench.training.run_records import ENDED

#: a new hidden layer when the network has none to copy: Playground's size
NEW_LAYER = [{"type": "dense", "units": 4}, {"type": "relu"}]
MAX_UNITS = 64            # the +/− buttons stop here (the designer allows more)


def _is_dense(spec: dict) -> bool:
    return registry.get("layer", spec["type"]).factory.diagram_weights is not None


def hidden_dense(layers: list[dict]) -> list[int]:
    """Indices of the hidden layers with a column in the diagram (every dense-like layer
    but the last)."""
    dense = [i for i, spec in enumerate(layers) if _is_dense(spec)]
    return dense[:-1]


def with_units(layers: list[dict], index: int, delta: int) -> list[dict] | None:
    """``layers`` with layer ``index`` one unit wider or narrower, or None at the limits."""
    units = int(layers[index].get("units", 0)) + delta
    if not 1 <= units <= MAX_UNITS:
        return None
    new = copy.deepcopy(layers)
    new[index]["units"] = units
    return new


def with_layer_added(layers: list[dict]) -> list[dict] | None:
    """``layers`` with one more hidden layer just before the output layer: a copy of the
    last hidden layer and the layers after it (its activation), or :data:`NEW_LAYER`."""
    dense = [i for i, spec in enumerate(layers) if _is_dense(spec)]
    if not dense:
        return None
    out = dense[-1]
    hidden = dense[:-1]
    block = copy.deepcopy(layers[hidden[-1]:out]) if hidden else copy.deepcopy(NEW_LAYER)
    for spec in block:
        spec.pop("frozen", None)
    return copy.deepcopy(layers[:out]) + block + copy.deepcopy(layers[out:])


def with_layer_removed(layers: list[dict]) -> list[dict] | None:
    """``layers`` without the last hidden layer and the layers after it up to the output
    layer, or None when there is no hidden layer."""
    dense = [i for i, spec in enumerate(layers) if _is_dense(spec)]
    if len(dense) < 2:
        return None
    start, out = dense[-2], dense[-1]
    return copy.deepcopy(layers[:start]) + copy.deepcopy(layers[out:])


class NetworkShapeButtons(QWidget):
    """The strip of +/− buttons above a Train tab's network diagram."""

    def __init__(self, view):
        super().__init__(view.network_panel)
        self.view = view
        self.panel = panel = view.network_panel
        self.setObjectName("networkShapeButtons")
        self.setFixedHeight(26)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 0, 4, 0)
        row.setSpacing(2)
        self.add_layer = self._button("+", self.tr("Add a hidden layer before the output layer"))
        self.remove_layer = self._button("−", self.tr("Remove the last hidden layer"))
        self.add_layer.clicked.connect(
            lambda: self._edit(with_layer_added, self.tr("add a hidden layer")))
        self.remove_layer.clicked.connect(
            lambda: self._edit(with_layer_removed, self.tr("remove a hidden layer")))
        self.layers_label = QLabel()
        # the count on the left, over the input column (the hidden columns' +/− would
        # cover it beside the layer buttons); those on the right, over the output column
        row.addWidget(self.layers_label)
        row.addStretch(1)
        row.addWidget(self.add_layer)
        row.addWidget(self.remove_layer)
        #: per hidden column of the diagram: (column, layer index, + button, − button)
        self.unit_buttons: list[tuple] = []
        panel.layout().insertWidget(1, self)
        panel.plot.vb.sigResized.connect(self.place)
        view.document.changed.connect(self.update_enabled)
        self.rebuild()

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setFixedSize(22, 22)
        return button

    # ---------------------------------------------------------------- layout
    def sync(self) -> None:
        """Follow the diagram: new pairs when its columns changed, then enable."""
        key = [(c["title"], c["weight"]) for c in self.panel.columns]
        if key != getattr(self, "_columns", None):
            self._columns = key
            self.rebuild()
        else:
            self.update_enabled()

    def rebuild(self) -> None:
        """One +/− pair per hidden column the diagram draws now."""
        for _c, _i, plus, minus in self.unit_buttons:
            plus.deleteLater()
            minus.deleteLater()
        self.unit_buttons = []
        columns = self.panel.columns
        for c, column in enumerate(columns[1:-1], start=1):
            if column["weight"] is None:
                continue
            layer = int(column["weight"].split(".", 1)[0])
            plus = self._button("+", self.tr("One more neuron in layer {}").format(layer))
            minus = self._button("−", self.tr("One neuron less in layer {}").format(layer))
            plus.clicked.connect(
                lambda _=False, i=layer: self._edit(
                    lambda layers: with_units(layers, i, +1),
                    self.tr("add a neuron to layer {}").format(i),
                )
            )
            minus.clicked.connect(
                lambda _=False, i=layer: self._edit(
                    lambda layers: with_units(layers, i, -1),
                    self.tr("remove a neuron from layer {}").format(i),
                )
            )
            plus.show()
            minus.show()
            self.unit_buttons.append((c, layer, plus, minus))
        self.update_enabled()
        self.place()

    def place(self, *_args) -> None:
        """Put each column's pair over its column: narrower buttons when the columns are
        close (many hidden layers), the layer count shortened to its number when the first
        pair would cover it, and no pair over the layer buttons on the right."""
        panel = self.panel
        offset = panel.plot_widget.geometry().x() - self.geometry().x()
        xs = []
        for c, _layer, _plus, _minus in self.unit_buttons:
            scene = panel.plot.vb.mapViewToScene(QPointF(c, 0))
            xs.append(int(panel.plot_widget.mapFromScene(scene).x()) + offset)
        spacing = min((b - a for a, b in zip(xs, xs[1:])), default=1_000)
        width = max(10, min(22, (spacing - 4) // 2))
        self._first_pair_x = xs[0] - width - 1 if xs else 1_000
        self._fit_count()
        right = self.add_layer.x() - 2 if self.add_layer.isVisible() else self.width()
        for x, (_c, _layer, plus, minus) in zip(xs, self.unit_buttons):
            for button in (plus, minus):
                button.setFixedSize(width, 22)
            plus.move(x - width - 1, 2)
            minus.move(x + 1, 2)
            fits = x + 1 + width <= right
            plus.setVisible(fits)
            minus.setVisible(fits)

    def _fit_count(self) -> None:
        """The hidden-layer count in words, or only its number where the first column's
        pair would cover the words."""
        text = getattr(self, "_count_text", None)
        if text is None:
            return
        label = self.layers_label
        full = label.fontMetrics().horizontalAdvance(text) + 6
        first = getattr(self, "_first_pair_x", 1_000)
        label.setText(text if label.geometry().x() + full <= first else str(self._count))

    def resizeEvent(self, event):  # Qt override
        super().resizeEvent(event)
        self.place()

    # ---------------------------------------------------------------- edits
    def in_progress(self) -> bool:
        """A run is active and has taken steps: its network stays as it is."""
        session, run = self.view.session, self.view.run
        return session is not None and session.active and session.state not in ENDED \
            and run is not None and run.steps > 0

    def update_enabled(self) -> None:
        """Enable the buttons while no run is in progress; count the hidden layers."""
        busy = self.in_progress()
        layers = self.view.document.experiment["model"]["layers"]
        hidden = len(hidden_dense(layers))
        self._count_text = (self.tr("{} hidden layers").format(hidden) if hidden != 1
                            else self.tr("1 hidden layer"))
        self._count = hidden
        self.layers_label.setToolTip(self._count_text)
        self._fit_count()
        why = self.tr("Stop the run to change the network; a run keeps the network it "
                      "started with.") if busy else ""
        for button in [self.add_layer, self.remove_layer] + \
                [b for _c, _i, plus, minus in self.unit_buttons for b in (plus, minus)]:
            button.setEnabled(not busy)
            tip = button.property("tip") or button.toolTip()
            button.setProperty("tip", tip)
            button.setToolTip(f"{tip}. {why}" if why else tip)
        self.remove_layer.setEnabled(not busy and hidden > 0)

    def _edit(self, change, description: str) -> None:
        if self.in_progress():
            return
        document = self.view.document
        layers = change(document.experiment["model"]["layers"])
        if layers is None:
            return
        document.set_layers(layers, description)
        if self.view.train_enabled:
            self.view.reset()   # prepare a run of the new network: the diagram shows it
        self.sync()

