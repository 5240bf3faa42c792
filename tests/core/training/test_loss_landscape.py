"""The loss landscape: filter-normalized directions, the grid, the projected path."""

import copy

import numpy as np
import pytest

from core.backend.devices import get_backend
from core.errors import SpecError
from core.experiment import default_experiment
from core.nn.model import Model, Objective
from core.progress import Cancelled, reporting
from core.training.loss_landscape import (
    LossSurface,
    compute_landscape,
    filter_normalized_direction,
    subsample,
)
from core.training.trainer import Trainer


def spiral_run(epochs=3, samples=300):
    exp = copy.deepcopy(default_experiment())
    exp["data"]["samples"] = samples
    exp["training"]["epochs"] = epochs
    trainer = Trainer(exp, snapshots=True)
    path = [trainer.model.state_dict()]
    trainer.run(lambda e: path.append(e.weights) if getattr(e, "weights", None) else None)
    train = trainer.prepared.train
    return exp, trainer.model.state_dict(), path, train.X, train.y


def independent_loss(exp, weights, x, y):
    """The engine's loss for ``weights``, through a model of its own (float64, CPU)."""
    model = Model(exp["model"]["layers"], x.shape[1], get_backend("cpu", "float64"))
    model.load_state_dict(weights)
    objective = Objective(model, exp["loss"])
    return float(objective.loss_value(model.backend.asarray(x), objective.prepare_target(y)))


def test_grid_centre_is_the_loss_at_theta_and_any_point_the_engines_loss_there():
    exp, theta, path, x, y = spiral_run()
    surface = LossSurface(exp, theta, x, y, seed=4)
    alphas, betas, losses = surface.grid(5, span=0.5)
    assert alphas.tolist() == [-0.5, -0.25, 0.0, 0.25, 0.5] and betas.tolist() == alphas.tolist()
    assert losses[2, 2] == independent_loss(exp, theta, x, y)
    i, j = 0, 3        # β = −0.5, α = 0.25: row i is β, column j is α
    moved = {n: np.asarray(v, dtype=np.float64) for n, v in theta.items()}
    for n in surface.d1:
        moved[n] = moved[n] + alphas[j] * surface.d1[n] + betas[i] * surface.d2[n]
    assert losses[i, j] == independent_loss(exp, moved, x, y)
    assert losses[i, j] != losses[2, 2]
    # trained weights sit in a valley: the slice rises away from the centre
    assert losses[2, 2] < losses[0, 0] and losses[2, 2] < losses[4, 4]


def test_directions_are_filter_normalized_with_zero_biases():
    theta = {"0.weight": np.arange(1.0, 13.0).reshape(4, 3), "0.bias": np.ones(4),
             "2.weight": np.linspace(-2, 2, 2 * 3 * 3 * 3).reshape(2, 3, 3, 3),
             "3.weight": np.ones(5), "3.bias": np.zeros(5)}   # a conv, a batch norm
    theta["0.weight"][1] = 0.0                                # a filter of zeros
    d = filter_normalized_direction(theta, np.random.default_rng(0))
    for name in ("0.weight", "2.weight"):
        rows_d = np.linalg.norm(d[name].reshape(len(d[name]), -1), axis=1)
        rows_t = np.linalg.norm(theta[name].reshape(len(theta[name]), -1), axis=1)
        np.testing.assert_allclose(rows_d, rows_t, rtol=1e-12, atol=0)
        assert d[name].shape == theta[name].shape
    assert not d["0.weight"][1].any()
    for name in ("0.bias", "3.weight", "3.bias"):
        assert not d[name].any()
    again = filter_normalized_direction(theta, np.random.default_rng(0))
    assert all(np.array_equal(d[n], again[n]) for n in d)     # seeded
    # the direction is random: not θ's filters themselves
    assert not np.allclose(d["0.weight"][0], theta["0.weight"][0])


def test_linear_regression_with_mse_is_the_exact_paraboloid_of_its_hessian():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(50, 4))
    y = x @ np.array([1.0, -2.0, 0.5, 3.0]) + 0.3 * rng.normal(size=50)
    exp = {"model": {"layers": [{"type": "dense", "units": 1}]}, "loss": {"type": "mse"},
           "training": {"seed": 0}}
    theta = {"0.weight": np.array([[0.5, -1.0, 0.0, 2.0]]), "0.bias": np.array([0.2])}
    surface = LossSurface(exp, theta, x, y[:, None], seed=1)
    alphas, betas, losses = surface.grid(7, span=2.0)
    u1, u2 = x @ surface.d1["0.weight"][0], x @ surface.d2["0.weight"][0]
    r = x @ theta["0.weight"][0] + 0.2 - y
    n = len(x)
    hessian = 2.0 / n * np.array([[u1 @ u1, u1 @ u2], [u2 @ u1, u2 @ u2]])
    gradient = 2.0 / n * np.array([r @ u1, r @ u2])
    a, b = np.meshgrid(alphas, betas)              # a[i, j] = alphas[j], b[i, j] = betas[i]
    c = np.stack([a, b], axis=-1)
    expected = np.mean(r * r) + c @ gradient + 0.5 * np.einsum("ijk,kl,ijl->ij", c, hessian, c)
    np.testing.assert_allclose(losses, expected, rtol=1e-12)
    assert np.linalg.eigvalsh(hessian).min() > 0  # a bowl, as MSE on a linear model must be


def test_path_projection_recovers_coordinates_of_a_path_in_the_plane():
    exp, theta, _path, x, y = spiral_run(epochs=1)
    surface = LossSurface(exp, theta, x, y, seed=2)
    known = np.array([[0.8, -0.6], [0.5, -0.2], [0.1, 0.3], [0.0, 0.0]])
    path = [{n: np.asarray(theta[n], dtype=np.float64) + a * surface.d1[n] + b * surface.d2[n]
             for n in surface.d1} for a, b in known]
    np.testing.assert_allclose(surface.project(path), known, atol=1e-12)
    # a step off the plane (a bias change) does not move the projection
    off = dict(path[0])
    off["0.bias"] = off["0.bias"] + 5.0
    np.testing.assert_allclose(surface.project([off])[0], known[0], atol=1e-12)


def test_real_path_ends_at_the_origin_and_results_are_reproducible():
    exp, theta, path, x, y = spiral_run(epochs=3)
    first = compute_landscape(exp, theta, x, y, path=path, resolution=3, seed=5)
    second = compute_landscape(exp, theta, x, y, path=path, resolution=3, seed=5)
    assert first.path.shape == (4, 2) and np.array_equal(first.path[-1], [0.0, 0.0])
    assert np.abs(first.path[0]).max() > 0           # the start lies elsewhere on the plane
    assert np.array_equal(first.losses, second.losses)
    assert np.array_equal(first.path, second.path)
    other = compute_landscape(exp, theta, x, y, resolution=3, seed=6)
    assert other.losses[1, 1] == first.losses[1, 1] and \
        not np.array_equal(other.losses, first.losses)


def test_subsample_is_fixed_and_at_most_the_limit():
    assert subsample(10, 2000).tolist() == list(range(10))
    picked = subsample(5000, 2000, seed=1)
    assert len(picked) == 2000 == len(np.unique(picked)) and picked.max() < 5000
    assert np.array_equal(picked, subsample(5000, 2000, seed=1))
    assert np.all(np.diff(picked) > 0)


def test_progress_is_reported_and_cancel_abandons_the_grid():
    exp, theta, _path, x, y = spiral_run(epochs=1)
    surface = LossSurface(exp, theta, x, y)
    seen = []
    with reporting(lambda f, text: seen.append(f)):
        surface.grid(3)
    assert seen[-1] == 1.0 and len(seen) == 9 and seen == sorted(seen)

    def cancel_at_half(fraction, text):
        if fraction >= 0.5:
            raise Cancelled()
    with reporting(cancel_at_half), pytest.raises(Cancelled):
        surface.grid(5)


def test_bad_requests_get_one_sentence():
    exp, theta, _path, x, y = spiral_run(epochs=1)
    with pytest.raises(SpecError, match="odd number"):
        LossSurface(exp, theta, x, y).grid(4)
    broken = dict(theta)
    broken["0.weight"] = np.full_like(theta["0.weight"], np.nan)
    with pytest.raises(SpecError, match="not|nan"):
        LossSurface(exp, broken, x, y)
    only_bias = {"model": {"layers": [{"type": "batch_norm"}]}, "loss": {"type": "mse"},
                 "training": {"seed": 0}}
    with pytest.raises(SpecError, match="no weight matrix"):
        LossSurface(only_bias, {"0.weight": np.ones(2), "0.bias": np.zeros(2),
                                "0.running_mean": np.zeros(2), "0.running_var": np.ones(2)},
                    np.ones((4, 2)), np.ones((4, 2)))
