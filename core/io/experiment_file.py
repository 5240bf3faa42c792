"""Experiment files: the JSON text of an experiment (:mod:`core.experiment`), read strictly
and written atomically.

Reading accepts only a regular file of at most
:data:`~core.files.read_limits.MAX_EXPERIMENT_BYTES` (a FIFO or a device is refused before
it is opened, so it cannot hang the program), parses it with
:func:`core.files.strict_json.loads` and normalizes it; every error starts with the file's
name. Writing validates first and goes through a temporary file, so the old file survives
a crash.
"""

from __future__ import annotations

from pathlib import Path

from core.errors import SpecError, WorkbenchError
from core.experiment import normalize
from core.files import strict_json
from core.files.atomic_write import write_text_atomic
from core.files.read_limits import MAX_EXPERIMENT_BYTES, read_regular_bytes


def loads(text, source: str = "experiment") -> dict:
    """Parse and normalize an experiment from JSON text (str or UTF-8 bytes).

    The JSON is read by :func:`core.files.strict_json.loads`: a byte-order mark is accepted;
    duplicate keys, NaN, numbers of more than 20 digits and nesting beyond 100 levels are
    refused. Errors start with ``source``.
    """
    doc = strict_json.loads(text, source, SpecError)
    try:
        return normalize(doc)
    except WorkbenchError as exc:
        raise type(exc)(f"{source}: {exc}") from None


def load(path) -> dict:
    """Read, validate and normalize the experiment file at ``path``.

    Only a regular file of at most 16 MiB is read (a FIFO or a device is refused before
    it is opened for reading, so it cannot hang the program).
    """
    data = read_regular_bytes(path, MAX_EXPERIMENT_BYTES, "an experiment (JSON) file",
                              SpecError)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise SpecError(f"{path}: not a text file (expected an experiment in JSON)") from None
    return loads(text, str(path))


def dumps(doc: dict) -> str:
    """The experiment as indented JSON text. Lone surrogates in strings are escaped
    (``\\ud800``), so the text always encodes as UTF-8 and reads back the same."""
    return strict_json.dumps(doc, indent=2) + "\n"


def save(doc: dict, path) -> None:
    """Write ``doc`` (validated first) as JSON, atomically: the old file survives a crash."""
    text = dumps(normalize(doc))
    write_text_atomic(Path(path), text)
