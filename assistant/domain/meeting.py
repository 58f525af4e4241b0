"""Crisis, meetings, agenda items and the agenda templates of the domain brief."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from assistant.domain.errors import InvalidInput
from assistant.domain.records import Record, record_to_dict
from assistant.domain.roster import Roster


@dataclass(frozen=True)
class AgendaItem:
    """One timeboxed agenda item. ``phase`` links it to BOBOC prompts (or "communicatie"/"reflectie")."""

    key: str
    title: str  # Dutch
    title_en: str
    minutes: float
    phase: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return record_to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AgendaItem:
        minutes = float(data["minutes"])
        if minutes <= 0:
            raise InvalidInput("an agenda item needs a positive number of minutes", field="minutes")
        return cls(
            str(data["key"]),
            str(data["title"]),
            str(data.get("title_en") or data["title"]),
            minutes,
            data.get("phase"),
        )


def _item(key: str, nl: str, en: str, minutes: float, phase: str | None = None) -> AgendaItem:
    return AgendaItem(key, nl, en, minutes, phase)


# the judgement-to-communication block is the same in the first and the follow-up meeting
_CORE = (
    _item("oordeelsvorming", "Oordeelsvorming", "Judgement", 7, "oordeelsvorming"),
    _item(
        "besluitvorming",
        "Besluitvorming (logger leest terug)",
        "Decision (logger reads back)",
        5,
        "besluitvorming",
    ),
    _item("opdracht", "Opdracht: wie, wat, wanneer", "Tasking: who, what, when", 3, "opdracht"),
    _item("communicatie", "Communicatie & stakeholders", "Communication & stakeholders", 3, "communicatie"),
)
_OPENING = ("opening", "Opening: doel, aanwezigheid, eindtijd", "Opening: objective, attendance, end time")

TEMPLATES: dict[str, tuple[AgendaItem, ...]] = {
    "vervolg30": (
        _item(*_OPENING, 1),
        _item(
            "controle",
            "Controle: openstaande opdrachten en acties",
            "Control: open orders and actions",
            3,
            "controle",
        ),
        _item("beeldvorming", "Beeldvorming", "Picture", 7, "beeldvorming"),
        *_CORE,
        _item(
            "sluiting",
            "Sluiting: reflectie, tijd volgend overleg",
            "Close: reflection, next meeting time",
            1,
            "reflectie",
        ),
    ),
    "acuut20": (
        _item("opening", "Opening", "Opening", 1),
        _item("controle", "Controle", "Control", 2, "controle"),
        _item("beeldvorming", "Beeldvorming", "Picture", 5, "beeldvorming"),
        _item("oordeelsvorming", "Oordeelsvorming", "Judgement", 4, "oordeelsvorming"),
        _item("besluitvorming", "Besluitvorming", "Decision", 3, "besluitvorming"),
        _item("opdracht", "Opdracht", "Tasking", 2, "opdracht"),
        _item("communicatie", "Communicatie", "Communication", 2, "communicatie"),
        _item("sluiting", "Sluiting en volgend overleg", "Close and next meeting", 1, "reflectie"),
    ),
    "eerste": (
        _item(*_OPENING, 2),
        _item(
            "werkafspraken",
            "Werkafspraken: rollen, cyclus, telefoons",
            "Working agreements: roles, cycle, phones",
            3,
            "startup",
        ),
        _item("beeldvorming", "Beeldvorming", "Picture", 8, "beeldvorming"),
        *_CORE,
        _item("sluiting", "Sluiting: tijd volgend overleg", "Close: next meeting time", 1, "reflectie"),
    ),
}


def template(name: str) -> tuple[AgendaItem, ...]:
    try:
        return TEMPLATES[name]
    except KeyError:
        raise InvalidInput(f"unknown agenda template {name!r}", field="template") from None


@dataclass(frozen=True)
class Crisis:
    """The incident the team handles. Times are ISO 8601 strings with offset."""

    crisis_id: str
    name: str
    organisation: str
    started_at: str
    timezone: str = "Europe/Amsterdam"
    roster: Roster = field(default_factory=Roster.default)
    cycle_minutes: int = 120  # "elke 2 uur"
    reflection_every_n_meetings: int = 3
    reflection_after_hours: float = 4.0
    closed_at: str | None = None

    def validate(self) -> None:
        if not self.name.strip():
            raise InvalidInput("a crisis needs a name", field="name")
        if self.cycle_minutes <= 0:
            raise InvalidInput("the meeting cycle must be positive", field="cycle_minutes")

    def to_dict(self) -> dict[str, Any]:
        return {
            "crisis_id": self.crisis_id,
            "name": self.name,
            "organisation": self.organisation,
            "started_at": self.started_at,
            "timezone": self.timezone,
            "roster": self.roster.to_list(),
            "cycle_minutes": self.cycle_minutes,
            "reflection_every_n_meetings": self.reflection_every_n_meetings,
            "reflection_after_hours": self.reflection_after_hours,
            "closed_at": self.closed_at,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Crisis:
        return cls(
            crisis_id=data["crisis_id"],
            name=data["name"],
            organisation=data.get("organisation", ""),
            started_at=data["started_at"],
            timezone=data.get("timezone", "Europe/Amsterdam"),
            roster=Roster.from_list(data.get("roster") or Roster.default().to_list()),
            cycle_minutes=int(data.get("cycle_minutes", 120)),
            reflection_every_n_meetings=int(data.get("reflection_every_n_meetings", 3)),
            reflection_after_hours=float(data.get("reflection_after_hours", 4.0)),
            closed_at=data.get("closed_at"),
        )

    def with_changes(self, **changes: Any) -> Crisis:
        return replace(self, **changes)


@dataclass(frozen=True)
class Attendance(Record):
    """Who is at the table; absentees with the role their tasks are delegated to (card task 4)."""

    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    delegated: dict[str, str] = field(default_factory=dict)  # absent role id -> stand-in role id
    guests: tuple[str, ...] = ()  # extra expertise added (card task 5)


@dataclass(frozen=True)
class Meeting(Record):
    """One CMT meeting. ``clock`` is the serialised MeetingClock state (see clock.py)."""

    crisis_id: str
    number: int
    first: bool
    planned_start: str
    agenda: tuple[AgendaItem, ...]
    template: str = "vervolg30"
    clock: dict[str, Any] = field(default_factory=dict)
    attendance: Attendance = field(default_factory=Attendance)
    ticks: dict[str, str] = field(default_factory=dict)  # card item id -> ISO time ticked
    next_meeting_at: str | None = None
    reflection_held: bool = False

    @property
    def started_at(self) -> str | None:
        return self.clock.get("started_at")

    @property
    def ended_at(self) -> str | None:
        return self.clock.get("ended_at")

    @property
    def planned_minutes(self) -> float:
        return sum(item.minutes for item in self.agenda)

    def with_changes(self, **changes: Any) -> Meeting:
        return replace(self, **changes)

    def tick(self, item_id: str, at: str) -> Meeting:
        ticks = dict(self.ticks)
        ticks[item_id] = at
        return replace(self, ticks=ticks)

    def untick(self, item_id: str) -> Meeting:
        ticks = dict(self.ticks)
        ticks.pop(item_id, None)
        return replace(self, ticks=ticks)


def new_meeting(
    crisis: Crisis,
    number: int,
    planned_start: datetime,
    template_name: str | None = None,
    agenda: tuple[AgendaItem, ...] | None = None,
) -> Meeting:
    """Meeting 1 is the first meeting (start-up tasks, no Controle); later ones start with Controle."""
    first = number == 1
    name = template_name or ("eerste" if first else "vervolg30")
    return Meeting(
        crisis.crisis_id,
        number,
        first,
        planned_start.isoformat(timespec="seconds"),
        agenda or template(name),
        name,
    )


def next_meeting_time(
    meeting_end: datetime, cycle_minutes: int, planned_start: datetime | None = None
) -> datetime:
    """Default next meeting: one cycle after the planned start (if known), never before the end, on the
    next quarter hour. A 2-hour cycle that started 10:00 gives 12:00 even if the meeting ran late."""
    base = (
        planned_start + timedelta(minutes=cycle_minutes)
        if planned_start
        else meeting_end + timedelta(minutes=cycle_minutes)
    )
    if base <= meeting_end:
        base = meeting_end + timedelta(minutes=cycle_minutes)
    minute = (base.minute + 14) // 15 * 15
    rounded = base.replace(minute=0, second=0, microsecond=0) + timedelta(minutes=minute)
    return rounded


def planned_next_meeting(
    planned_start: datetime | None, planned_seconds: float, cycle_minutes: int | None
) -> datetime | None:
    """The next meeting as far as it is known before this one starts: from the plan alone (planned
    start, planned duration, cycle) by the same rule as at closing (``next_meeting_time``), so the
    chair sees before the start what closing will propose. None (shown as a dash) without a planned
    start or a cycle."""
    if planned_start is None or not cycle_minutes or cycle_minutes <= 0:
        return None
    planned_end = planned_start + timedelta(seconds=max(0.0, planned_seconds))
    return next_meeting_time(planned_end, cycle_minutes, planned_start)
