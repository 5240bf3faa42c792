"""The Check gradients button's work on an image network: rows are viewed as images."""

from __future__ import annotations

import json
from pathlib import Path

from core.experiment import normalize
from workbench.dashboard.gradient_check_dialog import check_gradients
from workbench.document import ExperimentDocument

EXAMPLE = Path(__file__).resolve().parents[3] / "resources" / "examples" / "digits_cnn.json"


def test_the_document_check_of_a_cnn_passes(qtbot):
    document = ExperimentDocument(normalize(json.loads(EXAMPLE.read_text(encoding="utf-8"))))
    result, layers = check_gradients(None, document)
    assert {"0.weight", "0.bias", "2.weight", "7.weight"} <= set(result.errors)
    assert result.passed and result.max_error < 1e-6
    assert layers[0]["type"] == "conv2d"
