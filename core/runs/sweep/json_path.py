"""Paths into a JSON document, as sweep files name the fields they vary.

``"optimizer.lr"``, ``"model.layers[0].units"``, ``"training.batch_size"``: object keys
separated by dots, list indices in brackets. :func:`parse` turns a path into its steps,
:func:`get` reads the value there and :func:`put` writes one (in a copy it is given).
"""

from __future__ import annotations

import re

from core.errors import SpecError

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[[0-9]+\])*)")
_INDEX = re.compile(r"\[([0-9]+)\]")


def parse(path: str) -> tuple:
    """The steps of ``path``: keys (str) and indices (int).

    Raises
    ------
    SpecError
        ``path`` is not of the form ``key.key[0].key``.
    """
    if not isinstance(path, str) or not path:
        raise SpecError(f"{path!r}: expected a JSON path such as \"optimizer.lr\" or "
                        "\"model.layers[0].units\"")
    steps: list = []
    for part in path.split("."):
        match = _STEP.fullmatch(part)
        if not match:
            raise SpecError(f"{path}: not a JSON path (expected keys separated by dots and "
                            "list positions in brackets, e.g. \"model.layers[0].units\")")
        steps.append(match.group(1))
        steps.extend(int(i) for i in _INDEX.findall(match.group(2)))
    return tuple(steps)


def show(steps) -> str:
    """Steps back as a path: ``("model", "layers", 0)`` → ``"model.layers[0]"``."""
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def get(doc, path: str):
    """The value at ``path`` in ``doc``.

    Raises
    ------
    SpecError
        Naming the first step that does not exist: ``model.layers[7]: the base experiment
        has no such field (model.layers has 4 items)``.
    """
    value = doc
    steps = parse(path)
    for i, step in enumerate(steps):
        where = show(steps[:i + 1])
        if isinstance(step, int):
            if not isinstance(value, list) or step >= len(value):
                size = f" ({show(steps[:i])} has {len(value)} items)" \
                    if isinstance(value, list) else ""
                raise SpecError(f"{where}: the base experiment has no such field{size}")
        elif not isinstance(value, dict) or step not in value:
            raise SpecError(f"{where}: the base experiment has no such field")
        value = value[step]
    return value


def put(doc, path: str, value, filled=None) -> None:
    """Set ``path`` in ``doc`` to ``value``, creating missing objects on the way (the
    raw base file may leave out what the normalized one fills in).

    ``filled`` is the normalized document: an object created on the way takes its
    ``"type"`` from there (``optimizer.lr`` in a file without an ``optimizer`` section
    gives ``{"type": "adam", "lr": …}``, not an optimizer without a type).
    """
    steps = parse(path)
    node, twin = doc, filled
    for i, step in enumerate(steps[:-1]):
        following = steps[i + 1]
        if isinstance(step, int):
            if not isinstance(node, list) or step >= len(node):
                raise SpecError(f"{show(steps[:i + 1])}: the base experiment has no such field")
        elif not isinstance(node, dict):
            raise SpecError(f"{show(steps[:i + 1])}: the base experiment has no such field")
        elif step not in node:
            if isinstance(following, int):
                raise SpecError(f"{show(steps[:i + 1])}: the base experiment has no such "
                                "field")
            known = _child(twin, step)
            node[step] = {"type": known["type"]} if isinstance(known, dict) and \
                "type" in known else {}
        node, twin = node[step], _child(twin, step)
    last = steps[-1]
    if isinstance(last, int):
        if not isinstance(node, list) or last >= len(node):
            raise SpecError(f"{path}: the base experiment has no such field")
    elif not isinstance(node, dict):
        raise SpecError(f"{path}: the base experiment has no such field")
    node[last] = value


def _child(node, step):
    """``node[step]`` when it exists, else None."""
    if isinstance(step, int):
        return node[step] if isinstance(node, list) and step < len(node) else None
    return node.get(step) if isinstance(node, dict) else None
