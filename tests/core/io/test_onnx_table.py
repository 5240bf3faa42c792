"""ONNX export of a table model: encoded features in, the encoding written beside it."""

import json

import numpy as np
import pytest

from core.data.prediction_inputs import read_inputs
from core.io.model_file import predict
from core.io.model_file_reading import load_model_file
from core.io.onnx_export import encoding_path, export_onnx
from tests.core.data.test_table_encoding import NEW_ROWS, prepared_table, saved_model

ort = pytest.importorskip("onnxruntime")


def test_onnx_takes_the_encoded_features_and_the_encoding_lies_beside_it(tmp_path):
    prepared, _ = prepared_table(tmp_path)
    _, path = saved_model(tmp_path, prepared)
    mf = load_model_file(path)
    export_onnx(path, tmp_path / "m.onnx")
    assert encoding_path(tmp_path / "m.onnx") == tmp_path / "m.encoding.json"
    beside = json.loads((tmp_path / "m.encoding.json").read_text(encoding="utf-8"))
    assert beside == mf.encoding.to_json()
    session = ort.InferenceSession(str(tmp_path / "m.onnx"), providers=["CPUExecutionProvider"])
    meta = session.get_modelmeta().custom_metadata_map
    assert json.loads(meta["encoding"]) == beside
    assert meta["inputs"] == "encoded features: " + json.dumps(mf.encoding.feature_names)
    assert session.get_inputs()[0].shape == ["batch", 11]
    (tmp_path / "new.csv").write_text(NEW_ROWS)
    X, _ = read_inputs(tmp_path / "new.csv", 11, encoding=mf.encoding)
    got = session.run(None, {"input": X.astype(np.float32)})[0]
    np.testing.assert_allclose(got, predict(mf, X), atol=2e-6)
