"""The shared view of the room (``assistant.ui.room_view``): one read per change for N sessions,
versions, freshness by an injected clock, and the permission gateway in front of the cache.

Real parts: a real ``Room`` on TinyDB files in a temp folder, the real wall/chair/logger reads and
the real ``permissions.Gateway`` over ``ROOM_TABLE`` (via the shell's ``TabContext``)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assistant.app import permissions as perm
from assistant.ui.app import AppContext, TabContext
from assistant.ui.chair.data import load_chair_data
from assistant.ui.chair.message_data import read_chair_messages
from assistant.ui.logger.snapshot import read_snapshot
from assistant.ui.room_view import RoomView
from assistant.ui.wall import read_wall
from tests.support.clock import Seconds
from tests.support.room import confirm_decision, running_crisis, tinydb_room

SESSIONS = 12


@pytest.fixture
def room(tmp_path: Path):
    yield from tinydb_room(tmp_path)


def test_n_sessions_cost_one_read_per_question_per_change(room):
    cid = running_crisis(room)
    view = RoomView(room, clock=Seconds())
    first = read_wall(view)
    per_read = view.reads
    assert per_read > 0
    for _ in range(SESSIONS - 1):  # the other wall screens after the same change
        assert read_wall(view).decisions == first.decisions
    assert view.reads == per_read
    # the same frozen answer for everyone: not a copy per session, and not mutable by one of them
    assert view.ledger.entries(cid) is view.ledger.entries(cid)
    assert isinstance(view.ledger.entries(cid), tuple)

    version = view.version
    confirm_decision(room, cid, "Besluit: gebouw B blijft dicht")
    assert view.version > version
    walls = [read_wall(view) for _ in range(SESSIONS)]
    assert view.reads == 2 * per_read  # one more read of each question, not one per session
    assert all(w.decisions and w.decisions[0].number == "B-1" for w in walls)


def test_concurrent_sessions_wait_for_the_one_read_in_flight(room):
    running_crisis(room)
    view = RoomView(room, clock=Seconds())
    start = threading.Barrier(SESSIONS)

    def session() -> int:
        start.wait()
        return len(read_snapshot(view, None).entries)

    with ThreadPoolExecutor(SESSIONS) as pool:
        results = list(pool.map(lambda _: session(), range(SESSIONS)))
    alone = RoomView(room, clock=Seconds())
    read_snapshot(alone, None)
    assert results == [0] * SESSIONS
    assert view.reads == alone.reads  # twelve threads at once read the room as often as one


def test_live_captions_keep_the_version_and_an_old_answer_is_read_again(room):
    cid = running_crisis(room)
    seconds = Seconds()
    view = RoomView(room, max_age=5.0, clock=seconds)
    view.ledger.open_tasks(cid)
    reads, version = view.reads, view.version
    room.publish(cid, "live")  # speech captions: no stored state changed
    view.ledger.open_tasks(cid)
    assert (view.version, view.reads) == (version, reads)
    seconds.now += 5.0
    view.ledger.open_tasks(cid)
    assert view.reads == reads  # still fresh at exactly max_age
    seconds.now += 0.5
    view.ledger.open_tasks(cid)
    assert view.reads == reads + 1  # the order of open tasks depends on the time: read again


def test_a_change_during_a_read_leaves_that_answer_stale(room):
    cid = running_crisis(room)
    view = RoomView(room, clock=Seconds())
    real_entries = room.ledger.entries
    changed_once = []

    def entries_then_a_change(crisis_id: str):  # a write lands while this read is running
        result = real_entries(crisis_id)
        if not changed_once:
            changed_once.append(True)
            confirm_decision(room, cid, "Besluit: school dicht")
        return result

    room.ledger.entries = entries_then_a_change  # type: ignore[method-assign]
    try:
        assert view.ledger.entries(cid) == ()
        assert [e.number for e in view.ledger.entries(cid)] == ["B-1"]
    finally:
        del room.ledger.entries


def test_the_view_is_behind_each_tabs_gateway_and_offers_no_writes(room):
    cid = running_crisis(room)
    app = AppContext(room=room)
    chair = TabContext(app, perm.Actor(perm.ROLE_CHAIR), None)
    wall = TabContext(app, perm.Actor(perm.ROLE_WALL), None)
    nobody = TabContext(app, perm.Actor(""), None)
    # the chair reads the register through the shared cache; the answer is cached now
    assert read_chair_messages(chair.view, cid).alerts == ()
    # the wall may not read messages: refused before the cache, as on the room itself
    with pytest.raises(perm.PermissionDenied):
        wall.view.messages.alerts(cid)
    assert read_chair_messages(wall.view, cid) == read_chair_messages(nobody.room, cid)
    assert load_chair_data(wall.view).messages.alerts == []
    # what a wall may read, it reads from the same shared answers as the chair
    assert wall.view.ledger.entries(cid) is chair.view.ledger.entries(cid)
    # a device without a role reads nothing, cached or not
    with pytest.raises(perm.PermissionDenied):
        nobody.view.ledger.entries(cid)
    # writes are not offered by the view, whoever asks (they go through tab.room)
    with pytest.raises((perm.PermissionDenied, AttributeError)):
        chair.view.ledger.set_status(cid, "x", "done")
    assert "messages.alerts" in [r.action for r in app.access_log.entries()]  # the host sees the refusal
