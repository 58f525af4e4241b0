"""'Klaar voor het overleg': the checklist of the first hour in a crisis room.

Why a pure module: what "ready" means is a rule (crisis chosen, roster filled, agenda chosen, speech
model loaded, microphone heard something, logger and wall screen joined), and a rule is tested
without a browser. ``gather_facts`` reads what the rule needs from the room (blocking: call it from a
worker thread); ``checklist`` turns those facts into steps, each with the route that fixes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

#: Roster seats the meeting cannot run without: somebody chairs and somebody logs.
REQUIRED_SEATS = ("voorzitter", "logger")
#: Device roles that must have joined (``assistant.app.permissions`` role ids).
LOGGER_ROLE = "logger"
WALL_ROLE = "wand"


class Step(StrEnum):
    """One line of the readiness panel, in the order a team works through them."""

    CRISIS = "crisis"
    ROSTER = "roster"
    AGENDA = "agenda"
    MODEL = "model"
    MICROPHONE = "microphone"
    LOGGER = "logger"
    WALL = "wall"


#: Where each step is fixed, one tap away.
FIX_ROUTES: dict[Step, str] = {
    Step.CRISIS: "/start",
    Step.ROSTER: "/start",
    Step.AGENDA: "/start",
    Step.MODEL: "/spraak",
    Step.MICROPHONE: "/spraak",
    Step.LOGGER: "/apparaten",
    Step.WALL: "/apparaten",
}


@dataclass(frozen=True)
class ReadinessFacts:
    """What the checklist is computed from (all plain values: no room, no Flet)."""

    crisis: bool = False
    seats_filled: int = 0  # of REQUIRED_SEATS, how many have a person's name
    agenda: bool = False  # a meeting is prepared or running
    model_ready: bool = False
    heard: bool = False  # the microphone delivered sound since the app started
    device_roles: frozenset[str] = frozenset()  # roles of the devices joined now


@dataclass(frozen=True)
class Check:
    """One step: done or not, and the route that fixes it."""

    step: Step
    done: bool
    fix_route: str


def checklist(facts: ReadinessFacts) -> tuple[Check, ...]:
    """Every step with its state, in order. A later step may be done before an earlier one."""
    done = {
        Step.CRISIS: facts.crisis,
        Step.ROSTER: facts.crisis and facts.seats_filled >= len(REQUIRED_SEATS),
        Step.AGENDA: facts.crisis and facts.agenda,
        Step.MODEL: facts.model_ready,
        Step.MICROPHONE: facts.heard,
        Step.LOGGER: LOGGER_ROLE in facts.device_roles,
        Step.WALL: WALL_ROLE in facts.device_roles,
    }
    return tuple(Check(step, done[step], FIX_ROUTES[step]) for step in Step)


def is_ready(checks: Iterable[Check]) -> bool:
    return all(check.done for check in checks)


def seats_filled(roster: Any) -> int:
    """How many of the required seats have a person (``assistant.domain.roster.Roster``)."""
    people = {role.id: role.person.strip() for role in getattr(roster, "roles", ())}
    return sum(1 for seat in REQUIRED_SEATS if people.get(seat))


def gather_facts(room: Any, live: Any, device_roles: Iterable[str]) -> ReadinessFacts:
    """Read the facts: ``room`` (or its gateway) for crisis, roster and meeting (blocking disk
    reads), ``live`` the listening service's ``LiveState`` (or None without speech),
    ``device_roles`` the roles of the joined devices."""
    crisis_id = room.setup.active_id()
    crisis = room.setup.get(crisis_id) if crisis_id else None
    meeting = room.meetings.current(crisis_id) if crisis_id else None
    return ReadinessFacts(
        crisis=crisis is not None,
        seats_filled=seats_filled(crisis.roster) if crisis is not None else 0,
        agenda=meeting is not None and not getattr(meeting, "ended_at", None),
        model_ready=bool(live is not None and str(getattr(live, "model_status", "")) == "ready"),
        heard=bool(live is not None and getattr(live, "heard", False)),
        device_roles=frozenset(device_roles),
    )
