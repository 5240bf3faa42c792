"""The committed translation: complete, up to date with the sources, compiled into the .qm."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET

from workbench.i18n import build, qm_path, ts_path

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _messages(path):
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            yield name, message.findtext("source"), message.find("translation")


def test_every_message_of_the_ts_has_a_chinese_translation():
    missing = [(context, source) for context, source, translation in _messages(ts_path("zh_CN"))
               if translation.get("type") in ("unfinished", "vanished", "obsolete")
               or not (translation.text or "").strip()]
    assert missing == [], f"{len(missing)} message(s) not translated: {missing[:20]}"


def _placeholders(text: str) -> list[str]:
    """The fields of a format string, "{}" numbered in order ("{0}", "{1}"...), sorted: a
    translation may reorder its fields by numbering them."""
    fields = PLACEHOLDER.findall(text)
    automatic = iter(range(len(fields)))
    return sorted(f"{{{next(automatic)}}}" if f == "{}" else f for f in fields)


def test_translations_keep_the_placeholders_of_their_source():
    """A "{}" lost or renamed in a translation would raise or show the wrong number."""
    wrong = [(source, translation.text) for _c, source, translation in _messages(ts_path("zh_CN"))
             if _placeholders(source) != _placeholders(translation.text or "")]
    assert wrong == []
    assert _placeholders("from {} to {} at {}") == _placeholders("在 {2} 从 {0} 到 {1}")
    assert _placeholders("from {} to {}") != _placeholders("从 {0} 到 {0}")


def test_the_ts_holds_every_string_of_the_sources(tmp_path):
    """lupdate over today's sources adds nothing: every tr()/translate() string and every
    core text (registry, fixed findings and alerts, examples) is in the committed .ts."""
    copy = tmp_path / "workbench_zh_CN.ts"
    shutil.copyfile(ts_path("zh_CN"), copy)
    build.update_ts("zh_CN", copy)
    new = [(context, source) for context, source, translation in _messages(copy)
           if translation.get("type") == "unfinished"]
    assert new == [], ("strings with no translation (run python3 -m workbench.i18n.build and "
                       f"translate them in {ts_path('zh_CN').name}): {new}")


def test_the_committed_qm_is_the_compiled_ts(tmp_path):
    fresh = tmp_path / "fresh.qm"
    build.release(ts_path("zh_CN"), fresh)
    assert fresh.read_bytes() == qm_path("zh_CN").read_bytes()
    assert build.check("zh_CN") == []


def test_check_reports_an_untranslated_message(tmp_path, monkeypatch):
    """The --check of the build command fails for the right reason."""
    ts = tmp_path / "workbench_zh_CN.ts"
    text = ts_path("zh_CN").read_text(encoding="utf-8")
    text = text.replace("<translation>撤销</translation>",
                        '<translation type="unfinished"></translation>', 1)
    ts.write_text(text, encoding="utf-8")
    shutil.copyfile(qm_path("zh_CN"), tmp_path / "workbench_zh_CN.qm")
    monkeypatch.setattr(build, "ts_path", lambda language: ts)
    monkeypatch.setattr(build, "qm_path", lambda language: tmp_path / "workbench_zh_CN.qm")
    problems = build.check("zh_CN")
    assert problems[0] == 'workbench_zh_CN.ts: 1 message(s) are not translated (type="unfinished")'
    assert "is not the compiled" in problems[1]


def test_a_newly_wrapped_text_takes_its_translation_made_ahead(tmp_path, monkeypatch):
    """The second wrapping pass is mechanical: a text of pending_zh_CN.json that lupdate
    finds in a newly wrapped module arrives translated, in whatever context."""
    module = tmp_path / "training_view_wrapped.py"
    module.write_text('from PySide6.QtCore import QCoreApplication\n'
                      'QCoreApplication.translate("TrainingView", "Step epoch")\n'
                      'QCoreApplication.translate("TrainingView", "Not translated anywhere")\n',
                      encoding="utf-8")
    monkeypatch.setattr(build, "source_files", lambda: [module])
    copy = tmp_path / "workbench_zh_CN.ts"
    shutil.copyfile(ts_path("zh_CN"), copy)
    build.update_ts("zh_CN", copy)
    found = {(c, s): (t.text, t.get("type")) for c, s, t in _messages(copy)
             if c == "TrainingView"}
    assert found == {("TrainingView", "Step epoch"): ("单轮", None),
                     ("TrainingView", "Not translated anywhere"): (None, "unfinished")}


def test_translations_made_ahead_keep_their_placeholders():
    pending = build.pending_translations("zh_CN")
    assert len(pending) > 100
    wrong = [(s, t) for s, t in pending.items() if _placeholders(s) != _placeholders(t)]
    assert wrong == []


def test_module_tr_aliases_are_extracted_in_their_context(tmp_path):
    """lupdate reads only tr()/translate(); a module's own _tr("...") helper is found by
    the build and its texts land in the helper's context."""
    module = tmp_path / "panel_texts.py"
    module.write_text('from PySide6.QtCore import QCoreApplication\n\n\n'
                      'def _tr(text):\n'
                      '    return QCoreApplication.translate("SomePanel", text)\n\n\n'
                      'LABEL = _tr("Hello")\n'
                      'OTHER = _tr(f"{LABEL}!")\n', encoding="utf-8")
    assert build.alias_texts(module) == [("SomePanel", "Hello")]
    plain = tmp_path / "plain.py"
    plain.write_text('print("no helper")\n', encoding="utf-8")
    assert build.alias_texts(plain) == []
