"""The pure parts of the chair's panels: what each part shows, as plain values (no Flet, no room).

A panel redraws only when its value changes, so these values must (a) say everything the panel
shows and (b) stay equal when nothing the panel shows changed.
"""

from __future__ import annotations

import ast
import dataclasses
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from assistant.domain.clock import MeetingClock
from assistant.domain.entries import EntryContent, EntryKind, LogEntry, Origin, Priority, TaskStatus
from assistant.domain.individual import IndividualItem, Stakeholder
from assistant.domain.meeting import Crisis, Meeting, new_meeting
from assistant.i18n import label
from assistant.ui.chair import model as cm
from assistant.ui.chair import rows
from assistant.ui.chair.panels.controle import STATUS_BUTTONS, row_head

TZ = ZoneInfo("Europe/Amsterdam")
T0 = datetime(2026, 11, 30, 10, 0, tzinfo=TZ)
CRISIS = Crisis("c1", "Brand", "Uni", T0.isoformat())
CHAIR = Path(__file__).resolve().parents[2] / "assistant" / "ui" / "chair"


def running(meeting: Meeting, minutes: float = 0.5, steps: int = 0) -> tuple[Meeting, datetime]:
    """``meeting`` started at T0 and moved ``steps`` items on; the time ``minutes`` after the start."""
    clock = MeetingClock(meeting.agenda)
    clock.start(T0)
    for _ in range(steps):
        clock.next_item(T0)
    return dataclasses.replace(meeting, clock=clock.to_state()), T0 + timedelta(minutes=minutes)


def snapshot(meeting: Meeting, now: datetime):
    return MeetingClock(meeting.agenda, meeting.clock).snapshot(now)


def entry(number: str, kind: EntryKind, text: str, meeting: int = 1, **content: str) -> LogEntry:
    return LogEntry(
        number, "c1", number, 1, meeting, T0.isoformat(), EntryContent(kind, text, **content),
        TaskStatus.OPEN if kind.is_task else None, None, None, "logger", T0.isoformat(), Origin(),
        None, "", 0, "",
    )  # fmt: skip


# --- purity -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["model.py", "rows.py"])
def test_the_view_model_uses_the_standard_library_and_the_domain_only(name):
    allowed = set(sys.stdlib_module_names) | {"__future__"}
    tree = ast.parse((CHAIR / name).read_text(encoding="utf-8"))
    imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    bad = [
        m
        for m in imported
        if m.split(".")[0] not in allowed
        and not m.startswith("assistant.domain")
        and not m.startswith("assistant.i18n")  # the string catalogue: standard library only, no Flet
        and m != "assistant.ui.chair"  # rows.py builds on model.py
    ]
    assert imported and not bad, bad


# --- the clock buttons ------------------------------------------------------------------------------


def test_controls_follow_the_meeting_state_not_the_seconds():
    assert rows.controls_view(None, None, None, None, T0, "nl").stage is rows.Stage.NO_CRISIS
    assert rows.controls_view(CRISIS, None, None, None, T0, "nl").stage is rows.Stage.NO_MEETING
    planned = new_meeting(CRISIS, 2, T0)
    view = rows.controls_view(CRISIS, planned, snapshot(planned, T0), None, T0, "nl")
    assert (view.stage, view.number, view.planned_minutes) == (rows.Stage.PLANNED, 2, "30")
    meeting, now = running(planned)
    first = rows.controls_view(CRISIS, meeting, snapshot(meeting, now), None, now, "nl")
    assert (first.stage, first.first, first.last, first.paused) == (rows.Stage.RUNNING, True, False, False)
    later = now + timedelta(seconds=17)
    assert rows.controls_view(CRISIS, meeting, snapshot(meeting, later), None, later, "nl") == first
    last, now = running(planned, steps=len(planned.agenda) - 1)
    view = rows.controls_view(CRISIS, last, snapshot(last, now), None, now, "nl")
    assert (view.first, view.last) == (False, True)


def test_controls_of_a_closed_meeting_name_the_next_meeting():
    meeting, now = running(new_meeting(CRISIS, 2, T0))
    clock = MeetingClock(meeting.agenda, meeting.clock)
    clock.end(now)
    ended = dataclasses.replace(meeting, clock=clock.to_state())
    view = rows.controls_view(CRISIS, ended, snapshot(ended, now), T0 + timedelta(hours=2), now, "nl")
    assert (view.stage, view.next_meeting) == (rows.Stage.ENDED, "12:00")
    assert rows.controls_view(CRISIS, ended, snapshot(ended, now), None, now, "nl").next_meeting == "–"


def test_status_word_says_paused_not_started_or_ended_before_the_level():
    meeting, now = running(new_meeting(CRISIS, 2, T0))
    assert rows.status_word_key(cm.current_item(snapshot(meeting, now))) is None
    planned = new_meeting(CRISIS, 2, T0)
    assert rows.status_word_key(cm.current_item(snapshot(planned, T0))) == "chair.not_started"
    clock = MeetingClock(meeting.agenda, meeting.clock)
    clock.pause(now)
    assert rows.status_word_key(cm.current_item(clock.snapshot(now))) == "chair.paused"
    clock.resume(now)
    clock.end(now)
    assert rows.status_word_key(cm.current_item(clock.snapshot(now))) == "chair.ended"


# --- section buttons --------------------------------------------------------------------------------


def test_section_counts_this_meetings_decisions_and_open_own_items():
    entries = [
        entry("B-1", EntryKind.DECISION, "Gebouw dicht"),
        entry("O-1", EntryKind.ORDER, "Lijst aanwezigen"),
        entry("I-1", EntryKind.INFO, "Brand is uit"),
        entry("B-2", EntryKind.DECISION, "Vorig overleg", meeting=0),
    ]
    items = [
        IndividualItem("1", "c1", "task", "Bellen", T0.isoformat(), Priority.HIGH),
        IndividualItem("2", "c1", "task", "Mailen", T0.isoformat(), Priority.LOW, checked_at=T0.isoformat()),
    ]
    assert rows.section_counts(entries, 1, items) == {
        "fase": 0,
        "besluiten": 2,
        "eigen": 1,
        "stakeholders": 0,
        "teams": 0,
    }
    assert tuple(rows.section_counts([], None, [])) == rows.SECTIONS


# --- phase panel ------------------------------------------------------------------------------------


def test_phase_before_the_first_meeting_starts_shows_the_startup_lists():
    meeting = new_meeting(CRISIS, 1, T0)
    view = rows.phase_view(meeting, snapshot(meeting, T0), False, "nl")
    assert [c.key for c in view.checklists] == ["startup", "agreements"]
    assert not view.controle and not view.can_close
    assert [a.index for a in view.agenda] == list(range(len(meeting.agenda)))
    assert not any(a.current or a.done for a in view.agenda)
    assert rows.phase_view(None, None, False, "nl") == rows.PhaseView(has_meeting=False)


def test_phase_at_controle_of_a_follow_up_and_ticks_change_the_value():
    meeting, now = running(new_meeting(CRISIS, 2, T0), steps=1)  # item 2: Controle
    view = rows.phase_view(meeting, snapshot(meeting, now), False, "nl")
    assert view.controle
    assert [(a.current, a.done) for a in view.agenda[:3]] == [(False, True), (True, False), (False, False)]
    # the same meeting a few seconds later: equal (no redraw); a tick: different (redraw)
    assert rows.phase_view(meeting, snapshot(meeting, now + timedelta(seconds=5)), False, "nl") == view
    prompt = view.checklists[0].prompts[0]
    ticked = dataclasses.replace(meeting, ticks={prompt.prompt_id: now.isoformat()})
    after = rows.phase_view(ticked, snapshot(ticked, now), False, "nl")
    assert after != view and after.checklists[0].prompts[0].ticked


def test_phase_at_the_close_item_offers_reflection_when_due_and_closing():
    planned = new_meeting(CRISIS, 3, T0)
    meeting, now = running(planned, steps=len(planned.agenda) - 1)
    due = rows.phase_view(meeting, snapshot(meeting, now), True, "nl")
    assert due.can_close and [c.key for c in due.checklists] == ["reflection"]
    assert rows.phase_view(meeting, snapshot(meeting, now), False, "nl").checklists == ()


# --- decisions, individual log, stakeholders, Controle ------------------------------------------------


def test_decision_cards_newest_first_with_owner_and_deadline():
    entries = [
        entry("B-1", EntryKind.DECISION, "Gebouw B blijft dicht", reason="Rook"),
        entry("O-1", EntryKind.ORDER, "Lijst aanwezigen", owner="hr", deadline="2026-11-30T11:00"),
        entry("B-0", EntryKind.DECISION, "Ander overleg", meeting=2),
    ]
    cards = rows.decision_cards(entries, 1, lambda role: role.upper(), "nl")
    assert [c.head for c in cards] == ["O-1 · Opdracht · HR · 11:00", "B-1 · Besluit"]
    assert (cards[1].decision, cards[1].reason, cards[0].decision) == (True, "Rook", False)
    assert rows.decision_cards(entries, 1, None, "nl")[0].head == "O-1 · Opdracht · hr · 11:00"


def test_individual_rows_open_high_first_with_translated_kind_and_priority():
    items = [
        IndividualItem("1", "c1", "contact", "Pers", "2026-11-30T10:04:00+01:00", Priority.LOW),
        IndividualItem("2", "c1", "task", "Bellen", "2026-11-30T10:05:00+01:00", Priority.HIGH),
    ]
    out = rows.individual_rows(items, "nl")
    assert [r.item_id for r in out] == ["2", "1"]
    assert (out[1].kind, out[1].created, out[1].checked) == ("Contact", "10:04", False)
    assert out[0].priority == label(Priority.HIGH, "nl")
    assert rows.individual_rows(items, "en")[0].kind == "Task"


def test_stakeholder_rows_say_who_informed_them_when():
    now = datetime(2026, 11, 30, 11, 0, tzinfo=TZ)
    people = [
        Stakeholder("s1", "c1", "Burgemeester", "bestuur", None, "2026-11-30T10:48:00+01:00", "voorzitter"),
        Stakeholder("s2", "c1", "GGD"),
    ]
    out = rows.stakeholder_rows(people, now, "nl")
    assert out[0].detail == "bestuur · laatst 10:48 door voorzitter (12 min geleden)"
    assert out[1] == rows.StakeholderRow("s2", "GGD", "nog niet geïnformeerd")


def test_controle_row_head_and_the_four_quick_statuses():
    row = cm.TaskRow("e1", "O-1", "Lijst", "HR", "10:20", "Open", True, "")
    assert row_head(row, "deadline") == "O-1 · HR · deadline 10:20 · Open"
    bare = cm.TaskRow("e2", "A-3", "Bellen", "", "", "", False, "")
    assert row_head(bare, "deadline") == "A-3"
    assert [s for _, s in STATUS_BUTTONS] == [
        TaskStatus.DONE,
        TaskStatus.IN_PROGRESS,
        None,
        TaskStatus.CANCELLED,
    ]
