"""Feature crosses for the 2-D toy sets, as in TensorFlow Playground.

A 2-D synthetic set (circle, xor, gauss, spiral, moons, plane) may feed the network
more than its two coordinates: squares, their product and sines, chosen by name::

    {"source": "circle", "features": ["x1", "x2", "x1^2", "x2^2"]}

With ``x1^2`` and ``x2^2`` a network without a hidden layer separates the circle (the
boundary ``x1² + x2² = r²`` is a straight line in those inputs). The points themselves
stay in the (x1, x2) plane: the data preview, the decision boundary and the neuron maps
draw over it, and :class:`PlaneInputs` turns any point of the plane into the network's
inputs (crossed, then standardized with the training rows' statistics).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from core.errors import SpecError
from core.wording import show_value

#: Every cross a 2-D set offers, in the order the Data panel shows them.
CROSS_FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")
#: What a data section without ``features`` gives the network.
DEFAULT_FEATURES = ("x1", "x2")
#: How the Data panel labels each cross.
CROSS_LABELS = {"x1": "X₁", "x2": "X₂", "x1^2": "X₁²", "x2^2": "X₂²", "x1*x2": "X₁X₂",
                "sin(x1)": "sin(X₁)", "sin(x2)": "sin(X₂)"}

_COLUMNS = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}


def normalize_features(value, path: str = "data.features") -> list[str]:
    """Validate a ``features`` list and return it in :data:`CROSS_FEATURES` order.

    Raises
    ------
    SpecError
        Not a list, empty, an unknown name, or a name given twice, e.g.
        ``data.features[2]: unknown feature "x3"; expected one of "x1", "x2", …``.
    """
    choices = ", ".join(json.dumps(n) for n in CROSS_FEATURES)
    if not isinstance(value, list):
        raise SpecError(f"{path}: expected a list of feature names ({choices}), got "
                        f"{show_value(value)}")
    if not value:
        raise SpecError(f"{path}: the network needs at least one input; expected one or more "
                        f"of {choices}")
    seen = set()
    for i, name in enumerate(value):
        if not isinstance(name, str) or name not in _COLUMNS:
            raise SpecError(f"{path}[{i}]: unknown feature {show_value(name)}; expected one of "
                            f"{choices}")
        if name in seen:
            raise SpecError(f"{path}[{i}]: {json.dumps(name)} is listed twice; list each "
                            "feature once")
        seen.add(name)
    return [n for n in CROSS_FEATURES if n in seen]


def cross(plane: np.ndarray, features) -> np.ndarray:
    """The network's raw inputs for points of the plane.

    Parameters
    ----------
    plane : ndarray, shape (N, 2)
        Points (x1, x2) in the data's own units.
    features : sequence of str
        Names from :data:`CROSS_FEATURES`.

    Returns
    -------
    ndarray, float64, shape (N, len(features))
    """
    plane = np.asarray(plane, dtype=np.float64)
    x1, x2 = plane[:, 0], plane[:, 1]
    return np.column_stack([_COLUMNS[name](x1, x2) for name in features]) \
        if len(plane) else np.zeros((0, len(features)))


@dataclass(eq=False)
class PlaneInputs:
    """The (x1, x2) plane behind crossed inputs, and the way from a point to the network.

    Attributes
    ----------
    features : tuple of str
        The crosses the network reads, in order.
    train, val : ndarray, shape (N, 2)
        The training and validation points in the data's own units (the rows of the
        prepared ``train`` and ``val`` sets, in the same order).
    standardizer : Standardizer or None
        Fitted on the crossed training rows; None without standardization.
    """

    features: tuple[str, ...]
    train: np.ndarray
    val: np.ndarray
    standardizer: object | None

    def model_inputs(self, points: np.ndarray) -> np.ndarray:
        """Points ``(n, 2)`` of the plane (data units) as the network's inputs ``(n, k)``."""
        x = cross(points, self.features)
        return self.standardizer.transform(x) if self.standardizer is not None else x
