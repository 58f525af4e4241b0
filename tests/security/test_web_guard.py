"""The ASGI guard in-process (no network): Host/Origin allow-lists, the peer address, clean frames;
and the run command failing closed."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import msgpack

from assistant.app import web_guard
from assistant.app.web_guard import WebGuard, allowed_hosts, check_request, clean_frame

HOSTS = allowed_hosts(8550, {"192.168.1.5"})


def scope(kind: str = "websocket", host: str = "127.0.0.1:8550", origin: str | None = None, client=("192.168.1.20", 5000)):
    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    return {"type": kind, "path": "/ws", "headers": headers, "client": client}


def test_allow_lists() -> None:
    assert {"127.0.0.1:8550", "localhost:8550", "[::1]:8550", "192.168.1.5:8550"} == set(HOSTS)
    assert check_request(scope(), HOSTS) is None  # no Origin: not a browser page (the gate decides)
    assert check_request(scope(origin="http://127.0.0.1:8550"), HOSTS) is None
    assert check_request(scope(host="192.168.1.5:8550", origin="http://192.168.1.5:8550/"), HOSTS) is None
    assert check_request(scope(origin="http://evil.example"), HOSTS) == "foreign_origin"
    assert check_request(scope(origin="http://127.0.0.1:9999"), HOSTS) == "foreign_origin"
    assert check_request(scope(origin="null"), HOSTS) == "foreign_origin"
    assert check_request(scope(host="evil.example:8550"), HOSTS) == "bad_host"  # DNS rebinding
    assert check_request(scope(host=""), HOSTS) == "bad_host"


def test_frames_lose_what_only_the_server_may_set() -> None:
    register = b"\x00" + msgpack.packb([1, {"session_id": "", "page": {"route": "/", "client_ip": "127.0.0.1"}}])
    cleaned = msgpack.unpackb(clean_frame(register)[1:])
    assert cleaned[1]["page"] == {"route": "/"}
    props = b"\x00" + msgpack.packb([4, {"id": 1, "props": {"client_ip": "::1", "client_user_agent": "x", "width": 3}}])
    assert msgpack.unpackb(clean_frame(props)[1:])[1]["props"] == {"width": 3}
    event = b"\x00" + msgpack.packb([3, {"target": 1, "name": "route_change", "data": {"route": "/x"}}])
    assert clean_frame(event) == event
    assert clean_frame(b"\x01\x00\x00\x00\x00raw") == b"\x01\x00\x00\x00\x00raw"
    assert clean_frame(b"\x00\xc1") == b"\x00\xc1"  # unreadable: left to Flet


def test_guard_refuses_and_publishes_the_peer_address() -> None:
    seen: list[object] = []
    refused: list[tuple[str, str, str]] = []

    async def inner(scope, receive, send):  # noqa: ANN001
        seen.append(web_guard.peer_address.get())
        message = await receive()
        seen.append(message["bytes"])

    frame = b"\x00" + msgpack.packb([4, {"id": 1, "props": {"client_ip": "127.0.0.1"}}])

    async def run(s):  # noqa: ANN001
        sent: list[dict] = []

        async def receive():
            return {"type": "websocket.receive", "bytes": frame}

        async def send(message):  # noqa: ANN001
            sent.append(message)

        await WebGuard(inner, HOSTS, lambda *a: refused.append(a))(s, receive, send)
        return sent

    sent = asyncio.run(run(scope(origin="http://evil.example")))
    assert sent == [{"type": "websocket.close", "code": 1008}] and seen == []
    assert refused and refused[0][0] == "192.168.1.20" and refused[0][2] == "foreign_origin"
    http = asyncio.run(run(scope(kind="http", host="evil.example")))
    assert http[0]["status"] == 403
    asyncio.run(run(scope()))
    assert seen[0] == "192.168.1.20"
    assert msgpack.unpackb(seen[1][1:])[1]["props"] == {}
    assert web_guard.peer_address.get() is None  # reset after the request


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_lan_refuses_test_hooks(tmp_path: Path, capsys, monkeypatch) -> None:
    from assistant.cli import main

    monkeypatch.setenv("ASSISTANT_TEST_HOOKS", "1")
    code = main(["--data-dir", str(tmp_path / "data"), "run", "--lan", "--port", str(_port()), "--no-browser"])
    assert code == 2
    assert "niet samen met --lan" in capsys.readouterr().err


def test_lan_refuses_to_start_without_the_gate(tmp_path: Path, capsys, monkeypatch) -> None:
    from assistant.cli import main
    from assistant.ui import join

    def broken(ctx):  # noqa: ANN001
        raise OSError("settings unreadable")

    monkeypatch.delenv("ASSISTANT_TEST_HOOKS", raising=False)
    monkeypatch.setattr("assistant.ui.app.start_access", broken)
    assert join.start_access is not broken
    code = main(["--data-dir", str(tmp_path / "data"), "run", "--lan", "--port", str(_port()), "--no-browser"])
    assert code == 4
    assert "toegangscontrole kon niet starten" in capsys.readouterr().err.lower()
