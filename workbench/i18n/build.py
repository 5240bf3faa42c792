"""Update the translation sources and compile them: ``python3 -m workbench.i18n.build``.

1. ``lupdate`` reads every ``self.tr(...)`` / ``QCoreApplication.translate(...)`` of
   ``workbench/`` plus the core texts of :func:`workbench.i18n.core_texts.core_texts`
   and the ``_tr("...")`` calls of modules whose ``_tr`` wraps ``QCoreApplication.translate``
   (:func:`alias_texts`), all written to a temporary file as ``QT_TRANSLATE_NOOP`` lines,
   and merges them into
   ``translations/workbench_<language>.ts``: new strings arrive ``type="unfinished"``,
   translated ones keep their translation, strings gone from the sources are dropped;
   a new string whose English text is in ``translations/pending_<language>.json``
   (translations made ahead for modules not wrapped yet) takes that translation.
2. ``lrelease`` compiles each ``.ts`` into the ``.qm`` the application loads.

Translate the new strings in the ``.ts`` (Qt Linguist, or any text editor), then run the
command again. ``--check`` compiles into a temporary folder only and exits 1 when a
message is untranslated or the committed ``.qm`` differs from a fresh compile.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from workbench.i18n import LANGUAGES, TRANSLATIONS_DIR, qm_path, ts_path

WORKBENCH_DIR = Path(__file__).resolve().parents[1]


def qt_tool(name: str) -> str:
    """The path of Qt's ``lupdate``/``lrelease``: PySide6's own copy, else one on PATH."""
    import PySide6
    bundled = Path(PySide6.__file__).parent / (name + (".exe" if os.name == "nt" else ""))
    if bundled.exists():
        return str(bundled)
    found = shutil.which(name) or shutil.which(f"pyside6-{name}")
    if found is None:
        raise SystemExit(f"workbench.i18n.build: Qt's {name} was not found (it comes with "
                         "PySide6); install PySide6 or put {name} on PATH.")
    return found


def source_files() -> list[Path]:
    """The Python files of ``workbench/`` that lupdate reads."""
    return sorted(p for p in WORKBENCH_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def alias_texts(path: Path) -> list[tuple[str, str]]:
    """(context, text) of each ``_tr("...")`` call in ``path``, a module whose module-level
    ``def _tr(text): return QCoreApplication.translate("<context>", text)`` lupdate cannot
    follow (it reads only ``tr``/``translate``/``QT_TRANSLATE_NOOP`` calls)."""
    import ast
    source = path.read_text(encoding="utf-8")
    if "def _tr(" not in source:
        return []
    tree = ast.parse(source)
    context = None
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "_tr":
            for inner in ast.walk(node):
                if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and \
                        inner.func.attr == "translate" and inner.args and \
                        isinstance(inner.args[0], ast.Constant):
                    context = inner.args[0].value
    if context is None:
        return []
    return [(context, node.args[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id == "_tr" and node.args and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)]


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"workbench.i18n.build: {Path(command[0]).name} failed:\n"
                         + done.stdout + done.stderr)


def update_ts(language: str, ts: Path | None = None) -> Path:
    """Merge the current strings into ``language``'s ``.ts`` (created when missing), or
    into ``ts`` (a copy, to see what a build would change)."""
    from workbench.i18n.core_texts import extraction_source
    ts = ts_path(language) if ts is None else Path(ts)
    with tempfile.TemporaryDirectory() as tmp:
        core_file = Path(tmp) / "core_texts_for_lupdate.py"
        aliases = "".join(f"QT_TRANSLATE_NOOP({context!r}, {text!r})\n"
                          for path in source_files() for context, text in alias_texts(path))
        core_file.write_text(extraction_source() + aliases, encoding="utf-8")
        listing = Path(tmp) / "sources.lst"
        listing.write_text("\n".join(str(p) for p in [*source_files(), core_file]) + "\n",
                           encoding="utf-8")
        _run([qt_tool("lupdate"), "-silent", "-no-obsolete", "-locations", "none",
              "-target-language", language, f"@{listing}", "-ts", str(ts)])
    # lupdate takes Python's "#:" comments for translator notes: they are code comments here
    text = ts.read_text(encoding="utf-8")
    text = re.sub(r"\n *<extracomment>.*?</extracomment>", "", text, flags=re.DOTALL)
    ts.write_text(fill_from_pending(text, pending_translations(language)), encoding="utf-8")
    return ts


def pending_translations(language: str) -> dict[str, str]:
    """English → translation made ahead of the wrapping (``pending_<language>.json``)."""
    path = TRANSLATIONS_DIR / f"pending_{language}.json"
    if not path.exists():
        return {}
    return dict(json.loads(path.read_text(encoding="utf-8"))["texts"])


_UNFINISHED = re.compile(r'(<source>([^<]*)</source>\s*)<translation type="unfinished">[^<]*'
                         r"</translation>")


def fill_from_pending(ts_text: str, pending: dict[str, str]) -> str:
    """``ts_text`` with each untranslated message whose English text has a translation in
    ``pending`` translated (whatever its context)."""
    def fill(match):
        source = html.unescape(match.group(2))
        if source not in pending:
            return match.group(0)
        return f"{match.group(1)}<translation>{html.escape(pending[source], quote=False)}" \
               "</translation>"
    return _UNFINISHED.sub(fill, ts_text)


def release(ts: Path, qm: Path) -> None:
    """Compile ``ts`` into ``qm``."""
    _run([qt_tool("lrelease"), "-silent", str(ts), "-qm", str(qm)])


def check(language: str) -> list[str]:
    """Problems of ``language``'s committed translation (empty when none)."""
    problems = []
    ts = ts_path(language)
    text = ts.read_text(encoding="utf-8")
    unfinished = text.count('type="unfinished"')
    if unfinished:
        problems.append(f"{ts.name}: {unfinished} message(s) are not translated "
                        '(type="unfinished")')
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.qm"
        release(ts, fresh)
        if not qm_path(language).exists() or \
                fresh.read_bytes() != qm_path(language).read_bytes():
            problems.append(f"{qm_path(language).name} is not the compiled {ts.name}: run "
                            "python3 -m workbench.i18n.build")
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m workbench.i18n.build",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 when a translation is missing or stale")
    args = parser.parse_args(argv)
    languages = [lang for lang in LANGUAGES if lang != "en"]
    if args.check:
        problems = [p for lang in languages for p in check(lang)]
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    for language in languages:
        ts = update_ts(language)
        release(ts, qm_path(language))
        left = ts.read_text(encoding="utf-8").count('type="unfinished"')
        print(f"{ts.name}: {left} message(s) still to translate; wrote {qm_path(language).name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
