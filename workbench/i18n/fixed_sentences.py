"""The sentences of core's analysis findings and health alerts that the interface translates.

Core builds these messages in English with numbers and names filled in (``"Dead ReLUs:
62% of the ReLU units after layer 2 (relu) ..."``). A message is cut into sentences; each
sentence is translated when it equals one of the fixed sentences below or matches one
of the templates (``{}`` stands for a number or a name, kept as written). A sentence
that matches nothing stays English: add its template here, run
``python3 -m workbench.i18n.build`` and translate it in the ``.ts`` file.
"""

from __future__ import annotations

import re

#: Whole sentences of :mod:`core.nn.analysis` (context ``core.nn.analysis``).
ANALYSIS_SENTENCES: tuple[str, ...] = (
    "The network has no dense layer, so it has nothing to learn.",
    "The network has no layers: add at least one dense layer.",
    "add a dense layer",
    "The data have {} input features: the network needs at least one input column.",
    "Layer {} ({}) is not the last layer: {} belongs in the output layer only.",
    "remove this {}",
    "No activation between dense layers {} and {}: together they are one linear map, so the "
    "extra layer adds nothing.",
    "insert ReLU",
    "Two activations in a row (layers {} and {}: {}, {}); usually one is enough.",
    "remove layer {}",
    "remove the final {}",
    "Dropout is the last layer ({}): it would randomly zero the network's outputs while "
    "training.",
    "Sigmoid output with multi-class cross-entropy: use softmax so the class probabilities sum "
    "to 1.",
    "use softmax",
    "Cross-entropy expects a softmax output layer; without it the outputs are read as raw "
    "scores (logits).",
    "add softmax for cross-entropy",
    "{} on a softmax output learns slowly; cross-entropy is the loss for class probabilities.",
    "use cross-entropy",
    "Binary cross-entropy on a softmax output: use a single sigmoid unit, or cross-entropy.",
    "The network outputs {} values but the task needs {} classes.",
    "The network outputs {} value but the task needs {} classes.",
    "The network outputs {} values but the task needs {} outputs.",
    "The network outputs {} values but the task needs {} output.",
    "The network outputs {} value but the task needs {} outputs.",
    "set output units to {} for {} classes",
    "set output units to {}",
    "Every layer with weights is frozen, so training changes nothing: unfreeze at least one.",
    "unfreeze layer {}",
)

#: Whole sentences of :mod:`core.training.health_alerts` (context ``core.health``).
HEALTH_SENTENCES: tuple[str, ...] = (
    "Try a tenth of it.",
    # how a run finished (core.training.trainer), the Train tab's status tooltip
    "Completed {} epochs.", "Completed {} epoch.",
    "Stopped by the user after {} iterations.", "Stopped by the user after {} iteration.",
    # errors of a run, shown in the same banner (workbench.training.run_records)
    "Training ran out of memory: try a smaller batch size, fewer units or a smaller data set.",
    "Training failed: {}",
    "Try {} (a tenth of {}).",
    "Learning rate too high: the loss rose from {} at the start to {} at iteration {}, so the "
    "steps overshoot instead of going downhill.",
    "Learning rate too high: the loss rose from {} at the start to {} in epoch {}, so the "
    "steps overshoot instead of going downhill.",
    "This is most likely the learning rate (see above).",
    "Try a lower learning rate, He initialization or batch norm.",
    "Try ReLU instead of sigmoid/tanh, He or Glorot initialization, batch norm or fewer layers.",
    "Try a lower learning rate, He initialization or Leaky ReLU.",
    "Dead ReLUs: {} of the ReLU units after layer {} ({}) output 0 for every validation "
    "sample (epoch {}), so they no longer learn.",
    "Vanishing gradient: ‖∂L/∂W‖ of {} is {} (below {}) at epoch {}; its weights barely "
    "change.",
    "Exploding gradient: ‖∂L/∂W‖ of {} is {} (above {}) at epoch {}.",
    "Try a lower learning rate, standardized inputs or batch norm.",
    "The learning rate was {}; try {}.",
    "Training diverged at iteration {} (epoch {}): the loss became NaN or infinite.",
    "Training diverged at iteration {} (epoch {}): the weights became NaN or infinite (the "
    "loss was still finite).",
    "The last finite weights are kept; try a lower learning rate.",
)

#: What a parameter accepts (:meth:`core.registry.Param.describe_expected`, ``core.expected``).
EXPECTED_TEMPLATES: tuple[str, ...] = (
    "true or false", "a text string", "one of {}", "a list of {} numbers",
    "a list of {} numbers between {} and {}", "a list of {} numbers ≥ {}",
    "a positive integer", "a non-negative integer", "a positive number", "a non-negative number",
    "a positive integer up to {}", "a non-negative integer up to {}",
    "a positive number up to {}", "a non-negative number up to {}",
    "an integer between {} and {}", "a number between {} and {}",
    "an integer ≥ {}", "an integer > {}", "an integer ≤ {}",
    "a number ≥ {}", "a number > {}", "a number ≤ {}",
)

#: What core's loaders say while they work (:func:`core.progress.report`, ``core.progress``).
PROGRESS_TEMPLATES: tuple[str, ...] = (
    "Reading {}", "Splitting and standardizing", "Counting the rows of {}", "Parsing {}",
    # the training worker's own steps (workbench.training.worker)
    "Preparing the data and the network", "Drawing the first decision boundary",
)

#: Parts of :mod:`core.backend.devices`' descriptions (context ``core.device``): the
#: " · "-separated parts of "CPU · NumPy 2.4 · OpenBLAS · 2 threads" and why a GPU is missing.
DEVICE_TEMPLATES: tuple[str, ...] = (
    "{} threads", "{} thread",
    "the GPU is disabled by the NNWB_DISABLE_GPU environment variable",
    "CuPy is not installed (install the GPU extra: pip install 'nn-workbench[gpu]')",
    "CuPy failed to load: {}", "the CUDA driver failed: {}",
    "CuPy is installed but no CUDA device was found", "the CUDA device did not answer: {}",
    "GPU unavailable: {}",
)

#: Parts of a layer card's summary (:meth:`core.nn.layers.base.Layer.summary`, context
#: ``core.summary``): "32 units", "8 filters 3×3", "stride 2"; "name=value" parts are
#: translated through the parameter's label and choice (:func:`core_texts.layer_summary`).
SUMMARY_TEMPLATES: tuple[str, ...] = (
    "{} units", "{} unit", "{} filters {}", "stride {}",
)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z‖])")


def _pattern(template: str) -> re.Pattern:
    parts = [re.escape(p) for p in template.split("{}")]
    return re.compile("(.+?)".join(parts) + r"\Z", re.DOTALL)


_PATTERNS: dict[str, list[tuple[re.Pattern, str]]] = {}


def _patterns(context: str, sentences) -> list[tuple[re.Pattern, str]]:
    if context not in _PATTERNS:
        _PATTERNS[context] = [(_pattern(t), t) for t in sentences if "{}" in t]
    return _PATTERNS[context]


def translate_message(context: str, message: str, sentences, translate) -> str:
    """``message`` translated sentence by sentence with ``translate(context, text)``.

    A sentence equal to one of ``sentences`` is translated as it is; one that matches a
    template of ``sentences`` is translated through the template, its ``{}`` parts
    filled in again in order (the translation numbers them ``{0}``, ``{1}``... when it
    needs another order).
    """
    fixed = set(sentences)
    out = []
    for sentence in _SENTENCE_END.split(message.strip()):
        if sentence in fixed:
            out.append(translate(context, sentence))
            continue
        for pattern, template in _patterns(context, sentences):
            match = pattern.match(sentence)
            if match:
                chinese = translate(context, template)
                if chinese != template:
                    # "{}" → "{0}", "{1}"... so a translation may reorder them
                    sentence = _numbered(chinese).format(*match.groups())
                break
        out.append(sentence)
    return _join(out)


def _numbered(template: str) -> str:
    """``"a {} b {}"`` → ``"a {0} b {1}"`` (templates already numbered stay as they are)."""
    parts = template.split("{}")
    return "".join(part + (f"{{{i}}}" if i < len(parts) - 1 else "")
                   for i, part in enumerate(parts))


def _join(sentences: list[str]) -> str:
    text = ""
    for s in sentences:
        if text and not _is_cjk(text[-1]):   # "。" needs no space after it; "." does
            text += " "
        text += s
    return text


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
