"""The texts a window shows, and which of them are still English in the Chinese interface.

:func:`visible_texts` walks a widget tree and collects what a person reads: labels,
buttons, check boxes, group titles, tab texts and tooltips, menu and action texts, combo
items, table and tree headers, window titles, placeholder texts. :func:`untranslated`
keeps those with no Chinese character that are not names every language writes the
same way (:func:`is_language_neutral`: numbers, units, file names, formulas, "ReLU",
"Adam" ...). ``tests/workbench/i18n/test_chinese_interface.py`` builds the main window
in Chinese and fails listing every untranslated text with where it is: the list the
next wrapping pass works through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words written the same in Chinese texts (names of methods, formats, units, symbols).
NEUTRAL_WORDS = frozenset((
    "relu", "leaky_relu", "leakyrelu", "elu", "gelu", "selu", "sigmoid", "tanh", "softmax",
    "softplus", "swish", "silu", "mish", "conv2d", "maxpool2d", "avgpool2d", "dropout",
    "batchnorm", "batch_norm", "layernorm", "adam", "adamw", "sgd", "rmsprop", "adagrad",
    "amsgrad", "nesterov", "mse", "mae", "rmse", "huber", "bce", "nll", "l1", "l2", "he",
    "glorot", "xavier", "kaiming", "lecun", "onnx", "npz", "csv", "tsv", "txt", "json", "png",
    "svg", "safetensors", "numpy", "pytorch", "cupy", "cuda", "gpu", "cpu", "blas", "openblas",
    "mkl", "float32", "float64", "float16", "mnist", "iris", "xor", "auc", "roc", "eta", "x",
    "y", "z", "w", "b", "a", "n", "k", "lr", "ms", "s", "px", "sin", "cos", "leaky", "prelu",
    # the symbols of the step explainer's formulas (they read the same in Chinese)
    "log", "max", "min", "mean", "exp", "e", "p", "m", "v", "g", "mc", "vc", "t", "l", "i", "j",
))

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z][A-Za-z_]*")
_FILE_NAME = re.compile(r"^[\w.\-/\\~ ]+\.[A-Za-z0-9]{1,12}$")
_PATH = re.compile(r"^(/|~/|[A-Za-z]:\\)\S*$")   # a folder or file path, no spaces
_SHORTCUT = re.compile(r"^(Ctrl|Shift|Alt|Meta|F\d+)([+\-].*)?$")


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text))


def is_language_neutral(text: str, allowed=()) -> bool:
    """True when ``text`` needs no translation: no letters other than those of
    :data:`NEUTRAL_WORDS` or ``allowed`` (numbers, units, formulas, names of methods),
    a file name, or a keyboard shortcut."""
    plain = text.replace("&", "").strip()
    if not plain or plain in allowed:
        return True
    if _FILE_NAME.match(plain) or _SHORTCUT.match(plain) or _PATH.match(plain):
        return True
    extra = {w.lower() for w in allowed}
    return all(w.lower() in NEUTRAL_WORDS or w.lower() in extra for w in _WORD.findall(plain))


@dataclass(frozen=True)
class VisibleText:
    """One text on screen: where it is (a widget path and what kind of text) and the text."""

    where: str
    kind: str
    text: str


def _path(widget) -> str:
    parts = []
    while widget is not None:
        name = widget.objectName() or type(widget).__name__
        parts.append(name)
        widget = widget.parent() if hasattr(widget, "parent") else None
    return "/".join(reversed(parts[:4]))


def _menu_texts(menu, where: str, out: list, seen: set) -> None:
    if id(menu) in seen:
        return
    seen.add(id(menu))
    menu.aboutToShow.emit()   # menus filled on demand (Open Recent, Examples)
    out.append(VisibleText(where, "menu", menu.title()))
    for action in menu.actions():
        if action.isSeparator():
            continue
        if action.menu() is not None:
            _menu_texts(action.menu(), where + "/" + action.text(), out, seen)
            continue
        out.append(VisibleText(where, "action", action.text()))
        if action.statusTip():
            out.append(VisibleText(where, "status tip", action.statusTip()))
        if action.toolTip() and action.toolTip() != action.text().replace("&", ""):
            out.append(VisibleText(where, "action tooltip", action.toolTip()))


def visible_texts(root) -> list[VisibleText]:
    """Every text ``root`` (a widget) and its descendants show, visible or not yet shown
    (texts on hidden pages and in tooltips count: a person reaches them)."""
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QMenu,
        QMenuBar,
        QTabBar,
        QTextEdit,
        QTreeWidget,
        QWidget,
    )
    out: list[VisibleText] = []
    seen_menus: set = set()
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        where = _path(w)

        def add(kind, text, where=where):
            if text:
                out.append(VisibleText(where, kind, text))
        if w.isWindow():
            add("window title", w.windowTitle())
        add("tooltip", w.toolTip())
        if isinstance(w, QLabel):
            add("label", w.text())
        elif isinstance(w, QAbstractButton):
            add("button", w.text())
        elif isinstance(w, QGroupBox):
            add("group", w.title())
        elif isinstance(w, QLineEdit):
            add("placeholder", w.placeholderText())
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                add("combo item", w.itemText(i))
                add("combo tooltip", w.itemData(i, 3))   # Qt.ItemDataRole.ToolTipRole
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                add("tab", w.tabText(i))
                add("tab tooltip", w.tabToolTip(i))
        elif isinstance(w, QTextEdit):
            for paragraph in w.toPlainText().split("\n"):
                add("document", paragraph)
        elif isinstance(w, QTreeWidget):
            pending = [w.topLevelItem(i) for i in range(w.topLevelItemCount())]
            while pending:
                item = pending.pop(0)
                add("tree item", item.text(0))
                add("tree tooltip", item.toolTip(0))
                pending += [item.child(k) for k in range(item.childCount())]
        elif isinstance(w, QMenuBar):
            for action in w.actions():
                if action.menu() is not None:
                    _menu_texts(action.menu(), where, out, seen_menus)
        elif isinstance(w, QMenu):
            _menu_texts(w, where, out, seen_menus)
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            from PySide6.QtCore import QModelIndex, Qt
            horizontal = Qt.Orientation.Horizontal
            try:
                columns = model.columnCount(QModelIndex())
            except TypeError:   # a list model: one column, no header
                columns = 0
            for section in range(columns):
                header = model.headerData(section, horizontal, Qt.ItemDataRole.DisplayRole)
                add("header", str(header) if header is not None else "")
                tip = model.headerData(section, horizontal, Qt.ItemDataRole.ToolTipRole)
                add("header tooltip", str(tip) if tip is not None else "")
    return [t for t in out if isinstance(t.text, str) and t.text.strip()]


def untranslated(texts, allowed=()) -> list[VisibleText]:
    """The texts of ``texts`` with no Chinese that are not language-neutral or ``allowed``."""
    allowed = set(allowed)
    return [t for t in texts if not has_chinese(t.text) and t.text not in allowed
            and not is_language_neutral(t.text, ())]


def main_window_texts(window) -> list[VisibleText]:
    """What the main window shows: every tab's page, menus, the status bar."""
    texts = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
    texts.extend(visible_texts(window))
    window.tabs.setCurrentIndex(0)
    return texts


def report(texts) -> str:
    """``texts`` (untranslated :class:`VisibleText` records) one a line, without repeats."""
    seen, lines = set(), []
    for item in texts:
        if item.text not in seen:
            seen.add(item.text)
            lines.append(f"{item.where} [{item.kind}]: {item.text!r}")
    return "\n".join(lines)
