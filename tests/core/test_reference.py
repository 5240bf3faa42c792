"""The committed reference is generated from the registry and is current."""

from pathlib import Path

from core import registry
from core.reference import markdown

REFERENCE = Path(__file__).resolve().parents[2] / "resources" / "REFERENCE.md"


def test_committed_reference_is_current():
    assert REFERENCE.read_text(encoding="utf-8") == markdown(), \
        "run: python -m core.reference > resources/REFERENCE.md"


def test_reference_names_every_registry_entry():
    text = markdown()
    for category in registry.CATEGORIES:
        for entry in registry.entries(category):
            assert f"### `{entry.name}`" in text
