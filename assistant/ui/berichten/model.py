"""What the berichtenmanager's screen shows, read in one blocking call (a worker thread).

No rules here: the lists come from ``room.messages`` (domain selections) and the filter is the
domain's ``MessageFilter``; this module only gathers them for drawing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from assistant.domain.individual import Stakeholder
from assistant.domain.messages import CommLink, Message, MessageFilter
from assistant.domain.roster import Roster
from assistant.i18n.names import role_display
from assistant.ui.tab import Tab


@dataclass
class BerichtenData:
    crisis_id: str | None = None
    roster: Roster | None = None
    messages: list[Message] = field(default_factory=list)  # newest first, filtered
    total: int = 0
    stakeholders: list[Stakeholder] = field(default_factory=list)
    schema: list[CommLink] = field(default_factory=list)
    now: datetime | None = None


def read_berichten(tab: Tab, filt: MessageFilter) -> BerichtenData:
    """Blocking: the room through this tab's gateway (the device's permissions apply)."""
    room = tab.room
    crisis_id = room.setup.active_id()
    if crisis_id is None:
        return BerichtenData()
    crisis = room.setup.get(crisis_id)
    every = room.messages.all(crisis_id)
    return BerichtenData(
        crisis_id=crisis_id,
        roster=crisis.roster,
        messages=[m for m in every if filt.matches(m)],
        total=len(every),
        stakeholders=room.chair_notes.stakeholders(crisis_id),
        schema=room.messages.schema(crisis_id),
        now=room.now(crisis),
    )


def party_options(data: BerichtenData, lang: str) -> list[tuple[str, str]]:
    """``(key, label)`` for the from/to dropdown: stakeholders first, then the roster's roles."""
    options = [(f"stakeholder:{s.stakeholder_id}", s.name) for s in data.stakeholders]
    if data.roster is not None:
        options += [(f"rol:{r.id}", role_display(r, lang)) for r in data.roster.roles]
    return options
