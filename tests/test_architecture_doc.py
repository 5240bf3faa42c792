"""ARCHITECTURE.md stays true: every file, folder and test it names exists."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEXT = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
#: `core/nn/layers/base.py`, `tests/core/test_registry.py::test_name`, `workbench/cli/`
NAMED = re.findall(r"`((?:core|workbench|tests|resources|\.ci)/[\w./]*)(?:::(\w+))?`", TEXT)


def test_it_names_the_files_a_newcomer_opens():
    assert len(NAMED) > 60
    assert ("core/nn/layers/base.py", "") in NAMED and ("core/catalog.py", "") in NAMED


def test_every_path_it_names_exists():
    missing = sorted({path for path, _ in NAMED if not (ROOT / path).exists()})
    assert missing == []


def test_every_test_it_names_exists():
    named = [(path, name) for path, name in NAMED if name]
    assert named, "no test named as path::test"
    missing = [f"{path}::{name}" for path, name in named
               if not re.search(rf"^def {name}\(", (ROOT / path).read_text(encoding="utf-8"),
                                re.M)]
    assert missing == []


def test_every_package_has_a_row():
    rows = set(re.findall(r"^\| `([\w/]+/)`", TEXT, re.M))
    packages = {f"{top}/{p.name}/" for top in ("core", "workbench")
                for p in (ROOT / top).iterdir() if (p / "__init__.py").is_file()}
    assert packages - rows == set()
