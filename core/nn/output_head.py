"""What a network's outputs mean: logits or probabilities, and how to read classes off them.

The last layer and the loss decide it together. A classification loss that fuses a final
activation (cross-entropy with softmax, binary cross-entropy with sigmoid) receives the
logits, the input of that layer; without that final layer the loss still reads the
outputs as logits through the activation it fuses. The trainer (its accuracy threshold),
the objective (what is fused), the predictions of a trained network and the dashboards
all ask one :class:`OutputHead` instead of comparing type names each in its own way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from core import registry
from core.backend.devices import get_backend
from core.errors import SpecError
from core.nn.layers.base import layer_class


@dataclass(frozen=True)
class OutputHead:
    """The last layer and the loss of a network, and what its outputs mean.

    Attributes
    ----------
    last_type : str or None
        Type of the last layer (None when unknown).
    fused_activation : str or None
        The activation the loss reads its input through (``"softmax"`` for cross-entropy,
        ``"sigmoid"`` for binary cross-entropy); None for the regression losses.
    output_meaning : str or None
        What the last layer's outputs are: ``"class_distribution"`` (softmax),
        ``"probability"`` (sigmoid) or None (raw values).
    fused : bool
        The loss takes the input of the last layer (the logits), which is then the
        activation it fuses.
    """

    last_type: str | None
    fused_activation: str | None
    output_meaning: str | None
    fused: bool

    @classmethod
    def of(cls, layers: list, loss) -> OutputHead:
        """The head of layer specs ``layers`` (normalized or not) trained with ``loss`` (a
        name, a spec, or None). Unknown type names give a head of raw values."""
        last = layers[-1].get("type") if layers and isinstance(layers[-1], Mapping) else None
        meaning = None
        if last is not None:
            try:
                last_cls = layer_class(last)
            except SpecError:
                last = None
            else:
                last, meaning = last_cls.type_name, last_cls.output_meaning
        name = loss.get("type") if isinstance(loss, Mapping) else loss
        fuses = None
        if name is not None:
            try:
                fuses = registry.get("loss", name).factory.fused_activation
            except SpecError:
                fuses = None
        return cls(last, fuses, meaning, fuses is not None and fuses == last)

    @property
    def threshold(self) -> float:
        """Where a single output splits class 0 from class 1: 0.5 on a sigmoid's
        probability, 0 on a logit (a fused sigmoid, or no sigmoid at all)."""
        return 0.5 if self.output_meaning == "probability" and not self.fused else 0.0

    def probabilities(self, outputs: np.ndarray) -> np.ndarray:
        """Class probabilities from the network's outputs (as :meth:`Model.predict` gives
        them: the last layer's), for a classifier.

        Parameters
        ----------
        outputs : ndarray, shape (N, k)

        Returns
        -------
        ndarray, float64, shape (N, max(k, 2))
            With k ≥ 2 outputs: a softmax output as it is; raw outputs of a loss that
            fuses an activation through that activation; otherwise as they are. With one
            output: ``(1 − p, p)`` for ``p`` the probability of class 1 (the output
            through a sigmoid unless the last layer is one or the loss fuses none),
            clipped to [0, 1].
        """
        outputs = np.asarray(outputs, dtype=np.float64)
        read_as = layer_class(self.fused_activation).output_meaning \
            if self.fused_activation else None  # what the loss reads the outputs as
        if outputs.shape[1] >= 2:
            if self.output_meaning == "class_distribution" or read_as is None or \
                    self.output_meaning == read_as:
                return outputs
            return _through(self.fused_activation, outputs)
        p1 = outputs
        if read_as == "probability" and self.output_meaning != "probability":
            p1 = _through(self.fused_activation, outputs)
        p1 = np.clip(p1[:, 0], 0.0, 1.0)
        return np.column_stack([1.0 - p1, p1])

    def predicted_classes(self, outputs: np.ndarray) -> np.ndarray:
        """The most probable class of each row (class 1 of one output when p > 0.5)."""
        return np.argmax(self.probabilities(outputs), axis=1)


def _through(activation: str, outputs: np.ndarray) -> np.ndarray:
    """``outputs`` (float64, on the host) through the activation layer ``activation``."""
    layer = layer_class(activation)()
    layer.build(outputs.shape[1], get_backend("cpu", "float64"), np.random.default_rng(0))
    return np.asarray(layer.forward(outputs, training=False), dtype=np.float64)
