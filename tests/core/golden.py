"""The golden files of tests/golden/, found from this file's place, for every core test.

PyTorch computed them (``tests/golden/make_golden_*.py``, torch imported only inside their
``main()``); the tests compare the engine's values with them.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "golden"


def load(name: str) -> dict[str, np.ndarray]:
    """Every array of ``tests/golden/<name>`` (an .npz file) by name."""
    with np.load(GOLDEN_DIR / name, allow_pickle=False) as archive:
        return {key: archive[key] for key in archive.files}


def golden_cases(script: str = "make_golden_optim") -> ModuleType:
    """The case tables of ``tests/golden/<script>.py``, imported without running it."""
    spec = importlib.util.spec_from_file_location(script, GOLDEN_DIR / f"{script}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
