"""Per-row updates over the real websocket (issue 15): rows kept by id (isolated Flet controls, whose
insides a list update does not walk) still end up exactly as a freshly connected device sees them.

Real app in a subprocess, real Flet server, protocol-level devices (``tests/support/flet_wire.py``):
a logger and a chair (its "Besluiten" panel open) follow three confirms made by another logger;
their mirrors, built from the patches alone, must show the same entries as new devices."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "e2e"))
sys.path.insert(0, str(REPO / "tests" / "bench"))

from harness import AppProcess  # noqa: E402
from test_flet_wire import app, confirm_typed  # noqa: E402, F401 - the app fixture

from tests.support.flet_wire import WireClient  # noqa: E402

pytestmark = pytest.mark.slow


async def open_chair_decisions(url: str) -> WireClient:
    chair = await WireClient(url, "/voorzitter").connect()
    await chair.wait_for(WireClient.has_screen, timeout=20)
    await chair.click(chair.clickable(r"^Besluiten"))
    await chair.wait_for(lambda c: c.has_text("Besluiten en opdrachten van dit overleg"), timeout=20)
    return chair


def numbers(device: WireClient) -> list[str]:
    """The entry numbers the device shows (B-1 ...), from its mirrored control tree."""
    return sorted({word for s in device.texts() for word in s.split() if word.startswith("B-")})


def test_followers_built_from_patches_equal_fresh_devices(app: AppProcess) -> None:  # noqa: F811
    async def scenario() -> None:
        actor = await WireClient(app.url, "/logger").connect()
        logger = await WireClient(app.url, "/logger").connect()
        chair = await open_chair_decisions(app.url)
        try:
            await logger.wait_for(WireClient.has_screen, timeout=20)
            for k in "abc":
                await confirm_typed(actor, f"besluit rij {k} gaat in", f"Rij {k}", [logger, chair])
            fresh_logger = await WireClient(app.url, "/logger").connect()
            fresh_chair = await open_chair_decisions(app.url)
            try:
                await fresh_logger.wait_for(lambda c: c.has_text("Rij c"), timeout=20)
                assert numbers(logger) == numbers(fresh_logger) == ["B-1", "B-2", "B-3"]
                assert numbers(chair) == numbers(fresh_chair) == ["B-1", "B-2", "B-3"]
                rows = [s for s in logger.texts() if "Rij" in s]
                assert sorted(rows) == sorted(s for s in fresh_logger.texts() if "Rij" in s)
            finally:
                await fresh_logger.close()
                await fresh_chair.close()
        finally:
            for device in (actor, logger, chair):
                await device.close()

    asyncio.run(scenario())
