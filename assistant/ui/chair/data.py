"""What the chair's screen reads from the room, in one blocking call (run it in a worker thread)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from assistant.app.room import Room
from assistant.domain.entries import LogEntry
from assistant.domain.individual import IndividualItem, Stakeholder
from assistant.domain.meeting import Crisis, Meeting
from assistant.ui.active import read_active


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


def load_chair_data(room: Room) -> ChairData:
    active = read_active(room)
    if active is None:
        return ChairData()
    crisis_id, meeting = active.crisis_id, active.meeting
    tasks = room.ledger.open_tasks(crisis_id)
    return ChairData(
        crisis=active.crisis,
        meeting=meeting,
        next_meeting_at=room.meetings.next_meeting_at(crisis_id),
        reflection_due=room.meetings.reflection_due(crisis_id, meeting.number) if meeting else False,
        open_tasks=tasks,
        overdue_ids={t.entry_id for t in tasks if t.is_overdue(active.now)},
        entries=room.ledger.entries(crisis_id),
        individual=room.chair_notes.individual(crisis_id),
        stakeholders=room.chair_notes.stakeholders(crisis_id),
    )
