"""A folder of images, one sub-folder per class, decoded with Pillow.

The data source ``{"source": "image_folder", "path": "pets", "size": [28, 28],
"grayscale": true}`` reads ``pets/cat/*.png``, ``pets/dog/*.jpg`` …: the class names are
the sorted sub-folder names (as torchvision's ``ImageFolder`` numbers them), every image
is converted to grayscale (``L``) or RGB and resized to ``size`` = [height, width] (bilinear,
only when it differs), and the rows are the C-ordered pixels of C × H × W images, kept as
uint8 until :mod:`core.data.image_split` converts them once.

Training and prediction walk a folder the same way (:func:`walk_image_folder`): the images
are the regular files whose name ends in an image extension Pillow reads; other files,
broken links and link loops are skipped and named (in the progress text, and in
prediction's note); hidden entries (``.name``) are left out.

Safety: only regular files are opened; the number of images
(:data:`~core.files.read_limits.MAX_IMAGE_FILES`) and the pixels of the resized set as
float64 (:data:`~core.files.read_limits.MAX_DATA_BYTES`) are checked before anything is
decoded; an image whose header declares more than
:data:`~core.files.read_limits.MAX_IMAGE_PIXELS` pixels (a decompression bomb) is refused
unread; an image file Pillow cannot decode is named in one sentence (without Python's
object reprs). Progress goes through :func:`core.progress.report` (so the GUI's Cancel
stops the reading).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageFile, UnidentifiedImageError

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
#: Extensions (lower case, with the dot) of the image formats Pillow decodes (not its stubs,
#: such as HDF5 or WMF, which need a handler it does not have).
IMAGE_EXTENSIONS = frozenset(
    ext for ext, fmt in Image.registered_extensions().items()
    if fmt in Image.OPEN and not (isinstance(Image.OPEN[fmt][0], type)
                                  and issubclass(Image.OPEN[fmt][0], ImageFile.StubImageFile)))
#: First bytes of PNG, JPEG, GIF and TIFF files (WebP is ``RIFF····WEBP``).
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00",
               b"MM\x00*")


def is_image_name(path) -> bool:
    """Whether the name of ``path`` ends in the extension of an image format Pillow reads
    (``.png``, ``.jpg``, ``.bmp`` …, in any case)."""
    return Path(path).suffix.lower() in IMAGE_EXTENSIONS


def looks_like_an_image(path) -> bool:
    """Whether ``path`` is a regular file that is to be read as an image: an image name
    (:func:`is_image_name`), or the first bytes of a PNG, JPEG, GIF, TIFF or WebP file.
    False for anything unreadable (its reader then says what is wrong)."""
    path = Path(path)
    if not path.is_file():
        return False
    if is_image_name(path):
        return True
    try:
        with open_regular(path, "a file", DataError) as fh:
            head = fh.read(12)
    except (OSError, DataError):
        return False
    return head.startswith(IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")


@dataclass(frozen=True)
class FolderImages:
    """The images a folder holds, as training and prediction both walk it.

    With sub-folders (not hidden ones), each is a class, sorted by name, and the images
    are the files in them; files beside the sub-folders are not images of a class. Without
    sub-folders, the images are the folder's own files. A file is an image when it is a
    regular file (a symbolic link to one is followed) whose name ends in an image
    extension (:data:`IMAGE_EXTENSIONS`); any other entry that is not a folder — another
    kind of file, a broken link, a link loop, a FIFO — is skipped and named in
    :attr:`skipped`. Hidden entries (``.name``) are left out silently. The walk is two levels
    deep at most, so a link back to a folder above cannot make it loop.

    Attributes
    ----------
    root : Path
    files : list of Path
        The images, class by class, each class sorted by file name.
    names : list of str
        Their paths relative to ``root``, with ``/`` (``cat/01.png``).
    labels : list of int or None
        The class number of each image; None without class sub-folders.
    class_names : list of str or None
        The sub-folder names; None without class sub-folders.
    skipped : list of str
        The entries skipped, relative to ``root``.
    """

    root: Path
    files: list
    names: list
    labels: list | None
    class_names: list | None
    skipped: list

    def skipped_sentence(self) -> str:
        """``"skipped 1 file that is not an image (notes.txt)"``, or ``""``."""
        n = len(self.skipped)
        if not n:
            return ""
        shown = ", ".join(self.skipped[:5]) + (" …" if n > 5 else "")
        what = "file that is not an image" if n == 1 else "files that are not images"
        return f"skipped {n} {what} ({shown})"

    def class_counts(self) -> list[int]:
        """The number of images of each class (class sub-folders only)."""
        return [self.labels.count(k) for k in range(len(self.class_names or []))]


def walk_image_folder(path) -> FolderImages:
    """The images of the folder ``path`` (see :class:`FolderImages`).

    Raises
    ------
    DataError
        ``path`` is not a folder.
    """
    path = Path(path)
    if not path.is_dir():
        what = "is not a folder" if path.exists() else "does not exist"
        raise DataError(f"{path}: {what}; expected {EXPECTED}")
    folders, own = [], []
    for entry in sorted(path.iterdir()):
        if not entry.name.startswith("."):
            (folders if entry.is_dir() else own).append(entry)
    if not folders:
        files, skipped = _images_among(own)
        return FolderImages(path, files, [f.name for f in files], None, None,
                            [f.name for f in skipped])
    files, names, labels = [], [], []
    skipped = [f.name for f in own]  # beside the class folders: not an image of a class
    for k, folder in enumerate(folders):
        entries = [e for e in sorted(folder.iterdir())
                   if not e.name.startswith(".") and not e.is_dir()]
        found, left = _images_among(entries)
        files += found
        names += [f"{folder.name}/{f.name}" for f in found]
        labels += [k] * len(found)
        skipped += [f"{folder.name}/{f.name}" for f in left]
    return FolderImages(path, files, names, labels, [f.name for f in folders], skipped)


def _images_among(entries: list) -> tuple[list, list]:
    """``entries`` split into images (regular files with an image name) and the rest."""
    images, rest = [], []
    for entry in entries:
        (images if is_image_name(entry) and entry.is_file() else rest).append(entry)
    return images, rest


def decode_image(path: Path, size: tuple[int, int], grayscale: bool) -> np.ndarray:
    """The image ``path`` as uint8 ``(C, H, W)``: C = 1 (grayscale) or 3 (RGB), resized
    bilinearly to ``size`` = (H, W) when it differs.

    Raises
    ------
    DataError
        Not a regular file, more than :data:`MAX_IMAGE_PIXELS` pixels, or not an image
        Pillow can decode (one sentence naming the file).
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
        except UnidentifiedImageError:
            raise DataError(f"{path}: Pillow cannot decode this file as an image (its bytes "
                            f"are in no image format Pillow reads); expected {_kind(path)}") \
                from None
        except (OSError, ValueError, SyntaxError) as exc:
            raise DataError(f"{path}: Pillow cannot decode this file as an image "
                            f"({_plain(exc)}); expected {_kind(path)}") from None
    return pixels[None] if grayscale else pixels.transpose(2, 0, 1)


def _kind(path: Path) -> str:
    """What an image file should hold, for messages: ``"a PNG image, as its name says"``."""
    if is_image_name(path):
        return f"a {path.suffix[1:].upper()} image, as its name says"
    return "an image file (PNG, JPEG, BMP …)"


def _plain(exc: Exception) -> str:
    """Pillow's words for ``exc`` without Python object reprs (``<_io.BufferedReader …>``)."""
    text = re.sub(r"\s*<[^<>]*>", "", str(exc)).strip(" :;")
    return text or "the file is damaged"


def read_images(files: list[Path], size: tuple[int, int], grayscale: bool,
                what: str, note: str = "") -> np.ndarray:
    """The images ``files`` as uint8 rows ``(N, C·H·W)``, checked against the budgets
    first; reports progress with ``what`` (and ``note``, such as the files skipped, so
    that the GUI's progress bar shows it while the images are read)."""
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
        report((i + 1) / len(files), f"Reading images of {what}" + (f"; {note}" if note
                                                                     else ""))
    return rows


def pixel_names(channels: int, height: int, width: int) -> list[str]:
    """``pixel_r_c`` per pixel for one channel; ``red_r_c``, ``green_r_c`` … for RGB."""
    prefixes = ("pixel",) if channels == 1 else RGB_NAMES
    return [f"{p}_{r}_{c}" for p in prefixes for r in range(height) for c in range(width)]


def load_image_folder(path, size=(28, 28), grayscale: bool = True) -> Dataset:
    """The image folder ``path`` as a classification set of C × H × W images (uint8 rows).

    The files that are not images are skipped (:class:`FolderImages`); the progress
    reports name them.

    Raises
    ------
    DataError
        Not a folder, no class sub-folders, a class folder without images, an image file
        that Pillow cannot decode, or beyond the budgets.
    """
    path = Path(path)
    height, width = (int(v) for v in size)
    found = walk_image_folder(path)
    if found.class_names is None:
        raise DataError(f"{path}: holds no sub-folders; expected {EXPECTED}")
    for name, count in zip(found.class_names, found.class_counts()):
        if not count:
            raise DataError(f"{path / name}: holds no images; expected at least one image "
                            f"(PNG, JPEG, BMP …) in every class folder of {path}")
    X = read_images(found.files, (height, width), grayscale, path.name or str(path),
                    found.skipped_sentence())
    channels = 1 if grayscale else 3
    return Dataset(X, np.asarray(found.labels, dtype=np.int64), "classification",
                   pixel_names(channels, height, width), list(found.class_names),
                   path.name or str(path), (height, width),
                   input_shape=(channels, height, width))


def read_folder_inputs(path, input_shape: tuple) -> tuple[np.ndarray, FolderImages]:
    """The images of a folder as network input rows ``(N, C·H·W)`` float64 for a
    prediction, and the walk that found them (their names, their class folders, the files
    skipped): the same images, in the same order, as training reads
    (:func:`walk_image_folder`); a folder without sub-folders gives its own images. Size
    and colour follow ``input_shape``.

    Raises
    ------
    DataError
        Not a folder, no images, an image file Pillow cannot decode, beyond the budgets;
        also a network whose inputs are not 1- or 3-channel images.
    """
    path = Path(path)
    channels, height, width = _image_shape(path, input_shape)
    if not path.is_dir():
        raise DataError(f"{path}: is not a folder; expected a folder of images")
    found = walk_image_folder(path)
    if not found.files:
        raise DataError(f"{path}: holds no images; expected image files (PNG, JPEG, BMP …), "
                        "or sub-folders of them")
    X = read_images(found.files, (height, width), channels == 1, path.name or str(path),
                    found.skipped_sentence())
    return X.astype(np.float64), found


def read_image_input(path, input_shape: tuple) -> np.ndarray:
    """One image file as one network input row ``(1, C·H·W)`` float64, sized and coloured
    as ``input_shape`` says (as the images of a folder are).

    Raises
    ------
    DataError
        Not a regular file, not an image Pillow can decode, more pixels than allowed; a
        network whose inputs are not 1- or 3-channel images.
    """
    path = Path(path)
    channels, height, width = _image_shape(path, input_shape)
    pixels = decode_image(path, (height, width), channels == 1)
    return pixels.reshape(1, -1).astype(np.float64)


def _image_shape(path: Path, input_shape: tuple) -> tuple[int, int, int]:
    channels, height, width = (int(v) for v in input_shape)
    if channels not in (1, 3):
        raise DataError(f"{path}: the network takes {channels}-channel images; only "
                        "grayscale (1) or RGB (3) images can be read from image files")
    return channels, height, width
