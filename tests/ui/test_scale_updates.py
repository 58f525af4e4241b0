"""Per-pane, per-row updates (issue 15): a room change sends only the panes it changed, and a new
entry adds one row control instead of rebuilding the list. Real room (TinyDB in a temp folder),
real screens; the page records what each update sends (``FakePage.sent``)."""

from __future__ import annotations

import asyncio

import flet as ft
from test_screens import FakeTab, clock, room  # noqa: F401 - fixtures

from assistant.domain.entries import EntryEdit
from assistant.ui.wall import WallScreen


def confirm(room, cid: str, text: str, **edit: str) -> None:  # noqa: F811
    draft = room.intake.add_typed(cid, text)[0]
    room.intake.confirm_draft(cid, draft.draft_id, "logger", edit=EntryEdit.of(**edit))


def test_wall_a_confirm_adds_one_row_and_sends_only_the_list_it_changed(room, clock):  # noqa: F811
    cid = room.setup.create("Brand", "Uni").crisis_id
    number = room.meetings.plan(cid).number
    room.meetings.clock_action(cid, number, "start")
    confirm(room, cid, "Besluit: gebouw B blijft dicht", kind="decision")
    confirm(room, cid, "HR lijst aanwezigen", kind="order", owner="hr", deadline="2026-11-30T10:20")

    async def scenario():
        tab = FakeTab(room)
        screen = WallScreen(tab)
        await screen.build()
        first_row = screen.decisions.controls[0]
        task_rows = list(screen.tasks.controls)
        decision_builds, task_builds = screen.decision_rows.builds, screen.task_rows.builds

        # a new decision: one row built and put on top, the old row kept; the task list not sent
        confirm(room, cid, "Besluit: school dicht", kind="decision")
        assert await tab.bridge.deliver("log") == 1
        assert tab.page.sent[-1] == [screen.header, screen.decisions]
        assert screen.decision_rows.builds == decision_builds + 1
        assert screen.decisions.controls[1] is first_row and len(screen.decisions.controls) == 2
        assert screen.tasks.controls == task_rows and screen.task_rows.builds == task_builds

        # a change that shows nowhere on the wall: only the header (its patch is empty when unchanged)
        room.chair_notes.add_individual(cid, "task", "Burgemeester bellen", "hoog")
        await tab.bridge.deliver("settings")
        assert tab.page.sent[-1] == [screen.header]

        # a new order: the task list alone, one row more
        confirm(room, cid, "Communicatie persbericht", kind="order", owner="communicatie")
        await tab.bridge.deliver("log")
        assert tab.page.sent[-1] == [screen.header, screen.tasks]
        assert screen.task_rows.builds == task_builds + 1
        assert set(map(id, task_rows)) <= set(map(id, screen.tasks.controls))

        # the clock's tick: one patch of the header
        clock.advance(1)
        await tab.bridge.tick_handlers[0]()
        assert tab.page.sent[-1] == [screen.header]

    asyncio.run(scenario())


def test_chair_decisions_panel_keeps_its_cards_and_adds_one(room, clock):  # noqa: F811
    from test_screens import build_chair

    cid = room.setup.create("Brand", "Uni").crisis_id
    number = room.meetings.plan(cid).number
    room.meetings.clock_action(cid, number, "start")
    confirm(room, cid, "Besluit: gebouw B blijft dicht", kind="decision")

    async def scenario():
        tab = FakeTab(room)
        screen, _ = await build_chair(tab)
        screen.sections.select("besluiten")
        panel = screen.panels["besluiten"]
        first_card = next(c for c in screen.sections.body.controls if isinstance(c, ft.Container))
        builds = panel.cards.builds
        confirm(room, cid, "Besluit: school dicht", kind="decision")
        await tab.bridge.deliver("log")
        assert screen.sections.body in tab.page.sent[-1]
        assert panel.cards.builds == builds + 1  # one new card; the first one kept as it is
        cards = [c for c in screen.sections.body.controls if isinstance(c, ft.Container)]
        assert len(cards) == 2 and cards[1] is first_card
        # the decisions count changed: its button's label is relabelled in place, the row not resent
        buttons = list(screen.sections.buttons.controls)
        label = next(b.content for b in buttons if b.content.value.startswith("Besluiten"))
        assert label.value.endswith("(2)") and label in tab.page.sent[-1]
        assert screen.sections.buttons not in tab.page.sent[-1]
        assert screen.sections.buttons.controls == buttons

    asyncio.run(scenario())


def test_chair_clock_redraws_its_dial_drawing_only_for_a_visible_step(room, clock):  # noqa: F811
    from test_screens import build_chair

    cid = room.setup.create("Brand", "Uni").crisis_id
    number = room.meetings.plan(cid).number
    room.meetings.clock_action(cid, number, "start")

    async def scenario():
        tab = FakeTab(room)
        screen, _ = await build_chair(tab)
        canvas, panel = screen.clock_panel.canvas, screen.clock_panel
        drawings, digits = 0, set()
        for _ in range(60):  # a minute of ticks
            shapes = canvas.shapes
            clock.advance(1 / 60)
            screen.tick()
            drawings += canvas.shapes is not shapes
            digits.add(panel.remaining.value)
        assert len(digits) == 60  # the digits tick every second
        # the hand moves 0.19 degrees a second in this 32-minute meeting: a new drawing per degree
        assert 0 < drawings <= 15
        shapes = canvas.shapes
        clock.advance(5)
        screen.tick()
        assert canvas.shapes is not shapes and canvas.shapes  # five minutes later: a new picture

    asyncio.run(scenario())


def test_listen_bar_sends_only_what_changed_and_the_level_in_visible_steps():
    from dataclasses import replace

    from assistant.app.listening.state import ListenStatus, LiveState
    from assistant.i18n import t
    from assistant.ui.logger.kit import Kit
    from assistant.ui.logger.panes.listen_bar import ListenBar

    def same(fn):
        return fn

    state = LiveState(listening=True, status=ListenStatus.LISTENING, level_dbfs=-30.0, version=1)
    kit = Kit(lambda key, **p: t(key, "nl", **p), "nl", "dark", same, same)
    bar = ListenBar(kit, lambda: state, toggle=same, retry=same, settings=same)
    bar.draw(force=True, update=False)
    assert len(bar.looks.last_changed) == 5  # the first draw: everything
    state = replace(state, level_dbfs=-29.9, version=2)  # a level change under one step
    bar.draw(update=False)
    assert bar.looks.last_changed == []
    state = replace(state, level_dbfs=-20.0, version=3)  # a visible step of the meter
    bar.draw(update=False)
    assert bar.looks.last_changed == [bar.level]
    state = replace(state, partial="we besluiten", version=4)  # the running guess: that line only
    bar.draw(update=False)
    assert bar.looks.last_changed == [bar.partial]
