"""No ``nl if lang == "nl" else en`` outside the catalogue: text belongs in assistant/i18n/*.toml.

The scan reads the source tree (assistant/ and speech/) and finds every comparison of something
named like a language (``lang``, ``self.lang``, ``doc.lang``, ``pb.lang``) with a language code. Files
allowed one are listed in ``REMAINING`` (empty: data with its own Dutch and English fields goes through
``i18n.pick`` at the edge, everything else through ``t()``).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LANG_CODES = {"nl", "en"}

#: Files allowed a language comparison: none (issue #14 emptied this table; keep it empty).
REMAINING: dict[str, int] = {}


def _is_lang(node: ast.AST) -> bool:
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    if isinstance(node, ast.Call):  # getattr(args, "lang", "nl") == "en", _lang(args) == "nl"
        named_lang = any(isinstance(a, ast.Constant) and a.value == "lang" for a in node.args)
        return named_lang or _is_lang(node.func)
    return name in ("lang", "_lang", "other") or name.endswith("_lang")


def _is_code(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value in LANG_CODES


def language_comparisons(source: str) -> list[int]:
    """Line numbers of ``<lang> == "nl"``-style comparisons in ``source``."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and len(node.comparators) == 1:
            left, right = node.left, node.comparators[0]
            if (_is_lang(left) and _is_code(right)) or (_is_code(left) and _is_lang(right)):
                lines.append(node.lineno)
    return sorted(lines)


def _scan() -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for top in ("assistant", "speech"):
        for path in sorted((ROOT / top).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith("assistant/i18n/"):
                continue
            lines = language_comparisons(path.read_text(encoding="utf-8"))
            if lines:
                found[rel] = lines
    return found


def test_the_scan_catches_the_usual_forms():
    sample = (
        'a = nl if lang == "nl" else en\n'
        'b = pair[0 if self.lang == "nl" else 1]\n'
        'c = "en" if getattr(args, "lang", "nl") == "en" else "nl"\n'
        'if doc.lang != "en":\n    pass\n'
        'e = nl if _lang(args) == "nl" else en\n'
    'd = lang in LANGS\n'
    )
    assert language_comparisons(sample) == [1, 2, 3, 4, 6]


def test_no_new_language_ternaries_outside_the_catalogue():
    found = _scan()
    worse = {
        path: f"{len(lines)} (allowed {REMAINING.get(path, 0)}) at lines {lines}"
        for path, lines in found.items()
        if len(lines) > REMAINING.get(path, 0)
    }
    assert worse == {}, "put the texts into assistant/i18n/*.toml and call t(key, lang)"
