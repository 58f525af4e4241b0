"""The berichtenmanager's area of the room: the message register, routing and the communication schema.

Why an area of the room (and not of a screen): a message registered on the berichtenmanager's
laptop must reach the chair's tablet and the logger's screen at once, be stored under the room's one
lock, and turn into a log entry through the ledger like every other entry. Every change is a new
message version (``Message.next_version``); the repository refuses anything but newest + 1.

Links both ways: a log entry made from a message has ``Origin(source="message", transcript="M-3: …")``
and the message's next version carries ``entry_number``. An outgoing message to a stakeholder marks
that stakeholder informed (time, by whom): card task 11 closes itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from assistant.app.room.core import RoomCore, new_id, stamp
from assistant.app.room.events import ChairNotesDetail, LogDetail, MessagesDetail, RoomChange, Topic
from assistant.app.room.ledger import Ledger, Whereabouts
from assistant.domain.entries import EntryContent, EntryKind, LogEntry, Origin
from assistant.domain.errors import InvalidInput, NotFound
from assistant.domain.individual import Stakeholder
from assistant.domain.messages import (
    ORIGIN_SOURCE,
    Channel,
    CommLink,
    Direction,
    Message,
    MessageStatus,
    Party,
    PartyKind,
    Urgency,
    for_table,
    last_contact,
    newest_first,
    next_message_number,
    previous_meeting_end,
    since_previous_meeting,
    suggest_routing,
)
from assistant.domain.parser.message_line import QuickMessage, known_parties, parse_message_line

#: What the logger may turn a message into (one key on the logger's pane).
ENTRY_KINDS = (EntryKind.INFO, EntryKind.INFO_NEED)


@dataclass(frozen=True)
class MessageDraft:
    """What the register form (or the quick entry line) hands to ``register``; ``None``: let the
    routing rules decide (``for_cmt``, ``routed_to``) or take the room's now (``at``)."""

    direction: Direction
    channel: Channel
    counterpart: Party  # sender of an incoming, recipient of an outgoing message
    subject: str
    content: str = ""
    urgency: Urgency = Urgency.NORMAL
    for_cmt: bool | None = None
    routed_to: str | None = None
    team_party: Party | None = None  # who in the team received or sent it (default: berichtenmanager)
    request: bool = False
    deadline: str | None = None
    deadline_words: str = ""
    at: datetime | None = None

    @classmethod
    def from_quick(cls, quick: QuickMessage) -> MessageDraft:
        return cls(
            direction=quick.direction,
            channel=quick.channel or Channel.OTHER,
            counterpart=quick.party,
            subject=quick.subject,
            urgency=quick.urgency or Urgency.NORMAL,
            for_cmt=quick.for_cmt,
            request=quick.request,
            deadline=quick.deadline,
            deadline_words=quick.deadline_words,
        )


TEAM_DESK = Party(PartyKind.ROLE, "Berichtenmanager", "berichtenmanager")


class Messages:
    """Messages and the communication schema of every crisis."""

    def __init__(self, core: RoomCore, ledger: Ledger, whereabouts: Callable[[str], Whereabouts],
                 meeting_ends: Callable[[str], list[str | None]]) -> None:
        self._core = core
        self._ledger = ledger
        self._whereabouts = whereabouts
        self._meeting_ends = meeting_ends

    # --- reading ------------------------------------------------------------------------------------

    def all(self, crisis_id: str) -> list[Message]:
        """Newest version of every message, newest message first."""
        return newest_first(self._core.repo.list_messages(crisis_id))

    def get(self, crisis_id: str, message_id: str) -> Message:
        found = next((m for m in self._core.repo.list_messages(crisis_id) if m.message_id == message_id), None)
        if found is None:
            raise NotFound(f"message {message_id}", field="message")
        return found

    def history(self, crisis_id: str, message_id: str) -> list[Message]:
        versions = [m for m in self._core.repo.message_versions(crisis_id) if m.message_id == message_id]
        if not versions:
            raise NotFound(f"message {message_id}", field="message")
        return versions

    def versions(self, crisis_id: str) -> list[Message]:
        """Every version of every message (exports: nothing is left out)."""
        return self._core.repo.message_versions(crisis_id)

    def since_previous_meeting(self, crisis_id: str) -> list[Message]:
        """CMT messages since the last closed meeting: the chair's Beeldvorming panel, the report."""
        boundary = previous_meeting_end(self._meeting_ends(crisis_id))
        return since_previous_meeting(self._core.repo.list_messages(crisis_id), boundary)

    def for_table(self, crisis_id: str) -> list[Message]:
        """CMT messages not yet in the log and not handled: the logger's pane."""
        return for_table(self._core.repo.list_messages(crisis_id))

    def alerts(self, crisis_id: str) -> list[Message]:
        """Unhandled spoed messages: the chair's tablet shows them at once."""
        return [m for m in self.all(crisis_id) if m.is_alert]

    def last_contacts(self, crisis_id: str) -> dict[str, Message]:
        """Per stakeholder id, the newest message to or from them (the Stakeholders tab)."""
        messages = self._core.repo.list_messages(crisis_id)
        found: dict[str, Message] = {}
        for stakeholder in self._core.repo.list_stakeholders(crisis_id):
            message = last_contact(messages, stakeholder.stakeholder_id, stakeholder.name)
            if message is not None:
                found[stakeholder.stakeholder_id] = message
        return found

    def schema(self, crisis_id: str) -> list[CommLink]:
        """The communication schema (active lines), by role."""
        links = [link for link in self._core.repo.list_comm_links(crisis_id) if link.active]
        return sorted(links, key=lambda link: (link.role_id, link.partner.casefold()))

    def quick(self, crisis_id: str, line: str, lang: str = "nl") -> MessageDraft:
        """A quick-entry line as a draft for the form (nothing is stored)."""
        crisis = self._core.repo.get_crisis(crisis_id)
        stakeholders = [(s.stakeholder_id, s.name) for s in self._core.repo.list_stakeholders(crisis_id)]
        roles = [(r.id, r.label, r.label_en) for r in crisis.roster.roles]
        parsed = parse_message_line(line, now=self._core.now(crisis), known=known_parties(stakeholders, roles),
                                    lang=lang)
        return MessageDraft.from_quick(parsed)

    # --- writing ------------------------------------------------------------------------------------

    def register(self, crisis_id: str, draft: MessageDraft, by: str = "berichtenmanager") -> Message:
        """Version 1 of a new message; the routing rules fill what the form left open."""
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id)
            now = core.now(crisis)
            existing = [m.number for m in core.repo.list_messages(crisis_id)]
            routing = suggest_routing(draft.direction, draft.urgency, draft.request, draft.counterpart,
                                      self.schema(crisis_id), draft.for_cmt, draft.routed_to)
            team = draft.team_party or TEAM_DESK
            incoming = draft.direction is Direction.INCOMING
            message = Message(
                message_id=new_id(),
                crisis_id=crisis_id,
                number=next_message_number(existing),
                version=1,
                at=stamp((draft.at or now).astimezone(now.tzinfo)),
                direction=draft.direction,
                channel=draft.channel,
                sender=draft.counterpart if incoming else team,
                recipient=team if incoming else draft.counterpart,
                subject=draft.subject.strip(),
                content=draft.content.strip(),
                urgency=draft.urgency,
                for_cmt=routing.for_cmt,
                routed_to=routing.routed_to,
                status=MessageStatus.ROUTED if routing.routed_to else MessageStatus.OPEN,
                request=draft.request,
                deadline=draft.deadline,
                deadline_words=draft.deadline_words,
                meeting_number=self._whereabouts(crisis_id).meeting_number,
                registered_at=stamp(now),
                changed_at=stamp(now),
                changed_by=by,
                change_note="geregistreerd",
            )
            message.validate()
            core.repo.save_message(message)
            informed = self._mark_informed(crisis_id, message, by)
        changes = [RoomChange(crisis_id, Topic.MESSAGES, MessagesDetail.REGISTERED, message.number)]
        if message.is_alert:
            changes.append(RoomChange(crisis_id, Topic.MESSAGES, MessagesDetail.ALERT, message.number))
        if informed:
            changes.append(RoomChange(crisis_id, Topic.STAKEHOLDERS, ChairNotesDetail.INFORMED))
        core.notify(*changes)
        return message

    def register_line(self, crisis_id: str, line: str, by: str = "berichtenmanager", lang: str = "nl") -> Message:
        """The quick entry: parse the line and register it as it is."""
        if not line.strip():
            raise InvalidInput("the line is empty", field="line")
        return self.register(crisis_id, self.quick(crisis_id, line, lang), by)

    def edit(self, crisis_id: str, message_id: str, changes: Mapping[str, Any], by: str = "berichtenmanager",
             based_on: int | None = None) -> Message:
        """Correct a message: a new version. ``based_on`` (the version the form showed) refuses an edit
        of a message somebody changed meanwhile."""
        return self._change(crisis_id, message_id, by, based_on, lambda m, at: m.next_version(
            at=at, by=by, note="bewerkt: " + ", ".join(sorted(changes)), **dict(changes)))

    def route(self, crisis_id: str, message_id: str, role_id: str, by: str = "berichtenmanager") -> Message:
        crisis = self._core.repo.get_crisis(crisis_id)
        if crisis.roster.find(role_id) is None:
            raise NotFound(f"no role {role_id!r} in the roster", field="routed_to")
        return self._change(crisis_id, message_id, by, None, lambda m, at: m.routed(role_id, at=at, by=by))

    def mark_handled(self, crisis_id: str, message_id: str, by: str = "berichtenmanager") -> Message:
        return self._change(crisis_id, message_id, by, None, lambda m, at: m.handled(at=at, by=by))

    def reopen(self, crisis_id: str, message_id: str, by: str = "berichtenmanager") -> Message:
        return self._change(crisis_id, message_id, by, None, lambda m, at: m.reopened(at=at, by=by))

    def to_entry(self, crisis_id: str, message_id: str, kind: EntryKind | str = EntryKind.INFO,
                 by: str = "logger") -> LogEntry:
        """The logger's one key: a confirmed info or info-need entry from a message, linked both ways."""
        kind = EntryKind(kind)
        if kind not in ENTRY_KINDS:
            raise InvalidInput(f"a message becomes info or an info need, not {kind.value}", field="kind")
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id)
            message = self.get(crisis_id, message_id)
            if message.entry_number:
                raise InvalidInput(f"{message.number} is already {message.entry_number}", field="message")
            now = core.now(crisis)
            where = self._whereabouts(crisis_id)
            content = EntryContent(
                kind,
                _entry_text(message),
                phase=where.phase,
                info_source=f"{message.counterpart.name} ({message.number})",
                deadline=message.deadline if kind is EntryKind.INFO_NEED else None,
                deadline_words=message.deadline_words if kind is EntryKind.INFO_NEED else "",
            )
            content.validate()
            origin = Origin(ORIGIN_SOURCE, f"{message.number}: {message.summary}")
            ledger = self._ledger
            taken = ledger.taken_numbers(crisis_id)
            entry = ledger.build_new(crisis, where.meeting_number, content, by=by, at=now, origin=origin,
                                     note=f"uit bericht {message.number}", taken=taken)
            entry = ledger.write([entry])[0]
            core.repo.save_message(message.linked_to(entry.number, at=stamp(now), by=by))
        core.notify(
            RoomChange(crisis_id, Topic.LOG, LogDetail.ENTRY, entry.number),
            RoomChange(crisis_id, Topic.MESSAGES, MessagesDetail.LOGGED, message.number),
        )
        return entry

    # --- communication schema ---------------------------------------------------------------------------

    def add_link(self, crisis_id: str, role_id: str, partner: str, channel: Channel | str = Channel.PHONE,
                 frequency: str = "", note: str = "", stakeholder_id: str | None = None) -> CommLink:
        link = CommLink(new_id(), crisis_id, role_id.strip(), partner.strip(), Channel(channel), frequency.strip(),
                        note.strip(), True, stakeholder_id)
        return self._save_link(link)

    def update_link(self, crisis_id: str, link_id: str, **changes: Any) -> CommLink:
        allowed = {"role_id", "partner", "channel", "frequency", "note", "stakeholder_id"}
        if set(changes) - allowed:
            raise InvalidInput(f"cannot change {sorted(set(changes) - allowed)}", field="link")
        if "channel" in changes:
            changes["channel"] = Channel(changes["channel"])
        return self._save_link(replace(self._link(crisis_id, link_id), **changes))

    def remove_link(self, crisis_id: str, link_id: str) -> CommLink:
        """Take a line out of the schema (kept in its chain: nothing is erased)."""
        return self._save_link(replace(self._link(crisis_id, link_id), active=False))

    # --- helpers ------------------------------------------------------------------------------------------

    def _link(self, crisis_id: str, link_id: str) -> CommLink:
        found = next((c for c in self._core.repo.list_comm_links(crisis_id) if c.link_id == link_id), None)
        if found is None:
            raise NotFound(f"schema line {link_id}", field="link")
        return found

    def _save_link(self, link: CommLink) -> CommLink:
        link.validate()
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(link.crisis_id)
            if crisis.roster.find(link.role_id) is None:
                raise NotFound(f"no role {link.role_id!r} in the roster", field="role_id")
            core.repo.save_comm_link(link)
        core.notify(RoomChange(link.crisis_id, Topic.MESSAGES, MessagesDetail.SCHEMA))
        return link

    def _change(self, crisis_id: str, message_id: str, by: str, based_on: int | None,
                change: Callable[[Message, str], Message]) -> Message:
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id)
            current = self.get(crisis_id, message_id)
            if based_on is not None and based_on != current.version:
                from assistant.storage.errors import VersionConflict

                raise VersionConflict(f"{current.number} changed meanwhile", number=current.number,
                                      based_on=based_on, current=current.version)
            message = change(current, stamp(core.now(crisis)))
            core.repo.save_message(message)
            informed = self._mark_informed(crisis_id, message, by) if _newly_outgoing(current, message) else False
        changes = [RoomChange(crisis_id, Topic.MESSAGES, MessagesDetail.CHANGED, message.number)]
        if message.is_alert and not current.is_alert:
            changes.append(RoomChange(crisis_id, Topic.MESSAGES, MessagesDetail.ALERT, message.number))
        if informed:
            changes.append(RoomChange(crisis_id, Topic.STAKEHOLDERS, ChairNotesDetail.INFORMED))
        core.notify(*changes)
        return message

    def _mark_informed(self, crisis_id: str, message: Message, by: str) -> Stakeholder | None:
        """An outgoing message to a stakeholder: that stakeholder is informed, at the message's time."""
        if not message.informs_stakeholder:
            return None
        stakeholder = next(
            (s for s in self._core.repo.list_stakeholders(crisis_id) if s.stakeholder_id == message.recipient.key),
            None,
        )
        if stakeholder is None:
            return None
        if stakeholder.last_informed_at and datetime.fromisoformat(stakeholder.last_informed_at) >= datetime.fromisoformat(
            message.at
        ):
            return None  # a later contact is already recorded
        informed = stakeholder.informed(message.at, by)
        self._core.repo.save_stakeholder(informed)
        return informed


def _newly_outgoing(before: Message, after: Message) -> bool:
    return after.informs_stakeholder and (not before.informs_stakeholder or before.recipient != after.recipient)


def _entry_text(message: Message) -> str:
    """The entry's text: what the message says, with who said it (the log is read without the register)."""
    body = message.content.strip() or message.subject.strip()
    text = f"{message.counterpart.name}: {body}" if message.counterpart.name else body
    return text if text.endswith((".", "?", "!")) else text + "."
