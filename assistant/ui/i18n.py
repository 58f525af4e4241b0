"""Shim: the UI's old string API, now served by the one catalogue ``assistant.i18n``.

Kept so call sites keep working while the screens are split; new code imports
``from assistant.i18n import t``. ``register()`` only checks that the texts match the catalogue
(keys not in it are held at run time and reported by the catalogue tests). Remove after the merge.
"""

from __future__ import annotations

from assistant.i18n import DEFAULT_LANG, LANGS, add_runtime, has, keys, normalise_lang, t

__all__ = ["DEFAULT_LANG", "LANGS", "has", "keys", "normalise_lang", "register", "t"]


def register(strings: dict[str, tuple[str, str]]) -> None:
    """Legacy: the strings now live in ``assistant/i18n/*.toml``; this checks they agree."""
    add_runtime(strings)
