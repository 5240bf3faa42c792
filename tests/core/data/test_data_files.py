"""Users' data files under attack: zip bombs, lying headers, special files, huge cells.

Each file is built by the test itself, small on disk; budgets are lowered with
monkeypatch where a real-size attack would be too big for a test.
"""

import io
import os
import struct
import threading
import zipfile

import numpy as np
import pytest

from core.data import spec
from core.data.csvfile import load_csv
from core.data.npzfile import load_npz
from core.errors import DataError


def data_error(fn, *args, **kwargs) -> str:
    with pytest.raises(DataError) as info:
        fn(*args, **kwargs)
    message = str(info.value)
    assert "\n" not in message and len(message) < 400, message
    return message


def forge(data: bytes, member: str, file_size=None, flag_bits=None) -> bytes:
    """Rewrite one zip member's declared size or flags in its local and central headers."""
    out = bytearray(data)
    name = member.encode()
    for sig, flags_at, usize_at, name_at in ((b"PK\x03\x04", 6, 22, 30),
                                             (b"PK\x01\x02", 8, 24, 46)):
        start = 0
        while (at := out.find(sig, start)) >= 0:
            start = at + 4
            if out[at + name_at:at + name_at + len(name)] != name:
                continue
            if file_size is not None:
                out[at + usize_at:at + usize_at + 4] = struct.pack("<I", file_size)
            if flag_bits is not None:
                out[at + flags_at:at + flags_at + 2] = struct.pack("<H", flag_bits)
    return bytes(out)


def npz_bytes(compressed=False, **arrays) -> bytes:
    buf = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buf, **arrays)
    return buf.getvalue()


XY = {"X": np.arange(12.0).reshape(6, 2), "y": np.array([0, 1, 0, 1, 0, 1])}


# ------------------------------------------------------------------ .npz data files
def test_an_npy_header_claiming_a_terabyte_is_refused_not_memory_error(tmp_path):
    path = tmp_path / "big.npz"
    members = {}
    for key, value in XY.items():
        buf = io.BytesIO()
        np.save(buf, value)
        members[key] = buf.getvalue()
    members["X"] = members["X"].replace(b"(6, 2)", b"(1000000, 1000000)")
    with zipfile.ZipFile(path, "w") as z:
        for key, raw in members.items():
            z.writestr(f"{key}.npy", raw)
    msg = data_error(load_npz, path)
    assert "array 'X' declares shape (1000000, 1000000) of float64 (7,451 GiB) but holds" in msg


def test_a_zip_bomb_x_is_refused_before_unpacking(tmp_path, monkeypatch):
    path = tmp_path / "bomb.npz"
    path.write_bytes(forge(npz_bytes(compressed=True, **XY), "X.npy", file_size=3 * 2**30))
    opened = []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open",
                        lambda self, name, *a, **k: opened.append(name) or
                        real_open(self, name, *a, **k))
    msg = data_error(load_npz, path)
    assert "array 'X' would unpack to 3.0 GiB from" in msg and "zip bomb" in msg
    assert opened == []


def test_a_compressible_x_over_the_data_budget_is_refused(tmp_path, monkeypatch):
    import core.data.npzfile
    monkeypatch.setattr(core.data.npzfile, "MAX_DATA_BYTES", 100_000)
    path = tmp_path / "wide.npz"  # 2000 x 10 uint8: 20 kB stored, 160 kB as float64
    np.savez(path, X=np.zeros((2000, 10), np.uint8), y=np.zeros(2000))
    msg = data_error(load_npz, path)
    assert "X has shape (2000, 10): 20,000 values, 156 KiB as float64" in msg


def test_other_members_are_skipped_unread(tmp_path):
    path = tmp_path / "extra.npz"
    junk = forge(npz_bytes(**XY, junk=np.zeros(10)), "junk.npy", file_size=3 * 2**30)
    path.write_bytes(junk)
    ds = load_npz(path)  # the forged member is never looked at
    assert ds.X.shape == (6, 2)


def test_an_encrypted_npz_is_one_sentence(tmp_path):
    path = tmp_path / "locked.npz"
    path.write_bytes(forge(npz_bytes(**XY), "y.npy", flag_bits=0x1))
    assert "array 'y' is encrypted" in data_error(load_npz, path)


def test_a_label_array_with_oversized_cells_is_refused_unread(tmp_path):
    path = tmp_path / "labels.npz"
    np.savez(path, X=XY["X"], y=np.array(["a" * 5000] + ["b"] * 5))
    assert "'y' holds text of up to 5,000 characters per entry; labels and names are at " \
           "most 1000" in data_error(load_npz, path)


def test_a_fifo_is_refused_for_every_data_reader(tmp_path):
    for name, reader in (("d.npz", load_npz), ("d.csv", load_csv)):
        fifo = tmp_path / name
        os.mkfifo(fifo)
        outcome = []
        thread = threading.Thread(target=lambda: outcome.append(data_error(reader, fifo)),
                                  daemon=True)
        thread.start()
        thread.join(10)
        assert outcome and "is a named pipe (FIFO), not a regular file" in outcome[0]


@pytest.mark.parametrize("reader", [load_npz, load_csv])
def test_a_folder_and_a_nul_byte_are_one_sentence(tmp_path, reader):
    assert "is a folder" in data_error(reader, tmp_path)
    assert "holds a NUL byte" in data_error(reader, str(tmp_path / "a\0b"))


def test_a_nul_byte_in_data_path_is_one_sentence_from_the_experiment(tmp_path):
    msg = data_error(spec.prepare, {"source": "csv", "path": "x\0y.csv"}, tmp_path)
    assert "holds a NUL byte" in msg


def test_a_home_folder_of_an_unknown_user_is_one_sentence(tmp_path):
    from core.errors import SpecError
    with pytest.raises(SpecError) as info:
        spec.prepare({"source": "csv", "path": "~nosuchuser/x.csv"}, tmp_path)
    assert str(info.value) == ("data.path: '~nosuchuser/x.csv' starts with '~nosuchuser', but "
                               "this computer has no such user's home folder")


# ------------------------------------------------------------------ CSV files
@pytest.fixture
def small_chunks(monkeypatch):
    """Read CSV files in chunks of 64 bytes, so that every row boundary case is met."""
    import core.data.csvchunks
    monkeypatch.setattr(core.data.csvchunks, "CHUNK_BYTES", 64)


def test_a_missing_value_and_a_text_cell_name_the_first_bad_cell(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("a,b,label\n1,,x\nfoo,2,y\n3,4,x\n")
    assert data_error(load_csv, path) == (f"{path}: row 2, column 'b' is empty; expected a "
                                          "number (fill in or remove missing values)")
    path.write_text("a,b,label\n1,2,x\nfoo,,y\n3,4,x\n")
    assert data_error(load_csv, path) == (f"{path}: row 3, column 'a' holds 'foo', which is "
                                          "not a number (text is allowed only in the target "
                                          "column)")


@pytest.mark.parametrize("text, row, cells", [("a,b,c\n1,2,3\n4\n", 3, "1 cell"),
                                              ("a,b,c\n1,2,3\n4,5\n", 3, "2 cells"),
                                              ("1,2,3\n4,5,6,7\n", 2, "4 cells")])
def test_a_row_of_the_wrong_width_is_named_with_good_grammar(tmp_path, text, row, cells):
    path = tmp_path / "w.csv"
    path.write_text(text)
    assert data_error(load_csv, path) == f"{path}: row {row} has {cells}, expected 3 as in row 1"


CASES = {  # name: (file bytes, X, y or labels)
    "plain": (b"a,b,t\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n", [[1, 2], [3, 4], [5, 6], [7, 8]],
              [0, 1, 0, 1]),
    "crlf_bom_blank": (b"\xef\xbb\xbfa;b;t\r\n1;2;0\r\n\r\n3;4;1\r\n  \r\n5;6;0\r\n7;8;1",
                       [[1, 2], [3, 4], [5, 6], [7, 8]], [0, 1, 0, 1]),
    "old_mac": (b"a\tb\tt\r1\t2\t0\r3\t4\t1\r5\t6\t0\r7\t8\t1\r",
                [[1, 2], [3, 4], [5, 6], [7, 8]], [0, 1, 0, 1]),
    "quoted_text": (b'a,b,t\n"1",2.5e0,"cat"\n3,4,dog\n5,6,"cat"\n7,8,dog\n',
                    [[1, 2.5], [3, 4], [5, 6], [7, 8]], ["cat", "dog", "cat", "dog"]),
    "text_after_numbers": (b"a,b,t\n" + b"".join(b"%d,%d,%d\n" % (i, i + 1, i % 2)
                                                   for i in range(30)) + b"9,9,cat\n",
                           [[i, i + 1] for i in range(30)] + [[9, 9]],
                           [str(i % 2) for i in range(30)] + ["cat"]),
}


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("chunked", [False, True])
def test_chunked_reading_gives_the_same_data(tmp_path, request, name, chunked):
    if chunked:
        request.getfixturevalue("small_chunks")
    raw, X, y = CASES[name]
    path = tmp_path / "c.csv"
    path.write_bytes(raw)
    ds = load_csv(path)
    np.testing.assert_array_equal(ds.X, np.array(X, dtype=float))
    labels = [ds.class_names[i] for i in ds.y]
    assert labels == [str(v) for v in y]
    assert ds.feature_names == ["a", "b"]


def test_rows_are_named_by_file_line_across_chunks_and_blank_lines(tmp_path, small_chunks):
    rows = [f"{i},{i}" for i in range(40)]
    rows[25] = "1,"  # line 25 + header + 3 blank lines
    path = tmp_path / "r.csv"
    path.write_text("x,y\n\n" + "\n".join(rows[:10]) + "\n\n\n" + "\n".join(rows[10:]) + "\n")
    assert data_error(load_csv, path) == (f"{path}: row 30, target column 'y' is empty; "
                                          "every row needs a target")


def test_a_row_longer_than_the_row_budget_is_refused(tmp_path, monkeypatch, small_chunks):
    import core.data.csv_stream
    import core.data.csvchunks
    monkeypatch.setattr(core.data.csvchunks, "MAX_CSV_ROW_BYTES", 1024)  # later rows
    monkeypatch.setattr(core.data.csv_stream, "MAX_CSV_ROW_BYTES", 1024)  # the first row
    path = tmp_path / "long.csv"
    path.write_text("a,b\n1,2\n3," + "4" * 5000 + "\n5,6\n")
    assert "row 3 is longer than 1.0 KiB" in data_error(load_csv, path)
    path.write_text("1" * 5000)
    assert "row 1 is longer than 1.0 KiB" in data_error(load_csv, path)


def test_an_oversized_label_cell_is_refused(tmp_path):
    path = tmp_path / "label.csv"
    path.write_text("a,label\n1,cat\n2," + "x" * 5000 + "\n3,dog\n")
    assert data_error(load_csv, path) == (f"{path}: row 3, target column 'label' holds a text "
                                          "of 5,000 characters; class labels are at most 1000")


def test_a_csv_over_the_data_budget_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    import core.data.csvchunks
    monkeypatch.setattr(core.data.csvchunks, "MAX_DATA_BYTES", 1000)
    path = tmp_path / "many.csv"
    path.write_text("".join(f"{i},{i},{i % 2}\n" for i in range(100)))
    assert "holds more than" in data_error(load_csv, path)
    assert "over 1000 bytes as float64, the workbench's limit" in data_error(load_csv, path)


def test_a_damaged_gzip_is_one_sentence(tmp_path):
    import gzip
    path = tmp_path / "d.csv.gz"
    path.write_bytes(gzip.compress(b"a,b\n1,2\n3,4\n" * 100)[:-30])
    assert "is not a readable .gz file" in data_error(load_csv, path)


def _traced_peak(path) -> tuple[int, int]:
    """(peak bytes allocated while loading ``path``, bytes of the data set's arrays)."""
    import tracemalloc
    tracemalloc.start()
    ds = load_csv(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, ds.X.nbytes + ds.y.nbytes


@pytest.mark.parametrize("target", ["numbers", "labels"])
def test_csv_memory_per_row_is_the_result_alone(tmp_path, monkeypatch, target):
    """Each extra row costs what it adds to the data set, not a multiple of its text
    (reading the whole file at once held about 4.6x the file size). Chunks of 256 KiB
    (the real ones are 8 MiB) so that both files span many chunks."""
    import core.data.csvchunks
    monkeypatch.setattr(core.data.csvchunks, "CHUNK_BYTES", 256 * 2**10)
    rng = np.random.default_rng(0)
    peaks, results, sizes = [], [], []
    for rows in (20_000, 60_000):
        path = tmp_path / f"m{rows}.csv"
        values = rng.random((rows, 12)).round(6)
        with open(path, "w") as fh:
            fh.write(",".join(f"f{i}" for i in range(12)) + ",t\n")
            labels = ("cat", "dog", "emu") if target == "labels" else ("0", "1", "2")
            for row, label in zip(values, rng.integers(0, 3, rows)):
                fh.write(",".join(f"{v:.6f}" for v in row) + "," + labels[label] + "\n")
        peak, result = _traced_peak(path)
        peaks.append(peak)
        results.append(result)
        sizes.append(path.stat().st_size)
    grown_peak, grown_result = peaks[1] - peaks[0], results[1] - results[0]
    grown_file = sizes[1] - sizes[0]
    print(f"{target}: per added file byte: peak {grown_peak / grown_file:.2f}, data set "
          f"{grown_result / grown_file:.2f}")
    assert grown_peak < 1.5 * grown_result


def test_progress_is_reported_while_reading_and_cancel_propagates(tmp_path, small_chunks):
    from core.progress import Cancelled, reporting
    path = tmp_path / "p.csv"
    path.write_text("a,b\n" + "".join(f"{i},{i % 3}\n" for i in range(200)))
    seen = []
    with reporting(lambda fraction, text: seen.append(fraction)):
        load_csv(path)
    assert len(seen) > 20 and seen == sorted(seen) and seen[-1] == pytest.approx(1.0)

    calls = []

    def cancel_on_the_tenth(fraction, text):
        calls.append(fraction)
        if len(calls) == 10:
            raise Cancelled()
    for reader in (lambda: load_csv(path),
                   lambda: spec.prepare({"source": "csv", "path": str(path)})):
        calls.clear()
        with reporting(cancel_on_the_tenth), pytest.raises(Cancelled):
            reader()
        assert len(calls) == 10  # stopped at once, nothing reported after


def test_predict_inputs_are_read_in_chunks_too(tmp_path, small_chunks):
    from core.data.prediction_inputs import read_inputs
    path = tmp_path / "in.csv"
    path.write_text("b,a,label\n" + "".join(f"{i},{-i},x\n" for i in range(30)))
    X, note = read_inputs(path, 2, ["a", "b"])
    np.testing.assert_array_equal(X, np.array([[-i, i] for i in range(30)], dtype=float))
    assert note == "30 rows of in.csv; inputs: a, b; column 'label' ignored (the target)."
