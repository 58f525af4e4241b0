"""Room: the application service, on a real TinyDB data folder and the real parser."""

from __future__ import annotations

import json

import pytest

from assistant.app.room import Room, RoomChange, UtteranceInput
from assistant.domain.entries import DraftState, EntryEdit, EntryKind, TaskStatus, verify_chain
from assistant.domain.errors import InvalidInput, InvalidTransition, NotFound
from assistant.storage.tinydb_repo import TinyDBRepository


def running_meeting(room: Room, crisis_id: str):
    meeting = room.meetings.plan(crisis_id)
    return room.meetings.clock_action(crisis_id, meeting.number, "start")


def test_create_crisis_makes_it_active_with_default_roster_and_stakeholders(room, crisis):
    assert room.setup.active_id() == crisis.crisis_id
    assert len(crisis.roster.roles) == 10
    assert crisis.started_at.startswith("2026-02-05T10:00:00+01:00")
    assert room.chair_notes.stakeholders(crisis.crisis_id)
    with pytest.raises(InvalidInput):
        room.setup.create("   ")


def test_first_meeting_then_follow_up(room, crisis, clock):
    first = running_meeting(room, crisis.crisis_id)
    assert first.number == 1 and first.first and first.template == "eerste"
    with pytest.raises(InvalidTransition):
        room.meetings.plan(crisis.crisis_id)  # the first one is still open
    clock.advance(25 * 60)
    next_at = room.meetings.default_next(crisis.crisis_id, 1)
    assert next_at.strftime("%H:%M") == "12:00"  # cycle of 2 hours from the planned start
    room.meetings.end(crisis.crisis_id, 1, next_at)
    assert room.meetings.next_meeting_at(crisis.crisis_id) == next_at
    process = [e for e in room.ledger.entries(crisis.crisis_id) if e.kind is EntryKind.PROCESS]
    assert process[-1].text == "Volgend overleg om 12:00."
    second = room.meetings.plan(crisis.crisis_id)
    assert second.number == 2 and not second.first and second.agenda[1].phase == "controle"
    assert second.planned_start.startswith("2026-02-05T12:00")


def test_clock_is_computed_from_the_stored_state(room, crisis, clock, tmp_path):
    meeting = running_meeting(room, crisis.crisis_id)
    clock.advance(90)
    room.meetings.clock_action(crisis.crisis_id, meeting.number, "next")
    clock.advance(30)
    snap = room.meetings.snapshot(crisis.crisis_id, meeting.number)
    assert snap.index == 1 and snap.elapsed == 30
    # a second process (after a crash, or another device) computes the same time
    room.repo.close()
    other = Room(TinyDBRepository(tmp_path / "data"), now=clock)
    assert other.meetings.snapshot(crisis.crisis_id, meeting.number) == snap
    room.repo = other.repo


def test_phase_change_is_logged_as_process_entry(room, crisis, clock):
    meeting = running_meeting(room, crisis.crisis_id)
    room.meetings.clock_action(crisis.crisis_id, meeting.number, "next")  # werkafspraken: no BOBOC phase
    room.meetings.clock_action(crisis.crisis_id, meeting.number, "next")  # beeldvorming
    texts = [e.text for e in room.ledger.entries(crisis.crisis_id) if e.kind is EntryKind.PROCESS]
    assert texts == ["Fase: Beeldvorming."]
    assert room.meetings.current_phase(crisis.crisis_id) == "beeldvorming"


def test_typed_order_becomes_a_draft_then_O1(room, crisis, clock):
    running_meeting(room, crisis.crisis_id)
    drafts = room.intake.add_typed(crisis.crisis_id, "opdracht aan hr lijst aanwezigen voor elf uur")
    assert len(drafts) == 1
    draft = drafts[0]
    assert draft.content.kind is EntryKind.ORDER and draft.content.owner == "hr"
    assert draft.content.deadline == "2026-02-05T11:00"
    entry = room.intake.confirm_draft(crisis.crisis_id, draft.draft_id, by="logger")
    assert entry.number == "O-1" and entry.status is TaskStatus.OPEN and entry.version == 1
    assert room.intake.drafts(crisis.crisis_id) == []
    assert room.intake.drafts(crisis.crisis_id, DraftState.CONFIRMED)[0].entry_id == entry.entry_id
    assert verify_chain(room.repo.entry_versions(crisis.crisis_id)) == []


def test_plain_typed_text_becomes_an_info_draft(room, crisis):
    drafts = room.intake.add_typed(crisis.crisis_id, "de lift in gebouw c is buiten gebruik")
    assert drafts[0].content.kind is EntryKind.INFO
    assert drafts[0].content.text == "De lift in gebouw c is buiten gebruik."
    with pytest.raises(InvalidInput):
        room.intake.add_typed(crisis.crisis_id, "  ")


def test_edit_of_a_confirmed_entry_keeps_version_one(room, crisis, clock):
    draft = room.intake.add_typed(crisis.crisis_id, "besluit het hoofdgebouw blijft vandaag dicht")[0]
    entry = room.intake.confirm_draft(crisis.crisis_id, draft.draft_id, by="logger")
    assert entry.number == "B-1"
    clock.advance(60)
    v2 = room.ledger.edit(
        crisis.crisis_id, entry.entry_id, "logger", EntryEdit.of(reason="Rookschade nog niet onderzocht")
    )
    assert v2.version == 2 and v2.number == "B-1"
    history = room.ledger.history(crisis.crisis_id, entry.entry_id)
    assert [v.version for v in history] == [1, 2]
    assert history[0].content.reason == "" and history[1].content.reason.startswith("Rookschade")
    assert "reason" in history[1].change_note
    with pytest.raises(InvalidInput):
        room.ledger.edit(crisis.crisis_id, entry.entry_id, "logger", EntryEdit.of(kind="order"))
    assert room.ledger.entries(crisis.crisis_id)[0].version == 2


def test_status_buttons_make_a_status_entry_and_a_new_task_version(room, crisis, clock):
    draft = room.intake.add_typed(crisis.crisis_id, "actie voor ict de servers controleren voor elf uur")[0]
    action = room.intake.confirm_draft(crisis.crisis_id, draft.draft_id, by="logger")
    status_entry = room.ledger.set_status(crisis.crisis_id, action.entry_id, TaskStatus.DONE, by="voorzitter")
    assert status_entry.number == "S-1" and status_entry.content.ref == "A-1"
    current = {e.number: e for e in room.ledger.entries(crisis.crisis_id)}["A-1"]
    assert (
        current.status is TaskStatus.DONE
        and current.version == 2
        and current.status_changed_by == "voorzitter"
    )
    assert room.ledger.open_tasks(crisis.crisis_id) == []


def test_delayed_status_moves_the_deadline(room, crisis, clock):
    draft = room.intake.add_typed(crisis.crisis_id, "actie voor hr de roosters aanpassen voor elf uur")[0]
    action = room.intake.confirm_draft(crisis.crisis_id, draft.draft_id, by="logger")
    room.ledger.set_status(
        crisis.crisis_id,
        action.entry_id,
        TaskStatus.IN_PROGRESS,
        "voorzitter",
        new_deadline="2026-02-05T13:00",
        note="vertraagd",
    )
    current = room.ledger.history(crisis.crisis_id, action.entry_id)[-1]
    assert current.content.deadline == "2026-02-05T13:00" and current.status is TaskStatus.IN_PROGRESS


def test_spoken_status_update_links_to_the_action(room, crisis, clock):
    for text in ("actie voor hr de familie bellen", "actie voor ict back-up maken"):
        room.intake.confirm_draft(
            crisis.crisis_id, room.intake.add_typed(crisis.crisis_id, text)[0].draft_id, "logger"
        )
    line, drafts = room.intake.add_utterance(
        crisis.crisis_id, UtteranceInput("actie twee is gereed", clock.now, 0.9)
    )
    assert line.kind == "status" and drafts[0].content.ref == "A-2"
    room.intake.confirm_draft(crisis.crisis_id, drafts[0].draft_id, "logger")
    by_number = {e.number: e for e in room.ledger.entries(crisis.crisis_id)}
    assert by_number["A-2"].status is TaskStatus.DONE and by_number["A-1"].status is TaskStatus.OPEN


def test_status_for_unknown_entry_is_refused_and_draft_stays_pending(room, crisis, clock):
    _, drafts = room.intake.add_utterance(
        crisis.crisis_id, UtteranceInput("actie negen is gereed", clock.now)
    )
    with pytest.raises(NotFound):
        room.intake.confirm_draft(crisis.crisis_id, drafts[0].draft_id, "logger")
    assert room.intake.drafts(crisis.crisis_id)[0].draft_id == drafts[0].draft_id


def test_overdue_tasks_come_first(room, crisis, clock):
    late = room.intake.add_typed(crisis.crisis_id, "actie voor hr bellen voor half elf")[0]
    later = room.intake.add_typed(
        crisis.crisis_id, "opdracht aan ict systemen herstarten voor tien uur vijftien"
    )[0]
    none = room.intake.add_typed(crisis.crisis_id, "actie voor facilitair extra stoelen")[0]
    for d in (none, late, later):
        room.intake.confirm_draft(crisis.crisis_id, d.draft_id, "logger")
    clock.advance(20 * 60)  # 10:20
    numbers = [e.number for e in room.ledger.open_tasks(crisis.crisis_id)]
    assert numbers == ["O-1", "A-2", "A-1"]
    assert room.ledger.is_overdue(crisis.crisis_id, room.ledger.open_tasks(crisis.crisis_id)[0])


def test_utterance_goes_to_transcript_even_when_not_log_worthy(room, crisis, clock):
    line, drafts = room.intake.add_utterance(
        crisis.crisis_id, UtteranceInput("sorry ik verstond je niet", clock.now)
    )
    assert drafts == [] and line.kind == "none"
    line2, drafts2 = room.intake.add_utterance(
        crisis.crisis_id,
        UtteranceInput(
            "besluit we evacueren vleugel c",
            clock.now,
            0.7,
            ({"word": "evacueren", "start": 1.0, "end": 1.5, "conf": 0.4},),
            audio_ref="audio/x.wav",
        ),
    )
    assert drafts2[0].origin.low_confidence_words == ("evacueren",)
    assert drafts2[0].origin.audio_ref == "audio/x.wav"
    assert [ln.text for ln in room.intake.transcript(crisis.crisis_id)] == [line.text, line2.text]
    promoted = room.intake.promote_line(crisis.crisis_id, line.line_id, EntryKind.INFO)
    assert promoted.content.kind is EntryKind.INFO


def test_reject_keeps_the_draft_with_reason(room, crisis):
    draft = room.intake.add_typed(crisis.crisis_id, "besluit we gaan naar huis")[0]
    room.intake.reject_draft(crisis.crisis_id, draft.draft_id, "logger", "grapje")
    rejected = room.intake.drafts(crisis.crisis_id, DraftState.REJECTED)
    assert rejected[0].reject_reason == "grapje"
    with pytest.raises(InvalidTransition):
        room.intake.confirm_draft(crisis.crisis_id, draft.draft_id, "logger")


def test_proposal_then_akkoord_ratifies_it(room, crisis):
    proposal = room.intake.add_typed(
        crisis.crisis_id, "ik stel voor om de pers pas na de familie te informeren"
    )[0]
    assert proposal.content.kind is EntryKind.PROPOSAL
    room.intake.confirm_draft(crisis.crisis_id, proposal.draft_id, "logger")
    decision = room.intake.add_typed(crisis.crisis_id, "akkoord zo besloten")[0]
    assert decision.content.kind is EntryKind.DECISION
    assert "pers" in decision.content.text.lower()
    assert decision.content.ref == "V-1"


def test_akkoord_does_not_ratify_a_proposal_of_an_earlier_meeting(room, crisis, clock):
    meeting = running_meeting(room, crisis.crisis_id)
    room.intake.add_typed(crisis.crisis_id, "ik stel voor om de pers pas na de familie te informeren")
    room.meetings.end(crisis.crisis_id, meeting.number, None)
    running_meeting(room, crisis.crisis_id)
    drafts = room.intake.add_typed(crisis.crisis_id, "akkoord zo besloten")
    assert all("pers" not in d.content.text.lower() for d in drafts)


def test_ticks_individual_log_and_stakeholders(room, crisis, clock):
    meeting = running_meeting(room, crisis.crisis_id)
    room.meetings.tick(crisis.crisis_id, meeting.number, "taak.1")
    assert "taak.1" in room.repo.get_meeting(crisis.crisis_id, 1).ticks
    room.meetings.tick(crisis.crisis_id, meeting.number, "taak.1", ticked=False)
    assert "taak.1" not in room.repo.get_meeting(crisis.crisis_id, 1).ticks
    item = room.chair_notes.add_individual(crisis.crisis_id, "task", "Burgemeester bellen", "hoog")
    room.chair_notes.check_individual(crisis.crisis_id, item.item_id)
    stakeholder = room.chair_notes.stakeholders(crisis.crisis_id)[0]
    room.chair_notes.mark_informed(crisis.crisis_id, stakeholder.stakeholder_id, "voorzitter")
    informed = {s.stakeholder_id: s for s in room.chair_notes.stakeholders(crisis.crisis_id)}[
        stakeholder.stakeholder_id
    ]
    assert informed.last_informed_by == "voorzitter" and informed.last_informed_at
    lines = [i.text for i in room.chair_notes.individual(crisis.crisis_id)]
    assert lines[0] == "Burgemeester bellen" and "geïnformeerd" in lines[1]


def test_subscribers_hear_every_change_after_the_write(room, crisis, tmp_path):
    seen: list[RoomChange] = []
    unsubscribe = room.subscribe(seen.append)
    draft = room.intake.add_typed(crisis.crisis_id, "besluit alle lessen vervallen")[0]
    room.intake.confirm_draft(crisis.crisis_id, draft.draft_id, "logger")
    assert [c.topic for c in seen] == ["drafts", "drafts", "log"]
    unsubscribe()
    room.intake.add_typed(crisis.crisis_id, "besluit nog iets")
    assert len(seen) == 3


def test_confirmed_entry_is_in_the_tinydb_file(room, crisis, tmp_path):
    draft = room.intake.add_typed(crisis.crisis_id, "besluit het hoofdgebouw blijft dicht")[0]
    room.intake.confirm_draft(crisis.crisis_id, draft.draft_id, "logger")
    texts = []
    for path in (tmp_path / "data").rglob("*.json"):
        texts.append(path.read_text(encoding="utf-8"))
    assert any("Het hoofdgebouw blijft dicht." in t for t in texts)
    assert all(json.loads(t) is not None for t in texts)


def test_areas_are_reachable_and_clock_actions_are_typed(room, crisis, clock):
    from assistant.app.room import ClockAction, MeetingDetail, Topic

    seen: list[RoomChange] = []
    room.subscribe(seen.append)
    meeting = room.meetings.plan(crisis.crisis_id)
    room.meetings.clock_action(crisis.crisis_id, meeting.number, ClockAction.START)
    assert [(c.topic, c.detail) for c in seen] == [
        (Topic.MEETING, MeetingDetail.PLANNED),
        (Topic.CLOCK, ClockAction.START),
        (Topic.MEETING, ClockAction.START),
    ]
    assert seen[1].topic == "clock"  # StrEnum: callers comparing with strings keep working
    with pytest.raises(InvalidInput):
        room.meetings.clock_action(crisis.crisis_id, meeting.number, "sprint")  # the old string form, checked
    assert [m.number for m in room.meetings.all(crisis.crisis_id)] == [meeting.number]
    assert not hasattr(room, "confirm_draft")  # the flat names are gone: callers use the areas


def test_edits_travel_as_entry_edit_values(room, crisis, clock):
    from assistant.app.room import EntryEdit

    draft = room.intake.add_typed(crisis.crisis_id, "besluit het hoofdgebouw blijft vandaag dicht")[0]
    edited = room.intake.edit_draft(
        crisis.crisis_id, draft.draft_id, EntryEdit.of(reason="Rook in het trappenhuis")
    )
    assert edited.content.reason == "Rook in het trappenhuis"
    entry = room.intake.confirm_draft(
        crisis.crisis_id, draft.draft_id, "logger", EntryEdit.of(priority="hoog")
    )
    assert entry.content.priority is not None and entry.content.reason == "Rook in het trappenhuis"
    with pytest.raises(InvalidInput):
        room.ledger.edit(crisis.crisis_id, entry.entry_id, "logger", EntryEdit.of(colour="rood"))


def test_the_repository_alone_seals_versions(room, crisis, clock):
    """The ledger hands unsealed versions; seq and prev_hash come from the repository."""
    appended = []
    original = room.repo.append_entries

    def spy(versions, decided=None, based_on=None):
        appended.extend(versions)
        return original(versions, decided, based_on)

    room.repo.append_entries = spy  # type: ignore[method-assign]
    draft = room.intake.add_typed(crisis.crisis_id, "actie voor hr bellen voor half elf")[0]
    entry = room.intake.confirm_draft(crisis.crisis_id, draft.draft_id, "logger")
    clock.advance(60)
    room.ledger.set_status(crisis.crisis_id, entry.entry_id, TaskStatus.DONE, "voorzitter")
    assert [(e.seq, e.prev_hash, e.hash) for e in appended] == [(-1, "", "")] * 3
    assert [v.seq for v in room.repo.entry_versions(crisis.crisis_id)] == [0, 1, 2]
    assert verify_chain(room.repo.entry_versions(crisis.crisis_id)) == []


def test_promote_line_parses_in_the_rooms_language(tmp_path, clock):
    calls: list[str] = []

    def parser(text, **kwargs):
        calls.append(kwargs["lang"])
        return []

    with TinyDBRepository(tmp_path / "en") as repo:
        room = Room(repo, now=clock, parser=parser, lang="en")
        crisis = room.setup.create("Fire in building B")
        line, drafts = room.intake.add_utterance(
            crisis.crisis_id, UtteranceInput("the lift is out of order", clock.now)
        )
        draft = room.intake.promote_line(crisis.crisis_id, line.line_id, EntryKind.INFO)
    assert drafts == [] and calls == ["en", "en"]
    assert draft.content.text == "The lift is out of order." and draft.content.kind is EntryKind.INFO


def test_overdue_follows_the_domain_rule_at_minute_resolution(room, crisis, clock):
    draft = room.intake.add_typed(crisis.crisis_id, "actie voor hr bellen voor tien uur vijf")[0]
    entry = room.intake.confirm_draft(crisis.crisis_id, draft.draft_id, "logger")
    assert entry.content.deadline == "2026-02-05T10:05"
    clock.advance(5 * 60 + 30)  # 10:05:30 in Amsterdam
    assert not room.ledger.is_overdue(crisis.crisis_id, entry)
    clock.advance(30)  # 10:06
    assert room.ledger.is_overdue(crisis.crisis_id, entry) == entry.is_overdue(
        room.now(room.setup.get(crisis.crisis_id))
    )
    assert room.ledger.open_tasks(crisis.crisis_id)[0].number == "A-1"
