"""A thread-safe set of callbacks: the one subscribe/unsubscribe used by the room, the listening
service and the access log.

Why one: each of them is written to from worker threads and read by browser tabs that come and go;
the same few lines (append under a lock, a remove function, a copy to call outside the lock) were
written three times. Callers call the copy themselves, so each decides what a failing callback means.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

C = TypeVar("C", bound=Callable[..., object])


class Observers(Generic[C]):
    """Callbacks added and removed from any thread; ``snapshot()`` to call them without the lock."""

    def __init__(self) -> None:
        self._items: list[C] = []
        self._lock = threading.Lock()

    def add(self, callback: C) -> Callable[[], None]:
        """Register ``callback``; returns the function that removes it again (safe to call twice)."""
        with self._lock:
            self._items.append(callback)

        def remove() -> None:
            with self._lock:
                if callback in self._items:
                    self._items.remove(callback)

        return remove

    def snapshot(self) -> list[C]:
        """The callbacks now, in the order added (a copy: callbacks may unsubscribe while called)."""
        with self._lock:
            return list(self._items)
