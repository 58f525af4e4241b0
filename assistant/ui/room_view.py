"""The shared view of the room: one read per room change for every screen that asks.

Why: every connected screen re-reads what it shows after each room change. With N devices the
same ``ledger.entries`` was read N times per change (N worker threads fighting for the GIL and the
room's lock). ``RoomView`` answers the screens' read calls from a cache that is valid until the
next room change: the first screen to ask after a change reads the room, every other screen gets
the very same (frozen) answer.

* **Versioned**: the view subscribes to the room once, before any tab; every change except the
  live captions (``Topic.LIVE``: no stored state) bumps ``version``. A cached answer carries the
  version it was read at and is served only while that is still the current one; a change during
  a read leaves the answer stale at once (the version is taken before reading).
* **Fresh enough**: some answers depend on the room's time (``ledger.open_tasks`` sorts overdue
  first, ``meetings.reflection_due``); an answer older than ``max_age`` seconds is read again, so a
  device that opens a screen an hour after the last change does not get an hour-old order.
* **One read at a time per question**: concurrent screens asking the same question wait for the
  one read in flight instead of all reading.
* **Immutable**: lists come back as tuples and dicts as read-only mappings, because the same object
  goes to every session.
* **Read on the loop** (issue 15): inside ``memory_reads.memory_only()`` the view answers from its
  cache or raises ``NotInMemory``; it never reads the room or waits for a lock there. ``settled()``
  brings every question asked lately up to the current version in *one* worker-thread read for all
  screens (instead of one thread hop per screen), so after a change each screen reads on the loop.
* **Behind the gateway**: the view offers only the read methods in ``CACHED``, area by area, like
  ``Room`` (``view.ledger.entries(crisis_id)``). Each tab reaches it through its own
  ``permissions.Gateway`` over the same ``ROOM_TABLE`` as the room itself (``TabContext.view``):
  a device whose role may not read messages is refused ``view.messages.alerts`` before the cache
  is consulted, exactly as it is refused ``room.messages.alerts``. Writes are not offered here.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import weakref
from collections.abc import Awaitable, Callable, Hashable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from assistant.app import permissions as perm
from assistant.app.memory_reads import NotInMemory, memory_only_active
from assistant.app.room import RoomChange, Topic
from assistant.ui.tab import Tab

log = logging.getLogger(__name__)

#: The room's read methods the screens ask on every change, by area (all gated by ``ROOM_TABLE``).
CACHED: Mapping[str, tuple[str, ...]] = {
    "setup": ("active_id", "get"),
    "meetings": ("current", "current_phase", "next_meeting_at", "all", "reflection_due"),
    "ledger": ("entries", "open_tasks"),
    "intake": ("drafts", "transcript"),
    "chair_notes": ("individual", "stakeholders"),
    "messages": ("for_table", "since_previous_meeting", "alerts", "last_contacts", "schema"),
    "teams": ("linked", "link_status", "pictures", "cross_team_orders"),
}
#: Changes that touch no stored state: they do not make cached answers stale.
UNSTORED_TOPICS = frozenset({Topic.LIVE})
DEFAULT_MAX_AGE_SECONDS = 5.0
#: ``settled()`` refreshes the questions asked within this many seconds (the screens still open).
RECENT_SECONDS = 30.0
#: ``settled()`` refreshes at most this often in a row when changes keep coming during its read.
SETTLE_ROUNDS = 3
Seconds = Callable[[], float]  # a monotonic clock (injected in tests)


def freeze(value: Any) -> Any:
    """The same answer, safe to hand to every session: lists become tuples, dicts read-only."""
    if isinstance(value, list):
        return tuple(value)
    if isinstance(value, dict):
        return MappingProxyType(dict(value))
    return value


@dataclass(frozen=True)
class _Answer:
    version: int
    read_at: float
    value: Any


@dataclass(frozen=True)
class _Refresh:
    """The worker-thread refresh in flight (or done) for one version of the room."""

    version: int
    started: float
    future: asyncio.Future[None]


@dataclass
class _Slot:
    """One cached answer and the lock its readers queue on. ``answer`` is replaced as a whole (one
    assignment), so a reader on the loop that does not take the lock never sees half an update."""

    lock: threading.Lock
    answer: _Answer | None = None
    asked_at: float = float("-inf")


class RoomView:
    """A read-through cache of the room's read methods, shared by every tab of the process."""

    _shared: weakref.WeakKeyDictionary[Any, RoomView] = weakref.WeakKeyDictionary()
    _shared_lock = threading.Lock()

    @classmethod
    def of(cls, room: Any) -> RoomView:
        """The one view of ``room`` in this process (made, and subscribed, on first use)."""
        with cls._shared_lock:
            view = cls._shared.get(room)
            if view is None:
                view = cls._shared[room] = cls(room)
            return view

    def __init__(
        self, room: Any, *, max_age: float = DEFAULT_MAX_AGE_SECONDS, clock: Seconds = time.monotonic
    ) -> None:
        self._room, self._max_age, self._clock = room, max_age, clock
        self._lock = threading.Lock()
        self._slots: dict[Hashable, _Slot] = {}
        self._version = 0
        self.reads = 0  # how many times the room itself was read (tests, diagnostics)
        self.refreshes = 0  # how many worker-thread refreshes ``settled()`` started
        self._refreshing: _Refresh | None = None
        self._unsubscribe = room.subscribe(self._changed)
        for area, methods in CACHED.items():
            setattr(self, area, _AreaView(self, area, methods))

    @property
    def version(self) -> int:
        return self._version

    def now(self, crisis: Any = None) -> Any:
        """The room's now: never cached (it is pure and cheap)."""
        return self._room.now(crisis)

    def close(self) -> None:
        self._unsubscribe()

    def _changed(self, change: RoomChange) -> None:
        if change.topic in UNSTORED_TOPICS:
            return
        with self._lock:
            self._version += 1

    def ask(self, area: str, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """The answer of ``room.<area>.<method>(*args, **kwargs)`` at the current version.

        Inside ``memory_only()``: the cached answer, or ``NotInMemory`` (never a read, never a wait)."""
        key = (area, method, args, tuple(sorted(kwargs.items())))
        if memory_only_active():
            slot = self._slots.get(key)
            if slot is None:
                raise NotInMemory(f"{area}.{method}")
            slot.asked_at = self._clock()
            if not self._fresh(slot.answer):
                raise NotInMemory(f"{area}.{method}")
            return slot.answer.value  # type: ignore[union-attr]  # _fresh: not None
        with self._lock:
            slot = self._slots.get(key)
            if slot is None:
                slot = self._slots[key] = _Slot(threading.Lock())
        slot.asked_at = self._clock()
        return self._answer(key, slot)

    def _fresh(self, answer: _Answer | None) -> bool:
        return (
            answer is not None
            and answer.version == self._version
            and self._clock() - answer.read_at <= self._max_age
        )

    def _answer(self, key: Hashable, slot: _Slot) -> Any:
        """The slot's answer, read from the room first when it is not fresh (blocking)."""
        area, method, args, kwargs = key  # type: ignore[misc]
        with slot.lock:  # one read in flight per question; the others wait and take its answer
            answer = slot.answer
            if answer is not None and self._fresh(answer):
                return answer.value
            version, read_at = self._version, self._clock()
            value = freeze(getattr(getattr(self._room, area), method)(*args, **dict(kwargs)))
            self.reads += 1
            slot.answer = _Answer(version, read_at, value)
            return value

    # --- one refresh for every screen ---------------------------------------------------------------

    def _stale_recent(self) -> list[tuple[Hashable, _Slot]]:
        """The questions asked within ``RECENT_SECONDS`` whose answer is not fresh."""
        now = self._clock()
        with self._lock:
            slots = list(self._slots.items())
        return [(k, s) for k, s in slots if now - s.asked_at <= RECENT_SECONDS and not self._fresh(s.answer)]

    def refresh(self) -> None:
        """Blocking: bring every recently asked question up to the current version. A read that
        fails is logged and left stale: the screen's own read (in a worker thread) reports it."""
        for key, slot in self._stale_recent():
            try:
                self._answer(key, slot)
            except Exception:  # noqa: BLE001 - storage trouble: the screen's own read says so to the user
                log.exception("room view refresh of %r failed", key)
                return

    async def settled(self) -> None:
        """Wait until the questions asked lately are answered at the current version: one worker-
        thread ``refresh()`` shared by every screen that waits (call on the event loop)."""
        for _ in range(SETTLE_ROUNDS):
            if not self._stale_recent():
                return
            version, now = self._version, self._clock()
            pending = self._refreshing
            if pending is not None and pending.version == version and pending.future.done():
                if now - pending.started <= self._max_age:
                    return  # refreshed at this version and still stale: a read failed, the screen's says why
                pending = None
            if pending is None or pending.version != version:
                future = asyncio.get_running_loop().run_in_executor(None, self.refresh)
                self._refreshing = pending = _Refresh(version, now, future)
                self.refreshes += 1
            await asyncio.shield(pending.future)  # one waiter cancelled must not cancel the others' read


class _AreaView:
    """``view.ledger`` etc.: the cached read methods of one area of the room, nothing else.

    The methods are set as instance attributes (not found through ``__getattr__``) so that the
    permission gateway sees them as methods and checks each *call*, as it does on the room."""

    def __init__(self, view: RoomView, area: str, methods: tuple[str, ...]) -> None:
        for method in methods:
            setattr(self, method, _cached_call(view, area, method))


def _cached_call(view: RoomView, area: str, method: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return view.ask(area, method, args, kwargs)

    call.__name__ = method
    call.__qualname__ = f"RoomView.{area}.{method}"
    return call


def shared_view(tab: Tab) -> Any:
    """What a screen reads through: the tab's gated view (``TabContext.view``). A tab whose context
    has none (a test's plain ``AppContext``) gets the process view of its own ``tab.room``; when
    that room is a gateway, the reads still go through it."""
    view = getattr(tab.ctx, "view", None)
    return view if view is not None else RoomView.of(tab.room)


def gated_view(
    room: Any, actor: perm.Actor, grant: perm.SessionGrant | None, access_log: perm.AccessLog
) -> tuple[perm.Gateway, Callable[[], Awaitable[None]]]:
    """One tab's way to the process view: its reads behind the tab's own gateway over ``ROOM_TABLE``
    (marked as kept in memory, so it may be read on the loop), and the view's ``settled`` (which
    reveals nothing: it only brings the shared answers up to date)."""
    shared = RoomView.of(room)
    return perm.Gateway(shared, perm.ROOM_TABLE, actor, grant, access_log, in_memory=True), shared.settled


def view_settled(tab: Tab) -> Callable[[], Awaitable[None]]:
    """``settled`` of the view ``shared_view(tab)`` reads through (for ``BatchedReload``)."""
    settle = getattr(tab.ctx, "settle_view", None)
    return settle if settle is not None else RoomView.of(tab.room).settled


__all__ = ["CACHED", "RoomView", "freeze", "gated_view", "shared_view", "view_settled"]
