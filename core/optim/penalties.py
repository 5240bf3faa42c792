"""The L1/L2 penalties on the weights: their value and their gradient.

The trainer adds ``l1·Σ|w| + (l2/2)·Σw²`` over the parameters its layers name (the
weight matrices, not the biases) to the loss, and the matching gradient to theirs.
"""

from __future__ import annotations


def penalty_gradients(params: dict, grads: dict, names, l1: float, l2: float, xp,
                      scratch: dict | None = None) -> None:
    """Add the gradient of the L1/L2 penalty to ``grads`` in place.

    ``grads[n] += l1·sign(θ) + l2·θ`` for each ``n`` in ``names`` (the trainer passes the
    weight matrices, not the biases). ``sign(0) = 0``, the subgradient at the kink.

    Parameters
    ----------
    params, grads : dict[str, array]
        Parameters and their gradients (same shapes).
    names : iterable of str
        Which parameters are penalized.
    l1, l2 : float
        Penalty strengths; a zero strength costs nothing.
    xp : module
        ``numpy`` or ``cupy``.
    scratch : dict, optional
        Kept by the caller between calls; holds one buffer per name so no temporary is
        allocated after the first call.
    """
    if not l1 and not l2:
        return
    for n in names:
        p, g = params[n], grads[n]
        if scratch is None:
            s = xp.empty_like(p)
        else:
            s = scratch.get(n)
            if s is None or s.shape != p.shape or s.dtype != p.dtype:
                s = scratch[n] = xp.empty_like(p)
        if l1:
            xp.sign(p, out=s)
            xp.multiply(s, l1, out=s)
            xp.add(g, s, out=g)
        if l2:
            xp.multiply(p, l2, out=s)
            xp.add(g, s, out=g)


def penalty_value(params: dict, names, l1: float, l2: float, xp) -> float:
    """The L1/L2 penalty ``l1·Σ|w| + (l2/2)·Σw²`` over the parameters in ``names``.

    Its gradient is what :func:`penalty_gradients` adds. Returns a Python float.
    """
    total = 0.0
    for n in names:
        flat = params[n].ravel()
        if l1:
            total += l1 * float(xp.abs(flat).sum())
        if l2:
            total += 0.5 * l2 * float(xp.vdot(flat, flat))
    return total
