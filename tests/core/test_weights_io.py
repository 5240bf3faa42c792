"""Model files (.npz, .safetensors): round trips, and every way a file can be bad or unsafe."""

import io
import json
import os
import struct
import zipfile

import numpy as np
import pytest

from core import files, weights_io
from core.errors import WeightsError
from core.experiment import default_experiment, normalize
from core.nn.model import Model
from core.weights_io import (ModelFile, build_model, load_model_file, read_state,
                             save_model_npz, save_model_safetensors)

LAYERS = [{"type": "dense", "units": 6}, {"type": "batch_norm"}, {"type": "prelu"},
          {"type": "dropout", "p": 0.2}, {"type": "dense", "units": 3}, {"type": "softmax"}]
PRE = {"mean": np.array([0.5, -1.0, 2.0, 0.0]), "std": np.array([1.5, 0.5, 2.0, 1.0])}
CLASSES = ["cat", "dog", "emu"]


def experiment(layers=LAYERS, dtype="float32"):
    doc = default_experiment()
    doc["name"] = "weights test"
    doc["model"]["layers"] = [dict(s) for s in layers]
    doc["training"]["dtype"] = dtype
    return doc


def trained_model(layers=LAYERS, width=4, dtype="float32", seed=3):
    """A model with non-trivial batch-norm statistics and slope (no training needed)."""
    from core.backend.devices import get_backend
    model = Model(layers, width, get_backend("cpu", dtype), seed=seed)
    rng = np.random.default_rng(seed)
    state = model.state_dict()
    for name, value in state.items():
        if name.endswith(("running_mean", "bias")) and value.ndim == 1:
            state[name] = rng.normal(size=value.shape).astype(value.dtype)
        elif name.endswith("running_var") or (name.endswith("weight") and value.ndim == 1
                                               and value.size > 1):
            state[name] = rng.uniform(0.5, 2.0, value.shape).astype(value.dtype)
        elif name.endswith("num_batches_tracked"):
            state[name] = np.array(17, dtype=np.int64)
    model.load_state_dict(state)
    return model


def save(path, model=None, fmt="npz", **kw):
    model = model or trained_model()
    kw.setdefault("standardizer", PRE)
    kw.setdefault("class_names", CLASSES)
    fn = save_model_npz if fmt == "npz" else save_model_safetensors
    doc = kw.pop("experiment") if "experiment" in kw else experiment()
    fn(path, model, doc, **kw)
    return model


def inputs(n=32, width=4, seed=0):
    return np.random.default_rng(seed).normal(size=(n, width)) * 2.0


# ---------------------------------------------------------------- round trips

@pytest.mark.parametrize("fmt", ["npz", "safetensors"])
def test_round_trip_gives_identical_outputs(tmp_path, fmt):
    path = tmp_path / f"model.{fmt}"
    model = save(path, fmt=fmt)
    mf = load_model_file(path)
    assert mf.class_names == CLASSES
    np.testing.assert_array_equal(mf.preprocess["mean"], PRE["mean"])
    np.testing.assert_array_equal(mf.preprocess["std"], PRE["std"])
    assert mf.experiment["name"] == "weights test"
    assert mf.experiment["model"]["layers"] == Model(LAYERS, 4).specs
    assert list(mf.state) == list(model.state_dict())  # layer order, PyTorch names
    for name, value in model.state_dict().items():
        assert mf.state[name].dtype == value.dtype and mf.state[name].shape == value.shape
        np.testing.assert_array_equal(mf.state[name], value)
    assert mf.state["1.num_batches_tracked"].shape == () and \
        int(mf.state["1.num_batches_tracked"]) == 17
    rebuilt = build_model(mf)
    X = inputs()
    np.testing.assert_array_equal(rebuilt.predict(X), model.predict(X))
    expected = model.predict((X - PRE["mean"]) / PRE["std"])
    np.testing.assert_array_equal(weights_io.predict(mf, X), expected)


def test_float64_model_keeps_its_precision(tmp_path):
    model = trained_model(dtype="float64")
    save(tmp_path / "m.npz", model, experiment=experiment(dtype="float64"))
    rebuilt = build_model(load_model_file(tmp_path / "m.npz"))
    assert rebuilt.backend.dtype == np.float64
    X = inputs()
    np.testing.assert_array_equal(rebuilt.predict(X), model.predict(X))


def test_npz_layout_is_plain_numpy(tmp_path):
    save(tmp_path / "m.npz", standardizer=None, class_names=None)
    with np.load(tmp_path / "m.npz", allow_pickle=False) as f:
        assert "preprocess.mean" not in f.files and "classes" not in f.files
        assert f["0.weight"].shape == (6, 4) and f["2.weight"].shape == (1,)
        doc = json.loads(str(f["experiment"][0]))
    assert doc["model"]["layers"][0]["units"] == 6
    mf = load_model_file(tmp_path / "m.npz")
    assert mf.preprocess is None and mf.class_names is None
    np.testing.assert_array_equal(mf.prepare_inputs([[1.0, 2, 3, 4]]), [[1.0, 2, 3, 4]])


def test_safetensors_layout_is_readable_by_the_safetensors_library(tmp_path):
    from safetensors import safe_open
    from safetensors.numpy import load_file
    path = tmp_path / "m.safetensors"
    model = save(path, fmt="safetensors")
    tensors = load_file(str(path))
    assert set(tensors) == set(model.state_dict()) | {"preprocess.mean", "preprocess.std"}
    np.testing.assert_array_equal(tensors["4.weight"], model.state_dict()["4.weight"])
    with safe_open(str(path), framework="numpy") as f:
        meta = f.metadata()
    assert meta["preprocess"] == "standardize"
    assert json.loads(meta["classes"]) == CLASSES
    assert json.loads(meta["experiment"])["name"] == "weights test"


def test_weights_only_files_from_other_tools_feed_train_init(tmp_path):
    from safetensors.numpy import save_file
    model = trained_model()
    state = model.state_dict()
    np.savez(tmp_path / "plain.npz", **state)
    save_file({k: np.array(v, order="C") for k, v in state.items()},
              str(tmp_path / "plain.safetensors"))
    for name in ("plain.npz", "plain.safetensors"):
        loaded = read_state(tmp_path / name)
        fresh = Model(LAYERS, 4, seed=99)
        fresh.load_state_dict(loaded)
        X = inputs()
        np.testing.assert_array_equal(fresh.predict(X), model.predict(X))
        with pytest.raises(WeightsError, match="holds weights only"):
            build_model(load_model_file(tmp_path / name))


def test_read_state_leaves_out_everything_but_weights(tmp_path):
    save(tmp_path / "m.npz")
    state = read_state(tmp_path / "m.npz")
    assert "experiment" not in state and "classes" not in state
    assert not any(k.startswith("preprocess.") for k in state)
    Model(LAYERS, 4).load_state_dict(state)  # fits without complaint


def test_standardizer_object_with_to_arrays(tmp_path):
    class Std:
        def to_arrays(self):
            return {"mean": PRE["mean"] + 1, "std": PRE["std"]}
    save(tmp_path / "m.npz", standardizer=Std())
    np.testing.assert_array_equal(load_model_file(tmp_path / "m.npz").preprocess["mean"],
                                  PRE["mean"] + 1)


def test_input_width_comes_from_a_leading_batch_norm(tmp_path):
    layers = [{"type": "batch_norm"}, {"type": "tanh"}, {"type": "dense", "units": 2}]
    model = trained_model(layers, width=5)
    save(tmp_path / "m.npz", model, experiment=experiment(layers), standardizer=None,
         class_names=None)
    assert build_model(load_model_file(tmp_path / "m.npz")).input_width == 5


# ---------------------------------------------------------------- refusing bad saves

def test_save_refuses_statistics_that_do_not_fit(tmp_path):
    with pytest.raises(WeightsError, match="covers 3 features but the network takes 4"):
        save(tmp_path / "m.npz", standardizer={"mean": np.zeros(3), "std": np.ones(3)})
    with pytest.raises(WeightsError, match="positive"):
        save(tmp_path / "m.npz", standardizer={"mean": np.zeros(4), "std": np.zeros(4)})
    assert not (tmp_path / "m.npz").exists()


def test_save_refuses_non_finite_weights(tmp_path):
    model = trained_model()
    model.parameters()["4.weight"][1, 2] = np.nan
    with pytest.raises(WeightsError, match=r"'4\.weight' holds non-finite"):
        save(tmp_path / "m.npz", model)
    assert not (tmp_path / "m.npz").exists()


# ---------------------------------------------------------------- refusing bad files

def evil_object_npz(path, marker):
    """An .npz whose member is a pickled object array that would create ``marker``."""
    class Boom:
        def __reduce__(self):
            return (open, (str(marker), "w"))
    buf = io.BytesIO()
    np.save(buf, np.array([Boom()], dtype=object), allow_pickle=True)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("0.weight.npy", buf.getvalue())


def test_object_array_npz_is_refused_without_unpickling(tmp_path):
    marker = tmp_path / "pwned"
    evil_object_npz(tmp_path / "evil.npz", marker)
    for reader in (load_model_file, read_state):
        with pytest.raises(WeightsError) as err:
            reader(tmp_path / "evil.npz")
        assert "'0.weight' holds Python objects (pickle), which the workbench refuses to load" \
            in str(err.value)
    assert not marker.exists()


def good_safetensors(tmp_path):
    path = tmp_path / "good.safetensors"
    save(path, fmt="safetensors")
    data = path.read_bytes()
    n = struct.unpack("<Q", data[:8])[0]
    return json.loads(data[8:8 + n]), data[8 + n:]


def with_header(header, body, length=None):
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text) if length is None else length) + text + body


def lie(header, name, **changes):
    header = json.loads(json.dumps(header))
    header[name].update(changes)
    return header


@pytest.mark.parametrize("case, expected", [
    ("header_too_long", "header claims"),
    ("overlap", "overlaps another tensor"),
    ("out_of_range", "lie outside"),
    ("wrong_size", "shape (6, 5) of F32 needs 120 bytes but data_offsets"),
    ("gap", "of the data belong to no tensor"),
    ("trailing", "the rest belongs to no tensor"),
    ("bad_json", "not valid JSON"),
    ("bf16", "'BF16', which the workbench does not read"),
    ("negative_shape", "shape must be a list of non-negative integers"),
    ("extra_key", "expected exactly"),
    ("duplicate", "names '0.bias' twice"),
    ("tiny", "too short"),
])
def test_lying_safetensors_header_is_refused(tmp_path, case, expected):
    header, body = good_safetensors(tmp_path)
    w = header["0.weight"]["data_offsets"]
    b = header["0.bias"]["data_offsets"]
    if case == "header_too_long":
        data = with_header(header, body, length=10**6)
    elif case == "overlap":
        h = lie(header, "0.bias", data_offsets=[w[0], w[0] + b[1] - b[0]])
        data = with_header(h, body)
    elif case == "out_of_range":
        h = lie(header, "0.weight", data_offsets=[len(body) - 8, len(body) - 8 + w[1] - w[0]])
        data = with_header(h, body)
    elif case == "wrong_size":
        data = with_header(lie(header, "0.weight", shape=[6, 5]), body)
    elif case == "gap":
        data = with_header({k: v for k, v in header.items() if k != "0.bias"}, body)
    elif case == "trailing":
        data = with_header(header, body + b"\0" * 8)
    elif case == "bad_json":
        text = b'{"0.weight": [1, 2'
        data = struct.pack("<Q", len(text)) + text + body
    elif case == "bf16":
        data = with_header(lie(header, "0.bias", dtype="BF16", shape=[12]), body)
    elif case == "negative_shape":
        data = with_header(lie(header, "0.bias", shape=[-6]), body)
    elif case == "extra_key":
        data = with_header(lie(header, "0.bias", offset=0), body)
    elif case == "duplicate":
        text = json.dumps(header)
        extra = json.dumps({"0.bias": header["0.bias"]})[1:-1]
        text = text[:-1] + ", " + extra + "}"
        data = struct.pack("<Q", len(text)) + text.encode() + body
    else:
        data = b"\x01\x00"
    path = tmp_path / "bad.safetensors"
    path.write_bytes(data)
    for reader in (load_model_file, read_state):
        with pytest.raises(WeightsError) as err:
            reader(path)
        assert expected in str(err.value) and str(path) in str(err.value)
        assert "\n" not in str(err.value)


def test_truncated_and_damaged_files(tmp_path):
    save(tmp_path / "m.npz")
    save(tmp_path / "m.safetensors", fmt="safetensors")
    npz = (tmp_path / "m.npz").read_bytes()
    st = (tmp_path / "m.safetensors").read_bytes()
    cases = {
        "cut.npz": (npz[: len(npz) // 2], "not a valid .npz file"),
        "empty.npz": (b"", "not a valid .npz file"),
        "cut.safetensors": (st[: len(st) - 10], "lie outside"),
        "short.safetensors": (st[:100], "header claims"),
    }
    # flip one byte inside the first array's data: the zip CRC no longer matches
    with zipfile.ZipFile(io.BytesIO(npz)) as z:
        info = z.infolist()[0]
    at = info.header_offset + 30 + len(info.filename) + len(info.extra) + 140
    flipped = bytearray(npz)
    flipped[at] ^= 0xFF
    cases["crc.npz"] = (bytes(flipped), "damaged or truncated")
    for name, (data, expected) in cases.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(WeightsError, match=expected):
            load_model_file(tmp_path / name)


def test_npz_member_whose_header_lies_about_its_size(tmp_path):
    buf = io.BytesIO()
    np.save(buf, np.zeros((6, 4), dtype=np.float32))
    raw = buf.getvalue().replace(b"(6, 4)", b"(9, 4)")
    with zipfile.ZipFile(tmp_path / "lie.npz", "w") as z:
        z.writestr("0.weight.npy", raw)
    with pytest.raises(WeightsError, match=r"declares shape \(9, 4\) of float32 \(144 bytes\) "
                                           r"but holds 96 bytes"):
        read_state(tmp_path / "lie.npz")


def test_non_finite_weights_in_a_file_are_named(tmp_path):
    state = trained_model().state_dict()
    state["4.bias"][0] = np.inf
    np.savez(tmp_path / "inf.npz", **state)
    with pytest.raises(WeightsError, match=r"tensor '4\.bias' holds non-finite values"):
        read_state(tmp_path / "inf.npz")


@pytest.mark.parametrize("name, expected", [
    ("model.pt", "Python pickles, which the workbench refuses to load"),
    ("model.pkl", "Python pickles"),
    ("model.txt", "unknown weight file type '.txt'; expected a .npz or .safetensors file"),
    ("missing.npz", "no such file"),
])
def test_unsupported_or_missing_files(tmp_path, name, expected):
    if name != "missing.npz":
        (tmp_path / name).write_bytes(b"\x80\x04whatever")
    with pytest.raises(WeightsError, match=expected):
        load_model_file(tmp_path / name)


def test_mismatched_weights_list_every_name_and_load_nothing(tmp_path):
    small = trained_model()
    big_layers = [dict(LAYERS[0], units=7)] + LAYERS[1:]
    save(tmp_path / "m.npz", small, experiment=experiment(big_layers))
    mf = load_model_file(tmp_path / "m.npz")
    with pytest.raises(WeightsError) as err:
        build_model(mf)
    message = str(err.value)
    for name in ("0.weight has shape (6, 4), expected (7, 4)", "0.bias has shape (6,)",
                 "1.weight", "1.bias", "1.running_mean", "1.running_var", "4.weight"):
        assert name in message
    assert "4.bias" not in message  # the one that fits is not blamed
    # a live model is untouched by a failed load
    target = Model(big_layers, 4, seed=5)
    before = target.state_dict()
    with pytest.raises(WeightsError):
        target.load_state_dict(read_state(tmp_path / "m.npz"), "m.npz")
    for name, value in target.state_dict().items():
        np.testing.assert_array_equal(value, before[name])


def test_statistics_that_disagree_with_the_weights(tmp_path):
    state = trained_model().state_dict()
    np.savez(tmp_path / "m.npz", **state, **{"preprocess.mean": np.zeros(3),
                                             "preprocess.std": np.ones(3)},
             experiment=np.array([json.dumps(experiment())]))
    with pytest.raises(WeightsError, match="covers 3 features but the first layer's weights "
                                           "take 4 inputs"):
        build_model(load_model_file(tmp_path / "m.npz"))


def test_invalid_stored_experiment(tmp_path):
    state = trained_model().state_dict()
    doc = experiment()
    doc["model"]["layers"][0]["units"] = "six"
    np.savez(tmp_path / "m.npz", **state, experiment=np.array([json.dumps(doc)]))
    with pytest.raises(WeightsError, match=r"experiment is not valid: model\.layers\[0\]\.units"):
        load_model_file(tmp_path / "m.npz")
    assert set(read_state(tmp_path / "m.npz")) == set(state)  # weights alone still usable


def test_a_data_section_that_no_longer_validates_does_not_lock_the_weights(tmp_path,
                                                                         monkeypatch):
    import core.experiment
    from core.errors import SpecError
    save(tmp_path / "m.npz")
    doc = experiment()

    def refuse(doc):
        raise SpecError("data.path: no such file moved.csv")
    monkeypatch.setattr(core.experiment, "normalize", refuse)
    mf = load_model_file(tmp_path / "m.npz")
    assert mf.experiment["data"]["source"] == "spiral"
    assert mf.experiment["model"]["layers"] == Model(LAYERS, 4).specs
    assert build_model(mf).output_width == 3
    save(tmp_path / "again.npz", experiment=doc)  # saving at the end of training is not blocked either
    assert load_model_file(tmp_path / "again.npz").experiment["model"] == mf.experiment["model"]


def test_experiment_must_be_storable(tmp_path):
    with pytest.raises(WeightsError, match="must be a JSON object"):
        save(tmp_path / "m.npz", experiment="not a dict")
    doc = experiment()
    doc["training"]["l2"] = float("nan")
    with pytest.raises(WeightsError, match="cannot be stored as JSON"):
        save(tmp_path / "m.npz", experiment=doc)
    assert not (tmp_path / "m.npz").exists()


# ---------------------------------------------------------------- atomic writes

@pytest.mark.parametrize("fmt", ["npz", "safetensors"])
@pytest.mark.parametrize("fail_in", ["write", "replace"])
def test_interrupted_write_leaves_the_previous_file(tmp_path, monkeypatch, fmt, fail_in):
    path = tmp_path / f"model.{fmt}"
    save(path, fmt=fmt)
    before = path.read_bytes()
    other = trained_model(seed=11)

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(files.os, "fsync" if fail_in == "write" else "replace", boom)
    with pytest.raises(WeightsError, match="cannot be written"):
        save(path, other, fmt=fmt)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == [path.name]  # no temporary file left behind
    mf = load_model_file(path)
    assert mf.class_names == CLASSES


def test_model_file_from_a_live_model_matches_what_was_saved(tmp_path):
    model = trained_model()
    mf = ModelFile.from_model(model, experiment(), PRE, CLASSES)
    path = tmp_path / "m.safetensors"
    weights_io.write_model_file(path, mf)
    again = load_model_file(path)
    assert again.experiment == normalize(experiment()) and again.class_names == CLASSES
    for name in mf.state:
        np.testing.assert_array_equal(again.state[name], mf.state[name])


def test_stored_experiment_is_normalized_for_outside_readers(tmp_path):
    save(tmp_path / "m.npz")  # the test experiment's layers omit their defaults
    with np.load(tmp_path / "m.npz", allow_pickle=False) as f:
        stored = json.loads(str(f["experiment"][0]))
    assert stored["model"]["layers"][0] == {"type": "dense", "units": 6, "bias": True,
                                            "init": "torch_default"}
    assert stored["model"]["layers"][1]["eps"] == 1e-5
    assert stored == normalize(experiment())
