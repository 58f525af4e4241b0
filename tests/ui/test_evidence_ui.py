"""Issue 11/12 on the screens, against a real room (TinyDB in a temp folder), without a browser:
write buttons disabled while their call runs (a double tap writes once), a conflicting edit shown with
the newest version, the share confirmed unedited on the logger, the log fingerprint on the wall, and
the quarantine banner.

The double tap holds the room's lock in the test, so the first tap's write is provably still running
when the second tap arrives (no timing, no sleep)."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import flet as ft
import pytest
from test_screens import Clock, FakeTab, build_chair, walk

from assistant.app.room import EntryEdit, Room
from assistant.domain.entries import EntryKind, TaskStatus
from assistant.i18n import error_message, t
from assistant.storage.errors import PartQuarantined, VersionConflict
from assistant.storage.tinydb_repo import TinyDBRepository
from assistant.ui.app import ActionFailed
from assistant.ui.app import Tab as ShellTab
from assistant.ui.logger.screen import LoggerScreen
from assistant.ui.wall import WallScreen
from assistant.ui.widgets.banner import quarantine_banner


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def room(tmp_path, clock: Clock):
    repo = TinyDBRepository(tmp_path / "data", fsync=False)
    yield Room(repo, now=clock, parser=lambda *a, **k: [])
    repo.close()


class ShellCallTab(FakeTab):
    """A fake tab whose ``call`` is the shell's own: errors become a toast and ``ActionFailed``."""

    async def call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        return await ShellTab.call(self, fn, *args, **kwargs)  # type: ignore[arg-type]

    def toast(self, message: str, **kwargs: Any) -> None:
        self.toasts.append(message)


def status_versions(room: Room, cid: str) -> int:
    return sum(1 for e in room.ledger.entries(cid) if e.kind is EntryKind.STATUS)


def meeting_with_order(room: Room) -> tuple[str, Any]:
    cid = room.setup.create("Brand", "Uni").crisis_id
    first = room.meetings.plan(cid)
    room.meetings.clock_action(cid, first.number, "start")
    draft = room.intake.add_typed(cid, "HR stelt lijst aanwezigen op")[0]
    order = room.intake.confirm_draft(cid, draft.draft_id, "logger", EntryEdit.of(kind="order", owner="hr"))
    return cid, order


def test_a_double_tap_on_the_chairs_status_button_writes_once(room, clock):
    cid, _ = meeting_with_order(room)
    draft = room.intake.add_typed(cid, "HR belt de ouders")[0]
    room.intake.confirm_draft(cid, draft.draft_id, "logger", EntryEdit.of(kind="order", owner="hr"))
    room.meetings.end(cid, 1, None)
    second = room.meetings.plan(cid)
    room.meetings.clock_action(cid, second.number, "start")
    room.meetings.clock_action(cid, second.number, "next")  # Controle

    async def scenario() -> None:
        tab = FakeTab(room)
        screen, result = await build_chair(tab)
        screen.sections.select("fase")
        buttons = {
            c.content.semantics_label: c
            for c in walk([result.content, screen.sections.body])
            if isinstance(c, ft.FilledTonalButton) and isinstance(c.content, ft.Text)
        }
        done, running = buttons["O-2 Gereed"], buttons["O-2 Loopt nog"]
        before = status_versions(room, cid)
        room.core.lock.acquire()  # the first write is still running while the second tap arrives
        try:
            first_tap = asyncio.ensure_future(done.on_click(None))
            await asyncio.sleep(0)  # a yield to the loop, not a wait: the tap runs up to its write
            assert done.disabled and running.disabled
            await done.on_click(None)  # the second tap returns at once, writing nothing
            await running.on_click(None)  # nor may another status of the same task start meanwhile
        finally:
            room.core.lock.release()
        await first_tap
        assert status_versions(room, cid) == before + 1
        assert not done.disabled
        await done.on_click(None)  # a late tap on a stale screen: the room's no-op, still one write
        assert status_versions(room, cid) == before + 1

    asyncio.run(scenario())


def test_a_double_confirm_on_the_logger_writes_once_and_the_button_is_disabled_meanwhile(room, clock):
    cid, _ = meeting_with_order(room)
    draft = room.intake.add_typed(cid, "Pers informeren")[0]

    async def scenario() -> None:
        tab = FakeTab(room)
        tab.role = "logger"
        screen = LoggerScreen(tab)
        await screen.build()
        button = ft.FilledButton(content="Bevestigen")
        click = SimpleNamespace(control=button)
        entries = len(room.ledger.entries(cid))
        room.core.lock.acquire()
        try:
            first = asyncio.ensure_future(screen.confirm(draft.draft_id, click))
            await asyncio.sleep(0)
            assert button.disabled
            await screen.confirm(draft.draft_id, click)  # Enter or a second tap while it runs
        finally:
            room.core.lock.release()
        await first
        assert len(room.ledger.entries(cid)) == entries + 1 and not button.disabled
        assert tab.toasts == [t("logger.confirmed_as", "nl", number="I-1")]

    asyncio.run(scenario())


def test_a_conflicting_edit_is_told_and_the_newest_version_shown(room, clock):
    cid, order = meeting_with_order(room)

    async def scenario() -> None:
        tab = ShellCallTab(room)
        tab.role = "logger"
        screen = LoggerScreen(tab)
        await screen.build()  # the screen shows version 1
        room.ledger.edit(cid, order.entry_id, "voorzitter", EntryEdit.of(text="Lijst van de avonddienst."))
        with pytest.raises(ActionFailed) as failed:
            await screen.correct_entry(order.entry_id, "", {"text": "Lijst van iedereen."})
        assert isinstance(failed.value.__cause__, VersionConflict)
        told = tab.toasts[-1]
        assert told == error_message(failed.value.__cause__, "nl")
        assert order.number in told and "versie 1" in told and "versie 2" in told
        history = tab.page.dialogs[-1]  # the newest version is on screen, nothing was overwritten
        texts = [c.value for c in walk(history.content) if isinstance(c, ft.Text)]
        assert any("Lijst van de avonddienst." in (v or "") for v in texts)
        assert room.ledger.history(cid, order.entry_id)[-1].text == "Lijst van de avonddienst."
        # a status from a stale screen is a conflict too, not a silent overwrite
        room.ledger.set_status(cid, order.entry_id, TaskStatus.IN_PROGRESS, "voorzitter")
        with pytest.raises(ActionFailed):
            await screen.set_status(order.entry_id, TaskStatus.CANCELLED)
        assert room.ledger.history(cid, order.entry_id)[-1].status is TaskStatus.IN_PROGRESS

    asyncio.run(scenario())


def test_the_logger_shows_the_share_confirmed_unedited_and_lines_left_out(tmp_path, clock):
    with TinyDBRepository(tmp_path / "real", fsync=False) as repo:
        room = Room(repo, now=clock)  # the real parser: a pasted line makes many drafts
        cid = room.setup.create("Brand", "Uni").crisis_id
        room.meetings.plan(cid)
        room.meetings.clock_action(cid, 1, "start")
        kept = room.intake.add_typed(cid, "besluit het gebouw blijft vandaag dicht")[0]
        edited = room.intake.add_typed(cid, "actie voor hr bellen voor half elf")[0]
        room.intake.confirm_draft(cid, kept.draft_id, "logger")
        room.intake.confirm_draft(cid, edited.draft_id, "logger", EntryEdit.of(owner="ict"))

        async def scenario() -> None:
            tab = FakeTab(room)
            tab.role = "logger"
            screen = LoggerScreen(tab)
            await screen.build()
            assert screen.drafts.share.value == t(
                "logger.share_unedited", "nl", pct=50, unedited=1, decided=2
            )
            field = screen.layout.entry_field
            field.value = "opdracht aan hr bellen voor elf uur. actie voor ict servers controleren. " * 5
            await screen.submit_typed(None)
            assert tab.toasts[-1] == t("logger.drafts_left_out", "nl", n=5, limit=5)

        asyncio.run(scenario())


def test_the_wall_shows_the_log_fingerprint(room, clock):
    cid, _ = meeting_with_order(room)
    room.setup.select(cid)

    async def scenario() -> None:
        tab = FakeTab(room)
        screen = WallScreen(tab)
        await screen.build()
        head = room.repo.chain_heads(cid)["log"]
        assert screen.fingerprint.value == f"Logboek {head.fingerprint}"

    asyncio.run(scenario())


def test_a_damaged_crisis_gets_a_banner_and_cannot_be_opened_while_others_can(tmp_path, clock):
    data = tmp_path / "data"
    with TinyDBRepository(data, fsync=False) as repo:
        room = Room(repo, now=clock, parser=lambda *a, **k: [])
        broken = room.setup.create("Lek", "Uni").crisis_id
        fine = room.setup.create("Brand", "Uni").crisis_id
    (data / "crises" / broken / "crisis.json").write_bytes(b"{nope")
    with TinyDBRepository(data, fsync=False) as repo:
        room = Room(repo, now=clock, parser=lambda *a, **k: [])
        assert [c.crisis_id for c in room.setup.all()] == [fine]
        parts = room.setup.damaged_parts()
        assert [(p.crisis_id, p.part) for p in parts] == [(broken, "crisis")]
        with pytest.raises(PartQuarantined):
            room.setup.get(broken)
        room.meetings.plan(fine)  # the other crisis works on
        for lang in ("nl", "en"):
            banner = quarantine_banner(parts, lambda key, lang=lang, **p: t(key, lang, **p))
            texts = [c.value for c in walk(banner) if isinstance(c, ft.Text)]
            assert texts[0] == t("banner.damaged_title", lang)
            assert broken in texts[1] and str(data / "crises" / broken / "crisis.json") in texts[1]
            assert "assistant restore --check" in texts[-1]
    assert quarantine_banner([], lambda key, **p: key) is None
