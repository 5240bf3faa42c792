"""Model files (.npz, .safetensors): round trips, and every way a file can be bad or unsafe."""

import contextlib
import io
import json
import os
import struct
import zipfile

import numpy as np
import pytest

from core.errors import WeightsError
from core.experiment import default_experiment, normalize
from core.files import atomic_write
from core.io import model_file, model_file_writing
from core.io.model_file import ModelFile, build_model
from core.io.model_file_reading import load_model_file, read_state
from core.io.model_file_writing import save_model_npz, save_model_safetensors
from core.nn.model import Model

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
    np.testing.assert_array_equal(model_file.predict(mf, X), expected)


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
    ("duplicate", 'the key "0.bias" appears twice'),
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
    monkeypatch.setattr(atomic_write.os, "fsync" if fail_in == "write" else "replace", boom)
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
    model_file_writing.write_model_file(path, mf)
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


# ---------------------------------------------------------------- hostile files (issue 10 §3, §4)

def forge(data: bytes, member: str, file_size=None, flag_bits=None, method=None) -> bytes:
    """A zip archive with one member's declared size, flags or method rewritten, in both its
    local header and the central directory (what a hostile tool can write)."""
    out = bytearray(data)
    name = member.encode()
    for sig, flags_at, method_at, usize_at, name_at in ((b"PK\x03\x04", 6, 8, 22, 30),
                                                         (b"PK\x01\x02", 8, 10, 24, 46)):
        start = 0
        while (at := out.find(sig, start)) >= 0:
            start = at + 4
            if out[at + name_at:at + name_at + len(name)] != name:
                continue
            if file_size is not None:
                out[at + usize_at:at + usize_at + 4] = struct.pack("<I", file_size)
            if flag_bits is not None:
                out[at + flags_at:at + flags_at + 2] = struct.pack("<H", flag_bits)
            if method is not None:
                out[at + method_at:at + method_at + 2] = struct.pack("<H", method)
    return bytes(out)


def model_npz_bytes(extra=None, compressed=False) -> bytes:
    """A valid model .npz (as the workbench writes it) plus ``extra`` members."""
    state = trained_model().state_dict()
    buf = io.BytesIO()
    arrays = {**state, "experiment": np.array([json.dumps(normalize(experiment()))]),
              "classes": np.array(CLASSES), **(extra or {})}
    (np.savez_compressed if compressed else np.savez)(buf, **arrays)
    return buf.getvalue()


@pytest.fixture
def no_unpacking(monkeypatch):
    """``with no_unpacking(): ...`` fails if any zip member is opened (unpacked) inside."""
    def refuse(self, *args, **kwargs):
        raise AssertionError(f"a member was unpacked: {args[0]!r}")

    @contextlib.contextmanager
    def guard():
        with monkeypatch.context() as m:
            m.setattr(zipfile.ZipFile, "open", refuse)
            yield
    return guard


def test_an_unused_huge_member_is_refused_by_name_before_unpacking(tmp_path, no_unpacking):
    data = forge(model_npz_bytes({"junk": np.zeros(1000, np.float32)}), "junk.npy",
                 file_size=int(3.5 * 2**30))
    path = tmp_path / "m.npz"
    path.write_bytes(data)
    for reader in (load_model_file, read_state):
        with no_unpacking(), pytest.raises(WeightsError, match=r"holds 'junk', which is not a "
                                                               r"parameter name"):
            reader(path)


def test_a_real_junk_member_is_never_unpacked(tmp_path):
    path = tmp_path / "m.npz"  # 40 MiB of zeros, 40 KiB on disk
    path.write_bytes(model_npz_bytes({"junk": np.zeros(10 * 2**20, np.float32)},
                                     compressed=True))
    assert path.stat().st_size < 200_000
    with pytest.raises(WeightsError, match="'junk', which is not a parameter name"):
        load_model_file(path)


def test_a_zip_bomb_member_is_refused_before_unpacking(tmp_path, no_unpacking):
    data = forge(model_npz_bytes(), "0.weight.npy", file_size=int(3.5 * 2**30))
    path = tmp_path / "bomb.npz"
    path.write_bytes(data)
    with no_unpacking(), pytest.raises(WeightsError) as err:
        read_state(path)
    assert "array '0.weight' would unpack to 3.5 GiB from" in str(err.value)
    assert "more than real data compresses (a zip bomb?)" in str(err.value)


def test_a_highly_compressed_member_over_the_allowance_is_refused(tmp_path, monkeypatch):
    import core.files.npz_archive
    monkeypatch.setattr(core.files.npz_archive, "EXPANSION_ALLOWANCE", 2**20)
    state = trained_model().state_dict()
    state["0.weight"] = np.zeros((1024, 1024), np.float32)  # 4 MiB of zeros, ~4 KiB deflated
    buf = io.BytesIO()
    np.savez_compressed(buf, **state)
    (tmp_path / "z.npz").write_bytes(buf.getvalue())
    with pytest.raises(WeightsError, match=r"'0\.weight' would unpack to 4\.0 MiB from"):
        read_state(tmp_path / "z.npz")


def test_the_model_budget_is_checked_from_the_directory(tmp_path, monkeypatch, no_unpacking):
    import core.io.model_file_reading
    monkeypatch.setattr(core.io.model_file_reading, "MAX_MODEL_BYTES", 1000)
    (tmp_path / "m.npz").write_bytes(model_npz_bytes())
    with no_unpacking(), pytest.raises(WeightsError, match=r"declare .* over the workbench's "
                                                           r"limit of 1000 bytes"):
        load_model_file(tmp_path / "m.npz")


def test_a_npy_header_claiming_a_terabyte_shape_is_refused(tmp_path):
    buf = io.BytesIO()
    np.save(buf, np.zeros((6, 4), dtype=np.float32))
    raw = buf.getvalue().replace(b"(6, 4)", b"(1000000, 1000000)")
    with zipfile.ZipFile(tmp_path / "big.npz", "w") as z:
        z.writestr("0.weight.npy", raw)
    with pytest.raises(WeightsError, match=r"declares shape \(1000000, 1000000\) of float32 "
                                           r"\(3,725 GiB\) but holds \d+ bytes"):
        read_state(tmp_path / "big.npz")


@pytest.mark.parametrize("change, expected", [
    ({"flag_bits": 0x1}, "array '0.weight' is encrypted"),
    ({"method": 99}, "compressed with zip method 99; expected stored or deflated"),
])
def test_encrypted_or_strangely_compressed_members_are_one_sentence(tmp_path, change,
                                                                    expected):
    (tmp_path / "m.npz").write_bytes(forge(model_npz_bytes(), "0.weight.npy", **change))
    with pytest.raises(WeightsError, match=expected):
        load_model_file(tmp_path / "m.npz")


def test_too_many_members_are_refused_from_the_end_record(tmp_path, monkeypatch, no_unpacking):
    import core.files.npz_archive
    monkeypatch.setattr(core.files.npz_archive, "MAX_MEMBERS", 5)
    (tmp_path / "m.npz").write_bytes(model_npz_bytes())

    def no_directory(self):
        raise AssertionError("the whole directory was parsed")
    monkeypatch.setattr(zipfile.ZipFile, "_RealGetContents", no_directory)
    with pytest.raises(WeightsError, match=r"the archive lists 12 members, more than the 5"):
        load_model_file(tmp_path / "m.npz")


def test_a_fifo_model_file_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "m.npz"
    os.mkfifo(fifo)
    with pytest.raises(WeightsError, match=r"is a named pipe \(FIFO\), not a regular file"):
        load_model_file(fifo)
    fifo2 = tmp_path / "m.safetensors"
    os.mkfifo(fifo2)
    with pytest.raises(WeightsError, match=r"is a named pipe \(FIFO\), not a regular file"):
        read_state(fifo2)


def hostile_header(tmp_path, mutate=None, raw_header=None):
    header, body = good_safetensors(tmp_path)
    if mutate:
        mutate(header)
    text = raw_header(json.dumps(header)) if raw_header else json.dumps(header)
    path = tmp_path / "h.safetensors"
    path.write_bytes(struct.pack("<Q", len(text.encode())) + text.encode() + body)
    return path


@pytest.mark.parametrize("case, expected", [
    ("superscript_name", "holds '².weight', which is not a parameter name"),
    ("dtype_list", "tensor '0.bias' has data type [\"F32\"], which the workbench does not "
                   "read"),
    ("digits_300", "[\"0.bias\"].shape[0]: the number 1000000000…000000 is an integer of 301 digits"),
    ("digits_5000", "is an integer of 5000 digits"),
    ("deep", "nested"),
    ("huge_shape", "shape [4294967296, 4294967296] of F32 declares"),
])
def test_hostile_safetensors_headers_are_one_sentence(tmp_path, case, expected):
    def rename(h):
        h["².weight"] = h.pop("0.weight")

    def dtype_list(h):
        h["0.bias"]["dtype"] = ["F32"]

    def huge_shape(h):
        h["0.bias"]["shape"] = [2**32, 2**32]
    mutate = {"superscript_name": rename, "dtype_list": dtype_list,
              "huge_shape": huge_shape}.get(case)
    raw = {"digits_300": lambda t: t.replace('"shape": [6]', '"shape": [1' + "0" * 300 + "]"),
           "digits_5000": lambda t: t.replace('"shape": [6]', '"shape": [' + "9" * 5000 + "]"),
           "deep": lambda t: t[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}"}.get(case)
    path = hostile_header(tmp_path, mutate, raw)
    for reader in (load_model_file, read_state):
        with pytest.raises(WeightsError) as err:
            reader(path)
        message = str(err.value)
        assert expected in message and message.startswith(str(path))
        assert "\n" not in message and len(message) < 400


def test_a_huge_integer_in_the_stored_experiment_is_one_sentence(tmp_path):
    text = json.dumps(normalize(experiment())).replace('"epochs": 200', '"epochs": ' +
                                                       "9" * 5000)
    state = trained_model().state_dict()
    np.savez(tmp_path / "m.npz", **state, experiment=np.array([text]))
    with pytest.raises(WeightsError, match=r"m\.npz: the stored experiment: training\.epochs: "
                                           r"the number 9999999999…999999 is an integer of "
                                           r"5000 digits"):
        load_model_file(tmp_path / "m.npz")


def test_float64_weights_beyond_float32_are_refused_naming_the_tensor(tmp_path):
    state = {k: v.astype(np.float64) if v.dtype.kind == "f" else v
             for k, v in trained_model().state_dict().items()}
    state["4.weight"][1, 2] = 1e300
    np.savez(tmp_path / "w.npz", **state)
    with pytest.raises(WeightsError, match=r"w\.npz: tensor '4\.weight' holds 1e\+300, beyond "
                                           r"the largest float32 number"):
        read_state(tmp_path / "w.npz", dtype="float32")
    assert read_state(tmp_path / "w.npz", dtype="float64")["4.weight"][1, 2] == 1e300
    np.savez(tmp_path / "m.npz", **state, experiment=np.array([json.dumps(experiment())]))
    with pytest.raises(WeightsError, match=r"tensor '4\.weight' holds 1e\+300"):
        build_model(load_model_file(tmp_path / "m.npz"))


@pytest.mark.parametrize("classes, expected", [
    (["a", "b"], "names 2 classes but the network has 3 outputs"),
    (["a", "b", "c", "d"], "names 4 classes but the network has 3 outputs"),
    (["a", "b", "a"], "the class name 'a' appears twice"),
])
@pytest.mark.parametrize("fmt", ["npz", "safetensors"])
def test_class_names_must_match_the_outputs(tmp_path, classes, expected, fmt):
    path = tmp_path / f"m.{fmt}"
    mf = ModelFile.from_model(trained_model(), experiment(), PRE, CLASSES)
    mf.class_names = classes
    model_file_writing.write_model_file(path, mf)
    with pytest.raises(WeightsError, match=expected):
        load_model_file(path)


def test_two_class_names_fit_one_sigmoid_output(tmp_path):
    layers = [{"type": "dense", "units": 3}, {"type": "relu"}, {"type": "dense", "units": 1},
              {"type": "sigmoid"}]
    doc = experiment(layers)
    doc["loss"] = {"type": "binary_cross_entropy"}
    save(tmp_path / "b.npz", trained_model(layers), experiment=doc, class_names=["no", "yes"])
    assert load_model_file(tmp_path / "b.npz").class_names == ["no", "yes"]


def test_an_experiment_name_with_a_lone_surrogate_is_stored(tmp_path):
    doc = experiment()
    doc["name"] = "odd \udc80 name"
    for fmt in ("npz", "safetensors"):
        save(tmp_path / f"m.{fmt}", experiment=doc, fmt=fmt)
        assert load_model_file(tmp_path / f"m.{fmt}").experiment["name"] == "odd \udc80 name"


def test_a_safetensors_file_listing_too_many_tensors_is_refused(tmp_path, monkeypatch):
    import core.files.safetensors_format
    monkeypatch.setattr(core.files.safetensors_format, "MAX_TENSORS", 3)
    save(tmp_path / "m.safetensors", fmt="safetensors")
    with pytest.raises(WeightsError, match=r"the header lists 1[0-9] tensors, more than the 3 "
                                           r"the workbench reads"):
        read_state(tmp_path / "m.safetensors")
