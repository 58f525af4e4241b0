"""``assistant run --lan --host ::`` prints, and puts in the join QR code, addresses other devices in
the room can reach: every non-loopback address of this machine, never 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from assistant.app import access
from assistant.app.lan import reachable_addresses, system_interfaces, url_host
from assistant.ui.join.devices import public_host

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_lan_on_all_interfaces_prints_reachable_addresses(tmp_path: Path):
    expected = reachable_addresses("::", system_interfaces())
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "ASSISTANT_TEST_HOOKS"}
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "--data-dir", str(tmp_path / "data"), "run", "--lan", "--host", "::",
         "--port", str(port), "--no-browser"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = proc.stdout.readline() if proc.stdout else ""
            if not line:
                break
            lines.append(line)
            if line.startswith("Bereikbaar"):
                break
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(15)
    shown = next((line for line in lines if line.startswith("Bereikbaar")), "")
    assert shown, "".join(lines)
    assert "127.0.0.1" not in shown and "[::1]" not in shown
    for address in expected:
        assert f"http://{url_host(address)}:{port}" in shown


def test_the_join_qr_code_carries_a_reachable_address():
    expected = reachable_addresses("::", system_interfaces())
    ctx = SimpleNamespace(host="::", port=8600)
    host = public_host(ctx)
    assert host in expected and host not in ("127.0.0.1", "::1", "::")
    text = access.join_url(host, ctx.port, "ABCD2345")  # exactly what the QR code encodes
    assert text.startswith(f"http://{url_host(host)}:8600/join?")
    loopback = SimpleNamespace(host="127.0.0.1", port=8600)
    assert public_host(loopback) != "127.0.0.1" or not expected
