"""The room's shared core: the repository, the one lock, the time source and the subscribers.

Why one core shared by the areas: every area writes under the same lock (one writer per data
folder) and reads time from the same injected clock, so a test can advance time for the whole room
and two areas never interleave their writes. Subscribers are called after the lock is released, in
the calling thread.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from assistant.app.observers import Observers
from assistant.app.room.events import ClockDetail, Detail, RoomChange, Topic
from assistant.domain.meeting import Crisis
from assistant.storage.repository import Repository

Listener = Callable[[RoomChange], None]

DEFAULT_TIMEZONE = "Europe/Amsterdam"


def new_id() -> str:
    return uuid.uuid4().hex[:12]


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(moment: datetime) -> str:
    """The storage form of an instant (ISO 8601 with offset, seconds): formatting at the edge."""
    if moment.tzinfo is None:
        raise ValueError("the room stores aware datetimes only")
    return moment.isoformat(timespec="seconds")


class RoomCore:
    """Lock, time and notification shared by the room's areas."""

    def __init__(self, repo: Repository, now: Callable[[], datetime] = utc_now) -> None:
        self.repo = repo
        self._now = now
        self._time_offset = timedelta(0)  # test hook only (see shift_time)
        self.lock = threading.RLock()
        self._listeners: Observers[Listener] = Observers()

    def now(self, crisis: Crisis | None = None) -> datetime:
        """Current time in the crisis's time zone (aware)."""
        current = self._now() + self._time_offset
        return current.astimezone(ZoneInfo(crisis.timezone if crisis else DEFAULT_TIMEZONE))

    def shift_time(self, seconds: float) -> None:
        """Test hook: move the room's clock forward (end-to-end tests never sleep minutes)."""
        self._time_offset += timedelta(seconds=seconds)
        self.notify(RoomChange(None, Topic.CLOCK, ClockDetail.SHIFT))

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Tell ``listener`` every change from now on; returns the unsubscribe function."""
        return self._listeners.add(listener)

    def notify(self, *changes: RoomChange) -> None:
        listeners = self._listeners.snapshot()
        for change in changes:
            for listener in listeners:
                listener(change)

    def publish(self, crisis_id: str | None, topic: Topic | str, detail: Detail = "") -> None:
        """For live, non-persisted state (speech captions, level): just tell every tab."""
        self.notify(RoomChange(crisis_id, Topic(topic), detail))
