"""The pure parts of issue #16: the readiness checklist, the next meeting before the start, and
which addresses other devices can reach (``--lan``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from assistant.app.lan import base_urls, reachable_addresses, system_interfaces
from assistant.app.readiness import FIX_ROUTES, ReadinessFacts, Step, checklist, is_ready, seats_filled
from assistant.domain.meeting import next_meeting_time, planned_next_meeting
from assistant.domain.roster import Roster

# --- readiness ---------------------------------------------------------------------------------------


def done_steps(facts: ReadinessFacts) -> list[Step]:
    return [c.step for c in checklist(facts) if c.done]


def test_a_fresh_room_is_not_ready_and_every_step_has_its_fix():
    checks = checklist(ReadinessFacts())
    assert [c.step for c in checks] == list(Step)
    assert not any(c.done for c in checks) and not is_ready(checks)
    assert {c.step: c.fix_route for c in checks} == FIX_ROUTES
    assert FIX_ROUTES[Step.MODEL] == "/spraak" and FIX_ROUTES[Step.LOGGER] == "/apparaten"


def test_steps_turn_green_one_by_one_until_ready():
    facts = ReadinessFacts(crisis=True)
    assert done_steps(facts) == [Step.CRISIS]
    facts = ReadinessFacts(crisis=True, seats_filled=1)
    assert done_steps(facts) == [Step.CRISIS]  # only the chair named: the logger is missing
    facts = ReadinessFacts(crisis=True, seats_filled=2, agenda=True)
    assert done_steps(facts) == [Step.CRISIS, Step.ROSTER, Step.AGENDA]
    facts = ReadinessFacts(crisis=True, seats_filled=2, agenda=True, model_ready=True, heard=True)
    assert Step.MICROPHONE in done_steps(facts) and Step.LOGGER not in done_steps(facts)
    facts = ReadinessFacts(True, 2, True, True, True, frozenset({"logger"}))
    assert not is_ready(checklist(facts))
    facts = ReadinessFacts(True, 2, True, True, True, frozenset({"logger", "wand"}))
    assert is_ready(checklist(facts))


def test_roster_and_agenda_count_only_with_a_crisis():
    facts = ReadinessFacts(crisis=False, seats_filled=2, agenda=True)
    assert done_steps(facts) == []


def test_seats_filled_counts_chair_and_logger_names():
    roster = Roster.default()
    assert seats_filled(roster) == 0
    roster = roster.update("voorzitter", person="Marieke de Boer")
    assert seats_filled(roster) == 1
    roster = roster.update("logger", person="  ")
    assert seats_filled(roster) == 1
    roster = roster.update("logger", person="Sanne Visser")
    assert seats_filled(roster) == 2


# --- next meeting before the start -------------------------------------------------------------------


def test_next_meeting_before_the_start_comes_from_the_plan_not_the_clock():
    start = datetime(2025, 11, 30, 22, 2, tzinfo=UTC)
    # 30 minutes planned, 60-minute cycle: start + cycle (23:02) rounded to the quarter: 23:15
    assert planned_next_meeting(start, 30 * 60, 60) == datetime(2025, 11, 30, 23, 15, tzinfo=UTC)
    # the meeting is longer than the cycle: one cycle after the planned end
    assert planned_next_meeting(start, 90 * 60, 60) == datetime(2025, 12, 1, 0, 45, tzinfo=UTC)


def test_next_meeting_before_the_start_is_what_closing_on_time_proposes():
    start = datetime(2025, 11, 30, 10, 0, tzinfo=UTC)
    planned = planned_next_meeting(start, 30 * 60, 120)
    assert planned == next_meeting_time(start + timedelta(minutes=30), 120, start)
    assert planned == datetime(2025, 11, 30, 12, 0, tzinfo=UTC)


def test_next_meeting_without_plan_or_cycle_is_unknown():
    start = datetime(2025, 11, 30, 10, 0, tzinfo=UTC)
    assert planned_next_meeting(None, 1800, 60) is None
    assert planned_next_meeting(start, 1800, 0) is None
    assert planned_next_meeting(start, 1800, None) is None


# --- --lan addresses -------------------------------------------------------------------------------

ROOM = {
    "lo": ["127.0.0.1", "::1", "00:00:00:00:00:00"],
    "eth0": ["192.0.2.2", "fd00::2", "fe80::fc:ff:fe00:1%eth0", "02:fc:00:00:00:01"],
    "wlan0": ["10.1.2.3"],
}


def test_all_interfaces_gives_every_reachable_address_never_loopback():
    assert reachable_addresses("::", ROOM) == ["192.0.2.2", "10.1.2.3", "fd00::2"]
    assert reachable_addresses("0.0.0.0", ROOM) == ["192.0.2.2", "10.1.2.3"]
    assert reachable_addresses("::", ROOM, preferred="10.1.2.3")[0] == "10.1.2.3"


def test_one_bound_address_is_the_only_one_and_loopback_is_none():
    assert reachable_addresses("192.0.2.2", ROOM) == ["192.0.2.2"]
    assert reachable_addresses("[fd00::2]", ROOM) == ["fd00::2"]
    assert reachable_addresses("127.0.0.1", ROOM) == []
    assert reachable_addresses("::1", ROOM) == []


def test_urls_bracket_ipv6_and_the_real_machine_has_its_addresses():
    urls = base_urls("::", 8600, ROOM)
    assert "http://[fd00::2]:8600" in urls and "http://192.0.2.2:8600" in urls
    assert not any("127.0.0.1" in u or "[::1]" in u for u in urls)
    real = system_interfaces()
    assert "127.0.0.1" not in reachable_addresses("::", real)
