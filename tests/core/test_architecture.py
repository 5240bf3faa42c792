"""The engine stays free of Qt (importing core loads no PySide6 or pyqtgraph), and every part
of it has its place in the import layers."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_importing_core_loads_no_qt():
    code = ("import sys, core, core.training.trainer, core.experiment, "
            "core.nn.gradient_check, core.data, core.registry; core.registry.entries('layer'); "
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'shiboken6', 'pyqtgraph', 'PyQt5', 'PyQt6')]; print(bad); "
            "sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_core_sources_do_not_import_qt():
    for path in (ROOT / "core").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for name in ("PySide6", "pyqtgraph", "shiboken6"):
            assert f"import {name}" not in text and f"from {name}" not in text, path


def test_every_core_module_has_a_place_in_the_layers_contract():
    """import-linter checks only the modules the "core-layers" contract names: a new module
    or package of core/ must be given its layer there (pyproject.toml)."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        tomllib = pytest.importorskip("tomli")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"]
                    if c["id"] == "core-layers")
    named = {name.strip(" ()") for layer in contract["layers"] for name in layer.split("|")}
    present = {p.stem for p in (ROOT / "core").glob("*.py") if p.name != "__init__.py"}
    present |= {p.name for p in (ROOT / "core").iterdir() if (p / "__init__.py").is_file()}
    assert named == present
