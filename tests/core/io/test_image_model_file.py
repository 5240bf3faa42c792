"""Model files of image networks: the input shape travels with the weights, so the network
is rebuilt from the file alone, in both formats; a forged shape is refused."""

from __future__ import annotations

import numpy as np
import pytest

from core.backend.devices import get_backend
from core.data.spec import prepare
from core.errors import WeightsError
from core.io.model_file import ModelFile, build_model, predict
from core.io.model_file_reading import load_model_file, read_state
from core.io.model_file_writing import save_model_npz, save_model_safetensors
from core.nn.model import Model
from tests.core.io.test_model_file import experiment

CNN = [{"type": "conv2d", "filters": 3, "kernel_size": 3, "padding": 1},
       {"type": "batch_norm"}, {"type": "relu"}, {"type": "max_pool2d"},
       {"type": "flatten"}, {"type": "dense", "units": 10}, {"type": "softmax"}]


def digits_cnn():
    prepared = prepare({"source": "digits", "as_images": True})
    model = Model(CNN, prepared.train.sample_shape, get_backend("cpu", "float32"), seed=4)
    doc = experiment(CNN)
    doc["data"] = {"source": "digits", "as_images": True}
    return prepared, model, doc


@pytest.mark.parametrize("save, suffix", [(save_model_npz, ".npz"),
                                          (save_model_safetensors, ".safetensors")])
def test_an_image_network_is_rebuilt_from_its_file(tmp_path, save, suffix):
    prepared, model, doc = digits_cnn()
    path = tmp_path / f"cnn{suffix}"
    save(path, model, doc, prepared.standardizer, [str(d) for d in range(10)])
    mf = load_model_file(path)
    assert mf.input_shape == (1, 8, 8)
    assert mf.state["0.weight"].shape == (3, 1, 3, 3) and "preprocess.input_shape" not in mf.state
    rebuilt = build_model(mf)
    assert rebuilt.input_shape == (1, 8, 8)
    raw = prepare({"source": "digits", "as_images": True, "standardize": False}).val.X
    expected = model.predict(prepared.standardizer.transform(raw))
    np.testing.assert_array_equal(predict(mf, raw), expected)
    assert set(read_state(path)) == set(model.state_dict())  # the shape is not a weight


def test_a_state_dict_with_an_input_shape_and_a_flat_model_file(tmp_path):
    prepared, model, doc = digits_cnn()
    mf = ModelFile.from_model(model.state_dict(), doc, prepared.standardizer,
                              input_shape=(1, 8, 8))
    assert mf.input_shape == (1, 8, 8)
    flat = Model([{"type": "dense", "units": 2}], 5)
    assert ModelFile.from_model(flat, experiment([{"type": "dense", "units": 2}])).input_shape \
        is None


def test_a_forged_input_shape_is_refused(tmp_path):
    prepared, model, doc = digits_cnn()
    path = tmp_path / "cnn.npz"
    save_model_npz(path, model, doc, prepared.standardizer)
    with np.load(path, allow_pickle=False) as archive:
        arrays = {k: archive[k] for k in archive.files}
    for forged, message in (([1, 8], r"must be 3 positive integers"),
                            ([1, 0, 64], r"must be 3 positive integers"),
                            ([1, 4, 4], r"says images of 1×4×4 \(16 values\) but the network's "
                                        r"weights or statistics take 64 inputs")):
        arrays["preprocess.input_shape"] = np.array(forged, dtype=np.int64)
        np.savez(tmp_path / "forged.npz", **arrays)
        with pytest.raises(WeightsError, match=message):
            build_model(load_model_file(tmp_path / "forged.npz"))
