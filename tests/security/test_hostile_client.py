"""Issue #10 at the protocol level: a device speaking Flet's websocket protocol directly, no browser.

The real app runs as a subprocess (test hooks on, loopback). A protocol client counts as a LAN
device through the documented test switch ``?as_client=192.0.2.10`` (honoured only for a loopback
peer, only with test hooks, never with ``--lan``). After every refusal the data folder is
byte-for-byte unchanged, and the refusal is in the access log the host reads on ``/apparaten``.
"""

from __future__ import annotations

import hashlib
import json
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from harness import AppProcess  # noqa: E402
from hostile_client import HostileClient, refused_by_origin  # noqa: E402
from test_logger_support import open_room, seed_running_meeting  # noqa: E402

pytestmark = pytest.mark.slow

REMOTE = "as_client=192.0.2.10"
JOIN_TITLE = "Deelnemen aan de crisisruimte"
FORBIDDEN_TEXTS = ("Concepten", "Invoerregel", "Besluitenlijst", "Code voor voorzitter en logger")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    data = tmp_path_factory.mktemp("hostile") / "data"
    crisis_id = seed_running_meeting(data)
    with open_room(data) as room:
        room.intake.add_typed(crisis_id, "besluit het hoofdgebouw blijft vandaag dicht")
    proc = AppProcess(data).start()
    yield proc
    proc.stop()


ACCESS_LOG = "access-log.jsonl"  # grows with every refusal, by design: everything else must stay as it was


def fingerprint(data_dir: Path) -> dict[str, str]:
    return {
        str(p.relative_to(data_dir)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(data_dir.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock") and p.name != ACCESS_LOG
    }


def refusals_on_disk(data_dir: Path) -> list[dict[str, object]]:
    """What the app process wrote to its access log file (kept across restarts)."""
    path = data_dir / ACCESS_LOG
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def codes(data_dir: Path) -> tuple[str, str]:
    """The current codes, as the host's settings hold them (read directly, no lock needed)."""
    for path in data_dir.rglob("settings*.json"):
        text = path.read_text()
        if '"access"' in text:
            found = _find_access(json.loads(text))
            if found:
                return found["code"], found["view_code"]
    raise AssertionError("no access settings in the data folder")


def rotation_saved(data_dir: Path, old_code: str) -> bool:
    """The new codes are on disk and no write is in progress."""
    try:
        return codes(data_dir)[0] != old_code and not any(p.suffix == ".tmp" for p in data_dir.rglob("*"))
    except (OSError, ValueError):
        return False  # caught between write and rename


def _find_access(value: object) -> dict | None:
    if isinstance(value, dict):
        if isinstance(value.get("access"), dict) and "code" in value["access"]:
            return value["access"]
        for item in value.values():
            found = _find_access(item)
            if found:
                return found
    return None


def lan_device(app: AppProcess, route: str = "/logger") -> HostileClient:
    client = HostileClient(app.port)
    client.register(f"{route}?{REMOTE}")
    assert client.pump(20, lambda: client.saw(JOIN_TITLE)), "the join page never came"
    return client


def host_log(app: AppProcess) -> HostileClient:
    """The host's own browser (loopback) reading /apparaten: connected devices and the access log."""
    host = HostileClient(app.port)
    host.register("/apparaten")
    assert host.pump(20, lambda: host.saw("Geweigerd (toegangslogboek)"))
    return host


def join(client: HostileClient, code: str, name: str, person: str, role: str | None = None) -> None:
    """Type the code, then the identity step, as the real join page expects."""
    client.type_into(client.find("TextField", label="Toegangscode"), code)
    assert client.pump(15, lambda: client.saw("Wie gebruikt dit apparaat?"))
    client.patch(client.find("TextField", label="Naam van dit apparaat"), {"value": name})
    client.patch(client.find("Dropdown", label="Persoon (uit de bezetting)"), {"value": person})
    if role is not None:
        client.patch(client.find("RadioGroup"), {"value": role})
    button = max(cid for cid, c in client.controls.items() if c.get("content") == "Deelnemen")
    client.forget()
    client.event(button, "click")


def test_foreign_origin_and_host_are_refused_also_on_loopback(app):
    assert refused_by_origin(app.port, "http://evil.example") == 403
    assert refused_by_origin(app.port, "null") == 403
    assert refused_by_origin(app.port, f"http://127.0.0.1:{app.port}") == 101
    request = urllib.request.Request(f"http://127.0.0.1:{app.port}/", headers={"Host": f"evil.example:{app.port}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    host = host_log(app)
    assert host.saw("foreign_origin") and host.saw("bad_host")
    host.close()


def test_forged_route_changes_and_unsent_controls_change_nothing(app):
    before = fingerprint(app.data_dir)
    code, view_code = codes(app.data_dir)
    client = lan_device(app)
    client.patch(1, {"client_ip": "127.0.0.1", "route": "/logger"})  # claim to be the host
    for route in ("/logger", "/voorzitter", "/apparaten", "/start", "/wand", "/"):
        client.route_change(route)
    for cid in range(1, 400):  # events for controls this device was never sent
        if cid not in client.controls:
            client.event(cid, "click")
            client.event(cid, "submit", "besluit alles dicht")
    client.pump(6)
    assert client.saw(JOIN_TITLE)
    for text in FORBIDDEN_TEXTS:
        assert not client.saw(text), text
    assert not client.saw(code) and not client.saw(view_code)
    assert fingerprint(app.data_dir) == before
    client.close()


def joined_wall(app: AppProcess) -> HostileClient:
    """A wall device joined with the view code, showing /wand."""
    _code, view_code = codes(app.data_dir)
    client = lan_device(app, "/wand")
    join(client, view_code, "Beamer", "Wandscherm")
    assert client.pump(20, lambda: client.saw("Alleen lezen"))
    return client


def test_wall_device_pressing_everything_changes_nothing(app):
    client = joined_wall(app)
    before = fingerprint(app.data_dir)
    for route in ("/logger", "/voorzitter", "/apparaten", "/start"):
        client.forget()
        client.route_change(route)
        client.pump(3)
        for text in FORBIDDEN_TEXTS:
            assert not client.saw(text), (route, text)
    for cid, control in list(client.controls.items()):  # every control it has, every way
        client.event(cid, "click")
        client.event(cid, "submit", "besluit alles dicht")
        client.event(cid, "change", "x")
    client.pump(5)
    assert fingerprint(app.data_dir) == before
    host = host_log(app)
    assert host.saw("Beamer") and host.saw("route_not_allowed")
    assert any(r["reason"] == "route_not_allowed" for r in refusals_on_disk(app.data_dir))  # kept on disk
    host.close()
    client.close()


def test_wrong_codes_lock_out_and_alert_the_host(app):
    before = fingerprint(app.data_dir)
    client = lan_device(app)
    field = client.find("TextField", label="Toegangscode")
    for attempt in ("AAAAAA", "AAAAAB", "AAAAAC", "AAAAAD", "AAAAAE"):
        client.type_into(field, attempt)
    assert client.pump(10, lambda: client.saw("Te veel verkeerde pogingen"))
    code, _view = codes(app.data_dir)
    client.type_into(field, code)  # even the right code, while locked out
    client.pump(3)
    assert not client.saw("Wie gebruikt dit apparaat?")
    assert fingerprint(app.data_dir) == before
    host = host_log(app)
    assert host.saw("mislukte pogingen om deel te nemen") and host.saw("wrong_code")
    assert sum(r["reason"] == "wrong_code" for r in refusals_on_disk(app.data_dir)) >= 5
    host.close()
    client.close()


def test_logger_device_is_stamped_and_rotation_ends_its_session_at_once(app):
    code, _view = codes(app.data_dir)
    client = HostileClient(app.port)
    client.register("/logger?as_client=192.0.2.11")  # the brute-force test locked .10 out for a minute
    assert client.pump(20, lambda: client.saw(JOIN_TITLE))
    join(client, code, "Laptop 2", "Logger", role="logger")
    assert client.pump(20, lambda: client.saw("Concepten"))
    client.forget()
    client.route_change("/apparaten")  # a device never gets the devices page
    client.pump(4)
    assert not client.saw("Code voor voorzitter en logger") and not client.saw(code)
    host = host_log(app)
    assert host.pump(10, lambda: host.saw("Laptop 2"))
    token = client.prefs.get("cmt.join_token")
    assert token
    rotate = max(cid for cid, c in host.controls.items() if c.get("content") == "Nieuwe codes maken")
    client.forget()
    host.event(rotate, "click")
    assert client.pump(15, lambda: client.saw("De toegang van dit apparaat is beëindigd"))
    assert client.pump(15, lambda: rotation_saved(app.data_dir, code))  # the session ends before the save
    before = fingerprint(app.data_dir)
    for cid in list(client.controls):
        client.event(cid, "click")
        client.event(cid, "submit", "besluit alles dicht")
    client.pump(4)
    assert fingerprint(app.data_dir) == before
    # the rotated token does not open anything in a new session either
    again = HostileClient(app.port)
    again.prefs["cmt.join_token"] = token
    again.register("/logger?as_client=192.0.2.11")
    assert again.pump(20, lambda: again.saw(JOIN_TITLE))
    assert not again.saw("Concepten")
    for c in (client, again, host):
        c.close()
