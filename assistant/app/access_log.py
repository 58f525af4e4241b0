"""The access log: every refused action and failed join, for the host's ``/apparaten`` page and for
an auditor afterwards. Kept in memory and, once attached to the data folder, on disk (survives restarts)."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.app.observers import Observers

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Refusal:
    """One refused action or failed join, as the host sees it on ``/apparaten``."""

    at: float  # seconds since the epoch (passed in: the log's clock)
    who: str
    address: str
    action: str
    reason: str


@dataclass
class AccessLog:
    """Bounded, thread-safe record of refusals, for the host's ``/apparaten`` page and for an auditor.

    In memory (the newest ``limit``) and, once ``attach``ed to a file in the data folder, appended to it
    as JSON lines (fsync'd, owner-only), so a restart does not wipe the evidence of an attack. The file
    is bounded: past ``MAX_FILE_BYTES`` it is rotated to ``<name>.1`` (one older file is kept).
    """

    clock: Callable[[], float]
    limit: int = 500
    _items: deque[Refusal] = field(default_factory=deque, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _listeners: Observers[Callable[[Refusal], Any]] = field(default_factory=Observers, repr=False)
    _path: Path | None = field(default=None, repr=False)

    MAX_FILE_BYTES = 1_048_576

    def attach(self, path: Path) -> None:
        """Keep refusals in ``path`` from now on and read back the newest ones written before."""
        loaded = _read_refusals(path, self.limit)
        with self._lock:
            self._path = path
            self._items.extendleft(reversed(loaded))
            while len(self._items) > self.limit:
                self._items.popleft()

    def record(self, who: str, address: str, action: str, reason: str) -> Refusal:
        refusal = Refusal(self.clock(), who, address, action, reason)
        with self._lock:
            self._items.append(refusal)
            while len(self._items) > self.limit:
                self._items.popleft()
            if self._path is not None:
                self._append(self._path, refusal)
        listeners = self._listeners.snapshot()
        log.warning("refused: %s from %s: %s (%s)", who, address or "?", action, reason)
        for listener in listeners:
            try:
                listener(refusal)
            except Exception:  # noqa: BLE001 - a listener's bug must not stop the recording (a closed tab
                log.exception("access log listener failed")  # is handled by the listener itself)
        return refusal

    def entries(self) -> list[Refusal]:
        """Newest last."""
        with self._lock:
            return list(self._items)

    def subscribe(self, listener: Callable[[Refusal], Any]) -> Callable[[], None]:
        return self._listeners.add(listener)

    def _append(self, path: Path, refusal: Refusal) -> None:
        """One line per refusal. A write error (disk full) is logged: the refusal itself still holds."""
        line = (json.dumps(asdict(refusal), ensure_ascii=False) + "\n").encode("utf-8")
        try:
            if path.exists() and path.stat().st_size + len(line) > self.MAX_FILE_BYTES:
                os.replace(path, path.with_name(path.name + ".1"))
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(fd, line)
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError:
            log.exception("access log: could not write %s", path)


def _read_refusals(path: Path, limit: int) -> list[Refusal]:
    """The newest ``limit`` refusals in ``path`` (none if it does not exist; damaged lines are skipped)."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[-limit:]
    except FileNotFoundError:
        return []
    found: list[Refusal] = []
    for line in lines:
        try:
            data = json.loads(line)
            found.append(Refusal(float(data["at"]), str(data["who"]), str(data["address"]),
                                 str(data["action"]), str(data["reason"])))
        except (ValueError, KeyError, TypeError):
            log.warning("access log: skipped a damaged line in %s", path)
    return found
