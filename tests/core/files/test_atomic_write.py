"""Writing files: atomic for regular files, direct for devices and pipes, errors name the file."""

import errno
import os
import stat
import threading

import pytest

from core.files import atomic_write
from core.files.atomic_write import (
    current_umask,
    write_bytes_atomic,
    write_error_message,
    write_text_atomic,
)


def test_a_symlink_is_followed_and_stays_a_link(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    write_text_atomic(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new"


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "made.csv")
    write_text_atomic(link, "a")
    assert link.is_symlink() and (tmp_path / "made.csv").read_text() == "a"


def test_a_fifo_with_a_reader_receives_the_bytes_and_stays_a_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    opened = threading.Event()

    def reader():
        with open(fifo, "rb") as fh:
            opened.set()
            got.append(fh.read())
    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    for _ in range(200):  # the reader must hold the pipe open before we write
        try:
            write_bytes_atomic(fifo, b"x" * 200_000)  # more than a pipe buffer holds
            break
        except OSError as exc:
            assert exc.errno == errno.ENXIO
            opened.wait(0.01)
    thread.join(10)
    assert got == [b"x" * 200_000]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_fifo_nobody_reads_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OSError) as info:
        write_text_atomic(fifo, "x")
    assert info.value.filename == str(fifo)
    assert "no program is reading" in info.value.strerror
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def _device_node(path, minor):
    """A character device node in a test folder (1, 3 is /dev/null; 1, 7 is /dev/full).

    Never the system's own nodes: a regression would replace them for the whole machine.
    """
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    except PermissionError:
        pytest.skip("creating a device node needs root (CAP_MKNOD); the FIFO tests cover "
                    "the same code path")
    return path


def test_a_character_device_is_written_not_replaced(tmp_path):
    node = _device_node(tmp_path / "null", 3)
    write_text_atomic(node, "hello")
    assert stat.S_ISCHR(os.stat(node).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["null"]  # no temporary left


def test_a_full_device_reports_the_disk_full_with_the_file_name(tmp_path):
    node = _device_node(tmp_path / "full", 7)
    with pytest.raises(OSError) as info:
        write_bytes_atomic(node, b"x")
    assert info.value.errno == errno.ENOSPC
    assert write_error_message(info.value) == f"{node}: cannot be written (No space left " \
                                              "on device)"
    assert stat.S_ISCHR(os.stat(node).st_mode)


def test_a_full_disk_names_the_file_and_keeps_the_old_one(tmp_path, monkeypatch):
    target = tmp_path / "model.npz"
    target.write_bytes(b"old")

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(atomic_write.os, "fsync", full)
    with pytest.raises(OSError) as info:
        write_bytes_atomic(target, b"new")
    assert info.value.filename == str(target)
    assert write_error_message(info.value) == f"{target}: cannot be written (No space left " \
                                              "on device)"
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["model.npz"]


def test_a_missing_folder_names_the_file(tmp_path):
    target = tmp_path / "nope" / "x.csv"
    with pytest.raises(OSError) as info:
        write_text_atomic(target, "x")
    assert info.value.filename == str(target)


def test_a_folder_and_a_socket_are_refused(tmp_path):
    with pytest.raises(IsADirectoryError):
        write_text_atomic(tmp_path, "x")
    import socket
    path = tmp_path / "s"
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(path))
        with pytest.raises(OSError) as info:
            write_text_atomic(path, "x")
        assert "a socket" in info.value.strerror and info.value.filename == str(path)
        assert stat.S_ISSOCK(os.stat(path).st_mode)
    finally:
        sock.close()


def test_permissions_new_file_follows_umask_existing_file_keeps_its_mode(tmp_path):
    new = tmp_path / "new.txt"
    write_text_atomic(new, "a")
    assert stat.S_IMODE(os.stat(new).st_mode) == 0o666 & ~current_umask()
    kept = tmp_path / "kept.txt"
    kept.write_text("a")
    os.chmod(kept, 0o640)
    write_text_atomic(kept, "b")
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o640 and kept.read_text() == "b"


def test_umask_is_read_without_changing_it():
    before = os.umask(0o027)
    try:
        assert current_umask() == 0o027
        assert os.umask(0o027) == 0o027
    finally:
        os.umask(before)
