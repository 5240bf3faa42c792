"""The language setting: stored, defaulting to the system's language, chosen in a menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from workbench import i18n


def test_the_setting_defaults_to_the_system_language_and_remembers_a_choice(settings):
    assert settings.language() == "system"
    settings.set_language("zh_CN")
    settings.sync()
    assert type(settings).at(settings.qsettings.fileName()).language() == "zh_CN"
    settings.set_language("en")
    assert settings.language() == "en"


def test_an_unknown_language_is_refused_in_one_sentence(settings):
    with pytest.raises(ValueError, match='language: expected "system" or one of'):
        settings.set_language("klingon")
    settings.qsettings.setValue("interface/language", "klingon")   # a hand-edited file
    assert settings.language() == "system"


@pytest.mark.parametrize(("locale", "expected"), [
    (QLocale(QLocale.Language.Chinese, QLocale.Country.China), "zh_CN"),
    (QLocale(QLocale.Language.Chinese, QLocale.Script.SimplifiedChineseScript,
             QLocale.Country.Singapore), "zh_CN"),
    (QLocale(QLocale.Language.Chinese, QLocale.Script.TraditionalChineseScript,
             QLocale.Country.Taiwan), "en"),
    (QLocale(QLocale.Language.English, QLocale.Country.UnitedStates), "en"),
    (QLocale(QLocale.Language.German, QLocale.Country.Germany), "en"),
])
def test_system_default_follows_the_system_locale(locale, expected):
    assert i18n.resolve("system", locale) == expected
    assert i18n.resolve(None, locale) == expected
    assert i18n.resolve("en", locale) == "en"
    assert i18n.resolve("zh_CN", locale) == "zh_CN"


def test_installing_chinese_translates_and_english_restores(qapp):
    try:
        assert i18n.install(qapp, "zh_CN") == "zh_CN"
        assert i18n.language() == "zh_CN"
        assert QCoreApplication.translate("NetworkDesigner", "Undo") == "撤销"
        assert QCoreApplication.translate("core.registry", "Dense") == "全连接层"
    finally:
        assert i18n.install(qapp, "en") == "en"
    assert i18n.language() == "en"
    assert QCoreApplication.translate("NetworkDesigner", "Undo") == "Undo"


def test_counted_keeps_english_plurals_until_translated():
    assert i18n.counted("{} feature(s)", "1 feature", 1) == "1 feature"
    assert i18n.counted("{} 个特征", "2 features", 2) == "2 个特征"


def test_choosing_chinese_in_the_settings_menu_stores_it_and_says_so_in_chinese(window):
    notes = []
    window._show_language_note = lambda title, text: notes.append((title, text))
    menu = window.settings_menu
    assert [a.text() for a in menu.actions()] == ["&Language"]
    actions = {a.data(): a for a in window.language_actions.actions()}
    assert list(actions) == ["system", "en", "zh_CN"]
    assert actions["system"].isChecked()          # a fresh settings file: the system's
    assert actions["zh_CN"].text() == "简体中文"
    actions["zh_CN"].trigger()
    assert window.settings.language() == "zh_CN"
    assert actions["zh_CN"].isChecked()
    assert notes == [("界面语言", "下次启动工作台时界面语言将切换为简体中文。")]
    actions["en"].trigger()                       # the interface speaks English now: no note
    assert window.settings.language() == "en"
    assert len(notes) == 1
