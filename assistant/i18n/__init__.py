"""The one string catalogue: every Dutch and English text the app shows, as data.

Why one catalogue: text used to live in eight places (screen tables, error messages, the speech
package, enum label tables, inline ``nl if lang == "nl" else en`` ternaries). A translator, a
reviewer or a test could not see them all. Now the texts are ``nl.toml`` and ``en.toml`` next to
this file (read with the standard library's ``tomllib``, like the parser's phrasebook), and code
asks for them with one function::

    from assistant.i18n import t
    t("logger.drafts", "en", n=3)       # "Drafts (3)"
    label(EntryKind.DECISION, "nl")     # "Besluit" (the domain keeps codes, the edge labels them)
    error_text("disk_full", "en", detail="/data")

Unknown keys and missing placeholders: in production the key itself is shown (visible, never a
crash); tests call ``set_strict(True)`` so a typo fails loudly with ``UnknownKey``.
"""

from __future__ import annotations

import logging
import string
import tomllib
from collections.abc import Mapping
from enum import Enum
from functools import cache
from importlib import resources
from typing import Any

from assistant.domain.errors import AssistantError

log = logging.getLogger(__name__)

LANGS: tuple[str, ...] = ("nl", "en")
DEFAULT_LANG = "nl"

#: Namespace of each domain vocabulary: ``label(EntryKind.DECISION)`` reads ``kind.decision``.
LABEL_NAMESPACES: dict[str, str] = {
    "EntryKind": "kind",
    "TaskStatus": "status",
    "DeadlineKind": "deadline_kind",
    "Reliability": "reliability",
    "Priority": "priority",
    "Phase": "phase",
}

_strict = False


class UnknownKey(KeyError):
    """A key that is in neither catalogue (raised only in strict mode: tests)."""


class MissingParam(KeyError):
    """A placeholder of the text that the caller did not fill (raised only in strict mode)."""


def set_strict(enabled: bool) -> bool:
    """Tests turn this on: unknown keys and unfilled placeholders raise instead of showing the key.

    Returns the previous setting, so a test of the production fallback can restore it.
    """
    global _strict
    previous, _strict = _strict, enabled
    return previous


def normalise_lang(lang: str | None) -> str:
    """Dutch unless the caller asks for a language we have."""
    return lang if lang in LANGS else DEFAULT_LANG


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """``{"logger": {"title": "x"}}`` → ``{"logger.title": "x"}``; quoted dotted keys stay whole."""
    flat: dict[str, str] = {}
    for key, value in data.items():
        full = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{full}."))
        elif isinstance(value, str):
            flat[full] = value
        else:
            raise ValueError(f"i18n key {full!r} must be text, not {type(value).__name__}")
    return flat


@cache
def catalogue(lang: str) -> Mapping[str, str]:
    """The flat key → text table of one language, read once from ``<lang>.toml``."""
    if lang not in LANGS:
        raise ValueError(f"no catalogue for language {lang!r}")
    raw = resources.files(__name__).joinpath(f"{lang}.toml").read_text(encoding="utf-8")
    return _flatten(tomllib.loads(raw))


def _template(key: str, lang: str) -> str | None:
    text = catalogue(lang).get(key)
    if text is not None:
        return text
    return None


class _Visible(dict[str, Any]):
    """Leaves an unfilled placeholder visible as ``{name}`` instead of raising (production)."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(key: str, text: str, params: Mapping[str, Any]) -> str:
    if not params or "{" not in text:
        return text  # no params: the template as is (legacy callers read templates)
    try:
        return text.format_map(params if _strict else _Visible(params))
    except KeyError as exc:
        raise MissingParam(f"i18n key {key!r} needs parameter {exc.args[0]!r}") from None
    except (IndexError, ValueError) as exc:
        if _strict:
            raise
        log.warning("i18n key %s: cannot fill %r (%s)", key, text, exc)
        return text


def t(key: str, lang: str | None = DEFAULT_LANG, **params: Any) -> str:
    """The text of ``key`` in ``lang`` with ``{placeholders}`` filled from ``params``."""
    code = normalise_lang(lang)
    text = _template(key, code)
    if text is None:
        if _strict:
            raise UnknownKey(f"unknown i18n key {key!r}")
        log.warning("missing i18n key %s", key)
        return key
    return _fill(key, text, params)


def has(key: str) -> bool:
    return _template(key, DEFAULT_LANG) is not None


def keys(prefix: str = "") -> list[str]:
    """Every catalogue key starting with ``prefix`` (sorted)."""
    return sorted(k for k in catalogue(DEFAULT_LANG) if k.startswith(prefix))


def placeholders(text: str) -> frozenset[str]:
    """The ``{names}`` a text expects (tests compare them between languages)."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


def label_key(member: Enum) -> str:
    """The catalogue key of a domain code: ``EntryKind.ORDER`` → ``kind.order``."""
    namespace = LABEL_NAMESPACES.get(type(member).__name__)
    if namespace is None:
        raise ValueError(f"no labels for {type(member).__name__}")
    return f"{namespace}.{member.value}"


def label(member: Enum, lang: str | None = DEFAULT_LANG) -> str:
    """The user-facing name of a domain code (kind, status, priority, phase ...)."""
    return t(label_key(member), lang)


def code_label(namespace: str, code: str | None, lang: str | None = DEFAULT_LANG) -> str:
    """Label of a plain string code (``"beeldvorming"``, ``"task"``); unknown codes stay as they are."""
    if not code:
        return ""
    key = f"{namespace}.{code}"
    return t(key, lang) if has(key) else code


def error_text(code: str, lang: str | None = DEFAULT_LANG, detail: str = "", **params: Any) -> str:
    """The message for an error code (``error.<code>``); unknown codes get the generic message."""
    key = f"error.{code}"
    if not has(key):
        key = "error.error"
    return t(key, lang, detail=detail, **params)


def speech_error_message(
    code: str, lang: str | None = DEFAULT_LANG, detail: str = "", params: Mapping[str, Any] | None = None
) -> str:
    """The user message of a speech or listening problem: its code, English detail and params.

    Why here: the speech package emits codes only (it must not import the app), and the listening
    state carries the same three values to every tab; each tab words them in its own language.
    """
    values: dict[str, Any] = dict(params or {})
    folder = values.get("folder")
    values["where"] = f" ({folder})" if folder else ""
    problems = values.get("problems")
    if isinstance(problems, (list, tuple)):
        values["problems"] = "; ".join(t(f"model_problem.{kind}", lang, path=path) for kind, path in problems)
    values.pop("detail", None)
    return error_text(code, lang, detail or code, **values)


def speech_error_text(err: Any, lang: str | None = DEFAULT_LANG) -> str:
    """The user message of a ``speech.errors.SpeechError`` (read by its code, detail and params)."""
    return speech_error_message(err.code, lang, err.detail, err.params)


def error_message(exc: AssistantError, lang: str | None = DEFAULT_LANG) -> str:
    """The user message of a raised ``AssistantError``: the edge's one call (CLI, UI) for errors."""
    params = {k: v for k, v in exc.params.items() if k != "detail"}
    return error_text(exc.code, lang, exc.detail, **params)


def pick(lang: str | None, nl: str, en: str) -> str:
    """Choose between two texts that are *data*, not catalogue strings (a role's or agenda item's own
    Dutch and English name, typed by an organisation). English falls back to Dutch when empty."""
    return en if normalise_lang(lang) == "en" and en else nl
