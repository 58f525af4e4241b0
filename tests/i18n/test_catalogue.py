"""The one string catalogue: both languages complete and alike, every key the code uses exists.

These read the real TOML files and scan the real source tree, so a key added in code but not in the
catalogue (or in one language only, or with a different placeholder) fails here, not in a meeting.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from enum import Enum
from pathlib import Path

import pytest

import assistant
import assistant.i18n as i18n
from assistant.domain import boboc, entries
from assistant.domain.errors import AssistantError

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "assistant").rglob("*.py"))
NL, EN = i18n.catalogue("nl"), i18n.catalogue("en")
SECTIONS = {key.split(".", 1)[0] for key in NL}


def test_catalogue_is_not_empty_and_has_the_screens_sections():
    assert len(NL) > 300
    assert {"shell", "logger", "chair", "start", "error", "kind", "phase"} <= SECTIONS


def test_every_key_exists_in_both_languages():
    assert sorted(set(NL) - set(EN)) == [], "in nl.toml only"
    assert sorted(set(EN) - set(NL)) == [], "in en.toml only"


@pytest.mark.parametrize("key", sorted(NL))
def test_same_placeholders_and_no_empty_text(key: str):
    assert NL[key].strip() and EN[key].strip(), key
    assert i18n.placeholders(NL[key]) == i18n.placeholders(EN[key]), key


def test_t_fills_placeholders_and_switches_language():
    assert i18n.t("logger.drafts", "nl", n=3) == "Concepten (3)"
    assert i18n.t("logger.drafts", "en", n=3) == "Drafts (3)"
    assert i18n.t("logger.drafts", "fr", n=3) == "Concepten (3)"  # unknown language: Dutch


def test_unknown_key_raises_in_tests_and_shows_the_key_in_production():
    with pytest.raises(i18n.UnknownKey, match="logger.no_such_key"):
        i18n.t("logger.no_such_key", "nl")
    previous = i18n.set_strict(False)
    try:
        assert i18n.t("logger.no_such_key", "en") == "logger.no_such_key"
        assert i18n.t("logger.drafts", "en", m=1) == "Drafts ({n})"  # unfilled stays visible
    finally:
        i18n.set_strict(previous)
    with pytest.raises(i18n.MissingParam, match="'n'"):
        i18n.t("logger.drafts", "en", m=1)


def test_label_and_error_text_read_the_catalogue():
    assert i18n.label(entries.EntryKind.ORDER, "nl") == "Opdracht"
    assert i18n.label(entries.TaskStatus.IN_PROGRESS, "en") == "in progress"
    assert i18n.label(boboc.Phase.BEELDVORMING, "en") == "Picture"
    assert i18n.code_label("phase", "beeldvorming", "nl") == "Beeldvorming"
    assert i18n.code_label("phase", "zomaar", "nl") == "zomaar"  # unknown code stays visible
    assert "vol" in i18n.error_text("disk_full", "nl", detail="/data")
    assert i18n.error_text("no_such_code", "en", detail="x") == "Something went wrong: x"


# --- every used key exists -------------------------------------------------------------------------


def _is_t_call(node: ast.Call) -> bool:
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "t") or (
        isinstance(func, ast.Attribute) and func.attr == "t"
    )


#: Files whose dotted literals are not catalogue keys (the gateway's "area.method" table).
NOT_KEY_FILES = {"assistant/app/permissions.py"}


def _used_keys() -> tuple[dict[str, str], dict[str, str]]:
    """Literal keys (any string literal shaped like ``<section>.<name>``) and f-string prefixes of t()."""
    literal: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for path in SOURCES:
        where = str(path.relative_to(ROOT))
        if where in NOT_KEY_FILES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                head, dot, rest = node.value.partition(".")
                if not (dot and head in SECTIONS and rest.replace(".", "").replace("_", "").isalnum()):
                    continue
                found = prefixes if node.value.endswith(".") else literal  # "chair.section." + name
                found.setdefault(node.value, f"{where}:{node.lineno}")
            elif isinstance(node, ast.Call) and _is_t_call(node) and node.args:
                first = node.args[0]
                if isinstance(first, ast.JoinedStr) and first.values:
                    start = first.values[0]
                    if isinstance(start, ast.Constant) and isinstance(start.value, str):
                        prefixes.setdefault(start.value, f"{where}:{node.lineno}")
    return literal, prefixes


LITERAL_KEYS, KEY_PREFIXES = _used_keys()
#: String literals that look like keys but are not (tab state slots of the chair's screen).
NOT_KEYS = {"chair.section", "chair.reminded"}


def test_the_scan_finds_the_keys_the_screens_use():
    assert {"logger.title", "chair.title", "shell.app_title"} <= set(LITERAL_KEYS)


def test_every_literal_key_in_the_code_exists():
    tables = {key.rsplit(".", 1)[0] for key in NL}  # namespaces, e.g. code_label("cli.verify.chain", c)
    missing = {
        key: at for key, at in LITERAL_KEYS.items() if key not in NL and key not in tables and key not in NOT_KEYS
    }
    assert missing == {}


def test_every_dynamic_key_prefix_matches_some_key():
    missing = {p: at for p, at in KEY_PREFIXES.items() if not any(k.startswith(p) for k in NL)}
    assert missing == {}


def _all_subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_all_subclasses(sub))
    return found


def _import_everything() -> None:
    for module in pkgutil.walk_packages(assistant.__path__, "assistant."):
        if module.name.endswith("__main__"):
            continue
        importlib.import_module(module.name)


def test_every_error_code_has_a_message():
    _import_everything()
    import speech.errors

    codes = {cls.code for cls in [AssistantError, *_all_subclasses(AssistantError)]}
    codes |= set(speech.errors.ERROR_CLASSES)
    missing = sorted(code for code in codes if f"error.{code}" not in NL)
    assert missing == []


@pytest.mark.parametrize("enum", [entries.EntryKind, entries.TaskStatus, entries.DeadlineKind,
                                  entries.Reliability, entries.Priority, boboc.Phase])
def test_every_domain_code_has_a_label(enum: type[Enum]):
    for member in enum:
        assert i18n.label_key(member) in NL, member


def test_no_strings_are_registered_outside_the_catalogue():
    """The old run-time ``register()`` path is gone: importing every module adds no key, and the
    shim modules that served it no longer exist."""
    before = set(i18n.keys(""))
    _import_everything()
    assert set(i18n.keys("")) == before
    assert not hasattr(i18n, "add_runtime")
    package = Path(assistant.__file__).parent
    for shim in ("messages.py", "ui/i18n.py", "ui/logger/strings.py", "ui/chair/strings.py"):
        assert not (package / shim).exists(), shim
