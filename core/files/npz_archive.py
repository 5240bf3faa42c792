"""Reading NumPy ``.npz`` archives safely: every size is checked before anything is unpacked.

Both model files and users' data files are ``.npz`` archives (zip files of ``.npy``
arrays). :func:`read_npz` reads them in three passes, so that a hostile or damaged
archive is refused with one sentence before it costs memory:

1. the zip directory (no decompression): the number of members, their names (each a
   ``.npy``; duplicates refused; the caller may refuse or skip names), encryption,
   the compression method, and each member's declared size against its compressed size
   (a member claiming to unpack to more than :data:`~core.files.read_limits.MAX_EXPANSION`
   times its stored size plus :data:`~core.files.read_limits.EXPANSION_ALLOWANCE` is a zip
   bomb) and the caller's budget for all the members it reads;
2. each wanted member's ``.npy`` header (a few hundred bytes unpacked): no Python
   objects (which would need unpickling), no structured types, shape × item size equal
   to the bytes the member declares, and the caller's own check of shape and type;
3. the data, unpacked in chunks straight into the final array (no second copy); the zip
   reader never returns more than the declared size, and a CRC mismatch means damage.
"""

from __future__ import annotations

import math
import struct
import zipfile
import zlib
from collections.abc import Callable

import numpy as np

from core.files.read_limits import EXPANSION_ALLOWANCE, MAX_EXPANSION, open_regular, size_text

#: An archive with more members than this is refused (a network has far fewer tensors).
MAX_MEMBERS = 100_000
_CHUNK = 16 * 2**20
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


def read_npz(path, source: str, error: type[Exception], *, budget: int,
             wanted: Callable[[str], bool] | None = None,
             check_name: Callable[[str], str | None] | None = None,
             check_array: Callable[[str, tuple, np.dtype], str | None] | None = None,
             kinds: str = "biufUS", what: str = "an .npz archive") -> dict:
    """The arrays of the ``.npz`` file ``path``, checked as described in the module.

    Parameters
    ----------
    path : str, Path or binary file object
        The archive (a regular file; FIFOs and devices are refused unopened), or an open
        seekable file such as ``io.BytesIO``.
    source : str
        How messages name the file.
    error : type
        The :class:`~core.errors.WorkbenchError` subclass to raise.
    budget : int
        Most bytes all wanted members may declare together.
    wanted : callable, optional
        ``wanted(name)``: False skips the member unread (it costs nothing).
    check_name : callable, optional
        ``check_name(name)`` returns a sentence refusing the member, or None; called for
        every member before anything is unpacked.
    check_array : callable, optional
        ``check_array(name, shape, dtype)`` returns a sentence refusing the array, or
        None; called with the ``.npy`` header before the data is unpacked.
    kinds : str
        Accepted ``dtype.kind`` letters.
    what : str
        What the file should be, for messages.

    Returns
    -------
    dict of str to numpy.ndarray
        Native byte order, C order, in archive order.
    """
    if hasattr(path, "read"):
        return _read_open(path, source, error, budget, wanted, check_name, check_array, kinds)
    with open_regular(path, what, error) as fh:
        return _read_open(fh, source, error, budget, wanted, check_name, check_array, kinds)


def _read_open(fh, source, error, budget, wanted, check_name, check_array, kinds) -> dict:
    _check_member_count(fh, source, error)
    try:
        archive = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        raise error(f"{source}: not a valid .npz file (not a zip archive, or truncated or "
                    "damaged)") from None
    with archive:
        members = _directory(archive, source, error, budget, wanted, check_name)
        headers = {name: _header(archive, info, name, source, error, kinds, check_array)
                   for name, info in members.items()}
        return {name: _data(archive, members[name], name, headers[name], source, error)
                for name in members}


def _check_member_count(fh, source: str, error) -> None:
    """Refuse an archive whose end record announces more than MAX_MEMBERS entries,
    before Python builds one object per entry."""
    try:
        end = zipfile._EndRecData(fh)  # the end-of-central-directory record only
    except (AttributeError, OSError, ValueError, struct.error):
        return
    if end and end[zipfile._ECD_ENTRIES_TOTAL] > MAX_MEMBERS:
        raise error(f"{source}: the archive lists {end[zipfile._ECD_ENTRIES_TOTAL]:,} members, "
                    f"more than the {MAX_MEMBERS:,} the workbench reads")
    fh.seek(0)


def _directory(archive, source, error, budget, wanted, check_name) -> dict:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise error(f"{source}: the archive lists {len(infos):,} members, more than the "
                    f"{MAX_MEMBERS:,} the workbench reads")
    members: dict = {}
    total = 0
    for info in infos:
        shown = info.filename if len(info.filename) <= 60 else info.filename[:50] + "…"
        if not info.filename.endswith(".npy") or info.is_dir():
            raise error(f"{source}: member {shown!r} is not a NumPy array (.npy); not a NumPy "
                        ".npz file")
        name = info.filename[:-4]
        if name in members:
            raise error(f"{source}: array {shown[:-4]!r} appears twice")
        refusal = check_name(name) if check_name else None
        if refusal:
            raise error(f"{source}: {refusal}")
        if wanted is not None and not wanted(name):
            continue
        if info.flag_bits & 0x1:
            raise error(f"{source}: array {name!r} is encrypted; save the arrays without a "
                        "password (np.savez)")
        if info.compress_type not in _METHODS:
            raise error(f"{source}: array {name!r} is compressed with zip method "
                        f"{info.compress_type}; expected stored or deflated (np.savez or "
                        "np.savez_compressed)")
        limit = EXPANSION_ALLOWANCE + MAX_EXPANSION * info.compress_size
        if info.file_size > limit:
            raise error(f"{source}: array {name!r} would unpack to {size_text(info.file_size)} "
                        f"from {size_text(info.compress_size)}, more than real data compresses "
                        "(a zip bomb?); refusing to read it")
        total += info.file_size
        if total > budget:
            raise error(f"{source}: the arrays declare {size_text(total)} or more, over the "
                        f"workbench's limit of {size_text(budget)}; refusing to read them")
        members[name] = info
    return members


def _header(archive, info, name, source, error, kinds, check_array):
    fmt = np.lib.format
    try:
        with archive.open(info) as fh:
            version = fmt.read_magic(fh)
            if version == (1, 0):
                shape, fortran, dtype = fmt.read_array_header_1_0(fh)
            elif version == (2, 0):
                shape, fortran, dtype = fmt.read_array_header_2_0(fh)
            else:  # 3.0 only adds UTF-8 field names of structured types, refused anyway
                raise error(f"{source}: array {name!r} uses .npy format version {version}, "
                            "expected 1.0 or 2.0")
            offset = fh.tell()
    except (zipfile.BadZipFile, EOFError, zlib.error, ValueError, OSError, SyntaxError,
            NotImplementedError, RuntimeError) as exc:
        raise error(f"{source}: array {name!r} is damaged or truncated ({_reason(exc)})") \
            from None
    if dtype.hasobject:
        raise error(f"{source}: array {name!r} holds Python objects (pickle), which the "
                    "workbench refuses to load because loading them could run code")
    if dtype.fields is not None or dtype.subdtype is not None or dtype.kind not in kinds:
        raise error(f"{source}: array {name!r} has data type {dtype}, expected numbers"
                    + (" or text" if "U" in kinds else ""))
    nbytes = math.prod(shape) * dtype.itemsize
    if info.file_size - offset != nbytes:
        raise error(f"{source}: array {name!r} declares shape {_shape(shape)} of {dtype} "
                    f"({size_text(nbytes)}) but holds {size_text(info.file_size - offset)}")
    refusal = check_array(name, tuple(shape), dtype) if check_array else None
    if refusal:
        raise error(f"{source}: {refusal}")
    return tuple(shape), fortran, dtype, offset


def _data(archive, info, name, header, source, error) -> np.ndarray:
    shape, fortran, dtype, offset = header
    arr = np.empty(shape[::-1] if fortran else shape, dtype=dtype)
    target = memoryview(arr.reshape(-1)).cast("B") if arr.size else memoryview(b"")
    try:
        with archive.open(info) as fh:
            fh.read(offset)
            filled = 0
            while filled < len(target):
                chunk = fh.read(min(_CHUNK, len(target) - filled))
                if not chunk:
                    raise error(f"{source}: array {name!r} is truncated")
                target[filled:filled + len(chunk)] = chunk
                filled += len(chunk)
            fh.read(1)  # reach the end, so that the CRC is checked
    except (zipfile.BadZipFile, EOFError, zlib.error, ValueError, OSError,
            NotImplementedError, RuntimeError) as exc:
        raise error(f"{source}: array {name!r} is damaged or truncated ({_reason(exc)})") \
            from None
    if fortran:
        arr = arr.T.copy()  # C order (np.ascontiguousarray would turn 0-d into 1-d)
    if not dtype.isnative:
        arr = arr.astype(dtype.newbyteorder("="))
    return arr


def _shape(shape) -> str:
    text = str(tuple(shape))
    return text if len(text) <= 60 else text[:50] + "…)"


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 120 else text[:110] + "…"
