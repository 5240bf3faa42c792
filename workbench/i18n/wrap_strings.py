"""Wrap literal texts of Qt calls in ``self.tr()``: ``python3 -m workbench.i18n.wrap_strings F...``

The mechanical part of making a module translatable. In each file, a string literal
passed to a Qt call that shows text (``setText``, ``setToolTip``, ``addTab``,
``QLabel(...)``, ``QMessageBox.warning(...)``, ... see :data:`TEXT_ARGUMENTS` and
:data:`TEXT_CONSTRUCTORS`) becomes ``self.tr("...")`` inside a method, or
``QCoreApplication.translate("<Class or module>", "...")`` elsewhere. f-strings and
texts built by ``+`` are listed, not changed: rewrite them by hand as
``self.tr("... {} ...").format(...)``. Texts made of names and numbers only
(:func:`workbench.i18n.visible_texts.is_language_neutral`) are left alone. Then run
``python3 -m workbench.i18n.build`` and translate what it reports.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from workbench.i18n.visible_texts import is_language_neutral

#: method name → positions of its text arguments
TEXT_ARGUMENTS = {
    "setText": (0,), "setToolTip": (0,), "setStatusTip": (0,), "setWhatsThis": (0,),
    "setTitle": (0,), "setWindowTitle": (0,), "setPlaceholderText": (0,),
    "setTabToolTip": (1,), "setTabText": (1,), "addTab": (1,), "insertTab": (2,),
    "addItem": (0,), "insertItem": (1,), "setItemText": (1,), "addMenu": (0,),
    "addAction": (0,), "showMessage": (0,), "setLabelText": (0,), "setSpecialValueText": (0,),
    "setHeaderLabels": (0,), "setHorizontalHeaderLabels": (0,), "setVerticalHeaderLabels": (0,),
    "addRow": (0,), "setItemToolTip": (1,),
    "warning": (1, 2), "information": (1, 2), "critical": (1, 2), "question": (1, 2),
    "about": (1, 2), "getOpenFileName": (1, 3), "getSaveFileName": (1, 3),
    "getExistingDirectory": (1,), "getText": (1, 2), "getItem": (1, 2),
}
#: constructors whose first argument is a text
TEXT_CONSTRUCTORS = {"QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox",
                     "QAction", "QToolButton", "QMenu", "QCommandLinkButton"}


def _call_name(node: ast.Call) -> str | None:
    f = node.func
    if isinstance(f, ast.Attribute):
        return f.attr
    if isinstance(f, ast.Name):
        return f.id
    return None


class _Finder(ast.NodeVisitor):
    def __init__(self, module: str):
        self.module = module
        self.scopes: list[tuple[str, str]] = []   # ("class"|"def", name, first arg)
        self.edits: list[tuple[ast.AST, str]] = []   # (string node, context or "self")
        self.manual: list[tuple[int, str]] = []

    def visit_ClassDef(self, node):
        self.scopes.append(("class", node.name))
        self.generic_visit(node)
        self.scopes.pop()

    def visit_FunctionDef(self, node):
        first = node.args.args[0].arg if node.args.args else ""
        self.scopes.append(("def", first))
        self.generic_visit(node)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def _context(self) -> str:
        if len(self.scopes) >= 2 and self.scopes[-1] == ("def", "self") and \
                self.scopes[-2][0] == "class":
            return "self"
        for kind, name in reversed(self.scopes):
            if kind == "class":
                return name
        return self.module

    def _text(self, node, call_line: int) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if not is_language_neutral(node.value):
                self.edits.append((node, self._context()))
        elif isinstance(node, (ast.List, ast.Tuple)):
            for element in node.elts:
                self._text(element, call_line)
        elif isinstance(node, (ast.JoinedStr, ast.BinOp)):
            self.manual.append((call_line, ast.unparse(node)[:90]))

    def visit_Call(self, node):
        name = _call_name(node)
        func = node.func
        already = isinstance(func, ast.Attribute) and func.attr in ("tr", "translate")
        if not already and name in TEXT_CONSTRUCTORS and node.args:
            self._text(node.args[0], node.lineno)
        elif not already and name in TEXT_ARGUMENTS:
            for position in TEXT_ARGUMENTS[name]:
                if position < len(node.args):
                    self._text(node.args[position], node.lineno)
        self.generic_visit(node)


def _offsets(source: bytes) -> list[int]:
    """Byte offset of each line's start (ast's columns count UTF-8 bytes)."""
    starts, total = [], 0
    for line in source.splitlines(keepends=True):
        starts.append(total)
        total += len(line)
    return starts


def wrap_file(path: Path) -> tuple[int, list[tuple[int, str]]]:
    """Rewrite ``path``; return (texts wrapped, [(line, text) to rewrite by hand])."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    finder = _Finder(path.stem)
    finder.visit(tree)
    starts = _offsets(source.encode("utf-8"))
    text = source.encode("utf-8")
    needs_import = False
    for node, context in sorted(finder.edits, key=lambda e: (e[0].lineno, e[0].col_offset),
                                reverse=True):
        begin = starts[node.lineno - 1] + node.col_offset
        end = starts[node.end_lineno - 1] + node.end_col_offset
        literal = text[begin:end].decode("utf-8")
        if context == "self":
            wrapped = f"self.tr({literal})"
        else:
            wrapped = f'QCoreApplication.translate("{context}", {literal})'
            needs_import = True
        text = text[:begin] + wrapped.encode("utf-8") + text[end:]
    text = text.decode("utf-8")
    if needs_import and "QCoreApplication" not in source.split("class ")[0]:
        text = _add_import(text)
    if text != source:
        path.write_text(text, encoding="utf-8")
    return len(finder.edits), finder.manual


def _add_import(text: str) -> str:
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("from PySide6.QtCore import ") and "(" not in line:
            names = [n.strip() for n in line[len("from PySide6.QtCore import "):].split(",")]
            names = sorted(set(names + ["QCoreApplication"]), key=str.lower)
            lines[i] = "from PySide6.QtCore import " + ", ".join(names) + "\n"
            return "".join(lines)
        if line.startswith("from PySide6.QtCore import ("):
            lines.insert(i + 1, "    QCoreApplication,\n")
            return "".join(lines)
    for i, line in enumerate(lines):
        if line.startswith(("from PySide6", "import PySide6")):
            lines.insert(i, "from PySide6.QtCore import QCoreApplication\n")
            return "".join(lines)
    raise ValueError("no PySide6 import to put QCoreApplication beside")


def main(argv=None) -> int:
    paths = [Path(p) for p in (sys.argv[1:] if argv is None else argv)]
    if not paths:
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        return 2
    for path in paths:
        count, manual = wrap_file(path)
        print(f"{path}: {count} text(s) wrapped")
        for line, text in manual:
            print(f"  {path}:{line}: by hand: {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
