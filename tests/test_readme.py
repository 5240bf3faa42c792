"""Every command in README runs as written on a fresh clone.

README's fenced code blocks are taken apart here: each shell line (``bash``, ``sh`` or an
unlabeled block of commands) is one test, each ``python`` block is one test, each
``json`` block must be a valid experiment. They run in order, in one temporary folder
holding a copy of the repository's tracked files (what a fresh clone has), so that a
command may use what an earlier one wrote (``runs/spiral/model.npz``). ``nn-workbench``
is this checkout's command line (a small script on PATH).

Nothing is left out silently: what cannot run in a test is listed in :data:`NOT_RUN` with
the reason, and the list must match README (a command that leaves README leaves the
list). Python blocks that need PyTorch run when it is installed; without it (it is not a
dependency) they are not test cases, and a test pins which blocks those are.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

#: Commands that cannot run in a test, with the reason (they must still be in README).
NOT_RUN = {
    "python3 -m pip install -e . && nn-workbench":
        "installs into the interpreter running the tests, then opens the GUI and waits for "
        "a person",
    "python3 -m pip install -q -e '.[test]' && python3 -m pytest -q --timeout=120":
        "installs into the interpreter running the tests, then runs this very test suite",
    "nn-workbench": "opens the GUI and waits for a person",
    "nn-workbench gui resources/examples/digits.json": "opens the GUI and waits for a person",
    "python3 benchmarks/mlp.py": "the full benchmark takes about 5 minutes",
    "python3 benchmarks/mlp.py --threads 1": "the full benchmark takes about 5 minutes",
    "python3 benchmarks/mlp.py --thread-sweep": "measures for several minutes",
    "bash benchmarks/gpu.sh": "needs an NVIDIA GPU and CuPy",
}

#: Python blocks that need a package the workbench does not depend on.
NEEDS = {"torch": "PyTorch (pip install torch) is not a dependency of the workbench"}

def _blocks(text: str):
    """``(language, code)`` of every fenced block, in order."""
    for match in re.finditer(r"^```([\w-]*)[^\n]*\n(.*?)^```", text, re.S | re.M):
        yield match.group(1).lower(), match.group(2)


def _commands(code: str) -> list[str]:
    """Shell lines of a block: continuation lines joined, comment-only and blank lines out,
    trailing comments kept (the shell drops them)."""
    out, pending = [], ""
    for line in code.splitlines():
        line = pending + line
        if line.rstrip().endswith("\\"):
            pending = line.rstrip()[:-1] + " "
            continue
        pending = ""
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.strip())
    return out


def _strip_comment(command: str) -> str:
    return re.sub(r"\s+#.*$", "", command).strip()


def snippets() -> list[tuple[str, str, str]]:
    """``(kind, key, code)``: kind is ``shell``, ``python`` or ``json``."""
    found = []
    for language, code in _blocks(README.read_text(encoding="utf-8")):
        if language == "python":
            found.append(("python", code.strip().splitlines()[0], code))
        elif language == "json":
            found.append(("json", "experiment JSON", code))
        elif language in ("", "bash", "sh", "shell", "console"):
            for command in _commands(code):
                found.append(("shell", _strip_comment(command), command))
    return found


def _missing_module(code: str) -> str | None:
    """The module of :data:`NEEDS` that a Python block imports and this machine lacks."""
    for module in NEEDS:
        if re.search(rf"^\s*(import|from) {module}\b", code, re.M):
            try:
                __import__(module)
            except ImportError:
                return module
    return None


def _params():
    """One case per snippet that can run here: :data:`NOT_RUN` commands and Python blocks
    needing a package of :data:`NEEDS` that is not installed are not cases at all (their
    lists are checked against README by the tests below)."""
    return [pytest.param(kind, key, code, id=f"{kind}: {key[:70]}")
            for kind, key, code in snippets()
            if not (kind == "shell" and key in NOT_RUN)
            and not (kind == "python" and _missing_module(code))]


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """A copy of the tracked files (a fresh clone) and an environment whose PATH has this
    checkout's ``nn-workbench``."""
    folder = tmp_path_factory.mktemp("clone")
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    if listed.returncode != 0:
        names = [str(p.relative_to(ROOT)) for p in ROOT.rglob("*")
                 if p.is_file() and ".git" not in p.parts and "__pycache__" not in p.parts]
    else:
        names = [n for n in listed.stdout.decode().split("\0") if n]
    for name in names:
        source = ROOT / name
        if source.is_file():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    bin_dir = tmp_path_factory.mktemp("bin")
    script = bin_dir / "nn-workbench"
    script.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m workbench.cli "$@"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": str(folder), "QT_QPA_PLATFORM": "offscreen"}
    return folder, env


def test_the_not_run_list_matches_readme():
    keys = {key for kind, key, _ in snippets() if kind == "shell"}
    assert set(NOT_RUN) <= keys, f"no longer in README: {set(NOT_RUN) - keys}"


def test_readme_python_blocks_that_need_torch_are_the_pytorch_examples():
    """The blocks not run without PyTorch are exactly the three "load into PyTorch"
    examples (run by hand against torch 2.13 CPU: all three work as written)."""
    needing = [key for kind, key, code in snippets()
               if kind == "python" and re.search(r"^\s*(import|from) torch\b", code, re.M)]
    assert needing == ["import torch", "import numpy as np", "import json"]


def test_readme_has_snippets_of_every_kind():
    kinds = [kind for kind, _, _ in snippets()]
    assert kinds.count("shell") >= 10 and kinds.count("python") >= 3 and "json" in kinds


@pytest.mark.parametrize("kind, key, code", _params())
def test_readme_snippet_runs_as_written(clone, kind, key, code):
    folder, env = clone
    if kind == "json":
        from core.io import experiment_file
        experiment_file.loads(code, "README's experiment")  # raises with the reason if invalid
        return
    if kind == "python":
        done = subprocess.run([sys.executable, "-c", code], cwd=folder, env=env,
                              capture_output=True, text=True, timeout=300)
    else:
        done = subprocess.run(["bash", "-c", code], cwd=folder, env=env, capture_output=True,
                              text=True, timeout=300)
    assert done.returncode == 0, (f"README's {kind} snippet failed (status {done.returncode})"
                                  f":\n{code}\n--- stdout\n{done.stdout[-2000:]}\n--- stderr\n"
                                  f"{done.stderr[-2000:]}")


def test_exports_need_nothing_beyond_the_first_install():
    """README's first command installs the base dependencies only; every export format
    (a headline feature) must work with them."""
    import tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {re.split(r"[<>=!~\[; ]", d, maxsplit=1)[0].lower()
             for d in project["dependencies"]}
    assert {"safetensors", "onnx"} <= names


@pytest.mark.parametrize("example, task", [("xor", "classification"), ("sine", "regression")])
def test_readme_says_which_columns_history_csv_has(tmp_path, example, task):
    """The columns README lists for ``train``'s history.csv are those it writes."""
    text = " ".join(README.read_text(encoding="utf-8").split())
    found = re.search(r"`history\.csv` has one row per epoch with the columns `([^`]+)`, then "
                      r"`train_` and `val_` of each metric: `([^`]+)` for classification, "
                      r"`([^`]+)` for regression", text)
    assert found, "README no longer describes the columns of history.csv"
    common, by_task = found.group(1), {"classification": found.group(2),
                                       "regression": found.group(3)}
    done = subprocess.run([sys.executable, "-m", "workbench.cli", "train",
                           str(ROOT / "resources" / "examples" / f"{example}.json"), "--out",
                           str(tmp_path), "--epochs", "2", "--quiet"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "history.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",") == f"{common}, {by_task[task]}".split(", ")
    assert [line.split(",")[0] for line in lines[1:]] == ["1", "2"]


def test_the_layout_table_names_every_package_of_core():
    """README's layout table has a row for each package of core/, and names only files and
    folders that exist."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("## Layout"):text.index("\n## ", text.index("## Layout") + 1)]
    rows = re.findall(r"^\| `(core/[\w/]*)` \| (.*) \|$", table, re.M)
    packages = sorted(f"core/{p.name}/" for p in (ROOT / "core").iterdir()
                      if (p / "__init__.py").is_file())
    assert sorted(name for name, _ in rows if name != "core/") == packages
    for name, what in rows:
        for part in re.findall(r"`([\w/]+(?:\.py|/))`", what):
            assert (ROOT / name / part).exists() or (ROOT / part).exists(), (name, part)
