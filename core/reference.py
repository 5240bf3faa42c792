"""The reference of every building block, generated from the registry.

``python -m core.reference > resources/REFERENCE.md`` writes it; a test checks the
committed copy is current, so the documentation cannot drift from the code.
"""

from __future__ import annotations

import json

from core import registry

SECTIONS = (("layer", "Layers, activations and regularization"), ("loss", "Losses"),
            ("optimizer", "Optimizers"), ("schedule", "Learning-rate schedules"),
            ("initializer", "Weight initializers"), ("dataset", "Data sources"))


def _param_row(p: registry.Param) -> str:
    kind = p.kind if p.kind != "choice" else " / ".join(json.dumps(c) for c in p.choices)
    expected = p.describe_expected()
    return f"| `{p.name}` | {kind} | `{json.dumps(p.default)}` | {expected} | {p.help} |"


def markdown() -> str:
    """The reference as Markdown text."""
    lines = ["# Reference", "",
             "Every layer, activation, loss, optimizer, schedule, initializer and data source "
             "the workbench offers, with its experiment-file fields. Generated from "
             "`core/registry.py` by `python -m core.reference`; do not edit by hand.", ""]
    for category, title in SECTIONS:
        lines += [f"## {title}", ""]
        for entry in registry.entries(category):
            key = "source" if category == "dataset" else "type"
            group = f" ({entry.group})" if entry.group else ""
            lines += [f"### `{entry.name}` — {entry.title}{group}", "", entry.help, ""]
            if entry.formula:
                lines += [f"Formula: `{entry.formula}`", ""]
            if entry.extra.get("advice"):
                lines += [f"Advice: {entry.extra['advice']}", ""]
            if entry.aliases:
                lines += ["Also accepted as: " + ", ".join(f"`{a}`" for a in entry.aliases), ""]
            example = {key: entry.name, **entry.defaults()}
            lines += [f"Experiment file: `{json.dumps(example)}`", ""]
            if entry.params:
                lines += ["| field | type | default | allowed | meaning |",
                          "|---|---|---|---|---|"]
                lines += [_param_row(p) for p in entry.params]
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
