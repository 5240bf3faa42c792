"""Files at the level of their bytes: atomic writing, reading within budgets, strict JSON,
the ``.npz`` and ``.safetensors`` containers, and a run's output folder written as one set.

Nothing here knows what a network or an experiment is (that is :mod:`core.io`); the data
readers and the model files build on these.
"""
