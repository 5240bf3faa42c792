"""The rule about size: a network must fit in memory before it is built."""

from __future__ import annotations

from core.backend.memory import check_model_size
from core.errors import SpecError
from core.nn.analysis.counting import count_parameters
from core.nn.analysis.findings import Finding, StackContext


def too_large_for_memory(ctx: StackContext) -> list[Finding]:
    """Weights and gradients (float32) beyond the memory limit; checked on a complete
    stack only (an invalid layer has no size)."""
    if not ctx.complete:
        return []
    try:
        check_model_size(count_parameters([item.spec for item in ctx.layers],
                                          ctx.input_shape if ctx.input_width >= 1 else 1),
                         4, "float32")
    except SpecError as exc:
        message = str(exc).removeprefix("model: ")
        return [Finding("error", message[0].upper() + message[1:] + ".")]
    return []
