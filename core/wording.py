"""How messages word numbers and values: ``3 classes``, ``an integer of about 401 digits``.

One place for the small wording rules every message of the engine follows, so that the
registry's field checks, the analysis of a layer stack and the trainer's finish lines
say things alike.
"""

from __future__ import annotations

import json
import math
from typing import Any

#: Longest rendering of a value in a message; longer ones are cut in the middle.
SHOW_LIMIT = 60


def plural(n: int, word: str, thousands: bool = False) -> str:
    """``plural(1, "unit")`` → ``"1 unit"``, ``plural(3, "class")`` → ``"3 classes"``.

    Words ending in s, x, ch or sh take ``es``. With ``thousands`` the number is written
    with a thousands separator (``"1,024 params"``).
    """
    number = f"{n:,}" if thousands else str(n)
    if n == 1:
        return f"{number} {word}"
    return f"{number} {word}{'es' if word.endswith(('s', 'x', 'ch', 'sh')) else 's'}"


def show_value(value: Any) -> str:
    """A value as a message shows it: JSON where possible, at most :data:`SHOW_LIMIT`
    characters (an integer with hundreds of digits is named by its digit count)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 150:
        digits = int(value.bit_length() * math.log10(2)) + 1  # str() refuses > 4300 digits
        return f"{'a negative' if value < 0 else 'an'} integer of about {digits} digits"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        try:
            text = repr(value)
        except ValueError:
            text = f"a {type(value).__name__}"
    if len(text) > SHOW_LIMIT:
        text = text[:SHOW_LIMIT // 2] + " … " + text[-(SHOW_LIMIT // 2 - 5):]
    return text
