"""The crisis room: one application service per process, shared by every connected device.

Every screen (chair's tablet, logger's laptop, wall screen) calls these methods; they combine the
pure domain with the repository under one lock and then tell subscribers what changed, so each
tab can re-read the state it shows. Methods block on disk I/O: call them from a worker thread
(``asyncio.to_thread``), never on Flet's event loop. Subscribers are called after the lock is
released, from the calling thread.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from assistant.domain.boboc import Phase, reflection_due
from assistant.domain.clock import ClockSnapshot, MeetingClock
from assistant.domain.entries import (
    GENESIS_HASH,
    Draft,
    DraftState,
    EntryContent,
    EntryKind,
    LogEntry,
    Origin,
    TaskStatus,
    next_number,
)
from assistant.domain.errors import InvalidInput, InvalidTransition, NotFound
from assistant.domain.individual import DEFAULT_STAKEHOLDERS, IndividualItem, Stakeholder
from assistant.domain.meeting import AgendaItem, Attendance, Crisis, Meeting, new_meeting, next_meeting_time
from assistant.domain.roster import Roster
from assistant.storage.repository import Repository, TranscriptLine

Listener = Callable[["RoomChange"], None]


@dataclass(frozen=True)
class RoomChange:
    """What changed: tabs re-read the part they show. ``topic`` is one of TOPICS."""

    crisis_id: str | None
    topic: str
    detail: str = ""


TOPICS = (
    "crisis",
    "meeting",
    "clock",
    "drafts",
    "log",
    "transcript",
    "individual",
    "stakeholders",
    "settings",
    "live",
)


@dataclass(frozen=True)
class UtteranceInput:
    """A final recognised utterance handed over by the speech wiring (no speech types leak in)."""

    text: str
    spoken_at: datetime
    confidence: float | None = None
    words: tuple[dict[str, Any], ...] = ()
    audio_ref: str | None = None
    audio_start: float | None = None
    audio_end: float | None = None


def _new_id() -> str:
    return uuid.uuid4().hex[:12]


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Room:
    """Application service over one data folder."""

    def __init__(
        self,
        repo: Repository,
        now: Callable[[], datetime] = _utc_now,
        parser: Callable[..., list[Any]] | None = None,
    ) -> None:
        self.repo = repo
        self._now = now
        self._time_offset = timedelta(0)  # test hook only (see shift_time)
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._listeners_lock = threading.Lock()
        if parser is None:
            from assistant.domain.parser import parse_utterance

            parser = parse_utterance
        self._parse = parser

    # --- time and notification -------------------------------------------------------------------

    def now(self, crisis: Crisis | None = None) -> datetime:
        """Current time in the crisis's time zone (aware)."""
        current = self._now() + self._time_offset
        tz = ZoneInfo(crisis.timezone) if crisis else ZoneInfo("Europe/Amsterdam")
        return current.astimezone(tz)

    def shift_time(self, seconds: float) -> None:
        """Test hook: move the room's clock forward (end-to-end tests never sleep minutes)."""
        self._time_offset += timedelta(seconds=seconds)
        self._notify(RoomChange(None, "clock", "shift"))

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._listeners_lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._listeners_lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def _notify(self, *changes: RoomChange) -> None:
        with self._listeners_lock:
            listeners = list(self._listeners)
        for change in changes:
            for listener in listeners:
                listener(change)

    def publish(self, crisis_id: str | None, topic: str, detail: str = "") -> None:
        """For live, non-persisted state (speech captions, level): just tell every tab."""
        self._notify(RoomChange(crisis_id, topic, detail))

    # --- crises ------------------------------------------------------------------------------------

    def crises(self) -> list[Crisis]:
        return self.repo.list_crises()

    def crisis(self, crisis_id: str) -> Crisis:
        return self.repo.get_crisis(crisis_id)

    def create_crisis(
        self,
        name: str,
        organisation: str = "",
        *,
        timezone_name: str = "Europe/Amsterdam",
        roster: Roster | None = None,
        cycle_minutes: int = 120,
    ) -> Crisis:
        try:
            ZoneInfo(timezone_name)
        except (KeyError, ValueError) as exc:
            raise InvalidInput(f"unknown time zone {timezone_name!r}", field="timezone") from exc
        with self._lock:
            started = self.now().astimezone(ZoneInfo(timezone_name))
            crisis = Crisis(
                _new_id(),
                name.strip(),
                organisation.strip(),
                started.isoformat(timespec="seconds"),
                timezone_name,
                roster or Roster.default(),
                cycle_minutes,
            )
            crisis.validate()
            self.repo.save_crisis(crisis)
            for stakeholder_name, group in DEFAULT_STAKEHOLDERS:
                self.repo.save_stakeholder(
                    Stakeholder(_new_id(), crisis.crisis_id, stakeholder_name, group, "voorzitter")
                )
            self._set_setting("active_crisis", crisis.crisis_id)
        self._notify(RoomChange(crisis.crisis_id, "crisis", "created"))
        return crisis

    def update_crisis(self, crisis_id: str, **changes: Any) -> Crisis:
        with self._lock:
            crisis = self.repo.get_crisis(crisis_id).with_changes(**changes)
            crisis.validate()
            self.repo.save_crisis(crisis)
        self._notify(RoomChange(crisis_id, "crisis", "updated"))
        return crisis

    def update_roster(self, crisis_id: str, roster: Roster) -> Crisis:
        return self.update_crisis(crisis_id, roster=roster)

    def active_crisis_id(self) -> str | None:
        active = self.repo.get_settings().get("active_crisis")
        known = {c.crisis_id for c in self.repo.list_crises()}
        return active if active in known else None

    def select_crisis(self, crisis_id: str) -> None:
        self.repo.get_crisis(crisis_id)
        with self._lock:
            self._set_setting("active_crisis", crisis_id)
        self._notify(RoomChange(crisis_id, "crisis", "selected"))

    # --- settings ----------------------------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        return dict(self.repo.get_settings())

    def update_settings(self, **changes: Any) -> dict[str, Any]:
        with self._lock:
            settings = dict(self.repo.get_settings())
            settings.update(changes)
            self.repo.save_settings(settings)
        self._notify(RoomChange(None, "settings"))
        return settings

    def _set_setting(self, key: str, value: Any) -> None:
        settings = dict(self.repo.get_settings())
        settings[key] = value
        self.repo.save_settings(settings)

    # --- meetings ----------------------------------------------------------------------------------

    def meetings(self, crisis_id: str) -> list[Meeting]:
        return sorted(self.repo.list_meetings(crisis_id), key=lambda m: m.number)

    def current_meeting(self, crisis_id: str) -> Meeting | None:
        """The running meeting, else the planned (not started) one, else the last one."""
        meetings = self.meetings(crisis_id)
        for meeting in reversed(meetings):
            if meeting.started_at and not meeting.ended_at:
                return meeting
        for meeting in meetings:
            if not meeting.started_at:
                return meeting
        return meetings[-1] if meetings else None

    def plan_meeting(
        self,
        crisis_id: str,
        planned_start: datetime | None = None,
        template_name: str | None = None,
        agenda: tuple[AgendaItem, ...] | None = None,
    ) -> Meeting:
        with self._lock:
            crisis = self.repo.get_crisis(crisis_id)
            meetings = self.meetings(crisis_id)
            pending = [m for m in meetings if not m.ended_at]
            if pending:
                raise InvalidTransition(f"meeting {pending[-1].number} is not closed yet")
            number = (meetings[-1].number + 1) if meetings else 1
            if planned_start is None:
                previous = meetings[-1].next_meeting_at if meetings else None
                planned_start = datetime.fromisoformat(previous) if previous else self.now(crisis)
            meeting = new_meeting(crisis, number, planned_start, template_name, agenda)
            meeting = meeting.with_changes(
                attendance=Attendance(present=tuple(r.id for r in crisis.roster.roles if r.present))
            )
            self.repo.save_meeting(meeting)
        self._notify(RoomChange(crisis_id, "meeting", "planned"))
        return meeting

    def update_agenda(self, crisis_id: str, number: int, agenda: tuple[AgendaItem, ...]) -> Meeting:
        if not agenda:
            raise InvalidInput("a meeting needs at least one agenda item", field="agenda")
        with self._lock:
            meeting = self.repo.get_meeting(crisis_id, number)
            if meeting.started_at:
                clock = MeetingClock(meeting.agenda, meeting.clock)
                if len(agenda) <= clock.index:
                    raise InvalidTransition("the running item cannot be removed")
            meeting = meeting.with_changes(agenda=agenda)
            self.repo.save_meeting(meeting)
        self._notify(RoomChange(crisis_id, "meeting", "agenda"))
        return meeting

    def set_attendance(self, crisis_id: str, number: int, attendance: Attendance) -> Meeting:
        with self._lock:
            meeting = self.repo.get_meeting(crisis_id, number).with_changes(attendance=attendance)
            self.repo.save_meeting(meeting)
        self._notify(RoomChange(crisis_id, "meeting", "attendance"))
        return meeting

    def clock_action(
        self, crisis_id: str, number: int, action: str, minutes: float = 1.0, index: int | None = None
    ) -> Meeting:
        """start | next | previous | goto | extend | pause | resume, applied at the room's now."""
        with self._lock:
            crisis = self.repo.get_crisis(crisis_id)
            meeting = self.repo.get_meeting(crisis_id, number)
            clock = MeetingClock(meeting.agenda, meeting.clock)
            now = self.now(crisis)
            before = clock.index
            if action == "start":
                clock.start(now)
            elif action == "next":
                clock.next_item(now)
            elif action == "previous":
                clock.previous_item(now)
            elif action == "goto":
                clock.go_to(int(index if index is not None else 0), now)
            elif action == "extend":
                clock.extend(minutes, now)
            elif action == "pause":
                clock.pause(now)
            elif action == "resume":
                clock.resume(now)
            else:
                raise InvalidInput(f"unknown clock action {action!r}", field="action")
            meeting = meeting.with_changes(clock=clock.to_state())
            self.repo.save_meeting(meeting)
            if action in ("next", "previous", "goto") and clock.index != before:
                self._log_phase_change(crisis, meeting, clock, now)
        self._notify(RoomChange(crisis_id, "clock", action), RoomChange(crisis_id, "meeting", action))
        return meeting

    def _log_phase_change(self, crisis: Crisis, meeting: Meeting, clock: MeetingClock, now: datetime) -> None:
        """Record a BOBOC phase change as a process entry so the log shows the meeting's course."""
        item = clock.agenda[clock.index]
        if item.phase not in {p.value for p in Phase}:
            return
        content = EntryContent(EntryKind.PROCESS, f"Fase: {item.title}.", phase=item.phase)
        self._append_new(
            crisis,
            meeting.number,
            content,
            by="voorzitter",
            at=now,
            origin=Origin("typed"),
            note="fasewissel",
        )

    def end_meeting(
        self, crisis_id: str, number: int, next_meeting_at: datetime | None, by: str = "voorzitter"
    ) -> Meeting:
        """Close the meeting and log the next meeting time as a process entry."""
        with self._lock:
            crisis = self.repo.get_crisis(crisis_id)
            meeting = self.repo.get_meeting(crisis_id, number)
            clock = MeetingClock(meeting.agenda, meeting.clock)
            now = self.now(crisis)
            clock.end(now)
            next_iso = next_meeting_at.isoformat(timespec="seconds") if next_meeting_at else None
            meeting = meeting.with_changes(clock=clock.to_state(), next_meeting_at=next_iso)
            self.repo.save_meeting(meeting)
            if next_meeting_at is not None:
                local = next_meeting_at.astimezone(ZoneInfo(crisis.timezone))
                day = "" if local.date() == now.date() else local.strftime(" op %d-%m-%Y")
                text = f"Volgend overleg{day} om {local:%H:%M}."
            else:
                text = "Overleg gesloten; geen volgend overleg gepland."
            self._append_new(
                crisis,
                number,
                EntryContent(EntryKind.PROCESS, text),
                by=by,
                at=now,
                origin=Origin("typed"),
                note="overleg gesloten",
            )
        self._notify(RoomChange(crisis_id, "meeting", "ended"), RoomChange(crisis_id, "log", "process"))
        return meeting

    def default_next_meeting(self, crisis_id: str, number: int) -> datetime:
        crisis = self.repo.get_crisis(crisis_id)
        meeting = self.repo.get_meeting(crisis_id, number)
        planned = datetime.fromisoformat(meeting.planned_start)
        return next_meeting_time(self.now(crisis), crisis.cycle_minutes, planned)

    def next_meeting_at(self, crisis_id: str) -> datetime | None:
        """Start of the next meeting: as set when the last meeting closed, else from the cycle."""
        meetings = self.meetings(crisis_id)
        if not meetings:
            return None
        current = self.current_meeting(crisis_id)
        if current and not current.started_at:
            return datetime.fromisoformat(current.planned_start)
        last = meetings[-1]
        if last.next_meeting_at:
            return datetime.fromisoformat(last.next_meeting_at)
        crisis = self.repo.get_crisis(crisis_id)
        return next_meeting_time(
            self.now(crisis), crisis.cycle_minutes, datetime.fromisoformat(last.planned_start)
        )

    def snapshot(self, crisis_id: str, number: int) -> ClockSnapshot:
        crisis = self.repo.get_crisis(crisis_id)
        meeting = self.repo.get_meeting(crisis_id, number)
        return MeetingClock(meeting.agenda, meeting.clock).snapshot(self.now(crisis))

    def current_phase(self, crisis_id: str) -> str | None:
        meeting = self.current_meeting(crisis_id)
        if meeting is None or not meeting.started_at or meeting.ended_at:
            return None
        clock = MeetingClock(meeting.agenda, meeting.clock)
        return meeting.agenda[clock.index].phase

    def tick(self, crisis_id: str, number: int, item_id: str, ticked: bool = True) -> Meeting:
        with self._lock:
            crisis = self.repo.get_crisis(crisis_id)
            meeting = self.repo.get_meeting(crisis_id, number)
            at = self.now(crisis).isoformat(timespec="seconds")
            meeting = meeting.tick(item_id, at) if ticked else meeting.untick(item_id)
            self.repo.save_meeting(meeting)
        self._notify(RoomChange(crisis_id, "meeting", "tick"))
        return meeting

    def reflection_due(self, crisis_id: str, number: int) -> bool:
        crisis = self.repo.get_crisis(crisis_id)
        meetings = self.meetings(crisis_id)
        held = [m.number for m in meetings if m.reflection_held and m.number < number]
        hours = (self.now(crisis) - datetime.fromisoformat(crisis.started_at)).total_seconds() / 3600
        return reflection_due(
            number,
            hours,
            every_n_meetings=crisis.reflection_every_n_meetings,
            after_hours=crisis.reflection_after_hours,
            last_reflection_meeting=held[-1] if held else None,
        )

    def mark_reflection(self, crisis_id: str, number: int) -> Meeting:
        with self._lock:
            crisis = self.repo.get_crisis(crisis_id)
            meeting = self.repo.get_meeting(crisis_id, number).with_changes(reflection_held=True)
            self.repo.save_meeting(meeting)
            self._append_new(
                crisis,
                number,
                EntryContent(EntryKind.PROCESS, "Reflectiemoment gehouden."),
                by="voorzitter",
                at=self.now(crisis),
                origin=Origin("typed"),
                note="reflectie",
            )
        self._notify(RoomChange(crisis_id, "meeting", "reflection"), RoomChange(crisis_id, "log", "process"))
        return meeting

    # --- drafts ------------------------------------------------------------------------------------

    def drafts(self, crisis_id: str, state: DraftState | None = DraftState.PENDING) -> list[Draft]:
        return sorted(self.repo.list_drafts(crisis_id, state), key=lambda d: d.created_at)

    def _parse_to_contents(
        self, crisis: Crisis, text: str, when: datetime, phase: str | None, lang: str
    ) -> list[tuple[EntryContent, dict[str, float]]]:
        next_meeting = self.next_meeting_at(crisis.crisis_id)
        previous = self._last_proposal(crisis.crisis_id)
        parsed = self._parse(
            text,
            now=when.replace(tzinfo=None),
            next_meeting=(
                next_meeting.astimezone(when.tzinfo).replace(tzinfo=None) if next_meeting else None
            ),
            phase=phase,
            roster=crisis.roster,
            lang=lang,
            previous=previous,
        )
        out = []
        for p in parsed:
            content = replace(p.content, phase=p.content.phase or phase)
            if p.ratifies and previous is not None and previous.content.ref:
                content = replace(content, ref=previous.content.ref)  # the proposal's number, e.g. V-3
            out.append((content, dict(p.field_confidence)))
        return out

    def _last_proposal(self, crisis_id: str) -> Any:
        """The latest proposal of the running meeting (draft or entry), so "akkoord, zo besloten"
        ratifies what was just proposed and never something from hours ago."""
        from assistant.domain.parser import ParsedDraft

        meeting = self.current_meeting(crisis_id)
        number = meeting.number if meeting else None
        candidates: list[tuple[str, EntryContent, str | None]] = [
            (d.created_at, d.content, None)
            for d in self.repo.list_drafts(crisis_id, None)
            if d.content.kind is EntryKind.PROPOSAL
            and d.state is DraftState.PENDING
            and d.meeting_number == number
        ]
        candidates += [
            (e.recorded_at, e.content, e.number)
            for e in self.entries(crisis_id)
            if e.kind is EntryKind.PROPOSAL and e.meeting_number == number
        ]
        if not candidates:
            return None
        _, content, proposal_number = max(candidates, key=lambda c: c[0])
        return ParsedDraft(content=replace(content, ref=proposal_number), field_confidence={})

    def add_typed(self, crisis_id: str, text: str, lang: str = "nl") -> list[Draft]:
        """Typed entry line: goes through the same parser; plain text becomes an info draft."""
        if not text.strip():
            raise InvalidInput("empty entry", field="text")
        with self._lock:
            crisis = self.repo.get_crisis(crisis_id)
            now = self.now(crisis)
            phase = self.current_phase(crisis_id)
            contents = self._parse_to_contents(crisis, text, now, phase, lang)
            if not contents:
                plain = text.strip()
                plain = plain[0].upper() + plain[1:]
                if plain[-1] not in ".!?":
                    plain += "."
                contents = [(EntryContent(EntryKind.INFO, plain, phase=phase), {"kind": 0.3})]
            drafts = [
                self._save_draft(crisis, content, conf, Origin("typed", transcript=text.strip()), now)
                for content, conf in contents
            ]
        self._notify(RoomChange(crisis_id, "drafts", "typed"))
        return drafts

    def add_utterance(
        self, crisis_id: str, utterance: UtteranceInput, lang: str = "nl"
    ) -> tuple[TranscriptLine, list[Draft]]:
        """A final utterance from speech: into the transcript, and into drafts when log-worthy."""
        with self._lock:
            crisis = self.repo.get_crisis(crisis_id)
            spoken_at = utterance.spoken_at.astimezone(ZoneInfo(crisis.timezone))
            meeting = self.current_meeting(crisis_id)
            phase = self.current_phase(crisis_id)
            contents = (
                self._parse_to_contents(crisis, utterance.text, spoken_at, phase, lang)
                if utterance.text.strip()
                else []
            )
            low = tuple(w.get("word", "") for w in utterance.words if (w.get("conf") or 1.0) < 0.6)
            origin = Origin(
                "speech",
                utterance.text,
                utterance.audio_ref,
                utterance.audio_start,
                utterance.audio_end,
                utterance.confidence,
                low,
            )
            drafts = [
                self._save_draft(crisis, content, conf, origin, spoken_at) for content, conf in contents
            ]
            line = TranscriptLine(
                _new_id(),
                crisis_id,
                meeting.number if meeting else None,
                phase,
                spoken_at.isoformat(timespec="seconds"),
                utterance.text,
                utterance.confidence,
                utterance.words,
                utterance.audio_ref,
                "speech",
                contents[0][0].kind.value if contents else "none",
                tuple(d.draft_id for d in drafts),
            )
            self.repo.append_transcript(line)
        changes = [RoomChange(crisis_id, "transcript", "final")]
        if drafts:
            changes.append(RoomChange(crisis_id, "drafts", "speech"))
        self._notify(*changes)
        return line, drafts

    def promote_line(self, crisis_id: str, line_id: str, kind: EntryKind) -> Draft:
        """Make a draft of any transcript line ("maak besluit / opdracht / actie / info")."""
        with self._lock:
            crisis = self.repo.get_crisis(crisis_id)
            line = next((ln for ln in self.repo.list_transcript(crisis_id) if ln.line_id == line_id), None)
            if line is None:
                raise NotFound(f"transcript line {line_id}")
            spoken_at = datetime.fromisoformat(line.spoken_at)
            parsed = self._parse_to_contents(crisis, line.text, spoken_at, line.phase, "nl")
            base = parsed[0][0] if parsed else None
            text = base.text if base else (line.text[:1].upper() + line.text[1:]).rstrip(".") + "."
            content = replace(base, kind=kind) if base else EntryContent(kind, text, phase=line.phase)
            if kind is not EntryKind.STATUS:
                content = replace(content, new_status=None if not kind.is_task else content.new_status)
            origin = Origin("speech", line.text, line.audio_ref, confidence=line.confidence)
            draft = self._save_draft(crisis, content, {"kind": 1.0}, origin, self.now(crisis))
            self.repo.update_transcript(replace(line, draft_ids=(*line.draft_ids, draft.draft_id)))
        self._notify(
            RoomChange(crisis_id, "drafts", "promoted"), RoomChange(crisis_id, "transcript", "promoted")
        )
        return draft

    def _save_draft(
        self,
        crisis: Crisis,
        content: EntryContent,
        confidence: dict[str, float],
        origin: Origin,
        at: datetime,
    ) -> Draft:
        meeting = self.current_meeting(crisis.crisis_id)
        draft = Draft(
            _new_id(),
            crisis.crisis_id,
            meeting.number if meeting else None,
            at.isoformat(timespec="seconds"),
            content,
            origin,
            confidence,
        )
        self.repo.save_draft(draft)
        return draft

    def edit_draft(self, crisis_id: str, draft_id: str, **changes: Any) -> Draft:
        with self._lock:
            draft = self.repo.get_draft(crisis_id, draft_id).edit(**changes)
            self.repo.save_draft(draft)
        self._notify(RoomChange(crisis_id, "drafts", "edited"))
        return draft

    def reject_draft(self, crisis_id: str, draft_id: str, by: str, reason: str = "") -> Draft:
        with self._lock:
            crisis = self.repo.get_crisis(crisis_id)
            draft = self.repo.get_draft(crisis_id, draft_id).reject(
                reason.strip(), by, self.now(crisis).isoformat(timespec="seconds")
            )
            self.repo.save_draft(draft)
        self._notify(RoomChange(crisis_id, "drafts", "rejected"))
        return draft

    def confirm_draft(self, crisis_id: str, draft_id: str, by: str, **edits: Any) -> LogEntry:
        """Confirm a draft (with last edits): it becomes a numbered, sealed log entry.

        A status draft also writes a new version of the order/action it refers to.
        """
        with self._lock:
            crisis = self.repo.get_crisis(crisis_id)
            draft = self.repo.get_draft(crisis_id, draft_id)
            if edits:
                draft = draft.edit(**edits)
            draft.content.validate()
            now = self.now(crisis)
            target = (
                self._status_target(crisis_id, draft.content)
                if draft.content.kind is EntryKind.STATUS
                else None
            )
            entry = self._append_new(
                crisis,
                draft.meeting_number,
                draft.content,
                by=by,
                at=now,
                origin=draft.origin,
                draft=draft,
                note="bevestigd",
                recorded_at=draft.created_at,
            )
            if target is not None and draft.content.new_status is not None:
                self._append_status_version(
                    crisis, target, draft.content.new_status, by, now, f"status via {entry.number}"
                )
        self._notify(RoomChange(crisis_id, "drafts", "confirmed"), RoomChange(crisis_id, "log", entry.number))
        return entry

    def _status_target(self, crisis_id: str, content: EntryContent) -> LogEntry:
        if not content.ref:
            raise InvalidInput("a status update needs the entry it refers to (e.g. A-4)", field="ref")
        current = self._current_by_number(crisis_id).get(content.ref.upper())
        if current is None:
            raise NotFound(f"no entry {content.ref} in this crisis", field="ref")
        if not current.kind.is_task:
            raise InvalidInput(f"{current.number} is not an order or action", field="ref")
        return current

    # --- the confirmed log --------------------------------------------------------------------------

    def _append_new(
        self,
        crisis: Crisis,
        meeting_number: int | None,
        content: EntryContent,
        *,
        by: str,
        at: datetime,
        origin: Origin,
        note: str,
        draft: Draft | None = None,
        recorded_at: str | None = None,
    ) -> LogEntry:
        versions = self.repo.entry_versions(crisis.crisis_id)
        number = next_number(content.kind, {v.number for v in versions})
        stamp = at.isoformat(timespec="seconds")
        status = TaskStatus.OPEN if content.kind.is_task else None
        entry = LogEntry(
            entry_id=_new_id(),
            crisis_id=crisis.crisis_id,
            number=number,
            version=1,
            meeting_number=meeting_number,
            recorded_at=recorded_at or stamp,
            content=content,
            status=status,
            status_changed_at=stamp if status else None,
            status_changed_by=by if status else None,
            confirmed_by=by,
            confirmed_at=stamp,
            origin=origin,
            draft_id=draft.draft_id if draft else None,
            change_note=note,
            seq=len(versions),
            prev_hash=versions[-1].hash if versions else GENESIS_HASH,
        )
        decided = draft.confirm(entry.entry_id, by, stamp) if draft else None
        return self.repo.append_entry(entry, decided)

    def entries(self, crisis_id: str) -> list[LogEntry]:
        """Current (latest) version of every entry, in the order they were first recorded."""
        latest: dict[str, LogEntry] = {}
        first_seq: dict[str, int] = {}
        for version in self.repo.entry_versions(crisis_id):
            latest[version.entry_id] = version
            first_seq.setdefault(version.entry_id, version.seq)
        return sorted(latest.values(), key=lambda e: first_seq[e.entry_id])

    def _current_by_number(self, crisis_id: str) -> dict[str, LogEntry]:
        return {e.number: e for e in self.entries(crisis_id)}

    def history(self, crisis_id: str, entry_id: str) -> list[LogEntry]:
        versions = [v for v in self.repo.entry_versions(crisis_id) if v.entry_id == entry_id]
        if not versions:
            raise NotFound(f"entry {entry_id}")
        return versions

    def edit_entry(self, crisis_id: str, entry_id: str, by: str, note: str = "", **changes: Any) -> LogEntry:
        """Correct a confirmed entry: a new version; the old one stays readable."""
        with self._lock:
            crisis = self.repo.get_crisis(crisis_id)
            current = self.history(crisis_id, entry_id)[-1]
            content = current.content.with_changes(**changes)
            if content.kind != current.content.kind:
                raise InvalidInput(
                    "the kind of a confirmed entry cannot change; reject and re-enter it", field="kind"
                )
            content.validate()
            if content == current.content:
                return current
            changed = [name for name in changes if getattr(content, name) != getattr(current.content, name)]
            entry = self._new_version(
                crisis,
                current,
                by,
                self.now(crisis),
                content=content,
                note=note or "bewerkt: " + ", ".join(changed),
            )
        self._notify(RoomChange(crisis_id, "log", entry.number))
        return entry

    def set_status(
        self,
        crisis_id: str,
        entry_id: str,
        status: TaskStatus,
        by: str,
        new_deadline: str | None = None,
        note: str = "",
    ) -> LogEntry:
        """Status of an order/action (Controle buttons): a status entry plus a new version of the task."""
        with self._lock:
            crisis = self.repo.get_crisis(crisis_id)
            current = self.history(crisis_id, entry_id)[-1]
            if not current.kind.is_task:
                raise InvalidInput(f"{current.number} is not an order or action", field="status")
            now = self.now(crisis)
            meeting = self.current_meeting(crisis_id)
            text = f"{current.number}: {status.label('nl')}"
            if new_deadline:
                text += f", nieuwe deadline {new_deadline.replace('T', ' ')}"
            text += f". {note.strip()}" if note.strip() else "."
            status_entry = self._append_new(
                crisis,
                meeting.number if meeting else None,
                EntryContent(
                    EntryKind.STATUS,
                    text,
                    phase=self.current_phase(crisis_id),
                    ref=current.number,
                    new_status=status,
                ),
                by=by,
                at=now,
                origin=Origin("typed"),
                note="status",
            )
            self._append_status_version(
                crisis, current, status, by, now, f"status via {status_entry.number}", new_deadline
            )
        self._notify(RoomChange(crisis_id, "log", current.number))
        return status_entry

    def _append_status_version(
        self,
        crisis: Crisis,
        current: LogEntry,
        status: TaskStatus,
        by: str,
        now: datetime,
        note: str,
        new_deadline: str | None = None,
    ) -> LogEntry:
        content = current.content.with_changes(deadline=new_deadline) if new_deadline else current.content
        return self._new_version(crisis, current, by, now, content=content, status=status, note=note)

    def _new_version(
        self,
        crisis: Crisis,
        current: LogEntry,
        by: str,
        now: datetime,
        *,
        content: EntryContent,
        note: str,
        status: TaskStatus | None = None,
    ) -> LogEntry:
        versions = self.repo.entry_versions(crisis.crisis_id)
        latest = [v for v in versions if v.entry_id == current.entry_id][-1]
        stamp = now.isoformat(timespec="seconds")
        status_changed = status is not None and status != latest.status
        entry = replace(
            latest,
            version=latest.version + 1,
            content=content,
            status=status if status is not None else latest.status,
            status_changed_at=stamp if status_changed else latest.status_changed_at,
            status_changed_by=by if status_changed else latest.status_changed_by,
            confirmed_by=by,
            confirmed_at=stamp,
            change_note=note,
            seq=len(versions),
            prev_hash=versions[-1].hash,
            hash="",
        )
        return self.repo.append_entry(entry)

    def open_tasks(self, crisis_id: str) -> list[LogEntry]:
        """Open orders and actions, overdue first, then by deadline, then by number."""
        crisis = self.repo.get_crisis(crisis_id)
        now_local = self.now(crisis).strftime("%Y-%m-%dT%H:%M")
        tasks = [e for e in self.entries(crisis_id) if e.kind.is_task and e.status and not e.status.is_closed]

        def key(entry: LogEntry) -> tuple[int, str, int]:
            deadline = entry.content.deadline or ""
            overdue = 0 if deadline and deadline[:16] < now_local else 1
            return overdue, deadline or "9999", int(entry.number.split("-")[1])

        return sorted(tasks, key=key)

    def is_overdue(self, crisis_id: str, entry: LogEntry) -> bool:
        crisis = self.repo.get_crisis(crisis_id)
        deadline = entry.content.deadline
        closed = entry.status is not None and entry.status.is_closed
        return bool(deadline) and not closed and deadline[:16] < self.now(crisis).strftime("%Y-%m-%dT%H:%M")

    # --- transcript ----------------------------------------------------------------------------------

    def transcript(
        self, crisis_id: str, meeting_number: int | None = None, limit: int | None = 200
    ) -> list[TranscriptLine]:
        return self.repo.list_transcript(crisis_id, meeting_number, limit)

    # --- chair's individual log and stakeholders ----------------------------------------------------

    def individual(self, crisis_id: str) -> list[IndividualItem]:
        return sorted(self.repo.list_individual(crisis_id), key=lambda i: i.created_at)

    def add_individual(
        self, crisis_id: str, kind: str, text: str, priority: str = "middel"
    ) -> IndividualItem:
        from assistant.domain.entries import Priority

        with self._lock:
            crisis = self.repo.get_crisis(crisis_id)
            item = IndividualItem(
                _new_id(),
                crisis_id,
                kind,
                text.strip(),
                self.now(crisis).isoformat(timespec="seconds"),
                Priority(priority),
            )
            item.validate()
            self.repo.save_individual(item)
        self._notify(RoomChange(crisis_id, "individual", "added"))
        return item

    def check_individual(self, crisis_id: str, item_id: str, checked: bool = True) -> IndividualItem:
        with self._lock:
            crisis = self.repo.get_crisis(crisis_id)
            item = next((i for i in self.repo.list_individual(crisis_id) if i.item_id == item_id), None)
            if item is None:
                raise NotFound(f"individual item {item_id}")
            item = item.check(self.now(crisis).isoformat(timespec="seconds")) if checked else item.uncheck()
            self.repo.save_individual(item)
        self._notify(RoomChange(crisis_id, "individual", "checked"))
        return item

    def stakeholders(self, crisis_id: str) -> list[Stakeholder]:
        return self.repo.list_stakeholders(crisis_id)

    def add_stakeholder(
        self, crisis_id: str, name: str, group: str = "", informed_by_role: str | None = None
    ) -> Stakeholder:
        if not name.strip():
            raise InvalidInput("a stakeholder needs a name", field="name")
        with self._lock:
            self.repo.get_crisis(crisis_id)
            stakeholder = Stakeholder(_new_id(), crisis_id, name.strip(), group, informed_by_role)
            self.repo.save_stakeholder(stakeholder)
        self._notify(RoomChange(crisis_id, "stakeholders", "added"))
        return stakeholder

    def mark_informed(self, crisis_id: str, stakeholder_id: str, by: str = "voorzitter") -> Stakeholder:
        """One tap: "geïnformeerd" now, by whom; also a contact line in the chair's individual log."""
        with self._lock:
            crisis = self.repo.get_crisis(crisis_id)
            stakeholder = next(
                (s for s in self.repo.list_stakeholders(crisis_id) if s.stakeholder_id == stakeholder_id),
                None,
            )
            if stakeholder is None:
                raise NotFound(f"stakeholder {stakeholder_id}")
            now = self.now(crisis)
            stakeholder = stakeholder.informed(now.isoformat(timespec="seconds"), by)
            self.repo.save_stakeholder(stakeholder)
            contact = IndividualItem(
                _new_id(),
                crisis_id,
                "contact",
                f"{stakeholder.name} geïnformeerd {now:%H:%M}",
                now.isoformat(timespec="seconds"),
                checked_at=now.isoformat(timespec="seconds"),
            )
            self.repo.save_individual(contact)
        self._notify(
            RoomChange(crisis_id, "stakeholders", "informed"), RoomChange(crisis_id, "individual", "contact")
        )
        return stakeholder
