"""Tiny i18n for the UI: ``t(key, lang, **params)`` over per-module string tables.

Every screen module keeps its own table and registers it at import time, so nobody edits anybody
else's strings::

    from assistant.ui.i18n import register, t
    register({"logger.title": ("Logboek", "Log"), "logger.count": ("{n} concepten", "{n} drafts")})
    t("logger.count", "en", n=3)  # "3 drafts"

Keys are namespaced by module ("shell.", "start.", "chair.", "logger.", "wand." ...). Dutch is the
default; an unknown language falls back to Dutch, an unknown key shows the key itself (visible in
the UI, never a crash).
"""

from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"

_TABLE: dict[str, tuple[str, str]] = {}
_LOCK = threading.Lock()


def register(strings: dict[str, tuple[str, str]]) -> None:
    """Add a module's strings. Re-registering a key with a different text is a programming error."""
    with _LOCK:
        for key, pair in strings.items():
            if len(pair) != 2:
                raise ValueError(f"i18n key {key!r} needs (nl, en)")
            old = _TABLE.get(key)
            if old is not None and old != tuple(pair):
                raise ValueError(f"i18n key {key!r} registered twice with different texts")
            _TABLE[key] = (pair[0], pair[1])


def normalise_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str | None = DEFAULT_LANG, **params: object) -> str:
    pair = _TABLE.get(key)
    if pair is None:
        log.warning("missing i18n key %s", key)
        return key
    text = pair[1] if normalise_lang(lang) == "en" else pair[0]
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def has(key: str) -> bool:
    return key in _TABLE


def keys(prefix: str = "") -> list[str]:
    return sorted(k for k in _TABLE if k.startswith(prefix))


register(
    {
        "shell.app_title": ("CMT-assistent", "CMT assistant"),
        "shell.pick_role": ("Kies de rol van dit apparaat", "Choose the role of this device"),
        "shell.pick_role_hint": (
            "Dit apparaat onthoudt de keuze. Wisselen kan later met de knop rechtsboven.",
            "This device remembers the choice. Switch later with the button at the top right.",
        ),
        "shell.role.voorzitter": ("Voorzitter", "Chair"),
        "shell.role.voorzitter.hint": (
            "Vergaderklok, BOBOC, actiekaart",
            "Meeting clock, BOBOC, action card",
        ),
        "shell.role.logger": ("Logger", "Logger"),
        "shell.role.logger.hint": ("Transcript, concepten, logboek", "Transcript, drafts, log"),
        "shell.role.wand": ("Wandscherm", "Wall screen"),
        "shell.role.wand.hint": (
            "Besluiten en acties groot in beeld (alleen lezen)",
            "Decisions and actions in large type (read-only)",
        ),
        "shell.menu": ("Menu", "Menu"),
        "shell.switch_role": ("Andere rol kiezen", "Choose another role"),
        "shell.lang_en": ("English", "English"),
        "shell.lang_nl": ("Nederlands", "Nederlands"),
        "shell.lang_switch": ("Switch to English", "Naar Nederlands"),
        "shell.theme_light": ("Licht thema", "Light theme"),
        "shell.theme_dark": ("Donker thema", "Dark theme"),
        "shell.placeholder_title": ("Dit scherm is nog niet beschikbaar", "This screen is not available yet"),
        "shell.placeholder_body": (
            "Het scherm voor {route} wordt nog gebouwd. Kies zolang een andere rol.",
            "The screen for {route} is still being built. Choose another role meanwhile.",
        ),
        "shell.view_failed": (
            "Dit scherm kon niet worden geladen: {detail}",
            "This screen could not be loaded: {detail}",
        ),
        "shell.not_found": ("Onbekende pagina: {route}", "Unknown page: {route}"),
        "shell.close": ("Sluiten", "Close"),
        "shell.cancel": ("Annuleren", "Cancel"),
        "shell.ok": ("OK", "OK"),
        "shell.save": ("Opslaan", "Save"),
        "shell.loading": ("Laden…", "Loading…"),
        "shell.saved": ("Opgeslagen", "Saved"),
    }
)
