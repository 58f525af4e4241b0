"""The one doorway between the room's threads and a tab's controls.

Per tab (Flet ``Page``) one ``TabBridge``:

* subscribes to ``Room`` changes; the listener runs in the writer's thread and only *schedules*
  ``page.run_task(self._dispatch)`` (coalescing bursts into one dispatch). When the tab is gone
  (``AttributeError`` / ``RuntimeError`` from ``run_task``) it unsubscribes itself;
* schedules nothing for a live caption no handler of the current screen wants (the wall does not
  show captions: the ten caption changes a second cost it nothing); stored changes are always
  scheduled (rare, and the call notices a tab that is gone);
* throttles live captions (``Topic.LIVE``): at most one dispatch per ``live_seconds`` (``Throttle``,
  clock injected); a caption inside the interval is delivered at its end, so the newest always
  shows. Any other change is dispatched at once and takes the waiting captions along;
* runs a 1-second ticker (an asyncio task on the page's loop, aligned to whole seconds) that calls
  the tick handlers (the clock redraw);
* stops both on disconnect and starts them again on reconnect.

Screens register handlers for the route they show; ``clear_handlers()`` drops them when the tab
navigates away. Handlers run on the loop: they may update controls, and must move blocking work
(every ``Room`` method) to a thread (``await asyncio.to_thread(...)``).
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from assistant.app.room import Room, RoomChange, Topic
from assistant.ui.transport import quiet_message_text

log = logging.getLogger(__name__)
quiet_message_text()  # every tab has a bridge: the UI loads this before any message is sent

ChangeHandler = Callable[[list[RoomChange]], Any]  # sync or async, runs on the loop
TickHandler = Callable[[], Any]  # sync or async, runs on the loop
LIVE_SECONDS = 0.3  # live captions: at most about three redraws a second per screen


class Throttle:
    """At most one pass per ``interval`` seconds of ``clock``. ``wait()`` answers 0.0 and counts a pass
    when one may go now, else how long until the next may (the caller delivers it then)."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self._clock = clock
        self._next = float("-inf")

    def wait(self) -> float:
        now = self._clock()
        if now >= self._next:
            self._next = now + self.interval
            return 0.0
        return self._next - now


class TabBridge:
    def __init__(
        self,
        page: Any,
        room: Room,
        *,
        tick_seconds: float = 1.0,
        live_seconds: float = LIVE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.page = page
        self.room = room
        self.tick_seconds = tick_seconds
        self._lock = threading.Lock()
        self._pending: list[RoomChange] = []
        self._scheduled = False  # a dispatch is coming at once: it takes every pending change
        self._live_later = False  # a throttled dispatch of captions is waiting for its turn
        self._live = Throttle(live_seconds, clock)
        self._unsubscribe: Callable[[], None] | None = None
        self._change_handlers: list[tuple[frozenset[str] | None, ChangeHandler]] = []
        self._tick_handlers: list[TickHandler] = []
        self._ticker: asyncio.Task[None] | None = None
        self._closed = False
        self.dispatches = 0  # for tests and diagnostics
        self.ticks = 0

    # --- lifecycle (call on the loop) -------------------------------------------------------------

    def start(self) -> None:
        """Subscribe and start the ticker (idempotent; call again after a reconnect)."""
        self._closed = False
        if self._unsubscribe is None:
            self._unsubscribe = self.room.subscribe(self._on_change)
        if self._ticker is None or self._ticker.done():
            self._ticker = asyncio.get_running_loop().create_task(self._tick_loop())

    def stop(self) -> None:
        """Unsubscribe and cancel the ticker (tab disconnected or closed)."""
        self._closed = True
        unsubscribe, self._unsubscribe = self._unsubscribe, None
        if unsubscribe is not None:
            unsubscribe()
        ticker, self._ticker = self._ticker, None
        if ticker is not None and not ticker.done():
            ticker.cancel()

    @property
    def active(self) -> bool:
        return not self._closed and self._unsubscribe is not None

    # --- handlers ---------------------------------------------------------------------------------

    def on_change(self, handler: ChangeHandler, topics: Iterable[str] | None = None) -> Callable[[], None]:
        """Call ``handler(changes)`` on the loop after room changes (optionally only these topics)."""
        entry = (frozenset(topics) if topics is not None else None, handler)
        self._change_handlers.append(entry)

        def remove() -> None:
            if entry in self._change_handlers:
                self._change_handlers.remove(entry)

        return remove

    def on_tick(self, handler: TickHandler) -> Callable[[], None]:
        self._tick_handlers.append(handler)

        def remove() -> None:
            if handler in self._tick_handlers:
                self._tick_handlers.remove(handler)

        return remove

    def clear_handlers(self) -> None:
        self._change_handlers.clear()
        self._tick_handlers.clear()

    # --- the foreign-thread side ------------------------------------------------------------------

    def wants(self, topic: str) -> bool:
        """Does a handler of the current screen follow ``topic``? (any thread: reads a copy)"""
        return any(wanted is None or topic in wanted for wanted, _ in list(self._change_handlers))

    def _on_change(self, change: RoomChange) -> None:
        """Room listener: runs in whatever thread changed the room. Only schedules work."""
        if change.topic == Topic.LIVE and not self.wants(change.topic):
            return  # no caption on this screen (a new screen reads the feed when it opens)
        with self._lock:
            if self._closed:
                return
            self._pending.append(change)
            run = self._schedule(change)
        if run is None:
            return
        try:
            self.page.run_task(run)
        except (AttributeError, RuntimeError) as exc:  # the tab's session is gone
            log.debug("tab gone, unsubscribing: %s", exc)
            with self._lock:
                self._scheduled = self._live_later = False
                self._pending.clear()
            unsubscribe, self._unsubscribe = self._unsubscribe, None
            self._closed = True
            if unsubscribe is not None:
                unsubscribe()

    def _schedule(self, change: RoomChange) -> Callable[[], Awaitable[None]] | None:
        """What to hand to the loop for ``change`` (under the lock): nothing when a dispatch that
        will take it is already coming; a throttled dispatch for a caption inside its interval."""
        if self._scheduled:
            return None
        if change.topic == Topic.LIVE:
            wait = self._live.wait()
            if wait > 0:
                if self._live_later:
                    return None
                self._live_later = True
                return functools.partial(self._dispatch_later, wait)
        self._scheduled = True
        return self._dispatch

    # --- the loop side ----------------------------------------------------------------------------

    async def _dispatch_later(self, wait: float) -> None:
        """The throttled captions' turn: dispatch what is pending then (unless a change did already)."""
        await asyncio.sleep(wait)
        with self._lock:
            self._live_later = False
            self._live.wait()  # counts this pass: the next caption waits a whole interval again
        await self._dispatch()

    async def _dispatch(self) -> None:
        with self._lock:
            changes, self._pending = self._pending, []
            self._scheduled = False
        if not changes or self._closed:
            return
        self.dispatches += 1
        topics = {c.topic for c in changes}
        for wanted, handler in list(self._change_handlers):
            if wanted is not None and not (wanted & topics):
                continue
            await _call(handler, [c for c in changes if wanted is None or c.topic in wanted])

    async def _tick_loop(self) -> None:
        try:
            while True:
                now = time.time()
                # wake just after the next whole second so every device flips its digits together
                await asyncio.sleep(self.tick_seconds - (now % self.tick_seconds) + 0.02)
                self.ticks += 1
                for handler in list(self._tick_handlers):
                    await _call(handler)
        except asyncio.CancelledError:
            pass

    async def tick_now(self) -> None:
        """Run the tick handlers at once (after a route change, so the clock never shows stale)."""
        for handler in list(self._tick_handlers):
            await _call(handler)


async def _call(handler: Callable[..., Any], *args: Any) -> None:
    try:
        result = handler(*args)
        if inspect.isawaitable(result):
            await result
    except asyncio.CancelledError:
        raise
    except Exception:  # a failing handler must not kill the ticker or the other handlers
        log.exception("UI handler %r failed", handler)


async def run_blocking(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a blocking call (disk, Room) in a worker thread."""
    return await asyncio.to_thread(fn, *args, **kwargs)


__all__ = ["TabBridge", "Throttle", "run_blocking", "Awaitable"]
