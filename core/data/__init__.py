"""The data layer: where the numbers a network learns from come from.

Sources (each registered in :mod:`core.registry` under category ``"dataset"``):

- synthetic 2-D sets in the style of TensorFlow Playground (circle, xor, gauss, spiral,
  moons) and regression sets (plane, sine): :mod:`core.data.synthetic`;
- small real sets bundled from scikit-learn (iris, wine, breast_cancer, digits,
  diabetes): :mod:`core.data.bundled`;
- the user's own CSV and ``.npz`` files: :mod:`core.data.csvfile`, :mod:`core.data.npzfile`.

:func:`core.data.spec.prepare` turns the experiment's ``data`` section into training and
validation sets; :mod:`core.data.dataset` holds the :class:`~core.data.dataset.Dataset`,
the split and the :class:`~core.data.dataset.Standardizer`; the network inputs of a
prediction are read by :mod:`core.data.prediction_inputs`. The sources are registered by
:mod:`core.catalog`, and nothing is imported here.
"""
