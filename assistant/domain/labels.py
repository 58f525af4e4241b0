"""Where the domain's codes get their user-facing names: not here.

The domain keeps codes (``EntryKind.ORDER``, ``Phase.CONTROLE``); their Dutch and English labels
live in the app's string catalogue (``assistant.i18n``), which the domain must not import. The
old ``.label(lang)`` methods are kept for call sites that have not moved yet: they ask the source
installed here (the catalogue installs itself when ``assistant`` is imported) and fall back to the
code itself. New code calls ``assistant.i18n.label(member, lang)``.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

LabelSource = Callable[[Enum, str], str]
_source: LabelSource | None = None


def install_label_source(source: LabelSource | None) -> None:
    """Called once by the catalogue; ``None`` uninstalls (tests of the fallback)."""
    global _source
    _source = source


def label_of(member: Enum, lang: str = "nl") -> str:
    """The installed label of a code, or the code's value when nothing is installed."""
    if _source is None:
        return str(member.value)
    return _source(member, lang)
