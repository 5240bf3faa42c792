"""Lesson files (issue 15, item 2): every bundled lesson validates and, followed without a
window, passes its own checks; a malformed lesson is one sentence naming the bad field."""

from __future__ import annotations

import copy
import json

import pytest

from core.errors import SpecError
from core.experiment import normalize
from core.io import experiment_file
from core.lessons.checks import evaluate
from core.lessons.headless_run import observe_run
from core.lessons.lesson_format import (
    EXAMPLES_DIR,
    LANGUAGES,
    bundled_lesson_files,
    load_lesson,
    parse_lesson,
)

FILES = bundled_lesson_files()

#: The claims of the primer the issue lists, one lesson each (at least).
REQUIRED = ("01_neuron_and_weighted_sum", "02_activation_functions", "03_vanishing_gradients",
            "04_dead_relu_and_leaky_relu", "05_softmax_and_sigmoid_outputs",
            "06_mse_for_regression", "07_learning_rate", "08_batch_stochastic_minibatch",
            "09_momentum_and_adam", "10_batch_iteration_epoch")


def test_the_bundled_lessons_cover_the_primers_claims():
    assert tuple(p.stem for p in FILES)[:len(REQUIRED)] == REQUIRED


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_bundled_lesson_validates_in_both_languages_and_checks_what_it_trains(path):
    lesson = load_lesson(path)
    assert lesson.path == path
    assert all(lesson.title[k].strip() for k in LANGUAGES)
    assert any(p.experiment is not None for p in lesson.pages)
    assert lesson.checks, "a lesson checks its point on the run"
    for page in lesson.pages:
        assert set(page.text) == set(LANGUAGES)
        assert page.text["en"] != page.text["zh_CN"]
        if page.checks:   # checks are measured on a run the person made on this page
            assert page.experiment is not None and page.action is not None
        if page.experiment is not None:   # what Set up loads round-trips as a file would
            assert experiment_file.loads(experiment_file.dumps(page.experiment)) == \
                page.experiment


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_each_bundled_lesson_followed_without_a_window_passes_its_checks(path):
    lesson = load_lesson(path)
    runs, outcomes = [], []
    for page in lesson.pages:
        if page.experiment is not None:
            runs.append(observe_run(page.experiment, page.run_label))
        outcomes += [evaluate(c, runs) for c in page.checks]
    assert outcomes and all(o.passed is True for o in outcomes), \
        [(o.check.metric, o.value, o.reference, o.missing) for o in outcomes if not o.passed]


def test_vanishing_gradients_the_first_layer_gets_over_100_times_less_with_sigmoid():
    """The number the lesson teaches, measured with the engine: 8 sigmoid layers against
    8 ReLU layers, the first layer's gradient norm at the end of the run."""
    lesson = load_lesson(next(p for p in FILES if p.stem == "03_vanishing_gradients"))
    relu = observe_run(lesson.pages[0].experiment)
    sigmoid = observe_run(lesson.pages[1].experiment)
    assert [s["type"] for s in sigmoid.experiment["model"]["layers"]].count("sigmoid") == 8
    g_relu = relu.history.epochs[-1]["grad_norm[0.weight]"]
    g_sigmoid = sigmoid.history.epochs[-1]["grad_norm[0.weight]"]
    assert g_relu / g_sigmoid > 1000     # 1.3e5 measured; the lesson asks for 100
    outcome = evaluate(lesson.pages[1].checks[0], [relu, sigmoid])
    assert outcome.passed and outcome.value == g_sigmoid and outcome.reference == g_relu


# ------------------------------------------------------------------ malformed lessons
def good() -> dict:
    return {"format": 1, "title": {"en": "T", "zh_CN": "题"},
            "pages": [{"text": {"en": "a", "zh_CN": "甲"},
                       "experiment": {"example": "circle.json",
                                      "changes": {"training.epochs": 2}},
                       "action": {"en": "Train.", "zh_CN": "训练。"},
                       "checks": [{"metric": "val_accuracy", "op": ">=", "value": 0.9}]}]}


def test_an_example_with_changes_is_the_example_changed_and_normalized():
    lesson = parse_lesson(good())
    expected = json.loads((EXAMPLES_DIR / "circle.json").read_text(encoding="utf-8"))
    expected["training"]["epochs"] = 2
    assert lesson.pages[0].experiment == normalize(expected)


def edit(path: str, value):
    """``good()`` with the field at ``path`` (``a.b[0].c``) set to ``value`` (or removed
    for ``...``)."""
    doc = good()
    parts = path.replace("]", "").replace("[", ".").split(".")
    target = doc
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last = int(parts[-1]) if parts[-1].isdigit() else parts[-1]
    if value is ...:
        del target[last]
    else:
        target[last] = copy.deepcopy(value)
    return doc


CHECK = "pages.0.checks.0"
MALFORMED = [
    (edit("format", 2), "format: expected 1, got 2"),
    (edit("title", "T"), "title: expected an object {\"en\": ..., \"zh_CN\": ...}, got \"T\""),
    (edit("title.zh_CN", ...), "title.zh_CN: missing; every text is given in English (en) "
                               "and Simplified Chinese (zh_CN)"),
    (edit("title.fr", "x"), "title.fr: unknown language; allowed: en, zh_CN"),
    (edit("pages", []), "pages: expected a non-empty list of pages, got []"),
    (edit("pages.0.text.en", " "), "pages[0].text.en: expected a non-empty text string, "
                                   "got \" \""),
    (edit("pages.0.colour", "red"), "pages[0].colour: unknown field; allowed: text, "
                                    "experiment, run_label, action, checks"),
    (edit("pages.0.experiment.example", "../secret.json"),
     "pages[0].experiment.example: expected the file name of a shipped example such as "
     "\"circle.json\", got \"../secret.json\""),
    (edit("pages.0.experiment.changes", {"optimizer.lr": -1}),
     "pages[0].experiment: optimizer.lr: expected a positive number, got -1"),
    (edit("pages.0.experiment.changes", {"a.b.c": 1}),
     "pages[0].experiment.changes[\"a.b.c\"]: expected \"section\" or \"section.field\", "
     "such as \"optimizer.lr\""),
    (edit(CHECK, {"metric": "accuracy", "op": ">", "value": 1}),
     "pages[0].checks[0].metric: expected one of train_loss, val_loss, train_accuracy, "
     "val_accuracy, train_rmse, val_rmse, train_r2, val_r2, lr, layer_grad_norm, "
     "weight_norm, update_ratio, dead_fraction, iterations_per_epoch, iterations, epochs, "
     "stop_reason, got \"accuracy\""),
    (edit(CHECK + ".op", "=<"), "pages[0].checks[0].op: expected one of <, <=, >, >=, "
                                "got \"=<\""),
    (edit(CHECK + ".value", "0.9"), "pages[0].checks[0].value: expected a number, got \"0.9\""),
    (edit(CHECK + ".layer", "first"), "pages[0].checks[0].layer: only layer metrics "
     "(layer_grad_norm, weight_norm, update_ratio, dead_fraction) take a layer"),
    (edit(CHECK, {"metric": "layer_grad_norm", "op": "<", "value": 1}),
     "pages[0].checks[0].layer: missing; layer_grad_norm needs \"first\", \"last\" or a "
     "weight layer's number from 1"),
    (edit(CHECK, {"metric": "dead_fraction", "layer": 0, "op": "<", "value": 1}),
     "pages[0].checks[0].layer: expected \"first\", \"last\" or a weight layer's number "
     "from 1, got 0"),
    (edit(CHECK + ".epoch", 0), "pages[0].checks[0].epoch: expected \"first\", \"last\" or "
                                "an epoch number from 1, got 0"),
    (edit(CHECK + ".compare", "ratio_to"), "pages[0].checks[0].compare: \"ratio_to\" needs "
     "\"run\": \"previous\" or a \"reference_epoch\" to divide by"),
    (edit(CHECK + ".compare", "difference"), "pages[0].checks[0].compare: expected one of "
                                             "ratio_to, got \"difference\""),
    (edit(CHECK + ".run", "previous"), "pages[0].checks[0].run: only with \"compare\": "
                                       "\"ratio_to\""),
    (edit(CHECK, {"metric": "iterations", "equals": "epochs * __import__('os')"}),
     "pages[0].checks[0].equals: the formula may use only numbers, n_train, batch_size, "
     "epochs, + - * /, parentheses, ceil and floor"),
    (edit(CHECK, {"metric": "iterations", "equals": "epochs * n_samples"}),
     "pages[0].checks[0].equals: unknown name 'n_samples' in the formula; known: n_train, "
     "batch_size, epochs, ceil, floor"),
    (edit(CHECK, {"metric": "iterations", "equals": 3, "op": ">"}),
     "pages[0].checks[0].equals: give either \"equals\" or \"op\" and \"value\", not both "
     "(and no \"compare\" with \"equals\")"),
    (edit(CHECK, {"metric": "stop_reason", "equals": "exploded"}),
     "pages[0].checks[0].equals: expected one of completed, early_stopping, diverged, "
     "interrupted, got \"exploded\""),
    (edit(CHECK, {"metric": "iterations", "epoch": "first", "equals": 3}),
     "pages[0].checks[0].epoch: iterations is a count of the whole run; it takes no epoch"),
    (edit(CHECK + ".label", {"en": "x"}), "pages[0].checks[0].label.zh_CN: missing; every "
     "text is given in English (en) and Simplified Chinese (zh_CN)"),
]


@pytest.mark.parametrize("doc, message", MALFORMED, ids=[m[:40] for _d, m in MALFORMED])
def test_a_malformed_lesson_is_one_sentence_naming_the_field(doc, message):
    with pytest.raises(SpecError) as info:
        parse_lesson(doc, "lesson.json")
    assert str(info.value) == f"lesson.json: {message}"


def test_a_lesson_file_that_is_not_json_names_the_file_and_the_place(tmp_path):
    path = tmp_path / "05_broken.json"
    path.write_text('{"format": 1, "title": ', encoding="utf-8")
    with pytest.raises(SpecError, match=r"^05_broken\.json: not valid JSON \(Expecting value "
                                        r"at line 1, column 24\)$"):
        load_lesson(path)


def test_a_folder_is_not_read_as_a_lesson(tmp_path):
    with pytest.raises(SpecError, match="a folder"):
        load_lesson(tmp_path)
