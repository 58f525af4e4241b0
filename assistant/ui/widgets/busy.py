"""Write buttons that cannot write twice: disabled while their call runs, and a second tap that
arrives before the browser has drawn the disabled state is ignored on the server.

Why both: disabling alone is not enough (a double tap sends two clicks before the update reaches the
browser); the server-side guard alone would leave the button looking ready while nothing happens.
The room makes the write itself idempotent as well (a status equal to the current one writes nothing).
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

import flet as ft

T = TypeVar("T")


class BusyGuard:
    """One running write per key (an entry or draft id) for one screen."""

    def __init__(self) -> None:
        self._running: set[str] = set()

    def is_running(self, key: str) -> bool:
        return key in self._running

    async def run(
        self, key: str, work: Callable[[], Awaitable[T]], controls: Sequence[ft.Control] = ()
    ) -> T | None:
        """Run ``work`` unless a write for ``key`` is still running (then return None at once);
        ``controls`` are disabled meanwhile and enabled again afterwards, also after a failure."""
        if key in self._running:
            return None
        self._running.add(key)
        set_disabled(controls, True)
        try:
            return await work()
        finally:
            self._running.discard(key)
            set_disabled(controls, False)


def set_disabled(controls: Sequence[ft.Control], disabled: bool) -> None:
    """Disable or enable ``controls`` and send them to the browser at once."""
    for control in controls:
        control.disabled = disabled
        with contextlib.suppress(RuntimeError):  # not (or no longer) on a page: the redraw shows it
            control.update()
