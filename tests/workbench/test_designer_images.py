"""The designer on image networks: cards show (batch, C, H, W), the image layers are in the
palette, and the image findings' one-click fixes work when clicked."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt

from tests.workbench.test_designer import finding_rows, start_with, types
from workbench.designer.designer import DataContext

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "examples" / "digits_cnn.json"


def test_cards_show_image_shapes_for_the_cnn_example(qtbot, designer):
    layers = json.loads(EXAMPLE.read_text(encoding="utf-8"))["model"]["layers"]
    designer.set_context((1, 8, 8), 10, "classification")
    start_with(designer, layers)
    editor = designer.editor
    assert editor.card(0).summary == "images, 1 channel of 8×8"
    assert editor.card(0).shape == "→ (batch, 1, 8, 8)"
    assert [editor.card(i + 1).shape for i in range(len(layers))] == [
        "→ (batch, 16, 8, 8)", "→ (batch, 16, 8, 8)", "→ (batch, 32, 8, 8)",
        "→ (batch, 32, 8, 8)", "→ (batch, 32, 4, 4)", "→ (batch, 512)", "→ (batch, 512)",
        "→ (batch, 10)", "→ (batch, 10)"]
    assert editor.card(1).summary == "16 filters 3×3, padding=same, init=he_uniform"
    assert editor.card(1).params == f"{16 * 9 + 16:,} params"
    assert designer.analysis.ok and designer.context == DataContext(64, 10, "classification")
    assert designer.context.input_shape == (1, 8, 8)


def test_the_palette_offers_the_image_layers(designer):
    for name in ("conv2d", "max_pool2d", "avg_pool2d", "global_avg_pool2d", "flatten"):
        assert designer.palette.item_for(name) is not None


def test_insert_flatten_is_one_click(qtbot, designer):
    designer.set_context((1, 8, 8), 10, "classification")
    start_with(designer, [{"type": "conv2d", "filters": 4}, {"type": "relu"},
                          {"type": "dense", "units": 10}, {"type": "softmax"}])
    assert designer.editor.card(3).errors  # the dense card carries the badge
    row = next(r for r in finding_rows(designer) if r.finding.fix
               and r.finding.fix["label"] == "insert flatten")
    assert "gets images of shape 4×6×6" in row.message.text()
    qtbot.mouseClick(row.fix_button, Qt.MouseButton.LeftButton)
    assert types(designer) == ["conv2d", "relu", "flatten", "dense", "softmax"]
    assert designer.analysis.ok
    assert designer.editor.card(3).shape == "→ (batch, 144)"


def test_switch_the_data_to_images_is_one_click(qtbot, designer):
    designer.document.set_section("data", {"source": "digits"}, "use the digits")
    designer.set_context(64, 10, "classification")
    start_with(designer, [{"type": "conv2d"}, {"type": "flatten"},
                          {"type": "dense", "units": 10}, {"type": "softmax"}])
    row = next(r for r in finding_rows(designer) if r.finding.fix
               and r.finding.fix["label"] == "switch the data to images")
    qtbot.mouseClick(row.fix_button, Qt.MouseButton.LeftButton)
    assert designer.document.experiment["data"]["as_images"] is True
