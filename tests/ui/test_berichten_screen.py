"""The berichtenmanager's screen on a real Room and TinyDB folder (the tab is the tests' small fake):
quick entry registers, the form builds a message with every field, filters narrow the list, the
controls are touch sized and named."""

from __future__ import annotations

import asyncio

from test_screens import FakeTab, check_accessible, clock, room  # noqa: F401 - fixtures

from assistant.domain.messages import Direction, MessageStatus, PartyKind, Urgency
from assistant.ui.berichten.form import RegisterForm
from assistant.ui.berichten.model import party_options
from assistant.ui.berichten.screen import BerichtenScreen


def test_quick_entry_form_and_filters(room) -> None:  # noqa: F811
    crisis = room.setup.create("Brand gebouw B", "Universiteit Oost")
    cid = crisis.crisis_id

    async def scenario() -> None:
        tab = FakeTab(room)
        screen = BerichtenScreen(tab)
        result = await screen.build()
        names = check_accessible(result.content)
        assert "Snelinvoer (Enter registreert)" in names and "Nieuw bericht" in names
        screen.quick.value = "binnen: gemeente belt, wil om drie uur een update"
        await screen._quick_submit()
        assert screen.quick.value == "" and [m.number for m in screen.data.messages] == ["M-1"]
        assert screen.data.messages[0].sender.kind is PartyKind.STAKEHOLDER

        form = RegisterForm(tab, screen.data, screen._register)
        form.direction.value = "uit"
        form.party.value = next(k for k, _ in party_options(screen.data, "nl") if k.startswith("stakeholder:"))
        form.subject.value = "Update gegeven"
        form.urgency.value = "hoog"
        form.time.value = "10:05"
        draft = form.draft()
        assert draft.direction is Direction.OUTGOING and draft.urgency is Urgency.HIGH
        assert draft.at is not None and (draft.at.hour, draft.at.minute) == (10, 5)
        await screen._register(draft)
        await screen.reload()
        assert sorted(m.number for m in screen.data.messages) == ["M-1", "M-2"]

        screen.filter = type(screen.filter)(direction=Direction.OUTGOING)
        await screen.reload()
        assert [(m.number, m.direction) for m in screen.data.messages] == [("M-2", Direction.OUTGOING)]
        await screen._handled(screen.data.messages[0])
        statuses = {m.number: m.status for m in room.messages.all(cid)}
        assert statuses == {"M-1": MessageStatus.OPEN, "M-2": MessageStatus.HANDLED}
        screen.dispose()

    asyncio.run(scenario())


def test_form_refuses_an_unreadable_time(room) -> None:  # noqa: F811
    room.setup.create("Brand gebouw B", "Universiteit Oost")

    async def scenario() -> None:
        tab = FakeTab(room)
        screen = BerichtenScreen(tab)
        await screen.build()
        form = RegisterForm(tab, screen.data, screen._register)
        form.time.value = "kwart"
        form.party_free.value = "Buurtbewoner"
        try:
            form.draft()
        except Exception as exc:  # noqa: BLE001 - the form's refusal carries the catalogue key
            assert exc.params["key"] == "berichten.time_invalid"
        else:
            raise AssertionError("an unreadable time must keep the dialog open")

    asyncio.run(scenario())
