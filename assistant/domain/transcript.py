"""The transcript: every final utterance as heard, also those that were not log-worthy.

Why in the domain: the transcript is evidence next to the log (the logger promotes lines to drafts,
exports quote them), so the room and the exports share one definition independent of storage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class TranscriptLine:
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "line_id": self.line_id,
            "crisis_id": self.crisis_id,
            "meeting_number": self.meeting_number,
            "phase": self.phase,
            "spoken_at": self.spoken_at,
            "text": self.text,
            "confidence": self.confidence,
            "words": [dict(w) for w in self.words],
            "audio_ref": self.audio_ref,
            "source": self.source,
            "kind": self.kind,
            "draft_ids": list(self.draft_ids),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TranscriptLine:
        return cls(
            data["line_id"],
            data["crisis_id"],
            data.get("meeting_number"),
            data.get("phase"),
            data["spoken_at"],
            data["text"],
            data.get("confidence"),
            tuple(data.get("words") or ()),
            data.get("audio_ref"),
            data.get("source", "speech"),
            data.get("kind", "none"),
            tuple(data.get("draft_ids") or ()),
        )

    @property
    def spoken_at_time(self) -> datetime:
        """When it was said, as an aware datetime (stored as ISO 8601 with offset)."""
        return datetime.fromisoformat(self.spoken_at)
