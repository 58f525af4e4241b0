"""What the chair reads of the message register, in the chair's one blocking read (worker thread)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.app.permissions import PermissionDenied
from assistant.domain.messages import CommLink, Message


@dataclass
class ChairMessages:
    """What the chair reads of the register (``load_chair_data`` fills it; empty without permission)."""

    new: list[Message] = field(default_factory=list)
    alerts: list[Message] = field(default_factory=list)
    last_contacts: dict[str, Message] = field(default_factory=dict)
    schema: list[CommLink] = field(default_factory=list)


def read_chair_messages(room: Any, crisis_id: str) -> ChairMessages:
    """The register as the chair sees it; a device without the right to read messages sees none."""
    try:
        return ChairMessages(
            new=room.messages.since_previous_meeting(crisis_id),
            alerts=room.messages.alerts(crisis_id),
            last_contacts=room.messages.last_contacts(crisis_id),
            schema=room.messages.schema(crisis_id),
        )
    except PermissionDenied:
        return ChairMessages()
