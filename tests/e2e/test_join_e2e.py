"""Devices in the room: a LAN client without the join code sees only the join page.

A tab counts as a LAN client through the test switch ``?as_client=192.0.2.10``, honoured only with
``--test-hooks`` (checked at the end with an app started without them).
"""

from __future__ import annotations

import re

import pytest
from harness import click, fill, wait_text
from test_logger_support import open_tab, seed_running_meeting, settings, visible_text

pytestmark = pytest.mark.e2e

REMOTE = "as_client=192.0.2.10"
JOIN_TITLE = "Deelnemen aan de crisisruimte"


@pytest.fixture(scope="module")
def app(module_app_factory, tmp_path_factory):
    data = tmp_path_factory.mktemp("join") / "data"
    seed_running_meeting(data)
    return module_app_factory(data)


def codes_from_devices_page(browser, app) -> tuple[str, str]:
    """The host (a local tab) reads both codes from the devices page, as a logger would."""
    context = browser.context()
    try:
        page = open_tab(context, app.url + "/apparaten")
        code = wait_text(page, re.compile(r"^Code voor voorzitter en logger: ")).text_content() or ""
        view = (
            wait_text(page, re.compile(r"^Code voor het wandscherm \(alleen lezen\): ")).text_content() or ""
        )
        wait_text(page, "QR-code om deel te nemen")
        return code.split(": ")[-1].strip(), view.split(": ")[-1].strip()
    finally:
        context.close()


def identify(page, device: str, person: str | None) -> None:
    """The second step of joining: this device's name and who uses it (picked from the roster)."""
    wait_text(page, "Wie gebruikt dit apparaat?", timeout=15_000)
    fill(page, "Naam van dit apparaat", device)
    if person is not None:
        fill(page, "Persoon (uit de bezetting)", person)  # filters the roster's entries
        page.get_by_role("button").filter(has_text=re.compile(f"^{person}$")).first.click(timeout=10_000)
    click(page, "Deelnemen")


def test_lan_client_without_code_sees_only_the_join_page(app, browser):
    context = browser.context()
    for route in ("/logger", "/voorzitter", "/wand", "/", "/apparaten"):
        page = open_tab(context, f"{app.url}{route}?{REMOTE}")
        wait_text(page, JOIN_TITLE, timeout=15_000)
        shown = visible_text(page)
        assert "Concepten" not in shown and "Logboek" not in shown and "Besluiten" not in shown, route
        assert "Code voor" not in shown  # the codes themselves are never shown to a stranger
        page.close()
    # a wrong code is refused with a clear message
    page = open_tab(context, f"{app.url}/logger?{REMOTE}")
    fill(page, "Toegangscode", "AAAAAA")
    click(page, "Deelnemen")
    wait_text(page, "Die code klopt niet. Controleer de code op het scherm van de logger.")
    assert "Concepten" not in visible_text(page)
    context.close()


def test_right_code_opens_the_app_and_is_remembered(app, browser):
    code, _view = codes_from_devices_page(browser, app)
    stored = settings(app.data_dir)["access"]
    assert code.replace("-", "") == stored["code"]
    context = browser.context()
    page = open_tab(context, f"{app.url}/logger?{REMOTE}")
    wait_text(page, JOIN_TITLE, timeout=15_000)
    fill(page, "Toegangscode", code.lower())
    click(page, "Deelnemen")
    identify(page, "Laptop logger", "Logger")
    wait_text(page, re.compile(r"^Concepten \(\d+\)"), timeout=15_000)
    # another tab of the same browser (its token is stored) needs no code
    other = open_tab(context, f"{app.url}/logger?{REMOTE}")
    wait_text(other, re.compile(r"^Concepten \(\d+\)"), timeout=15_000)
    assert JOIN_TITLE not in visible_text(other)
    context.close()


def test_qr_link_with_the_code_lets_the_device_in(app, browser):
    code, _view = codes_from_devices_page(browser, app)
    context = browser.context()
    page = open_tab(context, f"{app.url}/join?code={code.replace('-', '')}&{REMOTE}")
    wait_text(page, "Wie gebruikt dit apparaat?", timeout=15_000)  # the code was right: who is it?
    identify(page, "Tablet voorzitter", "Voorzitter")
    wait_text(page, re.compile(r"Volgende fase|Vergaderklok|Voorzitter"), timeout=15_000)
    context.close()


def test_wall_screen_code_opens_only_the_read_only_wall(app, browser):
    _code, view = codes_from_devices_page(browser, app)
    context = browser.context()
    page = open_tab(context, f"{app.url}/wand?{REMOTE}")
    wait_text(page, JOIN_TITLE, timeout=15_000)
    fill(page, "Toegangscode", view)
    click(page, "Deelnemen")
    identify(page, "Beamer", None)
    wait_text(page, "Alleen lezen", timeout=15_000)
    wait_text(page, "Besluiten")
    assert not page.get_by_role("textbox").count()  # nothing to type into: read-only
    # this device cannot open an editing screen: it is sent back to the wall
    for route in ("/logger", "/voorzitter"):
        other = open_tab(context, f"{app.url}{route}?{REMOTE}")
        wait_text(other, "Alleen lezen", timeout=15_000)
        assert "Concepten" not in visible_text(other) and "Invoerregel" not in visible_text(other)
        other.close()
    context.close()


def test_without_test_hooks_the_switch_is_ignored(app_factory, browser, tmp_path):
    data = tmp_path / "data"
    seed_running_meeting(data)
    plain = app_factory(data, test_hooks=False)
    context = browser.context()
    page = open_tab(context, f"{plain.url}/logger?{REMOTE}")
    wait_text(page, re.compile(r"^Concepten \(\d+\)"), timeout=15_000)  # it is the host's own browser
    assert JOIN_TITLE not in visible_text(page)
    context.close()
