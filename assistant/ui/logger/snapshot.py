"""Everything the logger's screen shows from the room, read in one blocking call (worker thread)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from assistant.app.memory_reads import require_memory_safe
from assistant.app.room import Room
from assistant.domain.entries import Draft, DraftState, DraftTally, LogEntry, tally_drafts
from assistant.domain.meeting import Crisis, Meeting
from assistant.domain.parser import DeadlineResult, parse_deadline
from assistant.domain.roster import Roster
from assistant.storage.repository import TranscriptLine
from assistant.ui.active import read_active
from assistant.ui.logger.player import wav_seconds

TRANSCRIPT_LINES = 200  # lines read and shown
AUDIO_LINES = 50  # the newest lines whose recordings are looked up
CLIP_MAX_AGE_SECONDS = 30.0  # a remembered length is checked on disk again after this long
CLIP_LIMIT = 1024  # lengths remembered per screen


class AudioSource(Protocol):
    """The listening service as far as the snapshot needs it."""

    def audio_path(self, audio_ref: str) -> Path | None: ...


class ClipSeconds:
    """The length of each utterance's recording, remembered per logger screen.

    Why: the snapshot shows a play button with the length of each recent recording. Reading every
    WAV header again on each room change kept the logger's read off the event loop (disk I/O), so a
    confirm cost every logger screen a thread hop. A length once read does not change; a recording
    deleted after confirmation (retention setting) is noticed within ``max_age`` seconds, and the
    player checks the file again before it plays. Per screen, not per process: each screen's
    lengths come through its own permission gateway."""

    def __init__(
        self, *, max_age: float = CLIP_MAX_AGE_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._max_age, self._clock = max_age, clock
        self._known: dict[str, tuple[float, float | None]] = {}  # ref -> (read at, seconds or None)

    def seconds(self, listening: AudioSource | None, refs: Iterable[str]) -> dict[str, float | None]:
        """Seconds per reference (None: no recording). Inside ``memory_only()`` only remembered,
        fresh lengths, else ``NotInMemory``; outside, what is missing is read from disk."""
        now, answer = self._clock(), {}
        for ref in refs:
            known = self._known.get(ref)
            if known is None or now - known[0] > self._max_age:
                require_memory_safe("clip length")
                path = listening.audio_path(ref) if listening is not None else None
                known = self._known[ref] = (now, wav_seconds(path) if path is not None else None)
            answer[ref] = known[1]
        while len(self._known) > CLIP_LIMIT:
            del self._known[next(iter(self._known))]
        return answer


@dataclass
class Snapshot:
    crisis: Crisis | None = None
    meeting: Meeting | None = None
    phase: str | None = None
    drafts: list[Draft] = field(default_factory=list)
    entries: list[LogEntry] = field(default_factory=list)
    lines: list[TranscriptLine] = field(default_factory=list)
    meetings: list[int] = field(default_factory=list)
    now: datetime | None = None  # the room's now, aware, in the crisis's zone
    next_meeting: datetime | None = None
    audio: dict[str, float | None] = field(default_factory=dict)  # audio_ref -> seconds (None: missing)
    tally: DraftTally = field(default_factory=DraftTally)  # this meeting's drafts, measured in use

    @property
    def crisis_id(self) -> str | None:
        return self.crisis.crisis_id if self.crisis else None

    @property
    def roster(self) -> Roster | None:
        return self.crisis.roster if self.crisis else None

    @property
    def today(self) -> str:
        return self.now.date().isoformat() if self.now else ""

    @property
    def draft_ids(self) -> list[str]:
        return [d.draft_id for d in self.drafts]

    def by_number(self) -> dict[str, LogEntry]:
        return {e.number: e for e in self.entries}

    def draft(self, draft_id: str) -> Draft | None:
        return next((d for d in self.drafts if d.draft_id == draft_id), None)

    def entry(self, entry_id: str) -> LogEntry | None:
        return next((e for e in self.entries if e.entry_id == entry_id), None)

    def overdue(self, entry: LogEntry) -> bool:
        return self.now is not None and entry.is_overdue(self.now)

    def has_recording(self, audio_ref: str | None) -> bool:
        return bool(audio_ref and self.audio.get(audio_ref))

    def parse_deadline(self, words: str, lang: str) -> DeadlineResult | None:
        """ "half drie", "14:30", "binnen een uur" → the parser's reading at the room's now (or None)."""
        now = self.now.replace(tzinfo=None) if self.now else datetime.now()  # the parser reads wall time
        next_meeting = self.next_meeting
        if next_meeting is not None and next_meeting.tzinfo is not None and self.crisis is not None:
            next_meeting = next_meeting.astimezone(ZoneInfo(self.crisis.timezone)).replace(tzinfo=None)
        return parse_deadline(words, now=now, next_meeting=next_meeting, lang=lang)


def read_snapshot(room: Room, listening: AudioSource | None, clips: ClipSeconds | None = None) -> Snapshot:
    """Blocking (a worker thread), or from memory on the loop inside ``memory_only()`` (see
    ``memory_reads``): the room through the shared view, recordings' lengths from ``clips``."""
    active = read_active(room)
    if active is None:
        return Snapshot()
    crisis_id = active.crisis_id
    lines = room.intake.transcript(crisis_id, limit=TRANSCRIPT_LINES)
    every_draft = room.intake.drafts(crisis_id, None)
    drafts = [d for d in every_draft if d.state is DraftState.PENDING]
    number = active.meeting.number if active.meeting else None
    snap = Snapshot(
        crisis=active.crisis,
        meeting=active.meeting,
        phase=room.meetings.current_phase(crisis_id),
        drafts=drafts,
        entries=room.ledger.entries(crisis_id),
        lines=lines,
        meetings=[m.number for m in room.meetings.all(crisis_id)],
        now=active.now,
        next_meeting=room.meetings.next_meeting_at(crisis_id),
        tally=tally_drafts([d for d in every_draft if number is None or d.meeting_number == number]),
    )
    refs = {d.origin.audio_ref for d in drafts if d.origin.audio_ref}
    refs |= {ln.audio_ref for ln in lines[-AUDIO_LINES:] if ln.audio_ref}
    snap.audio = (clips or ClipSeconds()).seconds(listening, sorted(refs))
    return snap


__all__ = ["AudioSource", "ClipSeconds", "Snapshot", "read_snapshot"]
