"""Initializers: statistics match their formulas; the same seed gives the same weights."""

import math

import numpy as np
import pytest

from core import registry
from core.nn.initializers import INITIALIZER_NAMES
from core.nn.model import Model

FAN_IN, FAN_OUT = 400, 300


def weights(init, seed=0):
    model = Model([{"type": "dense", "units": FAN_OUT, "init": init}], FAN_IN, seed=seed)
    p = model.parameters()
    return p["0.weight"].astype(np.float64), p["0.bias"].astype(np.float64)


UNIFORM_BOUNDS = {
    "torch_default": 1 / math.sqrt(FAN_IN),
    "glorot_uniform": math.sqrt(6 / (FAN_IN + FAN_OUT)),
    "he_uniform": math.sqrt(6 / FAN_IN),
    "uniform": 0.05,
}
NORMAL_STDS = {
    "glorot_normal": math.sqrt(2 / (FAN_IN + FAN_OUT)),
    "he_normal": math.sqrt(2 / FAN_IN),
    "normal": 0.05,
}


def test_registry_lists_every_initializer():
    assert set(registry.names("initializer")) == set(INITIALIZER_NAMES)


@pytest.mark.parametrize("name", sorted(UNIFORM_BOUNDS))
def test_uniform_initializers(name):
    w, b = weights(name)
    bound = UNIFORM_BOUNDS[name]
    assert w.shape == (FAN_OUT, FAN_IN)
    assert np.abs(w).max() <= bound
    assert np.abs(w).max() > 0.99 * bound  # fills the range
    # variance of U(−a, a) is a²/3
    assert w.var() == pytest.approx(bound ** 2 / 3, rel=0.02)
    assert abs(w.mean()) < 0.01 * bound
    if name == "torch_default":
        assert np.abs(b).max() <= bound and b.std() > 0.3 * bound
    else:
        np.testing.assert_array_equal(b, 0)


@pytest.mark.parametrize("name", sorted(NORMAL_STDS))
def test_normal_initializers(name):
    w, b = weights(name)
    assert w.std() == pytest.approx(NORMAL_STDS[name], rel=0.02)
    assert abs(w.mean()) < 0.02 * NORMAL_STDS[name]
    np.testing.assert_array_equal(b, 0)


def test_zeros():
    w, b = weights("zeros")
    assert not w.any() and not b.any()


@pytest.mark.parametrize("name", INITIALIZER_NAMES)
def test_same_seed_same_weights_other_seed_other_weights(name):
    w1, b1 = weights(name, seed=5)
    w2, b2 = weights(name, seed=5)
    np.testing.assert_array_equal(w1, w2)
    np.testing.assert_array_equal(b1, b2)
    if name != "zeros":
        assert not np.array_equal(w1, weights(name, seed=6)[0])
