"""Names that are *data* with their own Dutch and English fields, worded at the edge with ``pick``.

Why not catalogue keys: an organisation types its roles' and agenda items' names (in both
languages, the English one optional), and the action card's prompts come with both texts. The
domain keeps both fields and chooses neither; screens and documents call these.
"""

from __future__ import annotations

from assistant.domain.boboc import CardItem
from assistant.domain.meeting import AgendaItem
from assistant.domain.roster import Role, Roster
from assistant.i18n import pick


def agenda_title(item: AgendaItem | None, lang: str | None) -> str:
    """An agenda item's title in ``lang`` ("" for no item)."""
    return pick(lang, item.title, item.title_en) if item else ""


def card_text(item: CardItem, lang: str | None) -> str:
    """A prompt or task of the chair's action card in ``lang``."""
    return pick(lang, item.nl, item.en)


def role_label(role: Role, lang: str | None) -> str:
    """A seat's name ("Crisiscoördinator" / "Crisis coordinator")."""
    return pick(lang, role.label, role.label_en)


def role_display(role: Role, lang: str | None) -> str:
    """A seat with its person: "Crisiscoördinator (Ahmed Yilmaz)"; the bare name when vacant."""
    name = role_label(role, lang)
    return f"{name} ({role.person})" if role.person else name


def roster_label(roster: Roster, role_id: str | None, lang: str | None) -> str:
    """The name of the seat ``role_id`` in ``roster``; an unknown id is shown as it is."""
    role = roster.find(role_id)
    return role_label(role, lang) if role is not None else role_id or ""
