"""Pure view-model of the chair's screen: everything the screen computes, testable without Flet.

Standard library and ``assistant.domain`` only. The screen (``assistant.ui.chair``) turns these
values into controls; tests check the values (``tests/ui/test_chair_model.py``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from assistant.domain.boboc import (
    CARD_TASKS,
    REFLECTION_PROMPTS,
    STARTUP_TASK_IDS,
    WORKING_AGREEMENTS,
    CardItem,
    prompts_for,
    unticked,
)
from assistant.domain.clock import ClockSnapshot, format_mmss
from assistant.domain.entries import EntryKind, LogEntry
from assistant.domain.errors import InvalidInput
from assistant.domain.meeting import AgendaItem, Meeting
from assistant.i18n import label as label_of
from assistant.i18n import t
from assistant.i18n.names import agenda_title as item_title
from assistant.i18n.names import card_text

TOP = -math.pi / 2  # 12 o'clock in Flutter's canvas angles (0 = 3 o'clock, clockwise positive)
FULL = 2 * math.pi

_LEVEL_KEYS = {
    "normal": "chair.words.level_normal",
    "warning": "chair.words.level_warning",
    "overrun": "chair.words.level_overrun",
}


def level_word(level: str, lang: str) -> str:
    """ "op schema" / "bijna om" / "over tijd" for the clock's level (normal, warning, overrun)."""
    return t(_LEVEL_KEYS[level], lang)


# --- the clock drawing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DialSegment:
    """One arc of the clock drawing. Angles in radians, Flutter convention."""

    index: int
    title: str
    start: float
    sweep: float
    state: str  # "done" | "current" | "upcoming" | "overrun"


@dataclass(frozen=True)
class Dial:
    segments: tuple[DialSegment, ...]  # agenda items on the planned dial (full circle = planned meeting)
    overruns: tuple[
        DialSegment, ...
    ]  # red arcs on the outer ring: beyond an item's or the meeting's planned end
    hand: float  # angle of the hand
    hand_fraction: float  # 0..1 of the planned meeting (may exceed 1 when over)
    gap: float  # small gap between items (radians)


def _angle(fraction: float) -> float:
    return TOP + FULL * fraction


def dial(snapshot: ClockSnapshot, lang: str = "nl", gap_degrees: float = 1.5) -> Dial:
    """Arcs per agenda item sized by timebox (incl. extensions), the hand at the current position on
    the planned dial, done items dimmed, and red overrun arcs:

    * the current item over its timebox: from the item's planned end to the hand;
    * the meeting expected to end after its planned end: from 12 o'clock (planned end) onwards.
    """
    total = snapshot.total_planned or 1.0
    gap = math.radians(gap_degrees) if len(snapshot.items) > 1 else 0.0
    segments = []
    for timing in snapshot.items:
        start_f = timing.planned_offset / total
        sweep_f = timing.planned_seconds / total
        if timing.current:
            state = "overrun" if snapshot.level == "overrun" else "current"
        elif timing.done:
            state = "done"
        else:
            state = "upcoming"
        sweep = max(0.0, FULL * sweep_f - gap)
        segments.append(
            DialSegment(timing.index, item_title(timing.item, lang), _angle(start_f) + gap / 2, sweep, state)
        )
    overruns: list[DialSegment] = []
    hand_fraction = snapshot.hand_seconds / total if snapshot.started else 0.0
    if snapshot.started and not snapshot.ended and snapshot.remaining < 0:
        current = snapshot.items[snapshot.index]
        end_f = (current.planned_offset + current.planned_seconds) / total
        over_f = min(1.0, (-snapshot.remaining) / total)
        overruns.append(
            DialSegment(current.index, item_title(current.item, lang), _angle(end_f), FULL * over_f, "overrun")
        )
    beyond = meeting_overrun_seconds(snapshot)
    if beyond > 0:
        overruns.append(DialSegment(-1, "", _angle(0.0), FULL * min(1.0, beyond / total), "overrun"))
    return Dial(tuple(segments), tuple(overruns), _angle(hand_fraction), hand_fraction, gap)


def meeting_overrun_seconds(snapshot: ClockSnapshot) -> float:
    """How far the (expected) end lies beyond the planned end, in seconds (0 when on time)."""
    if not snapshot.started or snapshot.planned_end is None or snapshot.meeting_end_estimate is None:
        return 0.0
    return max(0.0, (snapshot.meeting_end_estimate - snapshot.planned_end).total_seconds())


def hand_point(cx: float, cy: float, radius: float, angle: float) -> tuple[float, float]:
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


# --- the current item in big type -------------------------------------------------------------------


@dataclass(frozen=True)
class CurrentItem:
    title: str
    remaining: str  # "04:59", "-01:05"
    level: str  # normal | warning | overrun
    level_word: str
    position: str  # "Agendapunt 3 van 8"
    next_title: str  # "" at the last item
    paused: bool
    started: bool
    ended: bool
    progress: float  # 0..1 of the item's timebox (capped)
    remaining_label: str  # accessible: "Resterende tijd 04:59, op schema"
    hand_label: str  # accessible: "Klokwijzer bij agendapunt 3 van 8, 34 procent van het overleg"


def current_item(snapshot: ClockSnapshot, lang: str = "nl") -> CurrentItem:
    n = len(snapshot.items)
    item = snapshot.item
    title = item_title(item, lang)
    remaining = format_mmss(snapshot.remaining)
    level = snapshot.level if snapshot.started else "normal"
    word = level_word(level, lang)
    position = t("chair.words.position", lang, i=snapshot.index + 1, n=n)
    percent = (
        int(round(100 * min(snapshot.hand_seconds / snapshot.total_planned, 9.99)))
        if snapshot.total_planned and snapshot.started
        else 0
    )
    remaining_label = t("chair.words.remaining", lang, remaining=remaining, word=word)
    hand_label = t("chair.words.hand", lang, i=snapshot.index + 1, n=n, percent=percent)
    if snapshot.paused:
        remaining_label += t("chair.words.paused_suffix", lang)
    next_title = item_title(snapshot.next_item, lang)
    progress = min(1.0, max(0.0, snapshot.fraction)) if math.isfinite(snapshot.fraction) else 1.0
    return CurrentItem(
        title,
        remaining,
        level,
        word,
        position,
        next_title,
        snapshot.paused,
        snapshot.started,
        snapshot.ended,
        progress,
        remaining_label,
        hand_label,
    )


# --- "wat is de volgende tijd?" ------------------------------------------------------------------------


@dataclass(frozen=True)
class NextTimes:
    item_end: str  # "10:12" or "–"
    meeting_end: str
    next_meeting: str
    meeting_late_minutes: int  # expected end minus planned end, whole minutes (0 when on time)


def hhmm(moment: datetime | None, now: datetime | None = None, lang: str = "nl") -> str:
    """ "10:12"; another day gets the date: "10:12 (za 30-11)"; None -> "–"."""
    if moment is None:
        return "–"
    if now is not None:
        moment = moment.astimezone(now.tzinfo)
        if moment.date() != now.date():
            day = t("chair.words.weekdays", lang).split()[moment.weekday()]
            return f"{moment:%H:%M} ({day} {moment:%d-%m})"
    return f"{moment:%H:%M}"


def next_times(
    snapshot: ClockSnapshot, next_meeting_at: datetime | None, now: datetime, lang: str = "nl"
) -> NextTimes:
    if not snapshot.started:
        total = timedelta(seconds=snapshot.total_planned)
        return NextTimes("–", hhmm(now + total, now, lang), hhmm(next_meeting_at, now, lang), 0)
    late = int(meeting_overrun_seconds(snapshot) // 60)
    item_end = None if snapshot.ended else snapshot.item_end_at
    return NextTimes(
        hhmm(item_end, now, lang),
        hhmm(snapshot.meeting_end_estimate, now, lang),
        hhmm(next_meeting_at, now, lang),
        late,
    )


# --- prompts and checklists -------------------------------------------------------------------------


@dataclass(frozen=True)
class Checklist:
    key: str  # "prompts" | "startup" | "agreements" | "reflection"
    title: str
    items: tuple[CardItem, ...]


def checklists(
    meeting: Meeting, item: AgendaItem | None, reflection_is_due: bool, lang: str = "nl"
) -> list[Checklist]:
    """The checklists to show for the current agenda item.

    * first meeting, opening and working-agreements items: the card's start-up tasks 1-7 and the
      working agreements;
    * a BOBOC phase (or communication): that phase's prompts;
    * the close item: the reflection prompts, only when a reflection moment is due.
    """
    if item is None:
        return []
    lists: list[Checklist] = []
    startup = tuple(t for t in CARD_TASKS if t.id in STARTUP_TASK_IDS)
    if meeting.first and (item.phase == "startup" or item.key in ("opening", "werkafspraken")):
        lists.append(
            Checklist("startup", t("chair.words.startup_list", lang), startup),
        )
        lists.append(Checklist("agreements", t("chair.words.agreements_list", lang), WORKING_AGREEMENTS))
        return lists
    if item.phase == "reflectie":
        if reflection_is_due:
            lists.append(
                Checklist("reflection", t("chair.words.reflection_list", lang), REFLECTION_PROMPTS)
            )
        return lists
    prompts = prompts_for(item.phase)
    if prompts:
        lists.append(
            Checklist("prompts", t("chair.words.prompts_list", lang, item=item_title(item, lang)), prompts)
        )
    return lists


def reminder_items(
    meeting: Meeting,
    item: AgendaItem | None,
    reflection_is_due: bool,
    already: set[str] | frozenset[str] = frozenset(),
) -> list[CardItem]:
    """Unticked prompts of the item being left, minus those the chair was already reminded of
    (the first meeting shows the start-up lists at two items: remind once, not twice)."""
    if item is None:
        return []
    missing: list[CardItem] = []
    for checklist in checklists(meeting, item, reflection_is_due):
        missing += [p for p in unticked(checklist.items, meeting.ticks) if p.id not in already]
    return missing


def reminder(
    meeting: Meeting, item: AgendaItem | None, reflection_is_due: bool, lang: str = "nl"
) -> list[str]:
    """Texts of the unticked prompts of the item being left (shown once, gently, on moving on)."""
    return [card_text(p, lang) for p in reminder_items(meeting, item, reflection_is_due)]


def reminder_text(titles: list[str], item_title: str, lang: str = "nl", limit: int = 3) -> str:
    if not titles:
        return ""
    shown = "; ".join(titles[:limit])
    more = len(titles) - limit
    extra = t("chair.words.reminder_more", lang, n=more) if more > 0 else ""
    return t("chair.words.reminder", lang, item=item_title, shown=shown, extra=extra)


def is_control_item(item: AgendaItem | None) -> bool:
    return item is not None and item.phase == "controle"


def is_close_item(item: AgendaItem | None) -> bool:
    return item is not None and (item.phase == "reflectie" or item.key == "sluiting")


# --- Controle: open orders and actions --------------------------------------------------------------


@dataclass(frozen=True)
class TaskRow:
    entry_id: str
    number: str
    text: str
    owner: str
    deadline: str  # "11:00", "" when none
    status: str
    overdue: bool
    label: str  # one line for screen readers
    version: int = 0  # the task version shown: a status write is based on it (conflict check)


def task_rows(
    tasks: list[LogEntry], overdue_ids: set[str], owner_label: Any = None, lang: str = "nl"
) -> list[TaskRow]:
    """Open orders and actions, overdue first (keeps the room's order within each group)."""
    rows = []
    for entry in tasks:
        owner = (
            owner_label(entry.content.owner)
            if owner_label and entry.content.owner
            else (entry.content.owner or "")
        )
        deadline = (
            entry.content.deadline[11:16]
            if entry.content.deadline and len(entry.content.deadline) >= 16
            else ""
        )
        status = label_of(entry.status, lang) if entry.status else ""
        overdue = entry.entry_id in overdue_ids
        flag = t("chair.words.task_overdue", lang) if overdue else ""
        label = f"{entry.number} {owner}: {entry.content.text}" + (
            f" deadline {deadline}{flag}" if deadline else ""
        )
        rows.append(
            TaskRow(
                entry.entry_id, entry.number, entry.content.text, owner, deadline, status, overdue, label,
                entry.version,
            )
        )
    return sorted(rows, key=lambda r: 0 if r.overdue else 1)


_HHMM = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def parse_hhmm(text: str) -> tuple[int, int]:
    match = _HHMM.match(text or "")
    if not match:
        raise InvalidInput(f"{text!r} is geen tijd (uu:mm)", field="time")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        raise InvalidInput(f"{text!r} is geen geldige tijd", field="time")
    return hours, minutes


def next_occurrence(text: str, now: datetime) -> datetime:
    """ "14:30" -> the first 14:30 at or after ``now`` (today, else tomorrow), in ``now``'s zone."""
    hours, minutes = parse_hhmm(text)
    moment = now.replace(hour=hours, minute=minutes, second=0, microsecond=0)
    if moment < now.replace(second=0, microsecond=0):
        moment += timedelta(days=1)
    return moment


def deadline_value(text: str, now: datetime) -> str:
    """A new deadline typed as "uu:mm" -> the log's local "YYYY-MM-DDTHH:MM"."""
    return next_occurrence(text, now).strftime("%Y-%m-%dT%H:%M")


def default_delay_deadline(now: datetime, minutes: int = 30) -> str:
    """Suggested new deadline for "vertraagd": half an hour from now, on the next 5 minutes."""
    moment = now + timedelta(minutes=minutes)
    moment = moment.replace(second=0, microsecond=0) + timedelta(minutes=(5 - moment.minute % 5) % 5)
    return f"{moment:%H:%M}"


# --- live information: this meeting's decisions and orders ------------------------------------------


def recent_decisions_and_orders(
    entries: list[LogEntry], meeting_number: int | None, limit: int = 6
) -> list[LogEntry]:
    """The last confirmed decisions, orders and actions of this meeting, newest first."""
    kinds = (EntryKind.DECISION, EntryKind.ORDER, EntryKind.ACTION)
    mine = [
        e
        for e in entries
        if e.kind in kinds and (meeting_number is None or e.meeting_number == meeting_number)
    ]
    return list(reversed(mine))[:limit]


# --- stakeholders and individual log ----------------------------------------------------------------


def informed_text(last_at: str | None, last_by: str | None, now: datetime, lang: str = "nl") -> str:
    if not last_at:
        return t("chair.words.not_informed", lang)
    moment = datetime.fromisoformat(last_at)
    minutes = max(0, int((now - moment).total_seconds() // 60))
    if minutes < 120:
        ago = t("chair.words.minutes_ago", lang, n=minutes)
    else:
        ago = t("chair.words.hours_ago", lang, n=minutes // 60)
    by = t("chair.words.informed_by", lang, who=last_by) if last_by else ""
    return t("chair.words.informed", lang, time=hhmm(moment, now, lang), by=by, ago=ago)


PRIORITY_ORDER = {"hoog": 0, "middel": 1, "laag": 2}


def individual_order(items: list[Any]) -> list[Any]:
    """Open items first (high priority first, then oldest), checked items after."""
    return sorted(
        items,
        key=lambda i: (
            1 if i.checked_at else 0,
            PRIORITY_ORDER.get(getattr(i.priority, "value", i.priority), 1),
            i.created_at,
        ),
    )


# --- meeting cycle and minutes (also the start screen's) -------------------------------------------


CYCLE_OPTIONS: tuple[int, ...] = (60, 90, 120, 180, 240, 1440)


def cycle_label(minutes: int, lang: str = "nl") -> str:
    if minutes == 1440:
        return t("chair.words.daily", lang)
    hours = minutes / 60
    text = f"{hours:g}".replace(".", t("shell.decimal_separator", lang))
    return t("chair.words.every_hours" if hours == 1 else "chair.words.every_hours_plural", lang, hours=text)


def format_minutes(minutes: float) -> str:
    return f"{minutes:g}"
