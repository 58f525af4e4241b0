"""Screenshots of the start screen and the chair's tablet for docs/screenshots (landscape and portrait).

Runs only with ``UPDATE_SCREENSHOTS=1``; the data is a realistic crisis seeded through the real
``Room`` with times in the past, so the clock is mid-meeting when the browser opens it. The app runs
as a user runs it: no test hooks (no "Test: +1 minuut" button on screen) and no model path in any
banner. The overrun pictures come from the same crisis seeded five minutes earlier, not from a
test control.
"""

from __future__ import annotations

import os
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from harness import LANDSCAPE, PORTRAIT, REPO, click, goto, wait_text

from assistant.domain.entries import EntryEdit, TaskStatus

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        os.environ.get("UPDATE_SCREENSHOTS") != "1", reason="set UPDATE_SCREENSHOTS=1 to update"
    ),
]

OUT = REPO / "docs" / "screenshots"
AMS = ZoneInfo("Europe/Amsterdam")


class Clock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def go(self, at: datetime) -> None:
        self.at = at


def seed_crisis(seed, data_dir: Path, earlier: timedelta = timedelta(0)) -> None:
    """``earlier``: everything happened that much longer ago (the current item runs over)."""
    now = datetime.now(UTC).replace(second=0, microsecond=0) - earlier
    clock = Clock(now - timedelta(hours=2, minutes=10))
    with seed(data_dir, now=clock, parser=lambda *a, **k: []) as room:
        crisis = room.setup.create("Brand in laboratoriumgebouw", "Universiteit Oost", cycle_minutes=120)
        cid = crisis.crisis_id
        roster = crisis.roster
        for role, person in (
            ("voorzitter", "Marieke de Boer"),
            ("crisiscoordinator", "Ahmed Yilmaz"),
            ("logger", "Sanne Visser"),
            ("communicatie", "Joost Bakker"),
            ("hr", "Ans de Vries"),
            ("facilitair", "Peter Jansen"),
        ):
            roster = roster.update(role, person=person)
        roster = roster.update("juridisch", present=False, delegate_to="crisiscoordinator")
        room.setup.update_roster(cid, roster)

        def confirm(text: str, kind: str, meeting_minutes: float, **fields: object) -> str:
            clock.go(clock.at + timedelta(minutes=meeting_minutes))
            draft = room.intake.add_typed(cid, text)[0]
            return room.intake.confirm_draft(
                cid, draft.draft_id, "logger", edit=EntryEdit.of(kind=kind, **fields)
            ).entry_id

        first = room.meetings.plan(cid, template_name="eerste")
        room.meetings.clock_action(cid, first.number, "start")
        for item in ("taak.1", "taak.2", "taak.3", "taak.4", "taak.6", "afspraak.1", "afspraak.3"):
            room.meetings.tick(cid, first.number, item)
        deadline = (now + timedelta(minutes=40)).astimezone(AMS).strftime("%Y-%m-%dT%H:%M")
        late = (now - timedelta(minutes=25)).astimezone(AMS).strftime("%Y-%m-%dT%H:%M")
        confirm(
            "Het laboratoriumgebouw blijft vandaag gesloten", "decision", 9, reason="rookschade, veiligheid"
        )
        confirm(
            "Facilitair regelt vervangende werkplekken in gebouw D",
            "order",
            4,
            owner="facilitair",
            deadline=late,
        )
        press = confirm(
            "Communicatie stelt een persbericht op", "order", 1, owner="communicatie", deadline=deadline
        )
        confirm("HR belt de medewerkers van het lab", "action", 1, owner="hr", deadline=deadline)
        clock.go(clock.at + timedelta(minutes=10))
        room.meetings.end(cid, first.number, now - timedelta(minutes=11))
        sh = room.chair_notes.stakeholders(cid)
        room.chair_notes.mark_informed(cid, sh[0].stakeholder_id)
        room.chair_notes.add_individual(cid, "task", "Burgemeester terugbellen over de afzetting", "hoog")
        room.chair_notes.add_individual(
            cid, "decision", "Toestemming externe schoonmaak gegeven (terugbrengen in overleg)"
        )

        clock.go(now - timedelta(minutes=10))
        second = room.meetings.plan(cid, now - timedelta(minutes=10), "vervolg30")
        room.meetings.clock_action(cid, second.number, "start")
        clock.go(clock.at + timedelta(seconds=50))
        room.meetings.clock_action(cid, second.number, "next")
        room.meetings.tick(cid, second.number, "controle.1")
        clock.go(clock.at + timedelta(minutes=2))
        room.ledger.set_status(cid, press, TaskStatus.IN_PROGRESS, "voorzitter")
        clock.go(clock.at + timedelta(minutes=1, seconds=30))
        room.meetings.clock_action(cid, second.number, "next")
        for item in ("beeldvorming.1", "beeldvorming.2", "beeldvorming.5"):
            room.meetings.tick(cid, second.number, item)
        confirm("Brandweer meldt: brand is meester, geen gewonden", "info", 2)
        confirm("Gebouw D wordt opvanglocatie voor het lab", "decision", 1, reason="dichtbij, labruimte vrij")
        soon = (now + timedelta(minutes=50)).astimezone(AMS).strftime("%Y-%m-%dT%H:%M")
        confirm("Facilitair richt gebouw D in als opvang", "order", 0.5, owner="facilitair", deadline=soon)


@pytest.fixture(scope="module")
def shots_app(module_app_factory, seed, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("shots") / "data"
    seed_crisis(seed, data_dir)
    return module_app_factory(data_dir=data_dir, test_hooks=False)


@pytest.fixture(scope="module")
def overrun_app(module_app_factory, seed, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("overrun") / "data"
    seed_crisis(seed, data_dir, earlier=timedelta(minutes=5))
    return module_app_factory(data_dir=data_dir, test_hooks=False)


def shoot(
    browser, url: str, name: str, viewport: dict[str, int], wait: str | re.Pattern[str], *clicks: str
) -> None:
    context = browser.context(viewport)
    page = context.new_page()
    goto(page, url)
    wait_text(page, wait, timeout=15_000)
    for label in clicks:
        click(page, label)
        time.sleep(0.4)
    time.sleep(1.2)  # let the clock tick and any snackbar disappear before the picture
    assert not page.get_by_text(re.compile(r"Test: |models install|/tmp/")).count(), "test traces on screen"
    OUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUT / name))
    context.close()
    assert (OUT / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_screenshots(shots_app, browser, orientation):
    viewport = LANDSCAPE if orientation == "landscape" else PORTRAIT
    url = shots_app.url
    shoot(browser, url + "/start", f"start-{orientation}.png", viewport, re.compile(r"^Overleg 2 loopt"))
    shoot(
        browser, url + "/voorzitter", f"chair-{orientation}.png", viewport, "Huidig agendapunt: Beeldvorming"
    )
    shoot(
        browser,
        url + "/voorzitter",
        f"chair-besluiten-{orientation}.png",
        viewport,
        "Huidig agendapunt: Beeldvorming",
        "Besluiten",
    )


def test_screenshot_overrun(overrun_app, browser):
    context = browser.context(LANDSCAPE)
    page = context.new_page()
    goto(page, overrun_app.url + "/voorzitter")
    wait_text(page, "Huidig agendapunt: Beeldvorming", timeout=15_000)
    assert not page.get_by_text("Test: +1 minuut").count()
    wait_text(page, re.compile(r"^Resterende tijd -\d\d:\d\d, over tijd"))
    time.sleep(4.5)  # snackbars gone
    page.screenshot(path=str(OUT / "chair-overrun-landscape.png"))
    page.set_viewport_size(PORTRAIT)
    time.sleep(2.5)  # rotation: the screen is laid out again
    page.screenshot(path=str(OUT / "chair-overrun-portrait.png"))
    page.set_viewport_size(LANDSCAPE)
    time.sleep(1.5)
    click(page, "Vorig agendapunt")  # back to Controle: open orders, overdue first, quick status buttons
    wait_text(page, re.compile(r"^Huidig agendapunt: Controle"))
    time.sleep(4.5)
    page.screenshot(path=str(OUT / "chair-controle-landscape.png"))
    context.close()
    for name in ("chair-overrun-landscape.png", "chair-overrun-portrait.png", "chair-controle-landscape.png"):
        assert (OUT / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
