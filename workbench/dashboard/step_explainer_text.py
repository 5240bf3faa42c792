"""The sentences and formulas of the step explainer, with the engine's numbers filled in.

Each stage of :class:`workbench.dashboard.step_explainer.StepExplainerDialog` shows one
HTML text built here from a :class:`core.training.step_explanation.StepExplanation`, the
shown sample (its position in the batch) and the chosen neuron. The vocabulary is the
primer's: neuron, weight, bias, weighted sum, activation function, loss function,
forward and back propagation, gradient descent, learning rate.
"""

from __future__ import annotations

import html

import numpy as np
from PySide6.QtCore import QCoreApplication

from core import registry
from workbench.i18n.core_texts import entry_title

#: Terms of a weighted sum written out before "… (n more)".
SHOWN_TERMS = 4
#: Edges of the chosen neuron whose gradient is written out (the largest).
SHOWN_EDGES = 4

#: How an activation turns z into a, by layer type.
ACTIVATION_RULES = {
    "relu": "max(0, z)", "sigmoid": "1 / (1 + e^(−z))", "tanh": "tanh(z)",
    "softmax": "e^(zᵢ) / Σⱼ e^(zⱼ)", "identity": "z", "leaky_relu": "z if z > 0, else α·z",
    "elu": "z if z > 0, else α·(e^z − 1)", "softplus": "log(1 + e^z)",
}

#: Rules written again with the neuron's own z in place of z.
FILLED_RULES = ("relu", "sigmoid", "tanh", "softplus")


def _tr(text: str) -> str:
    return QCoreApplication.translate("StepExplainer", text)


def number_text(value) -> str:
    """A number as the explainer shows it: 4 significant digits, a true minus sign."""
    value = float(value)
    text = f"{value:.4g}" if value != 0 else "0"   # no "−0"
    return text.replace("-", "−")


def _factor(value) -> str:
    """A number inside a product: negative ones in parentheses."""
    text = number_text(value)
    return f"({text})" if text.startswith("−") else text


def _title(layer_type: str) -> str:
    try:
        return registry.get("layer", layer_type).title
    except Exception:
        return layer_type


def hidden_front(ex) -> bool:
    """True when layers other than flatten come before the first dense layer (a CNN): the
    first column then holds their flattened output, not the sample's features."""
    return any(t != "flatten" for t in getattr(ex, "before", ()))


def front_sentence(ex) -> str:
    """What the first column holds when the convolutions before it are not drawn."""
    return _tr("The convolution and pooling layers before are not drawn: the first column is "
               "their flattened output, {} values.").format(ex.columns[0].inputs.shape[1])


def neuron_name(column: int, row: int, ex=None) -> str:
    if column == 0:
        if ex is not None and hidden_front(ex):
            return _tr("value {} of the flattened convolution output").format(row)
        return _tr("input feature {}").format(row)
    return _tr("neuron {} of layer {}").format(row, column)


def label_text(label: int, class_names=()) -> str:
    """A class label once: "4", or "3 (cat)" when the class's name is not its index."""
    if label < len(class_names) and str(class_names[label]) != str(label):
        return f"{label} ({html.escape(str(class_names[label]))})"
    return str(label)


def _weighted_sum(weights: np.ndarray, inputs: np.ndarray, bias, z) -> str:
    terms = [f"{_factor(w)}·{_factor(a)}" for w, a in zip(weights[:SHOWN_TERMS],
                                                        inputs[:SHOWN_TERMS])]
    more = len(weights) - SHOWN_TERMS
    text = " + ".join(terms)
    if more > 0:
        text += " + " + _tr("… ({} more terms)").format(more)
    if bias is not None:
        text += f" + {_factor(bias)}"
    return f"z = Σ wᵢ·aᵢ + b = {text} = <b>{number_text(z)}</b>"


def _paragraphs(*lines: str) -> str:
    return "".join(f"<p>{line}</p>" for line in lines if line)


def forward_text(ex, sample: int, column: int, row: int) -> str:
    """Stage 1: the weighted sum and activation of the chosen neuron."""
    head = _tr("<b>Forward propagation.</b> Each neuron multiplies the outputs of the "
              "previous layer by its weights, adds its bias (the weighted sum z) and passes z "
              "through its activation function: a = σ(z). Layer by layer, until the output "
              "layer.")
    front = front_sentence(ex) if hidden_front(ex) else ""
    if column == 0:
        value = ex.columns[0].inputs[sample, row]
        if front:
            return _paragraphs(head, front, _tr("The chosen neuron is {}.").format(
                neuron_name(0, row, ex)), f"a<sub>{row}</sub> = <b>{number_text(value)}</b>")
        return _paragraphs(head, _tr("The chosen neuron is {}: it passes the sample's value "
                                    "on.").format(neuron_name(0, row)),
                           f"a = x<sub>{row}</sub> = <b>{number_text(value)}</b>")
    c = ex.columns[column - 1]
    w = ex.update(c.weight_name).before[row]
    b = ex.update(c.bias_name).before[row] if c.bias_name else None
    z, a = c.z[sample, row], c.a[sample, row]
    stages = getattr(c, "stages", ())
    fused = c.after[len(stages):]
    if len(stages) == 1 and stages[0].type in ACTIVATION_RULES and not fused:
        lines = [_activation_line(stages[0].type, z, a, "a", "z")]
    elif stages:
        lines = [_stage_line(st, k, sample, row, k == len(stages) - 1)
                 for k, st in enumerate(stages)]
        lines.append(f"a = {_composition(stages)} = <b>{number_text(a)}</b>")
    elif fused:
        lines = [_activation_line(fused[-1], z, a, "a", "z")]
    else:
        lines = [_tr("No activation function follows this layer:") +
                 f" a = z = <b>{number_text(a)}</b>"]
    return _paragraphs(head, front if column == 1 else "",
                       _tr("The chosen neuron is {} (click another one in the "
                           "diagram).").format(neuron_name(column, row)),
                       _weighted_sum(w, c.inputs[sample], b, z), *lines)


def _activation_line(kind: str, value, out, name: str, arg: str) -> str:
    rule = ACTIVATION_RULES.get(kind, f"{_title(kind)}(z)")
    shown = number_text(value) if kind == "relu" else _factor(value)   # max(0, −1.8)
    filled = rule.replace("z", shown) if kind in FILLED_RULES else rule
    return f"{name} = {_title(kind)}({arg}) = {html.escape(filled)} = <b>{number_text(out)}</b>"


def _stage_name(k: int) -> str:
    return "z" if k == 0 else f"u<sub>{k}</sub>"


def _stage_line(st, k: int, sample: int, row: int, last: bool) -> str:
    """One layer between z and a with its numbers: batch norm, an activation, dropout."""
    arg, out = _stage_name(k), "a" if last else _stage_name(k + 1)
    value, result = st.inputs[sample, row], st.output[sample, row]
    v = st.values
    if st.type == "batch_norm" and "mean" in v:
        return (_tr("Batch norm over the batch's samples (mean μ_B, variance σ²_B; learned "
                    "scale γ and shift β):") +
                f" {out} = γ·({arg} − μ_B)/√(σ²_B + ε) + β = {_factor(v['gamma'][row])}·"
                f"({number_text(value)} − {_factor(v['mean'][row])})/√("
                f"{number_text(v['var'][row])} + {v['eps']:g}) + {_factor(v['beta'][row])} = "
                f"<b>{number_text(result)}</b>")
    if st.type == "dropout" and "mask" in v:
        m = v["mask"][sample, row]
        if m:
            said = _tr("Dropout (p = {}) keeps this neuron for this sample and scales it by "
                       "1/(1 − p): mask m = {}.").format(f"{v['p']:g}", number_text(m))
        else:
            said = _tr("Dropout (p = {}) drops this neuron for this sample: mask m = 0."
                       ).format(f"{v['p']:g}")
        return said + f" {out} = {arg}·m = {_factor(value)}·{number_text(m)} = " \
                      f"<b>{number_text(result)}</b>"
    if st.type in ACTIVATION_RULES:
        return _activation_line(st.type, value, result, out, arg)
    return f"{out} = {html.escape(_title(st.type))}({arg}) = <b>{number_text(result)}</b>"


def _composition(stages) -> str:
    """``ReLU(BN(z))·m``: how a follows from z through the column's layers."""
    expr = "z"
    for st in stages:
        if st.type == "dropout":
            expr = f"{expr}·m"
        elif st.type == "batch_norm":
            expr = f"BN({expr})"
        else:
            expr = f"{html.escape(_title(st.type))}({expr})"
    return expr


def loss_text(ex, sample: int, class_names=()) -> str:
    """Stage 2: prediction against label and the loss formula with its numbers."""
    head = _tr("<b>Loss function.</b> The loss measures how far the prediction is from the "
              "label; training makes it smaller. The loss of the batch is the mean over its "
              "samples.")
    pred = ex.prediction[sample]
    lines = [head]
    loss_i = ex.sample_losses[sample]
    if ex.loss_type == "cross_entropy" and ex.labels is not None:
        label = int(ex.labels[sample])
        probs = ", ".join(number_text(p) for p in pred[:8])
        lines.append(_tr("Softmax turns the output layer's z into class probabilities: "
                        "p = ({}). The label is class {}; the network gives it p = {}.")
                     .format(probs, label_text(label, class_names), number_text(pred[label])))
        lines.append(f"L = −log p<sub>{label}</sub> = −log({number_text(pred[label])}) = "
                     f"<b>{number_text(loss_i)}</b>")
    elif ex.loss_type == "binary_cross_entropy":
        y = ex.target[sample, 0]
        lines.append(_tr("Sigmoid turns the output z into the probability of class 1: p = {}. "
                        "The label is y = {}.").format(number_text(pred[0]), number_text(y)))
        lines.append(f"L = −[y·log p + (1 − y)·log(1 − p)] = <b>{number_text(loss_i)}</b>")
    else:
        entry = registry.get("loss", ex.loss_type)
        outs = ", ".join(number_text(p) for p in pred[:8])
        targets = ", ".join(number_text(t) for t in ex.target[sample][:8])
        lines.append(_tr("Prediction ŷ = ({}); target y = ({}).").format(outs, targets))
        if ex.loss_type == "mse":
            terms = " + ".join(f"({number_text(p)} − {_factor(t)})²"
                               for p, t in zip(pred[:SHOWN_TERMS], ex.target[sample]))
            lines.append(f"L = mean((ŷ − y)²) = ({terms}) / {len(pred)} = "
                         f"<b>{number_text(loss_i)}</b>")
        else:
            lines.append(f"{html.escape(entry.formula)} = <b>{number_text(loss_i)}</b>")
    n = ex.batch_size
    if n > 1:
        shown = " + ".join(number_text(v) for v in ex.sample_losses[:SHOWN_TERMS])
        if n > SHOWN_TERMS:
            shown += " + " + _tr("… ({} more terms)").format(n - SHOWN_TERMS)
        lines.append(_tr("Loss of the batch of {} samples:").format(n) +
                     f" L = ({shown}) / {n} = <b>{number_text(ex.data_loss)}</b>")
    if ex.penalty:
        lines.append(_tr("Plus the L1/L2 penalty on the weights: {} + {} = {}").format(
            number_text(ex.data_loss), number_text(ex.penalty), number_text(ex.loss)))
    return _paragraphs(*lines)


def backward_text(ex, sample: int, column: int, row: int) -> str:
    """Stage 3: δ of the chosen neuron and ∂L/∂w = δ·a on its strongest edges."""
    head = _tr("<b>Back propagation.</b> From the last layer to the first, the chain rule "
              "gives every neuron's δ = ∂L/∂z. A weight's gradient is δ of the neuron it "
              "enters times a of the neuron it leaves: ∂L/∂w = δ·a (summed over the batch); "
              "a bias's gradient is ∂L/∂b = δ.")
    if column == 0:
        return _paragraphs(head, _tr("Input features have no weights of their own: choose a "
                                    "neuron of a layer to see its gradients."))
    c = ex.columns[column - 1]
    lines = [head, _tr("The chosen neuron is {}.").format(neuron_name(column, row))]
    delta = c.delta[sample, row]
    if c.grad_a is None:
        if ex.loss_type == "cross_entropy" and ex.labels is not None:
            y = 1.0 if int(ex.labels[sample]) == row else 0.0
            lines.append(f"δ = (p − y) / N = ({number_text(ex.prediction[sample, row])} − "
                         f"{number_text(y)}) / {ex.batch_size} = <b>{number_text(delta)}</b>")
        else:
            lines.append(f"δ = ∂L/∂z = <b>{number_text(delta)}</b>")
    else:
        g_a = c.grad_a[sample, row]
        stages = getattr(c, "stages", ())
        if len(stages) == 1 and stages[0].type in ACTIVATION_RULES:
            slope = _slope(stages[0], sample, row)
            lines.append(f"∂L/∂a = Σₖ wₖ·δₖ = {number_text(g_a)};  "
                         f"δ = ∂L/∂a · σ′(z) = {_factor(g_a)}·{_factor(slope)} = "
                         f"<b>{number_text(delta)}</b>")
        elif stages:
            lines.append(f"∂L/∂a = Σₖ wₖ·δₖ = {number_text(g_a)}")
            for k in range(len(stages) - 1, -1, -1):
                lines.append(_stage_gradient_line(stages, k, sample, row))
            through = ", ".join(_stage_title(st.type) for st in reversed(stages))
            lines.append("δ = ∂L/∂z (" + _tr("through {}").format(through) +
                         f") = <b>{number_text(delta)}</b>")
        else:
            lines.append(f"δ = ∂L/∂z = ∂L/∂a = Σₖ wₖ·δₖ = <b>{number_text(delta)}</b>")
    grad = ex.update(c.weight_name).gradient[row]
    inputs = c.inputs
    n = ex.batch_size
    for j in np.argsort(-np.abs(grad), kind="stable")[:SHOWN_EDGES]:
        if n == 1:
            lines.append(f"∂L/∂w<sub>{row},{j}</sub> = δ·a<sub>{j}</sub> = {_factor(delta)}·"
                         f"{_factor(inputs[0, j])} = <b>{number_text(grad[j])}</b>")
        else:
            lines.append(f"∂L/∂w<sub>{row},{j}</sub> = Σ δ·a<sub>{j}</sub> = "
                         f"{_factor(delta)}·{_factor(inputs[sample, j])} + … " +
                         _tr("({} samples)").format(n) + f" = <b>{number_text(grad[j])}</b>")
    if c.bias_name:
        lines.append(f"∂L/∂b<sub>{row}</sub> = Σ δ = "
                     f"<b>{number_text(ex.update(c.bias_name).gradient[row])}</b>")
    return _paragraphs(*lines)


def _stage_title(kind: str) -> str:
    return {"batch_norm": _tr("batch norm"), "dropout": _tr("dropout")}.get(
        kind, html.escape(_title(kind)))


def _slope(st, sample: int, row: int) -> float:
    """An activation's derivative at the neuron's input, as the engine's backward used it."""
    g, g_in = st.grad_out[sample, row], st.grad_in[sample, row]
    if st.type == "relu":
        return 1.0 if st.inputs[sample, row] > 0 else 0.0
    return float(g_in / g) if g else 0.0


def _stage_gradient_line(stages, k: int, sample: int, row: int) -> str:
    """∂L/∂(input) of one layer between z and a from ∂L/∂(output), with its numbers."""
    st = stages[k]
    out = "a" if k == len(stages) - 1 else _stage_name(k + 1)
    arg = _stage_name(k)
    g, g_in = st.grad_out[sample, row], st.grad_in[sample, row]
    dout, din = f"∂L/∂{out}", f"∂L/∂{arg}"
    v = st.values
    if st.type == "dropout" and "mask" in v:
        m = v["mask"][sample, row]
        return (_tr("through dropout:") + f" {din} = {dout}·m = {_factor(g)}·{number_text(m)}"
                f" = {number_text(g_in)}")
    if st.type == "batch_norm" and "mean" in v:
        col_z = st.inputs[:, row].astype(np.float64)
        inv = 1.0 / np.sqrt(float(v["var"][row]) + v["eps"])
        xhat = (col_z - float(v["mean"][row])) * inv
        grads = st.grad_out[:, row].astype(np.float64)
        factor = float(v["gamma"][row]) * inv
        return (_tr("through batch norm, whose μ_B and σ²_B depend on every sample of the "
                    "batch (ẑ = (z − μ_B)/√(σ²_B + ε)):") +
                f" {din} = γ/√(σ²_B + ε)·({dout} − mean_B({dout}) − ẑ·mean_B({dout}·ẑ)) = "
                f"{number_text(factor)}·({number_text(g)} − {_factor(grads.mean())} − "
                f"{_factor(xhat[sample])}·{_factor((grads * xhat).mean())}) = "
                f"{number_text(g_in)}")
    if st.type in ACTIVATION_RULES:
        slope = _slope(st, sample, row)
        return (_tr("through {}:").format(html.escape(_title(st.type))) +
                f" {din} = {dout}·{html.escape(_title(st.type))}′({arg}) = "
                f"{_factor(g)}·{_factor(slope)} = {number_text(g_in)}")
    return _tr("through {}:").format(html.escape(_title(st.type))) + \
        f" {din} = {number_text(g_in)}"


def _state_lines(ex, update, index) -> list[str]:
    """The optimizer's formulas for one number of one parameter (index into it)."""
    opt, lr = ex.optimizer, ex.lr
    kind = opt["type"]
    g = float(update.total_gradient[index])
    before = {k: float(v[index]) for k, v in update.state_before.items()}
    after = {k: float(v[index]) for k, v in update.state_after.items()}
    t = ex.step_before + 1
    lines = []
    if kind == "adam" or kind == "adamw":
        b1, b2 = opt["betas"]
        m, v = after["m"], after["v"]
        mh, vh = m / (1 - b1 ** t), v / (1 - b2 ** t)
        lines += [f"m = β1·m + (1 − β1)·g = {b1:g}·{_factor(before.get('m', 0.0))} + "
                  f"{1 - b1:.3g}·{_factor(g)} = {number_text(m)}",
                  f"v = β2·v + (1 − β2)·g² = {b2:g}·{_factor(before.get('v', 0.0))} + "
                  f"{1 - b2:.3g}·{_factor(g)}² = {number_text(v)}",
                  _tr("bias corrections at step t = {}:").format(t) +
                  f" m<sub>c</sub> = m / (1 − β1ᵗ) = {number_text(mh)}, "
                  f"v<sub>c</sub> = v / (1 − β2ᵗ) = {number_text(vh)}",
                  f"Δw = −lr·m<sub>c</sub> / (√v<sub>c</sub> + ε) = −{lr:g}·{_factor(mh)} / "
                  f"({number_text(np.sqrt(vh))} + {opt['eps']:g}) = "
                  f"{number_text(-lr * mh / (np.sqrt(vh) + opt['eps']))}"]
    elif kind == "sgd" and "momentum buffer" in after:
        mu = opt["momentum"]
        b = after["momentum buffer"]
        if "momentum buffer" in before:
            lines.append(_tr("velocity") + f": b = μ·b + g = {mu:g}·"
                         f"{_factor(before['momentum buffer'])} + {_factor(g)} = "
                         f"{number_text(b)}")
        else:
            lines.append(_tr("velocity (first step)") + f": b = g = {number_text(b)}")
        lines.append(f"Δw = −lr·b = −{lr:g}·{_factor(b)} = {number_text(-lr * b)}"
                     if not opt.get("nesterov") else
                     f"Δw = −lr·(g + μ·b) = −{lr:g}·({_factor(g)} + {mu:g}·{_factor(b)}) = "
                     f"{number_text(-lr * (g + mu * b))}")
    elif kind == "sgd":
        lines.append(f"Δw = −lr·g = −{lr:g}·{_factor(g)} = {number_text(-lr * g)}")
    else:
        for key in after:
            lines.append(f"{html.escape(key)}: {number_text(before.get(key, 0.0))} → "
                         f"{number_text(after[key])}")
        formula = registry.get("optimizer", kind).formula
        lines.append(html.escape(formula))
    return lines


def update_text(ex, column: int, row: int) -> str:
    """Stage 4: Δw = −lr·g (and the optimizer's state) for the chosen neuron's weights."""
    head = _tr("<b>Update (gradient descent).</b> Every weight and bias moves against its "
              "gradient: θ_new = θ_old − α·∇J(θ), α being the learning rate (lr = {}). "
              "Momentum and Adam keep a running state per weight that changes the step.") \
        .format(f"{ex.lr:g}")
    lines = [head, _tr("Optimizer: {}, step t = {}.").format(
        html.escape(entry_title(registry.get("optimizer", ex.optimizer["type"]))),
        ex.step_before + 1)]
    if column == 0:
        return _paragraphs(*lines, _tr("Input features have no weights: choose a neuron of "
                                      "a layer."))
    c = ex.columns[column - 1]
    lines.append(_tr("The chosen neuron is {}.").format(neuron_name(column, row)))
    update = ex.update(c.weight_name)
    grad = update.total_gradient[row]
    j = int(np.argmax(np.abs(grad)))
    lines.append(_tr("Its weight w<sub>{},{}</sub> (the largest gradient, g = {}):")
                 .format(row, j, number_text(grad[j])))
    if getattr(update, "frozen", False):
        lines.append(_tr("Layer {} is frozen: its weights do not change (Δw = 0).")
                     .format(column))
    else:
        lines += _state_lines(ex, update, (row, j))
    lines.append(_tr("Applied by the engine:") +
                 f" Δw = <b>{number_text(update.delta[row, j])}</b>;  w: "
                 f"{number_text(update.before[row, j])} → {number_text(update.after[row, j])}")
    if c.bias_name:
        bias = ex.update(c.bias_name)
        lines.append(_tr("Its bias:") + f" g = {number_text(bias.total_gradient[row])}, "
                     f"Δb = <b>{number_text(bias.delta[row])}</b>;  b: "
                     f"{number_text(bias.before[row])} → {number_text(bias.after[row])}")
    return _paragraphs(*lines)
