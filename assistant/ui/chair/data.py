"""What the chair's screen reads from the room, in one blocking call (run it in a worker thread)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from assistant.app.room import Room
from assistant.domain.entries import LogEntry
from assistant.domain.individual import IndividualItem, Stakeholder
from assistant.domain.clock import MeetingClock
from assistant.domain.meeting import Crisis, Meeting, planned_next_meeting
from assistant.ui.active import read_active
from assistant.ui.chair.message_data import ChairMessages, read_chair_messages


@dataclass(frozen=True)
class ChairData:
    crisis: Crisis | None = None
    meeting: Meeting | None = None
    next_meeting_at: datetime | None = None
    reflection_due: bool = False
    open_tasks: list[LogEntry] = field(default_factory=list)
    overdue_ids: set[str] = field(default_factory=set)
    entries: list[LogEntry] = field(default_factory=list)
    individual: list[IndividualItem] = field(default_factory=list)
    stakeholders: list[Stakeholder] = field(default_factory=list)
    messages: ChairMessages = field(default_factory=ChairMessages)


def load_chair_data(room: Room) -> ChairData:
    active = read_active(room)
    if active is None:
        return ChairData()
    crisis_id, meeting = active.crisis_id, active.meeting
    tasks = room.ledger.open_tasks(crisis_id)
    return ChairData(
        crisis=active.crisis,
        meeting=meeting,
        next_meeting_at=_next_meeting_at(room, crisis_id, active.crisis, meeting, active.now),
        reflection_due=room.meetings.reflection_due(crisis_id, meeting.number) if meeting else False,
        open_tasks=tasks,
        overdue_ids={t.entry_id for t in tasks if t.is_overdue(active.now)},
        entries=room.ledger.entries(crisis_id),
        individual=room.chair_notes.individual(crisis_id),
        stakeholders=room.chair_notes.stakeholders(crisis_id),
        messages=read_chair_messages(room, crisis_id),
    )


def _next_meeting_at(
    room: Room, crisis_id: str, crisis: Crisis, meeting: Meeting | None, now: datetime
) -> datetime | None:
    """Before the start the room answers with this meeting's own planned start; the chair's panel
    wants the one after it, known from the plan (or a dash)."""
    if meeting is None or meeting.started_at:
        return room.meetings.next_meeting_at(crisis_id)
    planned = datetime.fromisoformat(meeting.planned_start) if meeting.planned_start else None
    total = MeetingClock(meeting.agenda, meeting.clock).snapshot(now).total_planned
    return planned_next_meeting(planned, total, crisis.cycle_minutes)
