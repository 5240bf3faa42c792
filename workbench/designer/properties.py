"""The properties of the selected layer: a form generated from its registry entry.

Each edit in the form becomes one undoable document edit. Ranges in the form make most
impossible values impossible to type; anything validation still rejects is shown as a
message under the form and the document keeps its previous value.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from core import registry
from core.errors import WorkbenchError
from workbench.forms import ParamForm, compact_combo, label_for
from workbench.i18n import core_texts


class LayerProperties(QWidget):
    """Title, help, type switcher and settings form of one layer of the document.

    Signals
    -------
    edit_failed(str)
        Validation rejected an edit (the message is also shown in the panel).
    """

    edit_failed = Signal(str)

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self._index = -1
        self._type = ""
        self.form: ParamForm | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: 600; font-size: 11pt;")
        layout.addWidget(self.heading)
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color: #4a5560;")
        layout.addWidget(self.help)
        self.formula = QLabel()
        self.formula.setWordWrap(True)
        self.formula.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.formula.setStyleSheet("font-family: monospace; color: #2b3640; background: #f2f4f7;"
                                   " border-radius: 4px; padding: 4px;")
        layout.addWidget(self.formula)
        type_row = QFormLayout()
        type_row.setContentsMargins(0, 4, 0, 0)
        self.type_combo = compact_combo(QComboBox())
        self.type_combo.setToolTip(self.tr("Change this layer to another type of the same group, "
                                   "keeping its place in the network"))
        self.type_combo.activated.connect(self._on_type_chosen)
        self.type_label = QLabel(self.tr("Type"))
        type_row.addRow(self.type_label, self.type_combo)
        layout.addLayout(type_row)
        self.form_holder = QVBoxLayout()
        self.form_holder.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form_holder)
        self.frozen_check = QCheckBox(self.tr("Frozen: no updates while training"))
        self.frozen_check.setObjectName("frozenCheck")
        self.frozen_check.setToolTip(self.tr(
            "A frozen layer keeps its weights and biases: the optimizer skips them (momentum "
            "and weight decay too). Saved in the experiment file; toggling it during a run "
            "applies from the next step and is marked on the loss plot."))
        self.frozen_check.toggled.connect(self._on_frozen_toggled)
        layout.addWidget(self.frozen_check)
        self.no_settings = QLabel()
        self.no_settings.setStyleSheet("color: #777;")
        layout.addWidget(self.no_settings)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("propertiesMessage")
        self.message.setStyleSheet("color: #b02a2a; background: #fdecec; border: 1px solid "
                                   "#f0b8b8; border-radius: 4px; padding: 4px;")
        self.message.hide()
        layout.addWidget(self.message)
        layout.addStretch(1)  # keep the form at the top of the panel
        self.show_layer(-1)

    # ---------------------------------------------------------------- display
    def show_layer(self, index: int) -> None:
        """Show layer ``index`` of the document (-1: nothing selected)."""
        layers = self.document.experiment["model"]["layers"]
        if not 0 <= index < len(layers):
            self._index, self._type = -1, ""
            self._clear_form()
            self.heading.setText(self.tr("No layer selected"))
            self.help.setText(self.tr("Select a layer card in the network to edit its settings "
                                      "here."))
            for w in (self.formula, self.type_combo, self.type_label, self.no_settings,
                      self.frozen_check):
                w.hide()
            return
        spec = layers[index]
        self._show_frozen(spec)
        if index == self._index and spec["type"] == self._type and self.form is not None:
            self.form.set_values(spec)  # same layer: keep the widgets (and the focus)
            return
        entry = registry.get("layer", spec["type"])
        self._index, self._type = index, spec["type"]
        title = core_texts.entry_title(entry)
        self.heading.setText(self.tr("Layer {} · {}").format(index, title))
        self.help.setText(core_texts.entry_help(entry))
        self.formula.setText(entry.formula)
        self.formula.setVisible(bool(entry.formula))
        self.type_combo.clear()
        for other in registry.entries("layer", entry.group):
            self.type_combo.addItem(core_texts.entry_title(other), other.name)
        self.type_combo.setCurrentIndex(self.type_combo.findData(entry.name))
        self.type_combo.show()
        self.type_label.show()
        self._clear_form()
        self.form = ParamForm(entry.params, spec)
        self.form.setObjectName("layerForm")
        self.form.edited.connect(self._on_edited)
        self.form_holder.addWidget(self.form)
        self.no_settings.setText(self.tr("{} has no settings.").format(title))
        self.no_settings.setVisible(not entry.params)

    def refresh(self) -> None:
        """Re-read the shown layer from the document (after undo/redo)."""
        self.show_layer(self._index)

    def _clear_form(self) -> None:
        if self.form is not None:
            self.form.hide()
            self.form.edited.disconnect(self._on_edited)
            self.form.setParent(None)
            self.form.deleteLater()
            self.form = None

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # ---------------------------------------------------------------- edits
    def _on_edited(self, name: str, value) -> None:
        index = self._index
        layers = copy.deepcopy(self.document.experiment["model"]["layers"])
        if not 0 <= index < len(layers):
            return
        layers[index][name] = value
        title = core_texts.entry_title(registry.get("layer", layers[index]["type"]))
        self._commit(layers, self.tr("set {} {}").format(title, label_for(name).lower()))

    def _show_frozen(self, spec: dict) -> None:
        """The freeze check box: shown for layers with trained weights, ticked when frozen."""
        self.frozen_check.setVisible(bool(getattr(registry.get("layer", spec["type"]).factory,
                                                  "trainable", False)))
        self.frozen_check.blockSignals(True)
        self.frozen_check.setChecked(bool(spec.get("frozen")))
        self.frozen_check.blockSignals(False)

    def _on_frozen_toggled(self, checked: bool) -> None:
        index = self._index
        layers = copy.deepcopy(self.document.experiment["model"]["layers"])
        if not 0 <= index < len(layers):
            return
        if checked:
            layers[index]["frozen"] = True
        else:
            layers[index].pop("frozen", None)
        self._commit(layers, f"{'freeze' if checked else 'unfreeze'} layer {index}")

    def _on_type_chosen(self, _row: int) -> None:
        new_type = self.type_combo.currentData()
        index = self._index
        layers = copy.deepcopy(self.document.experiment["model"]["layers"])
        if not 0 <= index < len(layers) or new_type == layers[index]["type"]:
            return
        entry = registry.get("layer", new_type)
        layers[index] = {"type": new_type}  # the new type's defaults
        self._commit(layers, self.tr("change layer {} to {}").format(
            index, core_texts.entry_title(entry)))

    def _commit(self, layers: list[dict], description: str) -> None:
        try:
            self.document.set_layers(layers, description)
        except WorkbenchError as exc:
            self.show_message(str(exc))
            self.edit_failed.emit(str(exc))
            self.refresh_values()
            return
        self.show_message("")

    def refresh_values(self) -> None:
        """Show the document's values again (after a rejected edit)."""
        layers = self.document.experiment["model"]["layers"]
        if self.form is not None and 0 <= self._index < len(layers):
            self.form.set_values(layers[self._index])
        if 0 <= self._index < len(layers):
            self._show_frozen(layers[self._index])
            self.type_combo.setCurrentIndex(self.type_combo.findData(layers[self._index]["type"]))
