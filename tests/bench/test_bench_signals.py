"""A bench stopped by SIGTERM (``timeout``, a supervisor) or SIGINT stops the app it started.

The app runs in its own process session, so it outlives a bench killed without cleanup and keeps
transcribing on the shared cores. Each test starts a bench, waits until its app listens, signals
the bench, and checks that the app process is gone after the bench has exited.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

REPO = Path(__file__).resolve().parents[2]


def start_bench(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with open(log, "wb") as out:
        return subprocess.Popen(
            [sys.executable, *args], cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT
        )


def wait_for_app(bench: subprocess.Popen[bytes], timeout: float = 120.0) -> psutil.Process:
    """The bench's ``python -m assistant ... run`` child, once it listens on its port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert bench.poll() is None, "the bench ended before its app started"
        for child in psutil.Process(bench.pid).children(recursive=True):
            try:
                if "assistant" in child.cmdline() and child.net_connections(kind="tcp"):
                    return child
            except psutil.NoSuchProcess:
                continue
        time.sleep(0.2)
    raise AssertionError("the bench's app never started listening")


def stop_and_check(bench: subprocess.Popen[bytes], app: psutil.Process, sig: int) -> None:
    bench.send_signal(sig)
    try:
        code = bench.wait(60)
    finally:
        if bench.poll() is None:
            bench.kill()
    try:
        app.wait(15)  # a child reaped by the bench is gone; one left behind would still run
    except psutil.TimeoutExpired:
        app.kill()
        pytest.fail(f"the app (pid {app.pid}) outlived the bench after signal {sig}")
    assert code == 128 + sig


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_devices_bench_stops_its_app(sig: int, tmp_path: Path) -> None:
    bench = start_bench(
        ["bench/devices_bench.py", "--devices", "1", "--no-speech", "--idle-seconds", "60"],
        tmp_path / "bench.log",
    )
    app = wait_for_app(bench)
    stop_and_check(bench, app, sig)


@pytest.mark.e2e
def test_room_bench_stops_its_app_on_sigterm(tmp_path: Path) -> None:
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists() or not _has_playwright():
        pytest.skip("room_bench needs Chromium and Playwright")
    bench = start_bench(
        ["bench/room_bench.py", "--tabs", "1", "--rounds", "500", "--no-speech"], tmp_path / "bench.log"
    )
    app = wait_for_app(bench)
    stop_and_check(bench, app, signal.SIGTERM)


def _has_playwright() -> bool:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return True
