"""The feature maps of a chosen validation image at each convolution, live per epoch."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from core.experiment import normalize
from workbench.dashboard.feature_map_panel import convolution_layers

EXAMPLE = Path(__file__).resolve().parents[3] / "resources" / "examples" / "digits_cnn.json"


def _correlate_same(image: np.ndarray, kernels: np.ndarray, bias: float) -> np.ndarray:
    """One output channel of a 3×3 'same' convolution (cross-correlation), by loops."""
    c, h, w = image.shape
    padded = np.zeros((c, h + 2, w + 2))
    padded[:, 1:-1, 1:-1] = image
    out = np.empty((h, w))
    for r in range(h):
        for col in range(w):
            out[r, col] = float((padded[:, r:r + 3, col:col + 3] * kernels).sum()) + bias
    return out


def test_convolutions_are_found_by_their_class():
    specs = [{"type": "conv2d"}, {"type": "relu"}, {"type": "max_pool2d"},
             {"type": "conv2d"}, {"type": "flatten"}, {"type": "dense"}]
    assert convolution_layers(specs) == [0, 3]
    assert convolution_layers([{"type": "dense"}]) == []


def test_feature_maps_match_a_manual_forward_and_follow_the_choices(qtbot, make_view):
    doc = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    doc["training"]["epochs"] = 3
    view = make_view(normalize(doc))
    assert view.train_for_epochs(2, timeout_s=60)
    panel = view.feature_map_panel
    view.pages.setCurrentIndex(2)   # the Weights page
    view.refresh(force=True)
    assert [panel.layer_chooser.itemData(i) for i in range(panel.layer_chooser.count())] \
        == [0, 2]
    assert panel.image_spin.maximum() == len(view.run.info.val_x) - 1
    panel.image_spin.setValue(7)    # as typed: the panel redraws on its own
    weights = view.run.weights
    image = view.run.info.val_x[7].reshape(1, 8, 8).astype(np.float64)
    w0, b0 = weights["0.weight"].astype(np.float64), weights["0.bias"].astype(np.float64)
    assert panel.maps.shape == (16, 8, 8)
    np.testing.assert_allclose(panel.maps[5], _correlate_same(image, w0[5], b0[5]),
                               rtol=1e-5, atol=1e-5)
    shown = panel.image.image.T                  # tile 5: row 1, column 1 of a 4×4 grid
    np.testing.assert_allclose(shown[9:17, 9:17], panel.maps[5])
    # the second convolution reads the ReLU of the first
    panel.layer_chooser.setCurrentIndex(1)
    first = np.stack([_correlate_same(image, w0[k], b0[k]) for k in range(16)])
    w2, b2 = weights["2.weight"].astype(np.float64), weights["2.bias"].astype(np.float64)
    assert panel.maps.shape == (32, 8, 8)
    np.testing.assert_allclose(panel.maps[3],
                               _correlate_same(np.maximum(first, 0), w2[3], b2[3]),
                               rtol=1e-4, atol=1e-4)
    # the next epoch redraws from the new weights
    before = panel.maps.copy()
    assert view.train_for_epochs(1, timeout_s=60)
    view.refresh(force=True)
    assert not np.array_equal(panel.maps, before)
    w2, b2 = view.run.weights["2.weight"], view.run.weights["2.bias"]
    w0, b0 = view.run.weights["0.weight"], view.run.weights["0.bias"]
    first = np.stack([_correlate_same(image, w0[k], b0[k]) for k in range(16)])
    np.testing.assert_allclose(panel.maps[3],
                               _correlate_same(np.maximum(first, 0), w2[3], b2[3]),
                               rtol=1e-4, atol=1e-4)


def test_a_dense_network_says_it_has_no_feature_maps(qtbot, make_view):
    view = make_view()
    view.pages.setCurrentIndex(2)
    assert view.train_for_epochs(1, timeout_s=60)
    view.refresh(force=True)
    panel = view.feature_map_panel
    assert not panel.has_data() and panel.layer_chooser.count() == 0
    assert "no convolution" in panel.placeholder.toPlainText()


def test_a_picture_of_a_cnn_shows_the_page_with_its_filters():
    from workbench.dashboard.layer_panels import WeightMatrixPanel
    from workbench.dashboard.pages import DASHBOARD_PAGES, picture_page
    cnn = [{"type": "conv2d"}, {"type": "relu"}, {"type": "flatten"}, {"type": "dense"}]
    page = picture_page(cnn)
    assert DASHBOARD_PAGES[page][0] == "Weights"
    assert any(cls is WeightMatrixPanel for _name, cls in DASHBOARD_PAGES[page][2])
    assert picture_page([{"type": "dense"}, {"type": "relu"}]) == 0
