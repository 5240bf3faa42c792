#!/usr/bin/env python3
"""Rewrite imports and module paths after the moves of the restructure (issue 12).

The moves are listed in ``.ci/restructure/moves_*.toml``, one row per move::

    "core.layers" = "core.nn.layers.activations"          # a whole module
    "core.layers:Dense" = "core.nn.layers.dense:Dense"     # one top-level name
    [paths]
    "tests/core/test_optim.py" = "tests/core/optim/test_optimizers.py"

Rows chain (a row's target may be another row's key); a name row keyed on a module also
applies to every module that module was renamed to, so code written before the rename
and code written between the rename and the split resolve alike.

Python files are read with :mod:`ast` and only the spans that change are replaced:

* ``import a.b as c``, ``from a.b import x, y as z`` (split into one statement per
  destination module), ``from a import b`` where ``a.b`` is a moved module
  (``from new.parent import leaf as b``); exact module names only, so a row for
  ``core.training`` never touches ``core.training.trainer``;
* ``a.b.name`` and ``setattr(a.b, "name", …)`` after ``import a.b`` where ``a.b`` moved
  or ``name`` moved on (the import is rewritten, the new module imported beside it);
* ``alias.name`` and ``setattr(alias, "name", …)`` where ``alias`` is bound to a module
  and ``name`` moved on: ``alias`` becomes the new module, imported beside the old one;
* dotted (``core.training.Trainer``, ``core.backend:gpu_status``) and slash
  (``core/optim.py``) paths inside strings and comments: monkeypatch targets,
  ``-m`` arguments, docstrings.

Markdown, shell, ``.ci`` scripts and the ``[project…]`` tables of ``pyproject.toml`` get
the same treatment line by line (a line that is a Python import is rewritten as one).
A text that names a package that kept the name of the old module (``core.training``)
is read as the old module: in prose, name the package as a folder (``core/training/``).

Running it twice changes nothing. ``--check`` changes nothing and exits 1 when a file
still names an old path. Changed Python files under :data:`SORTED` are then sorted by
``ruff check --select I --fix`` when ruff is installed (``--no-sort`` skips that).

Usage::

    python3 .ci/restructure/rewrite_imports.py [--check] [--report] [--no-sort] [PATH ...]
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import re
import subprocess
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
DEFAULT_PATHS = ("core", "workbench", "tests", "benchmarks", "*.md", "pyproject.toml", ".ci")
#: Never rewritten: the mapping itself and the script's own tests (they hold old paths on
#: purpose).
EXCLUDED = (".ci/restructure", "tests/test_rewrite_imports.py")
TEXT_SUFFIXES = {".md", ".sh", ".toml", ".txt", ".rst", ".cfg", ".ini"}
#: Changed Python files under these folders get their imports sorted by ruff (the folders
#: CI lints; it grows with the ruff ratchet of .ci/run). Elsewhere only the rewritten
#: statements change, so that parallel branches still merge.
SORTED = ("core",)
LINE_LIMIT = 100
IDENTIFIER = r"[A-Za-z_]\w*"


class MappingError(Exception):
    """The mapping files contradict themselves (a cycle, two targets for one name)."""


# ----------------------------------------------------------------------------- mapping

class Moves:
    """The module, name and path rows, with chains resolved.

    Parameters
    ----------
    modules : dict[str, str]
        ``old.module -> new.module``.
    names : dict[tuple[str, str], tuple[str, str]]
        ``(old.module, name) -> (new.module, new_name)``.
    paths : dict[str, str]
        ``old/file.py -> new/file.py`` (files that are not importable modules, e.g. tests);
        a ``.py`` path also gives its dotted module row.
    root : Path
        Repository root: a module that exists there is never read as an old one.
    """

    def __init__(self, modules: dict, names: dict, paths: dict, root: Path = ROOT):
        self.root = root
        self.modules = dict(modules)
        self.paths = dict(paths)
        for old, new in paths.items():
            if old.endswith(".py") and new.endswith(".py"):
                self.modules.setdefault(_dotted(old), _dotted(new))
        self.targets = {self.resolve_module(m) for m in self.modules}
        self._names: dict[tuple[str, str], tuple[str, str]] = {}
        for (module, name), target in names.items():
            key = (self.resolve_module(module), name)
            if key in self._names and self._names[key] != target:
                raise MappingError(f"{module}:{name} has two targets: {self._names[key]} and "
                                   f"{target}")
            self._names[key] = target
            self.targets.add(self.resolve_module(target[0]))
        for module, name in list(self._names):
            self.resolve_name(module, name)  # raises on a cycle
        roots = {m.split(".")[0] for m in self.modules} | {m.split(".")[0] for m, _ in names}
        roots |= {p.split("/")[0] for p in self.paths}
        self.roots = sorted(roots)

    @classmethod
    def load(cls, files, root: Path = ROOT) -> Moves:
        modules, names, paths = {}, {}, {}
        for file in files:
            with open(file, "rb") as handle:
                table = tomllib.load(handle)
            for old, new in table.pop("paths", {}).items():
                paths[old] = new
            for old, new in table.items():
                if not isinstance(new, str):
                    raise MappingError(f"{file}: {old!r} must map to a string")
                if (":" in old) != (":" in new):
                    raise MappingError(f"{file}: {old!r} = {new!r} mixes a module and a name")
                if ":" in old:
                    names[tuple(old.split(":"))] = tuple(new.split(":"))
                else:
                    modules[old] = new
        return cls(modules, names, paths, root)

    def resolve_module(self, module: str) -> str:
        seen = [module]
        while module in self.modules:
            module = self.modules[module]
            if module in seen:
                raise MappingError("module rows form a cycle: " + " -> ".join(seen + [module]))
            seen.append(module)
        return module

    def resolve_name(self, module: str, name: str) -> tuple[str, str]:
        """Where ``name``, once importable from ``module``, is defined now."""
        seen = []
        while True:
            module = self.resolve_module(module)
            if (module, name) in seen:
                raise MappingError("name rows form a cycle: "
                                   + " -> ".join(f"{m}:{n}" for m, n in seen))
            seen.append((module, name))
            target = self._names.get((module, name))
            if target is None:
                return module, name
            module, name = target

    def is_old(self, module: str) -> bool:
        return module in self.modules

    def exists(self, module: str) -> bool:
        """A module the tree has now (on disk, or the target of a row)."""
        if module in self.targets:
            return True
        path = self.root.joinpath(*module.split("."))
        return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()

    # -- text ------------------------------------------------------------------------
    def map_dotted(self, dotted: str, colon_name: str | None = None) -> str:
        """``core.layers.Dense`` -> ``core.nn.layers.dense.Dense``; unchanged if not moved."""
        parts = dotted.split(".")
        for i in range(len(parts), 0, -1):
            prefix = ".".join(parts[:i])
            if not (self.is_old(prefix) or self.exists(prefix)):
                continue
            rest = parts[i:]
            if rest:
                module, name = self.resolve_name(prefix, rest[0])
                return ".".join([module, name] + rest[1:]) + \
                    (f":{colon_name}" if colon_name else "")
            if colon_name:
                module, name = self.resolve_name(prefix, colon_name)
                return f"{module}:{name}"
            return self.resolve_module(prefix)
        return dotted + (f":{colon_name}" if colon_name else "")

    def map_path(self, path: str) -> str:
        """``core/optim.py`` -> ``core/optim/base.py``; unchanged if not moved."""
        for old, new in self.paths.items():
            if path == old or path.startswith(old + "::"):
                return new + path[len(old):]
        module = _dotted(path)
        if self.is_old(module):
            return self.resolve_module(module).replace(".", "/") + ".py"
        return path

    def text_pattern(self) -> re.Pattern:
        roots = "|".join(re.escape(r) for r in self.roots)
        return re.compile(
            rf"(?<![\w./])(?P<path>(?:{roots})(?:/\w+)+\.py)\b"
            rf"|(?<![\w.])(?P<dotted>(?:{roots})(?:\.{IDENTIFIER})+)(?::(?P<name>{IDENTIFIER}))?")


def _dotted(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


# ----------------------------------------------------------------------------- rewriting

@dataclass
class Edit:
    start: int
    end: int
    text: str
    line: int
    old: str


@dataclass
class Binding:
    """A local name bound to a module by an import statement."""

    local: str
    module: str          # the module as the statement named it (maybe an old path)
    stmt: ast.stmt
    scope: ast.AST


def _leaf(module: str) -> tuple[str, str]:
    parent, _, leaf = module.rpartition(".")
    return parent, leaf


def _import_from_text(module: str, names: list[tuple[str, str | None]], indent: int,
                      comment: str = "") -> str:
    """The statement, wrapped in parentheses when it (with ``comment``) passes the limit."""
    items = [n if a is None or a == n else f"{n} as {a}" for n, a in names]
    line = f"from {module} import {', '.join(items)}"
    if indent + len(line) + (len(comment) + 2 if comment else 0) <= LINE_LIMIT:
        return line
    pad = " " * (indent + 4)
    return f"from {module} import (\n" + "".join(f"{pad}{i},\n" for i in items) + \
        " " * indent + ")"


def _noqa_inside(statement: str) -> str:
    """A ``# noqa`` comment inside a statement's own text (a wrapped import's first line)."""
    try:
        tokens = tokenize.generate_tokens(io.StringIO(statement).readline)
        return next((t.string for t in tokens
                     if t.type == tokenize.COMMENT and "noqa" in t.string), "")
    except (tokenize.TokenError, SyntaxError):
        return ""


def _with_comment(statement: str, comment: str) -> str:
    """``statement`` with ``comment`` at the end of its first line."""
    first, newline, rest = statement.partition("\n")
    return f"{first}  {comment}{newline}{rest}"


def _module_import(module: str, local: str) -> tuple[str, list]:
    """(``from``-module, [(name, alias)]) that binds ``local`` to ``module``."""
    parent, leaf = _leaf(module)
    return parent, [(leaf, None if leaf == local else local)]


class PythonRewriter:
    """The edits for one Python source."""

    def __init__(self, moves: Moves, source: str, path: str = "<source>"):
        self.moves, self.source, self.path = moves, source, path
        self.lines = source.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))
        self.edits: list[Edit] = []
        self.notes: list[str] = []

    def offset(self, lineno: int, col: int) -> int:
        """Character offset of AST position (1-based line, UTF-8 byte column)."""
        line = self.lines[lineno - 1] if lineno - 1 < len(self.lines) else ""
        return self.starts[lineno - 1] + len(line.encode("utf-8")[:col].decode("utf-8",
                                                                               "replace"))

    def span(self, node) -> tuple[int, int]:
        return (self.offset(node.lineno, node.col_offset),
                self.offset(node.end_lineno, node.end_col_offset))

    def add(self, start: int, end: int, text: str) -> None:
        old = self.source[start:end]
        if old != text:
            line = self.source.count("\n", 0, start) + 1
            self.edits.append(Edit(start, end, text, line, old))

    def run(self) -> str:
        try:
            tree = ast.parse(self.source)
        except SyntaxError as exc:
            self.notes.append(f"{self.path}: not parsed ({exc.msg}, line {exc.lineno})")
            return self.source
        scopes = _scopes(tree)
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        bindings: list[Binding] = []
        plans = []
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                plans.append((node, self.plan_import(node, scopes[node], bindings)))
        unused, extras = self.module_attributes(tree, bindings)
        for stmt, texts in self.dotted_uses(tree, scopes, parents).items():
            known = extras.setdefault(stmt, [])
            known += [t for t in texts if t not in known]
        replaced = [self.emit_import(node, plan, unused.get(node, set()), extras.get(node, []),
                                     parents[node])
                    for node, plan in plans]
        self.strings_and_comments([span for span in replaced if span])
        return apply(self.source, self.edits)

    # -- import statements -----------------------------------------------------------
    def plan_import(self, node, scope, bindings: list[Binding]) -> list:
        """[(from-module or None, name or module, alias, local, changed)] per alias."""
        moves, plan = self.moves, []
        if isinstance(node, ast.Import):
            for alias in node.names:
                new = moves.resolve_module(alias.name) if moves.is_old(alias.name) else alias.name
                if alias.asname:
                    bindings.append(Binding(alias.asname, alias.name, node, scope))
                plan.append((None, new, alias.asname, alias.asname or alias.name.split(".")[0],
                             new != alias.name))
            return plan
        if node.level or node.module is None:
            return []
        for alias in node.names:
            local = alias.asname or alias.name
            full = f"{node.module}.{alias.name}"
            if alias.name == "*":
                if moves.is_old(node.module):
                    self.notes.append(f"{self.path}:{node.lineno}: `from {node.module} "
                                      "import *` names an old module: fix by hand")
                plan.append((node.module, "*", None, "*", False))
                continue
            if moves.is_old(full):
                module, items = _module_import(moves.resolve_module(full), local)
                (name, asname), = items
                bindings.append(Binding(local, full, node, scope))
            elif moves.exists(full):
                module, name, asname = node.module, alias.name, alias.asname
                bindings.append(Binding(local, full, node, scope))
            else:
                module, name = moves.resolve_name(node.module, alias.name)
                asname = None if name == local else local
            plan.append((module, name, asname, local,
                         (module, name, asname) != (node.module, alias.name, alias.asname)))
        return plan

    def emit_import(self, node, plan: list, drop: set, extras: list, parent):
        """Replace the statement when one of its names moved or became unused; add the
        imports of the modules its aliases' names moved to."""
        indent = node.col_offset
        if not plan or not (drop or any(item[4] for item in plan)):
            if extras:
                end = self.offset(node.end_lineno, 0) + \
                    len(self.lines[node.end_lineno - 1].rstrip("\r\n"))
                self.add(end, end, "".join("\n" + " " * indent + e for e in extras))
            return None
        kept = [item for item in plan if item[3] not in drop]
        texts, groups = [], {}
        for module, name, asname, _, _ in kept:
            if module is None:
                texts.append(f"import {name}" + (f" as {asname}" if asname else ""))
            else:
                groups.setdefault(module, []).append((name, asname))
        start, end = self.span(node)
        line_end = self.offset(node.end_lineno, 0) + \
            len(self.lines[node.end_lineno - 1].rstrip("\r\n"))
        trailing = self.source[end:line_end].strip()
        inside = _noqa_inside(self.source[start:end])
        noqa = trailing if trailing.startswith("#") and "noqa" in trailing else inside
        texts += [_import_from_text(m, items, indent, noqa) for m, items in groups.items()]
        texts += extras
        line_start = self.offset(node.lineno, 0)
        if not texts:
            block = next(b for b in (getattr(parent, f, None) for f in
                                     ("body", "orelse", "finalbody", "handlers"))
                         if isinstance(b, list) and node in b)
            if len(block) > 1 and not self.source[line_start:start].strip():
                newline = self.source.find("\n", end)
                end = len(self.source) if newline < 0 else newline + 1
                start = line_start
            else:
                texts = ["pass"]
        glue = "; " if self.source[line_start:start].strip() else "\n" + " " * indent
        if noqa and noqa is trailing:  # every new statement needs it
            texts = [_with_comment(t, noqa) for t in texts[:-1]] + texts[-1:]
        elif noqa:                     # it was inside the old statement, which goes
            texts = [_with_comment(t, noqa) for t in texts]
        self.add(start, end, glue.join(texts))
        return start, end

    # -- dotted uses after `import a.b` ------------------------------------------------
    def dotted_uses(self, tree, scopes: dict, parents: dict) -> dict:
        """``core.npz_archive.X`` after ``import core.npz_archive`` (or any ``import core…``)
        becomes ``core.files.npz_archive.X``: the longest prefix of the chain that names a
        module is mapped. When the name after it moved on (``core.data.prepare``, also as
        ``setattr(core.data, "prepare", …)``), the chain names its new module, which is
        imported next to the import of the chain's root. Returns {statement: imports to
        add after it}."""
        moves = self.moves
        imports = [node for node in ast.walk(tree) if isinstance(node, ast.Import)]
        binding = {}                            # root -> Import statements that bind it
        for node in imports:
            for alias in node.names:
                root = alias.name.split(".")[0]
                if alias.asname is None and root in moves.roots:
                    binding.setdefault(root, []).append(node)
        imported = {alias.name for node in imports for alias in node.names}
        extras: dict = {}
        if not binding:
            return extras
        inner = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute) or id(node) in inner:
                continue
            chain, parts = [], node
            while isinstance(parts, ast.Attribute):
                chain.append(parts)
                parts = parts.value
            if not (isinstance(parts, ast.Name) and parts.id in binding):
                continue
            chain.reverse()                     # chain[k] spells k + 2 parts
            names = [parts.id] + [a.attr for a in chain]
            for k in range(len(names), 1, -1):
                prefix = ".".join(names[:k])
                if not (moves.is_old(prefix) or moves.exists(prefix)):
                    continue
                home = moves.resolve_module(prefix)
                parent = parents.get(node)
                if k < len(names):              # prefix.name…: did the name move on?
                    module, name = moves.resolve_name(prefix, names[k])
                    if module != home:
                        self.add(*self.span(chain[k - 1]), f"{module}.{name}")
                        self.need_import(module, node, binding[parts.id], scopes, imported,
                                         extras)
                        break
                elif _is_attr_call(parent, node):   # setattr(prefix, "name", …)
                    module, name = moves.resolve_name(prefix, parent.args[1].value)
                    if module != home:
                        self.add(*self.span(node), module)
                        if name != parent.args[1].value:
                            self.add(*self.span(parent.args[1]), repr(name))
                        self.need_import(module, node, binding[parts.id], scopes, imported,
                                         extras)
                        break
                if home != prefix:
                    self.add(*self.span(chain[k - 2]), home)
                break
        return extras

    @staticmethod
    def need_import(module: str, node, candidates: list, scopes: dict, imported: set,
                    extras: dict) -> None:
        """``import module`` after the import of the root that ``node``'s scope sees."""
        if module in imported:
            return
        scope = scopes.get(node)
        stmt = next((c for c in candidates if scopes.get(c) is scope), None) or \
            next((c for c in candidates if isinstance(scopes.get(c), ast.Module)), candidates[0])
        texts = extras.setdefault(stmt, [])
        if f"import {module}" not in texts:
            texts.append(f"import {module}")

    # -- attribute uses of module aliases ----------------------------------------------
    def module_attributes(self, tree, bindings: list[Binding]) -> tuple[dict, dict]:
        """Rewrite ``alias.moved_name``; return {statement: locals no longer used} and
        {statement: imports to add after it}."""
        moves = self.moves
        taken = _identifiers(tree)
        unused: dict = {}
        extras: dict = {}
        for binding in bindings:
            if binding.module.split(".")[0] not in moves.roots or \
                    not (moves.is_old(binding.module) or moves.exists(binding.module)):
                continue
            home = moves.resolve_module(binding.module)
            uses = list(_uses(binding.scope, binding.local))
            moved: dict[str, str] = {}   # new module -> local alias
            rewritten = 0
            for node, parent in uses:
                attr_node = None
                if isinstance(parent, ast.Attribute) and parent.value is node:
                    name, attr_node = parent.attr, parent
                elif _is_attr_call(parent, node):
                    name = parent.args[1].value
                else:
                    continue
                module, new_name = moves.resolve_name(binding.module, name)
                if module == home and new_name == name:
                    continue
                alias = moved.get(module) or self.alias_for(module, taken)
                moved[module] = alias
                if attr_node is not None:
                    self.add(*self.span(attr_node), f"{alias}.{new_name}")
                else:
                    self.add(*self.span(node), alias)
                    if new_name != name:
                        self.add(*self.span(parent.args[1]), repr(new_name))
                rewritten += 1
            if not moved:
                continue
            stmt = binding.stmt
            for module, alias in moved.items():
                text = _import_from_text(*_module_import(module, alias), stmt.col_offset)
                if not self.already_bound(module, alias) and \
                        text not in extras.setdefault(stmt, []):
                    extras[stmt].append(text)
            if rewritten == len(uses):
                unused.setdefault(stmt, set()).add(binding.local)
        return unused, extras

    def alias_for(self, module: str, taken: set) -> str:
        for b in self.module_bindings:
            if self.moves.resolve_module(b[1]) == module:
                return b[0]
        _, leaf = _leaf(module)
        alias, k = leaf, 1
        while alias in taken:
            alias = f"{leaf}_module" + (str(k) if k > 1 else "")
            k += 1
        taken.add(alias)
        return alias

    @property
    def module_bindings(self) -> list[tuple[str, str]]:
        """(local, module) bound at module level by existing imports of modules."""
        out = []
        for node in ast.parse(self.source).body:
            if isinstance(node, ast.Import):
                out += [(a.asname, a.name) for a in node.names if a.asname]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                out += [(a.asname or a.name, f"{node.module}.{a.name}") for a in node.names
                        if self.moves.exists(f"{node.module}.{a.name}")]
        return out

    def already_bound(self, module: str, alias: str) -> bool:
        return (alias, module) in [(a, self.moves.resolve_module(m))
                                   for a, m in self.module_bindings]

    # -- strings and comments ------------------------------------------------------------
    def strings_and_comments(self, replaced: list[tuple[int, int]]) -> None:
        pattern = self.moves.text_pattern()
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(self.source).readline))
        except (tokenize.TokenError, SyntaxError):
            return
        for tok in tokens:
            if tok.type not in (tokenize.STRING, tokenize.COMMENT):
                continue
            start = self.starts[tok.start[0] - 1] + tok.start[1]
            end = self.starts[tok.end[0] - 1] + tok.end[1]
            if any(a <= start < b for a, b in replaced):
                continue
            new = map_text(self.moves, tok.string, pattern)
            if new != tok.string:
                self.add(start, end, new)


def _scopes(tree) -> dict:
    """Each node -> the function, lambda or module whose names it sees."""
    out = {}

    def visit(node, scope):
        for child in ast.iter_child_nodes(node):
            out[child] = scope
            inner = child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                ast.Lambda)) else scope
            visit(child, inner)
    out[tree] = tree
    visit(tree, tree)
    return out


def _binds(scope, name: str) -> bool:
    """Whether a nested function rebinds ``name`` (parameter or assignment)."""
    args = scope.args
    params = args.posonlyargs + args.args + args.kwonlyargs + \
        [a for a in (args.vararg, args.kwarg) if a]
    if any(a.arg == name for a in params):
        return True
    for node in ast.walk(scope):
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
            return True
    return False


def _uses(scope, name: str):
    """(Name node, parent) for every use of ``name`` that refers to the scope's binding."""
    def walk(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) \
                    and _binds(child, name):
                continue
            if isinstance(child, ast.Name) and child.id == name:
                yield child, node
            yield from walk(child)
    yield from walk(scope)


def _is_attr_call(parent, node) -> bool:
    """``setattr(node, "name", …)`` (or get/has/delattr, or monkeypatch.setattr)."""
    if not isinstance(parent, ast.Call) or len(parent.args) < 2 or parent.args[0] is not node:
        return False
    func = parent.func
    fname = func.id if isinstance(func, ast.Name) else \
        func.attr if isinstance(func, ast.Attribute) else ""
    second = parent.args[1]
    return fname in ("setattr", "getattr", "hasattr", "delattr") and \
        isinstance(second, ast.Constant) and isinstance(second.value, str)


def _identifiers(tree) -> set:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.alias):
            names.add(node.asname or node.name.split(".")[0])
    return names


def map_text(moves: Moves, text: str, pattern: re.Pattern | None = None) -> str:
    """Dotted and slash module paths in prose, strings and shell lines, moved."""
    pattern = pattern or moves.text_pattern()

    def replace(match: re.Match) -> str:
        if match.group("path"):
            return moves.map_path(match.group("path"))
        return moves.map_dotted(match.group("dotted"), match.group("name"))
    return pattern.sub(replace, text)


def apply(source: str, edits: list[Edit]) -> str:
    out, last = [], len(source)
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        if edit.end > last:
            raise ValueError(f"overlapping edits at line {edit.line}")
        out.append(source[edit.end:last])
        out.append(edit.text)
        last = edit.start
    out.append(source[:last])
    return "".join(reversed(out))


# ----------------------------------------------------------------------------- text files

def rewrite_text(moves: Moves, text: str, toml: bool = False) -> tuple[str, list[Edit]]:
    """Rewrite a Markdown/shell/TOML text line by line; TOML only in ``[project…]``."""
    pattern = moves.text_pattern()
    out, edits, offset = [], [], 0
    section = ""
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        body = line.rstrip("\r\n")
        new = body
        if toml and body.strip().startswith("["):
            section = body.strip()
        if toml and not section.startswith("[project"):
            pass
        elif _is_import_line(body):
            indent = len(body) - len(body.lstrip())
            rewriter = PythonRewriter(moves, body.strip() + "\n")
            rewriter.run()
            if rewriter.edits:
                new = " " * indent + apply(rewriter.source, rewriter.edits).rstrip("\n") \
                    .replace("\n", "\n" + " " * indent)
        else:
            new = map_text(moves, body, pattern)
        if new != body:
            edits.append(Edit(offset, offset + len(body), new, number, body))
        out.append(new + line[len(body):])
        offset += len(line)
    return "".join(out), edits


def _is_import_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped.startswith(("from ", "import ")):
        return False
    try:
        body = ast.parse(stripped).body
    except SyntaxError:
        return False
    return len(body) == 1 and isinstance(body[0], (ast.Import, ast.ImportFrom))


# ----------------------------------------------------------------------------- files

def files_under(paths, root: Path):
    for spec in paths:
        matches = sorted(root.glob(spec)) if any(c in spec for c in "*?[") else [root / spec]
        for path in matches:
            if path.is_dir():
                yield from sorted(p for p in path.rglob("*") if p.is_file())
            elif path.is_file():
                yield path


def excluded(path: Path, root: Path) -> bool:
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    return any(rel == e or rel.startswith(e + "/") for e in EXCLUDED) or \
        "__pycache__" in path.parts or ".git" in path.parts


def rewrite_file(moves: Moves, path: Path) -> tuple[str, str, list[Edit], list[str]] | None:
    """(old text, new text, edits, notes) for one file, or None when it is not text."""
    suffix = path.suffix
    if suffix != ".py" and suffix not in TEXT_SUFFIXES and suffix:
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None
    if "\0" in text:
        return None
    if suffix == ".py":
        rewriter = PythonRewriter(moves, text, str(path))
        new = rewriter.run()
        return text, new, rewriter.edits, rewriter.notes
    new, edits = rewrite_text(moves, text, toml=suffix == ".toml")
    return text, new, edits, []


def describe(rel, edit: Edit) -> str:
    """``file:line: old -> new``; for a long string or comment only the lines that differ."""
    old, new = edit.old.splitlines(), edit.text.splitlines()
    if len(old) > 1 and len(old) == len(new):
        return "\n".join(f"{rel}:{edit.line + k}: {a.strip()} -> {b.strip()}"
                         for k, (a, b) in enumerate(zip(old, new)) if a != b)
    return f"{rel}:{edit.line}: {edit.old.strip()} -> {edit.text.strip()}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="files, folders or globs "
                        f"(default: {' '.join(DEFAULT_PATHS)})")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if an old path remains")
    parser.add_argument("--report", action="store_true", help="print every rewrite")
    parser.add_argument("--no-sort", action="store_true",
                        help="do not sort the changed files' imports with ruff")
    parser.add_argument("--moves", action="append", type=Path,
                        help="a mapping file, repeatable (default: .ci/restructure/moves_*.toml)")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        moves = Moves.load(args.moves or sorted(HERE.glob("moves_*.toml")), root)
    except (MappingError, tomllib.TOMLDecodeError) as exc:
        print(f"rewrite_imports: {exc}", file=sys.stderr)
        return 2
    if not moves.roots:
        return 0
    changed: list[Path] = []
    for path in files_under(args.paths or DEFAULT_PATHS, root):
        if excluded(path, root):
            continue
        result = rewrite_file(moves, path)
        if result is None:
            continue
        old, new, edits, notes = result
        rel = path.relative_to(root) if path.is_relative_to(root) else path
        for note in notes:
            print(f"note: {note}", file=sys.stderr)
        if new == old:
            continue
        changed.append(path)
        if args.report or args.check:
            for edit in sorted(edits, key=lambda e: e.start):
                print(describe(rel, edit))
        if not args.check:
            path.write_text(new, encoding="utf-8")
    if args.check:
        if changed:
            print(f"rewrite_imports: {len(changed)} file(s) still name old paths; run "
                  ".ci/restructure/rewrite_imports.py", file=sys.stderr)
        return 1 if changed else 0
    python = [str(p) for p in changed if p.suffix == ".py" and p.is_relative_to(root)
              and p.relative_to(root).parts[0] in SORTED]
    if python and not args.no_sort:  # ruff missing: the imports stay unsorted, that is all
        with contextlib.suppress(OSError):
            subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "I", "--fix",
                            "--quiet", "--exit-zero", *python], cwd=root, check=False,
                           capture_output=True)
    print(f"rewrite_imports: {len(changed)} file(s) rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
