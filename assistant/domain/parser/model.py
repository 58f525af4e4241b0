"""Results of the parser: drafts with per-field confidence, and deadlines."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.domain.entries import DeadlineKind, EntryContent, HasContent


@dataclass(frozen=True)
class FollowUp:
    """An order whose words only point back ("kees, jij regelt dat"): the verb it asks for, written
    as the phrasebook writes it ("regelen"), and its deadline as written in the text ("" if none)."""

    verb: str
    tail: str = ""


@dataclass(frozen=True)
class ParsedDraft(HasContent):
    """One proposed log entry recognised in an utterance.

    ``field_confidence`` maps field names (kind, text, owner, deadline, ...) to 0..1 so the UI can
    highlight what the logger should check. ``ratifies`` is True for a decision that ratifies a
    proposal ("akkoord, zo besloten"); the caller may then set ``content.ref`` to the proposal's number.
    """

    content: EntryContent
    field_confidence: dict[str, float] = field(default_factory=dict)
    ratifies: bool = False
    span: tuple[int, int] = (0, 0)  # character span of the utterance this draft came from
    lang: str = "nl"
    follow_up: FollowUp | None = None  # only points back at the entry before it (core.follow_up)

    @property
    def owner(self) -> str | None:
        return self.content.owner

    @property
    def deadline(self) -> str | None:
        return self.content.deadline

    @property
    def confidence(self) -> float:
        """Overall confidence: the weakest field."""
        return min(self.field_confidence.values()) if self.field_confidence else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = self.content.to_dict()
        data["confidence"] = {k: round(v, 2) for k, v in self.field_confidence.items()}
        data["ratifies"] = self.ratifies
        data["span"] = list(self.span)
        return data


@dataclass(frozen=True)
class DeadlineResult:
    """A deadline found in words: local "YYYY-MM-DDTHH:MM" (None for z.s.m. or an unknown next meeting)."""

    deadline: str | None
    kind: DeadlineKind | None
    words: str  # the words it came from, as said or typed
    text: str  # as the logger writes it: "uiterlijk 10:45", "z.s.m."
    confidence: float
    start: int = 0  # character span in the parsed string
    end: int = 0
