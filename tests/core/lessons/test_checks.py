"""A lesson's checks measured on run histories built by hand: exact values in, exact
outcomes out (issue 15, item 2)."""

from __future__ import annotations

import math

import pytest

from core.experiment import default_experiment
from core.lessons.checks import (
    ObservedRun,
    evaluate,
    measure,
    parse_check,
    runs_for_page,
    weight_names,
)
from core.lessons.formula import evaluate_formula, substituted
from core.lessons.lesson_format import parse_texts
from core.training.events import EpochEvent, FinishedEvent, LayerStats
from core.training.run_history import RunHistory


def history(epochs, grads, dead=None, steps_per_epoch=13, reason="completed", task="cls"):
    """A history of ``epochs`` epochs; ``grads[e]`` are the layer gradient norms of epoch
    ``e`` for weights ``0.weight`` and ``2.weight`` (biases get 99)."""
    h = RunHistory()
    for e in range(epochs):
        stats = (LayerStats(0, "0.weight", grads[e][0], 1.0, 0.1,
                            dead[e] if dead is not None else None),
                 LayerStats(0, "0.bias", 99.0, 1.0, 0.1),
                 LayerStats(2, "2.weight", grads[e][1], 2.0, 0.2))
        metrics = {"accuracy": 0.5 + 0.1 * e} if task == "cls" else {"rmse": 1.0, "r2": 0.2 * e}
        h.add_epoch(EpochEvent(e + 1, (e + 1) * steps_per_epoch, 1.0 / (e + 1), 2.0 / (e + 1),
                               metrics, metrics, 0.1 * 0.5 ** e, 0.01, 1000.0, stats))
    h.finish = FinishedEvent(reason, "", epochs, epochs * steps_per_epoch)
    h.loss.extend([float(i) for i in range(1, epochs * steps_per_epoch + 1)],
                  [1.0] * (epochs * steps_per_epoch))
    return h


def run(h, n_train=400, batch_size=32, epochs=3, label=None):
    exp = default_experiment()
    exp["training"]["batch_size"] = batch_size
    exp["training"]["epochs"] = epochs
    return ObservedRun(exp, h, n_train, label)


def check(**doc):
    return parse_check(doc, "check", parse_texts)


def test_epoch_metrics_read_the_chosen_epoch():
    r = run(history(3, [(1, 2)] * 3))
    assert measure(check(metric="val_accuracy", op=">", value=0), r) == pytest.approx(0.7)
    assert measure(check(metric="val_accuracy", epoch="first", op=">", value=0), r) == 0.5
    assert measure(check(metric="train_loss", epoch=2, op=">", value=0), r) == 0.5
    assert measure(check(metric="val_loss", op=">", value=0), r) == pytest.approx(2 / 3)
    assert measure(check(metric="lr", op=">", value=0), r) == pytest.approx(0.025)
    assert measure(check(metric="train_accuracy", epoch=9, op=">", value=0), r) is None


def test_layer_metrics_name_weight_layers_first_last_and_by_number():
    r = run(history(2, [(1e-6, 3e-3), (2e-6, 4e-3)], dead=[0.25, 0.5]))
    assert weight_names(r.history) == ["0.weight", "2.weight"]
    grad = {"metric": "layer_grad_norm", "op": "<", "value": 1}
    assert measure(check(layer="first", **grad), r) == 2e-6
    assert measure(check(layer="last", **grad), r) == 4e-3
    assert measure(check(layer=2, epoch="first", **grad), r) == 3e-3
    assert measure(check(layer=3, **grad), r) is None
    assert measure(check(metric="weight_norm", layer=2, op="<", value=1), r) == 2.0
    assert measure(check(metric="update_ratio", layer=1, op="<", value=1), r) == 0.1
    assert measure(check(metric="dead_fraction", layer="first", op=">=", value=0.5), r) == 0.5
    # no ReLU after the last weight layer: its dead share is not recorded
    outcome = evaluate(check(metric="dead_fraction", layer="last", op=">=", value=0.5), [r])
    assert (outcome.passed, outcome.missing) == (None, "no_value")


def test_a_threshold_passes_or_fails_on_this_run_the_last_one():
    old, new = run(history(1, [(1, 1)])), run(history(3, [(1, 1)] * 3))
    at_least = check(metric="val_accuracy", op=">=", value=0.7)
    assert evaluate(at_least, [old, new]).passed is True
    assert evaluate(at_least, [new, old]).passed is False
    assert evaluate(at_least, [new, old]).value == 0.5
    assert evaluate(check(metric="val_accuracy", op=">", value=0.7), [new]).passed is False
    outcome = evaluate(at_least, [])
    assert (outcome.passed, outcome.missing) == (None, "no_run")


def test_ratio_to_the_previous_run_divides_this_runs_value_by_the_previous_ones():
    relu = run(history(3, [(4.1e-3, 1)] * 3), label={"en": "ReLU", "zh_CN": "ReLU"})
    sigmoid = run(history(3, [(3.2e-6, 1)] * 3), label={"en": "sigmoid", "zh_CN": "S"})
    c = check(metric="layer_grad_norm", layer="first", compare="ratio_to", run="previous",
              op="<", value=0.01)
    outcome = evaluate(c, [relu, sigmoid])
    assert outcome.passed is True
    assert (outcome.value, outcome.reference) == (3.2e-6, 4.1e-3)
    assert outcome.ratio == pytest.approx(3.2e-6 / 4.1e-3)
    assert outcome.this_label["en"] == "sigmoid" and outcome.reference_label["en"] == "ReLU"
    assert evaluate(c, [sigmoid, relu]).passed is False
    lone = evaluate(c, [sigmoid])
    assert (lone.passed, lone.missing, lone.value) == (None, "no_previous_run", 3.2e-6)


def test_ratio_to_another_epoch_of_the_same_run():
    r = run(history(4, [(1, 1)] * 4))
    c = check(metric="train_loss", compare="ratio_to", reference_epoch="first", op="<=",
              value=0.25)
    outcome = evaluate(c, [r])
    assert (outcome.value, outcome.reference, outcome.ratio) == (0.25, 1.0, 0.25)
    assert outcome.passed is True
    decay = check(metric="lr", compare="ratio_to", reference_epoch=1, op="<", value=0.2)
    assert evaluate(decay, [r]).ratio == pytest.approx(0.125)


def test_counts_equal_a_number_or_a_formula_over_the_runs_own_numbers():
    r = run(history(3, [(1, 1)] * 3, steps_per_epoch=13), n_train=400, batch_size=32,
            epochs=3)
    per_epoch = evaluate(check(metric="iterations_per_epoch",
                               equals="ceil(n_train / batch_size)"), [r])
    assert (per_epoch.passed, per_epoch.value, per_epoch.expected) == (True, 13, 13)
    assert per_epoch.expected_formula == "ceil(400 / 32)"
    total = evaluate(check(metric="iterations", equals="epochs * ceil(n_train / batch_size)"),
                     [r])
    assert (total.passed, total.value, total.expected_formula) == (True, 39, "3 * ceil(400 / 32)")
    assert evaluate(check(metric="epochs", equals=3), [r]).passed is True
    wrong = evaluate(check(metric="iterations_per_epoch", equals="n_train / batch_size"), [r])
    assert (wrong.passed, wrong.expected) == (False, 12.5)
    # "full" is the whole training set: one iteration per epoch
    full = run(history(2, [(1, 1)] * 2, steps_per_epoch=1), n_train=400, batch_size="full")
    assert full.batch_size == 400
    assert evaluate(check(metric="iterations_per_epoch", equals="ceil(n_train / batch_size)"),
                    [full]).passed is True


def test_stop_reason_equals_a_word():
    diverged = run(history(1, [(1, 1)], reason="diverged"))
    c = check(metric="stop_reason", equals="diverged")
    assert evaluate(c, [diverged]).passed is True
    assert evaluate(c, [run(history(1, [(1, 1)]))]).value == "completed"


def test_formulas_compute_with_ceil_floor_and_division_by_zero_is_nan():
    values = {"n_train": 10, "batch_size": 4, "epochs": 2}
    assert evaluate_formula("ceil(n_train / batch_size)", values) == 3
    assert evaluate_formula("floor(n_train / batch_size) * epochs - 1", values) == 3
    assert math.isnan(evaluate_formula("n_train / (batch_size - 4)", values))
    assert substituted("epochs * (n_train + 1)", values) == "2 * (10 + 1)"


def test_a_page_is_measured_on_its_own_runs_and_the_previous_pages_last():
    """Going Back must not measure an earlier page on a later page's run."""
    a1, a2 = run(history(1, [(1.0, 1.0)])), run(history(1, [(2.0, 1.0)]))
    b1, b2 = run(history(1, [(3.0, 1.0)])), run(history(1, [(4.0, 1.0)]))
    c1 = run(history(1, [(5.0, 1.0)]))
    by_page = {0: [a1, a2], 1: [b1, b2], 3: [c1]}
    assert runs_for_page(by_page, 0) == [a1, a2]
    assert runs_for_page(by_page, 1) == [a2, b1, b2]      # previous page's latest first
    assert runs_for_page(by_page, 2) == []                # nothing trained on page 3
    assert runs_for_page(by_page, 3) == [b2, c1]          # skips the page without runs
    ratio = check(metric="layer_grad_norm", layer="first", compare="ratio_to",
                  run="previous", op=">", value=1)
    assert evaluate(ratio, runs_for_page({0: [a2], 1: [b1]}, 1)).reference == 2.0
    assert evaluate(ratio, runs_for_page({0: [a2], 1: [b1]}, 0)).missing == "no_previous_run"
