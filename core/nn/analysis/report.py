"""The analysis of a layer stack before training: :func:`analyze`.

:func:`analyze` checks a network the way a careful colleague would: per layer the
output width and parameter count, and findings — errors (training impossible) and
warnings (advice) — each with a one-click fix where the fix is obvious. A fix is a plain
dict (``{"action": ..., "label": ...}``); :func:`core.nn.analysis.fixes.fixed_experiment`
applies any of them to a whole experiment.

The checks are small rule functions of a :class:`~core.nn.analysis.findings.StackContext`
(:mod:`structure_rules`, :mod:`image_rules`, :mod:`size_rules`, :mod:`output_rules`,
:mod:`batch_norm_rules`)
that read the layer classes' facts; this module validates the stack, builds the context
and runs them in a fixed order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core import registry
from core.errors import SpecError
from core.nn.analysis.batch_norm_rules import batch_of_one_row
from core.nn.analysis.findings import Finding, IndexedSpec, StackContext
from core.nn.analysis.image_rules import image_output, shape_problem
from core.nn.analysis.output_rules import loss_and_output_pairing, output_width, task_mismatch
from core.nn.analysis.size_rules import too_large_for_memory
from core.nn.analysis.structure_rules import STRUCTURE_RULES
from core.nn.layers.base import as_shape, flat_width, layer_class


@dataclass(frozen=True)
class LayerInfo:
    """One layer as the analysis sees it; ``out_shape`` is its per-sample output shape
    (``(units,)`` or ``(C, H, W)``), empty when its input does not fit."""

    index: int
    type: str
    title: str
    out_width: int
    n_params: int
    summary: str
    out_shape: tuple = ()


@dataclass(frozen=True)
class Analysis:
    layers: list[LayerInfo] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    total_params: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


def analyze(layers, input_width, n_outputs: int | None = None, task: str | None = None,
            loss: str | dict | None = None, *, batch_size=None,
            train_rows: int | None = None, data_spec: dict | None = None) -> Analysis:
    """Check a layer stack before training, the way a careful colleague would.

    Parameters
    ----------
    layers : list of dict
        Layer specs (not necessarily valid: invalid ones become error findings).
    input_width : int or tuple of int
        Number of input features, or the per-sample shape ``(C, H, W)`` of images.
    n_outputs : int, optional
        Classes (classification) or target columns (regression) the output must match.
    task : {"classification", "regression"}, optional
    loss : str or dict, optional
        The loss spec or name.
    batch_size : int or "full", optional
        ``training.batch_size``; with ``train_rows``, batch normalization's batches of 1
        row are found.
    train_rows : int, optional
        Rows of the training part of the data.
    data_spec : dict, optional
        The experiment's data section: a convolution on flat data is offered "switch the
        data to images" when its source can give images.

    Returns
    -------
    Analysis
        Per layer: output width and parameter count; findings with severity ``error``
        (training impossible) or ``warning`` (advice), with one-click fixes where obvious.
    """
    findings: list[Finding] = []
    infos: list[LayerInfo] = []
    loss_spec = None
    if loss is not None:
        try:
            loss_spec = registry.normalize("loss", loss, "loss")
        except SpecError as exc:
            findings.append(Finding("error", str(exc)))
    if not isinstance(layers, list) or not layers:
        findings.append(Finding("error", "The network has no layers: add at least one dense "
                                "layer.", fix={"action": "append", "label": "add a dense layer",
                                               "spec": {"type": "dense",
                                                        "units": n_outputs or 1}}))
        return Analysis([], findings, 0)
    input_shape = as_shape(input_width)
    input_width = flat_width(input_shape)
    if input_width < 1:
        findings.append(Finding("error", f"The data have {input_width} input features: the "
                                "network needs at least one input column."))
    shape, total, valid, fits = input_shape, 0, [], True
    for i, raw in enumerate(layers):
        try:
            spec = registry.normalize("layer", raw, f"model.layers[{i}]")
        except SpecError as exc:
            findings.append(Finding("error", str(exc), i))
            continue
        valid.append(IndexedSpec(i, spec))
        cls = layer_class(spec["type"])
        if fits:
            try:
                count = cls.parameter_count(spec, shape)
                shape = as_shape(cls.output_shape(spec, shape))
            except SpecError as exc:
                findings.append(shape_problem(i, spec, shape, str(exc), data_spec))
                fits = False
        if fits:
            total += count
            infos.append(LayerInfo(i, spec["type"], cls.entry.title, flat_width(shape), count,
                                   cls.summary(spec), shape))
        else:  # after a layer whose input does not fit, shapes are unknown
            infos.append(LayerInfo(i, spec["type"], cls.entry.title, 0, 0, cls.summary(spec)))
    ctx = StackContext(valid, len(valid) == len(layers) and fits, input_width,
                       flat_width(shape), n_outputs, task, loss_spec, batch_size, train_rows,
                       input_shape, shape)
    for rule in STRUCTURE_RULES:
        findings += rule(ctx)
    findings += image_output(ctx)
    findings += too_large_for_memory(ctx)
    mismatch = task_mismatch(ctx)
    if mismatch is not None:
        findings.append(mismatch)
    else:
        findings += loss_and_output_pairing(ctx)
        findings += output_width(ctx)
    findings += batch_of_one_row(ctx)
    return Analysis(infos, findings, total)
