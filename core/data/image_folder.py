"""A folder of images, one sub-folder per class, decoded with Pillow.

The data source ``{"source": "image_folder", "path": "pets", "size": [28, 28],
"grayscale": true}`` reads ``pets/cat/*.png``, ``pets/dog/*.jpg`` …: the class names are
the sorted sub-folder names (as torchvision's ``ImageFolder`` numbers them), every image
is converted to grayscale (``L``) or RGB and resized to ``size`` = [height, width] (bilinear,
only when it differs), and the rows are the C-ordered pixels of C × H × W images, kept as
uint8 until :mod:`core.data.image_split` converts them once.

Safety: only regular files are opened (hidden files, names starting with ``.``, are
skipped); the number of images (:data:`~core.files.read_limits.MAX_IMAGE_FILES`) and the
pixels of the resized set as float64 (:data:`~core.files.read_limits.MAX_DATA_BYTES`)
are checked before anything is decoded; an image whose header declares more than
:data:`~core.files.read_limits.MAX_IMAGE_PIXELS` pixels (a decompression bomb) is refused
unread; a file Pillow cannot decode is named in the message. Progress goes through
:func:`core.progress.report` (so the GUI's Cancel stops the reading).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from core.data.dataset import Dataset
from core.errors import DataError
from core.files.read_limits import (
    MAX_DATA_BYTES,
    MAX_IMAGE_FILES,
    MAX_IMAGE_PIXELS,
    open_regular,
    size_text,
)
from core.progress import report

EXPECTED = "a folder with one sub-folder of images per class (e.g. cat/, dog/)"
RGB_NAMES = ("red", "green", "blue")


def class_folders(path: Path) -> list[Path]:
    """The class sub-folders of ``path``, sorted by name (hidden ones skipped).

    Raises
    ------
    DataError
        ``path`` is not a folder, or holds no sub-folder.
    """
    path = Path(path)
    if not path.is_dir():
        what = "is not a folder" if path.exists() else "does not exist"
        raise DataError(f"{path}: {what}; expected {EXPECTED}")
    folders = sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))
    if not folders:
        raise DataError(f"{path}: holds no sub-folders; expected {EXPECTED}")
    return folders


def image_files(folder: Path) -> list[Path]:
    """The files of ``folder`` that are to be images, sorted by name (not hidden ones)."""
    return sorted(p for p in Path(folder).iterdir()
                  if not p.name.startswith(".") and not p.is_dir())


def decode_image(path: Path, size: tuple[int, int], grayscale: bool) -> np.ndarray:
    """The image ``path`` as uint8 ``(C, H, W)``: C = 1 (grayscale) or 3 (RGB), resized
    bilinearly to ``size`` = (H, W) when it differs.

    Raises
    ------
    DataError
        Not a regular file, more than :data:`MAX_IMAGE_PIXELS` pixels, or not an image
        Pillow can decode.
    """
    with open_regular(path, "an image file", DataError) as fh:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(fh) as img:
                    width, height = img.size
                    if width * height > MAX_IMAGE_PIXELS:
                        raise DataError(f"{path}: declares {width} × {height} pixels, more than "
                                        f"the {MAX_IMAGE_PIXELS:,} the workbench decodes per "
                                        "image")
                    img = img.convert("L" if grayscale else "RGB")
                    if img.size != (size[1], size[0]):
                        img = img.resize((size[1], size[0]), Image.Resampling.BILINEAR)
                    pixels = np.asarray(img, dtype=np.uint8)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise DataError(f"{path}: declares more pixels than Pillow agrees to decode (a "
                            "decompression bomb?); expected an ordinary image") from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise DataError(f"{path}: Pillow cannot decode this file as an image ({exc}); "
                            "expected only image files (PNG, JPEG, BMP …) in the class "
                            "folders") from None
    return pixels[None] if grayscale else pixels.transpose(2, 0, 1)


def read_images(files: list[Path], size: tuple[int, int], grayscale: bool,
                what: str) -> np.ndarray:
    """The images ``files`` as uint8 rows ``(N, C·H·W)``, checked against the budgets
    first; reports progress with ``what``."""
    channels = 1 if grayscale else 3
    width = channels * size[0] * size[1]
    if len(files) > MAX_IMAGE_FILES:
        raise DataError(f"{what}: holds {len(files):,} images, more than the "
                        f"{MAX_IMAGE_FILES:,} the workbench reads")
    if len(files) * width * 8 > MAX_DATA_BYTES:
        raise DataError(f"{what}: {len(files):,} images of {channels} × {size[0]} × {size[1]} "
                        f"pixels take {size_text(len(files) * width * 8)} as float64, more "
                        f"than the {size_text(MAX_DATA_BYTES)} the workbench loads; choose a "
                        "smaller size")
    rows = np.empty((len(files), width), dtype=np.uint8)
    for i, file in enumerate(files):
        rows[i] = decode_image(file, size, grayscale).reshape(-1)
        report((i + 1) / len(files), f"Reading images of {what}")
    return rows


def pixel_names(channels: int, height: int, width: int) -> list[str]:
    """``pixel_r_c`` per pixel for one channel; ``red_r_c``, ``green_r_c`` … for RGB."""
    prefixes = ("pixel",) if channels == 1 else RGB_NAMES
    return [f"{p}_{r}_{c}" for p in prefixes for r in range(height) for c in range(width)]


def load_image_folder(path, size=(28, 28), grayscale: bool = True) -> Dataset:
    """The image folder ``path`` as a classification set of C × H × W images (uint8 rows).

    Raises
    ------
    DataError
        Not a folder, no class sub-folders, a class folder without images, a file that
        is not a decodable image, or beyond the budgets.
    """
    path = Path(path)
    height, width = (int(v) for v in size)
    folders = class_folders(path)
    files, labels = [], []
    for k, folder in enumerate(folders):
        found = image_files(folder)
        if not found:
            raise DataError(f"{folder}: holds no images; expected at least one image in every "
                            f"class folder of {path}")
        files += found
        labels += [k] * len(found)
    X = read_images(files, (height, width), grayscale, path.name or str(path))
    channels = 1 if grayscale else 3
    return Dataset(X, np.asarray(labels, dtype=np.int64), "classification",
                   pixel_names(channels, height, width), [f.name for f in folders],
                   path.name or str(path), (height, width),
                   input_shape=(channels, height, width))


def read_folder_inputs(path, input_shape: tuple) -> tuple[np.ndarray, list[str]]:
    """The images of a folder as network input rows ``(N, C·H·W)`` float64 for a
    prediction, and their names: the folder's own images, or, when it has none, those of
    its class sub-folders (``cat/01.png``). Size and colour follow ``input_shape``.

    Raises
    ------
    DataError
        As :func:`load_image_folder`; also a network whose inputs are not 1- or 3-channel
        images.
    """
    path = Path(path)
    channels, height, width = (int(v) for v in input_shape)
    if channels not in (1, 3):
        raise DataError(f"{path}: the network takes {channels}-channel images; only "
                        "grayscale (1) or RGB (3) images can be read from a folder")
    if not path.is_dir():
        raise DataError(f"{path}: is not a folder; expected a folder of images")
    files = image_files(path)
    names = [f.name for f in files]
    if not files:
        for folder in class_folders(path):
            found = image_files(folder)
            files += found
            names += [f"{folder.name}/{f.name}" for f in found]
    if not files:
        raise DataError(f"{path}: holds no images; expected image files, or sub-folders of "
                        "them")
    X = read_images(files, (height, width), channels == 1, path.name or str(path))
    return X.astype(np.float64), names
