"""The domain core stays pure: no UI, speech, audio or storage libraries under assistant/domain/."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[1] / "assistant" / "domain"
FORBIDDEN = {"flet", "vosk", "sounddevice", "tinydb"}
PARSER_ALLOWED = set(sys.stdlib_module_names) | {"text_to_num", "text2num", "assistant", "__future__"}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            found.append((node.lineno, str(node.args[0].value)))
    return found


def _modules() -> list[Path]:
    return sorted(DOMAIN.rglob("*.py"))


def test_domain_has_modules():
    assert _modules(), f"no Python files under {DOMAIN}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(DOMAIN)))
def test_no_forbidden_imports(path: Path):
    bad = [f"{path.name}:{line} imports {name}" for line, name in _imports(path)
           if name.split(".")[0] in FORBIDDEN]
    assert not bad, "; ".join(bad)


@pytest.mark.parametrize("path", sorted((DOMAIN / "parser").rglob("*.py")), ids=lambda p: p.name)
def test_parser_uses_stdlib_and_text2num_only(path: Path):
    bad = [f"{path.name}:{line} imports {name}" for line, name in _imports(path)
           if name.split(".")[0] not in PARSER_ALLOWED
           or (name.startswith("assistant") and not name.startswith("assistant.domain"))]
    assert not bad, "; ".join(bad)


def test_the_check_catches_a_forbidden_import(tmp_path: Path):
    sample = tmp_path / "bad.py"
    sample.write_text("import os\nfrom flet import Page\nimport vosk.model\n", encoding="utf-8")
    names = {name.split(".")[0] for _, name in _imports(sample)}
    assert {"flet", "vosk"} <= names


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(DOMAIN)))
def test_domain_imports_no_other_assistant_layer(path: Path):
    """Labels come from the catalogue at the edge: the domain keeps codes and never imports assistant.i18n."""
    bad = [f"{path.name}:{line} imports {name}" for line, name in _imports(path)
           if name.startswith("assistant") and not name.startswith("assistant.domain")]
    assert not bad, "; ".join(bad)


def test_domain_codes_carry_no_labels_the_edge_words_them():
    """The domain keeps codes only (no ``.label()``, no installed hook); ``i18n.label`` words them."""
    from assistant.domain.boboc import CardItem, Phase
    from assistant.domain.entries import EntryKind, TaskStatus
    from assistant.domain.meeting import AgendaItem
    from assistant.i18n import label

    for code_type in (EntryKind, TaskStatus, Phase, AgendaItem):
        assert not hasattr(code_type, "label"), code_type
    assert not hasattr(CardItem, "text")
    assert (label(EntryKind.ORDER, "nl"), label(EntryKind.ORDER, "en")) == ("Opdracht", "Order")
