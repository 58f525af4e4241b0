"""Issue 11/12 through the room: one write per change, idempotent and conflict-checked edits, bounded
and cleaned input, anchors in the log, the parser's meeting context, and drafts measured in use.

Real TinyDB folder, real parser; the repository's ``append_entries``/``save_drafts`` are wrapped only
to count calls (they still write)."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest

from assistant.app.room import EntryEdit, Room, UtteranceInput
from assistant.app.room.meetings import ANCHOR_PREFIX
from assistant.domain.clean_text import MAX_DRAFTS_PER_LINE, MAX_LINE_CHARS, LineTooLong
from assistant.domain.entries import DraftState, EntryKind, TaskStatus
from assistant.domain.parser import parse_utterance
from assistant.storage.errors import VersionConflict
from assistant.storage.tinydb_repo import TinyDBRepository


class Writes:
    """Counts the repository's write calls (and passes them on)."""

    def __init__(self, repo: TinyDBRepository) -> None:
        self.entries: list[list[Any]] = []
        self.drafts: list[list[Any]] = []
        append_entries, save_drafts = repo.append_entries, repo.save_drafts

        def counted_entries(versions, decided=None, based_on=None):  # type: ignore[no-untyped-def]
            self.entries.append(list(versions))
            return append_entries(versions, decided, based_on)

        def counted_drafts(drafts):  # type: ignore[no-untyped-def]
            self.drafts.append(list(drafts))
            return save_drafts(drafts)

        repo.append_entries = counted_entries  # type: ignore[method-assign]
        repo.save_drafts = counted_drafts  # type: ignore[method-assign]

    def reset(self) -> None:
        self.entries.clear()
        self.drafts.clear()


@pytest.fixture
def cid(room: Room) -> str:
    crisis = room.setup.create("Stroomstoring campus", "Universiteit Oost")
    meeting = room.meetings.plan(crisis.crisis_id)
    room.meetings.clock_action(crisis.crisis_id, meeting.number, "start")
    return crisis.crisis_id


def confirmed(room: Room, cid: str, text: str):
    draft = room.intake.add_typed(cid, text)[0]
    return room.intake.confirm_draft(cid, draft.draft_id, "logger")


# --- one write for one change ---------------------------------------------------------------------


def test_set_status_writes_the_status_entry_and_the_task_version_in_one_write(room, repo, cid):
    task = confirmed(room, cid, "actie voor hr lijst aanwezigen maken voor twaalf uur")
    writes = Writes(repo)
    status_entry = room.ledger.set_status(cid, task.entry_id, TaskStatus.DONE, "voorzitter")
    assert [[v.number for v in call] for call in writes.entries] == [[status_entry.number, task.number]]
    assert repo.latest_version(cid, task.entry_id).status is TaskStatus.DONE
    assert repo.verify(cid) == []


def test_confirming_a_spoken_status_draft_is_one_write_with_its_ref_from_the_open_tasks(
    room, repo, cid, clock
):
    task = confirmed(room, cid, "opdracht aan communicatie persbericht opstellen voor elf uur")
    clock.advance(60)
    writes = Writes(repo)
    _, drafts = room.intake.add_utterance(cid, UtteranceInput("het persbericht is de deur uit", clock.now))
    assert [(d.content.kind, d.content.ref, d.content.new_status) for d in drafts] == [
        (EntryKind.STATUS, task.number, TaskStatus.DONE)
    ]
    assert len(writes.drafts) == 1
    entry = room.intake.confirm_draft(cid, drafts[0].draft_id, "logger")
    assert [[v.number for v in call] for call in writes.entries] == [[entry.number, task.number]]
    assert repo.get_draft(cid, drafts[0].draft_id).state is DraftState.CONFIRMED
    assert repo.latest_version(cid, task.entry_id).change_note == f"status via {entry.number}"


def test_typed_status_lines_resolve_spoken_numbers_through_the_context(room, cid):
    order = confirmed(room, cid, "opdracht aan communicatie persbericht opstellen voor elf uur")
    action = confirmed(room, cid, "actie voor hr lijst aanwezigen maken voor twaalf uur")
    running = room.intake.add_typed(cid, "o een loopt nog")[0].content
    done = room.intake.add_typed(cid, "a een is afgevinkt")[0].content
    assert (running.ref, running.new_status) == (order.number, TaskStatus.IN_PROGRESS)
    assert (done.ref, done.new_status) == (action.number, TaskStatus.DONE)


def test_closing_a_meeting_records_the_log_head_in_one_write(room, repo, cid, clock):
    confirmed(room, cid, "besluit het gebouw blijft vandaag dicht")
    before = repo.chain_heads(cid)["log"]
    writes = Writes(repo)
    clock.advance(30 * 60)
    room.meetings.end(cid, 1, clock.now + timedelta(hours=2))
    (call,) = writes.entries
    anchor, next_meeting = (v.text for v in call)
    assert anchor == f"{ANCHOR_PREFIX} 1: {before.count} versies, kop {before.head}."
    assert next_meeting.startswith("Volgend overleg om ")
    versions = repo.entry_versions(cid)
    assert versions[before.count - 1].hash == before.head  # the anchor names the version before it
    assert repo.verify(cid) == []


def test_reflection_and_phase_changes_are_one_write_each(room, repo, cid):
    writes = Writes(repo)
    room.meetings.mark_reflection(cid, 1)
    agenda = room.meetings.current(cid).agenda
    boboc = next(i for i, item in enumerate(agenda) if i and item.phase == "oordeelsvorming")
    room.meetings.clock_action(cid, 1, "goto", index=boboc)
    assert [len(call) for call in writes.entries] == [1, 1]
    assert all(v.kind is EntryKind.PROCESS for call in writes.entries for v in call)


# --- idempotent and safe edits --------------------------------------------------------------------


def test_a_status_the_task_already_has_writes_nothing(room, repo, cid):
    task = confirmed(room, cid, "actie voor hr bellen voor half elf")
    room.ledger.set_status(cid, task.entry_id, TaskStatus.DONE, "voorzitter")
    count = len(repo.entry_versions(cid))
    again = room.ledger.set_status(cid, task.entry_id, TaskStatus.DONE, "voorzitter", based_on=task.version)
    assert len(repo.entry_versions(cid)) == count
    assert again.entry_id == task.entry_id and again.status is TaskStatus.DONE
    open_again = room.ledger.set_status(cid, task.entry_id, TaskStatus.OPEN, "voorzitter")
    assert len(repo.entry_versions(cid)) == count + 2 and open_again.kind is EntryKind.STATUS


def test_a_double_tap_from_two_threads_writes_one_status(room, repo, cid):
    task = confirmed(room, cid, "actie voor hr bellen voor half elf")
    count = len(repo.entry_versions(cid))
    barrier = threading.Barrier(2)

    def tap() -> None:
        barrier.wait()
        room.ledger.set_status(cid, task.entry_id, TaskStatus.DONE, "voorzitter", based_on=task.version)

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(repo.entry_versions(cid)) == count + 2  # one S-entry and one task version


def test_a_status_based_on_an_old_version_is_a_conflict_and_writes_nothing(room, repo, cid):
    task = confirmed(room, cid, "actie voor hr bellen voor half elf")
    room.ledger.set_status(cid, task.entry_id, TaskStatus.IN_PROGRESS, "logger")
    count = len(repo.entry_versions(cid))
    with pytest.raises(VersionConflict) as caught:
        room.ledger.set_status(cid, task.entry_id, TaskStatus.CANCELLED, "voorzitter", based_on=task.version)
    assert caught.value.params["number"] == task.number and caught.value.params["current"] == 2
    assert len(repo.entry_versions(cid)) == count


def test_an_edit_based_on_an_old_version_is_a_conflict_never_last_writer_wins(room, repo, cid):
    task = confirmed(room, cid, "actie voor hr bellen voor half elf")
    room.ledger.edit(cid, task.entry_id, "logger", EntryEdit.of(text="Bellen met de ouders."), based_on=1)
    with pytest.raises(VersionConflict):
        room.ledger.edit(
            cid, task.entry_id, "voorzitter", EntryEdit.of(text="Bellen met de pers."), based_on=1
        )
    assert repo.latest_version(cid, task.entry_id).text == "Bellen met de ouders."


# --- bounded and clean input -------------------------------------------------------------------------


def _lock_free(room: Room) -> bool:
    """Whether another thread could take the room's lock right now."""
    result: list[bool] = []

    def probe() -> None:
        got = room.core.lock.acquire(blocking=False)
        result.append(got)
        if got:
            room.core.lock.release()

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    return result[0]


def test_a_pasted_100_kb_line_is_refused_before_the_lock_and_the_parser(repo, clock):
    seen: list[bool] = []

    def watching_parser(text: str, **kwargs: Any) -> list[Any]:
        seen.append(_lock_free(room))
        return parse_utterance(text, **kwargs)

    room = Room(repo, now=clock, parser=watching_parser)
    cid = room.setup.create("Plakken").crisis_id
    writes = Writes(repo)
    with pytest.raises(LineTooLong) as caught:
        room.intake.add_typed(cid, "opdracht aan hr bellen voor elf uur. " * 2_800)
    assert caught.value.params["limit"] == MAX_LINE_CHARS and caught.value.params["length"] > 100_000
    assert seen == [] and writes.drafts == [] and room.intake.drafts(cid) == []


def test_a_long_line_is_parsed_outside_the_lock_capped_and_written_once(repo, clock):
    seen: list[bool] = []

    def watching_parser(text: str, **kwargs: Any) -> list[Any]:
        seen.append(_lock_free(room))
        return parse_utterance(text, **kwargs)

    room = Room(repo, now=clock, parser=watching_parser)
    cid = room.setup.create("Plakken").crisis_id
    line = "opdracht aan hr bellen voor elf uur. actie voor ict servers controleren. " * 26
    writes = Writes(repo)
    drafts = room.intake.add_typed(cid, line[:MAX_LINE_CHARS])
    assert seen == [True]
    assert len(drafts) == MAX_DRAFTS_PER_LINE and drafts.left_out > 0
    assert [len(call) for call in writes.drafts] == [MAX_DRAFTS_PER_LINE]


def test_invisible_characters_are_removed_from_lines_edits_and_reasons(room, repo, cid):
    draft = room.intake.add_typed(cid, "besluit het gebouw\u202e blijft\u200b dicht\x07")[0]
    assert draft.content.text == "Het gebouw blijft dicht."
    assert draft.origin.transcript == "besluit het gebouw blijft dicht"
    edited = room.intake.edit_draft(cid, draft.draft_id, EntryEdit.of(reason="stroom\u2066 uit\x00"))
    assert edited.content.reason == "stroom uit"
    entry = room.intake.confirm_draft(cid, draft.draft_id, "logger")
    version = room.ledger.edit(cid, entry.entry_id, "logger", EntryEdit.of(text="Dicht\u200d tot morgen."))
    assert version.text == "Dicht tot morgen."
    other = room.intake.add_typed(cid, "besluit iets anders")[0]
    rejected = room.intake.reject_draft(cid, other.draft_id, "logger", "dubbel\u202d")
    assert rejected.reject_reason == "dubbel"
    with pytest.raises(LineTooLong):
        room.ledger.edit(cid, entry.entry_id, "logger", EntryEdit.of(text="x" * (MAX_LINE_CHARS + 1)))


def test_speech_is_cleaned_and_capped_never_refused(room, repo, cid, clock):
    said = "de netbeheerder zegt dat het nog uren duurt " * 60 + "\u202e"
    line, drafts = room.intake.add_utterance(cid, UtteranceInput(said, clock.now))
    assert len(line.text) <= MAX_LINE_CHARS and "\u202e" not in line.text
    assert said.startswith(line.text + " ")  # cut at a word boundary
    assert len(drafts) <= MAX_DRAFTS_PER_LINE


# --- measured in use -----------------------------------------------------------------------------------


def test_each_draft_records_whether_it_was_confirmed_unedited_edited_or_rejected(room, repo, cid):
    plain = room.intake.add_typed(cid, "besluit het gebouw blijft vandaag dicht")[0]
    fixed = room.intake.add_typed(cid, "actie voor hr bellen voor half elf")[0]
    wrong = room.intake.add_typed(cid, "de lift in gebouw c is buiten gebruik")[0]
    room.intake.confirm_draft(cid, plain.draft_id, "logger")
    room.intake.edit_draft(cid, fixed.draft_id, EntryEdit.of(owner="ict"))
    room.intake.edit_draft(cid, fixed.draft_id, EntryEdit.of(owner="ict"))  # no change: not counted again
    room.intake.confirm_draft(cid, fixed.draft_id, "logger", EntryEdit.of(text="Bellen met de ouders."))
    room.intake.reject_draft(cid, wrong.draft_id, "logger", "geen logwaardig punt")
    assert repo.get_draft(cid, plain.draft_id).edited_fields == ()
    assert repo.get_draft(cid, fixed.draft_id).edited_fields == ("owner", "text")
    tally = room.intake.tally(cid, 1)
    assert (tally.unedited, tally.edited, tally.rejected, tally.pending) == (1, 1, 1, 0)
    assert tally.share_unedited == pytest.approx(1 / 3)
    assert dict(tally.fields) == {"owner": 1, "text": 1}
    assert room.intake.tally(cid, 2).share_unedited is None
    assert repo.verify(cid) == [] and repo.chain_heads(cid)["drafts"].count >= 3
