"""Scenario data played through the real Room: the demo crisis and the player's rules."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from assistant.demo import DEMO_SCENARIO, build_demo_crisis
from assistant.demo.scenario import ScenarioError, load_scenario, play_scenario
from assistant.domain.entries import DraftState, EntryKind, TaskStatus, verify_chain
from assistant.storage.tinydb_repo import TinyDBRepository

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2025, 3, 14, 16, 5, tzinfo=AMSTERDAM)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("scenario") / "data"
    with TinyDBRepository(folder, fsync=False) as repo:
        build_demo_crisis(repo, NOW, crisis_id="demo")
    return folder


@pytest.fixture
def demo(demo_dir):
    with TinyDBRepository(demo_dir, read_only=True) as repo:
        yield repo


def test_demo_is_written_by_the_room_with_an_advancing_clock(demo):
    versions = demo.entry_versions("demo")
    assert verify_chain(versions) == [] and {v.kind for v in versions} == set(EntryKind)
    stamps = [v.confirmed_at for v in versions]
    assert stamps == sorted(stamps)  # each version at the minute the scenario played it
    assert stamps[-1] <= NOW.isoformat()
    # the meeting clock made the phase-change process entries, exactly as in the app
    assert any(v.change_note == "fasewissel" for v in versions)
    meetings = demo.list_meetings("demo")
    assert [m.number for m in meetings] == [1, 2, 3]
    assert meetings[0].ended_at and meetings[1].ended_at and not meetings[2].ended_at
    assert meetings[2].started_at == "2025-03-14T15:53:00+01:00"  # 12 minutes before NOW


def test_demo_goes_parser_to_drafts_to_confirm(demo):
    drafts = demo.list_drafts("demo")
    confirmed = [d for d in drafts if d.state is DraftState.CONFIRMED]
    entries = {v.entry_id: v for v in demo.entry_versions("demo")}
    # every confirmed entry of the logger came from a draft the parser (or a promotion) made
    assert confirmed and all(d.entry_id in entries for d in confirmed)
    assert all(entries[d.entry_id].draft_id == d.draft_id for d in confirmed)
    spoken = [d for d in confirmed if d.origin.source == "speech"]
    assert spoken and all(d.origin.transcript and d.origin.audio_end > d.origin.audio_start for d in spoken)
    assert {d.state for d in drafts} == set(DraftState)
    line_drafts = {i for line in demo.list_transcript("demo") for i in line.draft_ids}
    assert {d.draft_id for d in spoken} <= line_drafts


def test_demo_statuses_and_edits_are_new_versions(demo):
    by_number: dict[str, list] = {}
    for version in demo.entry_versions("demo"):
        by_number.setdefault(version.number, []).append(version)
    assert (
        by_number["A-1"][-1].status is TaskStatus.DONE
        and by_number["A-1"][-1].change_note == "status via S-1"
    )
    assert by_number["O-3"][-1].status is TaskStatus.IN_PROGRESS
    a4 = by_number["A-4"]
    assert [v.version for v in a4] == [1, 2] and a4[1].change_note == "bewerkt: deadline, deadline_words"
    assert a4[1].content.deadline == "2025-03-14T15:25" and a4[1].content.deadline_words == "om 15:25"
    assert by_number["B-1"][0].content.ref == "V-1" and by_number["B-1"][0].confirmed_by == "voorzitter"


def _mini(steps: list[dict]) -> dict:
    return {
        "crisis": {"name": "Proef", "start": "2025-03-14T09:00:00+01:00", "default_stakeholders": False},
        "step": steps,
    }


def test_a_step_back_in_time_is_refused(tmp_path):
    scenario = _mini([{"at": 5, "do": "plan"}, {"at": 4, "do": "clock", "action": "start"}])
    with TinyDBRepository(tmp_path / "d", fsync=False) as repo, pytest.raises(ScenarioError):
        play_scenario(repo, scenario)


def test_unknown_action_and_missing_anchor_are_refused(tmp_path):
    with TinyDBRepository(tmp_path / "d", fsync=False) as repo:
        with pytest.raises(ScenarioError):
            play_scenario(repo, _mini([{"at": 1, "do": "dance"}]))
        relative = {"crisis": {"name": "Proef", "starts_before_anchor": 10}}
        with pytest.raises(ScenarioError):
            play_scenario(repo, relative)


def test_the_logger_corrects_what_the_parser_made(tmp_path):
    steps = [
        {"at": 1, "do": "plan"},
        {"at": 1, "do": "clock", "action": "start"},
        {
            "at": 2,
            "do": "type",
            "text": "opdracht aan hr lijst aanwezigen voor elf uur",
            "confirm": {"kind": "order", "text": "Lijst aanwezigen maken.", "owner": "hr", "deadline": 90},
        },
    ]
    with TinyDBRepository(tmp_path / "d", fsync=False) as repo:
        crisis = play_scenario(repo, _mini(steps), crisis_id="proef")
        [entry] = repo.entry_versions(crisis.crisis_id)
        [draft] = repo.list_drafts(crisis.crisis_id)
        assert repo.list_stakeholders(crisis.crisis_id) == []  # default_stakeholders = false
    assert draft.origin.transcript == "opdracht aan hr lijst aanwezigen voor elf uur"
    assert entry.number == "O-1" and entry.content.text == "Lijst aanwezigen maken."
    assert entry.content.deadline == "2025-03-14T10:30" and entry.confirmed_at == "2025-03-14T09:02:30+01:00"


def test_demo_scenario_file_is_the_one_played():
    scenario = load_scenario(DEMO_SCENARIO)
    assert scenario["crisis"]["name"] == "Brand in gebouw B" and len(scenario["step"]) > 50
