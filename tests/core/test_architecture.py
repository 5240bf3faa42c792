"""The engine stays free of Qt: importing core loads no PySide6 or pyqtgraph."""

import subprocess
import sys
from pathlib import Path

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
