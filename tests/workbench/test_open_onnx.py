"""File › Open Model… on an ONNX model: PyTorch's export becomes the document's network."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from tests.workbench.test_model_actions import (  # noqa: F401  (fixtures)
    open_model,
    window,
)
from tests.workbench.waiting import wait_for_data

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def test_open_a_pytorch_onnx_export_shows_its_layers_and_weights(window):  # noqa: F811
    open_model(window, GOLDEN / "torch_mlp.onnx")
    assert window.recorder.errors == []
    doc = window.document
    assert [s["type"] for s in doc.experiment["model"]["layers"]] == [
        "dense", "relu", "batch_norm", "identity", "dense", "leaky_relu", "dense", "elu",
        "prelu", "tanh", "dense", "softmax"]
    golden = np.load(GOLDEN / "torch_mlp_outputs.npz", allow_pickle=False)
    for key in golden.files:
        if key.startswith("state."):
            np.testing.assert_array_equal(doc.init_state[key[len("state."):]], golden[key])
    assert "torch_mlp.onnx" in window.statusBar().currentMessage()
    assert "torch_mlp" in window.windowTitle()
    # the iris data fits its 4 inputs and 3 classes: ready to train further at once
    assert doc.experiment["data"]["source"] == "iris"
    wait_for_data(window)
    assert window.train_enabled, window.train_disabled_reason


def test_a_file_that_is_not_onnx_gives_one_message_and_changes_nothing(window,  # noqa: F811
                                                                     tmp_path):
    before = dict(window.document.experiment)
    bad = tmp_path / "net.onnx"
    bad.write_bytes(b"\x00\x01 definitely not protobuf \xff" * 4)
    open_model(window, bad)
    assert window.recorder.errors == [("Cannot open the model",
                                       f"{bad}: is not an ONNX model (it cannot be parsed as "
                                       "one)")]
    assert window.document.experiment == before
