"""Log entries: the team log's vocabulary, drafts and confirmed, versioned entries.

The log is evidence. A draft (from speech or typing) is mutable until the logger confirms or
rejects it; a confirmed entry is never changed in place: an edit or a status change makes a new
``LogEntry`` version with the same ``entry_id`` and ``version + 1``. Old versions stay readable.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from enum import Enum
from types import MappingProxyType
from typing import Any

from assistant.domain.errors import InvalidInput, InvalidTransition
from assistant.domain.records import Record, Sealed


class EntryKind(str, Enum):
    """What an entry records; the value is the id used in code, exports and the parser."""

    DECISION = "decision"
    ORDER = "order"
    ACTION = "action"
    INFO = "info"
    BOTTLENECK = "bottleneck"
    INFO_NEED = "info_need"
    PROPOSAL = "proposal"
    PROCESS = "process"
    STATUS = "status"

    @property
    def prefix(self) -> str:
        """Number prefix: B-4, O-11, A-7 (Dutch initials, as on paper logs)."""
        return _PREFIX[self]

    @property
    def is_task(self) -> bool:
        """Orders and actions have an owner, a deadline and a status workflow."""
        return self in (EntryKind.ORDER, EntryKind.ACTION)


_PREFIX = {
    EntryKind.DECISION: "B",
    EntryKind.ORDER: "O",
    EntryKind.ACTION: "A",
    EntryKind.INFO: "I",
    EntryKind.BOTTLENECK: "K",
    EntryKind.INFO_NEED: "IB",
    EntryKind.PROPOSAL: "V",
    EntryKind.PROCESS: "P",
    EntryKind.STATUS: "S",
}

PREFIX_TO_KIND = {prefix: kind for kind, prefix in _PREFIX.items()}


class TaskStatus(str, Enum):
    """Status workflow of orders and actions: open → in uitvoering → gereed / vervallen."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def is_closed(self) -> bool:
        return self in (TaskStatus.DONE, TaskStatus.CANCELLED)


class DeadlineKind(str, Enum):
    """How a deadline was said; values are the Dutch words the log keeps."""

    BY = "uiterlijk"
    AT = "om"
    NEXT_MEETING = "volgend_overleg"
    ASAP = "zsm"


class Reliability(str, Enum):
    """Reliability of information: separate facts from assumptions."""

    CONFIRMED = "bevestigd"
    UNCONFIRMED = "onbevestigd"
    ASSUMPTION = "aanname"


class Priority(str, Enum):
    HIGH = "hoog"
    MEDIUM = "middel"
    LOW = "laag"


class DraftState(str, Enum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Origin:
    """Where an entry came from: typed by the logger or recognised from speech."""

    source: str = "typed"  # "typed" | "speech"
    transcript: str = ""
    audio_ref: str | None = None  # file name of the utterance WAV, relative to the data folder
    audio_start: float | None = None  # seconds on the meeting's audio clock
    audio_end: float | None = None
    confidence: float | None = None  # mean word confidence from the recogniser
    low_confidence_words: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["low_confidence_words"] = list(self.low_confidence_words)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Origin:
        if not data:
            return cls()
        data = dict(data)
        data["low_confidence_words"] = tuple(data.get("low_confidence_words") or ())
        return cls(**{k: v for k, v in data.items() if k in _ORIGIN_FIELDS})


_ORIGIN_FIELDS = {
    "source",
    "transcript",
    "audio_ref",
    "audio_start",
    "audio_end",
    "confidence",
    "low_confidence_words",
}


def check_deadline(deadline: str | None) -> None:
    """A deadline is a local wall-clock minute, "YYYY-MM-DDTHH:MM" (as the parser writes it), or None.

    One check for every record that carries a deadline (log entries, messages)."""
    if deadline is None:
        return
    try:
        datetime.strptime(deadline[:16], "%Y-%m-%dT%H:%M")
    except ValueError as exc:
        raise InvalidInput(f"deadline {deadline!r} is not YYYY-MM-DDTHH:MM", field="deadline") from exc


@dataclass(frozen=True)
class EntryContent:
    """The fields a logger can write or edit; shared by drafts and confirmed versions."""

    kind: EntryKind
    text: str
    phase: str | None = None  # BOBOC phase id at the time it was said
    reason: str = ""  # for decisions: why
    reliability: Reliability | None = None  # for info
    info_source: str = ""  # for info: who or what said so
    owner: str | None = None  # roster role id
    deadline: str | None = None  # local "YYYY-MM-DDTHH:MM"
    deadline_kind: DeadlineKind | None = None
    deadline_words: str = ""  # how the deadline was said ("uiterlijk half drie")
    priority: Priority | None = None
    ref: str | None = (
        None  # for status entries: the entry it updates ("A-4"); for decisions: ratified proposal
    )
    new_status: TaskStatus | None = None  # for status entries
    linked_decision: str | None = None  # for orders/actions: "B-2"

    def validate(self) -> None:
        if not self.text.strip():
            raise InvalidInput("entry text is empty", field="text")
        check_deadline(self.deadline)
        if self.kind is EntryKind.STATUS and self.new_status is None:
            raise InvalidInput("a status entry needs a new status", field="new_status")

    def deadline_at(self, zone: Any) -> datetime | None:
        """The deadline as an aware datetime: the stored wall-clock time read in ``zone`` (a tzinfo).

        Deadlines are kept as the crisis's local wall-clock minute ("2025-03-14T11:30") because that is
        what was said in the room; an offset, when present, wins over ``zone``.
        """
        if not self.deadline:
            return None
        try:
            moment = datetime.fromisoformat(self.deadline)
        except ValueError:
            return None
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name in CONTENT_FIELDS:
            value = getattr(self, name)
            data[name] = value.value if isinstance(value, Enum) else value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EntryContent:
        return cls(
            kind=EntryKind(data["kind"]),
            text=data.get("text", ""),
            phase=data.get("phase"),
            reason=data.get("reason", "") or "",
            reliability=_opt(Reliability, data.get("reliability")),
            info_source=data.get("info_source", "") or "",
            owner=data.get("owner"),
            deadline=data.get("deadline"),
            deadline_kind=_opt(DeadlineKind, data.get("deadline_kind")),
            deadline_words=data.get("deadline_words", "") or "",
            priority=_opt(Priority, data.get("priority")),
            ref=data.get("ref"),
            new_status=_opt(TaskStatus, data.get("new_status")),
            linked_decision=data.get("linked_decision"),
        )

    def with_changes(self, **changes: Any) -> EntryContent:
        """A copy with some fields changed; enum fields accept their string values."""
        return EntryEdit(changes).apply(self)


#: The fields of ``EntryContent`` an edit (or a scenario's confirm step) may set.
CONTENT_FIELDS = (
    "kind",
    "text",
    "phase",
    "reason",
    "reliability",
    "info_source",
    "owner",
    "deadline",
    "deadline_kind",
    "deadline_words",
    "priority",
    "ref",
    "new_status",
    "linked_decision",
)
_ENUM_FIELDS: dict[str, type[Enum]] = {
    "kind": EntryKind,
    "reliability": Reliability,
    "deadline_kind": DeadlineKind,
    "priority": Priority,
    "new_status": TaskStatus,
}


def _opt(enum_type: Any, value: Any) -> Any:
    if value is None or value == "":
        return None
    return enum_type(value)


@dataclass(frozen=True)
class EntryEdit:
    """A logger's correction of some content fields: a value, checked when it is made.

    Why not ``**changes``: an edit travels from a form through the room to a draft or a new entry
    version; as one typed value it is validated once (unknown field names fail here, enum fields are
    coerced here) and the room can name what changed in the version's change note.
    """

    changes: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        coerced: dict[str, Any] = {}
        for name, value in dict(self.changes).items():
            if name not in CONTENT_FIELDS:
                raise InvalidInput(f"unknown field {name!r}", field=name)
            enum_type = _ENUM_FIELDS.get(name)
            coerced[name] = _opt(enum_type, value) if enum_type and not isinstance(value, Enum) else value
        object.__setattr__(self, "changes", MappingProxyType(coerced))

    @classmethod
    def of(cls, **changes: Any) -> EntryEdit:
        return cls(changes)

    @classmethod
    def replacing(cls, content: EntryContent) -> EntryEdit:
        """An edit that makes any content equal to ``content`` (every field set)."""
        return cls({name: getattr(content, name) for name in CONTENT_FIELDS})

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def apply(self, content: EntryContent) -> EntryContent:
        return replace(content, **self.changes)

    def changed_fields(self, before: EntryContent) -> tuple[str, ...]:
        """The fields whose value this edit really changes (for the version's change note)."""
        return tuple(name for name, value in self.changes.items() if getattr(before, name) != value)


@dataclass(frozen=True)
class Draft(Record):
    """A proposed entry awaiting the logger: from speech, typing, or a promoted transcript line."""

    draft_id: str
    crisis_id: str
    meeting_number: int | None
    created_at: str  # ISO 8601 with offset
    content: EntryContent
    origin: Origin = field(default_factory=Origin)
    field_confidence: dict[str, float] = field(default_factory=dict)
    state: DraftState = DraftState.PENDING
    decided_at: str | None = None
    decided_by: str | None = None
    reject_reason: str = ""
    entry_id: str | None = None  # the confirmed entry it became
    #: Fields the logger changed before deciding (measured in use: how often a draft is confirmed
    #: exactly as parsed). Kept on the draft record, so it is journaled in the drafts chain.
    edited_fields: tuple[str, ...] = ()

    @property
    def unedited(self) -> bool:
        return not self.edited_fields

    def confirm(self, entry_id: str, by: str, at: str) -> Draft:
        self._require_pending()
        return replace(self, state=DraftState.CONFIRMED, entry_id=entry_id, decided_by=by, decided_at=at)

    def reject(self, reason: str, by: str, at: str) -> Draft:
        self._require_pending()
        return replace(self, state=DraftState.REJECTED, reject_reason=reason, decided_by=by, decided_at=at)

    def edit(self, **changes: Any) -> Draft:
        return self.edited(EntryEdit(changes))

    def edited(self, edit: EntryEdit) -> Draft:
        """The draft with ``edit`` applied; the fields it really changes join ``edited_fields``."""
        self._require_pending()
        changed = [f for f in edit.changed_fields(self.content) if f not in self.edited_fields]
        return replace(self, content=edit.apply(self.content), edited_fields=(*self.edited_fields, *changed))

    def _require_pending(self) -> None:
        if self.state is not DraftState.PENDING:
            raise InvalidTransition(f"draft {self.draft_id} is already {self.state.value}")


@dataclass(frozen=True)
class DraftTally:
    """How the drafts of a meeting (or a crisis) were decided: the share confirmed without editing is
    the parser's score in real use (issue 12, "measured in use")."""

    unedited: int = 0  # confirmed exactly as parsed
    edited: int = 0  # confirmed after the logger changed fields
    rejected: int = 0
    pending: int = 0
    fields: tuple[tuple[str, int], ...] = ()  # (field, how often it was edited), most often first

    @property
    def decided(self) -> int:
        return self.unedited + self.edited + self.rejected

    @property
    def share_unedited(self) -> float | None:
        """Confirmed unedited / all decided drafts; None before any draft was decided."""
        return self.unedited / self.decided if self.decided else None


def tally_drafts(drafts: list[Draft] | tuple[Draft, ...]) -> DraftTally:
    """Count how ``drafts`` were decided (see ``DraftTally``)."""
    counts = {"unedited": 0, "edited": 0, "rejected": 0, "pending": 0}
    fields: dict[str, int] = {}
    for draft in drafts:
        if draft.state is DraftState.PENDING:
            counts["pending"] += 1
        elif draft.state is DraftState.REJECTED:
            counts["rejected"] += 1
        elif draft.unedited:
            counts["unedited"] += 1
        else:
            counts["edited"] += 1
            for name in draft.edited_fields:
                fields[name] = fields.get(name, 0) + 1
    ordered = tuple(sorted(fields.items(), key=lambda item: (-item[1], item[0])))
    return DraftTally(fields=ordered, **counts)


GENESIS_HASH = "0" * 64
#: ``seq`` of a version the repository has not appended yet.
UNSEALED_SEQ = -1


class HasContent:
    """``kind`` and ``text`` of anything that carries an ``EntryContent`` (an entry version, a
    parsed draft): read so often that every holder offers them the same way."""

    content: EntryContent

    @property
    def kind(self) -> EntryKind:
        return self.content.kind

    @property
    def text(self) -> str:
        return self.content.text


class _Own:
    """Marker: "the entry's own value" for ``LogEntry.is_overdue`` (``None`` is a real value there)."""


_OWN = _Own()


@dataclass(frozen=True)
class LogEntry(HasContent, Sealed):
    """One confirmed version of a log entry. Immutable; chained by SHA-256 to the previous version.

    ``seq`` is the per-crisis append position of this version (0, 1, 2 ...); ``prev_hash`` is the
    hash of the version appended just before it in the same crisis (any entry), so deleting,
    reordering or editing any stored version breaks the chain at a nameable place.
    """

    entry_id: str
    crisis_id: str
    number: str  # "B-4"
    version: int
    meeting_number: int | None
    recorded_at: str  # when first recorded (ISO with offset); kept across versions
    content: EntryContent
    status: TaskStatus | None  # orders/actions only
    status_changed_at: str | None
    status_changed_by: str | None
    confirmed_by: str
    confirmed_at: str  # when this version was confirmed
    origin: Origin
    draft_id: str | None
    change_note: str  # why this version exists ("aangemaakt", "bewerkt: deadline", "status: gereed")
    seq: int = UNSEALED_SEQ  # assigned by the repository alone when it appends the version
    prev_hash: str = ""  # likewise
    hash: str = ""

    @property
    def is_sealed(self) -> bool:
        return self.seq != UNSEALED_SEQ and bool(self.hash)

    def is_overdue(
        self,
        now: datetime,
        *,
        status: TaskStatus | None | _Own = _OWN,
        deadline: datetime | None | _Own = _OWN,
    ) -> bool:
        """The one overdue rule: an open order or action whose deadline minute has passed.

        ``now`` is aware and in the crisis's time zone (the deadline is wall-clock time there). The
        minute resolution matches what every screen shows: at 11:30:40 a deadline of 11:30 is not
        yet overdue; at 11:31 it is. ``status`` and ``deadline`` replace the entry's own where a
        reader knows better (the export: a status set by a later status entry, a deadline of "the
        next meeting" resolved to that meeting's start); the rule itself stays this one.
        """
        if now.tzinfo is None:
            raise ValueError("is_overdue needs an aware datetime")
        current = self.status if isinstance(status, _Own) else status
        if not self.kind.is_task or current is None or current.is_closed:
            return False
        due = self.content.deadline_at(now.tzinfo) if isinstance(deadline, _Own) else deadline
        return due is not None and due < now.replace(second=0, microsecond=0)

    def sealed(self) -> LogEntry:
        return replace(self, hash=self.compute_hash())


def next_number(kind: EntryKind, existing_numbers: set[str] | list[str]) -> str:
    """The next per-kind number (B-1, B-2 ...) given the numbers already used in the crisis."""
    highest = 0
    prefix = kind.prefix + "-"
    for number in existing_numbers:
        if number.startswith(prefix) and number[len(prefix) :].isdigit():
            highest = max(highest, int(number[len(prefix) :]))
    return f"{prefix}{highest + 1}"


def parse_number(number: str) -> tuple[EntryKind, int]:
    """``"A-4"`` → (ACTION, 4). Raises InvalidInput for anything else."""
    prefix, _, digits = number.strip().upper().partition("-")
    if prefix not in PREFIX_TO_KIND or not digits.isdigit():
        raise InvalidInput(f"{number!r} is not an entry number like B-4", field="number")
    return PREFIX_TO_KIND[prefix], int(digits)


@dataclass(frozen=True)
class ChainProblem:
    """Where the confirmed log fails verification."""

    seq: int
    number: str
    version: int
    problem: str  # "hash_mismatch" | "broken_link" | "gap" | "bad_version"


def verify_chain(versions: list[LogEntry]) -> list[ChainProblem]:
    """Check the hash chain of all versions of one crisis, in ``seq`` order. Empty list: intact."""
    problems: list[ChainProblem] = []
    prev = GENESIS_HASH
    last_version: dict[str, int] = {}
    for expected_seq, entry in enumerate(sorted(versions, key=lambda e: e.seq)):
        if entry.seq != expected_seq:
            problems.append(ChainProblem(entry.seq, entry.number, entry.version, "gap"))
        if entry.prev_hash != prev:
            problems.append(ChainProblem(entry.seq, entry.number, entry.version, "broken_link"))
        if entry.compute_hash() != entry.hash:
            problems.append(ChainProblem(entry.seq, entry.number, entry.version, "hash_mismatch"))
        if entry.version != last_version.get(entry.entry_id, 0) + 1:
            problems.append(ChainProblem(entry.seq, entry.number, entry.version, "bad_version"))
        last_version[entry.entry_id] = entry.version
        prev = entry.hash
    return problems
