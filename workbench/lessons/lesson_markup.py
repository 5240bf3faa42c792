"""The markup a lesson's texts may use: plain text, line breaks and ``**bold**``.

A lesson file may come from anywhere (Lessons › Open lesson file…), so its texts are never
handed to Qt as rich text: HTML in them (``<img src=/etc/x>``, links, styles) is shown as
the characters it is. :func:`lesson_html` escapes everything, then turns the one allowed
mark, ``**bold**``, and line breaks into HTML; the result loads nothing (no images, links
or style sheets). The format is documented in ``resources/lessons/README.md``.
"""

from __future__ import annotations

import html
import re

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL)


def lesson_html(text: str) -> str:
    """``text`` as safe HTML: escaped, ``**bold**`` as bold, line breaks kept."""
    escaped = html.escape(text, quote=False)
    return _BOLD.sub(r"<b>\1</b>", escaped).replace("\n", "<br>")


def lesson_tooltip(text: str) -> str:
    """``text`` for a tooltip (which Qt would otherwise read as rich text when it looks
    like HTML): :func:`lesson_html` marked as rich text, so nothing in it is loaded."""
    return f"<qt>{lesson_html(text)}</qt>" if text else ""
