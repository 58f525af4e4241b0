"""Scenario data played through the real ``Room``: the demo crisis and test crises are data, not code.

Why: the demo and the test fixtures used to build log entries by hand, mirroring what the room does
(a second and third copy of the write path). A scenario instead says what happens in the room, at
what minute, and the player does it through the same calls the screens make: utterances and typed
lines go through the parser into drafts, the logger confirms (with corrections), rejects or leaves
them; the chair runs the clock, ticks tasks, sets statuses. The room's clock is advanced to each
step's minute, so every time stamp is what the app itself would have written.

Format (TOML; minutes are counted from the crisis's start, fractions allowed)::

    [crisis]                     name, organisation, timezone, cycle_minutes, id (optional),
                                 start ("2025-03-14T08:40:00+01:00") or starts_before_anchor (minutes),
                                 people = {role = "name"}, synonyms = {role = ["..."]},
                                 stakeholders = [[name, group, informed_by_role], ...] (added to
                                 the card's standard ones unless default_stakeholders = false)
    [[step]]  at = 20.5, do = "plan" | "clock" | "end" | "say" | "type" | "status" | "edit" |
                              "tick" | "individual" | "inform"
              ("status" and "edit" name the entry they change as entry = "A-4")

Text may name a moment as ``{t:MINUTES}`` (local "HH:MM"); ``deadline`` is given in minutes.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from assistant.app.room import ClockAction, Room, UtteranceInput
from assistant.domain.entries import CONTENT_FIELDS, Draft, EntryContent, EntryEdit, EntryKind, TaskStatus
from assistant.domain.errors import InvalidInput
from assistant.domain.meeting import Attendance, Crisis
from assistant.domain.roster import Roster
from assistant.storage.repository import Repository

Step = Mapping[str, Any]

_DEFAULTS = EntryContent(EntryKind.INFO, "")
_MOMENT = re.compile(r"\{t:(-?\d+(?:\.\d+)?)\}")


class ScenarioError(InvalidInput):
    """A scenario that cannot be played (a step out of time order, an unknown action or name)."""

    code = "scenario_invalid"


@dataclass
class ScenarioClock:
    """The room's time source while a scenario plays: only ever moves forward."""

    current: datetime

    def __call__(self) -> datetime:
        return self.current

    def advance_to(self, moment: datetime) -> None:
        if moment < self.current:
            raise ScenarioError(f"step at {moment:%H:%M:%S} is earlier than {self.current:%H:%M:%S}")
        self.current = moment


def load_scenario(path: Path) -> dict[str, Any]:
    with Path(path).open("rb") as handle:
        return tomllib.load(handle)


def play_scenario(
    repo: Repository,
    scenario: Mapping[str, Any],
    anchor: datetime | None = None,
    *,
    crisis_id: str | None = None,
    parser: Callable[..., list[Any]] | None = None,
) -> Crisis:
    """Play ``scenario`` into ``repo`` through a real ``Room``; returns the crisis.

    ``anchor`` (aware) places a scenario given as ``starts_before_anchor`` (the demo: "now"); a
    scenario with an absolute ``start`` ignores it.
    """
    spec = scenario["crisis"]
    zone = ZoneInfo(spec.get("timezone", "Europe/Amsterdam"))
    start = _start(spec, anchor, zone)
    clock = ScenarioClock(start)
    player = _Player(Room(repo, now=clock, parser=parser), clock, start, zone)
    crisis = player.create_crisis(spec, crisis_id or spec.get("id"))
    for step in scenario.get("step", []):
        player.play(step)
    return crisis


def _start(spec: Mapping[str, Any], anchor: datetime | None, zone: ZoneInfo) -> datetime:
    if "start" in spec:
        return datetime.fromisoformat(spec["start"]).astimezone(zone)
    if anchor is None:
        raise ScenarioError("this scenario is placed relative to an anchor time: pass one")
    moment = anchor.replace(tzinfo=zone) if anchor.tzinfo is None else anchor.astimezone(zone)
    return moment.replace(second=0, microsecond=0) - timedelta(minutes=float(spec["starts_before_anchor"]))


@dataclass
class _Player:
    """Plays steps in order; every step is one or a few calls a screen makes."""

    room: Room
    clock: ScenarioClock
    start: datetime
    zone: ZoneInfo
    crisis_id: str = ""
    audio_clock: float = 0.0  # seconds on the meeting's audio clock

    def at(self, minutes: float) -> datetime:
        return self.start + timedelta(minutes=float(minutes))

    def fill(self, text: str) -> str:
        return _MOMENT.sub(lambda m: f"{self.at(float(m.group(1))):%H:%M}", text)

    # --- crisis ---------------------------------------------------------------------------------------

    def create_crisis(self, spec: Mapping[str, Any], crisis_id: str | None) -> Crisis:
        roster = Roster.default()
        for role_id, person in spec.get("people", {}).items():
            roster = roster.update(role_id, person=person)
        for role_id, synonyms in spec.get("synonyms", {}).items():
            roster = roster.update(role_id, synonyms=tuple(synonyms))
        options: dict[str, Any] = {}
        if not spec.get("default_stakeholders", True):
            options["stakeholders"] = ()
        crisis = self.room.setup.create(
            spec["name"],
            spec.get("organisation", ""),
            timezone_name=str(self.zone),
            roster=roster,
            cycle_minutes=int(spec.get("cycle_minutes", 120)),
            crisis_id=crisis_id,
            **options,
        )
        self.crisis_id = crisis.crisis_id
        for name, group, informed_by in spec.get("stakeholders", []):
            self.room.chair_notes.add_stakeholder(crisis.crisis_id, name, group, informed_by or None)
        return crisis

    # --- steps ------------------------------------------------------------------------------------------

    def play(self, step: Step) -> None:
        action = step.get("do", "")
        handler = getattr(self, f"_do_{action}", None)
        if handler is None:
            raise ScenarioError(f"unknown scenario action {action!r}")
        self.clock.advance_to(self.at(step["at"]))
        handler(step)

    def _meeting_number(self) -> int:
        meeting = self.room.meetings.current(self.crisis_id)
        if meeting is None:
            raise ScenarioError("no meeting planned yet")
        return meeting.number

    def _do_plan(self, step: Step) -> None:
        planned = self.at(step["planned"]) if "planned" in step else None
        meeting = self.room.meetings.plan(self.crisis_id, planned, step.get("template"))
        if any(key in step for key in ("absent", "delegated", "guests", "present")):
            roles = [r.id for r in self.room.setup.get(self.crisis_id).roster.roles]
            absent = tuple(step.get("absent", ()))
            present = tuple(step.get("present", [r for r in roles if r not in absent]))
            attendance = Attendance(
                present, absent, dict(step.get("delegated", {})), tuple(step.get("guests", ()))
            )
            self.room.meetings.set_attendance(self.crisis_id, meeting.number, attendance)

    def _do_clock(self, step: Step) -> None:
        self.room.meetings.clock_action(
            self.crisis_id,
            self._meeting_number(),
            ClockAction(step["action"]),
            float(step.get("minutes", 1.0)),
            step.get("index"),
        )

    def _do_end(self, step: Step) -> None:
        next_at = self.at(step["next"]) if "next" in step else None
        self.room.meetings.end(self.crisis_id, self._meeting_number(), next_at)

    def _do_tick(self, step: Step) -> None:
        number = self._meeting_number()
        for item_id in step["items"]:
            self.room.meetings.tick(self.crisis_id, number, item_id)

    def _do_say(self, step: Step) -> None:
        text = step["text"]
        start = self.audio_clock
        words = self._words(text, tuple(step.get("low", ())), start)
        end = words[-1]["end"] if words else start
        self.audio_clock = end + 2.0
        confidence = round(sum(w["conf"] for w in words) / len(words), 2) if words else None
        utterance = UtteranceInput(text, self.clock.current, confidence, words, None, start, end)
        line, drafts = self.room.intake.add_utterance(self.crisis_id, utterance)
        promote = step.get("confirm", {}).get("kind") or step.get("promote")
        if not drafts and promote:  # the parser saw nothing: the logger makes a draft of the line
            drafts = [self.room.intake.promote_line(self.crisis_id, line.line_id, EntryKind(promote))]
        self._decide(step, drafts)

    def _do_type(self, step: Step) -> None:
        self._decide(step, self.room.intake.add_typed(self.crisis_id, step["text"]))

    def _decide(self, step: Step, drafts: list[Draft]) -> None:
        """The logger's decision on what the parser made: the first draft is confirmed (with the
        scenario's corrections) or rejected; any further drafts of the same line are rejected."""
        if not drafts or not ("confirm" in step or "reject" in step):
            return
        first, *extra = drafts
        if "confirm" in step:
            spec = step["confirm"]
            self.clock.advance_to(self.clock.current + timedelta(minutes=float(spec.get("after", 0.5))))
            self.room.intake.confirm_draft(
                self.crisis_id, first.draft_id, spec.get("by", "logger"), self._edit(spec, first.content)
            )
        else:
            spec = step["reject"]
            self.clock.advance_to(self.clock.current + timedelta(minutes=float(spec.get("after", 0.5))))
            self.room.intake.reject_draft(
                self.crisis_id, first.draft_id, spec.get("by", "logger"), spec["reason"]
            )
        for draft in extra:
            self.room.intake.reject_draft(self.crisis_id, draft.draft_id, "logger", "Dubbel concept.")

    def _edit(self, spec: Mapping[str, Any], parsed: EntryContent) -> EntryEdit:
        """The logger's corrections: the scenario's fields; what the scenario leaves out is cleared,
        except the phase, which the room took from the meeting clock."""
        changes: dict[str, Any] = {name: getattr(_DEFAULTS, name) for name in CONTENT_FIELDS}
        changes["phase"] = parsed.phase
        for name in CONTENT_FIELDS:
            if name in spec:
                changes[name] = self._value(name, spec[name])
        return EntryEdit(changes)

    def _value(self, name: str, value: Any) -> Any:
        if name == "deadline":
            return f"{self.at(value):%Y-%m-%dT%H:%M}"
        return self.fill(value) if isinstance(value, str) else value

    def _entry(self, step: Step) -> Any:
        entry = self.room.ledger.by_number(self.crisis_id).get(step["entry"])
        if entry is None:
            raise ScenarioError(f"no entry {step['entry']!r} to change")
        return entry

    def _do_status(self, step: Step) -> None:
        entry = self._entry(step)
        deadline = f"{self.at(step['new_deadline']):%Y-%m-%dT%H:%M}" if "new_deadline" in step else None
        self.room.ledger.set_status(
            self.crisis_id,
            entry.entry_id,
            TaskStatus(step["status"]),
            step.get("by", "voorzitter"),
            deadline,
            self.fill(step.get("note", "")),
        )

    def _do_edit(self, step: Step) -> None:
        entry = self._entry(step)
        changes = {name: self._value(name, step[name]) for name in CONTENT_FIELDS if name in step}
        self.room.ledger.edit(
            self.crisis_id, entry.entry_id, step.get("by", "logger"), EntryEdit(changes), step.get("note", "")
        )

    def _do_individual(self, step: Step) -> None:
        item = self.room.chair_notes.add_individual(
            self.crisis_id, step["kind"], self.fill(step["text"]), step.get("priority", "middel")
        )
        if step.get("checked"):
            self.room.chair_notes.check_individual(self.crisis_id, item.item_id)

    def _do_inform(self, step: Step) -> None:
        by_name = {s.name: s for s in self.room.chair_notes.stakeholders(self.crisis_id)}
        if step["name"] not in by_name:
            raise ScenarioError(f"no stakeholder {step['name']!r}")
        self.room.chair_notes.mark_informed(
            self.crisis_id, by_name[step["name"]].stakeholder_id, step.get("by", "voorzitter")
        )

    def _do_schema(self, step: Step) -> None:
        """A line of the communication schema (who in the team talks to whom)."""
        self.room.messages.add_link(self.crisis_id, step["role"], step["partner"], step.get("channel", "telefoon"),
                                    step.get("frequency", ""))

    def _do_message(self, step: Step) -> None:
        """The berichtenmanager's quick entry; ``log`` makes the logger turn it into that kind of entry,
        ``handled`` closes it."""
        message = self.room.messages.register_line(self.crisis_id, self.fill(step["line"]),
                                                   step.get("by", "berichtenmanager"))
        if step.get("route"):
            message = self.room.messages.route(self.crisis_id, message.message_id, step["route"])
        if step.get("log"):
            self.room.messages.to_entry(self.crisis_id, message.message_id, step["log"], step.get("log_by", "logger"))
        if step.get("handled"):
            self.room.messages.mark_handled(self.crisis_id, message.message_id)

    @staticmethod
    def _words(text: str, low: tuple[str, ...], start: float) -> tuple[dict[str, Any], ...]:
        """Word timings and confidences as the recogniser reports them (low ones marked doubtful)."""
        words, t = [], start
        for word in text.split():
            duration = 0.12 + 0.05 * len(word)
            conf = 0.52 if word in low else 0.93
            words.append({"word": word, "start": round(t, 2), "end": round(t + duration, 2), "conf": conf})
            t += duration + 0.08
        return tuple(words)
