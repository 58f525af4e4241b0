"""What the start screen reads from the room, in one blocking call (run it in a worker thread)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assistant.app.room import Room
from assistant.domain.meeting import Crisis, Meeting


@dataclass(frozen=True)
class StartData:
    crises: list[Crisis]  # newest first
    active: Crisis | None
    meeting: Meeting | None  # the active crisis's current meeting
    next_number: int  # the number the next prepared meeting gets
    next_meeting_at: datetime | None


def load_start_data(room: Room) -> StartData:
    crises = sorted(room.setup.all(), key=lambda c: c.started_at, reverse=True)
    active_id = room.setup.active_id()
    active = next((c for c in crises if c.crisis_id == active_id), None)
    meeting = room.meetings.current(active.crisis_id) if active else None
    meetings = room.meetings.all(active.crisis_id) if active else []
    number = (meetings[-1].number + 1) if meetings else 1
    next_at = room.meetings.next_meeting_at(active.crisis_id) if active else None
    return StartData(crises, active, meeting, number, next_at)
