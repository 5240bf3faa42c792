"""A plane through the input space, for drawing a network with more than two inputs.

The decision boundary and the neuron maps are pictures over a plane. With two input
features the plane is the input space itself; with more, it is a 2-D slice through it,
chosen by the person (TensorFlow Playground has only 2-D data; this is the workbench's
answer for tables and images):

* ``PlaneChoice("features", a, b)``: input features ``a`` and ``b`` vary, every other
  feature is held at its mean over the training rows;
* ``PlaneChoice("pca")``: the plane of the first two principal components of the
  training rows (fitted here, on the rows the network trains on, after standardization),
  through their mean. For images the rows are the flattened pixels; a point of the plane
  is a whole image (``mean + u·pc₁ + v·pc₂``), reshaped by the model like any input row.

Both are the same affine map: a point ``(u, v)`` of the plane is the input row
``origin + u·axes[0] + v·axes[1]``, and a data row ``x`` projects to
``(x − origin)·axesᵀ`` (the axes are orthonormal, so projecting a point of the plane
gives it back). All values are in the network's input units (standardized when the run
standardizes); the Qt panels map feature axes back to the data's own units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Most training rows the principal components are fitted on (evenly spaced rows beyond
#: it): a 60,000-row table costs a 5,000-row SVD, well under a second.
PCA_ROWS = 5000
KINDS = ("features", "pca")


@dataclass(frozen=True)
class PlaneChoice:
    """Which plane to draw over: ``kind`` ``"features"`` (features ``a`` × ``b``, the
    others at their mean) or ``"pca"`` (the first two principal components)."""

    kind: str = "pca"
    a: int = 0
    b: int = 1

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"plane kind: expected one of {KINDS}, got {self.kind!r}")


def default_choice(n_features: int) -> PlaneChoice | None:
    """The plane drawn before the person picks one: None for two features (the input
    space itself), the first two principal components for more (the view that shows most
    of the data's spread, the useful one for images such as digits)."""
    return PlaneChoice("pca") if n_features > 2 else None


class InputPlane:
    """The affine plane of a :class:`PlaneChoice` through the training rows.

    Parameters
    ----------
    choice : PlaneChoice
    x_train : ndarray, shape (N, D)
        The rows the network trains on (standardized, flat; N ≥ 1).

    Attributes
    ----------
    origin : ndarray, float64, shape (D,)
        The input row at ``(0, 0)``: the training mean (features: with ``a`` and ``b`` set
        to 0, so that the plane's coordinates are the feature values themselves).
    axes : ndarray, float64, shape (2, D)
        Orthonormal directions of the plane's two coordinates.
    explained : tuple of float or None
        PCA: the share of the training rows' variance along each axis; else None.
    """

    def __init__(self, choice: PlaneChoice, x_train: np.ndarray):
        x = np.asarray(x_train, dtype=np.float64).reshape(len(x_train), -1)
        d = x.shape[1]
        self.choice = choice
        mean = x.mean(axis=0) if len(x) else np.zeros(d)
        self.explained = None
        if choice.kind == "features":
            if not (0 <= choice.a < d and 0 <= choice.b < d and choice.a != choice.b):
                raise ValueError(f"plane features: expected two different indices below {d}, "
                                 f"got {choice.a} and {choice.b}")
            self.axes = np.zeros((2, d))
            self.axes[0, choice.a] = self.axes[1, choice.b] = 1.0
            self.origin = mean.copy()
            self.origin[[choice.a, choice.b]] = 0.0
        else:
            self.origin = mean
            self.axes, self.explained = principal_axes(x, mean)

    def project(self, x: np.ndarray) -> np.ndarray:
        """Data rows ``(N, D)`` (or ``(N, *image)``) as points ``(N, 2)`` of the plane."""
        x = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
        return (x - self.origin) @ self.axes.T

    def inputs(self, points: np.ndarray) -> np.ndarray:
        """Points ``(n, 2)`` of the plane as the network's input rows ``(n, D)``."""
        return self.origin + np.asarray(points, dtype=np.float64) @ self.axes


def principal_axes(x: np.ndarray, mean: np.ndarray) -> tuple[np.ndarray, tuple]:
    """The first two principal directions of the rows ``x`` ``(N, D)`` and their shares of
    the variance: the leading right singular vectors of ``x − mean`` (at most
    :data:`PCA_ROWS` evenly spaced rows), each signed so that its largest component is
    positive (the same data gives the same picture). Fewer than two directions with
    variance (one row, one feature) are completed by unit vectors orthogonal to them."""
    rows = x if len(x) <= PCA_ROWS else x[np.linspace(0, len(x) - 1, PCA_ROWS).astype(np.int64)]
    centred = rows - mean
    _u, s, vt = np.linalg.svd(centred, full_matrices=False)
    total = float(np.sum(s * s))
    axes = np.zeros((2, x.shape[1]))
    shares = [0.0, 0.0]
    for k in range(min(2, len(vt))):
        axes[k] = vt[k]
        shares[k] = float(s[k] * s[k] / total) if total > 0 else 0.0
    for k in range(2):   # a degenerate direction: the first unit vector not yet spanned
        if not np.any(axes[k]):
            for j in range(x.shape[1]):
                e = np.zeros(x.shape[1])
                e[j] = 1.0
                e -= axes[:k].T @ (axes[:k] @ e)
                if np.linalg.norm(e) > 1e-6:
                    axes[k] = e / np.linalg.norm(e)
                    break
    for k in range(2):
        if axes[k][np.argmax(np.abs(axes[k]))] < 0:
            axes[k] = -axes[k]
    return axes, (shares[0], shares[1])
