"""The transcript: every final utterance as heard, also those that were not log-worthy.

Why in the domain: the transcript is evidence next to the log (the logger promotes lines to drafts,
exports quote them), so the room and the exports share one definition independent of storage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from assistant.domain.records import Record


@dataclass(frozen=True)
class TranscriptLine(Record):
    """One final utterance as heard (also those that were not log-worthy)."""

    line_id: str
    crisis_id: str
    meeting_number: int | None
    phase: str | None
    spoken_at: str  # ISO with offset
    text: str
    confidence: float | None = None
    words: tuple[dict[str, Any], ...] = ()  # {"word", "start", "end", "conf"}
    audio_ref: str | None = None  # relative path under the data folder
    source: str = "speech"  # "speech" | "typed"
    kind: str = "none"  # what the parser made of it
    draft_ids: tuple[str, ...] = ()

    @property
    def spoken_at_time(self) -> datetime:
        """When it was said, as an aware datetime (stored as ISO 8601 with offset)."""
        return datetime.fromisoformat(self.spoken_at)
