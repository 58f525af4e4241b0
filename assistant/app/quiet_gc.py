"""Full garbage collections when the room is quiet, not in the middle of a push (issue 15).

Why: CPython's automatic *full* collection walks every object the collector tracks and holds the
GIL while it does, so every thread, the event loop that sends the screens' updates included,
stands still. Measured with the device bench (50 devices, speech on, 2 cores): the server held
about 290,000 tracked objects and a full collection came every ~10 s during confirms, each one
stopping the process for 90-210 ms; a confirm that met one reached every device that much later.

What this does instead, for the server process only (``assistant run``):

* at start, one collection and then ``gc.freeze()``: what the process holds once it is up
  (modules, Flet, the room, the speech model's wrapper) lives as long as the process and is
  moved out of the collector's way for good;
* the automatic full collection is switched off (the oldest generation's threshold raised); the
  young generations are collected as before: short pauses, and most garbage dies there;
* a daemon thread makes the full collection itself when no stored change has come for
  ``quiet`` seconds (nobody waits for a push then), at most every ``every`` seconds, and at the
  latest after ``latest`` seconds whatever happens, so memory stays bounded in a busy room.

Live captions (``Topic.LIVE``) do not count as changes: they come several times a second while
anyone speaks and a caption shown 0.2 s later is not noticed.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from assistant.app.room import Room, RoomChange, Topic

log = logging.getLogger(__name__)

#: The oldest generation's threshold while the collector runs: no automatic full collections.
NO_AUTOMATIC_FULL = 1_000_000


@dataclass(frozen=True)
class QuietPolicy:
    """When to make a full collection (pure: times are passed in, in seconds of one clock)."""

    quiet: float = 2.0  # no stored change for this long: the room is quiet
    every: float = 30.0  # at most this often
    latest: float = 120.0  # at the latest after this long, quiet or not

    def due(self, now: float, last_change: float, last_collect: float) -> bool:
        since = now - last_collect
        if since >= self.latest:
            return True
        return since >= self.every and now - last_change >= self.quiet


class QuietCollector:
    """The daemon thread that makes the full collections (see the module docstring)."""

    def __init__(
        self,
        room: Room,
        policy: QuietPolicy = QuietPolicy(),
        *,
        poll: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy, self._poll, self._clock = policy, poll, clock
        self._room = room
        self._last_change = self._last_collect = clock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._thresholds: tuple[int, int, int] | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self.collections = 0  # full collections made (diagnostics, tests)
        self.longest_ms = 0.0

    def start(self) -> None:
        """Freeze what start-up left, switch the automatic full collection off, start the thread."""
        if self._thread is not None:
            return
        gc.collect()
        gc.freeze()
        self._thresholds = gc.get_threshold()
        first, second, _ = self._thresholds
        gc.set_threshold(first, second, NO_AUTOMATIC_FULL)
        self._unsubscribe = self._room.subscribe(self._changed)
        self._thread = threading.Thread(target=self._run, name="quiet-gc", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the thread and give the collector back its own settings and the frozen objects."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout=5)
        unsubscribe, self._unsubscribe = self._unsubscribe, None
        if unsubscribe is not None:
            unsubscribe()
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            self._thresholds = None
            gc.unfreeze()

    def _changed(self, change: RoomChange) -> None:
        """Room listener (any thread): only notes the time."""
        if change.topic != Topic.LIVE:
            self._last_change = self._clock()

    def collect_if_due(self) -> bool:
        now = self._clock()
        if not self.policy.due(now, self._last_change, self._last_collect):
            return False
        started = time.perf_counter()
        gc.collect()
        took = (time.perf_counter() - started) * 1000
        self._last_collect = self._clock()
        self.collections += 1
        self.longest_ms = max(self.longest_ms, took)
        log.debug("quiet full collection: %.1f ms", took)
        return True

    def _run(self) -> None:
        while not self._stop.wait(self._poll):
            self.collect_if_due()


__all__ = ["NO_AUTOMATIC_FULL", "QuietCollector", "QuietPolicy"]
