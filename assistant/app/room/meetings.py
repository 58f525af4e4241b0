"""Meetings and the meeting clock: plan, run (``ClockAction``), tick card tasks, close.

Why here and not in the screens: the clock's state is stored with the meeting, so a reload, a second
device or a restart shows the same time; every clock action is applied at the room's now. Moving to
another BOBOC phase and closing a meeting are written to the log (process entries) through the
ledger, so the log shows the meeting's course.

Evidence first: the log and the meeting record are separate files, so no change can write both at
once. Every change here writes its log entries first and the meeting record after them: a crash in
between leaves a meeting whose log already records the change (the change is then done again), never
a meeting that changed without its record in the log (issue 11).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from assistant.app.room.core import RoomCore, stamp
from assistant.app.room.events import ClockAction, LogDetail, MeetingDetail, RoomChange, Topic
from assistant.app.room.ledger import Ledger, Whereabouts
from assistant.domain.boboc import Phase, reflection_due
from assistant.domain.clock import ClockSnapshot, MeetingClock
from assistant.domain.entries import EntryContent, EntryKind, Origin
from assistant.domain.errors import InvalidInput, InvalidTransition
from assistant.domain.meeting import AgendaItem, Attendance, Crisis, Meeting, new_meeting, next_meeting_time

_PHASES = frozenset(p.value for p in Phase)


class Meetings:
    """The meetings of each crisis and their clocks."""

    def __init__(self, core: RoomCore, ledger: Ledger) -> None:
        self._core = core
        self._ledger = ledger

    # --- reading ------------------------------------------------------------------------------------

    def all(self, crisis_id: str) -> list[Meeting]:
        return sorted(self._core.repo.list_meetings(crisis_id), key=lambda m: m.number)

    def current(self, crisis_id: str) -> Meeting | None:
        """The running meeting, else the planned (not started) one, else the last one."""
        meetings = self.all(crisis_id)
        for meeting in reversed(meetings):
            if meeting.started_at and not meeting.ended_at:
                return meeting
        for meeting in meetings:
            if not meeting.started_at:
                return meeting
        return meetings[-1] if meetings else None

    def current_phase(self, crisis_id: str) -> str | None:
        meeting = self.current(crisis_id)
        if meeting is None or not meeting.started_at or meeting.ended_at:
            return None
        return meeting.agenda[MeetingClock(meeting.agenda, meeting.clock).index].phase

    def whereabouts(self, crisis_id: str) -> Whereabouts:
        meeting = self.current(crisis_id)
        return Whereabouts(meeting.number if meeting else None, self.current_phase(crisis_id))

    def snapshot(self, crisis_id: str, number: int) -> ClockSnapshot:
        crisis = self._core.repo.get_crisis(crisis_id)
        meeting = self._core.repo.get_meeting(crisis_id, number)
        return MeetingClock(meeting.agenda, meeting.clock).snapshot(self._core.now(crisis))

    def default_next(self, crisis_id: str, number: int) -> datetime:
        crisis = self._core.repo.get_crisis(crisis_id)
        meeting = self._core.repo.get_meeting(crisis_id, number)
        planned = datetime.fromisoformat(meeting.planned_start)
        return next_meeting_time(self._core.now(crisis), crisis.cycle_minutes, planned)

    def next_meeting_at(self, crisis_id: str) -> datetime | None:
        """Start of the next meeting: as set when the last meeting closed, else from the cycle."""
        meetings = self.all(crisis_id)
        if not meetings:
            return None
        current = self.current(crisis_id)
        if current and not current.started_at:
            return datetime.fromisoformat(current.planned_start)
        last = meetings[-1]
        if last.next_meeting_at:
            return datetime.fromisoformat(last.next_meeting_at)
        crisis = self._core.repo.get_crisis(crisis_id)
        return next_meeting_time(
            self._core.now(crisis), crisis.cycle_minutes, datetime.fromisoformat(last.planned_start)
        )

    def reflection_due(self, crisis_id: str, number: int) -> bool:
        crisis = self._core.repo.get_crisis(crisis_id)
        held = [m.number for m in self.all(crisis_id) if m.reflection_held and m.number < number]
        hours = (self._core.now(crisis) - datetime.fromisoformat(crisis.started_at)).total_seconds() / 3600
        return reflection_due(
            number,
            hours,
            every_n_meetings=crisis.reflection_every_n_meetings,
            after_hours=crisis.reflection_after_hours,
            last_reflection_meeting=held[-1] if held else None,
        )

    # --- writing ------------------------------------------------------------------------------------

    def plan(
        self,
        crisis_id: str,
        planned_start: datetime | None = None,
        template_name: str | None = None,
        agenda: tuple[AgendaItem, ...] | None = None,
    ) -> Meeting:
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id)
            meetings = self.all(crisis_id)
            pending = [m for m in meetings if not m.ended_at]
            if pending:
                raise InvalidTransition(f"meeting {pending[-1].number} is not closed yet")
            number = (meetings[-1].number + 1) if meetings else 1
            if planned_start is None:
                previous = meetings[-1].next_meeting_at if meetings else None
                planned_start = datetime.fromisoformat(previous) if previous else core.now(crisis)
            meeting = new_meeting(crisis, number, planned_start, template_name, agenda)
            meeting = meeting.with_changes(
                attendance=Attendance(present=tuple(r.id for r in crisis.roster.roles if r.present))
            )
            core.repo.save_meeting(meeting)
        core.notify(RoomChange(crisis_id, Topic.MEETING, MeetingDetail.PLANNED))
        return meeting

    def update_agenda(self, crisis_id: str, number: int, agenda: tuple[AgendaItem, ...]) -> Meeting:
        if not agenda:
            raise InvalidInput("a meeting needs at least one agenda item", field="agenda")
        core = self._core
        with core.lock:
            meeting = core.repo.get_meeting(crisis_id, number)
            if meeting.started_at and len(agenda) <= MeetingClock(meeting.agenda, meeting.clock).index:
                raise InvalidTransition("the running item cannot be removed")
            meeting = meeting.with_changes(agenda=agenda)
            core.repo.save_meeting(meeting)
        core.notify(RoomChange(crisis_id, Topic.MEETING, MeetingDetail.AGENDA))
        return meeting

    def set_attendance(self, crisis_id: str, number: int, attendance: Attendance) -> Meeting:
        core = self._core
        with core.lock:
            meeting = core.repo.get_meeting(crisis_id, number).with_changes(attendance=attendance)
            core.repo.save_meeting(meeting)
        core.notify(RoomChange(crisis_id, Topic.MEETING, MeetingDetail.ATTENDANCE))
        return meeting

    def clock_action(
        self,
        crisis_id: str,
        number: int,
        action: ClockAction,
        minutes: float = 1.0,
        index: int | None = None,
    ) -> Meeting:
        """Apply one clock button at the room's now; a move to another phase is logged."""
        try:
            action = ClockAction(action)
        except ValueError as exc:
            raise InvalidInput(f"unknown clock action {action!r}", field="action") from exc
        core = self._core
        with core.lock:
            crisis, meeting, clock, now = self._running(crisis_id, number)
            before = clock.index
            _apply(clock, action, now, minutes, index)
            meeting = meeting.with_changes(clock=clock.to_state())
            if action.moves_item and clock.index != before:
                self._log_phase_change(crisis, meeting, clock, now)  # evidence first (module docstring)
            core.repo.save_meeting(meeting)
        core.notify(RoomChange(crisis_id, Topic.CLOCK, action), RoomChange(crisis_id, Topic.MEETING, action))
        return meeting

    def _running(self, crisis_id: str, number: int) -> tuple[Crisis, Meeting, MeetingClock, datetime]:
        """What a clock change starts from (callers hold the lock): the stored clock at the room's now."""
        crisis = self._core.repo.get_crisis(crisis_id)
        meeting = self._core.repo.get_meeting(crisis_id, number)
        return crisis, meeting, MeetingClock(meeting.agenda, meeting.clock), self._core.now(crisis)

    def _log_phase_change(self, crisis: Crisis, meeting: Meeting, clock: MeetingClock, now: datetime) -> None:
        """Record a BOBOC phase change as a process entry so the log shows the meeting's course."""
        item = clock.agenda[clock.index]
        if item.phase not in _PHASES:
            return
        content = EntryContent(EntryKind.PROCESS, f"Fase: {item.title}.", phase=item.phase)
        self._write_process(crisis, meeting.number, [content], by="voorzitter", at=now, note="fasewissel")

    def _write_process(
        self, crisis: Crisis, number: int, contents: list[EntryContent], *, by: str, at: datetime, note: str
    ) -> None:
        """The process entries of one meeting change, built together and written in ONE write."""
        ledger = self._ledger
        taken = ledger.taken_numbers(crisis.crisis_id)
        versions = [
            ledger.build_new(
                crisis, number, content, by=by, at=at, origin=Origin("typed"), note=note, taken=taken
            )
            for content in contents
        ]
        ledger.write(versions)

    def end(
        self, crisis_id: str, number: int, next_meeting_at: datetime | None, by: str = "voorzitter"
    ) -> Meeting:
        """Close the meeting: first its closing entries in the log (the anchor and the next meeting
        time, one write), then the meeting record. After a crash between the two the meeting is still
        open; closing it again writes only what its log does not hold yet (no second anchor)."""
        core = self._core
        with core.lock:
            crisis, meeting, clock, now = self._running(crisis_id, number)
            clock.end(now)
            next_iso = stamp(next_meeting_at) if next_meeting_at else None
            meeting = meeting.with_changes(clock=clock.to_state(), next_meeting_at=next_iso)
            text = _next_meeting_text(next_meeting_at, crisis.timezone, now)
            logged = self._closing_texts(crisis_id, number)
            contents = [EntryContent(EntryKind.PROCESS, text)] if text not in logged else []
            if not any(t.startswith(ANCHOR_PREFIX) for t in logged):
                anchor = core.repo.chain_heads(crisis_id)["log"]
                anchored = anchor_text(number, anchor.count, anchor.head)
                contents.insert(0, EntryContent(EntryKind.PROCESS, anchored))
            if contents:
                self._write_process(crisis, number, contents, by=by, at=now, note=CLOSING_NOTE)
            core.repo.save_meeting(meeting)  # only after the evidence (module docstring)
        core.notify(
            RoomChange(crisis_id, Topic.MEETING, MeetingDetail.ENDED),
            RoomChange(crisis_id, Topic.LOG, LogDetail.PROCESS),
        )
        return meeting

    def _closing_texts(self, crisis_id: str, number: int) -> set[str]:
        """What this meeting's closing entries already say (empty unless a close was cut short)."""
        return {
            v.text
            for v in self._core.repo.entry_versions(crisis_id)
            if v.meeting_number == number and v.change_note == CLOSING_NOTE
        }

    def tick(self, crisis_id: str, number: int, item_id: str, ticked: bool = True) -> Meeting:
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id)
            meeting = core.repo.get_meeting(crisis_id, number)
            at = stamp(core.now(crisis))
            meeting = meeting.tick(item_id, at) if ticked else meeting.untick(item_id)
            core.repo.save_meeting(meeting)
        core.notify(RoomChange(crisis_id, Topic.MEETING, MeetingDetail.TICK))
        return meeting

    def mark_reflection(self, crisis_id: str, number: int) -> Meeting:
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id)
            meeting = core.repo.get_meeting(crisis_id, number).with_changes(reflection_held=True)
            self._write_process(
                crisis,
                number,
                [EntryContent(EntryKind.PROCESS, "Reflectiemoment gehouden.")],
                by="voorzitter",
                at=core.now(crisis),
                note="reflectie",
            )
            core.repo.save_meeting(meeting)  # evidence first (module docstring)
        core.notify(
            RoomChange(crisis_id, Topic.MEETING, MeetingDetail.REFLECTION),
            RoomChange(crisis_id, Topic.LOG, LogDetail.PROCESS),
        )
        return meeting


#: The start of a closing meeting's anchor entry; reports find the anchor by it.
ANCHOR_PREFIX = "Anker logboek bij sluiten overleg"
#: The change note of a meeting's closing entries (how a repeated close finds them).
CLOSING_NOTE = "overleg gesloten"


def _next_meeting_text(next_meeting_at: datetime | None, timezone: str, now: datetime) -> str:
    """The log's line for the next meeting, in the crisis's local time (the date only if not today)."""
    if next_meeting_at is None:
        return "Overleg gesloten; geen volgend overleg gepland."
    local = next_meeting_at.astimezone(ZoneInfo(timezone))
    day = "" if local.date() == now.date() else local.strftime(" op %d-%m-%Y")
    return f"Volgend overleg{day} om {local:%H:%M}."


def anchor_text(number: int, count: int, head: str) -> str:
    """The log's own record of where it stood when a meeting closed: the versions before this entry
    and the hash of the newest. A printed report with this anchor proves later that nothing before
    it changed (``assistant verify --anchor``)."""
    return f"{ANCHOR_PREFIX} {number}: {count} versies, kop {head}."


def _apply(
    clock: MeetingClock, action: ClockAction, now: datetime, minutes: float, index: int | None
) -> None:
    """One clock action on the pure clock (the table of what each button does)."""
    if action is ClockAction.START:
        clock.start(now)
    elif action is ClockAction.NEXT:
        clock.next_item(now)
    elif action is ClockAction.PREVIOUS:
        clock.previous_item(now)
    elif action is ClockAction.GOTO:
        clock.go_to(int(index if index is not None else 0), now)
    elif action is ClockAction.EXTEND:
        clock.extend(minutes, now)
    elif action is ClockAction.PAUSE:
        clock.pause(now)
    elif action is ClockAction.RESUME:
        clock.resume(now)
