"""Explain one step, used as a person would: pause, open, click through the four stages."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from PySide6.QtCore import Qt

from core.experiment import normalize
from tests.workbench.conftest import click, experiment, state, type_into
from workbench.dashboard.step_explainer_text import number_text
from workbench.training.run_records import PAUSED, READY


def paused_after(qtbot, view, steps: int) -> None:
    click(qtbot, view.reset_button)
    qtbot.waitUntil(lambda: state(view) == READY, timeout=10_000)
    for k in range(1, steps + 1):
        click(qtbot, view.step_button)
        qtbot.waitUntil(lambda k=k: view.run.steps == k and state(view) == PAUSED,
                        timeout=10_000)


def open_explainer(qtbot, view):
    click(qtbot, view.explain_button)
    dialog = view.explainer
    qtbot.waitUntil(lambda: dialog.explanation is not None, timeout=10_000)
    return dialog


def click_neuron(qtbot, dialog, column: int, row: int) -> None:
    diagram = dialog.diagram
    point = diagram.mapFromScene(diagram.neuron_scene_pos(column, row))
    qtbot.mouseClick(diagram.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_four_stages_show_the_engines_numbers_and_step_applies_the_explained_update(
        qtbot, make_view):
    view = make_view(experiment(epochs=50))
    assert not view.explain_button.isEnabled()          # no run yet
    paused_after(qtbot, view, 3)
    dialog = open_explainer(qtbot, view)
    ex = dialog.explanation
    assert ex.step_before == 3 and ex.batch_size == 32 and ex.optimizer["type"] == "adam"

    # 1 forward: z and a on every neuron, the weighted sum of the chosen neuron (1, 0)
    assert dialog.stage_label.text() == "1 of 4 · Forward propagation"
    assert not dialog.back_button.isEnabled()
    first = ex.columns[0]
    z, a = number_text(first.z[0, 0]), number_text(first.a[0, 0])
    assert dialog.diagram.neuron_texts[(1, 0)] == f"z = {z}\na = {a}"
    shown = dialog.text.toPlainText()
    assert "z = Σ wᵢ·aᵢ + b = " in shown and shown.split("z = Σ")[1].split("\n")[0] \
        .endswith(f"= {z}")
    assert f"a = ReLU(z) = max(0, {z}) = {a}" in shown
    w = ex.update("0.weight").before[0, 0]
    assert f"{number_text(w)}·{number_text(first.inputs[0, 0])}".replace("−", "") in \
        shown.replace("(", "").replace(")", "").replace("−", "")
    click_neuron(qtbot, dialog, 2, 3)
    assert dialog.chosen == (2, 3)
    assert f"= {number_text(ex.columns[1].z[0, 3])}" in dialog.text.toPlainText()
    assert "neuron 3 of layer 2" in dialog.text.toPlainText()

    # 2 loss: prediction against label, each sample's loss and the batch's mean
    click(qtbot, dialog.next_button)
    assert dialog.stage_label.text() == "2 of 4 · Loss"
    shown = dialog.text.toPlainText()
    label = int(ex.labels[0])
    assert f"L = −log p{label} = −log({number_text(ex.prediction[0, label])}) = " \
           f"{number_text(ex.sample_losses[0])}" in shown
    assert f"/ 32 = {number_text(ex.data_loss)}" in shown
    assert dialog.diagram.neuron_texts[(3, label)].endswith("y = 1")

    # 3 backward: δ on every neuron, ∂L/∂w on the chosen neuron's edges
    click(qtbot, dialog.next_button)
    assert dialog.stage_label.text() == "3 of 4 · Back propagation"
    second = ex.columns[1]
    assert dialog.diagram.neuron_texts[(2, 3)] == f"δ = {number_text(second.delta[0, 3])}"
    grad = ex.update("2.weight").gradient
    drawn = int(np.argmax(np.abs(grad[3, :16])))          # 16 of the 32 inputs are drawn
    assert dialog.diagram.edge_texts[(2, 3, drawn)] == number_text(grad[3, drawn])
    assert dialog.legend.text().startswith("On each neuron: δ = ∂L/∂z. Edges: the gradients")
    j = int(np.argmax(np.abs(grad[3])))
    assert f"∂L/∂w3,{j} = Σ δ·a{j} = " in dialog.text.toPlainText()
    assert f"= {number_text(grad[3, j])}" in dialog.text.toPlainText()

    # 4 update: Adam's m and v, the bias corrections and the Δw the engine applied
    click(qtbot, dialog.next_button)
    assert dialog.stage_label.text() == "4 of 4 · Update" and not dialog.next_button.isEnabled()
    shown = dialog.text.toPlainText()
    update = ex.update("2.weight")
    assert "m = β1·m + (1 − β1)·g = 0.9·" in shown and "bias corrections at step t = 4" in shown
    assert f"Δw = {number_text(update.delta[3, j])}" in shown
    assert "v = β2·v + (1 − β2)·g² = 0.999·" in shown
    click(qtbot, dialog.back_button)
    assert dialog.stage_label.text() == "3 of 4 · Back propagation"

    # Step: the run trains its next iteration on that batch; the explainer follows it, and
    # the weights it now starts from are the explained ones after the update, bit for bit
    click(qtbot, view.step_button)
    qtbot.waitUntil(lambda: view.run.steps == 4 and state(view) == PAUSED, timeout=10_000)
    qtbot.waitUntil(lambda: dialog.explanation is not ex, timeout=10_000)
    after = dialog.explanation
    assert after.step_before == 4
    for u in ex.updates:
        assert np.array_equal(after.update(u.name).before, u.after), u.name
        assert np.array_equal(after.update(u.name).before - u.before, u.delta)


def test_one_chosen_sample_shows_its_features_label_and_delta_times_a(qtbot, make_view):
    exp = experiment(epochs=50)
    exp["optimizer"] = {"type": "sgd", "lr": 0.1, "momentum": 0.9, "dampening": 0.0,
                        "nesterov": False, "weight_decay": 0.0}
    view = make_view(exp)
    paused_after(qtbot, view, 2)
    dialog = open_explainer(qtbot, view)
    first = dialog.explanation
    type_into(qtbot, dialog.sample_box, "5")
    qtbot.waitUntil(lambda: dialog.explanation is not first, timeout=10_000)
    ex = dialog.explanation
    assert ex.rows == (5,) and ex.batch_size == 1 and not dialog.shown_box.isVisible()
    x = view.run.info.train_x[5]
    assert dialog.sample_info.text().startswith(
        f"Row 5: features ({number_text(x[0])}, {number_text(x[1])}), "
        f"label {int(view.run.info.train_y[5])}")
    dialog.go(2)
    c = ex.columns[2]
    label = int(ex.labels[0])
    shown = dialog.text.toPlainText()
    assert "The chosen neuron is neuron 0 of layer 1." in shown
    dialog.choose(3, label)
    shown = dialog.text.toPlainText()
    assert f"δ = (p − y) / N = ({number_text(ex.prediction[0, label])} − 1) / 1 = " \
           f"{number_text(c.delta[0, label])}" in shown
    grad = ex.update("4.weight").gradient[label]
    j = int(np.argmax(np.abs(grad)))
    assert f"∂L/∂w{label},{j} = δ·a{j} = " in shown
    dialog.go(3)
    shown = dialog.text.toPlainText()
    assert "velocity: b = μ·b + g = 0.9·" in shown
    assert f"Δw = {number_text(ex.update('4.weight').delta[label, j])}" in shown


def test_explain_needs_a_paused_run_and_says_so(qtbot, make_view, monkeypatch):
    view = make_view(experiment(epochs=50))
    errors = []
    monkeypatch.setattr(view, "show_error", lambda title, message: errors.append(message))
    assert view.explain_step() is None
    assert errors == ["Explain step works between iterations: press Step (or Train, then "
                      "Pause) first, then explain the next iteration."]


def test_regression_shows_the_squared_error_and_a_too_large_batch_says_what_to_do(
        qtbot, make_view):
    exp = experiment(epochs=50, data={"source": "sine", "samples": 1500, "noise": 0.1,
                                      "test_fraction": 0.2, "standardize": True, "seed": 0})
    exp["loss"] = {"type": "mse"}
    exp["model"]["layers"] = [{"type": "dense", "units": 8}, {"type": "tanh"},
                              {"type": "dense", "units": 1}]
    exp["training"]["batch_size"] = "full"               # 1,200 rows: too many to keep
    view = make_view(normalize(exp))
    paused_after(qtbot, view, 1)
    click(qtbot, view.explain_button)
    dialog = view.explainer
    qtbot.waitUntil(lambda: "choose one training sample" in dialog.status.text(),
                    timeout=10_000)
    assert dialog.status.text() == (
        "explaining a step keeps every neuron's values for each sample of the batch, so it "
        "takes 1 to 1,024 samples; this batch has 1,200: choose one training sample instead")
    type_into(qtbot, dialog.sample_box, "7")
    qtbot.waitUntil(lambda: dialog.explanation is not None, timeout=10_000)
    ex = dialog.explanation
    assert ex.rows == (7,)
    y = view.run.info.train_y[7]
    assert dialog.sample_info.text().endswith(f"target ({number_text(y)})")
    click(qtbot, dialog.next_button)
    assert f"L = mean((ŷ − y)²) = (({number_text(ex.prediction[0, 0])} − " \
           f"{number_text(y) if y >= 0 else f'({number_text(y)})'})²) / 1 = " \
           f"{number_text(ex.sample_losses[0])}" in dialog.text.toPlainText()
    click(qtbot, dialog.next_button)
    dialog.choose(2, 0)
    assert f"δ = {number_text(ex.columns[1].delta[0, 0])}" == \
        dialog.diagram.neuron_texts[(2, 0)]
    click(qtbot, dialog.next_button)
    assert "Optimizer: Adam, step t = 2." in dialog.text.toPlainText()
    view.controller.discard_session("test")
    dialog.request()
    assert dialog.status.text().startswith("This run has ended")


def _numbers(text: str) -> list[float]:
    """The numbers of a shown formula (true minus signs, parentheses around negatives)."""
    return [float(n.replace("−", "-"))
            for n in re.findall(r"−?\d+(?:\.\d+)?(?:e[+−-]?\d+)?", text)]


def test_batch_norm_relu_and_dropout_are_written_out_with_true_numbers(qtbot, make_view):
    exp = experiment(epochs=50)
    exp["model"]["layers"] = [{"type": "dense", "units": 8}, {"type": "batch_norm"},
                              {"type": "relu"}, {"type": "dropout", "p": 0.5},
                              {"type": "dense", "units": 3}, {"type": "softmax"}]
    view = make_view(normalize(exp))
    paused_after(qtbot, view, 2)
    dialog = open_explainer(qtbot, view)
    ex = dialog.explanation
    c = ex.columns[0]
    bn, _relu, drop = c.stages
    # a neuron the dropout keeps and the ReLU passes, for the first sample of the batch
    row = next(r for r in range(8) if drop.values["mask"][0, r] and bn.output[0, r] > 0)
    dialog.choose(1, row)
    lines = dialog.text.toPlainText().split("\n")
    bn_line = next(line for line in lines if "γ·(z − μ_B)/√(σ²_B + ε) + β = " in line)
    gamma, z, mu, var, eps, beta, shown_bn = _numbers(bn_line.split("+ β = ")[1])
    assert z == float(number_text(c.z[0, row]).replace("−", "-"))
    assert (mu, var) == pytest.approx((bn.values["mean"][row], bn.values["var"][row]),
                                      rel=1e-3, abs=1e-4)
    assert gamma * (z - mu) / np.sqrt(var + eps) + beta == pytest.approx(shown_bn, rel=2e-3,
                                                                         abs=2e-3)
    relu_line = next(line for line in lines if "max(0, " in line)
    inside, out = _numbers(relu_line.split("max(0, ")[1])
    assert inside == shown_bn and out == max(0.0, inside)
    drop_line = next(line for line in lines if "·m = " in line and "mask m = 2" in line)
    value, mask, a = _numbers(drop_line.split("·m = ")[1])
    assert value == out and mask == 2 and value * mask == pytest.approx(a, rel=1e-3)
    assert f"a = ReLU(BN(z))·m = {number_text(c.a[0, row])}" in lines
    assert a == float(number_text(c.a[0, row]).replace("−", "-"))

    click(qtbot, dialog.next_button)
    click(qtbot, dialog.next_button)
    shown = dialog.text.toPlainText()
    assert "σ′(z)" not in shown
    lines = shown.split("\n")
    assert f"∂L/∂a = Σₖ wₖ·δₖ = {number_text(c.grad_a[0, row])}" in lines
    g_a, mask, g_u2 = _numbers(next(x for x in lines if "through dropout:" in x)
                               .split("·m = ")[1])
    assert mask == 2 and g_a * mask == pytest.approx(g_u2, rel=1e-3)
    relu_back = next(x for x in lines if x.startswith("through ReLU:"))
    g, slope, g_u1 = _numbers(relu_back.split("ReLU′(u1) = ")[1])
    assert g == g_u2 and slope == 1 and g_u1 == g
    bn_back = next(x for x in lines if x.startswith("through batch norm"))
    factor, g, mean_g, xhat, mean_gx, delta = _numbers(bn_back.split("·ẑ)) = ")[1])
    assert g == g_u1
    assert factor * (g - mean_g - xhat * mean_gx) == pytest.approx(
        delta, rel=2e-2, abs=2e-3 * factor * (abs(g) + abs(mean_g) + abs(xhat * mean_gx)))
    assert f"δ = ∂L/∂z (through dropout, ReLU, batch norm) = {number_text(c.delta[0, row])}" \
        in lines
    assert delta == float(number_text(c.delta[0, row]).replace("−", "-"))


def test_a_frozen_layer_says_its_weights_do_not_change(qtbot, make_view):
    view = make_view(experiment(epochs=50))
    paused_after(qtbot, view, 1)
    view.session.set_frozen(2, True)     # the second dense layer: the diagram's column 2
    dialog = open_explainer(qtbot, view)
    qtbot.waitUntil(lambda: dialog.explanation.update("2.weight").frozen, timeout=10_000)
    dialog.go(3)
    dialog.choose(2, 1)
    shown = dialog.text.toPlainText()
    assert "Layer 2 is frozen: its weights do not change (Δw = 0)." in shown
    assert "m = β1·m" not in shown and "Applied by the engine: Δw = 0;" in shown
    assert dialog.diagram.frozen_columns == {2}
    assert dialog.diagram.captions[2].endswith("\nfrozen: no update")
    dialog.choose(1, 1)
    assert "frozen" not in dialog.text.toPlainText() and "m = β1·m" in dialog.text.toPlainText()


def test_a_cnn_explains_its_dense_layer_on_the_flattened_convolution_output(qtbot, make_view):
    with open("resources/examples/digits_cnn.json", encoding="utf-8") as f:
        exp = normalize(json.load(f))
    exp["training"]["batch_size"] = 4
    view = make_view(exp)
    paused_after(qtbot, view, 1)
    dialog = open_explainer(qtbot, view)
    ex = dialog.explanation
    held = ex.columns[0].inputs
    assert held.shape == (4, 512) and ex.before[:2] == ("conv2d", "relu")
    label = int(ex.labels[0])
    assert dialog.sample_info.text() == (
        f"Row {ex.rows[0]}: flattened convolution output (512 values: "
        + ", ".join(number_text(v) for v in held[0, :6]) + f", …), label {label}")
    assert dialog.diagram.captions[0].startswith("flattened conv. output (16/512)")
    assert dialog.diagram.neuron_texts[(0, 3)] == f"a = {number_text(held[0, 3])}"
    assert ("The convolution and pooling layers before are not drawn: the first column is "
            "their flattened output, 512 values.") in dialog.text.toPlainText()
    dialog.choose(0, 3)
    shown = dialog.text.toPlainText()
    assert "The chosen neuron is value 3 of the flattened convolution output." in shown
    assert f"a3 = {number_text(held[0, 3])}" in shown and "x3" not in shown
    click(qtbot, dialog.next_button)
    assert f"The label is class {label};" in dialog.text.toPlainText()
