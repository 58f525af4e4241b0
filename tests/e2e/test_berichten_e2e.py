"""Issue #13 end to end, in headless Chromium against the real app: the berichtenmanager registers an
urgent incoming message for the CMT → it appears on the chair's tablet (alert) and on the logger's
screen (other tabs) → the logger turns it into an information need with one key (linked both ways) →
an outgoing message to the chair's stakeholder marks that stakeholder informed."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from harness import AppProcess, Browser, click, wait_text
from test_logger_support import open_room, open_tab, press, seed_running_meeting

pytestmark = pytest.mark.e2e

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def type_quick(page, text: str) -> None:
    page.bring_to_front()
    field = page.get_by_role("textbox", name="Snelinvoer (Enter registreert)").first
    field.wait_for(state="attached", timeout=15_000)
    for _ in range(3):
        field.click()
        field.fill(text)
        time.sleep(0.05)
        if field.input_value() == text:
            break
    page.keyboard.press("Enter")


def test_urgent_message_reaches_chair_and_logger_and_closes_the_stakeholder_loop(tmp_path: Path) -> None:
    data = tmp_path / "data"
    crisis_id = seed_running_meeting(data)
    with open_room(data) as room:
        room.messages.add_link(crisis_id, "voorzitter", "Gemeente", "telefoon", "na elk overleg")
    # without test hooks: the screenshots below are the screens as a user sees them (no "Test: +1 minuut")
    with AppProcess(data, test_hooks=False, env={"ASSISTANT_TEST_HOOKS": "0"}) as app, Browser() as browser:
        desk = open_tab(browser.context({"width": 1280, "height": 800}), app.url + "/berichten")
        chair = open_tab(browser.context({"width": 1280, "height": 800}), app.url + "/voorzitter")
        logger = open_tab(browser.context({"width": 1280, "height": 800}), app.url + "/logger")
        wait_text(desk, "Communicatieschema: wie communiceert met wie", timeout=20_000)

        type_quick(desk, "spoed: gemeente belt, wil om drie uur een update voor het cmt")
        wait_text(desk, "M-1", timeout=10_000)
        # the chair's tablet: a visible, non-blocking alert at once
        wait_text(chair, re.compile(r"SPOED: bericht M-1 .*Gemeente"), timeout=10_000)
        # the logger's screen: the message waits for the log; "B" makes it an information need
        wait_text(logger, re.compile(r"Berichten voor het CMT \(1\)"), timeout=10_000)
        logger.bring_to_front()
        time.sleep(0.5)
        press(logger, "b")
        wait_text(logger, re.compile(r"IB-1"), timeout=10_000)
        wait_text(desk, "in logboek: IB-1", timeout=10_000)
        with open_room_read(data) as repo:
            entry = next(e for e in repo.entry_versions(crisis_id) if e.number == "IB-1")
            message = next(m for m in repo.list_messages(crisis_id) if m.number == "M-1")
        assert entry.origin.source == "message" and entry.origin.transcript.startswith("M-1")
        assert message.entry_number == "IB-1" and entry.content.deadline_words == "om drie uur"
        assert entry.content.deadline == message.deadline and entry.content.deadline[11:] in ("03:00", "15:00")
        desk.screenshot(path=str(tmp_path / "desk.png"))

        # outgoing to the stakeholder: the chair's Stakeholders tab shows it informed, with the contact
        type_quick(desk, "uit: gemeente gebeld, update gegeven")
        wait_text(desk, "M-2", timeout=10_000)
        chair.bring_to_front()
        click(chair, "Stakeholders")
        wait_text(chair, re.compile(r"Gemeente \(burgemeester\): Laatste contact \d\d:\d\d \(M-2\)"), timeout=10_000)
        wait_text(chair, re.compile(r"laatst \d\d:\d\d door (host|berichtenmanager)"), timeout=10_000)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        desk.bring_to_front()
        desk.screenshot(path=str(SCREENSHOTS / "berichten-landscape.png"))
        chair.bring_to_front()  # a tab in the background keeps its last frame: show the one a user sees
        wait_text(chair, re.compile(r"Laatste contact \d\d:\d\d \(M-2\)"), timeout=10_000)
        time.sleep(0.5)
        assert chair.get_by_role("button", name=re.compile(r"^Test:")).count() == 0
        chair.screenshot(path=str(SCREENSHOTS / "chair-berichten-landscape.png"))


def open_room_read(data: Path):
    from assistant.storage.tinydb_repo import TinyDBRepository

    return TinyDBRepository(data, read_only=True)
