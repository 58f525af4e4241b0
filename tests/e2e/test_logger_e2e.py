"""The logger's screen end to end, in headless Chromium against the real app (one app per module).

One story on one app process with two tabs (chair, logger): a typed order appears as a draft in the
logger tab, is confirmed with the keyboard, shows as O-1 on the chair's tab and is in the TinyDB
file; an edit creates version 2 and keeps version 1; the keyboard changes kinds, edits deadlines in
Dutch words and rejects with a reason; a spoken-style status update is linked to the right entry;
the decision and action lists and the filters show the right entries.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from harness import click, fill, wait_text, wait_until
from test_logger_support import (
    TYPED_ORDER,
    leave_field,
    open_tab,
    press,
    read_data,
    seed_running_meeting,
    type_line,
    versions,
    wait_gone,
)

pytestmark = pytest.mark.e2e


def expected_deadline(words: str):  # noqa: ANN201
    """What the parser makes of ``words`` now (12-hour times resolve to the next occurrence)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from assistant.domain.parser import parse_deadline

    now = datetime.now(ZoneInfo("Europe/Amsterdam")).replace(tzinfo=None, second=0, microsecond=0)
    return parse_deadline(words, now=now)


class Story:
    app: Any = None
    crisis_id: str = ""
    context: Any = None
    chair: Any = None
    logger: Any = None


@pytest.fixture(scope="module")
def story(module_app_factory, browser, tmp_path_factory):
    s = Story()
    data = tmp_path_factory.mktemp("logger") / "data"
    s.crisis_id = seed_running_meeting(data)
    s.app = module_app_factory(data)
    s.context = browser.context()
    s.chair = open_tab(s.context, s.app.url + "/voorzitter")
    s.logger = open_tab(s.context, s.app.url + "/logger")
    wait_text(s.logger, re.compile(r"^Concepten \(\d+\)", re.M), timeout=20_000)
    yield s
    s.context.close()


def test_typed_order_becomes_a_draft_confirmed_with_enter_and_shows_as_o1_on_the_chair(story):
    logger, chair = story.logger, story.chair
    type_line(logger, TYPED_ORDER)
    wait_text(logger, "Concepten (1)")
    wait_text(logger, re.compile(r"^Lijst aanwezigen", re.M))  # the parser made the text and the kind
    wait_text(logger, "Opdracht")
    wait_text(logger, re.compile(r"HR"))
    leave_field(logger)
    press(logger, "Enter")  # keyboard first: Enter confirms the selected (oldest) draft
    wait_text(logger, "Concepten (0)")
    wait_text(logger, re.compile(r"^O-1 · Opdracht", re.M))
    # the chair's tablet shows it within moments (its "Besluiten" panel counts and lists it)
    click(chair, re.compile(r"^Besluiten"), timeout=5_000)
    wait_text(chair, re.compile(r"O-1"), timeout=5_000)
    # and it is in the TinyDB file, sealed as version 1
    stored = [v for v in versions(story.app.data_dir, story.crisis_id) if v.number == "O-1"]
    assert len(stored) == 1 and stored[0].version == 1
    # "voor elf uur": the first eleven o'clock after the moment it was said (11:00 or 23:00)
    assert stored[0].content.owner == "hr" and stored[0].content.deadline[11:16] in ("11:00", "23:00")
    assert stored[0].confirmed_by == "logger @ host" and stored[0].status.value == "open"


def test_editing_a_confirmed_entry_creates_version_2_and_keeps_version_1(story):
    logger = story.logger
    click(logger, "Bewerken O-1")
    fill(logger, "Tekst", "Lijst van alle aanwezigen in gebouw B, uiterlijk 11:00.")
    fill(logger, "Waarom gecorrigeerd?", "gebouw toegevoegd")  # (Flutter takes typing only after a click)
    time.sleep(0.3)
    click(logger, "Opslaan")
    wait_text(logger, "versie 2")
    wait_text(logger, re.compile(r"^Lijst van alle aanwezigen in gebouw B", re.M))
    stored = [v for v in versions(story.app.data_dir, story.crisis_id) if v.number == "O-1"]
    assert [v.version for v in stored] == [1, 2]
    assert stored[0].content.text.startswith("Lijst aanwezigen")  # version 1 untouched
    assert (
        stored[1].content.text.startswith("Lijst van alle aanwezigen")
        and stored[1].change_note == "gebouw toegevoegd"
    )
    # the history is visible: both versions
    click(logger, "Geschiedenis O-1")
    wait_text(logger, "Geschiedenis van O-1")
    wait_text(logger, re.compile(r"^Versie 1 · ", re.M))
    wait_text(logger, re.compile(r"^Versie 2 · .*gebouw toegevoegd", re.M))
    click(logger, "Sluiten")
    wait_gone(logger, "Geschiedenis van O-1")


def test_keyboard_changes_kind_edits_deadline_in_words_and_rejects_with_reason(story):
    logger = story.logger
    type_line(logger, "ter informatie de stroom in gebouw c is uitgevallen")
    type_line(logger, "ik stel voor dat we de pers om twee uur informeren")
    wait_text(logger, "Concepten (2)")
    leave_field(logger)
    # 3 = actie: the oldest (selected) draft becomes an action
    press(logger, "3")
    wait_text(logger, re.compile(r"^Actie\s+\[3\]", re.M), timeout=5_000)  # kind chip and its key
    # E edits: owner from the roster, deadline in Dutch words
    press(logger, "e")
    owner = logger.get_by_role("textbox", name="Eigenaar", exact=True).first
    owner.wait_for(state="attached")
    owner.click()
    logger.get_by_role("button", name=re.compile(r"^Facilitair", re.M)).first.click()
    deadline = logger.get_by_role("textbox", name="Deadline").first
    deadline.click()
    deadline.fill("half drie")
    expected = expected_deadline("half drie")  # 14:30, or 02:30 tonight when said after half past two
    wait_text(logger, expected.text)  # the parser's reading is shown while typing
    press(logger, "Enter")  # Enter in a field of the edit form confirms with the edits
    wait_text(logger, "Concepten (1)")
    wait_text(logger, re.compile(r"^A-1 · Actie", re.M))
    stored = [v for v in versions(story.app.data_dir, story.crisis_id) if v.number == "A-1"][-1]
    assert stored.content.owner == "facilitair" and stored.content.deadline == expected.deadline
    assert stored.content.deadline_words == "half drie" and stored.content.deadline[11:16] in (
        "14:30",
        "02:30",
    )
    # R rejects the proposal, with a reason
    leave_field(logger)
    press(logger, "r")
    fill(logger, re.compile(r"^Reden"), "alleen een voorstel")
    press(logger, "Enter")
    wait_text(logger, "Concepten (0)")
    with read_data(story.app.data_dir) as repo:
        rejected = [d for d in repo.list_drafts(story.crisis_id) if d.state.value == "rejected"]
    assert len(rejected) == 1 and rejected[0].reject_reason == "alleen een voorstel"


def test_spoken_status_update_is_linked_to_the_right_entry(story):
    logger = story.logger
    type_line(logger, "actie een is gereed")
    wait_text(logger, re.compile(r"^Status van A-1 \(.*\) wordt: gereed", re.M))
    leave_field(logger)
    press(logger, "Enter")
    wait_text(logger, re.compile(r"^S-1 · Status", re.M))
    latest = [v for v in versions(story.app.data_dir, story.crisis_id) if v.number == "A-1"][-1]
    assert latest.status.value == "done" and latest.version == 2


def test_decision_and_action_lists_filters_search_and_status_buttons(story):
    logger = story.logger
    type_line(logger, "besluit we sluiten gebouw c vandaag voor publiek")
    wait_text(logger, "Concepten (1)")
    leave_field(logger)
    press(logger, "Enter")
    wait_text(logger, re.compile(r"^B-1 · Besluit", re.M))
    click(logger, "Besluitenlijst")
    wait_gone(logger, re.compile(r"^O-1 · Opdracht", re.M))
    wait_text(logger, re.compile(r"^B-1 · Besluit", re.M))
    click(logger, "Actielijst")
    wait_text(logger, re.compile(r"^O-1 · Opdracht", re.M))
    wait_text(logger, re.compile(r"^A-1 · Actie", re.M))
    wait_gone(logger, re.compile(r"^B-1 · Besluit", re.M))
    # a status change of an order from the list (mouse)
    click(logger, "O-1 gereed")
    wait_text(logger, re.compile(r"^S-2 · Status|O-1: gereed", re.M))
    wait_until(
        lambda: (
            [v for v in versions(story.app.data_dir, story.crisis_id) if v.number == "O-1"][-1].status.value
            == "done"
        ),
        timeout=5,
    )
    # search in the whole log
    click(logger, "Logboek")
    search = logger.get_by_role("textbox", name="Zoeken in het logboek").first
    search.click()
    search.fill("publiek")
    wait_text(logger, re.compile(r"^B-1 · Besluit", re.M))
    wait_gone(logger, re.compile(r"^O-1 · Opdracht", re.M))
    search.fill("")
    leave_field(logger)
    wait_text(logger, re.compile(r"^O-1 · Opdracht", re.M))


def test_wall_screen_shows_decisions_and_open_actions_read_only(story):
    wall = open_tab(story.context, story.app.url + "/wand")
    wait_text(wall, "Besluiten", timeout=15_000)
    wait_text(wall, re.compile(r"^B-1 We sluiten gebouw c", re.M))
    wait_text(wall, "Alleen lezen")
    assert not wall.get_by_role("textbox").count()  # nothing to edit on the wall
    # a decision confirmed on the logger's laptop appears on the wall
    type_line(story.logger, "actie voor de woordvoerder persbericht opstellen voor het volgende overleg")
    wait_text(story.logger, "Concepten (1)")
    leave_field(story.logger)
    press(story.logger, "Enter")
    wait_text(wall, re.compile(r"Persbericht opstellen"), timeout=5_000)  # open action, in large type
    wait_text(wall, re.compile(r"^Overleg 1"), timeout=5_000)
    wall.close()


def test_screenshots_on_a_realistic_crisis(app_factory, browser, tmp_path):
    """The logger's and the wall screen on the demo crisis ('Brand in gebouw B'), for the README."""
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    shots = repo / "docs" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    data = tmp_path / "demo"
    subprocess.run(
        [sys.executable, "-m", "assistant", "--data-dir", str(data), "demo-data"],
        cwd=repo,
        check=True,
        capture_output=True,
    )
    app = app_factory(data)
    context = browser.context()
    logger = open_tab(context, app.url + "/logger")
    wait_text(logger, re.compile(r"^Concepten \(\d+\)"), timeout=20_000)
    type_line(logger, "opdracht aan facilitair extra beveiliging bij de ingang van gebouw a voor half zes")
    leave_field(logger)
    time.sleep(1.5)
    logger.screenshot(path=str(shots / "logger-landscape.png"))
    logger.set_viewport_size({"width": 800, "height": 1280})
    time.sleep(1.5)
    logger.screenshot(path=str(shots / "logger-portrait.png"))
    wall = open_tab(context, app.url + "/wand")
    wait_text(wall, "Alleen lezen", timeout=15_000)
    time.sleep(1.5)
    wall.screenshot(path=str(shots / "wall-landscape.png"))
    wall.set_viewport_size({"width": 800, "height": 1280})
    time.sleep(1.5)
    wall.screenshot(path=str(shots / "wall-portrait.png"))
    context.close()
