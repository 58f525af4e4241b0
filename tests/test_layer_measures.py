"""The upper layers stay as easy to change as the core (issue #14's measures, kept by a test).

They read the real source tree: a UI or application file past 600 lines, or a screen helper that
takes ``tab: Any`` again instead of the typed ``Tab`` protocol (``assistant/ui/tab.py``), fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_LINES = 600
UPPER_LAYERS = ("assistant/ui", "assistant/app")


def _files() -> list[Path]:
    return sorted(p for top in UPPER_LAYERS for p in (ROOT / top).rglob("*.py"))


def test_no_ui_or_app_file_is_longer_than_one_can_hold_in_mind() -> None:
    long = {p.relative_to(ROOT).as_posix(): n for p in _files() if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert long == {}, f"split these files (at most {MAX_LINES} lines)"


def test_screens_take_the_typed_tab_not_any() -> None:
    untyped = re.compile(r"(?<![`\w])(tab|ctx)\s*:\s*Any\b")
    found = {
        f"{p.relative_to(ROOT).as_posix()}:{i}"
        for p in _files()
        for i, line in enumerate(p.read_text().splitlines(), start=1)
        if untyped.search(line)
    }
    assert found == set(), "type these as assistant.ui.tab.Tab / AccessTab or assistant.ui.app.AppContext"


def test_the_scan_sees_an_untyped_tab() -> None:
    assert re.search(r"\b(tab|ctx)\s*:\s*Any\b", "def build(tab: Any) -> None:")
