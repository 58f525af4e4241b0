"""Editing a prepared meeting's agenda on the start screen: pure functions on agenda tuples.

Standard library, ``assistant.domain`` and the chair's pure view model only; each returns a new
agenda (the room stores it) or raises ``InvalidInput`` with the field the user must fix.
"""

from __future__ import annotations

from assistant.domain.errors import InvalidInput
from assistant.domain.meeting import AgendaItem
from assistant.i18n import normalise_lang
from assistant.ui.chair.model import is_close_item


def rename_item(
    agenda: tuple[AgendaItem, ...], index: int, title: str, lang: str = "nl"
) -> tuple[AgendaItem, ...]:
    title = title.strip()
    if not title:
        raise InvalidInput("an agenda item needs a name", field="title")
    items = list(agenda)
    old = items[index]
    items[index] = AgendaItem(
        old.key,
        *_retitled(old, title, lang),
        old.minutes,
        old.phase,
    )
    return tuple(items)


def _retitled(old: AgendaItem, title: str, lang: str) -> tuple[str, str]:
    """(Dutch, English) titles with the one in ``lang`` replaced: each language keeps its own name."""
    titles = {"nl": old.title, "en": old.title_en, normalise_lang(lang): title}
    return titles["nl"], titles["en"]


def set_minutes(agenda: tuple[AgendaItem, ...], index: int, minutes: float) -> tuple[AgendaItem, ...]:
    if not minutes or minutes <= 0 or minutes > 240:
        raise InvalidInput("minutes must be between 1 and 240", field="minutes")
    items = list(agenda)
    old = items[index]
    items[index] = AgendaItem(old.key, old.title, old.title_en, float(minutes), old.phase)
    return tuple(items)


def add_item(
    agenda: tuple[AgendaItem, ...], title: str, minutes: float = 3, before_close: bool = True
) -> tuple[AgendaItem, ...]:
    title = title.strip()
    if not title:
        raise InvalidInput("an agenda item needs a name", field="title")
    keys = {i.key for i in agenda}
    n = 1
    while f"extra{n}" in keys:
        n += 1
    item = AgendaItem(f"extra{n}", title, title, float(minutes), None)
    items = list(agenda)
    at = len(items) - 1 if before_close and items and is_close_item(items[-1]) else len(items)
    items.insert(at, item)
    return tuple(items)


def remove_item(agenda: tuple[AgendaItem, ...], index: int) -> tuple[AgendaItem, ...]:
    if len(agenda) <= 1:
        raise InvalidInput("a meeting needs at least one agenda item", field="agenda")
    return tuple(item for i, item in enumerate(agenda) if i != index)


def agenda_minutes(agenda: tuple[AgendaItem, ...]) -> float:
    return sum(item.minutes for item in agenda)
