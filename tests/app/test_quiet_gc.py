"""Full garbage collections at quiet moments (``assistant.app.quiet_gc``, issue 15): the policy with
time passed in, and the real collector thread on a real room (TinyDB files) collecting a real cycle."""

from __future__ import annotations

import gc
import threading
import weakref
from pathlib import Path

import pytest

from assistant.app.quiet_gc import NO_AUTOMATIC_FULL, QuietCollector, QuietPolicy
from tests.support.clock import Seconds
from tests.support.room import tinydb_room

POLICY = QuietPolicy(quiet=2.0, every=30.0, latest=120.0)


@pytest.fixture
def room(tmp_path: Path):
    yield from tinydb_room(tmp_path)


@pytest.mark.parametrize(
    ("now", "last_change", "last_collect", "due"),
    [
        (1010.0, 900.0, 1000.0, False),  # quiet, but collected 10 s ago
        (1030.0, 900.0, 1000.0, True),  # quiet and 30 s since the last one
        (1030.0, 1029.0, 1000.0, False),  # a change a second ago: a push may be under way
        (1119.0, 1118.5, 1000.0, False),  # busy for two minutes ...
        (1120.0, 1119.5, 1000.0, True),  # ... and at the latest now, busy or not
    ],
)
def test_the_policy_waits_for_a_quiet_room(now, last_change, last_collect, due):
    assert POLICY.due(now, last_change, last_collect) is due


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_collector_collects_cycles_when_the_room_is_quiet(room):
    seconds = Seconds()
    collector = QuietCollector(room, POLICY, poll=3600, clock=seconds)  # the test drives it
    before = gc.get_threshold()
    collector.start()
    try:
        assert gc.get_threshold()[2] == NO_AUTOMATIC_FULL and gc.get_freeze_count() > 0
        cycle = Cycle()
        gone = weakref.ref(cycle)
        del cycle
        seconds.now += 31
        cid = room.setup.create("Brand", "Uni").crisis_id  # a stored change: a push is under way
        assert not collector.collect_if_due()
        room.publish(cid, "live")  # a caption is no reason to wait
        seconds.now += 2
        assert collector.collect_if_due()
        assert gone() is None and collector.collections == 1
        assert not collector.collect_if_due()  # not again before ``every``
    finally:
        collector.stop()
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_the_thread_runs_by_itself_and_stops(room):
    collector = QuietCollector(room, QuietPolicy(quiet=0.0, every=0.0, latest=60.0), poll=0.01)
    collector.start()
    try:
        done = threading.Event()
        for _ in range(500):
            if collector.collections:
                done.set()
                break
            threading.Event().wait(0.01)
        assert done.is_set()
    finally:
        collector.stop()
    assert not any(t.name == "quiet-gc" for t in threading.enumerate())
