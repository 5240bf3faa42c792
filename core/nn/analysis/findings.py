"""The vocabulary of the analysis rules: what a rule reads and what it reports.

A rule is a function of a :class:`StackContext` that returns :class:`Finding` records;
:func:`core.nn.analysis.report.analyze` builds the context once and runs the rules in a
fixed order (:mod:`structure_rules`, :mod:`size_rules`, :mod:`output_rules`,
:mod:`batch_norm_rules`).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.nn.layers.base import Layer, layer_class


@dataclass(frozen=True)
class Finding:
    """One problem or piece of advice about a layer stack.

    ``fix`` is ``None`` or a dict understood by
    :func:`core.nn.analysis.fixes.fixed_experiment`, with a ``label``.
    """

    severity: str  # "error" | "warning"
    message: str
    layer: int | None = None
    fix: dict | None = None


@dataclass(frozen=True)
class IndexedSpec:
    """A valid (normalized) layer spec and its index in the stack."""

    index: int
    spec: dict

    @property
    def type(self) -> str:
        return self.spec["type"]

    @property
    def cls(self) -> type[Layer]:
        """The layer class, whose facts the rules read."""
        return layer_class(self.spec["type"])


@dataclass(frozen=True)
class StackContext:
    """Everything the rules know about a stack and what it is trained for.

    Attributes
    ----------
    layers : list of IndexedSpec
        The valid layers, in order (invalid ones were reported as errors already).
    complete : bool
        Every layer is valid.
    input_width : int
        Input features of the data.
    width : int
        Output width of the valid layers.
    n_outputs : int or None
        Classes (classification) or target columns (regression) the output must match.
    task : str or None
        ``"classification"``, ``"regression"`` or unknown.
    loss : dict or None
        The normalized loss spec (None when not given or invalid).
    batch_size : int, "full" or None
        ``training.batch_size``.
    train_rows : int or None
        Rows of the training part of the data.
    input_shape, shape : tuple of int
        The per-sample shapes of the data and of the valid layers' output (``(width,)``
        for flat vectors, ``(C, H, W)`` for images).
    """

    layers: list[IndexedSpec]
    complete: bool
    input_width: int
    width: int
    n_outputs: int | None = None
    task: str | None = None
    loss: dict | None = None
    batch_size: int | str | None = None
    train_rows: int | None = None
    input_shape: tuple = ()
    shape: tuple = ()

    def __post_init__(self):
        if not self.input_shape:
            object.__setattr__(self, "input_shape", (self.input_width,))
        if not self.shape:
            object.__setattr__(self, "shape", (self.width,))

    @property
    def loss_name(self) -> str | None:
        return self.loss["type"] if self.loss else None

    @property
    def mixing(self) -> list[int]:
        """Positions in :attr:`layers` of the layers that mix features (dense)."""
        return [pos for pos, item in enumerate(self.layers) if item.cls.mixes_features]

    @property
    def last(self) -> IndexedSpec | None:
        return self.layers[-1] if self.layers else None
