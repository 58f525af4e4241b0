"""Everything the chair's screen computes, tested without a browser."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from assistant.domain.boboc import REFLECTION_PROMPTS, STARTUP_TASK_IDS, WORKING_AGREEMENTS
from assistant.domain.clock import MeetingClock
from assistant.domain.entries import EntryContent, EntryKind, LogEntry, Origin, TaskStatus
from assistant.domain.errors import InvalidInput
from assistant.domain.meeting import Crisis, new_meeting, template
from assistant.ui.chair import model as cm

TZ = ZoneInfo("Europe/Amsterdam")
T0 = datetime(2026, 11, 30, 10, 0, tzinfo=TZ)


def clock(agenda=None) -> MeetingClock:
    return MeetingClock(agenda or template("vervolg30"))


def started(minutes: float = 0.0, agenda=None) -> tuple[MeetingClock, datetime]:
    c = clock(agenda)
    c.start(T0)
    return c, T0 + timedelta(minutes=minutes)


# --- dial -------------------------------------------------------------------------------------------


def test_dial_arcs_are_sized_by_timebox_and_fill_the_circle():
    c, now = started(0.5)
    d = cm.dial(c.snapshot(now))
    assert len(d.segments) == 8
    total_sweep = sum(s.sweep for s in d.segments) + d.gap * len(d.segments)
    assert total_sweep == pytest.approx(2 * math.pi)
    # Beeldvorming (7 min) is seven times the opening (1 min)
    assert (d.segments[2].sweep + d.gap) == pytest.approx(7 * (d.segments[0].sweep + d.gap))
    # first arc starts at 12 o'clock (plus half a gap)
    assert d.segments[0].start == pytest.approx(cm.TOP + d.gap / 2)
    assert [s.state for s in d.segments[:3]] == ["current", "upcoming", "upcoming"]


def test_hand_moves_with_time_and_jumps_to_the_next_item():
    c, _ = started()
    h1 = cm.dial(c.snapshot(T0 + timedelta(seconds=10))).hand
    h2 = cm.dial(c.snapshot(T0 + timedelta(seconds=40))).hand
    assert h2 > h1
    c.next_item(T0 + timedelta(seconds=40))  # opening left early: the hand jumps to Controle's start
    snap = c.snapshot(T0 + timedelta(seconds=40))
    d = cm.dial(snap)
    assert d.hand == pytest.approx(cm.TOP + 2 * math.pi * (60 / (30 * 60)))
    assert d.segments[0].state == "done"
    assert d.segments[1].state == "current"


def test_overrun_draws_red_arcs_beyond_the_item_and_the_meeting_end():
    c, _ = started()
    now = T0 + timedelta(minutes=3)  # opening is 1 min: 2 min over
    snap = c.snapshot(now)
    assert snap.level == "overrun"
    d = cm.dial(snap)
    assert d.segments[0].state == "overrun"
    item_over, meeting_over = d.overruns
    assert item_over.start == pytest.approx(cm.TOP + 2 * math.pi / 30)  # end of the 1-minute opening
    assert item_over.sweep == pytest.approx(2 * math.pi * 2 / 30)
    assert meeting_over.start == pytest.approx(cm.TOP)  # planned end = 12 o'clock
    assert meeting_over.sweep == pytest.approx(2 * math.pi * 2 / 30)
    assert cm.meeting_overrun_seconds(snap) == pytest.approx(120)


def test_no_overrun_arcs_when_on_time_and_before_start():
    assert cm.dial(clock().snapshot(T0)).overruns == ()
    c, now = started(0.5)
    assert cm.dial(c.snapshot(now)).overruns == ()


def test_hand_point():
    x, y = cm.hand_point(100, 100, 50, cm.TOP)
    assert (x, y) == (pytest.approx(100), pytest.approx(50))


# --- current item -----------------------------------------------------------------------------------


def test_current_item_levels_normal_warning_overrun():
    c, _ = started()
    c.next_item(T0)  # Controle, 3 minutes
    normal = cm.current_item(c.snapshot(T0 + timedelta(seconds=60)))
    warning = cm.current_item(c.snapshot(T0 + timedelta(seconds=150)))  # 83 %
    over = cm.current_item(c.snapshot(T0 + timedelta(seconds=245)))
    assert (normal.level, normal.remaining, normal.level_word) == ("normal", "02:00", "op schema")
    assert (warning.level, warning.remaining, warning.level_word) == ("warning", "00:30", "bijna om")
    assert (over.level, over.remaining, over.level_word) == ("overrun", "-01:05", "over tijd")
    assert over.remaining_label == "Resterende tijd -01:05, over tijd"
    assert over.title.startswith("Controle")
    assert over.position == "Agendapunt 2 van 8"
    assert over.next_title == "Beeldvorming"
    assert over.progress == 1.0


def test_current_item_english_and_paused_and_hand_label():
    c, _ = started()
    c.pause(T0 + timedelta(seconds=30))
    cur = cm.current_item(c.snapshot(T0 + timedelta(minutes=5)), "en")
    assert cur.paused
    assert cur.remaining == "00:30"
    assert cur.remaining_label == "Time left 00:30, on time, paused"
    assert cur.title == "Opening: objective, attendance, end time"
    nl = cm.current_item(c.snapshot(T0 + timedelta(minutes=5)))
    assert nl.hand_label == "Klokwijzer bij agendapunt 1 van 8, 2 procent van het overleg"


def test_current_item_before_start_shows_full_first_timebox():
    cur = cm.current_item(clock().snapshot(T0))
    assert not cur.started
    assert cur.remaining == "01:00"
    assert cur.level == "normal"


# --- next times -------------------------------------------------------------------------------------


def test_next_times_answer_wat_is_de_volgende_tijd():
    c, _ = started()
    now = T0 + timedelta(seconds=30)
    times = cm.next_times(c.snapshot(now), T0 + timedelta(hours=2), now)
    assert times == cm.NextTimes("10:01", "10:30", "12:00", 0)


def test_next_times_when_running_late():
    c, _ = started()
    now = T0 + timedelta(minutes=4)  # opening 3 min over
    times = cm.next_times(c.snapshot(now), None, now)
    assert times.item_end == "10:01"
    assert times.meeting_end == "10:33"
    assert times.next_meeting == "–"
    assert times.meeting_late_minutes == 3


def test_next_times_before_start_and_other_day():
    now = T0
    times = cm.next_times(clock().snapshot(now), T0 + timedelta(days=1), now)
    assert times.item_end == "–"
    assert times.meeting_end == "10:30"
    assert times.next_meeting == "10:00 (di 01-12)"
    assert cm.hhmm(T0 + timedelta(days=1), now, "en") == "10:00 (Tue 01-12)"


# --- checklists and reminders -----------------------------------------------------------------------

CRISIS = Crisis("c1", "Brand", "Uni", T0.isoformat())


def test_first_meeting_shows_startup_tasks_and_working_agreements():
    meeting = new_meeting(CRISIS, 1, T0)
    lists = cm.checklists(meeting, meeting.agenda[0], False)
    assert [cl.key for cl in lists] == ["startup", "agreements"]
    assert tuple(i.id for i in lists[0].items) == STARTUP_TASK_IDS
    assert lists[1].items == WORKING_AGREEMENTS
    werk = next(i for i in meeting.agenda if i.key == "werkafspraken")
    assert [cl.key for cl in cm.checklists(meeting, werk, False)] == ["startup", "agreements"]


def test_phase_prompts_and_reflection_only_when_due():
    meeting = new_meeting(CRISIS, 2, T0)
    beeld = next(i for i in meeting.agenda if i.phase == "beeldvorming")
    lists = cm.checklists(meeting, beeld, False)
    assert lists[0].key == "prompts"
    assert any("aannames" in p.nl for p in lists[0].items)
    close = meeting.agenda[-1]
    assert cm.is_close_item(close)
    assert cm.checklists(meeting, close, False) == []
    assert cm.checklists(meeting, close, True)[0].items == REFLECTION_PROMPTS
    assert cm.is_control_item(meeting.agenda[1])
    assert cm.checklists(meeting, None, True) == []


def test_reminder_lists_unticked_prompts_of_the_item_being_left():
    meeting = new_meeting(CRISIS, 2, T0)
    oordeel = next(i for i in meeting.agenda if i.phase == "oordeelsvorming")
    prompts = cm.checklists(meeting, oordeel, False)[0].items
    ticked = meeting
    for p in prompts[:-1]:
        ticked = ticked.tick(p.id, T0.isoformat())
    assert cm.reminder(ticked, oordeel, False) == [prompts[-1].nl]
    everything = ticked.tick(prompts[-1].id, T0.isoformat())
    assert cm.reminder(everything, oordeel, False) == []
    # the first meeting shows the start-up lists at two items: a prompt is reminded of once
    first = new_meeting(CRISIS, 1, T0)
    opening, werk = first.agenda[0], first.agenda[1]
    once = cm.reminder_items(first, opening, False)
    assert len(once) == 12  # 7 start-up tasks + 5 working agreements (incl. the communication schema)
    assert cm.reminder_items(first, werk, False, {p.id for p in once}) == []
    text = cm.reminder_text(["a", "b", "c", "d"], "Oordeelsvorming")
    assert text.startswith("Niet afgevinkt bij Oordeelsvorming: a; b; c (+1 meer)")
    assert cm.reminder_text([], "x") == ""


# --- Controle ---------------------------------------------------------------------------------------


def entry(
    number: str,
    kind: EntryKind,
    text: str,
    deadline: str | None = None,
    owner: str | None = None,
    meeting: int = 1,
    entry_id: str | None = None,
) -> LogEntry:
    content = EntryContent(kind, text, owner=owner, deadline=deadline)
    return LogEntry(
        entry_id or number,
        "c1",
        number,
        1,
        meeting,
        T0.isoformat(),
        content,
        TaskStatus.OPEN if kind.is_task else None,
        None,
        None,
        "logger",
        T0.isoformat(),
        Origin(),
        None,
        "",
        0,
        "",
    )


def test_task_rows_overdue_first_with_owner_label_and_deadline():
    tasks = [
        entry("O-1", EntryKind.ORDER, "Pers te woord staan", "2026-11-30T12:00", "communicatie"),
        entry("A-2", EntryKind.ACTION, "Lijst aanwezigen", "2026-11-30T09:30", "hr"),
    ]
    rows = cm.task_rows(tasks, {"A-2"}, lambda r: r.upper())
    assert [r.number for r in rows] == ["A-2", "O-1"]
    assert rows[0].overdue and not rows[1].overdue
    assert rows[0].owner == "HR"
    assert rows[0].deadline == "09:30"
    assert rows[0].status == "open"
    assert "verlopen" in rows[0].label


def test_deadlines_typed_as_hhmm():
    now = datetime(2026, 11, 30, 14, 10, tzinfo=TZ)
    assert cm.deadline_value("14:30", now) == "2026-11-30T14:30"
    assert cm.deadline_value("9.15", now) == "2026-12-01T09:15"  # earlier today: tomorrow
    assert cm.next_occurrence("14:10", now) == now.replace(second=0)
    with pytest.raises(InvalidInput):
        cm.parse_hhmm("half drie")
    with pytest.raises(InvalidInput):
        cm.parse_hhmm("25:00")
    assert cm.default_delay_deadline(now) == "14:40"
    assert cm.default_delay_deadline(now.replace(minute=12)) == "14:45"


# --- live information -------------------------------------------------------------------------------


def test_recent_decisions_and_orders_of_this_meeting_newest_first():
    entries = [
        entry("B-1", EntryKind.DECISION, "Gebouw ontruimen", meeting=1),
        entry("I-1", EntryKind.INFO, "Brandweer ter plaatse", meeting=2),
        entry("B-2", EntryKind.DECISION, "Pers informeren", meeting=2),
        entry("O-1", EntryKind.ORDER, "Persbericht", meeting=2),
        entry("A-1", EntryKind.ACTION, "Lijst", meeting=2),
    ]
    recent = cm.recent_decisions_and_orders(entries, 2)
    assert [e.number for e in recent] == ["A-1", "O-1", "B-2"]
    assert [e.number for e in cm.recent_decisions_and_orders(entries, 2, limit=2)] == ["A-1", "O-1"]


# --- stakeholders and individual log ----------------------------------------------------------------


def test_informed_text():
    now = datetime(2026, 11, 30, 11, 0, tzinfo=TZ)
    assert cm.informed_text(None, None, now) == "nog niet geïnformeerd"
    assert (
        cm.informed_text("2026-11-30T10:48:00+01:00", "voorzitter", now)
        == "laatst 10:48 door voorzitter (12 min geleden)"
    )
    assert cm.informed_text("2026-11-30T07:00:00+01:00", None, now, "en") == "last 07:00 (4 h ago)"


def test_individual_order_open_high_first():
    from assistant.domain.entries import Priority
    from assistant.domain.individual import IndividualItem

    items = [
        IndividualItem("1", "c1", "task", "a", "2026-11-30T10:00:00+01:00", Priority.LOW),
        IndividualItem("2", "c1", "task", "b", "2026-11-30T10:05:00+01:00", Priority.HIGH),
        IndividualItem(
            "3",
            "c1",
            "task",
            "c",
            "2026-11-30T09:00:00+01:00",
            Priority.HIGH,
            checked_at="2026-11-30T10:10:00+01:00",
        ),
    ]
    assert [i.item_id for i in cm.individual_order(items)] == ["2", "1", "3"]


# --- meeting cycle ---------------------------------------------------------------------------------


def test_cycle_labels():
    assert cm.cycle_label(120) == "elke 2 uur"
    assert cm.cycle_label(90) == "elke 1,5 uur"
    assert cm.cycle_label(60, "en") == "every 1 hour"
    assert cm.cycle_label(240, "en") == "every 4 hours"
    assert cm.cycle_label(1440) == "dagelijks"
    assert cm.format_minutes(3.0) == "3" and cm.format_minutes(2.5) == "2.5"
