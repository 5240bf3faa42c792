"""How messages word numbers and values (core.wording)."""

import pytest

from core.wording import SHOW_LIMIT, plural, show_value


@pytest.mark.parametrize(("n", "word", "thousands", "expected"), [
    (1, "unit", False, "1 unit"),
    (0, "unit", False, "0 units"),
    (3, "class", False, "3 classes"),
    (2, "box", False, "2 boxes"),
    (2, "batch", False, "2 batches"),
    (4, "mesh", False, "4 meshes"),
    (1024, "param", False, "1024 params"),
    (1024, "param", True, "1,024 params"),
    (1, "feature", True, "1 feature"),
])
def test_plural(n, word, thousands, expected):
    assert plural(n, word, thousands=thousands) == expected


def test_show_value_names_huge_integers_and_cuts_long_text():
    assert show_value(10**400) == "an integer of about 401 digits"
    assert show_value(-10**400) == "a negative integer of about 401 digits"
    assert show_value("ten") == '"ten"'
    assert show_value(float("nan")) == "NaN"
    shown = show_value("y" * 1000)
    assert shown == '"' + "y" * (SHOW_LIMIT // 2 - 1) + " … " + "y" * (SHOW_LIMIT // 2 - 6) + '"'
