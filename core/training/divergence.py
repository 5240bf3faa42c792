"""Numbers beyond what the engine can hold: data it cannot represent, weights gone NaN."""

from __future__ import annotations

import numpy as np

from core.errors import DataError


def weights_finite(model, xp) -> bool:
    """Whether every parameter of ``model`` is finite (one call on its flat array)."""
    flat = model.flat_parameters
    if flat is not None:
        return bool(xp.isfinite(flat).all())
    return all(bool(xp.isfinite(p).all()) for p in model.parameters().values())


def state_finite(state: dict) -> bool:
    """Whether every array of a host state dict is finite."""
    return all(np.isfinite(a).all() for a in state.values())


def check_representable(train, val, dtype: np.dtype) -> None:
    """:class:`DataError` naming the column and value when the data hold a number beyond
    the engine's floating-point type (e.g. 1e300 in float32 without standardization).

    Two reductions per array (no temporary copies); the offending cell is looked for
    only when there is one.
    """
    limit = float(np.finfo(dtype).max)

    def beyond(a) -> bool:
        return a.size > 0 and not (-limit <= float(a.min()) and float(a.max()) <= limit)

    for part in (train, val):
        if beyond(part.X):
            with np.errstate(invalid="ignore"):
                row, col = (int(v[0]) for v in np.nonzero(~(np.abs(part.X) <= limit)))
            raise DataError(f"{part.name}: column '{part.feature_names[col]}' holds the value "
                            f"{part.X[row, col]:g}, beyond the largest {dtype.name} number "
                            f"({limit:.4g}); rescale the column or standardize the inputs")
        if part.task == "regression" and beyond(part.y):
            with np.errstate(invalid="ignore"):
                value = part.y[~(np.abs(part.y) <= limit)][0]
            raise DataError(f"{part.name}: the target holds the value {value:g}, beyond the "
                            f"largest {dtype.name} number ({limit:.4g}); rescale the target")
