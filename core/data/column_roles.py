"""Column roles of a table: which columns are numbers, categories, or left out.

A column of a user's table is one of three roles:

- ``"numeric"``: numbers (missing cells allowed, imputed later);
- ``"categorical"``: a few distinct values — text such as ``"Biscoe"``, or whole numbers
  with few distinct values — one-hot encoded later;
- ``"ignore"``: not an input — an ID (every value distinct), a constant column, a
  free-text column (too many distinct texts to be categories).

:func:`detect_role` guesses the role from a column's :class:`ColumnFacts`; the
experiment's ``data.columns`` (``{"island": "categorical", "year": "ignore"}``)
overrides it, checked by :func:`normalize_columns`. A cell is *missing* when it is one of
the missing markers (:data:`DEFAULT_MISSING`, compared without case; configurable with
``data.missing_values``). A category is keyed by its text, except that a number is keyed
by its value (:func:`number_key`: ``"1"``, ``"1.0"`` and ``"01"`` are one category), the
same way at training and at prediction time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from core.errors import SpecError
from core.files.read_limits import MAX_TEXT_CHARS
from core.wording import show_value

ROLES = ("numeric", "categorical", "ignore")
#: Cells that mean "no value here", compared without case (and after stripping spaces).
DEFAULT_MISSING = ("", "NA", "N/A", "NaN", "null", "?")
#: Most distinct values a column detected as categorical may have (more is free text).
MAX_AUTO_CATEGORIES = 50
#: Whole-number columns with this few distinct values (and at least 3) are categories.
MAX_INTEGER_CATEGORIES = 10
#: Most one-hot columns one categorical column may make (also when chosen by hand).
MAX_ONE_HOT = 1000
#: Distinct texts remembered per column while reading (beyond: free text, ignored).
MAX_TEXTS_READ = 10_000
#: Fewer rows than this never make an ID or free-text column (too little to tell).
MIN_ROWS_TO_JUDGE = 10


@dataclass(frozen=True)
class ColumnFacts:
    """What the reader learned about one column over all rows (plain values).

    Attributes
    ----------
    name : str
        The header name, or ``"column k"`` (from 1) without a header.
    rows : int
        Rows read.
    missing : int
        Cells that are missing markers.
    distinct : int
        Distinct non-missing values (numbers by value, texts by text); at least
        :data:`MAX_TEXTS_READ` when there were more.
    texts : int
        Non-missing cells that are not numbers.
    whole : bool
        Every number in it is a whole number.
    low, high : float
        The smallest and largest number (NaN when there is none).
    consecutive : bool
        The numbers are distinct whole numbers without a gap (a row number).
    """

    name: str
    rows: int
    missing: int
    distinct: int
    texts: int
    whole: bool
    low: float
    high: float
    consecutive: bool = False

    @property
    def present(self) -> int:
        return self.rows - self.missing


def detect_role(facts: ColumnFacts) -> tuple[str, str]:
    """The role a column gets when nobody chose one, and a few words saying why.

    Returns
    -------
    role : str
        One of :data:`ROLES`.
    reason : str
        E.g. ``"text, 3 values"``, ``"constant"``, ``"an ID (all values distinct)"``.
    """
    n = facts.present
    if n == 0:
        return "ignore", "empty"
    if facts.distinct <= 1:
        return "ignore", "constant"
    judged = n >= MIN_ROWS_TO_JUDGE
    if facts.texts:
        if facts.distinct > MAX_AUTO_CATEGORIES or (judged and facts.distinct > n // 2):
            unique = facts.distinct == n
            return "ignore", "an ID (all values distinct)" if unique else \
                f"free text ({_count(facts.distinct)} values)"
        return "categorical", f"text, {facts.distinct} values"
    if judged and facts.whole and facts.consecutive:
        return "ignore", "an ID (row numbers)"
    if facts.whole and 3 <= facts.distinct <= MAX_INTEGER_CATEGORIES \
            and facts.distinct * 5 <= n:
        return "categorical", f"whole numbers, {facts.distinct} values"
    return "numeric", "numbers"


def _count(n: int) -> str:
    return f"{MAX_TEXTS_READ:,}+" if n >= MAX_TEXTS_READ else f"{n:,}"


def normalize_columns(value, path: str = "data.columns") -> dict:
    """``data.columns`` checked: ``{column name: role}`` (an empty dict when absent).

    Raises
    ------
    SpecError
        Naming the JSON path, e.g. ``data.columns.island: expected "numeric",
        "categorical" or "ignore", got "cat"``.
    """
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SpecError(f"{path}: expected an object mapping column names to roles "
                        f"(\"numeric\", \"categorical\" or \"ignore\"), got {show_value(value)}")
    out = {}
    for name, role in value.items():
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_TEXT_CHARS:
            raise SpecError(f"{path}: {show_value(name)} cannot name a column; expected a "
                            f"column name of 1 to {MAX_TEXT_CHARS} characters")
        if role not in ROLES:
            raise SpecError(f"{path}.{name}: expected " + ", ".join(f'"{r}"' for r in ROLES[:-1])
                            + f' or "{ROLES[-1]}", got {show_value(role)}')
        out[name] = role
    return out


def normalize_missing(value, path: str = "data.missing_values") -> list[str]:
    """``data.missing_values`` checked: a list of texts (default :data:`DEFAULT_MISSING`)."""
    if value is None:
        return list(DEFAULT_MISSING)
    if not isinstance(value, list):
        raise SpecError(f"{path}: expected a list of texts that mark a missing cell, such as "
                        f"[\"\", \"NA\", \"?\"], got {show_value(value)}")
    for i, marker in enumerate(value):
        if not isinstance(marker, str) or len(marker) > 100:
            raise SpecError(f"{path}[{i}]: expected a text of at most 100 characters, got "
                            f"{show_value(marker)}")
    return list(value)


def marker_set(markers) -> frozenset:
    """The missing markers as they are compared: stripped, lower case."""
    return frozenset(m.strip().lower() for m in markers)


def number_key(value: float) -> str:
    """The category key of a number: ``"3"`` for 3.0, ``"2.5"``, ``"1e+20"``."""
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def column_key(names: list[str] | None, j: int) -> str:
    """How ``data.columns`` names column ``j``: its header name, else ``"column k"``."""
    return names[j] if names else f"column {j + 1}"
