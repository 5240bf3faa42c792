"""Lesson files: guided experiments written as data (``resources/lessons/NN_name.json``).

A lesson is a short sequence of pages. Each page has a text in English and Simplified
Chinese, and may set up an experiment, ask the person to do something, and check the
outcome of the run they made (:mod:`core.lessons.checks`). The format is documented for
teachers in ``resources/lessons/README.md``::

    {"format": 1,
     "title": {"en": "Vanishing gradients", "zh_CN": "梯度消失"},
     "pages": [
       {"text": {"en": "...", "zh_CN": "..."},
        "experiment": {"example": "circle.json", "changes": {"training.epochs": 5}},
        "run_label": {"en": "ReLU", "zh_CN": "ReLU"},
        "action": {"en": "Press Train.", "zh_CN": "点击“训练”。"},
        "checks": [{"metric": "val_accuracy", "op": ">=", "value": 0.9}]}]}

:func:`load_lesson` reads a file strictly (:func:`core.files.strict_json.loads`) and
:func:`parse_lesson` validates a document; every error is one sentence that starts with
the file and the JSON path of the bad field, e.g.
``05_dead_relu.json: pages[1].checks[0].op: expected one of <, <=, >, >=, got "=<"``.
A page's experiment is resolved and normalized at load time (:func:`core.experiment.normalize`),
so a lesson that loads can be set up.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import core
from core.errors import SpecError, WorkbenchError
from core.experiment import normalize
from core.files import strict_json
from core.files.read_limits import MAX_EXPERIMENT_BYTES, read_regular_bytes
from core.lessons.checks import Check, parse_check

FORMAT = 1
LANGUAGES = ("en", "zh_CN")
RESOURCES_DIR = Path(core.__file__).resolve().parents[1] / "resources"
#: The bundled lessons.
LESSONS_DIR = RESOURCES_DIR / "lessons"
#: Where ``{"example": "circle.json"}`` looks.
EXAMPLES_DIR = RESOURCES_DIR / "examples"
MAX_PAGES = 50
MAX_TEXT_CHARS = 4000

_LESSON_FIELDS = ("format", "title", "summary", "pages")
_PAGE_FIELDS = ("text", "experiment", "run_label", "action", "checks")
_REFERENCE_FIELDS = ("example", "changes")


@dataclass(frozen=True)
class Page:
    """One page of a lesson.

    Attributes
    ----------
    text : dict
        ``{"en": ..., "zh_CN": ...}``: what the page explains.
    experiment : dict or None
        A normalized experiment that "Set up this experiment" loads.
    run_label : dict or None
        What to call a run trained while this page is shown (``{"en": "sigmoid", ...}``).
    action : dict or None
        What the person should do now.
    checks : tuple of Check
        Conditions on the run that all hold when the page's point has been shown.
    """

    text: dict
    experiment: dict | None = None
    run_label: dict | None = None
    action: dict | None = None
    checks: tuple = ()


@dataclass(frozen=True)
class Lesson:
    """A lesson: its title, an optional one-line summary, and its pages."""

    title: dict
    pages: tuple
    summary: dict | None = None
    path: Path | None = None

    @property
    def checks(self) -> tuple[Check, ...]:
        """Every check of every page, in order."""
        return tuple(c for p in self.pages for c in p.checks)


def localized(texts: dict | None, language: str) -> str:
    """The text of ``texts`` in ``language`` (``"en"`` or ``"zh_CN"``); English otherwise."""
    if not texts:
        return ""
    return texts.get(language) or texts["en"]


def _show(value) -> str:
    text = strict_json.dumps(value)
    return text if len(text) <= 60 else text[:50] + " …"


def parse_texts(value, path: str) -> dict:
    """A ``{"en": ..., "zh_CN": ...}`` object: both languages, non-empty text."""
    if not isinstance(value, dict):
        raise SpecError(f"{path}: expected an object {{\"en\": ..., \"zh_CN\": ...}}, got "
                        f"{_show(value)}")
    for key in value:
        if key not in LANGUAGES:
            raise SpecError(f"{path}.{key}: unknown language; allowed: {', '.join(LANGUAGES)}")
    for key in LANGUAGES:
        if key not in value:
            raise SpecError(f"{path}.{key}: missing; every text is given in English (en) and "
                            "Simplified Chinese (zh_CN)")
        text = value[key]
        if not isinstance(text, str) or not text.strip():
            raise SpecError(f"{path}.{key}: expected a non-empty text string, got {_show(text)}")
        if len(text) > MAX_TEXT_CHARS:
            raise SpecError(f"{path}.{key}: the text has {len(text)} characters; at most "
                            f"{MAX_TEXT_CHARS}")
    return {k: value[k] for k in LANGUAGES}


def parse_lesson(doc, source: str = "lesson", examples_dir: Path = EXAMPLES_DIR) -> Lesson:
    """Validate a lesson document; SpecError ``"{source}: {json path}: ..."`` when wrong."""
    try:
        return _parse(doc, examples_dir)
    except WorkbenchError as exc:
        raise SpecError(f"{source}: {exc}") from None


def _parse(doc, examples_dir: Path) -> Lesson:
    if not isinstance(doc, dict):
        raise SpecError(f"a lesson must be a JSON object, got {type(doc).__name__}")
    for key in doc:
        if key not in _LESSON_FIELDS:
            raise SpecError(f"{key}: unknown field; allowed: {', '.join(_LESSON_FIELDS)}")
    fmt = doc.get("format")
    if isinstance(fmt, bool) or fmt != FORMAT:
        raise SpecError(f"format: expected {FORMAT}, got {_show(fmt)}")
    if "title" not in doc:
        raise SpecError("title: missing; a lesson needs a title")
    title = parse_texts(doc["title"], "title")
    summary = parse_texts(doc["summary"], "summary") if "summary" in doc else None
    pages = doc.get("pages")
    if not isinstance(pages, list) or not pages:
        raise SpecError(f"pages: expected a non-empty list of pages, got {_show(pages)}")
    if len(pages) > MAX_PAGES:
        raise SpecError(f"pages: {len(pages)} pages; a lesson has at most {MAX_PAGES}")
    return Lesson(title, tuple(_page(p, f"pages[{i}]", examples_dir)
                               for i, p in enumerate(pages)), summary)


def _page(doc, path: str, examples_dir: Path) -> Page:
    if not isinstance(doc, dict):
        raise SpecError(f"{path}: expected an object with a \"text\", got {_show(doc)}")
    for key in doc:
        if key not in _PAGE_FIELDS:
            raise SpecError(f"{path}.{key}: unknown field; allowed: {', '.join(_PAGE_FIELDS)}")
    if "text" not in doc:
        raise SpecError(f"{path}.text: missing; every page has a text")
    text = parse_texts(doc["text"], f"{path}.text")
    experiment = _experiment(doc["experiment"], f"{path}.experiment", examples_dir) \
        if "experiment" in doc else None
    run_label = parse_texts(doc["run_label"], f"{path}.run_label") if "run_label" in doc \
        else None
    action = parse_texts(doc["action"], f"{path}.action") if "action" in doc else None
    checks = doc.get("checks", [])
    if not isinstance(checks, list):
        raise SpecError(f"{path}.checks: expected a list of checks, got {_show(checks)}")
    parsed = tuple(parse_check(c, f"{path}.checks[{i}]", parse_texts)
                   for i, c in enumerate(checks))
    return Page(text, experiment, run_label, action, parsed)


def _experiment(doc, path: str, examples_dir: Path) -> dict:
    """A full experiment, or ``{"example": "name.json", "changes": {"a.b": value}}``."""
    if not isinstance(doc, dict):
        raise SpecError(f"{path}: expected an experiment object or {{\"example\": ...}}, got "
                        f"{_show(doc)}")
    if "example" in doc:
        for key in doc:
            if key not in _REFERENCE_FIELDS:
                raise SpecError(f"{path}.{key}: unknown field; allowed with \"example\": "
                                f"{', '.join(_REFERENCE_FIELDS)}")
        base = _example(doc["example"], f"{path}.example", examples_dir)
        changes = doc.get("changes", {})
        if not isinstance(changes, dict):
            raise SpecError(f"{path}.changes: expected an object of \"section.field\": value, "
                            f"got {_show(changes)}")
        for key, value in changes.items():
            _apply(base, key, value, f"{path}.changes[{_show(key)}]")
        doc = base
    try:
        return normalize(doc)
    except WorkbenchError as exc:
        raise SpecError(f"{path}: {exc}") from None


def _example(name, path: str, examples_dir: Path) -> dict:
    if not isinstance(name, str) or "/" in name or "\\" in name or not name.endswith(".json"):
        raise SpecError(f"{path}: expected the file name of a shipped example such as "
                        f"\"circle.json\", got {_show(name)}")
    file = examples_dir / name
    if not file.is_file():
        known = ", ".join(sorted(p.name for p in examples_dir.glob("*.json")))
        raise SpecError(f"{path}: no example named {name!r}; shipped: {known}")
    data = read_regular_bytes(file, MAX_EXPERIMENT_BYTES, "an experiment (JSON) file",
                              SpecError)
    return strict_json.loads(data, str(file), SpecError)


def _apply(doc: dict, key, value, path: str) -> None:
    """Set ``doc["a"]["b"] = value`` for ``key == "a.b"`` (one section and its field, or a
    whole section)."""
    parts = key.split(".") if isinstance(key, str) else []
    if not 1 <= len(parts) <= 2 or not all(parts):
        raise SpecError(f"{path}: expected \"section\" or \"section.field\", such as "
                        "\"optimizer.lr\"")
    if len(parts) == 1:
        doc[parts[0]] = copy.deepcopy(value)
        return
    section = doc.setdefault(parts[0], {})
    if not isinstance(section, dict):
        raise SpecError(f"{path}: the section {parts[0]!r} is not an object")
    section[parts[1]] = copy.deepcopy(value)


def load_lesson(path, examples_dir: Path = EXAMPLES_DIR) -> Lesson:
    """Read and validate the lesson file at ``path`` (errors start with its name)."""
    path = Path(path)
    data = read_regular_bytes(path, MAX_EXPERIMENT_BYTES, "a lesson (JSON) file", SpecError)
    doc = strict_json.loads(data, path.name, SpecError)
    lesson = parse_lesson(doc, path.name, examples_dir)
    return Lesson(lesson.title, lesson.pages, lesson.summary, path)


def bundled_lesson_files(folder: Path = LESSONS_DIR) -> list[Path]:
    """The lesson files of ``folder`` (``NN_name.json``), in file-name order."""
    return sorted(folder.glob("*.json")) if folder.is_dir() else []
