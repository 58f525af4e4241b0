"""Revoking a decision: the one status a decision takes is "vervallen" (no longer in force).

Why: the export reports revoked decisions (not in force, "vervallen"), and the export tests' crisis is
played through the room; the room must be able to write what the team does when it withdraws a
decision, by the same two routes as a task's status (the chair's button, the logger's status line).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.app.room import Room
from assistant.domain.entries import EntryContent, EntryEdit, EntryKind, TaskStatus
from assistant.domain.errors import InvalidInput
from assistant.storage.tinydb_repo import TinyDBRepository


@pytest.fixture
def room(tmp_path: Path):
    repo = TinyDBRepository(tmp_path / "data", fsync=False)
    yield Room(repo, now=lambda: datetime(2026, 2, 5, 9, 0, tzinfo=UTC))
    repo.close()


def _decision(room: Room, crisis_id: str):
    draft = room.intake.add_typed(crisis_id, "besluit we sluiten gebouw b")[0]
    edit = EntryEdit.replacing(EntryContent(EntryKind.DECISION, "Gebouw B gaat dicht"))
    return room.intake.confirm_draft(crisis_id, draft.draft_id, "logger", edit)


def test_the_chair_revokes_a_decision_with_a_status_entry_and_a_new_version(room):
    crisis = room.setup.create("Brand", "Universiteit Oost")
    decision = _decision(room, crisis.crisis_id)
    status = room.ledger.set_status(crisis.crisis_id, decision.entry_id, TaskStatus.CANCELLED, "voorzitter")
    assert status.content.ref == decision.number and status.content.new_status is TaskStatus.CANCELLED
    current = room.ledger.by_number(crisis.crisis_id)[decision.number]
    assert current.version == 2 and current.status is TaskStatus.CANCELLED
    assert not current.is_overdue(datetime(2026, 2, 6, tzinfo=UTC))  # a decision is never a task


def test_the_logger_revokes_a_decision_by_a_status_line(room):
    crisis = room.setup.create("Brand", "Universiteit Oost")
    decision = _decision(room, crisis.crisis_id)
    draft = room.intake.add_typed(crisis.crisis_id, "besluit ingetrokken")[0]
    revoke = EntryContent(
        EntryKind.STATUS, "Ingetrokken", ref=decision.number, new_status=TaskStatus.CANCELLED
    )
    room.intake.confirm_draft(crisis.crisis_id, draft.draft_id, "logger", EntryEdit.replacing(revoke))
    assert room.ledger.by_number(crisis.crisis_id)[decision.number].status is TaskStatus.CANCELLED


def test_a_decision_takes_no_other_status(room):
    crisis = room.setup.create("Brand", "Universiteit Oost")
    decision = _decision(room, crisis.crisis_id)
    for status in (TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.OPEN):
        with pytest.raises(InvalidInput):
            room.ledger.set_status(crisis.crisis_id, decision.entry_id, status, "voorzitter")
    assert room.ledger.by_number(crisis.crisis_id)[decision.number].version == 1
