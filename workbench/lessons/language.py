"""Which of a lesson's two languages to show: the interface's.

Lessons carry their own English and Simplified Chinese texts
(:mod:`core.lessons.lesson_format`). :func:`lesson_language` is the one place that
decides which to show, so that it can follow the interface language setting.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale


def lesson_language() -> str:
    """``"zh_CN"`` when the interface language (the default QLocale) is Chinese, else
    ``"en"``."""
    return "zh_CN" if QLocale().name().startswith("zh") else "en"
