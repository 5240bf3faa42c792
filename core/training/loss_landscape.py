"""The loss over a 2-D slice of weight space around the current weights.

Following Li et al., "Visualizing the Loss Landscape of Neural Nets" (NeurIPS 2018), the
slice is spanned by two random directions ``d1, d2`` drawn from a standard normal and
**filter-normalized**: every filter of the direction (for a dense layer the row of one
output neuron, ``weight[k, :]``; for a convolution one output filter, ``weight[k]``) is
scaled to the norm of the same filter in θ, so that the picture does not depend on the
scale of the weights (a ReLU network is unchanged when one layer's weights are multiplied
and the next one's divided). One-dimensional parameters (biases, batch normalization's
weight and bias, PReLU's slope) get a zero direction: the paper's ``ignore="biasbn"``,
which keeps them at θ.

The loss is the data loss the validation loss uses (inference mode: dropout off, batch
normalization on its running statistics; the L1/L2 penalty is not added), computed in
float64 on the CPU on the training split, or on a fixed random subsample of
:data:`MAX_SAMPLES` rows of it when it is larger.

Examples
--------
>>> surface = LossSurface(experiment, weights, x_train, y_train)   # doctest: +SKIP
>>> landscape = surface.landscape(21, path=[w0, w1, weights])       # doctest: +SKIP
>>> landscape.losses[10, 10] == surface.loss_at(0.0, 0.0)           # doctest: +SKIP
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.backend.devices import get_backend
from core.errors import SpecError
from core.nn.model import Model, Objective
from core.progress import report

#: Training rows the loss is computed on at most (a fixed random subsample beyond).
MAX_SAMPLES = 2000
#: Points per side of the grid, and the half-width of the slice in units of d1, d2.
DEFAULT_RESOLUTION = 21
DEFAULT_SPAN = 1.0


def filter_normalized_direction(weights: dict, rng: np.random.Generator) -> dict:
    """A random direction in parameter space, filter-normalized as in Li et al. (2018).

    Parameters
    ----------
    weights : dict
        ``name -> ndarray``: the parameters θ (host arrays).
    rng : numpy.random.Generator
        Draws ``N(0, 1)`` entries, one parameter after the other in ``weights``' order.

    Returns
    -------
    dict
        ``name -> float64 ndarray`` of each parameter's shape. For a parameter of two or
        more dimensions, every filter ``d[k]`` (axis 0: an output neuron's row, a
        convolution's output filter) satisfies ``‖d[k]‖ = ‖θ[k]‖``; one-dimensional
        parameters (biases, batch-norm parameters) are zero.
    """
    direction = {}
    for name, value in weights.items():
        theta = np.asarray(value, dtype=np.float64)
        d = rng.standard_normal(theta.shape)
        if theta.ndim <= 1:
            d[...] = 0.0
        else:
            rows, filters = d.reshape(theta.shape[0], -1), theta.reshape(theta.shape[0], -1)
            norms = np.linalg.norm(rows, axis=1)
            target = np.linalg.norm(filters, axis=1)
            scale = np.divide(target, norms, out=np.zeros_like(target), where=norms > 0)
            rows *= scale[:, None]
        direction[name] = d
    return direction


def subsample(n: int, limit: int = MAX_SAMPLES, seed: int = 0) -> np.ndarray:
    """Indices of the rows used: all ``n`` when ``n <= limit``, else ``limit`` of them
    drawn without replacement from ``seed`` (sorted), the same every time."""
    if n <= limit:
        return np.arange(n)
    return np.sort(np.random.default_rng([seed, 2]).choice(n, size=limit, replace=False))


@dataclass(frozen=True)
class LossLandscape:
    """The loss on an ``n × n`` grid around θ, and the optimizer's path on it.

    Attributes
    ----------
    alphas, betas : ndarray, shape (n,)
        The coordinates along ``d1`` (x, columns) and ``d2`` (y, rows).
    losses : ndarray, shape (n, n)
        ``losses[i, j] = L(θ + alphas[j]·d1 + betas[i]·d2)`` (NaN or inf where the loss
        overflows); the centre ``losses[n // 2, n // 2]`` is ``L(θ)``.
    center_loss : float
        ``L(θ)``.
    path : ndarray, shape (k, 2)
        ``(α_k, β_k)`` of each weight vector of the path (see :meth:`LossSurface.project`).
    samples : int
        Training rows the loss was averaged over.
    seed : int
        Seeds the directions and the subsample.
    """

    alphas: np.ndarray
    betas: np.ndarray
    losses: np.ndarray
    center_loss: float
    path: np.ndarray
    samples: int
    seed: int


class LossSurface:
    """The loss of one network around its weights θ, along two filter-normalized directions.

    Parameters
    ----------
    experiment : dict
        A normalized experiment: its ``model.layers`` and ``loss`` are used.
    weights : dict
        θ: a state dict (``"0.weight"`` …, buffers included), host arrays.
    x, y : ndarray
        The training inputs ``(N, features)`` and targets as the trainer sees them
        (standardized).
    input_shape : tuple, optional
        The per-sample input shape (images); default ``x.shape[1:]``.
    max_samples : int
        Rows used at most (:func:`subsample`).
    seed : int
        Seeds ``d1`` then ``d2`` (one generator) and the subsample.

    Raises
    ------
    SpecError
        The network has no parameter of two or more dimensions (nothing to move along),
        or the loss at θ is not finite.
    WeightsError
        ``weights`` do not fit the network.
    """

    def __init__(self, experiment: dict, weights: dict, x, y, input_shape=None,
                 max_samples: int = MAX_SAMPLES, seed: int = 0):
        x, y = np.asarray(x), np.asarray(y)
        rows = subsample(len(x), max_samples, seed)
        self.seed, self.samples = int(seed), len(rows)
        backend = get_backend("cpu", "float64")
        shape = tuple(x.shape[1:]) if input_shape is None else tuple(input_shape)
        self.model = Model(experiment["model"]["layers"], shape, backend,
                           seed=experiment["training"]["seed"])
        self.model.load_state_dict({k: np.asarray(v, dtype=np.float64)
                                    if np.asarray(v).dtype.kind == "f" else v
                                    for k, v in weights.items()}, "the weights")
        self.objective = Objective(self.model, experiment["loss"])
        self.x = backend.asarray(x[rows])
        self.target = self.objective.prepare_target(y[rows])
        self.params = self.model.parameters()
        #: θ: float64 copies of the parameters, in :meth:`Model.parameters` order.
        self.theta = {n: np.array(p, dtype=np.float64) for n, p in self.params.items()}
        rng = np.random.default_rng(seed)
        self.d1 = filter_normalized_direction(self.theta, rng)
        self.d2 = filter_normalized_direction(self.theta, rng)
        if not any(p.ndim >= 2 for p in self.theta.values()):
            raise SpecError("loss landscape: the network has no weight matrix or filter to "
                            "move along (only biases or batch-norm parameters); expected at "
                            "least one dense or convolution layer")
        self.center_loss = self.loss_at(0.0, 0.0)
        if not math.isfinite(self.center_loss):
            raise SpecError(f"loss landscape: the loss at the current weights is "
                            f"{self.center_loss}; expected a finite number (the run diverged)")

    def loss_at(self, alpha: float, beta: float) -> float:
        """``L(θ + α·d1 + β·d2)`` on the rows used (inference mode, float64)."""
        for name, p in self.params.items():
            p[...] = self.theta[name] + alpha * self.d1[name] + beta * self.d2[name]
        with np.errstate(all="ignore"):
            value = float(self.objective.loss_value(self.x, self.target))
        for name, p in self.params.items():
            p[...] = self.theta[name]
        return value

    def grid(self, resolution: int = DEFAULT_RESOLUTION, span: float = DEFAULT_SPAN):
        """``(alphas, betas, losses)`` on ``resolution × resolution`` points of
        ``[−span, span]²`` (see :class:`LossLandscape`); the centre is ``L(θ)`` exactly.

        Reports progress through :func:`core.progress.report` after every point, so it may
        raise :class:`core.progress.Cancelled`.
        """
        n = int(resolution)
        if n < 3 or n % 2 == 0:
            raise SpecError(f"loss landscape: resolution must be an odd number of at least 3 "
                            f"points per side (θ at the centre), got {resolution!r}")
        alphas = np.linspace(-span, span, n)
        alphas[n // 2] = 0.0
        betas = alphas.copy()
        losses = np.empty((n, n))
        total = n * n
        for i, beta in enumerate(betas):
            for j, alpha in enumerate(alphas):
                losses[i, j] = self.center_loss if i == j == n // 2 else \
                    self.loss_at(float(alpha), float(beta))
                done = i * n + j + 1
                report(done / total, f"Loss landscape: point {done} of {total}")
        return alphas, betas, losses

    def project(self, path) -> np.ndarray:
        """The coordinates ``(α_k, β_k)`` of each weight vector θ_k of ``path`` on the plane.

        Least squares: ``(α_k, β_k) = argmin ‖α·d1 + β·d2 − (θ_k − θ)‖`` over all
        parameters. Two random directions in a space of many dimensions are nearly
        orthogonal to the path, so the projected path is short next to the grid (Li et al.
        use PCA directions for that reason): that is expected, not a bug.

        Parameters
        ----------
        path : sequence of dict
            State dicts along the run (e.g. one per epoch), ending at θ for a path that
            ends at ``(0, 0)``.

        Returns
        -------
        ndarray, shape (k, 2)
        """
        if not len(path):
            return np.zeros((0, 2))
        names = list(self.theta)
        basis = np.column_stack([np.concatenate([self.d1[n].ravel() for n in names]),
                                 np.concatenate([self.d2[n].ravel() for n in names])])
        theta = np.concatenate([self.theta[n].ravel() for n in names])
        steps = np.column_stack([
            np.concatenate([np.asarray(w[n], dtype=np.float64).ravel() for n in names]) - theta
            for w in path])
        coords, *_ = np.linalg.lstsq(basis, steps, rcond=None)
        return coords.T.copy()

    def landscape(self, resolution: int = DEFAULT_RESOLUTION, span: float = DEFAULT_SPAN,
                  path=()) -> LossLandscape:
        """The grid (:meth:`grid`) and the projected ``path`` (:meth:`project`) together."""
        coords = self.project(list(path))
        alphas, betas, losses = self.grid(resolution, span)
        return LossLandscape(alphas, betas, losses, self.center_loss, coords, self.samples,
                             self.seed)


def compute_landscape(experiment: dict, weights: dict, x, y, path=(),
                      resolution: int = DEFAULT_RESOLUTION, span: float = DEFAULT_SPAN,
                      seed: int = 0, max_samples: int = MAX_SAMPLES,
                      input_shape=None) -> LossLandscape:
    """The loss landscape around ``weights`` with ``path`` projected on it.

    See :class:`LossSurface` for the parameters; reports progress and may raise
    :class:`core.progress.Cancelled`.
    """
    surface = LossSurface(experiment, weights, x, y, input_shape, max_samples, seed)
    return surface.landscape(resolution, span, path)
