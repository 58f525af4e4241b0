"""Crash tests' one way to run a writer and kill it: a child forked from the test process (no
interpreter start-up, so a test can afford dozens of kills) with its stdout on a pipe.

The child prints ``ready`` once it is set up, then one line per change that has *returned*; the test
reads what was reported before the SIGKILL and checks that all of it survived. Used by
tests/storage/test_storage_crash*.py and tests/room/test_room_crash*.py.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable


def _fork_writer(writer: Callable[[], None]) -> tuple[int, int]:
    """Fork ``writer`` with its stdout on a pipe: (child pid, read end). The child never returns."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        try:
            os.close(read_fd)
            os.dup2(write_fd, 1)
            os.close(write_fd)
            sys.stdout = open(1, "w", buffering=1, closefd=False)  # noqa: SIM115 (child exits below)
            writer()
        finally:
            os._exit(1)
    os.close(write_fd)
    return pid, read_fd


def kill_after(writer: Callable[[], None], delay: float) -> str:
    """Run ``writer`` in a forked child, SIGKILL it ``delay`` seconds after it printed ``ready``; its
    output after ``ready`` (the last line may be cut off mid-print: callers skip lines without ``\\n``)."""
    pid, read_fd = _fork_writer(writer)
    with os.fdopen(read_fd) as reader:
        ready = reader.readline()
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        out = reader.read()
    assert ready == "ready\n", f"writer did not start (status {status})"
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return out


def until_killed(writer: Callable[[], None]) -> str:
    """Run ``writer`` in a forked child that kills itself (``die()`` at the write under test); its
    output. Fails if the child ended in any other way."""
    pid, read_fd = _fork_writer(writer)
    with os.fdopen(read_fd) as reader:
        out = reader.read()
        _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, f"{out!r} (status {status})"
    return out


def die() -> None:
    """SIGKILL this process now: no clean-up, no flush, as a power cut at this line."""
    os.kill(os.getpid(), signal.SIGKILL)
