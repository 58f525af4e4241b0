"""Issue 17 at the protocol level: another team's order waits on the logger's screen; a wall device
speaking Flet's websocket protocol cannot answer it nor reach the host's link settings.

The real app runs as a subprocess (test hooks on, loopback) on a data folder holding a draft that the
teams service made of central's order (``incoming_draft``). No nats-server is needed: answering only
writes our own log. The host's browser (loopback) sees the draft marked "van team Centraal" with
Accept and Decline, and the host-only ``/teams`` page; the wall device sees neither and, after
pressing everything it was sent, the data folder is byte-for-byte unchanged.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import AppProcess  # noqa: E402
from hostile_client import HostileClient  # noqa: E402
from test_hostile_client import fingerprint, joined_wall  # noqa: E402
from test_logger_support import open_room, read_data, seed_running_meeting, versions  # noqa: E402

from assistant.domain.entries import EntryEdit  # noqa: E402
from assistant.teams.orders import incoming_draft, owner_for_team  # noqa: E402

pytestmark = pytest.mark.slow
ORDER = "Lijst aanwezigen gebouw B"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile_teams")
    central_id = seed_running_meeting(root / "centraal", "Brand centraal")
    with open_room(root / "centraal") as central:
        draft = central.intake.add_typed(central_id, f"opdracht aan hr {ORDER.lower()}")[0]
        edit = EntryEdit({"owner": owner_for_team("noord"), "text": ORDER})
        order = central.intake.confirm_draft(central_id, draft.draft_id, "voorzitter", edit)
    data = root / "noord"
    crisis_id = seed_running_meeting(data)
    with open_room(data) as room:
        room.repo.save_draft(incoming_draft("centraal", order, crisis_id, datetime.now(UTC)))
    proc = AppProcess(data).start()
    yield proc
    proc.stop()


def crisis_of(app: AppProcess) -> str:
    with read_data(app.data_dir) as repo:
        return repo.list_crises()[0].crisis_id


def test_the_host_sees_the_order_marked_as_central_and_the_link_settings(app):
    host = HostileClient(app.port)
    host.register("/logger")
    assert host.pump(30, lambda: host.saw("van team Centraal")), "the team draft never showed"
    assert host.saw(ORDER) and host.saw("Accepteren") and host.saw("Weigeren")
    accept = max(cid for cid, c in host.controls.items() if c.get("content") == "Accepteren")
    host.event(accept, "click")
    assert host.pump(15, lambda: host.saw("Opdracht van team Centraal accepteren"))
    confirm = max(cid for cid, c in host.controls.items() if c.get("content") == "Accepteren")
    assert confirm != accept
    host.event(confirm, "click")
    assert host.pump(
        15, lambda: any(v.content.ref == "centraal/O-1" for v in versions(app.data_dir, crisis_of(app)))
    )
    answer = next(v for v in versions(app.data_dir, crisis_of(app)) if v.content.ref == "centraal/O-1")
    assert answer.content.text == ORDER and answer.confirmed_by.endswith("@ host")
    host.forget()
    host.route_change("/apparaten")  # the host reaches the link settings from the devices page
    assert host.pump(20, lambda: host.saw("Koppeling met andere teams"))
    link = max(cid for cid, c in host.controls.items() if c.get("content") == "Koppeling met andere teams")
    host.event(link, "click")
    assert host.pump(20, lambda: host.saw("Naam van dit team"))
    host.close()


def test_wall_device_cannot_answer_the_order_or_reach_the_link_settings(app):
    client = joined_wall(app)
    before = fingerprint(app.data_dir)
    for route in ("/teams", "/logger"):
        client.forget()
        client.route_change(route)
        client.pump(3)
        assert not client.saw("Naam van dit team") and not client.saw("van team Centraal"), route
        assert not client.saw("Accepteren")
    for cid in list(client.controls):
        client.event(cid, "click")
        client.event(cid, "submit", "geweigerd")
        client.event(cid, "change", "facilitair")
    client.pump(4)
    assert fingerprint(app.data_dir) == before
    client.close()
