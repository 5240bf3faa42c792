"""Reading only regular files, within budgets (core.files.read_limits)."""

import os
import stat

import pytest

from core.errors import DataError
from core.files import read_limits
from core.files.read_limits import open_regular, read_regular_bytes, size_text


@pytest.fixture
def opened(monkeypatch):
    """The paths os.open was called with."""
    calls = []
    real = os.open

    def spy(path, *args, **kwargs):
        calls.append(str(path))
        return real(path, *args, **kwargs)
    monkeypatch.setattr(read_limits.os, "open", spy)
    return calls


def test_a_fifo_is_refused_without_being_opened(tmp_path, opened):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(DataError, match=r"pipe\.csv: is a named pipe \(FIFO\), not a regular "
                                        r"file; expected a CSV file"):
        open_regular(fifo, "a CSV file", DataError)
    assert opened == []


def test_a_device_is_refused_without_being_opened(tmp_path, opened):
    node = tmp_path / "zero"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 5))  # like /dev/zero: endless
    except PermissionError:
        pytest.skip("creating a device node needs root (CAP_MKNOD); the FIFO test covers the "
                    "same check")
    with pytest.raises(DataError, match="is a character device, not a regular file"):
        open_regular(node, "a CSV file", DataError)
    assert opened == []


def test_a_regular_file_opens_and_a_symlink_to_one_too(tmp_path):
    real = tmp_path / "a.csv"
    real.write_bytes(b"1,2\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    with open_regular(link, "a CSV file", DataError) as fh:
        assert fh.read() == b"1,2\n"


def test_the_size_is_checked_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 5000)
    with pytest.raises(DataError, match=r"big\.json: is 4\.9 KiB, more than the 1\.0 KiB the "
                                        r"workbench reads for an experiment"):
        read_regular_bytes(path, 1024, "an experiment", DataError)
    assert read_regular_bytes(path, 5000, "an experiment", DataError) == b" " * 5000


@pytest.mark.parametrize("n, text", [(0, "0 bytes"), (1023, "1023 bytes"), (1024, "1.0 KiB"),
                                     (int(3.5 * 2**30), "3.5 GiB"),
                                     (4000 * 2**30, "4,000 GiB")])
def test_sizes_read_as_a_person_reads_them(n, text):
    assert size_text(n) == text
