"""The report model: current versions, effective status, overdue flags, meeting and handover content."""

from __future__ import annotations

from datetime import timedelta

from crisis_fixture import CRISIS_ID, DECISION_TEXTS
from memory_repo import memory_copy

from assistant.domain.entries import EntryKind, TaskStatus
from assistant.export import model as m
from assistant.export.service import load_view, resolve_crisis


def view_of(repo, now):
    return load_view(repo, repo.get_crisis(CRISIS_ID), now)


def test_current_version_and_all_versions_are_kept(repo, now):
    view = view_of(repo, now)
    b2 = view.by_number("B-2")
    assert [v.version for v in b2.versions] == [1, 2]
    assert b2.current.content.text.endswith("en de Waaier")
    assert b2.first.content.text == DECISION_TEXTS[1]
    assert view.intact and view.head_hash == view.versions[-1].hash


def test_status_from_versions_and_from_status_entries(repo, now):
    view = view_of(repo, now)
    # every status change through the room is a status entry plus a new version of the task
    assert view.by_number("A-1").status is TaskStatus.DONE  # S-1 "A-1: gereed." and version 2
    assert view.by_number("O-1").status is TaskStatus.DONE  # S-2 in progress, then S-3 done (spoken)
    assert view.by_number("A-3").status is TaskStatus.IN_PROGRESS  # S-4, typed in the Controle
    assert view.by_number("A-5").status is TaskStatus.CANCELLED
    assert [u.number for u in view.by_number("O-1").status_updates] == ["S-2", "S-3"]


def test_revoked_decision_is_not_in_force(repo, now):
    view = view_of(repo, now)
    assert view.by_number("B-4").status is TaskStatus.CANCELLED and not view.by_number("B-4").in_force
    assert view.by_number("B-1").in_force and view.by_number("B-1").status is None


def test_overdue_uses_now_and_closed_tasks_are_never_overdue(repo, now):
    view = view_of(repo, now)
    overdue = {s.number for s in view.entries if s.overdue}
    # A-2 uiterlijk 11:30 open; A-3 "volgend overleg" = meeting 2 at 11:00, in progress;
    # A-1 done (deadline 09:45)
    assert overdue == {"A-2", "A-3"}
    earlier = view_of(repo, now.replace(hour=9, minute=0))
    assert not any(s.overdue for s in earlier.entries)


def test_next_meeting_deadline_resolves_to_the_following_meeting(repo, now):
    a3 = view_of(repo, now).by_number("A-3")
    assert a3.deadline_at is not None and a3.deadline_at.hour == 11 and a3.deadline_at.minute == 0


def test_action_rows_open_only_overdue_first(repo, now):
    rows = m.action_rows(view_of(repo, now), open_only=True, overdue_first=True)
    numbers = [r.number for r in rows]
    assert numbers[:2] == ["A-3", "A-2"]  # overdue, oldest deadline first
    assert set(numbers) == {"A-3", "A-2", "O-2", "A-4"}
    assert numbers[-1] == "A-4"  # asap without a time: last


def test_decision_rows_per_meeting(repo, now):
    view = view_of(repo, now)
    assert [r.number for r in m.decision_rows(view)] == ["B-1", "B-2", "B-3", "B-4"]
    assert [r.number for r in m.decision_rows(view, 2)] == ["B-3", "B-4"]
    row = m.decision_rows(view, 1)[0]
    assert row.reason.startswith("Rookontwikkeling") and row.kind is EntryKind.DECISION


def test_meeting_report_sections(repo, now):
    report = m.build_meeting_report(view_of(repo, now), 2)
    assert [r.number for r in report.info] == ["I-4", "I-5", "I-6"]
    assert [r.number for r in report.decisions] == ["B-3", "B-4"]
    assert [r.number for r in report.orders] == ["O-2"] and [r.number for r in report.actions] == [
        "A-4",
        "A-5",
    ]
    # meeting 2 was planned at the close of meeting 1: the status changes in between count for it
    assert [c.via for c in report.control] == ["S-1", "S-2", "S-3", "S-4", "S-5", "S-6"]
    assert {r.number for r in report.open_at_start} == {"O-1", "A-2", "A-3"}  # A-1 was done before 11:00
    assert report.absent == (("ict", None),)
    assert report.next_meeting_at is not None and report.next_meeting_at.hour == 13
    assert [round(t.spent_seconds / 60) for t in report.timing] == [1, 4, 8, 7, 6, 3, 3, 1]
    assert report.planned_minutes == 30 and round(report.spent_seconds / 60) == 33


def test_running_meeting_has_no_time_for_items_not_reached(demo_repo):
    from export_helpers import DEMO_NOW

    crisis = resolve_crisis(demo_repo, None)
    report = m.build_meeting_report(load_view(demo_repo, crisis, DEMO_NOW), 3)
    assert report.ended_at is None and report.started_at is not None
    reached = [t.spent_seconds is not None for t in report.timing]
    assert reached[:3] == [True, True, True] and not any(reached[3:])


def test_status_entry_and_its_version_count_once(demo_repo):
    from export_helpers import DEMO_NOW

    crisis = resolve_crisis(demo_repo, None)
    report = m.build_meeting_report(load_view(demo_repo, crisis, DEMO_NOW), 3)
    keys = [(c.number, c.new_status) for c in report.control]
    assert len(keys) == len(set(keys))


def test_handover(repo, now):
    view = view_of(repo, now)
    h = m.build_handover(view, repo.list_individual(CRISIS_ID), repo.list_stakeholders(CRISIS_ID))
    assert [r.number for r in h.decisions_in_force] == ["B-1", "B-2", "B-3"]
    assert [r.number for r in h.open_tasks][:2] == ["A-3", "A-2"]
    assert {r.number for r in h.picture} == {"I-4", "I-5", "I-6"} and h.picture_more == 3
    assert h.next_meeting_at is not None and h.next_meeting_at.hour == 13  # meeting 3 is planned
    assert [i.text for i in h.chair_open] == [  # unchecked, in the order the chair wrote them
        "Toestemming gegeven voor extra beveiliging <b>nacht</b>",
        "Burgemeester bellen na persconferentie",
    ]


def test_broken_chain_is_reported(repo, now):
    from dataclasses import replace

    memory = memory_copy(repo, CRISIS_ID)
    chain = memory.entries[CRISIS_ID]
    chain[3] = replace(chain[3], content=chain[3].content.with_changes(text="Stilletjes gewijzigd"))
    view = view_of(memory, now)
    assert not view.intact
    assert [(p.number, p.problem) for p in view.problems] == [(chain[3].number, "hash_mismatch")]


def test_naive_now_is_taken_in_the_crisis_time_zone(repo, now):
    naive = view_of(repo, now.replace(tzinfo=None))
    assert naive.now.utcoffset() == timedelta(hours=1)
