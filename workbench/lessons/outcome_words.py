"""A check's outcome in words, with the numbers measured on the run.

:func:`outcome_sentence` turns a :class:`core.lessons.checks.CheckOutcome` into one line
such as ``first-layer gradient norm: sigmoid 5.66e-7, ReLU 0.0757 — 13,380× smaller
(expected at least 100× smaller) ✔``. Every fixed word goes through
``QCoreApplication.translate("LessonOutcome", ...)``; run labels and a check's own label
come from the lesson file in the lesson's language.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication

from core.lessons.lesson_format import localized

PASSED, FAILED, PENDING = "✔", "✘", "…"


def _tr(text: str) -> str:
    return QCoreApplication.translate("LessonOutcome", text)


def number(value) -> str:
    """A measured number, short: ``13``, ``0.983``, ``5.66e-7``, ``2.17e+4``."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()
                                  and abs(value) < 1e6):
        return str(int(value))
    if not math.isfinite(value):
        return str(value)
    if 1e-3 <= abs(value) < 1e4:
        return f"{value:.3g}"
    mantissa, exponent = f"{value:.2e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def factor(value: float) -> str:
    """A ratio as a factor: ``13,380``, ``274``, ``1.67``."""
    if not math.isfinite(value):
        return "∞"
    return f"{value:,.0f}" if value >= 100 else f"{value:.3g}"


def metric_name(check) -> str:
    """The default name of what ``check`` measures (its ``layer`` and ``epoch`` included)."""
    names = {
        "train_loss": _tr("training loss"), "val_loss": _tr("validation loss"),
        "train_accuracy": _tr("training accuracy"), "val_accuracy": _tr("validation accuracy"),
        "train_rmse": _tr("training RMSE"), "val_rmse": _tr("validation RMSE"),
        "train_r2": _tr("training R²"), "val_r2": _tr("validation R²"),
        "lr": _tr("learning rate"), "iterations_per_epoch": _tr("iterations per epoch"),
        "iterations": _tr("iterations in the run"), "epochs": _tr("epochs run"),
        "stop_reason": _tr("how the run ended"),
    }
    if check.metric in names:
        name = names[check.metric]
    elif check.metric == "dead_fraction":
        where = {"first": _tr("the first weight layer"), "last": _tr("the last weight layer")}
        name = _tr("share of dead ReLU units after {}").format(
            where.get(check.layer) or _tr("weight layer {}").format(check.layer))
    else:
        quantity = {"layer_grad_norm": _tr("gradient norm"), "weight_norm": _tr("weight norm"),
                    "update_ratio": _tr("update ratio ‖ΔW‖/‖W‖")}[check.metric]
        if check.layer == "first":
            name = _tr("first-layer {}").format(quantity)
        elif check.layer == "last":
            name = _tr("last-layer {}").format(quantity)
        else:
            name = _tr("{} of weight layer {}").format(quantity, check.layer)
    if check.epoch == "first":
        name += _tr(" (first epoch)")
    elif isinstance(check.epoch, int):
        name += _tr(" (epoch {})").format(check.epoch)
    return name


def _epoch_word(epoch) -> str:
    if epoch == "first":
        return _tr("first epoch")
    if epoch == "last":
        return _tr("last epoch")
    return _tr("epoch {}").format(epoch)


def _ratio_words(outcome) -> str:
    check, ratio = outcome.check, outcome.ratio
    limit = check.value
    if check.op in ("<", "<=") and limit <= 1 and ratio <= 1:
        shown = _tr("{}× smaller").format(factor(1 / ratio) if ratio > 0 else "∞")
        wanted = _tr("expected at least {}× smaller").format(factor(1 / limit)) if limit > 0 \
            else ""
    elif check.op in (">", ">=") and limit >= 1 and ratio >= 1:
        shown = _tr("{}× larger").format(factor(ratio))
        wanted = _tr("expected at least {}× larger").format(factor(limit))
    else:
        shown = _tr("ratio {}").format(number(ratio))
        wanted = _tr("expected {} {}").format(_op(check.op), number(limit))
    return _tr("{} ({})").format(shown, wanted) if wanted else shown


def _op(op: str) -> str:
    return {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}[op]


def outcome_sentence(outcome, language: str) -> str:
    """One line: what was measured, the numbers, and ✔, ✘ or … (not measured yet)."""
    check = outcome.check
    name = localized(check.label, language) or metric_name(check)
    pending = {"no_run": _tr("not measured yet; train to see it."),
               "no_previous_run": _tr("needs a run to compare with; train the previous "
                                      "page's experiment first."),
               "no_value": _tr("this run did not record it.")}
    if outcome.missing in pending:
        return _tr("{} {}: {}").format(PENDING, name, pending[outcome.missing])
    mark = PASSED if outcome.passed else FAILED
    if check.metric == "stop_reason":
        detail = _tr("{} (expected {})").format(stop_word(outcome.value),
                                                stop_word(outcome.expected))
    elif check.equals is not None:
        if outcome.expected_formula is not None:
            detail = _tr("{} — {} = {} = {}").format(
                number(outcome.value), check.equals, outcome.expected_formula,
                number(outcome.expected))
        else:
            detail = _tr("{} (expected {})").format(number(outcome.value),
                                                   number(outcome.expected))
    elif check.compare is None:
        detail = _tr("{} (expected {} {})").format(number(outcome.value), _op(check.op),
                                                  number(check.value))
    else:
        if check.run == "previous":
            this = localized(outcome.this_label, language) or _tr("this run")
            other = localized(outcome.reference_label, language) or _tr("the previous run")
        else:
            this, other = _epoch_word(check.epoch), _epoch_word(check.reference_epoch)
        detail = _tr("{} {}, {} {} — {}").format(this, number(outcome.value), other,
                                                 number(outcome.reference),
                                                 _ratio_words(outcome))
    return _tr("{}: {} {}").format(name, detail, mark)


def stop_word(reason) -> str:
    """How a run ended, in words (``"diverged"`` → "diverged", translated)."""
    words = {"completed": _tr("completed"), "early_stopping": _tr("stopped early"),
             "diverged": _tr("diverged"), "interrupted": _tr("interrupted")}
    return words.get(reason, str(reason))
