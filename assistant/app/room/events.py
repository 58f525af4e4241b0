"""What the room tells its subscribers, and what the speech wiring hands to it: typed values.

Why enums: every tab filters changes by topic and some listeners by detail (the audio sweep waits for
``DraftsDetail.CONFIRMED``). A misspelt string would silently never match; an enum member fails at
import time. The members are ``StrEnum`` so ``change.topic == "drafts"`` keeps working for callers
that still compare with strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class Topic(StrEnum):
    """The part of the room's state that changed; tabs re-read the part they show."""

    CRISIS = "crisis"
    MEETING = "meeting"
    CLOCK = "clock"
    DRAFTS = "drafts"
    LOG = "log"
    TRANSCRIPT = "transcript"
    INDIVIDUAL = "individual"
    STAKEHOLDERS = "stakeholders"
    SETTINGS = "settings"
    LIVE = "live"
    TEAMS = "teams"  # a linked team's mirrored log changed (detail: the team's name)
    MESSAGES = "messages"  # the berichtenmanager's register; ``ref`` names the message ("M-3"), never its content


class CrisisDetail(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    SELECTED = "selected"


class MeetingDetail(StrEnum):
    """Meeting changes; clock actions use ``ClockAction`` as their detail."""

    PLANNED = "planned"
    AGENDA = "agenda"
    ATTENDANCE = "attendance"
    ENDED = "ended"
    TICK = "tick"
    REFLECTION = "reflection"


class ClockDetail(StrEnum):
    SHIFT = "shift"  # the test hook moved the room's time


class DraftsDetail(StrEnum):
    TYPED = "typed"
    SPEECH = "speech"
    PROMOTED = "promoted"
    EDITED = "edited"
    REJECTED = "rejected"
    CONFIRMED = "confirmed"
    FROM_TEAM = "from_team"  # an order from another team arrived as a draft


class LogDetail(StrEnum):
    """A log change: a new entry or version (``RoomChange.ref`` names it), or a process entry."""

    ENTRY = "entry"
    PROCESS = "process"


class TranscriptDetail(StrEnum):
    FINAL = "final"
    PROMOTED = "promoted"


class ChairNotesDetail(StrEnum):
    ADDED = "added"
    CHECKED = "checked"
    CONTACT = "contact"
    INFORMED = "informed"


class MessagesDetail(StrEnum):
    REGISTERED = "registered"
    CHANGED = "changed"
    ALERT = "alert"  # a spoed message: the chair's tablet shows it at once
    LOGGED = "logged"  # turned into a log entry
    SCHEMA = "schema"  # the communication schema changed


class ClockAction(StrEnum):
    """What the chair's clock buttons do; applied at the room's now."""

    START = "start"
    NEXT = "next"
    PREVIOUS = "previous"
    GOTO = "goto"
    EXTEND = "extend"
    PAUSE = "pause"
    RESUME = "resume"

    @property
    def moves_item(self) -> bool:
        """Moving to another agenda item may change the BOBOC phase (which the log records)."""
        return self in (ClockAction.NEXT, ClockAction.PREVIOUS, ClockAction.GOTO)


#: Details of persisted changes. ``Topic.LIVE`` carries the speech layer's own flags as text
#: ("level,final"): live state is not persisted and its flags belong to the listening service.
Detail = (
    CrisisDetail
    | MeetingDetail
    | ClockAction
    | ClockDetail
    | DraftsDetail
    | LogDetail
    | TranscriptDetail
    | ChairNotesDetail
    | MessagesDetail
    | str
)


@dataclass(frozen=True)
class RoomChange:
    """What changed: tabs re-read the part they show. ``ref`` names the log entry (``"B-4"``)."""

    crisis_id: str | None
    topic: Topic | str
    detail: Detail = ""
    ref: str | None = None


TOPICS = tuple(topic.value for topic in Topic)


@dataclass(frozen=True)
class UtteranceInput:
    """A final recognised utterance handed over by the speech wiring (no speech types leak in).

    ``spoken_at`` is aware (any zone); the room converts it to the crisis's zone.
    """

    text: str
    spoken_at: datetime
    confidence: float | None = None
    words: tuple[dict[str, Any], ...] = ()
    audio_ref: str | None = None
    audio_start: float | None = None
    audio_end: float | None = None
