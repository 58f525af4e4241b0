"""COMPATIBILITY SECTION: the old flat ``Room`` methods, each a one-line delegation to an area.

Why it exists: the screens call these names while they are being split. New code calls the areas
(``room.meetings.clock_action(...)``, ``room.ledger.edit(...)``). The lead removes this module (and
``CallableMeetings``) after the UI has moved; nothing else depends on it. Old forms are accepted
here only: ``clock_action`` with a string, edits as keyword arguments.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from assistant.app.room.events import ClockAction, UtteranceInput
from assistant.app.room.meetings import Meetings
from assistant.domain.clock import ClockSnapshot
from assistant.domain.entries import Draft, DraftState, EntryEdit, EntryKind, LogEntry, TaskStatus
from assistant.domain.individual import IndividualItem, Stakeholder
from assistant.domain.meeting import AgendaItem, Attendance, Crisis, Meeting
from assistant.domain.roster import Roster
from assistant.domain.transcript import TranscriptLine

if TYPE_CHECKING:
    from assistant.app.room.chair_notes import ChairNotes
    from assistant.app.room.crises import Crises
    from assistant.app.room.intake import Intake
    from assistant.app.room.ledger import Ledger


class CallableMeetings(Meetings):
    """``room.meetings(crisis_id)`` (old method) and ``room.meetings.plan(...)`` (area) at once."""

    def __call__(self, crisis_id: str) -> list[Meeting]:
        return self.all(crisis_id)


class RoomCompat:
    """The old flat method names of ``Room`` (see the module docstring)."""

    setup: Crises
    meetings: CallableMeetings
    intake: Intake
    ledger: Ledger
    chair_notes: ChairNotes

    # crises and settings
    def crises(self) -> list[Crisis]:
        return self.setup.all()

    def crisis(self, crisis_id: str) -> Crisis:
        return self.setup.get(crisis_id)

    def create_crisis(self, name: str, organisation: str = "", **options: Any) -> Crisis:
        return self.setup.create(name, organisation, **options)

    def update_crisis(self, crisis_id: str, **changes: Any) -> Crisis:
        return self.setup.update(crisis_id, **changes)

    def update_roster(self, crisis_id: str, roster: Roster) -> Crisis:
        return self.setup.update_roster(crisis_id, roster)

    def active_crisis_id(self) -> str | None:
        return self.setup.active_id()

    def select_crisis(self, crisis_id: str) -> None:
        self.setup.select(crisis_id)

    def settings(self) -> dict[str, Any]:
        return self.setup.settings()

    def update_settings(self, **changes: Any) -> dict[str, Any]:
        return self.setup.update_settings(**changes)

    # meetings
    def current_meeting(self, crisis_id: str) -> Meeting | None:
        return self.meetings.current(crisis_id)

    def plan_meeting(
        self,
        crisis_id: str,
        planned_start: datetime | None = None,
        template_name: str | None = None,
        agenda: tuple[AgendaItem, ...] | None = None,
    ) -> Meeting:
        return self.meetings.plan(crisis_id, planned_start, template_name, agenda)

    def update_agenda(self, crisis_id: str, number: int, agenda: tuple[AgendaItem, ...]) -> Meeting:
        return self.meetings.update_agenda(crisis_id, number, agenda)

    def set_attendance(self, crisis_id: str, number: int, attendance: Attendance) -> Meeting:
        return self.meetings.set_attendance(crisis_id, number, attendance)

    def clock_action(
        self,
        crisis_id: str,
        number: int,
        action: ClockAction | str,
        minutes: float = 1.0,
        index: int | None = None,
    ) -> Meeting:
        return self.meetings.clock_action(crisis_id, number, action, minutes, index)  # type: ignore[arg-type]

    def end_meeting(
        self, crisis_id: str, number: int, next_meeting_at: datetime | None, by: str = "voorzitter"
    ) -> Meeting:
        return self.meetings.end(crisis_id, number, next_meeting_at, by)

    def default_next_meeting(self, crisis_id: str, number: int) -> datetime:
        return self.meetings.default_next(crisis_id, number)

    def next_meeting_at(self, crisis_id: str) -> datetime | None:
        return self.meetings.next_meeting_at(crisis_id)

    def snapshot(self, crisis_id: str, number: int) -> ClockSnapshot:
        return self.meetings.snapshot(crisis_id, number)

    def current_phase(self, crisis_id: str) -> str | None:
        return self.meetings.current_phase(crisis_id)

    def tick(self, crisis_id: str, number: int, item_id: str, ticked: bool = True) -> Meeting:
        return self.meetings.tick(crisis_id, number, item_id, ticked)

    def reflection_due(self, crisis_id: str, number: int) -> bool:
        return self.meetings.reflection_due(crisis_id, number)

    def mark_reflection(self, crisis_id: str, number: int) -> Meeting:
        return self.meetings.mark_reflection(crisis_id, number)

    # intake: drafts and transcript
    def drafts(self, crisis_id: str, state: DraftState | None = DraftState.PENDING) -> list[Draft]:
        return self.intake.drafts(crisis_id, state)

    def add_typed(self, crisis_id: str, text: str, lang: str | None = None) -> list[Draft]:
        return self.intake.add_typed(crisis_id, text, lang)

    def add_utterance(
        self, crisis_id: str, utterance: UtteranceInput, lang: str | None = None
    ) -> tuple[TranscriptLine, list[Draft]]:
        return self.intake.add_utterance(crisis_id, utterance, lang)

    def promote_line(self, crisis_id: str, line_id: str, kind: EntryKind) -> Draft:
        return self.intake.promote_line(crisis_id, line_id, kind)

    def edit_draft(self, crisis_id: str, draft_id: str, **changes: Any) -> Draft:
        return self.intake.edit_draft(crisis_id, draft_id, EntryEdit(changes))

    def reject_draft(self, crisis_id: str, draft_id: str, by: str, reason: str = "") -> Draft:
        return self.intake.reject_draft(crisis_id, draft_id, by, reason)

    def confirm_draft(self, crisis_id: str, draft_id: str, by: str, **edits: Any) -> LogEntry:
        return self.intake.confirm_draft(crisis_id, draft_id, by, EntryEdit(edits))

    def transcript(
        self, crisis_id: str, meeting_number: int | None = None, limit: int | None = 200
    ) -> list[TranscriptLine]:
        return self.intake.transcript(crisis_id, meeting_number, limit)

    # ledger
    def entries(self, crisis_id: str) -> list[LogEntry]:
        return self.ledger.entries(crisis_id)

    def history(self, crisis_id: str, entry_id: str) -> list[LogEntry]:
        return self.ledger.history(crisis_id, entry_id)

    def edit_entry(self, crisis_id: str, entry_id: str, by: str, note: str = "", **changes: Any) -> LogEntry:
        return self.ledger.edit(crisis_id, entry_id, by, EntryEdit(changes), note)

    def set_status(
        self,
        crisis_id: str,
        entry_id: str,
        status: TaskStatus,
        by: str,
        new_deadline: str | None = None,
        note: str = "",
    ) -> LogEntry:
        return self.ledger.set_status(crisis_id, entry_id, status, by, new_deadline, note)

    def open_tasks(self, crisis_id: str) -> list[LogEntry]:
        return self.ledger.open_tasks(crisis_id)

    def is_overdue(self, crisis_id: str, entry: LogEntry) -> bool:
        return self.ledger.is_overdue(crisis_id, entry)

    # chair's notes
    def individual(self, crisis_id: str) -> list[IndividualItem]:
        return self.chair_notes.individual(crisis_id)

    def add_individual(
        self, crisis_id: str, kind: str, text: str, priority: str = "middel"
    ) -> IndividualItem:
        return self.chair_notes.add_individual(crisis_id, kind, text, priority)

    def check_individual(self, crisis_id: str, item_id: str, checked: bool = True) -> IndividualItem:
        return self.chair_notes.check_individual(crisis_id, item_id, checked)

    def stakeholders(self, crisis_id: str) -> list[Stakeholder]:
        return self.chair_notes.stakeholders(crisis_id)

    def add_stakeholder(
        self, crisis_id: str, name: str, group: str = "", informed_by_role: str | None = None
    ) -> Stakeholder:
        return self.chair_notes.add_stakeholder(crisis_id, name, group, informed_by_role)

    def mark_informed(self, crisis_id: str, stakeholder_id: str, by: str = "voorzitter") -> Stakeholder:
        return self.chair_notes.mark_informed(crisis_id, stakeholder_id, by)
