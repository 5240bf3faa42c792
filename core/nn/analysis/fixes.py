"""One-click fixes: a finding's fix applied to the layers, or to a whole experiment."""

from __future__ import annotations

import copy


def apply_fix(layers: list[dict], fix: dict) -> list[dict]:
    """Return a new layer list with ``fix`` (from a :class:`Finding`) applied.

    ``set_loss``, ``set_training`` and ``set_data`` fixes change other sections, not the
    layers, and
    ``set_stack`` also sets the loss: :func:`fixed_experiment` applies every kind.
    """
    out = [dict(s) if isinstance(s, dict) else s for s in layers]
    action = fix["action"]
    if action == "set_field":
        out[fix["layer"]][fix["field"]] = fix["value"]
    elif action == "append":
        out.append(dict(fix["spec"]))
    elif action == "insert":
        out.insert(fix["index"], dict(fix["spec"]))
    elif action == "remove":
        del out[fix["layer"]]
    elif action == "replace":
        out[fix["layer"]] = dict(fix["spec"])
    elif action == "set_stack":
        out = copy.deepcopy(fix["layers"])
    else:
        raise ValueError(f"fix action {action!r} does not change layers")
    return out


def fixed_experiment(experiment: dict, fix: dict) -> dict:
    """A copy of ``experiment`` with any finding's ``fix`` applied (layers, loss, training).

    The one place that knows every kind of fix, so that a front end applies a fix as one
    edit (one undo step) without knowing what it changes.
    """
    out = copy.deepcopy(experiment)
    action = fix["action"]
    if action == "set_loss":
        out["loss"] = copy.deepcopy(fix["loss"])
    elif action == "set_training":
        out["training"] = {**out.get("training", {}), fix["field"]: fix["value"]}
    elif action == "set_data":
        out["data"] = {**out.get("data", {}), fix["field"]: fix["value"]}
    else:
        out["model"] = {**out.get("model", {}),
                        "layers": apply_fix(out["model"]["layers"], fix)}
        if action == "set_stack":
            out["loss"] = copy.deepcopy(fix["loss"])
    return out
