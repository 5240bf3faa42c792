"""A check's outcome in words: each kind of comparison, with its numbers and its mark."""

from __future__ import annotations

import pytest

from core.lessons.checks import CheckOutcome, parse_check
from core.lessons.lesson_format import parse_texts
from workbench.lessons.outcome_words import factor, number, outcome_sentence


def check(**doc):
    return parse_check(doc, "check", parse_texts)


@pytest.mark.parametrize("value, text", [(13, "13"), (1.0, "1"), (0.98333, "0.983"),
                                         (5.656e-7, "5.66e-7"), (0.0005, "5e-4"),
                                         (21697.9, "2.17e4"), (274.15, "274")])
def test_numbers_are_short(value, text):
    assert number(value) == text


def test_factors_group_thousands():
    assert (factor(133793.5), factor(274.1), factor(1.666)) == ("133,794", "274", "1.67")


def test_a_threshold_names_the_quantity_the_value_and_the_limit():
    c = check(metric="val_accuracy", op=">=", value=0.9)
    assert outcome_sentence(CheckOutcome(c, True, 0.98333), "en") == \
        "validation accuracy: 0.983 (expected ≥ 0.9) ✔"
    assert outcome_sentence(CheckOutcome(c, False, 0.5), "en") == \
        "validation accuracy: 0.5 (expected ≥ 0.9) ✘"


def test_a_formula_shows_itself_with_the_runs_numbers():
    c = check(metric="iterations_per_epoch", equals="ceil(n_train / batch_size)")
    outcome = CheckOutcome(c, True, 13, expected=13, expected_formula="ceil(400 / 32)")
    assert outcome_sentence(outcome, "en") == \
        "iterations per epoch: 13 — ceil(n_train / batch_size) = ceil(400 / 32) = 13 ✔"


def test_a_ratio_to_the_previous_run_uses_the_lessons_run_labels_in_its_language():
    c = check(metric="train_loss", compare="ratio_to", run="previous", op=">", value=10)
    outcome = CheckOutcome(c, True, 5.1, 0.0186,
                           this_label={"en": "α = 20", "zh_CN": "学习率 20"},
                           reference_label={"en": "α = 0.5", "zh_CN": "学习率 0.5"})
    assert outcome_sentence(outcome, "en") == \
        "training loss: α = 20 5.1, α = 0.5 0.0186 — 274× larger (expected at least 10× " \
        "larger) ✔"
    assert outcome_sentence(outcome, "zh_CN").startswith("training loss: 学习率 20 5.1, 学习率 0.5")


def test_a_ratio_to_another_epoch_names_the_epochs_and_a_check_label_replaces_the_name():
    c = check(metric="train_loss", compare="ratio_to", reference_epoch="first", op=">=",
              value=0.9, label={"en": "loss, last against first", "zh_CN": "损失之比"})
    outcome = CheckOutcome(c, True, 0.632, 0.651)
    assert outcome_sentence(outcome, "en") == \
        "loss, last against first: last epoch 0.632, first epoch 0.651 — ratio 0.971 " \
        "(expected ≥ 0.9) ✔"
    assert outcome_sentence(outcome, "zh_CN").startswith("损失之比: ")


def test_what_cannot_be_measured_yet_is_never_a_pass():
    c = check(metric="dead_fraction", layer=2, op=">=", value=0.5)
    assert outcome_sentence(CheckOutcome(c, None, missing="no_run"), "en") == \
        "… share of dead ReLU units after weight layer 2: not measured yet; train to see it."
    assert outcome_sentence(CheckOutcome(c, None, missing="no_value"), "en") == \
        "… share of dead ReLU units after weight layer 2: this run did not record it."
    ratio = check(metric="layer_grad_norm", layer="first", compare="ratio_to", run="previous",
                  op="<", value=0.01)
    assert outcome_sentence(CheckOutcome(ratio, None, 1e-6, missing="no_previous_run"),
                            "en").startswith("… first-layer gradient norm: needs a run")


@pytest.fixture
def shouting(qapp):
    """A translation that writes every LessonOutcome text in capitals: what is left in
    lower case in a sentence did not go through translate()."""
    from PySide6.QtCore import QTranslator

    class Shouting(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):
            return source.upper() if context == "LessonOutcome" else None

    translator = Shouting()
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


SENTENCES = [
    ({"metric": "val_accuracy", "op": "<=", "value": 0.75}, {"passed": True, "value": 0.417},
     "VALIDATION ACCURACY: 0.417 (EXPECTED ≤ 0.75) ✔"),
    ({"metric": "epochs", "equals": 5}, {"passed": False, "value": 4, "expected": 5},
     "EPOCHS RUN: 4 (EXPECTED 5) ✘"),
    ({"metric": "stop_reason", "equals": "diverged"},
     {"passed": True, "value": "diverged", "expected": "diverged"},
     "HOW THE RUN ENDED: DIVERGED (EXPECTED DIVERGED) ✔"),
    ({"metric": "layer_grad_norm", "layer": "first", "compare": "ratio_to", "run": "previous",
      "op": "<", "value": 0.01}, {"passed": True, "value": 0.001, "reference": 0.5},
     "FIRST-LAYER GRADIENT NORM: THIS RUN 0.001, THE PREVIOUS RUN 0.5 — 500× SMALLER "
     "(EXPECTED AT LEAST 100× SMALLER) ✔"),
    ({"metric": "weight_norm", "layer": 2, "epoch": 3, "compare": "ratio_to",
      "reference_epoch": "first", "op": ">", "value": 0.5},
     {"passed": True, "value": 2, "reference": 1},
     "WEIGHT NORM OF WEIGHT LAYER 2 (EPOCH 3): EPOCH 3 2, FIRST EPOCH 1 — RATIO 2 "
     "(EXPECTED > 0.5) ✔"),
    ({"metric": "dead_fraction", "layer": "first", "op": ">=", "value": 0.5},
     {"passed": None, "missing": "no_run"},
     "… SHARE OF DEAD RELU UNITS AFTER THE FIRST WEIGHT LAYER: NOT MEASURED YET; TRAIN TO "
     "SEE IT."),
]


@pytest.mark.parametrize("doc, found, sentence", SENTENCES)
def test_every_word_and_template_of_a_sentence_goes_through_translate(shouting, doc, found,
                                                                      sentence):
    c = check(**doc)
    outcome = CheckOutcome(c, found.pop("passed"), **found)
    assert outcome_sentence(outcome, "zh_CN") == sentence
