"""The texts a window shows, and which of them are still English in the Chinese interface.

:func:`visible_texts` walks a widget tree and collects what a person reads: labels,
buttons, check boxes, group titles, tab texts and tooltips, menu and action texts, combo
items, table and tree headers, window titles, placeholder texts. :func:`untranslated`
keeps those with no Chinese character that are not names every language writes the
same way (:func:`is_language_neutral`: numbers, units, file names, formulas, "ReLU",
"Adam" ...). ``python3 -m workbench.i18n.visible_texts`` builds the main window in
Chinese, opens its tabs and menus, and prints every untranslated text with where it
is: the list the next wrapping pass works through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words written the same in Chinese texts (names of methods, formats, units, symbols).
NEUTRAL_WORDS = frozenset("""
relu leaky_relu leaky elu gelu selu sigmoid tanh softmax softplus swish silu mish linear
identity dense conv2d maxpool2d avgpool2d flatten dropout batchnorm batch_norm layernorm
adam adamw sgd rmsprop adagrad nesterov mse mae huber bce cross_entropy nll l1 l2
he glorot xavier kaiming lecun torch_default uniform normal onnx npz csv tsv txt json png
svg safetensors numpy pytorch cupy cuda gpu cpu float32 float64 float16 mnist iris xor
moons spiral spirals circles gaussian gaussians blobs fashion_mnist f1 auc roc
x y z w b a n k lr epoch epochs ms s px id ok
""".split())

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z][A-Za-z_]*")
_FILE_NAME = re.compile(r"^[\w.\-/\\~ ]+\.[A-Za-z0-9]{1,12}$")
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
    if _FILE_NAME.match(plain) or _SHORTCUT.match(plain):
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


def main(argv=None) -> int:
    """Print every text of the main window that has no Chinese translation."""
    import os
    import sys
    import tempfile
    from pathlib import Path
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from workbench import i18n
    from workbench.app import ensure_application
    app = ensure_application()
    i18n.install(app, "zh_CN")
    from workbench.main_window import MainWindow
    from workbench.settings import WorkbenchSettings
    with tempfile.TemporaryDirectory() as tmp:
        window = MainWindow(settings=WorkbenchSettings.at(Path(tmp) / "s.ini"),
                            restore_layout=False)
        window.wait_for_data()
        missing = untranslated(main_window_texts(window))
        seen = set()
        for item in missing:
            key = (item.kind, item.text)
            if key in seen:
                continue
            seen.add(key)
            print(f"{item.where} [{item.kind}]: {item.text!r}")
        window.discard_and_close()
    print(f"{len(seen)} untranslated text(s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
