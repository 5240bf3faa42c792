"""The CPU error function (GELU's exact form) against Python's math.erf."""

import math

import numpy as np

from core.nn.layers.erf import erf, erf_numpy


def test_erf_numpy_agrees_with_math_erf_to_1e_14():
    x = np.concatenate([np.linspace(-7, 7, 2801), [0.0, -0.0, 2.5, -2.5, 2.4999999, 30.0]])
    expected = np.array([math.erf(v) for v in x])
    np.testing.assert_allclose(erf_numpy(x), expected, rtol=0, atol=1e-14)


def test_erf_keeps_the_dtype_and_dispatches_numpy_arrays_to_erf_numpy():
    x = np.linspace(-3, 3, 13, dtype=np.float32)
    y = erf(x, np)
    assert y.dtype == np.float32
    np.testing.assert_array_equal(y, erf_numpy(x))
    np.testing.assert_allclose(y, [math.erf(float(v)) for v in x], rtol=0, atol=1e-7)
