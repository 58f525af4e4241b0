"""MeetingClock: a pure state machine; every time is passed in."""

from datetime import datetime, timedelta, timezone

import pytest

from assistant.domain.clock import MeetingClock, format_mmss
from assistant.domain.errors import InvalidInput, InvalidTransition
from assistant.domain.meeting import AgendaItem, template

T0 = datetime(2026, 2, 5, 10, 0, tzinfo=timezone.utc)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def started(name: str = "vervolg30") -> MeetingClock:
    clock = MeetingClock(template(name))
    clock.start(T0)
    return clock


def test_before_start_shows_first_item_and_no_times():
    snap = MeetingClock(template("vervolg30")).snapshot(T0)
    assert not snap.started
    assert snap.item.key == "opening"
    assert snap.meeting_end_estimate is None


def test_countdown_warning_and_overrun_of_the_first_item():
    clock = started()  # opening: 1 minute
    assert clock.snapshot(at(10)).level == "normal"
    assert clock.snapshot(at(47)).level == "normal"
    assert clock.snapshot(at(48)).level == "warning"  # 80 % of 60 s
    snap = clock.snapshot(at(75))
    assert snap.level == "overrun"
    assert snap.remaining == -15
    assert format_mmss(snap.remaining) == "-00:15"


def test_next_item_moves_the_hand_and_keeps_time_spent():
    clock = started()
    clock.next_item(at(90))
    snap = clock.snapshot(at(100))
    assert snap.index == 1 and snap.item.key == "controle"
    assert snap.elapsed == 10
    assert snap.hand_seconds == 60 + 10  # planned offset of item 1 + elapsed
    assert snap.items[0].spent_seconds == 90
    assert snap.items[0].done and not snap.items[1].done


def test_meeting_end_estimate_includes_overrun_so_far():
    clock = started()
    snap = clock.snapshot(at(0))
    assert snap.meeting_end_estimate == at(30 * 60)
    snap = clock.snapshot(at(120))  # opening 60 s over
    assert snap.meeting_end_estimate == at(120 + 29 * 60)
    assert snap.planned_end == at(30 * 60)


def test_extend_adds_minutes_to_the_current_item_only():
    clock = started()
    clock.extend(2, at(30))
    snap = clock.snapshot(at(30))
    assert snap.planned == 180 and snap.remaining == 150
    clock.next_item(at(40))
    assert clock.snapshot(at(40)).planned == 180  # controle: 3 min, untouched


def test_pause_stops_the_countdown_and_resume_continues():
    clock = started()
    clock.pause(at(20))
    assert clock.snapshot(at(500)).elapsed == 20
    assert clock.snapshot(at(500)).paused
    clock.resume(at(500))
    assert clock.snapshot(at(510)).elapsed == 30
    with pytest.raises(InvalidTransition):
        clock.resume(at(511))


def test_previous_item_returns_and_accumulates():
    clock = started()
    clock.next_item(at(60))
    clock.previous_item(at(90))
    snap = clock.snapshot(at(100))
    assert snap.index == 0 and snap.elapsed == 70
    with pytest.raises(InvalidTransition):
        clock.previous_item(at(101))


def test_end_freezes_everything():
    clock = started()
    clock.next_item(at(60))
    clock.end(at(200))
    snap = clock.snapshot(at(5000))
    assert snap.ended and snap.meeting_elapsed == 200
    assert snap.meeting_end_estimate == at(200)
    with pytest.raises(InvalidTransition):
        clock.next_item(at(5001))


def test_state_round_trip_gives_the_same_time_on_another_device():
    clock = started()
    clock.next_item(at(75))
    clock.extend(1, at(80))
    clock.pause(at(100))
    clock.resume(at(130))
    other = MeetingClock(template("vervolg30"), clock.to_state())
    assert other.snapshot(at(200)) == clock.snapshot(at(200))


def test_last_item_cannot_advance_and_empty_agenda_is_refused():
    clock = MeetingClock((AgendaItem("a", "A", "A", 1),))
    clock.start(T0)
    with pytest.raises(InvalidTransition):
        clock.next_item(at(1))
    with pytest.raises(InvalidInput):
        MeetingClock(())


def test_actions_before_start_are_refused():
    clock = MeetingClock(template("acuut20"))
    with pytest.raises(InvalidTransition):
        clock.next_item(T0)
    clock.start(T0)
    with pytest.raises(InvalidTransition):
        clock.start(T0)


@pytest.mark.parametrize(
    "seconds,text",
    [
        (299.2, "05:00"),
        (60, "01:00"),
        (0, "00:00"),
        (-0.4, "-00:01"),
        (-65, "-01:05"),
        (-64.2, "-01:05"),
        (3600, "60:00"),
    ],
)
def test_format_mmss(seconds, text):
    assert format_mmss(seconds) == text


def test_templates_match_the_domain_brief():
    assert sum(i.minutes for i in template("vervolg30")) == 30
    assert sum(i.minutes for i in template("acuut20")) == 20
    first = template("eerste")
    assert "controle" not in [i.phase for i in first]
    assert "startup" in [i.phase for i in first]
    assert template("vervolg30")[1].phase == "controle"
