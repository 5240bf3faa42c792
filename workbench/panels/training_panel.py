# Why this module is long (~460 lines): one form per training section (loss, optimizer,
# schedule, gradient-descent mode, device, the training fields) with the undoable edit and
# the refresh of each; the generic spec form (_SpecSection) serves three of them.
"""The training settings: loss, optimizer, schedule, gradient-descent mode, engine.

Every control edits the :class:`~workbench.document.ExperimentDocument` (one undoable
step each) and every document change refreshes the controls, so undo, redo and File ›
Open look the same as a click. Loss, optimizer and schedule forms are generated from
their registry entries; the gradient-descent mode is three radio buttons explained in
the primer's words.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from core import experiment as experiments
from core import registry
from core.errors import WorkbenchError
from workbench.forms import ParamForm, compact_combo, label_for, relabel
from workbench.i18n import core_texts, counted

#: The primer's three kinds of gradient descent: (mode, title, tooltip, short explanation),
#: in English (translated where shown).
GRADIENT_DESCENT_MODES = (
    ("batch", QT_TRANSLATE_NOOP("TrainingPanel", "Batch"),
     QT_TRANSLATE_NOOP(
         "TrainingPanel",
         "Batch gradient descent (BGD): every iteration computes the gradient on all training "
         "samples.\nPros: stable training; converges to the global minimum for convex losses.\n"
         "Cons: heavy computation, slow, unsuited to large data sets."),
     QT_TRANSLATE_NOOP(
         "TrainingPanel",
         "Batch: each iteration uses every training sample — stable but slow on large data.")),
    ("stochastic", QT_TRANSLATE_NOOP("TrainingPanel", "Stochastic"),
     QT_TRANSLATE_NOOP(
         "TrainingPanel",
         "Stochastic gradient descent (SGD): every iteration uses one randomly chosen training "
         "sample.\nPros: fast, suits large data sets, may jump out of local minima.\n"
         "Cons: the training curve fluctuates a lot and settles less easily."),
     QT_TRANSLATE_NOOP(
         "TrainingPanel",
         "Stochastic: each iteration uses one random sample — fast but noisy.")),
    ("minibatch", QT_TRANSLATE_NOOP("TrainingPanel", "Mini-batch"),
     QT_TRANSLATE_NOOP(
         "TrainingPanel",
         "Mini-batch gradient descent (MBGD): every iteration uses a small random subset of the "
         "training samples (a mini-batch).\nPros: combines the stability of batch and the speed "
         "of stochastic descent.\nCons: the mini-batch size has to be chosen."),
     QT_TRANSLATE_NOOP(
         "TrainingPanel",
         "Mini-batch: each iteration uses a small random subset — the usual compromise.")),
)
ITERATION_HELP = QT_TRANSLATE_NOOP(
    "TrainingPanel", "One iteration is one forward and back propagation on one batch; one "
    "epoch is one pass over the whole training set.")

#: The training fields shown in the "Training" form, in this order.
_TRAINING_FORM_FIELDS = ("epochs", "seed", "shuffle", "l1", "l2", "early_stopping",
                         "restore_best")
_FIELD_LABELS = {
    "l1": QT_TRANSLATE_NOOP("TrainingPanel", "L1 penalty"),
    "l2": QT_TRANSLATE_NOOP("TrainingPanel", "L2 penalty"),
    "early_stopping": QT_TRANSLATE_NOOP("TrainingPanel", "Early-stop patience (0 = off)"),
    "restore_best": QT_TRANSLATE_NOOP("TrainingPanel", "Restore best weights"),
    "seed": QT_TRANSLATE_NOOP("TrainingPanel", "Seed"),
    "epochs": QT_TRANSLATE_NOOP("TrainingPanel", "Epochs"),
    "shuffle": QT_TRANSLATE_NOOP("TrainingPanel", "Shuffle each epoch")}


#: The sections' categories as undo texts name them ("choose optimizer Adam").
CATEGORY_NAMES = (QT_TRANSLATE_NOOP("TrainingPanel", "loss"),
                  QT_TRANSLATE_NOOP("TrainingPanel", "optimizer"),
                  QT_TRANSLATE_NOOP("TrainingPanel", "schedule"))

#: Clearer labels than the parameter names for a few registry fields.
PARAM_LABELS = {
    "lr": QT_TRANSLATE_NOOP("TrainingPanel", "Learning rate"),
    "eps": QT_TRANSLATE_NOOP("TrainingPanel", "Epsilon (ε)"),
    "betas": QT_TRANSLATE_NOOP("TrainingPanel", "Betas (β1, β2)"),
    "amsgrad": "AMSGrad",
    "lr_decay": QT_TRANSLATE_NOOP("TrainingPanel", "Learning-rate decay"),
    "T_max": QT_TRANSLATE_NOOP("TrainingPanel", "Period (T_max)"),
    "eta_min": QT_TRANSLATE_NOOP("TrainingPanel", "Minimum lr"),
    "min_lr": QT_TRANSLATE_NOOP("TrainingPanel", "Minimum lr"),
    "gamma": QT_TRANSLATE_NOOP("TrainingPanel", "Gamma (factor)")}


def _tr(text: str) -> str:
    """``text`` (one of this module's tables) in the interface's language."""
    return QCoreApplication.translate("TrainingPanel", text)


def _translated_labels(labels: dict) -> dict:
    return {name: _tr(text) for name, text in labels.items()}


@dataclass(frozen=True)
class DeviceStatus:
    """Where the engine can run here.

    Attributes
    ----------
    gpu_available : bool
    gpu_text : str
        The GPU's description, or why there is none.
    cpu_text : str
        The CPU's description.
    """

    gpu_available: bool
    gpu_text: str
    cpu_text: str


@functools.lru_cache(maxsize=1)
def device_status() -> DeviceStatus:
    """The devices of this machine, asked once.

    Asking CuPy for a device can take a moment (it imports CUDA), so the answer is cached
    for the life of the process.
    """
    from core.backend import devices as backend
    cpu = backend.describe_cpu()
    cp, why = backend.gpu_status()
    if cp is None:
        return DeviceStatus(False, why, cpu)
    try:
        return DeviceStatus(True, backend.describe_gpu(cp), cpu)
    except Exception as exc:  # a device that answers gpu_status but not its properties
        return DeviceStatus(True, _tr("GPU · CuPy ({} reading the device name)").format(
            type(exc).__name__), cpu)


def backend_description(name: str = "auto") -> str:
    """One line for the status bar: where ``auto``/``cpu``/``gpu`` would run."""
    status = device_status()
    if name == "cpu" or (name == "auto" and not status.gpu_available):
        return core_texts.device_text(status.cpu_text)
    if name == "gpu" and not status.gpu_available:
        return _tr("GPU unavailable: {}").format(core_texts.device_text(status.gpu_text))
    return core_texts.device_text(status.gpu_text)


def carried_over(category: str, old: dict, new_type: str) -> tuple[dict, str]:
    """The spec for switching ``old`` to ``new_type``, and a sentence about what was kept.

    The person's learning rate survives a change of optimizer (it was chosen for this data
    and network); when it differs from the new optimizer's default, the sentence says so.
    Everything else takes the new entry's defaults.
    """
    spec = {"type": new_type}
    if category != "optimizer" or "lr" not in old:
        return spec, ""
    entry = registry.get(category, new_type)
    lr_param = next((p for p in entry.params if p.name == "lr"), None)
    if lr_param is None:
        return spec, ""
    spec["lr"] = old["lr"]
    if lr_param.default == old["lr"]:
        return spec, ""
    return spec, _tr("Learning rate kept at {} (the default of {} is {}).").format(
        f"{old['lr']:g}", core_texts.entry_title(entry), f"{lr_param.default:g}")


def _small(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("color: palette(placeholder-text); font-size: 11px;")
    return label


class _SpecSection(QGroupBox):
    """A registry choice (combo box) with the chosen entry's parameter form and help."""

    edited = Signal(dict, str)  # new spec, description

    def __init__(self, title: str, category: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.category = category
        self.combo = compact_combo(QComboBox())
        self.combo.setObjectName(f"{category}_combo")
        for entry in registry.entries(category):
            self.combo.addItem(core_texts.entry_title(entry), entry.name)
            self.combo.setItemData(self.combo.count() - 1, core_texts.entry_tooltip(entry),
                                   Qt.ItemDataRole.ToolTipRole)
        self.combo.activated.connect(self._type_chosen)
        self.help = _small("")
        self.note = _small("")
        self.note.setObjectName(f"{category}_note")
        self.note.hide()
        self._note_for: tuple | None = None  # (type, lr) the note is about
        self.form: ParamForm | None = None
        self._form_type: str | None = None
        self._spec: dict = {}
        self._layout = QVBoxLayout(self)
        row = QFormLayout()
        row.setContentsMargins(0, 0, 0, 0)
        type_label = QLabel(self.tr("Type"))
        type_label.setBuddy(self.combo)
        row.addRow(type_label, self.combo)
        self._layout.addLayout(row)
        self._layout.addWidget(self.help)
        self._layout.addWidget(self.note)

    def set_spec(self, spec: dict) -> None:
        """Show ``spec`` (normalized) without emitting :attr:`edited`."""
        self._spec = dict(spec)
        entry = registry.get(self.category, spec["type"])
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(self.combo.findData(entry.name), 0))
        self.combo.blockSignals(False)
        self.combo.setToolTip(core_texts.entry_tooltip(entry))
        self.help.setText(core_texts.entry_help(entry))
        if self._note_for is not None and self._note_for != (spec["type"], spec.get("lr")):
            self.note.hide()  # the type or the rate changed since the note was written
            self._note_for = None
        values = {k: v for k, v in spec.items() if k != "type"}
        if self._form_type != entry.name:
            if self.form is not None:
                self._layout.removeWidget(self.form)
                self.form.hide()
                self.form.setParent(None)
                self.form.deleteLater()
            self.form = ParamForm(entry.params, values, self)
            self.form.setObjectName(f"{self.category}_form")
            relabel(self.form, _translated_labels(PARAM_LABELS))
            self.form.edited.connect(self._field_edited)
            self.form.setVisible(bool(entry.params))
            self._layout.addWidget(self.form)
            self._form_type = entry.name
        else:
            self.form.set_values(values)

    def _type_chosen(self, index: int) -> None:
        name = self.combo.itemData(index)
        if name == self._spec.get("type"):
            return
        spec, note = carried_over(self.category, self._spec, name)
        self.edited.emit(spec, self.tr("choose {} {}").format(_tr(self.category),
                                                              self.combo.itemText(index)))
        if note and self._spec.get("type") == name:  # the edit went through
            self.note.setText(note)
            self.note.show()
            self._note_for = (name, spec.get("lr"))

    def _field_edited(self, name: str, value) -> None:
        spec = dict(self._spec)
        spec[name] = value
        self.edited.emit(spec, self.tr("set {} {}").format(_tr(self.category),
                                                           label_for(name).lower()))


class TrainingPanel(QWidget):
    """Loss, optimizer, schedule, gradient descent, training fields and engine choice.

    Parameters
    ----------
    document : ExperimentDocument

    Signals
    -------
    edit_failed(str)
        An edit was refused (the message says why); the controls show the document again.
    """

    edit_failed = Signal(str)

    def __init__(self, document, parent: QWidget | None = None):
        super().__init__(parent)
        self.document = document
        self._n_train: int | None = None
        self._minibatch_size = 32
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)

        self.loss_section = _SpecSection(self.tr("Loss"), "loss")
        self.optimizer_section = _SpecSection(self.tr("Optimizer"), "optimizer")
        self.schedule_section = _SpecSection(self.tr("Learning-rate schedule"), "schedule")
        for section in (self.loss_section, self.optimizer_section, self.schedule_section):
            section.edited.connect(lambda spec, text, s=section: self._edit_section(
                s.category, spec, text))
        layout.addWidget(self.loss_section)
        layout.addWidget(self.optimizer_section)
        layout.addWidget(self._build_gradient_descent())
        layout.addWidget(self.schedule_section)
        layout.addWidget(self._build_training())
        layout.addWidget(self._build_engine())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        layout.addWidget(self.message)
        layout.addStretch(1)

        document.changed.connect(self._document_changed)
        self.refresh()

    # ---------------------------------------------------------------- building
    def _build_gradient_descent(self) -> QGroupBox:
        box = QGroupBox(self.tr("Gradient descent"))
        box.setToolTip(core_texts.translated(core_texts.REGISTRY, experiments.BATCH_HELP))
        v = QVBoxLayout(box)
        self.mode_group = QButtonGroup(self)
        self.mode_buttons: dict[str, QRadioButton] = {}
        row = QHBoxLayout()
        for mode, title, tip, _short in GRADIENT_DESCENT_MODES:
            button = QRadioButton(_tr(title))
            button.setObjectName(f"gd_{mode}")
            button.setToolTip(_tr(tip))
            self.mode_group.addButton(button)
            self.mode_buttons[mode] = button
            row.addWidget(button)
        row.addStretch(1)
        v.addLayout(row)
        size_row = QHBoxLayout()
        self.batch_size_label = QLabel(self.tr("Mini-batch size"))
        self.batch_size_spin = QSpinBox()
        self.batch_size_spin.setObjectName("batch_size_spin")
        self.batch_size_spin.setRange(2, 1_000_000)
        self.batch_size_spin.setKeyboardTracking(False)
        self.batch_size_spin.setToolTip(self.tr("samples in each mini-batch (one iteration)"))
        self.batch_size_label.setBuddy(self.batch_size_spin)
        size_row.addWidget(self.batch_size_label)
        size_row.addWidget(self.batch_size_spin)
        size_row.addStretch(1)
        v.addLayout(size_row)
        self.mode_explanation = _small("")
        self.mode_explanation.setObjectName("gd_explanation")
        v.addWidget(self.mode_explanation)
        self.mode_group.buttonClicked.connect(self._mode_clicked)
        self.batch_size_spin.valueChanged.connect(self._batch_size_changed)
        return box

    def _build_training(self) -> QGroupBox:
        box = QGroupBox(self.tr("Training"))
        v = QVBoxLayout(box)
        by_name = {p.name: p for p in experiments.TRAINING_PARAMS}
        # L1/L2 are typically 1e-5 … 1e-2: typed in scientific notation, not stepped by
        # 0.01 (the document still checks the upper bound)
        for name in ("l1", "l2"):
            by_name[name] = dataclasses.replace(by_name[name], max=None)
        params = tuple(by_name[n] for n in _TRAINING_FORM_FIELDS)
        self.training_form = ParamForm(params, {}, box)
        self.training_form.setObjectName("training_form")
        relabel(self.training_form, _translated_labels(_FIELD_LABELS))
        self.training_form.edited.connect(self._training_field_edited)
        v.addWidget(self.training_form)
        return box

    def _build_engine(self) -> QGroupBox:
        box = QGroupBox(self.tr("Engine"))
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        by_name = {p.name: p for p in experiments.TRAINING_PARAMS}
        self.dtype_combo = compact_combo(QComboBox())
        self.dtype_combo.setObjectName("dtype_combo")
        for name, text in (("float32", self.tr("float32 (fast, default)")),
                           ("float64", self.tr("float64 (precise, slower)"))):
            self.dtype_combo.addItem(text, name)
        self.dtype_combo.setToolTip(core_texts.param_help(by_name["dtype"]))
        self.dtype_combo.activated.connect(
            lambda _i: self._set_training("dtype", self.dtype_combo.currentData()))
        dtype_label = QLabel(self.tr("Precision"))
        dtype_label.setBuddy(self.dtype_combo)
        form.addRow(dtype_label, self.dtype_combo)

        status = device_status()
        gpu_ok = status.gpu_available
        gpu_text = core_texts.device_text(status.gpu_text)
        cpu_text = core_texts.device_text(status.cpu_text)
        self.backend_combo = compact_combo(QComboBox())
        self.backend_combo.setObjectName("backend_combo")
        self.backend_combo.addItem(self.tr("Auto — {}").format("GPU" if gpu_ok else "CPU"),
                                   "auto")
        self.backend_combo.addItem("CPU", "cpu")
        self.backend_combo.addItem("GPU" if gpu_ok else self.tr("GPU (unavailable)"), "gpu")
        self.backend_combo.setItemData(0, self.tr("the GPU when one answers, else the CPU")
                                       + "\n" + backend_description("auto"),
                                       Qt.ItemDataRole.ToolTipRole)
        self.backend_combo.setItemData(1, cpu_text, Qt.ItemDataRole.ToolTipRole)
        self.backend_combo.setItemData(2, gpu_text if gpu_ok else
                                       self.tr("unavailable: {}").format(gpu_text),
                                       Qt.ItemDataRole.ToolTipRole)
        self.gpu_reason = "" if gpu_ok else gpu_text
        if not gpu_ok:
            self.backend_combo.model().item(2).setEnabled(False)
        self.backend_combo.setToolTip(core_texts.param_help(by_name["backend"]))
        self.backend_combo.activated.connect(
            lambda _i: self._set_training("backend", self.backend_combo.currentData()))
        backend_label = QLabel(self.tr("Backend"))
        backend_label.setBuddy(self.backend_combo)
        form.addRow(backend_label, self.backend_combo)
        self.device_label = _small("")
        self.device_label.setObjectName("device_label")
        form.addRow(self.device_label)
        return box

    # ---------------------------------------------------------------- refresh
    def _document_changed(self) -> None:
        self.message.hide()
        self.refresh()

    def refresh(self) -> None:
        """Show the document's loss, optimizer, schedule and training section."""
        exp = self.document.experiment
        self.loss_section.set_spec(exp["loss"])
        self.optimizer_section.set_spec(exp["optimizer"])
        self.schedule_section.set_spec(exp["schedule"])
        training = exp["training"]
        self.training_form.set_values(training)
        self._show_batch_size(training["batch_size"])
        self.dtype_combo.setCurrentIndex(max(self.dtype_combo.findData(training["dtype"]), 0))
        self.backend_combo.setCurrentIndex(max(self.backend_combo.findData(training["backend"]),
                                               0))
        self._show_device(training["backend"])

    def set_training_size(self, n_train: int | None) -> None:
        """Number of training samples (after the validation split), for iterations/epoch."""
        self._n_train = n_train
        self._show_batch_size(self.document.experiment["training"]["batch_size"])

    def _show_batch_size(self, batch_size) -> None:
        mode = "batch" if batch_size == "full" else "stochastic" if batch_size == 1 \
            else "minibatch"
        if mode == "minibatch":
            self._minibatch_size = int(batch_size)
        for button in self.mode_buttons.values():
            button.blockSignals(True)
        self.mode_buttons[mode].setChecked(True)
        for button in self.mode_buttons.values():
            button.blockSignals(False)
        self.batch_size_spin.blockSignals(True)
        self.batch_size_spin.setValue(self._minibatch_size)
        self.batch_size_spin.blockSignals(False)
        self.batch_size_spin.setEnabled(mode == "minibatch")
        self.batch_size_label.setEnabled(mode == "minibatch")
        short = next(s for m, _t, _tip, s in GRADIENT_DESCENT_MODES if m == mode)
        text = _tr(short)
        if self._n_train:
            per_batch = self._n_train if mode == "batch" else 1 if mode == "stochastic" \
                else min(self._minibatch_size, self._n_train)
            iterations = -(-self._n_train // per_batch)
            text += "\n" + counted(
                self.tr("{} training samples → {} iteration(s) per epoch."),
                f"{self._n_train} training samples → {iterations} iteration"
                f"{'s' if iterations != 1 else ''} per epoch.", self._n_train, iterations)
        self.mode_explanation.setText(text)
        self.mode_explanation.setToolTip(_tr(ITERATION_HELP))

    def _show_device(self, backend_name: str) -> None:
        text = backend_description(backend_name)
        if self.gpu_reason and backend_name == "gpu":
            self.device_label.setStyleSheet("color: #b3261e; font-size: 11px;")
        else:
            self.device_label.setStyleSheet("color: palette(placeholder-text); font-size: 11px;")
        self.device_label.setText(text if not self.gpu_reason or backend_name == "gpu"
                                  else text + "\n" + _tr("GPU unavailable: {}").format(
                                      self.gpu_reason))

    # ---------------------------------------------------------------- edits
    def _edit_section(self, name: str, spec: dict, description: str) -> None:
        try:
            spec = registry.normalize(name, spec, name)
            self.document.set_section(name, spec, description)
        except WorkbenchError as exc:
            self._refuse(str(exc))

    def _set_training(self, field: str, value, description: str | None = None) -> None:
        training = dict(self.document.experiment["training"])
        if training.get(field) == value:
            return
        training[field] = value
        try:
            self.document.set_section("training", training,
                                      description or self.tr("set {}").format(
                                          _tr(_FIELD_LABELS.get(field, field))))
        except WorkbenchError as exc:
            self._refuse(str(exc))

    def _training_field_edited(self, name: str, value) -> None:
        label = _tr(_FIELD_LABELS.get(name, name)).split(" (")[0].lower()
        self._set_training(name, value, self.tr("set {}").format(label))

    def _mode_clicked(self, button) -> None:
        mode = next(m for m, b in self.mode_buttons.items() if b is button)
        value = {"batch": "full", "stochastic": 1}.get(mode, self._minibatch_size)
        title = next(t for m, t, _tip, _s in GRADIENT_DESCENT_MODES if m == mode)
        self._set_training("batch_size", value,
                           self.tr("use {} gradient descent").format(_tr(title).lower()))
        self._show_batch_size(self.document.experiment["training"]["batch_size"])

    def _batch_size_changed(self, value: int) -> None:
        self._minibatch_size = int(value)
        self._set_training("batch_size", int(value), self.tr("set mini-batch size"))

    def _refuse(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()
        self.refresh()
        self.edit_failed.emit(message)
