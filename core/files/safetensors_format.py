"""Parsing the ``.safetensors`` format without trusting its header.

Layout: an 8-byte little-endian header length ``n``, ``n`` bytes of JSON
``{"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}``,
then the tensor bytes. :func:`parse_safetensors` checks the whole header before it
builds a single tensor: the JSON is read strictly (:mod:`core.files.strict_json`: duplicate
names, huge numbers, deep nesting refused), every entry has a known dtype code, a shape
of non-negative integers within the budget, ``end − begin = prod(shape) × itemsize``,
offsets within the data, and the tensors tile the data exactly (no overlap, no gap,
nothing left over). Writing uses the ``safetensors`` package (see :mod:`core.io.model_file`).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from core.errors import WeightsError
from core.files import strict_json
from core.files.read_limits import MAX_MODEL_BYTES, size_text

#: The longest header read (the limit the safetensors library itself applies).
MAX_HEADER_BYTES = 100_000_000
#: The most tensors a file may list.
MAX_TENSORS = 100_000

#: safetensors dtype code -> little-endian NumPy dtype (the types a fully connected net uses)
SAFETENSORS_DTYPES = {"F16": "<f2", "F32": "<f4", "F64": "<f8", "I8": "i1", "I16": "<i2",
                      "I32": "<i4", "I64": "<i8", "U8": "u1", "U16": "<u2", "U32": "<u4",
                      "U64": "<u8"}


def parse_safetensors(data: bytes, source: str = "weights",
                      check_name: Callable[[str], str | None] | None = None
                      ) -> tuple[dict, dict]:
    """``(tensors, metadata)`` of a ``.safetensors`` file, the header checked first.

    Parameters
    ----------
    data : bytes
        The whole file.
    source : str
        How messages name the file.
    check_name : callable, optional
        ``check_name(name)`` returns a sentence refusing a tensor name, or None.

    Returns
    -------
    tensors : dict of str to numpy.ndarray
        Native byte order, in layer order (``"2.bias"`` after ``"1.weight"``).
    metadata : dict of str to str

    Raises
    ------
    WeightsError
        One sentence naming the file and, where there is one, the tensor.
    """
    size = len(data)
    if size < 8:
        raise WeightsError(f"{source}: too short to be a safetensors file ({size} bytes)")
    n = int.from_bytes(data[:8], "little")
    if n > size - 8:
        raise WeightsError(f"{source}: the safetensors header claims {n} bytes but the file has "
                           f"only {size - 8} after the length field (truncated, or not a "
                           "safetensors file)")
    if n > MAX_HEADER_BYTES or n < 2:
        raise WeightsError(f"{source}: the safetensors header length {n} is out of range")
    header = strict_json.loads(bytes(data[8:8 + n]), f"{source}: the safetensors header",
                               WeightsError)
    if not isinstance(header, dict):
        raise WeightsError(f"{source}: the safetensors header must be a JSON object")
    meta = header.pop("__metadata__", None) or {}
    if not isinstance(meta, dict) or not all(isinstance(v, str) for v in meta.values()):
        raise WeightsError(f"{source}: safetensors __metadata__ must map strings to strings")
    if len(header) > MAX_TENSORS:
        raise WeightsError(f"{source}: the header lists {len(header):,} tensors, more than the "
                           f"{MAX_TENSORS:,} the workbench reads")
    buffer = memoryview(data)[8 + n:]
    data_len = len(buffer)
    entries = []
    for name, entry in header.items():
        where = f"{source}: tensor {_show(name)}"
        refusal = check_name(name) if check_name else None
        if refusal:
            raise WeightsError(f"{source}: {refusal}")
        if not isinstance(entry, dict) or set(entry) != {"dtype", "shape", "data_offsets"}:
            raise WeightsError(f"{where}: expected exactly \"dtype\", \"shape\" and "
                               "\"data_offsets\" in the header")
        code, shape, offsets = entry["dtype"], entry["shape"], entry["data_offsets"]
        if not isinstance(code, str) or code not in SAFETENSORS_DTYPES:
            raise WeightsError(f"{where} has data type {_show(code)}, which the workbench does "
                               "not read (expected F16, F32, F64 or an integer type)")
        if not isinstance(shape, list) or not all(_is_count(d) for d in shape):
            raise WeightsError(f"{where}: shape must be a list of non-negative integers, got "
                               f"{_show(shape)}")
        if not isinstance(offsets, list) or len(offsets) != 2 or \
                not all(_is_count(o) for o in offsets):
            raise WeightsError(f"{where}: data_offsets must be two non-negative integers, got "
                               f"{_show(offsets)}")
        dtype = np.dtype(SAFETENSORS_DTYPES[code])
        nbytes = math.prod(shape) * dtype.itemsize
        if nbytes > MAX_MODEL_BYTES:
            raise WeightsError(f"{where}: shape {_show(shape)} of {code} declares "
                               f"{size_text(nbytes)}, over the workbench's limit of "
                               f"{size_text(MAX_MODEL_BYTES)}")
        begin, end = offsets
        if not begin <= end <= data_len:
            raise WeightsError(f"{where}: data_offsets [{begin}, {end}] lie outside the "
                               f"{data_len} data bytes of the file")
        if end - begin != nbytes:
            raise WeightsError(f"{where}: shape {tuple(shape)} of {code} needs {nbytes} bytes "
                               f"but data_offsets [{begin}, {end}] span {end - begin}")
        entries.append((begin, end, name, dtype, shape))
    order = {name: k for k, name in enumerate(natural_order(header))}
    entries.sort(key=lambda e: (e[0], e[1]))
    reach = 0
    for begin, end, name, _, _ in entries:
        if begin < reach:
            raise WeightsError(f"{source}: tensor {_show(name)} overlaps another tensor's bytes "
                               f"(data_offsets start at {begin}, before {reach})")
        reach = max(reach, end)
    position = 0
    for begin, end, name, _, _ in entries:
        if begin > position:
            raise WeightsError(f"{source}: bytes {position}–{begin} of the data belong to no "
                               f"tensor (a gap before {_show(name)})")
        position = end
    if position != data_len:
        raise WeightsError(f"{source}: the tensors cover {position} of the {data_len} data "
                           "bytes; the rest belongs to no tensor")
    tensors = {}
    for begin, end, name, dtype, shape in sorted(entries, key=lambda e: order[e[2]]):
        arr = np.frombuffer(buffer[begin:end], dtype=dtype).reshape(shape)
        tensors[name] = np.array(arr, dtype=dtype.newbyteorder("="), copy=True)
    return tensors, meta


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _show(value) -> str:
    """A name or value for a message: quoted like Python's repr, cut short when long."""
    text = repr(value) if isinstance(value, str) else strict_json.dumps(value)
    text = strict_json.escape_surrogates(text)
    return text if len(text) <= 60 else text[:50] + "…"


def natural_order(names) -> list:
    """``"2.bias"`` after ``"1.weight"``, before ``"10.weight"``: layer order for state names.

    Only ASCII digits count as a layer number (``"²".isdigit()`` is true in Python, but
    ``int("²")`` fails); other names sort after the numbered ones, by text.
    """
    within = ("weight", "bias", "running_mean", "running_var", "num_batches_tracked")

    def key(name):
        head, _, rest = name.partition(".")
        if not (head.isascii() and head.isdigit()):
            return (1, 0, 0, name)
        return (0, int(head), within.index(rest) if rest in within else len(within), rest)
    return sorted(names, key=key)

