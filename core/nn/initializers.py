"""Weight initializers for dense layers.

Every initializer draws from the one ``numpy.random.Generator`` the model is built with,
on the host and in float64, so the same seed gives the same weights on every backend.
Weights are shaped ``(fan_out, fan_in)`` as in PyTorch's ``nn.Linear``.
"""

from __future__ import annotations

import math

import numpy as np

from core.registry import register

INITIALIZER_NAMES = ("torch_default", "zeros", "normal", "uniform", "glorot_uniform",
                     "glorot_normal", "he_uniform", "he_normal")

NORMAL_STD = 0.05
UNIFORM_LIMIT = 0.05


def _init(name, title, help, formula):
    return register("initializer", name, title=title, help=help, formula=formula)


@_init("torch_default", "PyTorch default",
       "PyTorch's nn.Linear default: weights and bias uniform in ±1/√fan_in.",
       "W, b ~ U(−1/√fan_in, 1/√fan_in)")
def torch_default(rng, fan_out, fan_in):
    bound = 1.0 / math.sqrt(fan_in)
    return rng.uniform(-bound, bound, (fan_out, fan_in)), rng.uniform(-bound, bound, fan_out)


@_init("zeros", "Zeros", "All weights 0. Every neuron then learns the same thing: only for "
       "experiments that show why initialization must break symmetry.", "W = 0, b = 0")
def zeros(rng, fan_out, fan_in):
    return np.zeros((fan_out, fan_in)), np.zeros(fan_out)


@_init("normal", "Normal", f"Weights from a normal distribution with standard deviation "
       f"{NORMAL_STD}; bias 0.", f"W ~ N(0, {NORMAL_STD}²), b = 0")
def normal(rng, fan_out, fan_in):
    return rng.normal(0.0, NORMAL_STD, (fan_out, fan_in)), np.zeros(fan_out)


@_init("uniform", "Uniform", f"Weights uniform in ±{UNIFORM_LIMIT}; bias 0.",
       f"W ~ U(−{UNIFORM_LIMIT}, {UNIFORM_LIMIT}), b = 0")
def uniform(rng, fan_out, fan_in):
    return rng.uniform(-UNIFORM_LIMIT, UNIFORM_LIMIT, (fan_out, fan_in)), np.zeros(fan_out)


@_init("glorot_uniform", "Glorot (Xavier) uniform",
       "Keeps the variance of signals equal forward and backward; suits sigmoid and tanh.",
       "W ~ U(±√(6/(fan_in + fan_out))), b = 0")
def glorot_uniform(rng, fan_out, fan_in):
    bound = math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-bound, bound, (fan_out, fan_in)), np.zeros(fan_out)


@_init("glorot_normal", "Glorot (Xavier) normal",
       "Normal variant of Glorot: std √(2/(fan_in + fan_out)).",
       "W ~ N(0, 2/(fan_in + fan_out)), b = 0")
def glorot_normal(rng, fan_out, fan_in):
    std = math.sqrt(2.0 / (fan_in + fan_out))
    return rng.normal(0.0, std, (fan_out, fan_in)), np.zeros(fan_out)


@_init("he_uniform", "He (Kaiming) uniform",
       "Scaled for ReLU layers, which zero half their inputs: bound √(6/fan_in).",
       "W ~ U(±√(6/fan_in)), b = 0")
def he_uniform(rng, fan_out, fan_in):
    bound = math.sqrt(6.0 / fan_in)
    return rng.uniform(-bound, bound, (fan_out, fan_in)), np.zeros(fan_out)


@_init("he_normal", "He (Kaiming) normal",
       "Normal variant of He: std √(2/fan_in); suits ReLU layers.",
       "W ~ N(0, 2/fan_in), b = 0")
def he_normal(rng, fan_out, fan_in):
    std = math.sqrt(2.0 / fan_in)
    return rng.normal(0.0, std, (fan_out, fan_in)), np.zeros(fan_out)


_FUNCTIONS = {"torch_default": torch_default, "zeros": zeros, "normal": normal,
              "uniform": uniform, "glorot_uniform": glorot_uniform,
              "glorot_normal": glorot_normal, "he_uniform": he_uniform, "he_normal": he_normal}


def initialize(name: str, rng: np.random.Generator, fan_out: int, fan_in: int):
    """Return ``(weight, bias)`` host float64 arrays shaped ``(fan_out, fan_in)``, ``(fan_out,)``.

    The weight is always drawn before the bias, so the sequence of draws from ``rng`` is
    fixed by the network's shape alone.
    """
    return _FUNCTIONS[name](rng, fan_out, fan_in)
