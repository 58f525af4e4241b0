"""The start screen's cards, piece by piece: minutes typed, roster edits, edits kept while typing."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from assistant.domain.errors import InvalidInput
from assistant.domain.meeting import AgendaItem, Crisis, template
from assistant.domain.roster import Roster
from assistant.ui.start import agenda as edit
from assistant.ui.start.data import StartData
from assistant.ui.start.meeting_card import _minutes
from assistant.ui.start.roster_card import RosterCard


def tab() -> Any:
    async def reload() -> None:
        return None

    return SimpleNamespace(
        room=None, lang="nl", theme="dark", t=lambda key, **p: key, handler=lambda fn: fn, reload=reload
    )


def data(crisis: Crisis | None) -> StartData:
    return StartData([crisis] if crisis else [], crisis, None, 1, None)


def test_minutes_accept_a_comma_and_reject_words():
    assert _minutes("4") == 4.0
    assert _minutes("2,5") == 2.5
    assert _minutes("vier") == 0.0
    assert _minutes(None, 3.0) == 3.0


def test_roster_edits_apply_trimmed_names_and_nobody_as_no_delegate():
    t = tab()
    card = RosterCard(t, t.reload)
    card.edits = {
        "hr": {"person": "  Ans de Vries ", "_delegate": object()},
        "ict": {"present": False, "delegate_to": "facilitair"},
        "juridisch": {"present": False, "delegate_to": ""},
    }
    roster = card.edited_roster(Roster.default())
    assert roster.get("hr").person == "Ans de Vries"
    assert (roster.get("ict").present, roster.get("ict").delegate_to) == (False, "facilitair")
    assert roster.get("juridisch").delegate_to is None
    assert roster.get("communicatie") == Roster.default().get("communicatie")


def test_a_reload_keeps_roster_edits_being_typed_unless_another_crisis_is_active():
    t = tab()
    card = RosterCard(t, t.reload)
    first = Crisis("c1", "Brand", "Uni", "2026-11-30T10:00:00+01:00")
    card.draw(data(first))
    shown = card.box.controls
    assert len(shown) == len(first.roster.roles) + 2  # hint, one row per role, save
    card.dirty = True  # the chair is typing a name
    card.draw(data(first))
    assert card.box.controls is shown
    other = Crisis("c2", "Storing", "Uni", "2026-11-30T11:00:00+01:00")
    card.draw(data(other))
    assert card.box.controls is not shown
    card.forget_edits()
    card.draw(data(None))
    assert card.box.controls[0].value == "start.none"


def test_agenda_editing_helpers():
    agenda = template("vervolg30")
    renamed = edit.rename_item(agenda, 2, "Beeldvorming brand")
    assert renamed[2].title == "Beeldvorming brand" and renamed[2].title_en == "Picture"
    assert edit.rename_item(agenda, 2, "Situation", "en")[2].title_en == "Situation"
    longer = edit.set_minutes(agenda, 2, 10)
    assert edit.agenda_minutes(longer) == 33
    added = edit.add_item(agenda, "Nazorg medewerkers", 4)
    assert added[-2].title == "Nazorg medewerkers"  # before the close item
    assert added[-1].key == "sluiting"
    assert edit.add_item(added, "Nog een", 2)[-2].key == "extra2"
    removed = edit.remove_item(agenda, 1)
    assert len(removed) == 7 and all(i.key != "controle" for i in removed)
    with pytest.raises(InvalidInput):
        edit.remove_item((AgendaItem("x", "X", "X", 1),), 0)
    with pytest.raises(InvalidInput):
        edit.set_minutes(agenda, 0, 0)
    with pytest.raises(InvalidInput):
        edit.rename_item(agenda, 0, "  ")
    with pytest.raises(InvalidInput):
        edit.add_item(agenda, "")
