"""Reads that may run on the event loop because they only look in memory.

Why: after a room change every connected screen re-reads what it shows. Sending each of those
reads to a worker thread (``asyncio.to_thread``) costs a thread hop per screen per change, and with
25 screens the loop and the worker threads queue for the GIL behind each other: the last screen
drew its change several hundred milliseconds after the first. The shared room view
(``assistant.ui.room_view``) already holds the answers in memory, so a screen can read them on the
loop at once, provided nothing it calls blocks.

``memory_only()`` marks such a read (a context variable: it holds for the code run inside the
``with`` on this thread or task, nowhere else). Inside it:

* the shared view answers from its cache or raises ``NotInMemory`` (it never reads the room and
  never waits for a lock);
* a permission gateway over anything that is not kept in memory (the room itself, the listening
  service) raises ``NotInMemory`` instead of calling through, and so does a refused call: the
  refusal is then recorded (on disk) by the worker-thread read that follows, not on the loop.

The caller catches ``NotInMemory`` and does the same read in a worker thread, as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_MEMORY_ONLY: ContextVar[bool] = ContextVar("memory_only", default=False)


class NotInMemory(LookupError):
    """The answer is not in memory (or the call would block): read in a worker thread instead."""


@contextmanager
def memory_only() -> Iterator[None]:
    """Within this block, reads come from memory or raise ``NotInMemory``."""
    token = _MEMORY_ONLY.set(True)
    try:
        yield
    finally:
        _MEMORY_ONLY.reset(token)


def memory_only_active() -> bool:
    return _MEMORY_ONLY.get()


def require_memory_safe(what: str) -> None:
    """Raise ``NotInMemory`` when called inside ``memory_only()`` (for calls that may block)."""
    if _MEMORY_ONLY.get():
        raise NotInMemory(what)


__all__ = ["NotInMemory", "memory_only", "memory_only_active", "require_memory_safe"]
