"""Feature crosses for the 2-D toy sets (issue 14, item 2): names, values, the plane
behind them, and the Playground moment — a circle solved without hidden layers."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from core.backend.devices import get_backend
from core.data.feature_crosses import CROSS_FEATURES, cross, normalize_features
from core.data.spec import normalize_spec, prepare
from core.errors import SpecError
from core.training.decision_grid import DecisionGrid

ROOT = Path(__file__).resolve().parents[3]


def test_every_cross_has_its_value_at_a_known_point():
    plane = np.array([[2.0, -3.0], [0.5, math.pi / 2]])
    got = cross(plane, CROSS_FEATURES)
    assert got.tolist() == [
        [2.0, -3.0, 4.0, 9.0, -6.0, math.sin(2.0), math.sin(-3.0)],
        [0.5, math.pi / 2, 0.25, math.pi ** 2 / 4, math.pi / 4, math.sin(0.5), 1.0]]
    assert cross(np.zeros((0, 2)), ["x1^2"]).shape == (0, 1)


def test_features_are_kept_in_the_panels_order_and_default_to_the_coordinates():
    assert normalize_spec({"source": "xor"})["features"] == ["x1", "x2"]
    spec = normalize_spec({"source": "circle", "features": ["sin(x2)", "x1^2", "x1"]})
    assert spec["features"] == ["x1", "x1^2", "sin(x2)"]
    assert normalize_spec(spec) == spec
    assert "features" not in normalize_spec({"source": "sine"})


@pytest.mark.parametrize("features, message", [
    ("x1", 'data.features: expected a list of feature names ("x1", "x2", "x1^2", "x2^2", '
           '"x1*x2", "sin(x1)", "sin(x2)"), got "x1"'),
    ([], 'data.features: the network needs at least one input; expected one or more of '
         '"x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"'),
    (["x1", "x3"], 'data.features[1]: unknown feature "x3"; expected one of "x1", "x2", '
                   '"x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"'),
    (["x1^2", "x1^2"], 'data.features[1]: "x1^2" is listed twice; list each feature once'),
])
def test_a_bad_features_list_is_one_sentence(features, message):
    with pytest.raises(SpecError) as caught:
        normalize_spec({"source": "circle", "features": features})
    assert str(caught.value) == message


def test_a_set_without_a_plane_refuses_features():
    with pytest.raises(SpecError, match=r"^data\.features: unknown field for sine; allowed: "):
        normalize_spec({"source": "sine", "features": ["x1"]})


def test_prepared_inputs_are_the_standardized_crosses_of_the_plane_points():
    plain = prepare({"source": "circle", "samples": 200, "seed": 3})
    crossed = prepare({"source": "circle", "samples": 200, "seed": 3,
                       "features": ["x1", "x2", "x1*x2"]})
    assert plain.plane is None
    plane = crossed.plane
    assert crossed.train.feature_names == ["x1", "x2", "x1*x2"]
    assert crossed.train.X.shape == (160, 3) and crossed.val.X.shape == (40, 3)
    # the same split: the plane's rows are the plain run's rows in data units
    raw = plain.train.X * plain.standardizer.std + plain.standardizer.mean
    np.testing.assert_allclose(plane.train, raw, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(crossed.train.y, plain.train.y)
    # x1·x2 standardized with the training rows' own mean and deviation
    product = plane.train[:, 0] * plane.train[:, 1]
    np.testing.assert_allclose(crossed.train.X[:, 2],
                               (product - product.mean()) / product.std(), atol=1e-12)
    np.testing.assert_array_equal(plane.model_inputs(plane.val), crossed.val.X)
    assert crossed.summary["features"] == 3


def test_the_boundary_grid_spans_the_plane_and_feeds_the_network_its_crosses():
    prepared = prepare({"source": "circle", "samples": 100, "features": ["x1^2", "x2^2"]})
    plane = prepared.plane
    grid = DecisionGrid(plane.train, 5, get_backend("cpu", "float64"), plane.model_inputs)
    lo, hi = plane.train.min(axis=0), plane.train.max(axis=0)
    pad = (hi - lo) * 0.1 + 1e-9
    assert grid.extent == (lo[0] - pad[0], hi[0] + pad[0], lo[1] - pad[1], hi[1] + pad[1])
    corner = np.array([[grid.extent.x0, grid.extent.y0]])
    np.testing.assert_array_equal(grid.points[:1], plane.model_inputs(corner))
    assert grid.points.shape == (25, 2)


def test_a_network_without_hidden_layers_solves_the_circle_only_with_crosses(tmp_path):
    """Playground's signature moment, from the command line."""
    example = ROOT / "resources" / "examples" / "circle_crossed.json"
    doc = json.loads(example.read_text())
    assert [layer["type"] for layer in doc["model"]["layers"]] == ["dense", "softmax"]
    plain = dict(doc, data={k: v for k, v in doc["data"].items() if k != "features"})
    (tmp_path / "plain.json").write_text(json.dumps(plain))
    accuracy = {}
    for name, path in (("crossed", example), ("plain", tmp_path / "plain.json")):
        done = subprocess.run([sys.executable, "-m", "workbench.cli", "train", str(path),
                               "--out", str(tmp_path / name), "--quiet"], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        accuracy[name] = json.loads(done.stdout.splitlines()[-1])["val_accuracy"]
    assert accuracy["crossed"] >= 0.95
    assert accuracy["plain"] < 0.75  # a straight line cannot separate a ring from a disc
