"""The engine of the Neural Network Workbench: NumPy (or CuPy) arrays, never Qt.

Importing any part of it first imports :mod:`core.catalog`, which registers every
built-in layer, loss, initializer, optimizer, schedule and data source.
"""

from core import catalog  # noqa: F401
