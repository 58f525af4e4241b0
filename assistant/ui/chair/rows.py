"""What each part of the chair's screen shows, as plain immutable values (no Flet).

Every panel turns the room's data into one of these values and redraws only when the value differs
from the one it shows: equality is the "did anything change?" test, so a room change that does not
concern a panel costs no controls and no traffic to the browser. Standard library and
``assistant.domain`` only (``tests/ui/test_chair_rows.py`` checks both the values and the purity).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from assistant.domain.clock import ClockSnapshot
from assistant.domain.entries import EntryKind, LogEntry
from assistant.domain.individual import IndividualItem, Stakeholder
from assistant.domain.meeting import Crisis, Meeting
from assistant.i18n import code_label
from assistant.i18n import label as label_of
from assistant.i18n.names import agenda_title, card_text
from assistant.ui.chair import model as cm

#: The right-hand sections, in the order of their buttons.
SECTIONS: tuple[str, ...] = ("fase", "besluiten", "eigen", "stakeholders", "teams")  # teams: when linked


# --- the clock controls --------------------------------------------------------------------------


class Stage(enum.Enum):
    """Where the chair is: decides which clock buttons exist."""

    NO_CRISIS = "no_crisis"
    NO_MEETING = "no_meeting"
    PLANNED = "planned"
    RUNNING = "running"
    ENDED = "ended"


@dataclass(frozen=True)
class ControlsView:
    stage: Stage
    number: int = 0
    planned_minutes: str = ""  # PLANNED: "30"
    next_meeting: str = ""  # ENDED: "12:30" or "–"
    first: bool = False  # RUNNING: at the first item (no "previous")
    last: bool = False  # RUNNING: at the last item (no "next"; closing is the way on)
    paused: bool = False


def controls_view(
    crisis: Crisis | None,
    meeting: Meeting | None,
    snapshot: ClockSnapshot | None,
    next_meeting_at: datetime | None,
    now: datetime,
    lang: str,
) -> ControlsView:
    """The clock buttons change only with the meeting's state, never with the passing seconds."""
    if crisis is None:
        return ControlsView(Stage.NO_CRISIS)
    if meeting is None or snapshot is None:
        return ControlsView(Stage.NO_MEETING)
    if not snapshot.started:
        return ControlsView(
            Stage.PLANNED, meeting.number, planned_minutes=cm.format_minutes(meeting.planned_minutes)
        )
    if snapshot.ended:
        when = cm.hhmm(next_meeting_at, now, lang) if next_meeting_at else "–"
        return ControlsView(Stage.ENDED, meeting.number, next_meeting=when)
    return ControlsView(
        Stage.RUNNING,
        meeting.number,
        first=snapshot.index == 0,
        last=snapshot.index >= len(meeting.agenda) - 1,
        paused=snapshot.paused,
    )


def status_word_key(current: cm.CurrentItem) -> str | None:
    """The string key of the word under the big time, or None when the level word says it."""
    if current.paused:
        return "chair.paused"
    if not current.started:
        return "chair.not_started"
    if current.ended:
        return "chair.ended"
    return None


# --- section buttons ------------------------------------------------------------------------------


def section_counts(
    entries: list[LogEntry], meeting_number: int | None, individual: list[IndividualItem]
) -> dict[str, int]:
    """The numbers on the section buttons: this meeting's decisions and orders, open own items."""
    return {
        "fase": 0,
        "besluiten": len(cm.recent_decisions_and_orders(entries, meeting_number, 99)),
        "eigen": len([i for i in individual if not i.checked_at]),
        "stakeholders": 0,
        "teams": 0,
    }


# --- panel: phase ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prompt:
    prompt_id: str
    text: str
    ticked: bool


@dataclass(frozen=True)
class ChecklistView:
    key: str  # "prompts" | "startup" | "agreements" | "reflection"
    title: str
    prompts: tuple[Prompt, ...]


@dataclass(frozen=True)
class AgendaRow:
    index: int
    title: str
    minutes: str
    current: bool
    done: bool


@dataclass(frozen=True)
class PhaseView:
    has_meeting: bool
    controle: bool = False  # the Controle list of open orders comes first
    checklists: tuple[ChecklistView, ...] = ()
    reflection_held: bool = False
    can_close: bool = False  # the close item of a running meeting: "close now" in the panel
    agenda: tuple[AgendaRow, ...] = ()


def phase_view(
    meeting: Meeting | None, snapshot: ClockSnapshot | None, reflection_due: bool, lang: str
) -> PhaseView:
    """Prompts of the current item (before the start: of the first item), and the agenda."""
    if meeting is None or snapshot is None:
        return PhaseView(has_meeting=False)
    running = snapshot.started and not snapshot.ended
    item = snapshot.item if running else None
    if item is None and not snapshot.started:
        item = meeting.agenda[0]
    checklists = tuple(
        ChecklistView(
            c.key, c.title, tuple(Prompt(p.id, card_text(p, lang), p.id in meeting.ticks) for p in c.items)
        )
        for c in cm.checklists(meeting, item, reflection_due, lang)
    )
    agenda = tuple(
        AgendaRow(
            timing.index,
            agenda_title(timing.item, lang),
            cm.format_minutes(timing.planned_seconds / 60),
            timing.current,
            timing.done,
        )
        for timing in snapshot.items
    )
    return PhaseView(
        has_meeting=True,
        controle=cm.is_control_item(item) and not meeting.first,
        checklists=checklists,
        reflection_held=meeting.reflection_held,
        can_close=cm.is_close_item(item) and running,
        agenda=agenda,
    )


# --- panel: decisions -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionCard:
    head: str  # "B-2 · Besluit" / "O-1 · Opdracht · HR · 11:00"
    text: str
    reason: str
    decision: bool  # a decision (else an order or action): decides the colour


def decision_cards(
    entries: list[LogEntry],
    meeting_number: int | None,
    owner_label: Callable[[str], str] | None,
    lang: str,
    limit: int = 12,
) -> tuple[DecisionCard, ...]:
    """This meeting's decisions, orders and actions, newest first."""
    cards = []
    for entry in cm.recent_decisions_and_orders(entries, meeting_number, limit):
        bits = [label_of(entry.kind, lang)]
        if entry.content.owner:
            bits.append(owner_label(entry.content.owner) if owner_label else entry.content.owner)
        if entry.content.deadline:
            bits.append(entry.content.deadline[11:16])
        cards.append(
            DecisionCard(
                f"{entry.number} · " + " · ".join(bits),
                entry.content.text,
                entry.content.reason or "",
                entry.kind is EntryKind.DECISION,
            )
        )
    return tuple(cards)


# --- panel: individual log ------------------------------------------------------------------------


@dataclass(frozen=True)
class IndividualRow:
    item_id: str
    kind: str  # translated: "Taak", "Contact", "Besluit"
    text: str
    priority: str  # translated priority word
    created: str  # "10:04"
    checked: bool


def kind_label(kind: str, lang: str) -> str:
    return code_label("individual_kind", kind, lang)


def individual_rows(items: list[IndividualItem], lang: str) -> tuple[IndividualRow, ...]:
    """Open items first (high priority, then oldest), checked ones after."""
    return tuple(
        IndividualRow(
            item.item_id,
            kind_label(item.kind, lang),
            item.text,
            label_of(item.priority, lang),
            item.created_at[11:16],
            bool(item.checked_at),
        )
        for item in cm.individual_order(items)
    )


# --- panel: stakeholders --------------------------------------------------------------------------


@dataclass(frozen=True)
class StakeholderRow:
    stakeholder_id: str
    name: str
    detail: str  # "Bestuur · laatst 10:05 door voorzitter (3 min geleden)"


def stakeholder_rows(stakeholders: list[Stakeholder], now: datetime, lang: str) -> tuple[StakeholderRow, ...]:
    rows = []
    for sh in stakeholders:
        informed = cm.informed_text(sh.last_informed_at, sh.last_informed_by, now, lang)
        rows.append(
            StakeholderRow(sh.stakeholder_id, sh.name, f"{sh.group} · {informed}" if sh.group else informed)
        )
    return tuple(rows)
