"""Settings › Language: English, 简体中文, or the system's language (the default).

The choice is stored in the settings and takes effect when the workbench starts again
(every widget sets its texts once, when it is built; rebuilding the whole window live
would lose the open run's plots). The message that says so is written in the chosen
language, since that is the one the person can read.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox

from workbench.i18n import LANGUAGES, SYSTEM, language, system_language

#: What the restart note says, in each language (shown in the language just chosen).
RESTART_NOTE = {
    "en": ("Language", "The workbench will speak {} from its next start."),
    "zh_CN": ("界面语言", "下次启动工作台时界面语言将切换为{}。"),
}


def install_language_menu(window, settings, before=None) -> QMenu:
    """Add a Settings menu with the Language choices to ``window``'s menu bar (before the
    menu whose action is ``before``, else last) and return it.

    ``settings`` is a :class:`workbench.settings.WorkbenchSettings`.
    """
    menu = QMenu(QCoreApplication.translate("LanguageMenu", "&Settings"), window)
    menu.setObjectName("settings_menu")
    bar = window.menuBar()
    if before is not None:
        bar.insertMenu(before, menu)
    else:
        bar.addMenu(menu)
    languages = menu.addMenu(QCoreApplication.translate("LanguageMenu", "&Language"))
    languages.setObjectName("language_menu")
    group = QActionGroup(window)
    group.setExclusive(True)
    current = settings.language()
    system_name = LANGUAGES[system_language()]
    choices = [(SYSTEM, QCoreApplication.translate("LanguageMenu", "System default ({})")
                .format(system_name))]
    choices += [(key, name) for key, name in LANGUAGES.items()]
    for key, text in choices:
        action = QAction(text, window)
        action.setCheckable(True)
        action.setChecked(key == current)
        action.setData(key)
        action.setObjectName(f"language_{key}")
        group.addAction(action)
        languages.addAction(action)
        action.triggered.connect(lambda _checked=False, k=key: _chosen(window, settings, k))
    window.language_actions = group
    return menu


def restart_note(chosen: str) -> tuple[str, str]:
    """(title, sentence) telling, in the language ``chosen`` resolves to, that it applies
    from the next start."""
    from workbench.i18n import resolve
    target = resolve(chosen)
    title, sentence = RESTART_NOTE[target]
    return title, sentence.format(LANGUAGES[target])


def _chosen(window, settings, key: str) -> None:
    previous = settings.language()
    settings.set_language(key)
    settings.sync()
    from workbench.i18n import resolve
    if key == previous or resolve(key) == language():
        return
    title, text = restart_note(key)
    show = getattr(window, "_show_language_note", None)
    if callable(show):   # tests replace the message box
        show(title, text)
    else:
        QMessageBox.information(window, title, text)
