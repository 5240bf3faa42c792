"""Small real data sets shipped with the workbench (from scikit-learn; see SOURCES.md).

Each lives in ``resources/datasets/`` as a CSV file with a header row of feature names
and a last column ``target`` (class index, or the regression value). The class names
and, for digits, the image shape are kept here, beside the file name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.data.csvfile import load_csv
from core.data.dataset import Dataset
from core.errors import DataError
from core.registry import Param, register

#: The field of a bundled image data set (digits) that gives its rows as images.
AS_IMAGES = Param("as_images", "bool", False, "Give each row to the network as a 1-channel "
                  "image (channels × height × width) for convolutional layers, instead of a "
                  "flat vector of pixels.")

DATASETS_DIR = Path(__file__).resolve().parents[2] / "resources" / "datasets"


@dataclass(frozen=True)
class Bundled:
    """What a bundled file is and how to read it."""

    name: str
    file: str
    task: str
    title: str
    help: str
    class_names: tuple[str, ...] | None
    rows: int
    features: int
    image_shape: tuple[int, int] | None = None


BUNDLED = (
    Bundled("iris", "iris.csv", "classification", "Iris flowers",
            "Fisher's iris flowers: 4 measurements of sepals and petals, 3 species, 150 rows; "
            "the classic first classification problem.",
            ("setosa", "versicolor", "virginica"), 150, 4),
    Bundled("wine", "wine.csv", "classification", "Wine",
            "Chemical analysis of 178 Italian wines from 3 cultivars, 13 features; features "
            "differ in scale, so standardizing matters.",
            ("class_0", "class_1", "class_2"), 178, 13),
    Bundled("breast_cancer", "breast_cancer.csv", "classification", "Breast cancer",
            "Wisconsin diagnostic breast cancer: 30 features of cell nuclei from 569 images, "
            "malignant or benign.",
            ("malignant", "benign"), 569, 30),
    Bundled("digits", "digits.csv.gz", "classification", "Handwritten digits",
            "1797 handwritten digits as 8×8 images of grey levels 0–16 (64 inputs), 10 "
            "classes; a small MNIST.",
            tuple(str(d) for d in range(10)), 1797, 64, (8, 8)),
    Bundled("diabetes", "diabetes.csv", "regression", "Diabetes (regression)",
            "Disease progression one year after baseline for 442 diabetes patients, from age, "
            "sex, body mass index, blood pressure and 6 blood serum values.",
            None, 442, 10),
)


def load_bundled(name: str, as_images: bool = False) -> Dataset:
    """Load a bundled data set by name (``iris``, ``wine``, ``breast_cancer``, ``digits``,
    ``diabetes``); ``as_images`` gives an image data set's rows the input shape
    ``(1, height, width)``."""
    info = next((b for b in BUNDLED if b.name == name), None)
    if info is None:
        raise ValueError(f"no bundled data set {name!r}")
    path = DATASETS_DIR / info.file
    if not path.is_file():
        raise DataError(f"{path}: the bundled data set '{name}' is missing; the installation "
                        "is incomplete")
    ds = load_csv(path, target="target", task=info.task, header=True)
    if info.class_names is not None:
        if ds.class_names != [str(i) for i in range(len(info.class_names))]:
            raise DataError(f"{path}: the bundled data set '{name}' has unexpected labels")
        ds.class_names = list(info.class_names)
    ds.name = name
    ds.image_shape = info.image_shape
    if as_images and info.image_shape is not None:
        ds.input_shape = (1, *info.image_shape)
    return ds


def _register(info: Bundled) -> None:
    register("dataset", info.name, title=info.title, help=info.help, group="bundled",
             task=info.task, dims=info.features, rows=info.rows,
             classes=len(info.class_names or ()),
             params=(AS_IMAGES,) if info.image_shape is not None else ())(
        lambda spec, base_dir=None: load_bundled(info.name, spec.get("as_images", False)))


for _info in BUNDLED:
    _register(_info)
