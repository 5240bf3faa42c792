"""A new layer type is one class (issue 12): defined and registered here, in this file alone.

``LearnedScale`` (``y = a·x`` with one trained scalar ``a``) is written below exactly as a
contributor would add it under ``core/nn/layers/``: its class facts, its ONNX node, its line
in the NumPy script, its glyph, and its forward and backward passes. Nothing else in the
tree knows it, and yet it is validated, analysed, gradient-checked, trained, exported
(npz, ONNX, NumPy script), offered in the designer's palette and dragged into a network.
"""

from __future__ import annotations

import copy
import runpy
from pathlib import Path

import numpy as np
import pytest

from core import experiment as experiments
from core import registry
from core.io.export_formats import write_export
from core.io.model_file import ModelFile, predict
from core.io.model_file_reading import load_model_file
from core.nn.analysis.report import analyze
from core.nn.gradient_check import check_network
from core.nn.layers.base import Layer, NumpyStatement, register_layer
from core.nn.layers.glyph import Glyph
from core.registry import Param
from core.training.events import EpochEvent
from core.training.trainer import Trainer
from tests.workbench.conftest import deliver_drop, gap_point

NAME = "learned_scale"
ROOT = Path(__file__).resolve().parents[2]


class LearnedScale(Layer):
    """``y = a·x``: every input times one trained number ``a``."""

    trainable = True

    @classmethod
    def parameter_shapes(cls, spec, in_width):
        return {"weight": (1,)}

    @classmethod
    def penalized_parameters(cls, spec):
        return ("weight",)

    @classmethod
    def glyph(cls, spec=None):
        return Glyph(curves=(((0.1, 0.3), (0.9, 0.7)),), axes=(0.5, 0.5))

    @classmethod
    def onnx_nodes(cls, graph, index, spec, state, x):
        scale = graph.constant(f"{index}.weight", state[f"{index}.weight"])
        return graph.node("Mul", [x, scale], f"{index}.{cls.type_name}")

    @classmethod
    def numpy_statement(cls, index, spec):
        return NumpyStatement(f'x = x * w["{index}.weight"]  # {index}: learned scale')

    def __init__(self, start=0.5, **spec):
        super().__init__(start=start, **spec)
        self.start = start
        self._x = None

    def build(self, in_width, backend, rng):
        super().build(in_width, backend, rng)
        self.params["weight"] = backend.asarray(np.full(1, self.start))
        self.grads["weight"] = backend.xp.zeros_like(self.params["weight"])
        return in_width

    def forward(self, x, training=False):
        if training:
            self._x = x
        return x * self.params["weight"]

    def backward(self, grad_out):
        self.grads["weight"][0] = (grad_out * self._x).sum()
        if not self.needs_input_grad:
            return None
        return grad_out * self.params["weight"]


@pytest.fixture(scope="module")
def learned_scale():
    """The one registration line, undone after this file's tests (the registry is global)."""
    register_layer(NAME, title="Learned scale", formula="y = a·x",
                   help="Multiplies every input by one trained number a.",
                   params=(Param("start", "float", 0.5, "the value a starts at"),))(LearnedScale)
    yield LearnedScale
    registry.unregister("layer", NAME)


def spiral_experiment(epochs=3) -> dict:
    """The default spiral (2 features, 3 classes) with a learned scale before the last layer."""
    doc = copy.deepcopy(experiments.default_experiment())
    doc["data"].update(samples=150)
    doc["training"].update(epochs=epochs, backend="cpu")
    doc["model"]["layers"] = [{"type": "dense", "units": 8}, {"type": "tanh"},
                              {"type": NAME}, {"type": "dense", "units": 3},
                              {"type": "softmax"}]
    return experiments.normalize(doc)


def test_no_file_but_this_one_names_the_new_type():
    mine = Path(__file__).resolve()
    others = [p for folder in ("core", "workbench", "tests", "resources", "examples")
              for p in (ROOT / folder).rglob("*") if p.is_file() and p.resolve() != mine
              and p.suffix in (".py", ".md", ".json", ".toml")]
    assert others, "the tree was not found"
    assert [p for p in others if NAME in p.read_text(encoding="utf-8", errors="replace")
            or "LearnedScale" in p.read_text(encoding="utf-8", errors="replace")] == []


def test_it_is_validated_with_its_default_and_analysed(learned_scale):
    assert registry.normalize("layer", {"type": NAME}, "layers[2]") == {"type": NAME,
                                                                         "start": 0.5}
    exp = spiral_experiment()
    assert exp["model"]["layers"][2] == {"type": NAME, "start": 0.5}
    analysis = analyze(exp["model"]["layers"], 2, 3, "classification", exp["loss"])
    assert analysis.errors == []
    info = analysis.layers[2]
    assert (info.type, info.title, info.out_width, info.n_params) == (NAME, "Learned scale", 8,
                                                                     1)
    assert analysis.total_params == (2 * 8 + 8) + 1 + (8 * 3 + 3)


def test_its_gradient_checks(learned_scale):
    rng = np.random.default_rng(0)
    layers = spiral_experiment()["model"]["layers"]
    result = check_network(layers, "cross_entropy", rng.standard_normal((16, 2)),
                           rng.integers(0, 3, 16))
    assert result.passed and result.max_error < 1e-6, result.errors


@pytest.fixture(scope="module")
def trained(learned_scale):
    """A 3-epoch run of the spiral network and its epoch events."""
    trainer = Trainer(spiral_experiment(epochs=3))
    events = []
    finished = trainer.run(events.append)
    return trainer, finished, [e for e in events if isinstance(e, EpochEvent)]


def test_it_trains_and_its_scale_moves(trained):
    trainer, finished, epochs = trained
    assert finished.reason == "completed" and [e.epoch for e in epochs] == [1, 2, 3]
    assert epochs[-1].train_loss < epochs[0].train_loss
    scale = trainer.model.state_dict()["2.weight"]
    assert scale.shape == (1,) and scale[0] != pytest.approx(0.5, abs=1e-6)


@pytest.fixture(scope="module")
def model_file(trained):
    trainer = trained[0]
    return ModelFile.from_model(trainer.model, trainer.experiment,
                                trainer.prepared.standardizer,
                                trainer.prepared.train.class_names, source="run")


def inputs(n=20):
    return np.random.default_rng(1).normal(size=(n, 2))


def test_npz_export_reads_back_to_the_same_outputs(tmp_path, model_file):
    path = tmp_path / "scaled.npz"
    assert write_export(model_file, path, "npz") == [path]
    again = load_model_file(path)
    assert again.experiment["model"]["layers"][2] == {"type": NAME, "start": 0.5}
    np.testing.assert_array_equal(again.state["2.weight"], model_file.state["2.weight"])
    np.testing.assert_array_equal(predict(again, inputs()), predict(model_file, inputs()))


def test_onnx_export_agrees_in_onnxruntime(tmp_path, model_file):
    ort = pytest.importorskip("onnxruntime")
    path = tmp_path / "scaled.onnx"
    assert write_export(model_file, path, "onnx") == [path]
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = session.run(["output"], {"input": inputs().astype(np.float32)})[0]
    np.testing.assert_allclose(got, predict(model_file, inputs()), atol=1e-5)


def test_numpy_script_agrees(tmp_path, model_file):
    script = tmp_path / "scaled.py"
    assert write_export(model_file, script, "py") == [script, tmp_path / "scaled_weights.npz"]
    assert 'x = x * w["2.weight"]  # 2: learned scale' in script.read_text()
    namespace = runpy.run_path(str(script))        # not __main__: nothing runs but the defs
    np.testing.assert_allclose(namespace["predict"](inputs()), predict(model_file, inputs()),
                               rtol=1e-6, atol=1e-7)


def test_it_is_in_the_palette_and_drags_into_the_network(learned_scale, designer):
    from workbench.designer.layer_palette import LAYER_MIME
    palette, editor = designer.palette, designer.editor
    item = palette.item_for(NAME)
    assert item is not None and item.text(0) == "Learned scale"
    assert not item.icon(0).isNull()
    before = [s["type"] for s in designer.document.experiment["model"]["layers"]]
    mime = palette.mimeData([item])
    assert bytes(mime.data(LAYER_MIME)).decode() == NAME
    drop = deliver_drop(editor.viewport(), mime, gap_point(editor, 1))
    assert drop.isAccepted()
    after = [s["type"] for s in designer.document.experiment["model"]["layers"]]
    assert after == before[:1] + [NAME] + before[1:]
    card = editor.card(2)                             # row 0 is the Input card
    assert (card.kind, card.title, card.layer_type, card.params) == ("layer", "Learned scale",
                                                                     NAME, "1 param")
    assert card.errors == [] and designer.analysis.layers[1].n_params == 1
