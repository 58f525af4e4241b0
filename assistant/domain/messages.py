"""The berichtenmanager's register: messages in and out of the crisis team, and who talks to whom.

Why a register of its own: the log records what the *team* decided and knows; the message register
records the traffic around it (calls, mails, radio, people at the door), who it came from, to whom
in the team it was routed, and whether it must reach the table at the next meeting. Like a log
entry a message is evidence: a change (routing, status, an edit) is a new ``Message`` version with
the same ``message_id`` and ``version + 1``; the storage keeps every version, chained.

Pure domain code: standard library only, time always passed in (ISO strings with offset).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from assistant.domain.entries import check_deadline
from assistant.domain.errors import InvalidInput, InvalidTransition
from assistant.domain.records import Record

NUMBER_PREFIX = "M"
_NUMBER = re.compile(r"^M-(\d+)$")
#: How a log entry made from a message names its source (``Origin.source``).
ORIGIN_SOURCE = "message"


class Direction(StrEnum):
    INCOMING = "in"
    OUTGOING = "uit"


class Channel(StrEnum):
    PHONE = "telefoon"
    EMAIL = "email"
    APP = "app"
    RADIO = "portofoon"
    IN_PERSON = "persoonlijk"
    OTHER = "anders"


class Urgency(StrEnum):
    NORMAL = "normaal"
    HIGH = "hoog"
    URGENT = "spoed"

    @property
    def rank(self) -> int:
        """Sort order: spoed first."""
        return {Urgency.URGENT: 0, Urgency.HIGH: 1, Urgency.NORMAL: 2}[self]


class MessageStatus(StrEnum):
    """open → doorgezet (routed to a role) → afgehandeld; a handled message may be reopened."""

    OPEN = "open"
    ROUTED = "doorgezet"
    HANDLED = "afgehandeld"


class PartyKind(StrEnum):
    ROLE = "rol"  # a role of the team's roster (``key`` = role id)
    STAKEHOLDER = "stakeholder"  # one of the crisis's stakeholders (``key`` = stakeholder id)
    FREE = "vrij"  # anybody else, free text


@dataclass(frozen=True)
class Party:
    """Who a message came from or went to."""

    kind: PartyKind
    name: str
    key: str = ""

    @classmethod
    def free(cls, name: str) -> Party:
        return cls(PartyKind.FREE, name.strip())

    @property
    def is_empty(self) -> bool:
        return not self.name.strip()

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "name": self.name, "key": self.key}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Party:
        if not data:
            return cls(PartyKind.FREE, "")
        return cls(
            PartyKind(data.get("kind") or "vrij"), str(data.get("name") or ""), str(data.get("key") or "")
        )


NOBODY = Party(PartyKind.FREE, "")


@dataclass(frozen=True)
class Message(Record):
    """One version of one registered message (``version`` 1 is the registration)."""

    message_id: str
    crisis_id: str
    number: str  # "M-4"
    version: int
    at: str  # when the message came in or went out (ISO with offset); editable
    direction: Direction
    channel: Channel
    sender: Party
    recipient: Party
    subject: str
    content: str = ""
    urgency: Urgency = Urgency.NORMAL
    for_cmt: bool = False
    routed_to: str | None = None  # roster role id
    status: MessageStatus = MessageStatus.OPEN
    request: bool = False  # the sender asks for information (an info need)
    deadline: str | None = None  # local "YYYY-MM-DDTHH:MM" (as the parser writes deadlines)
    deadline_words: str = ""
    entry_number: str | None = None  # the log entry made from it ("IB-3"): the link back
    meeting_number: int | None = None  # the meeting running when it was registered
    registered_at: str = ""  # when version 1 was stored
    changed_at: str = ""  # when this version was stored
    changed_by: str = ""
    change_note: str = "geregistreerd"

    # --- rules ---------------------------------------------------------------------------------------

    def validate(self) -> None:
        if not _NUMBER.match(self.number):
            raise InvalidInput(f"message number {self.number!r} is not M-<n>", field="number")
        if not (self.subject.strip() or self.content.strip()):
            raise InvalidInput("a message needs a subject or a content", field="subject")
        if self.counterpart.is_empty:
            what = "sender" if self.direction is Direction.INCOMING else "recipient"
            raise InvalidInput(f"a message needs a {what}", field=what)
        _check_instant(self.at, "at")
        check_deadline(self.deadline)
        if self.status is MessageStatus.ROUTED and not self.routed_to:
            raise InvalidInput("a routed message names the role it was routed to", field="routed_to")

    @property
    def counterpart(self) -> Party:
        """The party outside the team: the sender of an incoming, the recipient of an outgoing message."""
        return self.sender if self.direction is Direction.INCOMING else self.recipient

    @property
    def summary(self) -> str:
        return self.subject.strip() or self.content.strip()

    @property
    def is_alert(self) -> bool:
        """A spoed message for the team that nobody has handled yet: the chair must see it at once."""
        return (
            self.urgency is Urgency.URGENT
            and self.direction is Direction.INCOMING
            and self.status is not MessageStatus.HANDLED
        )

    @property
    def informs_stakeholder(self) -> bool:
        """An outgoing message to a stakeholder closes the loop of card task 11 (informing them)."""
        return self.direction is Direction.OUTGOING and self.recipient.kind is PartyKind.STAKEHOLDER

    def next_version(self, *, at: str, by: str, note: str, **changes: Any) -> Message:
        """Version n+1 with ``changes``; ``at``/``by``/``note`` say when, who and why."""
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:
            raise InvalidInput(
                f"cannot change {', '.join(sorted(unknown))} of a message", field=sorted(unknown)[0]
            )
        new = replace(
            self, **_coerce(changes), version=self.version + 1, changed_at=at, changed_by=by, change_note=note
        )
        new.validate()
        return new

    def routed(self, role_id: str, *, at: str, by: str) -> Message:
        if self.status is MessageStatus.HANDLED:
            raise InvalidTransition(f"{self.number} is already handled")
        return self.next_version(
            at=at, by=by, note=f"doorgezet: {role_id}", routed_to=role_id, status=MessageStatus.ROUTED
        )

    def handled(self, *, at: str, by: str) -> Message:
        if self.status is MessageStatus.HANDLED:
            raise InvalidTransition(f"{self.number} is already handled")
        return self.next_version(at=at, by=by, note="afgehandeld", status=MessageStatus.HANDLED)

    def reopened(self, *, at: str, by: str) -> Message:
        if self.status is not MessageStatus.HANDLED:
            raise InvalidTransition(f"{self.number} is not handled")
        status = MessageStatus.ROUTED if self.routed_to else MessageStatus.OPEN
        return self.next_version(at=at, by=by, note="heropend", status=status)

    def linked_to(self, entry_number: str, *, at: str, by: str) -> Message:
        if self.entry_number:
            raise InvalidTransition(f"{self.number} is already in the log as {self.entry_number}")
        return self.next_version(at=at, by=by, note=f"in logboek: {entry_number}", entry_number=entry_number)


#: What an edit (a new version) may change; identity, number and bookkeeping never change.
EDITABLE_FIELDS = frozenset(
    {
        "at", "direction", "channel", "sender", "recipient", "subject", "content", "urgency", "for_cmt",
        "routed_to", "status", "request", "deadline", "deadline_words", "entry_number",
    }
)  # fmt: skip
_ENUMS: dict[str, type[StrEnum]] = {
    "direction": Direction,
    "channel": Channel,
    "urgency": Urgency,
    "status": MessageStatus,
}


def _coerce(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Enum fields accept their string values, parties their dict form (as forms and the wire send)."""
    out: dict[str, Any] = {}
    for name, value in changes.items():
        if name in _ENUMS and value is not None and not isinstance(value, _ENUMS[name]):
            try:
                value = _ENUMS[name](value)
            except ValueError as exc:
                raise InvalidInput(f"{value!r} is not a valid {name}", field=name) from exc
        elif name in ("sender", "recipient") and isinstance(value, Mapping):
            value = Party.from_dict(value)
        out[name] = value
    return out


def _check_instant(value: str, name: str) -> None:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"{name} {value!r} is not an ISO time", field=name) from exc
    if moment.tzinfo is None:
        raise InvalidInput(f"{name} {value!r} has no offset", field=name)


# --- numbering -------------------------------------------------------------------------------------


def next_message_number(existing: Iterable[str]) -> str:
    """``M-<n+1>``: messages are numbered per crisis, like log entries per kind."""
    highest = 0
    for number in existing:
        match = _NUMBER.match(number)
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{NUMBER_PREFIX}-{highest + 1}"


# --- routing rules ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommLink(Record):
    """One line of the communication schema: who in the team keeps contact with whom, how and how often.

    "Brugfunctie ... zie schema wie communiceert met wie" (the chair's action card). Removing a line
    is a new version with ``active=False``: the schema's history stays readable.
    """

    link_id: str
    crisis_id: str
    role_id: str  # roster role in the team
    partner: str  # stakeholder or partner name
    channel: Channel = Channel.PHONE
    frequency: str = ""  # "elk uur", "na elk overleg" ...
    note: str = ""
    active: bool = True
    stakeholder_id: str | None = None

    def validate(self) -> None:
        if not self.role_id.strip():
            raise InvalidInput("a schema line needs a role", field="role_id")
        if not self.partner.strip():
            raise InvalidInput("a schema line needs a partner", field="partner")


def schema_role_for(party: Party, schema: Sequence[CommLink]) -> str | None:
    """The team role that keeps contact with ``party`` according to the schema (None: nobody listed)."""
    name = fold_name(party.name)
    for link in schema:
        if not link.active:
            continue
        if party.kind is PartyKind.STAKEHOLDER and link.stakeholder_id and link.stakeholder_id == party.key:
            return link.role_id
        partner = fold_name(link.partner)
        if name and partner and (name in partner or partner in name):
            return link.role_id
    return None


@dataclass(frozen=True)
class Routing:
    """What the routing rules propose for a newly registered message (the form shows it, editable)."""

    for_cmt: bool
    routed_to: str | None


def suggest_routing(
    direction: Direction,
    urgency: Urgency,
    request: bool,
    counterpart: Party,
    schema: Sequence[CommLink],
    for_cmt: bool | None = None,
    routed_to: str | None = None,
) -> Routing:
    """Routing rules, in order:

    * spoed and high-urgency incoming messages, and incoming questions with a deadline, go to the CMT
      table (unless the berichtenmanager said otherwise);
    * an incoming message goes to the role the communication schema names for its sender;
    * outgoing messages are the team's own words: not routed, not for the table unless flagged.
    """
    incoming = direction is Direction.INCOMING
    if for_cmt is None:
        for_cmt = incoming and (urgency is not Urgency.NORMAL or request)
    if routed_to is None and incoming:
        routed_to = schema_role_for(counterpart, schema)
    return Routing(for_cmt, routed_to)


# --- selection -------------------------------------------------------------------------------------


def previous_meeting_end(meeting_ends: Iterable[str | None]) -> str | None:
    """The end of the last closed meeting (ISO), the boundary of "sinds het vorige overleg"."""
    ended = [end for end in meeting_ends if end]
    return max(ended, key=_instant) if ended else None


def since_previous_meeting(messages: Iterable[Message], boundary: str | None) -> list[Message]:
    """CMT messages that came in or went out after ``boundary`` (None: all), spoed first, then by time."""
    cut = _instant(boundary) if boundary else None
    chosen = [m for m in messages if m.for_cmt and (cut is None or _instant(m.at) > cut)]
    return sorted(chosen, key=lambda m: (m.urgency.rank, _instant(m.at)))


def for_meeting_report(
    messages: Iterable[Message], previous_end: str | None, this_end: str | None
) -> list[Message]:
    """The meeting report's messages: CMT messages after the previous meeting's end up to this meeting's
    end (an open end while the meeting runs), spoed first; what the team had on the table."""
    chosen = since_previous_meeting(messages, previous_end)
    if this_end is None:
        return chosen
    cut = _instant(this_end)
    return [m for m in chosen if _instant(m.at) <= cut]


def still_open(messages: Iterable[Message]) -> list[Message]:
    """Messages not handled yet (the handover: what the next team inherits), spoed first, then by time."""
    chosen = [m for m in messages if m.status is not MessageStatus.HANDLED]
    return sorted(chosen, key=lambda m: (m.urgency.rank, _instant(m.at)))


def for_table(messages: Iterable[Message]) -> list[Message]:
    """Messages for the CMT still waiting for the log (the logger's pane): not yet an entry, not handled."""
    chosen = [
        m for m in messages if m.for_cmt and not m.entry_number and m.status is not MessageStatus.HANDLED
    ]
    return sorted(chosen, key=lambda m: (m.urgency.rank, _instant(m.at)))


@dataclass(frozen=True)
class MessageFilter:
    """The list filters of the berichtenmanager's screen; empty fields do not filter."""

    direction: Direction | None = None
    status: MessageStatus | None = None
    urgency: Urgency | None = None
    only_cmt: bool = False
    text: str = ""
    statuses: tuple[MessageStatus, ...] = field(default=())

    def matches(self, message: Message) -> bool:
        if self.direction is not None and message.direction is not self.direction:
            return False
        if self.status is not None and message.status is not self.status:
            return False
        if self.statuses and message.status not in self.statuses:
            return False
        if self.urgency is not None and message.urgency is not self.urgency:
            return False
        if self.only_cmt and not message.for_cmt:
            return False
        if self.text:
            hay = " ".join(
                (
                    message.number,
                    message.subject,
                    message.content,
                    message.sender.name,
                    message.recipient.name,
                )
            ).casefold()
            return self.text.casefold() in hay
        return True


def newest_first(messages: Iterable[Message]) -> list[Message]:
    return sorted(messages, key=lambda m: (_instant(m.at), m.number), reverse=True)


def last_contact(messages: Iterable[Message], stakeholder_id: str, name: str = "") -> Message | None:
    """The newest message to or from a stakeholder (by id, or by name for free-text parties)."""
    folded = fold_name(name)
    found = [
        m for m in messages
        if (m.counterpart.kind is PartyKind.STAKEHOLDER and m.counterpart.key == stakeholder_id)
        or (folded and fold_name(m.counterpart.name) == folded)
    ]  # fmt: skip
    return max(found, key=lambda m: _instant(m.at)) if found else None


def fold_name(name: str) -> str:
    """Compare names without case, accents or brackets: "Gemeente (burgemeester)" ~ "gemeente"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", plain.casefold()).split())


def _instant(value: str) -> float:
    return datetime.fromisoformat(value).timestamp()
