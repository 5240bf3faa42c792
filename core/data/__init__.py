"""The data layer: where the numbers a network learns from come from.

Sources (each registered in :mod:`core.registry` under category ``"dataset"``):

- synthetic 2-D sets in the style of TensorFlow Playground (circle, xor, gauss, spiral,
  moons) and regression sets (plane, sine): :mod:`core.data.synthetic`;
- small real sets bundled from scikit-learn (iris, wine, breast_cancer, digits,
  diabetes): :mod:`core.data.bundled`;
- the user's own CSV and ``.npz`` files: :mod:`core.data.csvfile`, :mod:`core.data.npzfile`.

:func:`prepare` turns the experiment's ``data`` section into training and validation
sets (:mod:`core.data.spec`); :mod:`core.data.dataset` holds the :class:`Dataset`,
the split and the :class:`Standardizer`.
"""

from core.data import synthetic, bundled  # noqa: F401  (register the sources, in palette order)
from core.data.dataset import Dataset, Standardizer, split, summarize
from core.data.csvfile import load_csv, read_features_csv
from core.data.npzfile import load_npz
from core.data.spec import COMMON_PARAMS, PreparedData, load_dataset, normalize_spec, prepare

__all__ = ["Dataset", "Standardizer", "PreparedData", "load_dataset", "prepare",
           "normalize_spec", "split", "load_csv", "load_npz", "read_features_csv", "summarize",
           "COMMON_PARAMS"]
