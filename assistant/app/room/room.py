"""The crisis room: one application service per process, shared by every connected device.

The room itself keeps only what all areas share: the repository, the one lock, the time source and
the subscribers. The work is in its areas, exposed as attributes:

* ``room.setup``: crises and installation settings (``crises.py``)
* ``room.meetings``: meetings and the meeting clock (``meetings.py``)
* ``room.intake``: typed lines, utterances, transcript, drafts (``intake.py``)
* ``room.ledger``: the confirmed, versioned log (``ledger.py``; the only builder of versions)
* ``room.chair_notes``: the chair's individual log and stakeholders (``chair_notes.py``)
* ``room.messages``: the berichtenmanager's message register and communication schema (``messages.py``)
* ``room.teams``: other crisis teams: link status, pictures, answering their orders (``teams/area.py``)

Methods block on disk I/O: call them from a worker thread (``asyncio.to_thread``), never on Flet's
event loop. Subscribers are called after the lock is released, from the calling thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from assistant.app.room.chair_notes import ChairNotes
from assistant.app.room.core import Listener, RoomCore, utc_now
from assistant.app.room.crises import Crises
from assistant.app.room.events import Detail, Topic
from assistant.app.room.intake import Intake, Parser
from assistant.app.room.ledger import Ledger, Whereabouts
from assistant.app.room.meetings import Meetings
from assistant.app.room.messages import Messages
from assistant.domain.meeting import Crisis
from assistant.storage.repository import Repository
from assistant.teams.area import Teams


class Room:
    """Application service over one data folder."""

    def __init__(
        self,
        repo: Repository,
        now: Callable[[], datetime] = utc_now,
        parser: Parser | None = None,
        *,
        lang: str = "nl",
    ) -> None:
        """``lang`` is the language spoken and typed in the room (the parser's phrasebook)."""
        if parser is None:
            from assistant.domain.parser import parse_utterance

            parser = parse_utterance
        self.repo = repo
        self.core = RoomCore(repo, now)
        self.setup = Crises(self.core)
        self.ledger = Ledger(self.core, self._whereabouts)
        self.meetings = Meetings(self.core, self.ledger)
        self.intake = Intake(self.core, self.meetings, self.ledger, parser, lang)
        self.chair_notes = ChairNotes(self.core)
        self.messages = Messages(
            self.core, self.ledger, self._whereabouts, lambda cid: [m.ended_at for m in self.meetings.all(cid)]
        )
        self.teams = Teams(self.core, self.intake, self.ledger)

    def _whereabouts(self, crisis_id: str) -> Whereabouts:
        return self.meetings.whereabouts(crisis_id)

    # --- time and notification (the room's own) ------------------------------------------------------

    def now(self, crisis: Crisis | None = None) -> datetime:
        """Current time in the crisis's time zone (aware)."""
        return self.core.now(crisis)

    def shift_time(self, seconds: float) -> None:
        """Test hook: move the room's clock forward (end-to-end tests never sleep minutes)."""
        self.core.shift_time(seconds)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        return self.core.subscribe(listener)

    def publish(self, crisis_id: str | None, topic: Topic | str, detail: Detail = "") -> None:
        """For live, non-persisted state (speech captions, level): just tell every tab."""
        self.core.publish(crisis_id, topic, detail)
