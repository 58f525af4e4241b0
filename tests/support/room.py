"""A real ``Room`` on TinyDB files for tests of what reads it (the shared view, reads on the loop,
the quiet collector): a running crisis and a confirmed decision, made the way a user makes them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from assistant.app.room import Room
from assistant.domain.entries import EntryEdit
from assistant.storage.tinydb_repo import TinyDBRepository

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def tinydb_room(folder: Path, start: datetime = START) -> Iterator[Room]:
    """For a fixture: ``yield from tinydb_room(tmp_path)`` (closes the repository afterwards)."""
    repo = TinyDBRepository(folder / "data", fsync=False)
    try:
        yield Room(repo, now=lambda: start, parser=lambda *a, **k: [])
    finally:
        repo.close()


def running_crisis(room: Room) -> str:
    cid = room.setup.create("Brand", "Uni").crisis_id
    number = room.meetings.plan(cid).number
    room.meetings.clock_action(cid, number, "start")
    return cid


def confirm_decision(room: Room, cid: str, text: str) -> None:
    draft = room.intake.add_typed(cid, text)[0]
    room.intake.confirm_draft(cid, draft.draft_id, "logger", edit=EntryEdit.of(kind="decision"))
