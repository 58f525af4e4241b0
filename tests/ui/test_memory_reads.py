"""Reads on the event loop from memory (``assistant.app.memory_reads``, issue 15): the shared view
answers from its cache or says ``NotInMemory``, one worker-thread refresh serves every screen, and
the permission gateway never lets a read on the loop reach the disk (the room, the listening
service, a refusal's record).

Real parts: a real ``Room`` on TinyDB files, the real wall/chair/logger reads, the real gateways of
the shell's ``TabContext`` and a real WAV file for the recordings' lengths."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from assistant.app import permissions as perm
from assistant.app.memory_reads import NotInMemory, memory_only, memory_only_active
from assistant.domain.entries import EntryEdit
from assistant.domain.errors import StorageError
from assistant.ui.app import AppContext, TabContext
from assistant.ui.chair.data import load_chair_data
from assistant.ui.logger.snapshot import ClipSeconds, read_snapshot
from assistant.ui.room_view import RECENT_SECONDS, RoomView
from assistant.ui.screen_base import BatchedReload, read_shared
from assistant.ui.wall import read_wall
from speech.wav import write_wav
from tests.support.clock import Seconds
from tests.support.room import confirm_decision, running_crisis, tinydb_room

SCREENS = 25


@pytest.fixture
def room(tmp_path: Path):
    yield from tinydb_room(tmp_path)


# --- the view -----------------------------------------------------------------------------------


def test_memory_only_is_scoped_to_its_block() -> None:
    assert not memory_only_active()
    with memory_only():
        assert memory_only_active()
        with pytest.raises(NotInMemory), memory_only():
            raise NotInMemory("nested blocks restore the outer state")
        assert memory_only_active()
    assert not memory_only_active()


def test_on_the_loop_the_view_answers_from_memory_or_says_so(room):
    cid = running_crisis(room)
    view = RoomView(room, clock=Seconds())
    with memory_only(), pytest.raises(NotInMemory):
        view.ledger.entries(cid)  # never asked: not read on the loop either
    assert view.reads == 0
    answer = view.ledger.entries(cid)  # a worker thread's read fills the cache
    reads = view.reads
    with memory_only():
        assert view.ledger.entries(cid) is answer
    confirm_decision(room, cid, "Besluit: gebouw B blijft dicht")
    with memory_only(), pytest.raises(NotInMemory):
        view.ledger.entries(cid)  # stale after the change: not served, and not read here
    assert view.reads == reads


def test_an_old_answer_is_not_served_from_memory(room):
    cid = running_crisis(room)
    seconds = Seconds()
    view = RoomView(room, max_age=5.0, clock=seconds)
    view.ledger.open_tasks(cid)
    seconds.now += 5.5
    with memory_only(), pytest.raises(NotInMemory):
        view.ledger.open_tasks(cid)  # its order depends on the time


def test_one_refresh_serves_every_screen_after_a_change(room):
    cid = running_crisis(room)
    view = RoomView(room, clock=Seconds())
    read_wall(view)
    per_change = view.reads
    confirm_decision(room, cid, "Besluit: school dicht")

    async def screen() -> str:
        await view.settled()
        with memory_only():
            return read_wall(view).decisions[0].number

    async def all_screens() -> list[str]:
        return await asyncio.gather(*(screen() for _ in range(SCREENS)))

    assert asyncio.run(all_screens()) == ["B-1"] * SCREENS
    assert view.refreshes == 1  # one worker-thread refresh for 25 screens, not a hop per screen
    assert view.reads == 2 * per_change  # each question read once more, for all of them
    asyncio.run(view.settled())
    assert view.refreshes == 1  # nothing stale: no refresh at all


def test_questions_no_screen_asked_lately_are_not_refreshed(room):
    cid = running_crisis(room)
    seconds = Seconds()
    view = RoomView(room, clock=seconds)
    read_wall(view)
    seconds.now += RECENT_SECONDS + 1  # the screens that asked are gone
    confirm_decision(room, cid, "Besluit: school dicht")
    reads = view.reads
    asyncio.run(view.settled())
    assert (view.refreshes, view.reads) == (0, reads)


def test_a_change_during_the_refresh_is_refreshed_again(room):
    cid = running_crisis(room)
    view = RoomView(room, clock=Seconds())
    view.ledger.entries(cid)
    real_entries = room.ledger.entries
    changed_once: list[bool] = []

    def entries_then_a_change(crisis_id: str):  # a write lands while the refresh is reading
        result = real_entries(crisis_id)
        if not changed_once:
            changed_once.append(True)
            confirm_decision(room, cid, "Besluit: tweede")
        return result

    confirm_decision(room, cid, "Besluit: eerste")
    room.ledger.entries = entries_then_a_change  # type: ignore[method-assign]
    try:
        asyncio.run(view.settled())
    finally:
        del room.ledger.entries
    assert view.refreshes == 2
    with memory_only():
        assert [e.number for e in view.ledger.entries(cid)] == ["B-1", "B-2"]


def test_a_failing_refresh_leaves_the_error_to_the_screens_own_read(room, caplog):
    cid = running_crisis(room)
    view = RoomView(room, clock=Seconds())
    read_wall(view)
    confirm_decision(room, cid, "Besluit: school dicht")

    def broken(*_args):
        raise StorageError("disk weg")

    room.ledger.entries = broken  # type: ignore[method-assign]
    failures: list[Exception] = []
    drawn: list[object] = []
    reload = BatchedReload(
        lambda: read_wall(view), drawn.append, on_error=failures.append, settle=view.settled
    )
    try:
        asyncio.run(reload())
    finally:
        del room.ledger.entries
    assert [type(f) for f in failures] == [StorageError]  # told once, by the screen's own read
    assert drawn == [] and reload.loop_reads == 0
    assert "room view refresh" in caplog.text
    assert asyncio.run(reload()) is not None  # the disk is back: read in a thread (no second refresh)
    assert (view.refreshes, reload.loop_reads) == (1, 0)
    assert asyncio.run(reload()) is not None and reload.loop_reads == 1  # then from memory


def test_read_shared_falls_back_to_a_worker_thread(room):
    cid = running_crisis(room)
    view = RoomView(room, clock=Seconds())

    async def both() -> tuple[tuple[int, bool], tuple[int, bool]]:
        read = lambda: len(view.ledger.entries(cid))  # noqa: E731
        first = await read_shared(read, view.settled)  # never asked: read in a thread
        second = await read_shared(read, view.settled)  # now in memory: read on the loop
        return first, second

    assert asyncio.run(both()) == ((0, False), (0, True))


# --- the gateways -------------------------------------------------------------------------------


def test_on_the_loop_a_gateway_never_calls_through_to_the_disk(room):
    cid = running_crisis(room)
    app = AppContext(room=room)
    chair = TabContext(app, perm.Actor(perm.ROLE_CHAIR), None)
    wall = TabContext(app, perm.Actor(perm.ROLE_WALL), None)
    chair.view.ledger.entries(cid)
    with memory_only():
        with pytest.raises(NotInMemory):
            chair.room.ledger.entries(cid)  # the room itself reads TinyDB: never on the loop
        with pytest.raises(NotInMemory):
            chair.room.setup.active_id()
        assert chair.view.ledger.entries(cid) == ()  # the shared view: from memory
        refused_before = len(app.access_log.entries())
        with pytest.raises(NotInMemory):
            wall.view.messages.alerts(cid)  # refused: recorded by the thread read, not here
        assert len(app.access_log.entries()) == refused_before
    with pytest.raises(perm.PermissionDenied):
        wall.view.messages.alerts(cid)
    assert app.access_log.entries()[-1].action == "messages.alerts"


def test_on_the_loop_an_ended_session_reads_nothing(room):
    cid = running_crisis(room)
    app = AppContext(room=room)
    grant = perm.SessionGrant(perm.Actor(perm.ROLE_WALL), 0.0)
    wall = TabContext(app, perm.Actor(perm.ROLE_WALL), grant)
    wall.view.ledger.entries(cid)
    grant.end("revoked")
    with memory_only(), pytest.raises(NotInMemory):
        wall.view.ledger.entries(cid)
    with pytest.raises(perm.SessionEnded):
        wall.view.ledger.entries(cid)


def test_every_screen_reads_on_the_loop_after_a_change(room, tmp_path):
    """Wall, chair and logger: after one refresh their whole read comes from memory. A read that
    reached the room, the listening service or the disk would raise ``NotInMemory`` here."""
    cid = running_crisis(room)
    app = AppContext(room=room)
    wall = TabContext(app, perm.Actor(perm.ROLE_WALL), None)
    chair = TabContext(app, perm.Actor(perm.ROLE_CHAIR), None)
    logger = TabContext(app, perm.Actor(perm.ROLE_LOGGER), None)
    clip = write_wav(tmp_path / "clip.wav", b"\x00\x00" * 8000, 16000)
    audio = AudioFolder({"audio/a.wav": clip})
    clips = ClipSeconds(clock=Seconds())
    draft = room.intake.add_typed(cid, "Besluit: scholen dicht")[0]
    reads = (lambda: read_wall(wall.view), lambda: load_chair_data(chair.view),
             lambda: read_snapshot(logger.view, audio, clips))
    for read in reads:
        read()  # the screens' first reads, in their worker threads
    room.intake.confirm_draft(cid, draft.draft_id, "logger", edit=EntryEdit.of(kind="decision"))
    shared = RoomView.of(room)
    asyncio.run(shared.settled())
    with memory_only():
        shown = [read() for read in reads]
    assert shown[0].decisions[0].number == "B-1"
    assert [e.number for e in shown[1].entries] == ["B-1"]
    assert [e.number for e in shown[2].entries] == ["B-1"] and shown[2].drafts == []


# --- recordings' lengths ------------------------------------------------------------------------


class AudioFolder:
    """The listening service as the snapshot sees it: a reference → its WAV (counts the lookups)."""

    def __init__(self, paths: dict[str, Path]) -> None:
        self.paths = paths
        self.lookups = 0

    def audio_path(self, audio_ref: str) -> Path | None:
        self.lookups += 1
        path = self.paths.get(audio_ref)
        return path if path is not None and path.exists() else None


def test_a_recordings_length_is_read_once_and_a_deleted_one_is_noticed(tmp_path):
    clip = write_wav(tmp_path / "clip.wav", b"\x00\x00" * 8000, 16000)  # half a second
    audio = AudioFolder({"audio/a.wav": clip})
    seconds = Seconds()
    clips = ClipSeconds(max_age=30.0, clock=seconds)
    with memory_only(), pytest.raises(NotInMemory):
        clips.seconds(audio, ["audio/a.wav"])  # not known yet: the WAV header is not read on the loop
    assert audio.lookups == 0
    both = clips.seconds(audio, ["audio/a.wav", "audio/none.wav"])
    assert both == {"audio/a.wav": 0.5, "audio/none.wav": None}
    with memory_only():
        assert clips.seconds(audio, ["audio/a.wav"]) == {"audio/a.wav": 0.5}
    assert audio.lookups == 2
    clip.unlink()  # deleted after confirmation (retention setting)
    seconds.now += 31
    with memory_only(), pytest.raises(NotInMemory):
        clips.seconds(audio, ["audio/a.wav"])
    assert clips.seconds(audio, ["audio/a.wav"]) == {"audio/a.wav": None}
