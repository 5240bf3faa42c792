"""Export a workbench training run as a Jupyter notebook (nbformat 4.5 JSON).

``nn-workbench export EXPERIMENT_OR_MODEL --format notebook -o train.ipynb`` writes the
same code as the PyTorch script (:mod:`core.io.pytorch_script`), split into the cells a
reader expects — settings, data, model, training loop, plots — with the initial weights
and the prepared data beside it (``train_init.safetensors``, ``train_data.npz``). The
notebook finds them in its working folder (Jupyter starts a notebook in its own folder).

The notebook is written as JSON directly, following the nbformat 4.5 schema (cells with
an ``id``, ``cell_type``, ``metadata`` and ``source``; code cells with no outputs yet):
the format is small and stable, and the ``nbformat`` package would bring jsonschema,
traitlets and jupyter_core into the workbench's dependencies for one file writer.
"""

from __future__ import annotations

import json
from pathlib import Path

from core.errors import WeightsError
from core.files.atomic_write import write_text_atomic
from core.io.pytorch_script import (
    TrainingExport,
    companion_names,
    network_text,
    script_sections,
    training_export,
    write_companions,
)

PLOTS = '''
try:
    import matplotlib.pyplot as plt
except ImportError:
    plt = None
    print("matplotlib is not installed: pip install matplotlib to see the curves")
if plt is not None and history["epoch"]:
    curves = [("loss", "val_loss", "loss")]
    if history["accuracy"][0] is not None:
        curves.append(("accuracy", "val_accuracy", "accuracy"))
    fig, axes = plt.subplots(1, len(curves), figsize=(6 * len(curves), 4), squeeze=False)
    for ax, (train_key, val_key, title) in zip(axes[0], curves):
        ax.plot(history["epoch"], history[train_key], label="training")
        if history[val_key][0] is not None:
            ax.plot(history["epoch"], history[val_key], label="validation")
        ax.set_xlabel("epoch")
        ax.set_title(title)
        ax.legend()
    plt.show()
'''


def notebook_json(export: TrainingExport, init_name: str, data_name: str) -> dict:
    """The notebook (nbformat 4.5) as a JSON-ready dict."""
    sections = script_sections(export, init_name, data_name, notebook=True)
    exp = export.experiment
    title = exp.get("name") or Path(export.source).stem
    cells = [
        _markdown("title", f"# {title}: training in PyTorch\n\n"
                  f"Exported by nn-workbench from `{Path(export.source).name}`. The network is "
                  "rebuilt as `torch.nn.Sequential` with the workbench's parameter names and "
                  "trained with the same loss, optimizer, learning-rate schedule, L1/L2 "
                  "penalties, batch size and batch order. It starts from the workbench's "
                  f"initial weights (`{init_name}`) and trains on the rows the workbench "
                  f"prepared (`{data_name}`: split and standardized), both next to this "
                  "notebook. In float64 its weights equal the workbench's to rounding.\n\n"
                  f"```\n{network_text(exp)}\n```"),
        _code("setup", sections["setup"]),
        _markdown("data-title", "## Data\n\nThe training and validation rows, standardized "
                  "with the training rows' statistics."),
        _code("data", sections["data"] + "\n\ndata = load_data()\n"
              "{name: tuple(t.shape) for name, t in data.items()}"),
        _markdown("model-title", "## Model\n\nModule *k* of the `nn.Sequential` is the "
                  "workbench's layer *k*, so the `state_dict` names match (`0.weight`, "
                  "`0.bias`, …)."),
        _code("model", sections["model"] + "\n\nmodel = build_model()\n"
              "weights = load_safetensors(INITIAL_WEIGHTS)  # also holds preprocess.mean, .std\n"
              "model.load_state_dict({k: v for k, v in weights.items() if k[0].isdigit()})\n"
              "model"),
        _markdown("training-title", "## Training loop\n\nOne line per epoch: the training "
                  "loss (with the L1/L2 penalty), the validation loss and the accuracy."),
        _code("training", sections["training"]),
        _code("train", "model, history = train(EPOCHS, model, data)"),
        _markdown("plots-title", "## Plots"),
        _code("plots", PLOTS),
    ]
    return {"cells": cells, "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}


def _source(text: str) -> list[str]:
    """A cell's source as nbformat stores it: lines that keep their line ends."""
    return text.strip("\n").splitlines(keepends=True)


def _markdown(cell_id: str, text: str) -> dict:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": _source(text)}


def _code(cell_id: str, text: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": cell_id, "metadata": {},
            "outputs": [], "source": _source(text)}


def write_notebook_export(source, path) -> list[Path]:
    """Write the notebook ``path`` and its two companions; return the files written.

    Parameters
    ----------
    source : str, Path, ModelFile or TrainingExport
        An experiment file, a model file (see
        :func:`core.io.pytorch_script.training_export`).
    path : str or Path
        The notebook to write (``.ipynb``).

    Raises
    ------
    WorkbenchError
        As :func:`core.io.pytorch_script.write_pytorch_export`.
    """
    path = Path(path)
    export = source if isinstance(source, TrainingExport) else training_export(source)
    init_path, data_path = companion_names(path)
    text = json.dumps(notebook_json(export, init_path.name, data_path.name), indent=1,
                      ensure_ascii=False) + "\n"
    write_companions(export, path)
    try:
        write_text_atomic(path, text)
    except OSError as exc:
        raise WeightsError(f"{path}: cannot be written ({exc.strerror or exc})") from None
    return [path, init_path, data_path]
