"""The rule of batch normalization: a batch needs at least 2 rows (a mean and a variance)."""

from __future__ import annotations

from core.nn.analysis.findings import Finding, StackContext


def batch_of_one_row(ctx: StackContext) -> list[Finding]:
    """Batches of 1 row (an error), or a last batch of 1 row that sits each epoch out
    (a warning), for layers that need batch statistics."""
    norms = [item.index for item in ctx.layers if item.cls.needs_batch_statistics]
    batch_size, train_rows = ctx.batch_size, ctx.train_rows
    if not norms or batch_size is None:
        return []
    if batch_size == "full":
        batch = train_rows
    else:
        batch = min(int(batch_size), train_rows) if train_rows else int(batch_size)
    if batch == 1:
        return [Finding("error", f"Batch normalization (layer {norms[0]}) needs at least 2 rows "
                        "per batch to compute a mean and a variance, but every batch has 1 row: "
                        "choose a batch size of 2 or more.", norms[0],
                        {"action": "set_training", "field": "batch_size", "value": 32,
                         "label": "use batches of 32 rows"} if train_rows is None or
                        train_rows >= 2 else None)]
    if train_rows and batch and train_rows > batch and train_rows % batch == 1:
        return [Finding("warning", f"Batch normalization with {train_rows} training rows in "
                        f"batches of {batch} leaves a last batch of 1 row, which has no "
                        "variance: that row is left out of each epoch (a different row each "
                        "epoch when shuffled).", norms[0])]
    return []
