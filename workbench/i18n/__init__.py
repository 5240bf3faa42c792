"""The interface's languages: English (the source strings) and Simplified Chinese.

Every user-visible string of ``workbench/`` goes through ``self.tr()`` or
``QCoreApplication.translate(context, text)``; :func:`install` loads the compiled
translation ``translations/workbench_<locale>.qm`` (package data, built from the ``.ts``
beside it by ``python3 -m workbench.i18n.build``) into the application.
Texts that come from ``core`` (registry help, analysis findings, health alerts) are
English there — core knows no Qt — and are translated where they are shown, by
:mod:`workbench.i18n.core_texts`.

The language is a setting (:meth:`workbench.settings.WorkbenchSettings.language`):
``"system"`` (the default: the system's language when it is one of
:data:`LANGUAGES`, else English), ``"en"`` or ``"zh_CN"``. A change takes effect at the
next start: the widgets set their texts once, when they are built.
"""

from __future__ import annotations

from pathlib import Path

#: Languages the interface speaks: setting value → the language's own name.
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
#: The setting value meaning "whatever the system's language is".
SYSTEM = "system"
TRANSLATIONS_DIR = Path(__file__).with_name("translations")


def qm_path(language: str) -> Path:
    """The compiled translation of ``language`` (English needs none)."""
    return TRANSLATIONS_DIR / f"workbench_{language}.qm"


def ts_path(language: str) -> Path:
    """The translation source of ``language`` (committed; edited with Qt Linguist)."""
    return TRANSLATIONS_DIR / f"workbench_{language}.ts"


def system_language(locale=None) -> str:
    """The language of :data:`LANGUAGES` that ``locale`` (default ``QLocale.system()``)
    speaks: ``"zh_CN"`` for any Chinese written in simplified characters, else English."""
    from PySide6.QtCore import QLocale
    locale = QLocale.system() if locale is None else locale
    if locale.language() == QLocale.Language.Chinese and \
            locale.script() != QLocale.Script.TraditionalChineseScript:
        return "zh_CN"
    return "en"


def resolve(choice: str | None, locale=None) -> str:
    """The language a setting ``choice`` means: itself when it is one of
    :data:`LANGUAGES`, else (``"system"``, unknown, None) :func:`system_language`."""
    if choice in LANGUAGES:
        return choice
    return system_language(locale)


_installed: list = []   # the translators this module put into the application
_original_locale: list = []   # QLocale() before the first install (restored for English)


def install(app, choice: str | None = SYSTEM) -> str:
    """Load the translation that the setting ``choice`` asks for into ``app``.

    Removes a translation an earlier call installed. Returns the language now spoken
    (``"en"`` also when the ``.qm`` file is missing or unreadable: the interface then
    stays in its English source strings).
    """
    from PySide6.QtCore import QLocale, QTranslator
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if not _original_locale:
        _original_locale.append(QLocale())
    QLocale.setDefault(_original_locale[0])
    language = resolve(choice)
    if language == "en":
        return "en"
    translator = QTranslator(app)
    if not translator.load(str(qm_path(language))):
        return "en"
    app.installTranslator(translator)
    _installed.append(translator)
    # Qt's own dialogs (file dialogs, message box buttons) follow the default locale
    QLocale.setDefault(QLocale(language))
    qt_translator = QTranslator(app)
    from PySide6.QtCore import QLibraryInfo
    if qt_translator.load(QLocale(language), "qtbase", "_",
                          QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_translator)
        _installed.append(qt_translator)
    return language


def language() -> str:
    """The language installed now by :func:`install` (``"en"`` when none is)."""
    for translator in _installed:
        name = Path(translator.filePath()).stem
        if name.startswith("workbench_"):
            return name[len("workbench_"):]
    return "en"


def counted(template: str, english: str, *args) -> str:
    """A text with a count: ``template`` (a translated ``"{} feature(s)"``) filled with
    ``args``, or ``english`` (``plural(n, "feature")``: "1 feature", "2 features") while the
    template is untranslated, that is, still writes its plural as ``(s)``/``(es)``."""
    if "(s)" in template or "(es)" in template:
        return english
    return template.format(*args)
