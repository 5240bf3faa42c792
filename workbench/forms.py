"""Property forms generated from registry parameters.

:class:`ParamForm` turns a tuple of :class:`core.registry.Param` into labelled
controls: spin boxes bounded by the parameter's range, a text field accepting
scientific notation for small or unbounded floats (learning rates, epsilons), check
boxes, combo boxes, and a row of boxes for fixed-length lists (Adam's betas). Every
control carries the parameter's help text as its tooltip, so a new registry entry gets
a complete form without any GUI code.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from core.errors import SpecError
from core.registry import Param
from workbench.i18n import core_texts
from workbench.i18n.core_texts import english_label

INT_LIMIT = 2**31 - 1


def label_for(name: str) -> str:
    """A parameter name as a form label in the interface's language:
    ``"weight_decay"`` → ``"Weight decay"`` (权重衰减)."""
    return core_texts.param_label(english_label(name))


def format_float(value: float) -> str:
    """Short text for a float: ``0.001``, ``1e-08``, ``0.5``."""
    return f"{value:.6g}"


def param_tooltip(param: Param) -> str:
    """The parameter's help text and, for numbers, the range it accepts."""
    help_text = core_texts.param_help(param)
    if param.kind in ("int", "float", "floats"):
        expected = core_texts.expected_text(param.describe_expected())
        return help_text + "\n\n" + QCoreApplication.translate("ParamForm", "Expected: {}") \
            .format(expected)
    return help_text


class _WheelGuard(QObject):
    """Lets spin boxes and combo boxes take the mouse wheel only when they have focus,
    so scrolling a panel never changes a value by accident."""

    def eventFilter(self, obj, event):  # Qt override
        if event.type() == QEvent.Type.Wheel and not obj.hasFocus():
            event.ignore()
            return True
        return False


_WHEEL_GUARD: _WheelGuard | None = None


def _guard_wheel(widget: QWidget) -> None:
    global _WHEEL_GUARD
    if _WHEEL_GUARD is None:
        _WHEEL_GUARD = _WheelGuard()
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(_WHEEL_GUARD)


def uses_scientific_entry(param: Param) -> bool:
    """True when a float is better typed as text (``1e-4``) than stepped in a spin box.

    That is when it has no upper bound (learning rates, weight decay, epsilons) or its
    default is tiny.
    """
    default = param.default if isinstance(param.default, (int, float)) else 0.0
    return param.max is None or (default != 0 and abs(default) < 1e-3)


def _decimals(param: Param, value: float) -> int:
    """Decimals for a spin box: enough for the default, one more for [0, 1] ranges."""
    text = f"{abs(value):.6f}".rstrip("0")
    needed = len(text.split(".")[1]) if "." in text else 0
    extra = 1 if param.max is not None and param.max <= 1 else 0
    return max(2, min(6, needed + extra))


class _ScientificEdit(QLineEdit):
    """A line edit for one float that accepts ``0.001``, ``1e-3`` or ``1E-3``."""

    value_edited = Signal(float)

    def __init__(self, param: Param, parent=None):
        super().__init__(parent)
        self._param = param
        self._value = float(param.default) if isinstance(param.default, (int, float)) else 0.0
        validator = QDoubleValidator(self)
        validator.setNotation(QDoubleValidator.Notation.ScientificNotation)
        validator.setLocale(self.locale().c())
        self.setValidator(validator)
        self.editingFinished.connect(self._commit)

    def set_value(self, value: float) -> None:
        self._value = float(value)
        self.setText(format_float(self._value))
        self._mark(None)

    def value(self) -> float:
        return self._value

    def _commit(self) -> None:
        text = self.text().strip()
        try:
            value = float(text)
        except ValueError:
            self._mark(self.tr("expected a number such as 0.001 or 1e-3, got {}").format(
                repr(text)))
            return
        try:
            value = self._param.coerce(value, self._param.name)
        except SpecError as exc:
            self._mark(str(exc))
            return
        self._mark(None)
        if value != self._value:
            self._value = value
            self.setText(format_float(value))
            self.value_edited.emit(value)
        else:
            self.setText(format_float(value))

    def _mark(self, problem: str | None) -> None:
        self.setProperty("invalid", problem is not None)
        self.setStyleSheet("QLineEdit { border: 1px solid #d03c3c; background: #fff0f0; }"
                           if problem else "")
        self.setToolTip(param_tooltip(self._param) + (f"\n\n⚠ {problem}" if problem else ""))


class _Field:
    """Adapter giving every control the same value()/set_value() and one change signal."""

    def __init__(self, param: Param, widget: QWidget, get, put, connect):
        self.param = param
        self.widget = widget
        self.get = get
        self.put = put
        self.connect = connect


def compact_combo(combo: QComboBox, characters: int = 8) -> QComboBox:
    """``combo`` made so that its minimum width never follows its longest item (the list
    still opens wide enough): a long choice never widens the window."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    return combo


class ParamForm(QWidget):
    """A form of labelled controls for registry parameters.

    Parameters
    ----------
    params : tuple of Param
        The fields, in order (e.g. ``registry.get("layer", "dense").params``).
    values : dict
        Current values by parameter name; missing names take the parameter's default.

    Signals
    -------
    edited(str, object)
        The user changed parameter ``name`` to ``value`` (already range-checked).
        :meth:`set_values` does not emit it.
    """

    edited = Signal(str, object)

    def __init__(self, params, values: dict | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.params = tuple(params)
        self._fields: dict[str, _Field] = {}
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # in a narrow column a field goes under its label rather than widening the window
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for param in self.params:
            field = self._make_field(param)
            tip = param_tooltip(param)
            label = QLabel(label_for(param.name))
            label.setToolTip(tip)
            field.widget.setToolTip(tip)
            field.widget.setObjectName(f"param_{param.name}")
            label.setBuddy(field.widget)
            layout.addRow(label, field.widget)
            self._fields[param.name] = field
            field.connect(lambda value, name=param.name: self._emit(name, value))
        self.set_values(values or {})

    # ---------------------------------------------------------------- API
    def set_values(self, values: dict) -> None:
        """Show ``values`` (missing names: defaults) without emitting :attr:`edited`."""
        for name, field in self._fields.items():
            value = values.get(name, field.param.default)
            field.widget.blockSignals(True)
            for child in field.widget.findChildren(QWidget):
                child.blockSignals(True)
            try:
                field.put(value)
            finally:
                field.widget.blockSignals(False)
                for child in field.widget.findChildren(QWidget):
                    child.blockSignals(False)

    def values(self) -> dict:
        """The values shown, by parameter name."""
        return {name: field.get() for name, field in self._fields.items()}

    def widget(self, name: str) -> QWidget:
        """The control editing parameter ``name`` (for tests and focus handling)."""
        return self._fields[name].widget

    # ---------------------------------------------------------------- building
    def _emit(self, name: str, value) -> None:
        self.edited.emit(name, value)

    def _make_field(self, param: Param) -> _Field:
        if param.nullable:
            return self._nullable_field(param)
        return self._plain_field(param)

    def _plain_field(self, param: Param) -> _Field:
        kind = param.kind
        if kind == "bool":
            box = QCheckBox()
            return _Field(param, box, box.isChecked, lambda v: box.setChecked(bool(v)),
                          lambda slot: box.toggled.connect(slot))
        if kind == "choice":
            combo = compact_combo(QComboBox())
            _guard_wheel(combo)
            for choice in param.choices:
                combo.addItem(core_texts.choice_text(choice), choice)

            def put(v, combo=combo):
                index = combo.findData(v)
                combo.setCurrentIndex(max(index, 0))
            return _Field(param, combo, combo.currentData, put,
                          lambda slot: combo.activated.connect(
                              lambda _i: slot(combo.currentData())))
        if kind == "int":
            spin = QSpinBox()
            lo = -INT_LIMIT if param.min is None else int(math.floor(param.min))
            if param.min is not None and param.min_exclusive:
                lo += 1
            hi = INT_LIMIT if param.max is None else int(min(param.max, INT_LIMIT))
            spin.setRange(lo, hi)
            self._spin_defaults(spin)
            return _Field(param, spin, spin.value, lambda v: spin.setValue(int(v)),
                          lambda slot: spin.valueChanged.connect(slot))
        if kind == "float":
            return self._float_field(param, param.default)
        if kind == "floats":
            return self._floats_field(param)
        edit = QLineEdit()
        return _Field(param, edit, edit.text, lambda v: edit.setText(str(v)),
                      lambda slot: edit.editingFinished.connect(lambda: slot(edit.text())))

    def _float_field(self, param: Param, default) -> _Field:
        if uses_scientific_entry(param):
            edit = _ScientificEdit(param)
            return _Field(param, edit, edit.value, edit.set_value,
                          lambda slot: edit.value_edited.connect(slot))
        spin = QDoubleSpinBox()
        decimals = _decimals(param, float(default or 0.0))
        spin.setDecimals(decimals)
        lo = -1e12 if param.min is None else float(param.min)
        if param.min is not None and param.min_exclusive:
            lo += 10.0 ** -decimals
        hi = 1e12 if param.max is None else float(param.max)
        spin.setRange(lo, hi)
        span = hi - lo
        spin.setSingleStep(0.01 if span <= 1.01 else 0.1 if span <= 100 else 1.0)
        self._spin_defaults(spin)
        return _Field(param, spin, spin.value, lambda v: spin.setValue(float(v)),
                      lambda slot: spin.valueChanged.connect(slot))

    def _floats_field(self, param: Param) -> _Field:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        item = Param(param.name, "float", (param.default or [0.0])[0], param.help, param.min,
                     param.max, param.min_exclusive)
        parts = [self._float_field(item, v) for v in (param.default or [0.0] * param.length)]
        for part in parts:
            layout.addWidget(part.widget)

        def get():
            return [part.get() for part in parts]

        def put(values):
            for part, v in zip(parts, values):
                part.put(v)

        def connect(slot):
            for part in parts:
                part.connect(lambda _v: slot(get()))
        return _Field(param, row, get, put, connect)

    def _nullable_field(self, param: Param) -> _Field:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        check = QCheckBox(self.tr("set"))
        check.setToolTip(self.tr("unchecked: none ({})").format(core_texts.param_help(param)))
        default = param.default
        if default is None:
            default = (param.min or 0) + (1 if param.min_exclusive else 0)
        inner = self._plain_field(Param(param.name, param.kind, default, param.help, param.min,
                                        param.max, param.min_exclusive, param.choices,
                                        param.length))
        layout.addWidget(check)
        layout.addWidget(inner.widget, 1)

        def get():
            return inner.get() if check.isChecked() else None

        def put(v):
            check.setChecked(v is not None)
            inner.widget.setEnabled(v is not None)
            if v is not None:
                inner.put(v)

        def connect(slot):
            def toggled(on):
                inner.widget.setEnabled(on)
                slot(get())
            check.toggled.connect(toggled)
            inner.connect(lambda _v: slot(get()))
        return _Field(param, row, get, put, connect)

    @staticmethod
    def _spin_defaults(spin) -> None:
        # Emit once per finished entry (Enter, focus out, arrows), not per keystroke,
        # and ignore the mouse wheel unless the box has focus (scrolling the panel).
        spin.setKeyboardTracking(False)
        spin.setAccelerated(True)
        _guard_wheel(spin)


def relabel(form: ParamForm, labels: dict) -> None:
    """Replace the generated labels of ``form`` for the names in ``labels``."""
    layout = form.layout()
    for param in form.params:
        if param.name in labels:
            label = layout.labelForField(form.widget(param.name))
            if label is not None:
                label.setText(labels[param.name])
