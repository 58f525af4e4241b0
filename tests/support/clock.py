"""The room's injected time source for tests (tests never sleep: they move this clock)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

START = datetime(2026, 2, 5, 9, 0, tzinfo=UTC)  # 10:00 in Amsterdam


class Clock:
    """``Room(repo, now=clock)``; ``clock.advance(90)`` or ``clock.advance(minutes=5)``."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float = 0.0, *, minutes: float = 0.0) -> None:
        self.now += timedelta(seconds=seconds, minutes=minutes)


class Seconds:
    """An injected monotonic clock in seconds (caches, throttles, the quiet collector): set ``now``."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now
