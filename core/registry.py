"""One registry of every building block the user can choose.

Layers (with activations and regularization layers), losses, initializers, optimizers,
learning-rate schedules and data sources each register here once, with their
parameters (type, default, range, choices), a one-line help text taken from the primer,
and the formula. Spec validation, the experiment file, the GUI palette and property
forms, and the documentation are all generated from these entries: adding a layer
means one class and one ``@register`` line, nothing in the GUI.

The registry imports no registrant: :mod:`core.catalog` imports every built-in one, and
``import core`` imports the catalog, so every entry is there before the first lookup.
A registered class or function knows its own entry (``cls.entry``), and validates through
it (:meth:`Entry.normalize`) without a lookup by name.

Example
-------
>>> from core import registry
>>> registry.normalize("layer", {"type": "dense", "units": 8}, "model.layers[0]")
{'type': 'dense', 'units': 8, 'bias': True, 'init': 'torch_default'}
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.errors import SpecError
from core.wording import show_value

CATEGORIES = ("layer", "loss", "initializer", "optimizer", "schedule", "dataset")


@dataclass(frozen=True)
class Param:
    """One field of a spec.

    ``kind`` is one of ``int``, ``float``, ``bool``, ``choice``, ``str`` or ``floats``
    (a fixed-length list of numbers, e.g. Adam's betas). ``min``/``max`` bound numbers;
    ``min_exclusive`` makes the lower bound strict (units > 0, lr > 0).
    """

    name: str
    kind: str
    default: Any
    help: str = ""
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False
    choices: tuple = ()
    length: int = 0
    nullable: bool = False

    def describe_expected(self) -> str:
        """The 'expected ...' part of an error message, e.g. 'a positive integer'."""
        if self.kind == "bool":
            return "true or false"
        if self.kind == "choice":
            return "one of " + ", ".join(json.dumps(c) for c in self.choices)
        if self.kind == "str":
            return "a text string"
        if self.kind == "floats":
            return f"a list of {self.length} numbers" + self._range_text()
        noun = "integer" if self.kind == "int" else "number"
        if self.min == 0 and (self.min_exclusive or self.max is None):
            upto = f" up to {_fmt(self.max)}" if self.max is not None else ""
            return f"a {'positive' if self.min_exclusive else 'non-negative'} {noun}{upto}"
        article = "an" if noun == "integer" else "a"
        return f"{article} {noun}{self._range_text()}"

    def _range_text(self) -> str:
        lo, hi = self.min, self.max
        if lo is None and hi is None:
            return ""
        if hi is None:
            return f" {'>' if self.min_exclusive else '≥'} {_fmt(lo)}"
        if lo is None:
            return f" ≤ {_fmt(hi)}"
        if self.min_exclusive:
            return f" in ({_fmt(lo)}, {_fmt(hi)}]"
        return f" between {_fmt(lo)} and {_fmt(hi)}"

    def coerce(self, value: Any, path: str) -> Any:
        """Return ``value`` checked and normalized, or raise :class:`SpecError`."""
        if value is None and self.nullable:
            return None
        bad = SpecError(f"{path}: expected {self.describe_expected()}, got {show_value(value)}")
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise bad
            return value
        if self.kind == "choice":
            if value not in self.choices:
                raise bad
            return value
        if self.kind == "str":
            if not isinstance(value, str):
                raise bad
            return value
        if self.kind == "floats":
            if not isinstance(value, (list, tuple)) or len(value) != self.length:
                raise bad
            return [self._number(v, bad, float) for v in value]
        return self._number(value, bad, int if self.kind == "int" else float)

    def _number(self, value: Any, bad: SpecError, cast: type) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad
        if isinstance(value, float) and not math.isfinite(value):
            raise bad
        if cast is int:
            if isinstance(value, float) and not value.is_integer():
                raise bad
            value = int(value)  # compared as an exact integer: 10**400 is simply too big
        else:
            try:
                value = float(value)
            except OverflowError:  # an integer beyond the largest float (~1.8e308)
                raise bad from None
        below = self.min is not None and \
            (value < self.min or (self.min_exclusive and value == self.min))
        if below:
            raise bad
        if self.max is not None and value > self.max:
            raise bad
        return value


@dataclass(frozen=True)
class Entry:
    """A registered building block: what it is called, what it takes, what it does."""

    category: str
    name: str
    title: str
    group: str
    help: str
    formula: str
    params: tuple[Param, ...]
    factory: Callable
    aliases: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def defaults(self) -> dict:
        return {p.name: p.default for p in self.params}

    def tooltip(self) -> str:
        """Help text and formula, for tooltips and documentation."""
        return self.help + (f"\n\n{self.formula}" if self.formula else "")

    def normalize(self, spec: dict, path: str) -> dict:
        """``spec``'s fields checked against this entry, with every default filled in.

        ``spec`` may hold a ``"type"`` (ignored: the caller chose this entry by it).
        Returns ``{"type": name, **fields}`` in the order of :attr:`params`.

        Raises
        ------
        SpecError
            An unknown field, or a field of the wrong type or out of range.
        """
        known = {p.name for p in self.params}
        frozen = self._frozen(spec, path)
        for key in spec:
            if key != "type" and key != FROZEN and key not in known:
                allowed = ", ".join(json.dumps(k) for k in sorted(known)) or "no other fields"
                raise SpecError(f"{path}.{key}: unknown field for {self.name}; allowed: {allowed}")
        out = {"type": self.name}
        for p in self.params:
            out[p.name] = p.coerce(spec[p.name], f"{path}.{p.name}") if p.name in spec \
                else _copy(p.default)
        if frozen:
            out[FROZEN] = True
        return out

    def _frozen(self, spec: dict, path: str) -> bool:
        """A layer's ``"frozen"`` flag (no updates while training), checked: a boolean, on
        a layer type with trained parameters only. Kept in the normalized spec only when
        true, so specs without it stay as they were."""
        if FROZEN not in spec:
            return False
        value = spec[FROZEN]
        if self.category != "layer":
            raise SpecError(f"{path}.{FROZEN}: unknown field for {self.name}; only layers "
                            "can be frozen")
        if not isinstance(value, bool):
            raise SpecError(f"{path}.{FROZEN}: expected true or false, got {show_value(value)}")
        if value and not getattr(self.factory, "trainable", False):
            raise SpecError(f"{path}.{FROZEN}: a {self.name} layer has no trained weights to "
                            "freeze; only layers with weights (such as dense) can be frozen")
        return value


#: The field of a layer spec that freezes its parameters (see :meth:`Entry.normalize`).
FROZEN = "frozen"

_REGISTRY: dict[str, dict[str, Entry]] = {c: {} for c in CATEGORIES}
_ALIASES: dict[str, dict[str, str]] = {c: {} for c in CATEGORIES}


def register(category: str, name: str, *, help: str, formula: str = "", params=(),
             title: str | None = None, group: str = "", aliases=(), **extra):
    """Class or function decorator that adds an :class:`Entry` to the registry.

    The decorated class or function gets the entry as its ``entry`` attribute.
    """
    if category not in _REGISTRY:
        raise ValueError(f"unknown registry category {category!r}")

    def decorate(factory):
        entry = Entry(category, name, title or name.replace("_", " "), group, help, formula,
                      tuple(params), factory, tuple(aliases), dict(extra))
        _REGISTRY[category][name] = entry
        for alias in aliases:
            _ALIASES[category][alias] = name
        factory.entry = entry
        return factory

    return decorate


def unregister(category: str, name: str) -> None:
    """Remove the entry called ``name`` and its aliases (a test's own layer type, say)."""
    entry = _REGISTRY[category].pop(name)
    for alias in entry.aliases:
        _ALIASES[category].pop(alias, None)


def entries(category: str, group: str | None = None) -> list[Entry]:
    """Every entry of ``category`` (optionally one palette group), in registration order."""
    return [e for e in _REGISTRY[category].values() if group is None or e.group == group]


def names(category: str) -> list[str]:
    return [e.name for e in entries(category)]


def get(category: str, name: str, path: str = "type") -> Entry:
    """The entry called ``name`` (or one of its aliases); :class:`SpecError` if unknown."""
    table = _REGISTRY[category]
    canonical = _ALIASES[category].get(name, name) if isinstance(name, str) else name
    if not isinstance(canonical, str) or canonical not in table:
        choices = ", ".join(json.dumps(n) for n in table)
        raise SpecError(f"{path}: expected one of {choices}, got {show_value(name)}")
    return table[canonical]


def normalize(category: str, spec: Any, path: str) -> dict:
    """Validate a spec dict and return it with its canonical type name and all defaults.

    Parameters
    ----------
    category : str
        One of :data:`CATEGORIES`.
    spec : dict
        ``{"type": name, **fields}``; a bare string is taken as ``{"type": spec}``.
    path : str
        JSON path of the spec, used to start every error message.

    Raises
    ------
    SpecError
        Unknown type, unknown field, or a field of the wrong type or out of range.
    """
    if isinstance(spec, str):
        spec = {"type": spec}
    if not isinstance(spec, dict):
        raise SpecError(f"{path}: expected an object with a \"type\" field, "
                        f"got {show_value(spec)}")
    if "type" not in spec:
        raise SpecError(f"{path}.type: missing; expected one of "
                        + ", ".join(json.dumps(n) for n in names(category)))
    return get(category, spec["type"], f"{path}.type").normalize(spec, path)


def _copy(value):
    return list(value) if isinstance(value, (list, tuple)) else value


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(x)

