"""``--desktop`` (issue 10's limit): Flet's desktop client talks to the app over Flet's own socket, not
through our web guard. What is checked here, without the desktop client (it cannot be downloaded here):
the socket is a Unix socket in a folder only this OS user may enter (no TCP port at all), started by
Flet's own desktop transport exactly as ``ft.run(view=FLET_APP, port=0)`` starts it; the cases in
which Flet would fall back to its own unguarded web server are refused; ``--desktop --lan`` is refused.
"""

from __future__ import annotations

import asyncio
import os
import socket
import stat
from pathlib import Path

import flet.app as flet_app
import pytest

from assistant.cli import main
from assistant.ui.run_cli import FLET_TRANSPORT_ENV, desktop_refusal, desktop_socket


def test_desktop_socket_is_private_and_drops_the_tcp_switches() -> None:
    env = {"FLET_SERVER_PORT": "8550", "FLET_SERVER_IP": "0.0.0.0", "HOME": "/root"}
    path = desktop_socket(env)
    try:
        assert env == {"HOME": "/root", "FLET_SERVER_UDS_PATH": str(path)}
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        assert not path.exists()  # Flet creates it
    finally:
        path.parent.rmdir()


def test_flets_desktop_transport_listens_only_on_the_private_unix_socket(monkeypatch) -> None:
    env = dict(os.environ)
    path = desktop_socket(env)
    for name in FLET_TRANSPORT_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FLET_SERVER_UDS_PATH", env["FLET_SERVER_UDS_PATH"])
    start = getattr(flet_app, "__run_socket_server")  # what ft.run(view=FLET_APP, port=0) calls

    async def serve_and_probe() -> tuple[str, bool]:
        conn = await start(port=0, main=None, before_main=None, blocking=False)
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
                client.connect(str(path))  # this OS user can reach it
                reachable = True
            return conn.page_url, reachable
        finally:
            await conn.close()

    try:
        page_url, reachable = asyncio.run(serve_and_probe())
        assert page_url == str(path) and not page_url.startswith("tcp://")
        assert reachable
    finally:
        path.unlink(missing_ok=True)
        path.parent.rmdir()


def test_desktop_is_refused_where_flet_would_serve_its_own_web_server(monkeypatch) -> None:
    monkeypatch.delenv("FLET_FORCE_WEB_SERVER", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    if desktop_refusal(os.environ) is not None:
        pytest.skip("flet does not take this machine for a desktop (e.g. WSL or not Linux)")
    monkeypatch.setenv("FLET_FORCE_WEB_SERVER", "1")
    assert "unguarded" in (desktop_refusal(os.environ) or "")
    monkeypatch.delenv("FLET_FORCE_WEB_SERVER")
    monkeypatch.delenv("DISPLAY")  # a Linux machine without a display: Flet would serve the web instead
    assert "no display" in (desktop_refusal(os.environ) or "")


def test_desktop_with_lan_is_refused_before_anything_starts(tmp_path: Path, capsys) -> None:
    code = main(["--data-dir", str(tmp_path / "data"), "run", "--desktop", "--lan", "--no-browser"])
    assert code == 2
    assert "--lan" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()  # refused before the data folder was even opened
