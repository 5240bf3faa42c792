"""Rules about the order of the layers: what belongs where, what adds nothing.

Each rule reads the layer classes' facts (:mod:`core.nn.layers.base`); a fix may name
the layer it suggests ("insert ReLU").
"""

from __future__ import annotations

from core.nn.analysis.findings import Finding, StackContext


def softmax_before_the_end(ctx: StackContext) -> list[Finding]:
    """A layer that belongs in the output layer only (softmax) placed before the end."""
    findings = []
    for pos, item in enumerate(ctx.layers):
        if item.cls.must_be_last and pos != len(ctx.layers) - 1:
            i, t = item.index, item.type
            findings.append(Finding("error", f"Layer {i} ({t}) is not the last layer: {t} "
                                    "belongs in the output layer only.", i,
                                    {"action": "remove", "label": f"remove this {t}",
                                     "layer": i}))
    return findings


def dense_layers_without_activation(ctx: StackContext) -> list[Finding]:
    """Two dense layers with nothing nonlinear between them: one linear map."""
    findings, layers, mixing = [], ctx.layers, ctx.mixing
    for a, b in zip(mixing, mixing[1:]):
        if not any(layers[p].cls.is_nonlinear for p in range(a + 1, b)):
            i = layers[b].index
            findings.append(Finding(
                "warning", f"No activation between dense layers {layers[a].index} and {i}: "
                "together they are one linear map, so the extra layer adds nothing.", i,
                {"action": "insert", "label": "insert ReLU", "index": i,
                 "spec": {"type": "relu"}}))
    return findings


def activations_in_a_row(ctx: StackContext) -> list[Finding]:
    """Two nonlinear activations one after the other."""
    return [Finding("warning", f"Two activations in a row (layers {a.index} and {b.index}: "
                    f"{a.type}, {b.type}); usually one is enough.", b.index,
                    {"action": "remove", "label": f"remove layer {b.index}",
                     "layer": b.index})
            for a, b in zip(ctx.layers, ctx.layers[1:])
            if a.cls.is_nonlinear and b.cls.is_nonlinear]


def dropout_at_the_end(ctx: StackContext) -> list[Finding]:
    """A last layer whose class warns against ending a network (dropout)."""
    last = ctx.last
    warning = last.cls.last_layer_warning if last else None
    if not warning:
        return []
    return [Finding("warning", warning.format(index=last.index), last.index,
                    {"action": "remove", "label": f"remove the final {last.type}",
                     "layer": last.index})]


def no_dense_layer(ctx: StackContext) -> list[Finding]:
    """Nothing that mixes features (and no convolution): nothing to learn."""
    if ctx.mixing or not ctx.layers or \
            any(item.cls.needs_images and item.cls.trainable for item in ctx.layers):
        return []
    return [Finding("warning", "The network has no dense layer, so it has nothing to learn.",
                    None)]


def every_trained_layer_frozen(ctx: StackContext) -> list[Finding]:
    """Every layer with weights frozen: training would change nothing."""
    trained = [item for item in ctx.layers if item.cls.trainable]
    if not trained or not all(item.spec.get("frozen") for item in trained):
        return []
    last = trained[-1].index
    return [Finding("warning", "Every layer with weights is frozen, so training changes "
                    "nothing: unfreeze at least one.", last,
                    {"action": "set_field", "label": f"unfreeze layer {last}",
                     "layer": last, "field": "frozen", "value": False})]


#: In the order their findings are listed.
STRUCTURE_RULES = (softmax_before_the_end, dense_layers_without_activation,
                   activations_in_a_row, dropout_at_the_end, no_dense_layer,
                   every_trained_layer_frozen)
