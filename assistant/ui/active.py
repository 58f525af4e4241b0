"""What every screen reads first: the active crisis, its current meeting and the room's now.

Why one function: the chair, the logger and the wall each began their worker-thread read with the
same four room calls; reading them here keeps the screens' reads about what *they* show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from assistant.app.room import Room
from assistant.domain.meeting import Crisis, Meeting


@dataclass(frozen=True)
class ActiveCrisis:
    crisis: Crisis
    meeting: Meeting | None  # the open (or last) meeting, None before the first is planned
    now: datetime  # the room's now, aware, in the crisis's zone

    @property
    def crisis_id(self) -> str:
        return self.crisis.crisis_id


def read_active(room: Room) -> ActiveCrisis | None:
    """Blocking (disk): call it from a worker thread. None while no crisis is chosen."""
    crisis_id = room.setup.active_id()
    if crisis_id is None:
        return None
    crisis = room.setup.get(crisis_id)
    return ActiveCrisis(crisis, room.meetings.current(crisis_id), room.now(crisis))
