"""Export to TensorBoard: the event files read back record by record (TFRecord framing,
checked with its CRCs, and tensorboardX's own Event protocol buffer)."""

import struct
import sys

import pytest

from core.runs import tensorboard_export
from core.runs.store import RunStore


def _crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 & -(crc & 1))
    return crc ^ 0xFFFFFFFF


def _masked(crc: int) -> int:
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def read_events(path):
    """Every Event in a TensorBoard event file (TFRecord: length, CRC, data, CRC)."""
    from tensorboardX.proto.event_pb2 import Event
    data, events, at = path.read_bytes(), [], 0
    while at < len(data):
        header = data[at:at + 8]
        (length,) = struct.unpack("<Q", header)
        (header_crc,) = struct.unpack("<I", data[at + 8:at + 12])
        assert header_crc == _masked(_crc32c(header))
        body = data[at + 12:at + 12 + length]
        (body_crc,) = struct.unpack("<I", data[at + 12 + length:at + 16 + length])
        assert body_crc == _masked(_crc32c(body))
        events.append(Event.FromString(body))
        at += 16 + length
    return events


def test_scalars_histograms_and_hparams_read_back(tmp_path, real_run):
    _, history, _, files = real_run
    store = RunStore(tmp_path / "runs")
    run_id = store.record(files)
    (folder,) = tensorboard_export.export_tensorboard(store, [run_id], tmp_path / "tb")
    assert folder == tmp_path / "tb" / run_id
    (event_file,) = folder.glob("events.out.tfevents.*")
    scalars, histograms = {}, {}
    for event in read_events(event_file):
        for value in event.summary.value:
            if value.HasField("histo"):
                histograms.setdefault(value.tag, []).append((event.step, value.histo))
            else:
                scalars.setdefault(value.tag, []).append((event.step, value.simple_value))
    expected = [(r["epoch"], pytest.approx(r["train_loss"], rel=1e-6)) for r in history.rows]
    assert scalars["loss/train"] == expected
    assert [v for _, v in scalars["accuracy/val"]] == \
        [pytest.approx(r["val_accuracy"], rel=1e-6) for r in history.rows]
    assert "rmse/train" not in scalars
    weight = histograms["weights/0.weight"]
    assert [step for step, _ in weight] == [1, 2, 3]
    assert weight[-1][1].num == 2 * 8 and sum(weight[-1][1].bucket) == 16
    assert [step for step, _ in histograms["gradients/2.weight"]] == [1, 2, 3]
    (hparams_file,) = (folder / "hparams").glob("events.out.tfevents.*")
    tags = {v.tag for e in read_events(hparams_file) for v in e.summary.value}
    assert "_hparams_/experiment" in tags and "hparam/val_accuracy" in tags


def test_a_run_without_histograms_exports_its_final_weights(tmp_path, real_run):
    _, _, _, files = real_run
    files = type(files)({k: v for k, v in files.files.items() if k != "histograms.npz"},
                        files.summary)
    store = RunStore(tmp_path / "runs")
    run_id = store.record(files)
    (folder,) = tensorboard_export.export_tensorboard(store, [run_id], tmp_path / "tb")
    (event_file,) = folder.glob("events.out.tfevents.*")
    steps = {(v.tag, e.step) for e in read_events(event_file) for v in e.summary.value
             if v.HasField("histo")}
    assert ("weights/0.weight", 3) in steps and ("weights/4.bias", 3) in steps


def test_missing_tensorboardx_is_one_sentence(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "tensorboardX", None)
    with pytest.raises(tensorboard_export.ExportError) as caught:
        tensorboard_export.export_tensorboard(RunStore(tmp_path), [], tmp_path / "tb")
    assert str(caught.value) == ("exporting to TensorBoard needs the tensorboardX package; "
                                 "install it with python3 -m pip install "
                                 "'nn-workbench[tensorboard]'")
