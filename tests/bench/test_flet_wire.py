"""The protocol-level device (``tests/support/flet_wire.py``) against the real app in a subprocess.

No browser: N wire clients register with the real Flet server, get their first screen, follow a
change made by another device, reconnect after a cut, and keep a mirror of the control tree that
matches what a freshly connected device receives. These are the facts the device bench relies on.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "e2e"))

from harness import AppProcess  # noqa: E402
from test_logger_support import seed_running_meeting  # noqa: E402

from tests.support.flet_wire import WireClient, WireError  # noqa: E402

pytestmark = pytest.mark.slow

ENTRY_LINE = "Invoerregel"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppProcess]:
    base = tmp_path_factory.mktemp("wire")
    seed_running_meeting(base / "data", "Wire crisis")
    with AppProcess(base / "data", test_hooks=True, log_path=base / "app.log") as running:
        yield running


async def confirm_typed(
    logger: WireClient, text: str, number: str, watchers: list[WireClient]
) -> list[float]:
    """The logger types ``text`` on the entry line, Enter makes a draft, Enter on the page confirms
    it; returns each watcher's seconds from the confirm to the frame carrying ``number``."""
    await logger.wait_for(lambda c: c.has_text("Concepten (0)"), timeout=20)
    line = logger.find(lambda c: c.get("_c") == "TextField" and c.get("label") == ENTRY_LINE)[0]
    await logger.submit(line, text)
    await logger.wait_for(lambda c: c.has_text("Concepten (1)"), timeout=20)
    watches = [w.watch(rf"{number}(?![0-9])") for w in watchers]
    sent = time.perf_counter()
    await logger.press_key("Enter")
    await asyncio.wait_for(asyncio.gather(*(w.event.wait() for w in watches)), timeout=20)
    return [w.seen - sent for w in watches if w.seen is not None]


def test_devices_get_their_screen_and_a_change_made_elsewhere(app: AppProcess) -> None:
    async def scenario() -> None:
        routes = ["/wand", "/wand", "/voorzitter", "/logger", "/wand"]
        devices = [await WireClient(app.url, route).connect() for route in routes]
        logger = await WireClient(app.url, "/logger").connect()
        try:
            for device in [*devices, logger]:
                await device.wait_for(WireClient.has_screen, timeout=20)
                assert device.first_screen_at is not None and device.connected_at is not None
                assert device.session_id
            assert len({d.session_id for d in [*devices, logger]}) == len(devices) + 1  # a session each
            for wall in devices[:2]:
                assert wall.has_text("Wandscherm")
                assert wall.find_by_text(r"^\d\d:\d\d:\d\d$", kind="Text")  # the wall clock
            chair = devices[2]
            await chair.click(chair.clickable(r"^Besluiten"))  # the chair's panel with decisions
            await chair.wait_for(lambda c: c.has_text("Nog geen bevestigde besluiten"), timeout=20)

            seconds = await confirm_typed(logger, "besluit wire proef gaat vandaag in", "B-1", devices)
            assert len(seconds) == len(devices) and all(0 < s < 20 for s in seconds)
            for device in devices:  # the patches applied to each mirror really show the decision
                await device.wait_for(lambda c: c.has_text("B-1"), timeout=10)
            assert any("Wire proef" in s for s in devices[0].texts())
        finally:
            for device in [*devices, logger]:
                await device.close()

    asyncio.run(scenario())


def test_the_mirror_after_many_patches_equals_a_fresh_screen(app: AppProcess) -> None:
    """Patches applied one by one give the same decisions as the full screen a new device gets."""

    async def scenario() -> None:
        early = await WireClient(app.url, "/wand").connect()
        logger = await WireClient(app.url, "/logger").connect()
        try:
            await early.wait_for(WireClient.has_screen, timeout=20)
            before = early.stats.patches
            for k in range(3):
                line_text = f"besluit spiegel {'abc'[k]} gaat in"
                await confirm_typed(logger, line_text, f"Spiegel {'abc'[k]}", [early])
            assert early.stats.patches > before
            fresh = await WireClient(app.url, "/wand").connect()
            try:
                await fresh.wait_for(lambda c: c.has_text("Spiegel c"), timeout=20)
                entries = sorted(s for s in early.texts() if s.startswith("B-"))
                assert entries and entries == sorted(s for s in fresh.texts() if s.startswith("B-"))
            finally:
                await fresh.close()
        finally:
            await early.close()
            await logger.close()

    asyncio.run(scenario())


def test_stored_role_comes_from_the_device_preferences(app: AppProcess) -> None:
    """The server asks the browser's SharedPreferences for the role; the client answers."""

    async def scenario() -> None:
        async with WireClient(app.url, "/", prefs={"cmt.role": "wand"}) as device:
            await device.wait_for(lambda c: c.route == "/wand" and c.has_text("Besluiten"), timeout=20)
            assert device.stats.invokes >= 4  # three preferences read, one push_route
        async with WireClient(app.url, "/") as newcomer:  # nothing stored: the role picker
            await newcomer.wait_for(WireClient.has_screen, timeout=20)
            assert newcomer.route == "/"  # no push_route came
            for role in ("Voorzitter", "Logger", "Wandscherm"):  # the role picker's cards
                assert newcomer.clickable(role)["_c"].endswith("Button")

    asyncio.run(scenario())


def test_a_cut_device_reconnects_to_its_session_and_shows_what_changed(app: AppProcess) -> None:
    async def scenario() -> None:
        wall = await WireClient(app.url, "/wand").connect()
        logger = await WireClient(app.url, "/logger").connect()
        try:
            await wall.wait_for(WireClient.has_screen, timeout=20)
            session = wall.session_id
            await wall.cut()
            assert not wall.is_open
            with pytest.raises(WireError):
                await wall.press_key("Escape")
            await confirm_typed(logger, "besluit terwijl weg gaat in", "Terwijl weg", [logger])
            await wall.connect()
            await wall.wait_for(lambda c: c.has_text("Terwijl weg"), timeout=20)
            assert wall.session_id == session  # the same server session, re-attached
        finally:
            await wall.close()
            await logger.close()

    asyncio.run(scenario())
