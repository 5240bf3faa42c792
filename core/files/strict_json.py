"""JSON as the workbench reads and writes it: strict, bounded, and always writable.

Experiment files, the experiment stored in a model file and a ``.safetensors`` header
are all read by :func:`loads`, which turns every way a document can be hostile or wrong
into one sentence (an error of the caller's class) instead of a traceback:

- not JSON at all, with line and column;
- a key given twice in one object (Python's ``json`` would silently keep the last);
- ``NaN``, ``Infinity``, or a number too large for a float (``1e999``);
- an integer with more than :data:`MAX_INT_DIGITS` digits (no field takes one; Python
  would otherwise spend time and memory on a 5000-digit number, or refuse it with an
  internal error past 4300 digits);
- lists and objects nested deeper than :data:`MAX_DEPTH` levels (a 100,000-deep
  document would otherwise end in ``RecursionError``).

A leading UTF-8 byte-order mark is accepted, as it is in CSV files.

Writing: :func:`dumps` escapes lone UTF-16 surrogates (``"\\ud800"``), which JSON allows
in strings and :func:`loads` accepts, but which UTF-8 cannot encode. The text written is
valid JSON that reads back to the same string, so a name holding one never stops a save.
"""

from __future__ import annotations

import json
import re

from core.errors import SpecError

#: Lists and objects nested deeper than this are refused.
MAX_DEPTH = 100
#: Integers with more digits than this are refused (int64 has 19).
MAX_INT_DIGITS = 20

_SURROGATE = re.compile("[\ud800-\udfff]")


class _Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class _Oversized:
    """Stands in for a number that is refused, so that its field can be named."""

    def __init__(self, text: str, reason: str):
        self.text, self.reason = text, reason


def _pairs(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"the key {_short(key)} appears twice in one object; each key may "
                           "appear only once")
        out[key] = value
    return out


def _int(text: str):
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        return _Oversized(text, f"an integer of {digits} digits; no field takes more than "
                                f"{MAX_INT_DIGITS}")
    return int(text)


def _float(text: str):
    value = float(text)
    if value in (float("inf"), float("-inf")):
        return _Oversized(text, "too large for a floating-point number")
    return value


def _constant(name: str):
    raise _Refused(f"{name} is not a number in JSON; write a finite number")


def loads(text, source: str, error: type[Exception] = SpecError):
    """Parse JSON ``text`` strictly; any problem raises ``error("{source}: ...")``.

    Parameters
    ----------
    text : str or bytes
        The document (bytes are decoded as UTF-8; a byte-order mark is skipped).
    source : str
        What the text is, for messages: a file name, ``"model.npz: the stored experiment"``.
    error : type
        The exception class to raise (a :class:`core.errors.WorkbenchError`).

    Returns
    -------
    object
        The parsed document: dicts, lists, str, int, float, bool, None.
    """
    if isinstance(text, (bytes, bytearray, memoryview)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise error(f"{source}: not UTF-8 text (byte {exc.start}); expected JSON") \
                from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        doc = json.loads(text, object_pairs_hook=_pairs, parse_int=_int, parse_float=_float,
                         parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise error(f"{source}: not valid JSON ({exc.msg} at line {exc.lineno}, column "
                    f"{exc.colno})") from None
    except _Refused as exc:
        raise error(f"{source}: {exc.message}") from None
    except RecursionError:
        raise error(f"{source}: lists and objects are nested too deeply (at most {MAX_DEPTH} "
                    "levels)") from None
    problem = _first_problem(doc)
    if problem is not None:
        raise error(f"{source}: {problem}")
    return doc


def _first_problem(doc) -> str | None:
    """Walk ``doc`` without recursion: the first refused number, or too deep a nesting."""
    stack = [(doc, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, _Oversized):
            shown = value.text if len(value.text) <= 24 else \
                f"{value.text[:10]}…{value.text[-6:]}"
            return f"{path or 'the document'}: the number {shown} is {value.reason}"
        if isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                shown = path if len(path) <= 60 else path[:40] + "…"
                return f"{shown or 'the document'}: lists and objects are nested more than " \
                       f"{MAX_DEPTH} levels deep"
            items = value.items() if isinstance(value, dict) else enumerate(value)
            children = [(v, _join(path, k), depth + 1) for k, v in items]
            stack.extend(reversed(children))
    return None


def _join(path: str, key) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
        return f"{path}.{key}" if path else key
    return f"{path}[{_short(key)}]"


def _short(key: str) -> str:
    shown = escape_surrogates(json.dumps(key, ensure_ascii=False))
    return shown if len(shown) <= 60 else shown[:50] + "…\""


def escape_surrogates(text: str) -> str:
    """JSON text with every lone surrogate written as its ``\\uXXXX`` escape."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dumps(obj, **kwargs) -> str:
    """``json.dumps(obj, ensure_ascii=False, **kwargs)``, encodable as UTF-8 whatever it holds."""
    kwargs.setdefault("ensure_ascii", False)
    return escape_surrogates(json.dumps(obj, **kwargs))
