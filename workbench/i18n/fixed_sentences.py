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

#: Whole sentences of :mod:`core.nn.analysis` (context ``core.analysis``).
ANALYSIS_SENTENCES: tuple[str, ...] = (
    "The network has no dense layer, so it has nothing to learn.",
)

#: Whole sentences of :mod:`core.training.health_alerts` (context ``core.health``).
HEALTH_SENTENCES: tuple[str, ...] = (
    "Try a tenth of it.",
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
        if text and not (_is_cjk(text[-1]) or _is_cjk(s[:1])):
            text += " "
        text += s
    return text


def _is_cjk(ch: str) -> bool:
    return bool(ch) and ("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")
