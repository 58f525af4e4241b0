"""Report data built from domain objects. Pure: no I/O, no reportlab, time passed in.

Everything an export shows is derived here, once, so the PDF, CSV, JSON and Markdown of one
document always agree:

* ``LogView``: the current version of every entry, its effective status (versions and ``status``
  entries both count, the later one wins), its deadline as an aware time and its overdue flag.
* ``list_rows``: rows of the besluitenlijst and the actielijst (whole crisis or one meeting).
* ``build_meeting_report``, ``build_handover``, ``build_full_log``, ``build_individual``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from assistant.domain.clock import MeetingClock
from assistant.domain.entries import (
    GENESIS_HASH,
    ChainProblem,
    DeadlineKind,
    EntryKind,
    LogEntry,
    Priority,
    Reliability,
    TaskStatus,
    verify_chain,
)
from assistant.domain.individual import IndividualItem, Stakeholder
from assistant.domain.meeting import Crisis, Meeting
from assistant.storage.repository import ChainHead

# --- time ------------------------------------------------------------------------------------------


def crisis_tz(crisis: Crisis) -> tzinfo:
    """The crisis' time zone; falls back to the offset of its start time if the zone is unknown here."""
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(crisis.timezone)
    except (ImportError, KeyError, ValueError, OSError):  # no tz database here: keep the recorded offset
        started = parse_time(crisis.started_at, UTC)
        return started.tzinfo if started is not None and started.tzinfo else UTC


def parse_time(value: str | None, tz: tzinfo) -> datetime | None:
    """ISO text → aware datetime; naive values (deadlines are stored as local wall time) get ``tz``."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)


def aware(now: datetime, tz: tzinfo) -> datetime:
    return now if now.tzinfo else now.replace(tzinfo=tz)


# --- entries ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntryState:
    """One log entry: all its versions, the current one, and what is derived from them."""

    entry_id: str
    number: str
    versions: tuple[LogEntry, ...]  # in seq order; versions[-1] is current
    status: TaskStatus | None  # tasks: effective status; decisions: CANCELLED when revoked, else None
    status_at: str | None
    status_by: str | None
    deadline_at: datetime | None  # aware, in the crisis time zone
    overdue: bool
    status_updates: tuple[LogEntry, ...] = ()  # ``status`` entries that refer to this entry

    @property
    def current(self) -> LogEntry:
        return self.versions[-1]

    @property
    def first(self) -> LogEntry:
        return self.versions[0]

    @property
    def kind(self) -> EntryKind:
        return self.current.content.kind

    @property
    def is_open_task(self) -> bool:
        return self.kind.is_task and self.status is not None and not self.status.is_closed

    @property
    def in_force(self) -> bool:
        """Decisions: not revoked."""
        return self.kind is EntryKind.DECISION and self.status is not TaskStatus.CANCELLED


@dataclass(frozen=True)
class LogView:
    """The confirmed log of one crisis as the exports see it at ``now``."""

    crisis: Crisis
    now: datetime
    tz: tzinfo
    entries: tuple[EntryState, ...]  # in order of first recording (seq of version 1)
    versions: tuple[LogEntry, ...]  # every version, seq order
    problems: tuple[ChainProblem, ...]
    meetings: tuple[Meeting, ...]

    def by_number(self, number: str) -> EntryState | None:
        for state in self.entries:
            if state.number == number:
                return state
        return None

    def of_kind(self, *kinds: EntryKind, meeting: int | None = None) -> list[EntryState]:
        return [
            s
            for s in self.entries
            if s.kind in kinds and (meeting is None or s.first.meeting_number == meeting)
        ]

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def head_hash(self) -> str | None:
        return self.versions[-1].hash if self.versions else None

    @property
    def anchor(self) -> ChainHead:
        """Where the log stands in this view: count and head, as ``assistant verify --json`` gives it."""
        return ChainHead(len(self.versions), self.versions[-1].hash if self.versions else GENESIS_HASH)

    def meeting(self, number: int) -> Meeting | None:
        return next((m for m in self.meetings if m.number == number), None)


def build_log_view(
    crisis: Crisis,
    versions: list[LogEntry],
    meetings: list[Meeting],
    now: datetime,
    problems: list[ChainProblem] | None = None,
) -> LogView:
    """Group versions per entry and derive statuses, deadlines and overdue flags.

    ``problems`` defaults to ``verify_chain(versions)``; pass the repository's result to avoid
    verifying twice.
    """
    tz = crisis_tz(crisis)
    now = aware(now, tz)
    ordered = sorted(versions, key=lambda v: v.seq)
    meetings_sorted = tuple(sorted(meetings, key=lambda m: m.number))
    grouped: dict[str, list[LogEntry]] = {}
    for version in ordered:
        grouped.setdefault(version.entry_id, []).append(version)

    # status entries (kind "status", ref "A-4") refer to other entries by number
    updates: dict[str, list[LogEntry]] = {}
    for group in grouped.values():
        current = group[-1]
        if current.content.kind is EntryKind.STATUS and current.content.ref and current.content.new_status:
            updates.setdefault(current.content.ref.strip().upper(), []).append(current)

    states = []
    for entry_id, group in grouped.items():
        current = group[-1]
        number = current.number
        refs = sorted(updates.get(number.upper(), []), key=lambda v: v.seq)
        status, status_at, status_by = _effective_status(group, refs)
        deadline_at = _deadline(current, meetings_sorted, tz)
        overdue = current.is_overdue(now, status=status, deadline=deadline_at)
        states.append(
            EntryState(
                entry_id,
                number,
                tuple(group),
                status,
                status_at,
                status_by,
                deadline_at,
                overdue,
                tuple(refs),
            )
        )
    if problems is None:
        problems = verify_chain(ordered)
    return LogView(crisis, now, tz, tuple(states), tuple(ordered), tuple(problems), meetings_sorted)


def _effective_status(
    group: list[LogEntry], refs: list[LogEntry]
) -> tuple[TaskStatus | None, str | None, str | None]:
    """The latest status event by seq: a version that changed the status, or a ``status`` entry."""
    kind = group[-1].content.kind
    events: list[tuple[int, TaskStatus, str | None, str | None]] = []
    previous: TaskStatus | None = None
    for index, version in enumerate(group):
        status = version.status
        if kind.is_task and status is None:
            status = previous or TaskStatus.OPEN
        if status is not None and (index == 0 or status != previous):
            events.append(
                (
                    version.seq,
                    status,
                    version.status_changed_at or version.confirmed_at,
                    version.status_changed_by or version.confirmed_by,
                )
            )
        previous = status
    for ref in refs:
        assert ref.content.new_status is not None
        events.append((ref.seq, ref.content.new_status, ref.recorded_at, ref.confirmed_by))
    if not events:
        return None, None, None
    _, status, at, by = max(events, key=lambda e: e[0])
    if kind is EntryKind.DECISION and status is not TaskStatus.CANCELLED:
        return None, None, None
    if not kind.is_task and kind is not EntryKind.DECISION:
        return None, None, None
    return status, at, by


def _deadline(entry: LogEntry, meetings: tuple[Meeting, ...], tz: tzinfo) -> datetime | None:
    content = entry.content
    if content.deadline:
        return parse_time(content.deadline, tz)
    if content.deadline_kind is DeadlineKind.NEXT_MEETING and entry.meeting_number is not None:
        this = next((m for m in meetings if m.number == entry.meeting_number), None)
        following = next((m for m in meetings if m.number == entry.meeting_number + 1), None)
        if following is not None:
            return parse_time(following.planned_start, tz)
        if this is not None and this.next_meeting_at:
            return parse_time(this.next_meeting_at, tz)
    return None


# --- list rows -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListRow:
    """One row of the besluitenlijst or actielijst (the domain brief's columns, plus a few)."""

    number: str
    kind: EntryKind
    recorded_at: datetime | None
    meeting_number: int | None
    phase: str | None
    text: str
    reason: str
    owner: str | None  # role id
    deadline_at: datetime | None
    deadline_kind: DeadlineKind | None
    deadline_words: str
    status: TaskStatus | None
    overdue: bool
    linked_decision: str | None
    priority: Priority | None
    version: int
    confirmed_by: str
    confirmed_at: datetime | None
    reliability: Reliability | None = None
    info_source: str = ""


def row_for(state: EntryState, tz: tzinfo) -> ListRow:
    current = state.current
    content = current.content
    return ListRow(
        number=state.number,
        kind=content.kind,
        recorded_at=parse_time(state.first.recorded_at, tz),
        meeting_number=state.first.meeting_number,
        phase=content.phase,
        text=content.text,
        reason=content.reason,
        owner=content.owner,
        deadline_at=state.deadline_at,
        deadline_kind=content.deadline_kind,
        deadline_words=content.deadline_words,
        status=state.status,
        overdue=state.overdue,
        linked_decision=content.linked_decision
        or (content.ref if content.kind is EntryKind.DECISION else None),
        priority=content.priority,
        version=current.version,
        confirmed_by=current.confirmed_by,
        confirmed_at=parse_time(current.confirmed_at, tz),
        reliability=content.reliability,
        info_source=content.info_source,
    )


def decision_rows(view: LogView, meeting: int | None = None) -> list[ListRow]:
    """Besluitenlijst: every decision (revoked ones too, marked "vervallen"), in recorded order."""
    return [row_for(s, view.tz) for s in view.of_kind(EntryKind.DECISION, meeting=meeting)]


def action_rows(
    view: LogView, meeting: int | None = None, *, open_only: bool = False, overdue_first: bool = False
) -> list[ListRow]:
    """Actielijst: orders and actions with current status; optionally only open ones, overdue first."""
    rows = [
        row_for(s, view.tz)
        for s in view.of_kind(EntryKind.ORDER, EntryKind.ACTION, meeting=meeting)
        if not open_only or s.is_open_task
    ]
    if overdue_first:
        far = datetime.max.replace(tzinfo=UTC)
        rows.sort(key=lambda r: (not r.overdue, r.deadline_at or far))
    return rows


def kind_rows(view: LogView, *kinds: EntryKind, meeting: int | None = None) -> list[ListRow]:
    return [row_for(s, view.tz) for s in view.of_kind(*kinds, meeting=meeting)]


# --- meeting report --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaTiming:
    title: str
    title_en: str
    planned_minutes: float  # incl. extensions
    spent_seconds: float | None  # None when the meeting never started or the item was not reached yet


@dataclass(frozen=True)
class StatusChange:
    number: str  # the task or decision it changed
    text: str  # that task's text
    new_status: TaskStatus
    at: datetime | None
    by: str
    via: str  # number of the status entry, or "v3" for a new version


@dataclass(frozen=True)
class MeetingReport:
    crisis: Crisis
    meeting: Meeting
    started_at: datetime | None
    ended_at: datetime | None
    planned_start: datetime | None
    next_meeting_at: datetime | None
    present: tuple[str, ...]  # role ids
    absent: tuple[tuple[str, str | None], ...]  # (role id, delegated-to role id)
    guests: tuple[str, ...]
    control: tuple[StatusChange, ...]  # status changes made in this meeting (Controle)
    open_at_start: tuple[ListRow, ...]  # tasks from earlier meetings still open (overdue first)
    info: tuple[ListRow, ...]  # beeld
    info_needs: tuple[ListRow, ...]
    bottlenecks: tuple[ListRow, ...]  # oordeel
    proposals: tuple[ListRow, ...]
    decisions: tuple[ListRow, ...]
    orders: tuple[ListRow, ...]
    actions: tuple[ListRow, ...]
    process: tuple[ListRow, ...]
    timing: tuple[AgendaTiming, ...]
    planned_minutes: float
    spent_seconds: float | None


def build_meeting_report(view: LogView, number: int) -> MeetingReport:
    meeting = view.meeting(number)
    if meeting is None:
        from assistant.domain.errors import NotFound

        raise NotFound(f"meeting {number}", meeting=number)
    tz = view.tz
    started = parse_time(meeting.started_at, tz)
    ended = parse_time(meeting.ended_at, tz)
    timing: list[AgendaTiming] = []
    spent_total: float | None = None
    if meeting.agenda:
        clock = MeetingClock(meeting.agenda, meeting.clock)
        snapshot = clock.snapshot(ended or view.now)
        for item in snapshot.items:
            reached = snapshot.started and (item.done or item.current or item.spent_seconds > 0)
            timing.append(
                AgendaTiming(
                    item.item.title,
                    item.item.title_en,
                    item.planned_seconds / 60.0,
                    item.spent_seconds if reached else None,
                )
            )
        if snapshot.started:
            spent_total = sum(t.spent_seconds or 0.0 for t in timing)
    next_at = parse_time(meeting.next_meeting_at, tz)
    if next_at is None:
        following = view.meeting(number + 1)
        next_at = parse_time(following.planned_start, tz) if following else None

    def rows(*kinds: EntryKind) -> tuple[ListRow, ...]:
        return tuple(kind_rows(view, *kinds, meeting=number))

    attendance = meeting.attendance
    absent = tuple((role, attendance.delegated.get(role)) for role in attendance.absent)
    earlier_open = tuple(
        r
        for r in action_rows(view, open_only=False, overdue_first=True)
        if r.meeting_number is not None
        and r.meeting_number < number
        and _was_open_at(view, r.number, started or parse_time(meeting.planned_start, tz))
    )
    return MeetingReport(
        crisis=view.crisis,
        meeting=meeting,
        started_at=started,
        ended_at=ended,
        planned_start=parse_time(meeting.planned_start, tz),
        next_meeting_at=next_at,
        present=tuple(attendance.present),
        absent=absent,
        guests=tuple(attendance.guests),
        control=tuple(_status_changes(view, meeting, started, ended)),
        open_at_start=earlier_open,
        info=rows(EntryKind.INFO),
        info_needs=rows(EntryKind.INFO_NEED),
        bottlenecks=rows(EntryKind.BOTTLENECK),
        proposals=rows(EntryKind.PROPOSAL),
        decisions=rows(EntryKind.DECISION),
        orders=rows(EntryKind.ORDER),
        actions=rows(EntryKind.ACTION),
        process=rows(EntryKind.PROCESS),
        timing=tuple(timing),
        planned_minutes=meeting.planned_minutes,
        spent_seconds=spent_total,
    )


def _was_open_at(view: LogView, number: str, moment: datetime | None) -> bool:
    """Whether a task was still open at ``moment`` (the start of a meeting)."""
    state = view.by_number(number)
    if state is None or moment is None:
        return bool(state and state.is_open_task)
    status: TaskStatus | None = TaskStatus.OPEN
    events: list[tuple[int, TaskStatus, datetime | None]] = []
    previous = None
    for version in state.versions:
        current = version.status or previous or TaskStatus.OPEN
        if current != previous:
            events.append(
                (version.seq, current, parse_time(version.status_changed_at or version.confirmed_at, view.tz))
            )
        previous = current
    for ref in state.status_updates:
        assert ref.content.new_status is not None
        events.append((ref.seq, ref.content.new_status, parse_time(ref.recorded_at, view.tz)))
    for _, new, at in sorted(events, key=lambda e: e[0]):
        if at is None or at <= moment:
            status = new
    return status is not None and not status.is_closed


def _status_changes(
    view: LogView, meeting: Meeting, started: datetime | None, ended: datetime | None
) -> list[StatusChange]:
    changes: list[StatusChange] = []
    for state in view.entries:
        current = state.current
        content = current.content
        if (
            content.kind is EntryKind.STATUS
            and state.first.meeting_number == meeting.number
            and content.new_status
        ):
            target = view.by_number((content.ref or "").strip().upper())
            changes.append(
                StatusChange(
                    content.ref or "",
                    target.current.content.text if target else content.text,
                    content.new_status,
                    parse_time(state.first.recorded_at, view.tz),
                    current.confirmed_by,
                    state.number,
                )
            )
        elif content.kind.is_task and started is not None:
            previous = None
            for index, version in enumerate(state.versions):
                status = version.status or previous or TaskStatus.OPEN
                if index > 0 and status != previous:
                    at = parse_time(version.status_changed_at or version.confirmed_at, view.tz)
                    if at is not None and started <= at <= (ended or view.now):
                        changes.append(
                            StatusChange(
                                state.number,
                                content.text,
                                status,
                                at,
                                version.status_changed_by or version.confirmed_by,
                                f"v{version.version}",
                            )
                        )
                previous = status
    changes.sort(key=lambda c: (c.at or datetime.min.replace(tzinfo=UTC), not c.via.startswith("S")))
    # a status entry and the task version it caused are one change: keep the first (the entry)
    seen: set[tuple[str, TaskStatus]] = set()
    unique = []
    for change in changes:
        key = (change.number.upper(), change.new_status)
        if key not in seen:
            seen.add(key)
            unique.append(change)
    return unique


# --- handover --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Handover:
    crisis: Crisis
    now: datetime
    last_meeting: Meeting | None
    next_meeting_at: datetime | None
    decisions_in_force: tuple[ListRow, ...]
    open_tasks: tuple[ListRow, ...]  # overdue first, then by deadline
    picture: tuple[ListRow, ...]  # latest information (newest meeting with information first)
    picture_more: int  # older information not shown
    info_needs: tuple[ListRow, ...]
    bottlenecks: tuple[ListRow, ...]
    stakeholders: tuple[Stakeholder, ...]
    chair_open: tuple[IndividualItem, ...]  # unchecked items of the chair's individual log
    intact: bool


def build_handover(
    view: LogView,
    individual: list[IndividualItem] | None = None,
    stakeholders: list[Stakeholder] | None = None,
    *,
    picture_limit: int = 8,
) -> Handover:
    started = [m for m in view.meetings if m.started_at]
    last = started[-1] if started else (view.meetings[-1] if view.meetings else None)
    next_at = _next_meeting_after(view, view.now)
    info = kind_rows(view, EntryKind.INFO)
    # the latest picture: newest first, so the relieving chair reads what changed last
    info_sorted = sorted(info, key=lambda r: (r.meeting_number or 0, r.recorded_at or view.now), reverse=True)
    latest_meeting = info_sorted[0].meeting_number if info_sorted else None
    picture = [r for r in info_sorted if r.meeting_number == latest_meeting][:picture_limit]
    if len(picture) < min(3, picture_limit):  # too little from the last meeting: add older facts
        picture = info_sorted[: min(3, picture_limit)]
    recent_meetings = {m.number for m in view.meetings[-2:]}
    needs = [r for r in kind_rows(view, EntryKind.INFO_NEED) if r.meeting_number in recent_meetings]
    bottlenecks = [r for r in kind_rows(view, EntryKind.BOTTLENECK) if r.meeting_number in recent_meetings]
    return Handover(
        crisis=view.crisis,
        now=view.now,
        last_meeting=last,
        next_meeting_at=next_at,
        decisions_in_force=tuple(r for r in decision_rows(view) if r.status is not TaskStatus.CANCELLED),
        open_tasks=tuple(action_rows(view, open_only=True, overdue_first=True)),
        picture=tuple(picture),
        picture_more=len(info) - len(picture),
        info_needs=tuple(needs),
        bottlenecks=tuple(bottlenecks),
        stakeholders=tuple(stakeholders or ()),
        chair_open=tuple(i for i in individual or () if not i.checked_at),
        intact=view.intact,
    )


def _next_meeting_after(view: LogView, now: datetime) -> datetime | None:
    """The next meeting: a planned, unstarted meeting, else the "next meeting" time set at the end of the
    last meeting (unknown while the last meeting is still running without one)."""
    for meeting in view.meetings:
        if not meeting.started_at:
            planned = parse_time(meeting.planned_start, view.tz)
            if planned is not None:
                return planned
    if view.meetings and view.meetings[-1].next_meeting_at:
        return parse_time(view.meetings[-1].next_meeting_at, view.tz)
    return None


# --- full log and individual log -------------------------------------------------------------------


@dataclass(frozen=True)
class FullLog:
    view: LogView
    first_at: datetime | None
    last_at: datetime | None
    counts: dict[str, int]  # kind id -> number of entries


def build_full_log(view: LogView) -> FullLog:
    times = [t for t in (parse_time(v.confirmed_at, view.tz) for v in view.versions) if t is not None]
    counts: dict[str, int] = {}
    for state in view.entries:
        counts[state.kind.value] = counts.get(state.kind.value, 0) + 1
    return FullLog(view, min(times) if times else None, max(times) if times else None, counts)


@dataclass(frozen=True)
class IndividualLog:
    crisis: Crisis
    now: datetime
    items: tuple[IndividualItem, ...]  # in creation order
    stakeholders: tuple[Stakeholder, ...]


def build_individual(
    crisis: Crisis, items: list[IndividualItem], stakeholders: list[Stakeholder], now: datetime
) -> IndividualLog:
    tz = crisis_tz(crisis)
    ordered = sorted(items, key=lambda i: parse_time(i.created_at, tz) or aware(now, tz))
    return IndividualLog(crisis, aware(now, tz), tuple(ordered), tuple(stakeholders))


def minutes_late(deadline: datetime | None, now: datetime) -> int | None:
    if deadline is None or deadline >= now:
        return None
    return int((now - deadline) / timedelta(minutes=1))
