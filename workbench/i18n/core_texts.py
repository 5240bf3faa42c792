"""Translating the English texts that come from ``core`` (which knows no Qt) where they are shown.

Each kind of core text has its own translation context, so one English word can be
translated differently as a layer's title and as a parameter's label:

=====================  ===========================================================
context                texts
=====================  ===========================================================
``core.registry``      entry titles, palette groups, help texts, parameter help
``core.params``        parameter labels (:func:`workbench.forms.label_for`)
``core.choices``       values of choice parameters shown in combo boxes
``core.nn.analysis``   fixed sentences of the network analysis (:mod:`core.nn.analysis`)
``core.health``        fixed sentences of the training health alerts
``core.expected``      what a parameter accepts ("a positive integer up to {}")
``core.progress``      what the data loaders say while they work ("Reading {}")
``core.device``        parts of the CPU/GPU description ("{} threads"), why a GPU is missing
``core.summary``       parts of a layer card's summary ("{} units", "stride {}")
``resources.examples`` names and descriptions of the example experiments (File › Examples)
=====================  ===========================================================

lupdate cannot read these strings from core's sources; :func:`extraction_source` writes
them as ``QT_TRANSLATE_NOOP`` lines that ``python3 -m workbench.i18n.build`` passes to
lupdate with the workbench's own sources, so they land in the same ``.ts`` file.
Formulas are left as they are (mathematics reads the same in both languages). A text
with no translation (a finding that carries numbers, say) is shown in English.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

REGISTRY = "core.registry"
PARAMS = "core.params"
CHOICES = "core.choices"
ANALYSIS = "core.nn.analysis"
HEALTH = "core.health"
EXPECTED = "core.expected"
EXAMPLES = "resources.examples"
PROGRESS = "core.progress"
DEVICE = "core.device"
SUMMARY = "core.summary"


def translated(context: str, text: str) -> str:
    """``text`` in the interface's language (itself when empty or untranslated)."""
    return QCoreApplication.translate(context, text) if text else text


def entry_title(entry) -> str:
    """A registry entry's title ("Dense", "Adam", "Two spirals")."""
    return translated(REGISTRY, entry.title)


def entry_help(entry) -> str:
    return translated(REGISTRY, entry.help)


def entry_tooltip(entry) -> str:
    """Help text and formula, like :meth:`core.registry.Entry.tooltip`."""
    return entry_help(entry) + (f"\n\n{entry.formula}" if entry.formula else "")


def group_title(group: str) -> str:
    return translated(REGISTRY, group)


def param_help(param) -> str:
    return translated(REGISTRY, param.help)


def english_label(name: str) -> str:
    """A parameter name as an English form label: ``"weight_decay"`` → ``"Weight decay"``."""
    text = name.replace("_", " ")
    return text[:1].upper() + text[1:]


def param_label(label: str) -> str:
    """A parameter's form label, given in English (``"Weight decay"``)."""
    return translated(PARAMS, label)


def choice_text(value) -> str:
    """A choice parameter's value as shown in its combo box (``"he_uniform"`` →
    "he uniform" in English)."""
    text = translated(CHOICES, str(value))
    return text.replace("_", " ") if text == str(value) else text


def expected_text(text: str) -> str:
    """What a parameter accepts (:meth:`core.registry.Param.describe_expected`)."""
    from workbench.i18n.fixed_sentences import EXPECTED_TEMPLATES, translate_message
    return translate_message(EXPECTED, text, EXPECTED_TEMPLATES, translated)


def progress_text(text: str) -> str:
    """What a core loader reports while it works (:func:`core.progress.report`)."""
    from workbench.i18n.fixed_sentences import PROGRESS_TEMPLATES, translate_message
    return translate_message(PROGRESS, text, PROGRESS_TEMPLATES, translated)


def device_text(text: str) -> str:
    """A device description or why there is no GPU (:mod:`core.backend.devices`), part by
    part: lines, then the " · "-separated parts of each line."""
    from workbench.i18n.fixed_sentences import DEVICE_TEMPLATES, translate_message
    return "\n".join(" · ".join(translate_message(DEVICE, part, DEVICE_TEMPLATES, translated)
                                for part in line.split(" · "))
                     for line in text.split("\n"))


def layer_summary(text: str) -> str:
    """A layer card's summary ("32 units, init=he_uniform"), part by part: templates of
    :data:`~workbench.i18n.fixed_sentences.SUMMARY_TEMPLATES`, and "name=value" as the
    parameter's label and choice ("Init=he uniform" in English stays "init=he_uniform")."""
    from workbench.i18n.fixed_sentences import SUMMARY_TEMPLATES, translate_message
    parts = []
    for part in text.split(", "):
        name, equals, value = part.partition("=")
        if equals and name.isidentifier():
            label = param_label(english_label(name))
            if label != english_label(name):    # a translation exists: use it
                part = f"{label}={choice_text(value)}"
        else:
            part = translate_message(SUMMARY, part, SUMMARY_TEMPLATES, translated)
        parts.append(part)
    return translated(SUMMARY, ", ").join(parts)


def finding_message(message: str) -> str:
    """An analysis finding, sentence by sentence (:mod:`workbench.i18n.fixed_sentences`)."""
    from workbench.i18n.fixed_sentences import ANALYSIS_SENTENCES, translate_message
    return translate_message(ANALYSIS, message, ANALYSIS_SENTENCES, translated)


def alert_message(message: str) -> str:
    """A training health alert, sentence by sentence."""
    from workbench.i18n.fixed_sentences import HEALTH_SENTENCES, translate_message
    return translate_message(HEALTH, message, HEALTH_SENTENCES, translated)


# ------------------------------------------------------------------ extraction
def _registry_texts():
    import core  # noqa: F401  (the catalog registers every entry)
    from core import registry
    for category in registry.CATEGORIES:
        for entry in registry.entries(category):
            preview_note = getattr(entry.factory, "preview_note", "")
            for text in (entry.title, entry.help, entry.group, entry.extra.get("advice", ""),
                         preview_note if isinstance(preview_note, str) else ""):
                if text:
                    yield REGISTRY, text
            for param in entry.params:
                if param.help:
                    yield REGISTRY, param.help
                yield PARAMS, english_label(param.name)
                for choice in param.choices:
                    if isinstance(choice, str):
                        yield CHOICES, choice


def _setting_texts():
    """Help and labels of the experiment's own fields (training, data split)."""
    from core import experiment
    from core.data import spec
    yield REGISTRY, experiment.BATCH_HELP
    for param in (*experiment.TRAINING_PARAMS, *spec.COMMON_PARAMS):
        if param.help:
            yield REGISTRY, param.help
        yield PARAMS, english_label(param.name)
        for choice in param.choices:
            if isinstance(choice, str):
                yield CHOICES, choice


def _example_texts():
    import json
    from pathlib import Path

    import core
    folder = Path(core.__file__).resolve().parents[1] / "resources" / "examples"
    for path in sorted(folder.glob("*.json")):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(doc, dict):
            for key in ("name", "description"):
                if isinstance(doc.get(key), str) and doc[key]:
                    yield EXAMPLES, doc[key]


def core_texts() -> list[tuple[str, str]]:
    """Every (context, English text) of core that the interface shows, without duplicates,
    in a stable order."""
    from workbench.i18n.fixed_sentences import (
        ANALYSIS_SENTENCES,
        DEVICE_TEMPLATES,
        EXPECTED_TEMPLATES,
        HEALTH_SENTENCES,
        PROGRESS_TEMPLATES,
        SUMMARY_TEMPLATES,
    )
    seen: dict[tuple[str, str], None] = {}
    for pair in (*_registry_texts(), *_setting_texts(), *_example_texts()):
        seen.setdefault(pair, None)
    for text in ANALYSIS_SENTENCES:
        seen.setdefault((ANALYSIS, text), None)
    for text in HEALTH_SENTENCES:
        seen.setdefault((HEALTH, text), None)
    for text in EXPECTED_TEMPLATES:
        seen.setdefault((EXPECTED, text), None)
    for text in PROGRESS_TEMPLATES:
        seen.setdefault((PROGRESS, text), None)
    for text in DEVICE_TEMPLATES:
        seen.setdefault((DEVICE, text), None)
    for text in (*SUMMARY_TEMPLATES, ", "):
        seen.setdefault((SUMMARY, text), None)
    return list(seen)


def extraction_source() -> str:
    """Python source of ``QT_TRANSLATE_NOOP(context, text)`` lines for lupdate."""
    return "".join(f"QT_TRANSLATE_NOOP({context!r}, {text!r})\n"
                   for context, text in core_texts())
