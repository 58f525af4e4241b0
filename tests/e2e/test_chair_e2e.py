"""The chair's tablet end to end, in headless Chromium against the real app (one app per module).

The tests run in order and tell one story on one app process: pick the chair's role, create a
crisis, prepare and start the first meeting; the clock counts; the next item moves the hand; a
ticked prompt survives a reload and shows in a new tab; time runs over (test hook, no sleeping
minutes) and turns red; a second tab shows the same state and follows the first.
"""

from __future__ import annotations

import io
import re
import time
from typing import Any

import pytest
from harness import (
    button,
    click,
    fill,
    goto,
    is_checked,
    reload,
    text_of,
    wait_text,
    wait_until,
)

pytestmark = pytest.mark.e2e

REMAINING = re.compile(r"^Resterende tijd ")
HAND = re.compile(r"^Klokwijzer bij ")
TITLE = re.compile(r"^Huidig agendapunt: ")


def seconds(label: str) -> int:
    """'Resterende tijd -01:05, over tijd' -> -65."""
    match = re.search(r"(-?)(\d+):(\d\d)", label)
    assert match, label
    value = int(match.group(2)) * 60 + int(match.group(3))
    return -value if match.group(1) else value


class Story:
    app: Any = None
    context: Any = None
    page: Any = None
    second: Any = None


@pytest.fixture(scope="module")
def story(module_app_factory, browser):
    s = Story()
    s.app = module_app_factory()
    s.context = browser.context()
    s.page = s.context.new_page()
    yield s
    s.context.close()


def test_pick_role_create_crisis_and_start_the_first_meeting(story):
    page = story.page
    goto(page, story.app.url + "/")
    wait_text(page, "Kies de rol van dit apparaat")
    click(page, "Voorzitter")
    click(page, "Crisis kiezen of aanmaken")
    fill(page, "Naam van de crisis", "Brand in gebouw B")
    fill(page, "Organisatie", "Universiteit Oost")
    click(page, "Crisis aanmaken")
    click(page, "Overleg 1 voorbereiden")
    wait_text(page, re.compile(r"^Overleg 1 is voorbereid"))
    click(page, "Overleg 1 starten")
    wait_text(page, "Huidig agendapunt: Opening: doel, aanwezigheid, eindtijd", timeout=15_000)
    assert page.url.endswith("/voorzitter")
    # the card's start-up tasks and the working agreements are the checklist of the first meeting
    task = page.get_by_role("checkbox", name="Roept het crisisteam bijeen of laat dit doen.")
    task.wait_for(state="attached")
    wait_text(page, "Werkafspraken")


def test_the_clock_counts_every_second(story):
    page = story.page
    first = seconds(text_of(page, REMAINING))
    time.sleep(2.3)
    second = seconds(text_of(page, REMAINING))
    assert 1 <= first - second <= 4, (first, second)
    assert 0 < second <= 120  # the opening of the first meeting is 2 minutes


def test_next_item_moves_the_hand_and_reminds_once(story):
    page = story.page
    hand = text_of(page, HAND)
    assert "agendapunt 1 van 8" in hand
    click(page, "Volgend agendapunt")
    wait_text(page, "Huidig agendapunt: Werkafspraken: rollen, cyclus, telefoons")
    moved = text_of(page, HAND)
    assert "agendapunt 2 van 8" in moved and moved != hand
    # unticked prompts of the opening: one gentle reminder, not a blocker
    wait_text(page, re.compile(r"^Niet afgevinkt bij Opening"))


def test_ticked_prompt_survives_reload_and_shows_in_a_new_tab(story):
    page = story.page
    name = "Rollen en vervanging zijn bekend."
    assert not is_checked(page, name)
    click(page, name, role="checkbox")
    wait_until(lambda: is_checked(page, name), message="tick not shown")
    reload(page)
    wait_text(page, TITLE)
    assert is_checked(page, name)
    other = story.context.new_page()  # a new tab is a new session: it reads the stored tick
    goto(other, story.app.url + "/voorzitter")
    wait_text(other, TITLE)
    assert is_checked(other, name)
    other.close()


def red_share(page: Any, locator: Any) -> float:
    """Share of clearly red pixels in the element's box (the countdown turns red when over)."""
    from PIL import Image

    box = locator.bounding_box()
    png = page.screenshot(clip=box)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    data = image.tobytes()
    total = len(data) // 3
    red = sum(1 for i in range(0, len(data), 3) if data[i] > 200 and data[i + 1] < 120 and data[i + 2] < 120)
    return red / max(1, total)


def test_overrun_turns_red_with_negative_time(story):
    page = story.page
    remaining = seconds(text_of(page, REMAINING))
    assert remaining > 0
    assert red_share(page, page.get_by_text(REMAINING).first) < 0.01
    clicks = remaining // 60 + 1
    for _ in range(clicks):
        click(page, "Test: +1 minuut")
        time.sleep(0.3)
    label = wait_text(page, re.compile(r"^Resterende tijd -\d\d:\d\d, over tijd"), timeout=5_000)
    assert seconds(label.text_content()) < 0
    wait_until(
        lambda: red_share(page, page.get_by_text(REMAINING).first) > 0.03,
        timeout=5,
        message="the countdown is not drawn in red",
    )
    # "wat is de volgende tijd?": once the time saved in the opening is used up, the meeting ends late
    for _ in range(3):
        click(page, "Test: +1 minuut")
        time.sleep(0.3)
    wait_text(page, re.compile(r"\d+ min later dan gepland"))


def test_second_tab_shows_the_same_state_and_follows(story):
    page = story.page
    second = story.context.new_page()
    goto(second, story.app.url + "/voorzitter")
    wait_text(second, "Huidig agendapunt: Werkafspraken: rollen, cyclus, telefoons")
    a, b = seconds(text_of(page, REMAINING)), seconds(text_of(second, REMAINING))
    assert abs(a - b) <= 1, (a, b)
    # the second device ticks on its own
    before = text_of(second, REMAINING)
    wait_until(lambda: text_of(second, REMAINING) != before, timeout=3, message="second tab does not tick")
    # a change on the first tab shows on the second
    click(page, "Volgend agendapunt")
    started = time.monotonic()
    wait_text(second, "Huidig agendapunt: Beeldvorming", timeout=5_000)
    assert time.monotonic() - started < 3
    assert "agendapunt 3 van 8" in text_of(second, HAND)
    second.close()


def test_pause_resume_and_plus_minutes(story):
    page = story.page
    before = seconds(text_of(page, REMAINING))
    click(page, "+2 minuten")
    wait_until(lambda: seconds(text_of(page, REMAINING)) >= before + 100, message="+2 did not add time")
    click(page, "Pauze")
    button(page, "Hervatten").wait_for()
    wait_text(page, re.compile(r"gepauzeerd$"))
    paused = text_of(page, REMAINING)
    time.sleep(1.5)
    assert text_of(page, REMAINING) == paused
    click(page, "Hervatten")
    button(page, "Pauze").wait_for()


def test_language_and_theme_switch_are_remembered_per_browser(story):
    page = story.page
    click(page, "English")
    wait_text(page, re.compile(r"^Current item: "))
    button(page, "Next item").wait_for()
    click(page, "Light theme")
    button(page, "Dark theme").wait_for()
    other = story.context.new_page()
    goto(other, story.app.url + "/")  # the stored role leads to the chair's screen, in English
    wait_text(other, re.compile(r"^Current item: "), timeout=15_000)
    button(other, "Dark theme").wait_for()
    other.close()
    click(page, "Nederlands")
    click(page, "Donker thema")
    wait_text(page, TITLE)
    button(page, "Licht thema").wait_for()
