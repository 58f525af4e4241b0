from datetime import datetime, timedelta, timezone

import pytest

from assistant.domain.boboc import (
    ALL_ITEMS,
    CARD_TASKS,
    CHALLENGES,
    PHASE_PROMPTS,
    STARTUP_TASK_IDS,
    Phase,
    prompts_for,
    reflection_due,
    unticked,
)
from assistant.domain.errors import InvalidInput, NotFound
from assistant.domain.meeting import Crisis, Meeting, new_meeting, next_meeting_time, template
from assistant.domain.roster import Role, Roster

TZ = timezone(timedelta(hours=1))


def crisis() -> Crisis:
    return Crisis("c1", "Stroomstoring", "Universiteit", "2026-02-05T09:00:00+01:00")


def test_first_meeting_uses_the_first_template_and_follow_ups_start_with_controle():
    first = new_meeting(crisis(), 1, datetime(2026, 2, 5, 9, 30, tzinfo=TZ))
    second = new_meeting(crisis(), 2, datetime(2026, 2, 5, 11, 30, tzinfo=TZ))
    assert first.first and first.template == "eerste"
    assert not second.first and second.agenda[1].phase == "controle"


def test_meeting_and_crisis_round_trip():
    meeting = new_meeting(crisis(), 2, datetime(2026, 2, 5, 11, 30, tzinfo=TZ)).tick("beeldvorming.1", "x")
    assert Meeting.from_dict(meeting.to_dict()) == meeting
    assert Crisis.from_dict(crisis().to_dict()) == crisis()


def test_next_meeting_follows_the_cycle_from_the_planned_start():
    planned = datetime(2026, 2, 5, 10, 0, tzinfo=TZ)
    assert next_meeting_time(planned + timedelta(minutes=35), 120, planned) == datetime(
        2026, 2, 5, 12, 0, tzinfo=TZ
    )
    # a meeting that ran past the cycle: one cycle after its end, on a quarter hour
    late_end = datetime(2026, 2, 5, 12, 7, tzinfo=TZ)
    assert next_meeting_time(late_end, 120, planned) == datetime(2026, 2, 5, 14, 15, tzinfo=TZ)


def test_boboc_prompts_cover_every_phase_and_ids_are_unique():
    assert set(PHASE_PROMPTS) == set(Phase)
    ids = [item.id for group in PHASE_PROMPTS.values() for item in group]
    assert len(ids) == len(set(ids))
    assert "Logger, lees het besluit terug." in [i.nl for i in prompts_for("besluitvorming")]
    assert prompts_for(None) == () and prompts_for("onbekend") == ()
    assert len(CARD_TASKS) == 11 and len(STARTUP_TASK_IDS) == 7
    assert all(i.en and i.nl for i in ALL_ITEMS.values())
    assert any("Loslaten" in c.nl for c in CHALLENGES)


def test_unticked_reminder_lists_only_open_prompts():
    prompts = prompts_for(Phase.BESLUITVORMING)
    ticks = {prompts[0].id: "2026-02-05T10:00:00+01:00"}
    assert [p.id for p in unticked(prompts, ticks)] == [p.id for p in prompts[1:]]


@pytest.mark.parametrize(
    "number,hours,last,expected",
    [
        (3, 1.0, None, True),
        (6, 1.0, 3, True),
        (2, 1.0, None, False),
        (2, 4.5, None, True),
        (5, 4.5, 3, False),
    ],
)
def test_reflection_due(number, hours, last, expected):
    assert reflection_due(number, hours, last_reflection_meeting=last) is expected


def test_roster_defaults_edit_and_lookup():
    roster = Roster.default()
    assert len(roster.roles) == 10 and roster.get("security").label == "Beveiliging"
    roster = roster.update("ict", person="Lotte Smit")
    assert roster.get("ict").first_name == "Lotte"
    assert roster.ids().index("ict") == 7  # order kept
    roster = roster.with_role(Role("ggd", "GGD-adviseur"))
    assert roster.ids()[-1] == "ggd"
    with pytest.raises(NotFound):
        roster.get("nope")
    with pytest.raises(InvalidInput):
        Roster.from_list([{"role": "hr"}, {"role": "hr"}])


def test_corpus_roster_format_is_accepted():
    roster = Roster.from_list([{"role": "hr", "label": "HR", "name": "Peter de Boer"}])
    assert roster.get("hr").person == "Peter de Boer"


def test_unknown_template_is_invalid_input():
    with pytest.raises(InvalidInput):
        template("nope")
