"""The crisis room (application layer): ``Room`` and the typed values it speaks in.

See ``room.py`` for the areas and ``docs/architecture.md`` for where the room sits.
"""

from assistant.app.room.events import (
    TOPICS,
    ChairNotesDetail,
    ClockAction,
    ClockDetail,
    CrisisDetail,
    Detail,
    DraftsDetail,
    LogDetail,
    MeetingDetail,
    RoomChange,
    Topic,
    TranscriptDetail,
    UtteranceInput,
)
from assistant.app.room.ledger import Whereabouts
from assistant.app.room.room import Room
from assistant.domain.entries import EntryEdit

__all__ = [
    "TOPICS",
    "ChairNotesDetail",
    "ClockAction",
    "ClockDetail",
    "CrisisDetail",
    "Detail",
    "DraftsDetail",
    "EntryEdit",
    "LogDetail",
    "MeetingDetail",
    "Room",
    "RoomChange",
    "Topic",
    "TranscriptDetail",
    "UtteranceInput",
    "Whereabouts",
]
