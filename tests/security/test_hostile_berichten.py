"""Issue 13's permissions at the protocol level: devices speaking Flet's websocket protocol directly
(no browser) against the real app, as in test_hostile_client.py (whose helpers this module uses).

* A wall device and a lid (member) device try the berichtenmanager's message register: a forged
  navigation to ``/berichten``, then every event a berichtenmanager's screen would answer (the quick
  entry's submit with a message, clicks on its buttons, a patched field value) fired at the very
  control ids a real berichtenmanager device was sent. The data folder stays byte-for-byte the same
  and the refusal is in the access log (on the host's ``/apparaten`` and on disk).
* A berichtenmanager device tries the logger's work: ``/logger``, the logger's ``Bevestigen`` ids and
  the Enter key that confirms a draft there. The draft stays a draft, the folder unchanged, the
  refusal logged.
* The checks can fail: the same berichtenmanager device first *does* register a message through the
  quick entry, and that changes the data folder.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from assistant.domain.entries import DraftState

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from harness import AppProcess  # noqa: E402
from hostile_client import HostileClient  # noqa: E402
from test_hostile_client import (  # noqa: E402
    JOIN_TITLE,
    codes,
    fingerprint,
    host_log,
    join,
    refusals_on_disk,
)
from test_logger_support import open_room, read_data, seed_running_meeting  # noqa: E402

pytestmark = pytest.mark.slow

QUICK_ENTRY = "Snelinvoer (Enter registreert)"
MESSAGE = "binnen: gemeente belt, wil om drie uur een update"
DRAFT_TEXT = "besluit de sporthal wordt opvanglocatie"
REGISTER_TEXTS = ("Berichten (", "Snelinvoer", "Communicatieschema")  # what only /berichten shows


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    data = tmp_path_factory.mktemp("hostile-berichten") / "data"
    crisis_id = seed_running_meeting(data)
    with open_room(data) as room:
        room.intake.add_typed(crisis_id, DRAFT_TEXT)
    proc = AppProcess(data).start()
    proc.crisis_id = crisis_id
    yield proc
    proc.stop()


def device(
    app: AppProcess, address: str, route: str, code: str, name: str, person: str, role: str | None
) -> HostileClient:
    """A LAN device (test switch ``as_client``) that joined with ``code`` and shows its home screen."""
    client = HostileClient(app.port)
    client.register(f"{route}?as_client={address}")
    assert client.pump(20, lambda: client.saw(JOIN_TITLE)), "the join page never came"
    join(client, code, name, person, role)
    return client


def berichten_desk(app: AppProcess) -> tuple[HostileClient, dict[str, int]]:
    """A real berichtenmanager device on /berichten, and the ids of its register controls."""
    code, _view = codes(app.data_dir)
    desk = device(app, "192.0.2.40", "/berichten", code, "Laptop 4", "Berichtenmanager", "berichtenmanager")
    assert desk.pump(20, lambda: desk.find("TextField", label=QUICK_ENTRY) is not None), "no register screen"
    ids = {"quick": desk.find("TextField", label=QUICK_ENTRY)}
    for cid, control in desk.controls.items():
        if control.get("content") in ("Nieuw bericht", "Afgehandeld", "Doorzetten") or control.get("_c") in (
            "Checkbox",
            "Dropdown",
            "PopupMenuButton",
        ):
            ids[f"{control.get('_c')}:{cid}"] = cid
    return desk, ids


def fire_register_actions(client: HostileClient, ids: dict[str, int]) -> None:
    """Everything a berichtenmanager's register would act on, at those ids, in this device's session."""
    client.patch(ids["quick"], {"value": MESSAGE})
    for cid in ids.values():
        client.event(cid, "submit", MESSAGE)
        client.event(cid, "click")
        client.event(cid, "change", "spoed")
        client.event(cid, "select", "logger")
    client.event(1, "keyboard_event", {"key": "F"})  # the register form's shortcut


def refused_routes(app: AppProcess, who: str) -> set[str]:
    """The routes refused to the device named ``who``, as the app wrote them to its access log file."""
    refused = refusals_on_disk(app.data_dir)
    return {r["action"] for r in refused if r["reason"] == "route_not_allowed" and who in r["who"]}


@pytest.mark.parametrize(
    ("address", "code_kind", "name", "person", "role"),
    [
        ("192.0.2.41", "view", "Beamer", "Wandscherm", None),
        ("192.0.2.42", "edit", "Tablet gast", "Voorzitter", "lid"),
    ],
    ids=["wall", "lid"],
)
def test_wall_and_lid_devices_cannot_reach_the_message_register(app, address, code_kind, name, person, role):
    desk, ids = berichten_desk(app)
    code, view_code = codes(app.data_dir)
    client = device(app, address, "/wand", view_code if code_kind == "view" else code, name, person, role)
    assert client.pump(20, lambda: client.saw("Alleen lezen"))
    before = fingerprint(app.data_dir)
    client.forget()
    client.patch(1, {"route": "/berichten"})
    client.route_change("/berichten")
    client.pump(3)
    for text in REGISTER_TEXTS:
        assert not client.saw(text), text
    assert client.find("TextField", label=QUICK_ENTRY) is None
    fire_register_actions(client, ids)
    for cid in list(client.controls):  # and every control it does have
        client.event(cid, "submit", MESSAGE)
        client.event(cid, "click")
    client.pump(5)
    assert fingerprint(app.data_dir) == before
    assert "route /berichten" in refused_routes(app, name)
    host = host_log(app)
    assert host.pump(10, lambda: host.saw(name)) and host.saw("route_not_allowed")
    for c in (client, desk, host):
        c.close()


def logger_confirm_ids(app: AppProcess) -> list[int]:
    """The ids of ``Bevestigen`` on a real logger screen (the host's own browser, loopback)."""
    logger = HostileClient(app.port)
    logger.register("/logger")
    assert logger.pump(20, lambda: logger.saw(DRAFT_TEXT)), "the logger never showed the draft"
    controls = logger.controls.items()
    found = [cid for cid, c in controls if "Bevestigen" in (c.get("content"), c.get("tooltip"))]
    logger.close()
    assert found, "no confirm control on the logger screen"
    return found


def test_berichtenmanager_device_registers_but_cannot_confirm_a_draft(app):
    confirm_ids = logger_confirm_ids(app)
    desk, ids = berichten_desk(app)
    # its own work, through the same protocol, does change the folder (so the checks below can fail)
    start = fingerprint(app.data_dir)
    desk.type_into(ids["quick"], MESSAGE)
    assert desk.pump(15, lambda: desk.saw("geregistreerd")), "the berichtenmanager could not register"
    assert fingerprint(app.data_dir) != start
    before = fingerprint(app.data_dir)
    desk.forget()
    desk.patch(1, {"route": "/logger"})
    desk.route_change("/logger")
    desk.pump(3)
    assert not desk.saw("Concepten") and not desk.saw(DRAFT_TEXT)
    for cid in confirm_ids:
        desk.event(cid, "click")
    for key in ("Enter", "1", "E", "R"):  # the logger's keys: confirm, kind, edit, reject
        desk.event(1, "keyboard_event", {"key": key})
    desk.pump(5)
    assert fingerprint(app.data_dir) == before
    with read_data(app.data_dir) as repo:
        assert {d.state for d in repo.list_drafts(app.crisis_id)} == {DraftState.PENDING}
    assert "route /logger" in refused_routes(app, "Laptop 4")
    host = host_log(app)
    assert host.pump(10, lambda: host.saw("Laptop 4")) and host.saw("route_not_allowed")
    for c in (desk, host):
        c.close()
