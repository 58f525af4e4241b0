"""The meeting clock ("vergaderklok"): a pure state machine driven by times passed in.

The state is a small dict stored with the meeting, so a reload or a second device computes exactly
the same time from the same stored start. Nothing here reads the system clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from assistant.domain.errors import InvalidInput, InvalidTransition
from assistant.domain.meeting import AgendaItem

WARNING_FRACTION = 0.8


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


@dataclass(frozen=True)
class ItemTiming:
    """Planned and actual time of one agenda item (for the drawing and the meeting report)."""

    index: int
    item: AgendaItem
    planned_offset: float  # seconds from meeting start, in planned time
    planned_seconds: float  # timebox incl. extensions
    spent_seconds: float
    done: bool
    current: bool


@dataclass(frozen=True)
class ClockSnapshot:
    """Everything the chair's screen shows about time, at one moment."""

    started: bool
    ended: bool
    paused: bool
    index: int
    item: AgendaItem | None
    next_item: AgendaItem | None
    elapsed: float  # seconds in the current item
    remaining: float  # negative when over time
    planned: float  # current item's timebox in seconds, incl. extensions
    fraction: float  # elapsed / planned
    level: str  # "normal" | "warning" | "overrun"
    item_end_at: datetime | None
    meeting_end_estimate: datetime | None
    planned_end: datetime | None
    meeting_elapsed: float  # wall seconds since start (or until end)
    hand_seconds: float  # position of the hand on the planned dial
    total_planned: float
    items: tuple[ItemTiming, ...]


class MeetingClock:
    """Timeboxed agenda with next/previous, +N minutes, pause/resume and end."""

    def __init__(self, agenda: tuple[AgendaItem, ...], state: dict[str, Any] | None = None) -> None:
        if not agenda:
            raise InvalidInput("a meeting needs at least one agenda item", field="agenda")
        self.agenda = agenda
        state = dict(state or {})
        self.started_at = _parse(state.get("started_at"))
        self.ended_at = _parse(state.get("ended_at"))
        self.index = int(state.get("index", 0))
        self.segment_start = _parse(state.get("segment_start"))
        self.paused_at = _parse(state.get("paused_at"))
        spent = list(state.get("spent") or [])
        self.spent = [float(s) for s in spent] + [0.0] * (len(agenda) - len(spent))
        self.extensions = {int(k): float(v) for k, v in (state.get("extensions") or {}).items()}
        self.visited = set(int(i) for i in state.get("visited") or [])
        self.paused_total = float(state.get("paused_total", 0.0))

    # --- state ---------------------------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        return {
            "started_at": _iso(self.started_at),
            "ended_at": _iso(self.ended_at),
            "index": self.index,
            "segment_start": _iso(self.segment_start),
            "paused_at": _iso(self.paused_at),
            "spent": [round(s, 3) for s in self.spent],
            "extensions": {str(k): v for k, v in self.extensions.items()},
            "visited": sorted(self.visited),
            "paused_total": round(self.paused_total, 3),
        }

    @property
    def running(self) -> bool:
        return self.started_at is not None and self.ended_at is None and self.paused_at is None

    # --- transitions ---------------------------------------------------------------------------

    def start(self, now: datetime) -> None:
        if self.started_at is not None:
            raise InvalidTransition("the meeting has already started")
        self.started_at = now
        self.segment_start = now
        self.visited.add(0)

    def next_item(self, now: datetime) -> None:
        self._require_active()
        if self.index >= len(self.agenda) - 1:
            raise InvalidTransition("this is the last agenda item")
        self._go_to(self.index + 1, now)

    def previous_item(self, now: datetime) -> None:
        self._require_active()
        if self.index == 0:
            raise InvalidTransition("this is the first agenda item")
        self._go_to(self.index - 1, now)

    def go_to(self, index: int, now: datetime) -> None:
        self._require_active()
        if not 0 <= index < len(self.agenda):
            raise InvalidInput(f"no agenda item {index}", field="index")
        self._go_to(index, now)

    def extend(self, minutes: float, now: datetime) -> None:
        """+1 / +2 minutes on the current item (negative values shorten, never below what was spent)."""
        self._require_active()
        self.extensions[self.index] = self.extensions.get(self.index, 0.0) + minutes

    def pause(self, now: datetime) -> None:
        self._require_active()
        if self.paused_at is not None:
            raise InvalidTransition("the clock is already paused")
        self._close_segment(now)
        self.paused_at = now

    def resume(self, now: datetime) -> None:
        self._require_active()
        if self.paused_at is None:
            raise InvalidTransition("the clock is not paused")
        self.paused_total += max(0.0, (now - self.paused_at).total_seconds())
        self.paused_at = None
        self.segment_start = now

    def end(self, now: datetime) -> None:
        self._require_active()
        self._close_segment(now)
        if self.paused_at is not None:
            self.paused_total += max(0.0, (now - self.paused_at).total_seconds())
            self.paused_at = None
        self.ended_at = now

    def _go_to(self, index: int, now: datetime) -> None:
        self._close_segment(now)
        self.index = index
        self.visited.add(index)
        if self.paused_at is None:
            self.segment_start = now

    def _close_segment(self, now: datetime) -> None:
        if self.segment_start is not None:
            self.spent[self.index] += max(0.0, (now - self.segment_start).total_seconds())
            self.segment_start = None

    def _require_active(self) -> None:
        if self.started_at is None:
            raise InvalidTransition("the meeting has not started")
        if self.ended_at is not None:
            raise InvalidTransition("the meeting has ended")

    # --- queries -------------------------------------------------------------------------------

    def planned_seconds(self, index: int) -> float:
        return max(0.0, (self.agenda[index].minutes + self.extensions.get(index, 0.0)) * 60.0)

    def spent_seconds(self, index: int, now: datetime) -> float:
        spent = self.spent[index]
        if index == self.index and self.segment_start is not None:
            spent += max(0.0, (now - self.segment_start).total_seconds())
        return spent

    def snapshot(self, now: datetime) -> ClockSnapshot:
        n = len(self.agenda)
        offsets, total = [], 0.0
        for i in range(n):
            offsets.append(total)
            total += self.planned_seconds(i)
        items = tuple(
            ItemTiming(
                i,
                self.agenda[i],
                offsets[i],
                self.planned_seconds(i),
                self.spent_seconds(i, now),
                done=(i in self.visited and i < self.index) or (self.ended_at is not None),
                current=(i == self.index and self.started_at is not None and self.ended_at is None),
            )
            for i in range(n)
        )
        if self.started_at is None:
            return ClockSnapshot(
                False,
                False,
                False,
                0,
                self.agenda[0],
                self.agenda[1] if n > 1 else None,
                0.0,
                self.planned_seconds(0),
                self.planned_seconds(0),
                0.0,
                "normal",
                None,
                None,
                None,
                0.0,
                0.0,
                total,
                items,
            )
        ref = self.ended_at or now
        elapsed = self.spent_seconds(self.index, ref)
        planned = self.planned_seconds(self.index)
        remaining = planned - elapsed
        fraction = elapsed / planned if planned > 0 else math.inf
        level = "overrun" if remaining < 0 else ("warning" if fraction >= WARNING_FRACTION else "normal")
        later = sum(self.planned_seconds(i) for i in range(self.index + 1, n))
        ended = self.ended_at is not None
        item_end = None if ended else now + timedelta(seconds=remaining)
        end_estimate = self.ended_at if ended else now + timedelta(seconds=max(remaining, 0.0) + later)
        meeting_elapsed = (ref - self.started_at).total_seconds()
        return ClockSnapshot(
            started=True,
            ended=ended,
            paused=self.paused_at is not None,
            index=self.index,
            item=self.agenda[self.index],
            next_item=self.agenda[self.index + 1] if self.index + 1 < n else None,
            elapsed=elapsed,
            remaining=remaining,
            planned=planned,
            fraction=fraction,
            level=level,
            item_end_at=item_end,
            meeting_end_estimate=end_estimate,
            planned_end=self.started_at + timedelta(seconds=total),
            meeting_elapsed=meeting_elapsed,
            hand_seconds=offsets[self.index] + elapsed,
            total_planned=total,
            items=items,
        )


def format_mmss(seconds: float) -> str:
    """Countdown text: "04:59", "00:00", "-00:01", "-01:05" (negative when over time)."""
    if seconds >= 0:
        sign, whole = "", int(math.ceil(seconds))
    else:  # the first second over time already shows "-00:01", never "-00:00"
        sign, whole = "-", int(math.ceil(-seconds))
    minutes, secs = divmod(whole, 60)
    return f"{sign}{minutes:02d}:{secs:02d}"
