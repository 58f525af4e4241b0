"""What every screen does the same way: one batched reload and one dialog convention.

**Batched reload** (``BatchedReload``): a screen re-reads the room in a worker thread after room
changes and draws the result on the Flet loop. Changes come in bursts (a confirm writes the entry,
the draft and the transcript line); a reload asked for while one is reading is not started in
parallel but remembered, and exactly one more read follows. A read that fails is reported once and
leaves what is shown as it was. After ``stop()`` (the tab left the screen) nothing is drawn.

**Dialogs** (``Dialogs``): ``show(dialog)`` opens a dialog and counts it as open until Flet reports
its dismissal (Esc, a click outside) or ``close(dialog)`` closes it. ``close`` closes exactly that
dialog, never "the topmost one" (a snackbar may have opened since). Convention for every action in
a dialog: do the room call first, close only when it succeeded; a failure (``ActionFailed``) keeps
the dialog and what the user typed. ``is_open`` lets keyboard handlers leave keys to the dialog.

``ScreenBase`` wires both to a tab: bridge subscriptions that are dropped on ``dispose()``.
Usage::

    class WallScreen(ScreenBase[WallData]):
        def read(self) -> WallData: ...            # blocking, runs in a worker thread
        def draw(self, data: WallData) -> None: ...  # on the loop: set control properties

        async def build(self) -> ViewResult:
            self.listen(TOPICS)                     # room changes → one batched reload
            await self.reload(update=False)         # first read; the controls are not on a page yet
            return ViewResult(self.root, on_dispose=self.dispose)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Generic, TypeVar

from assistant.app.memory_reads import NotInMemory, memory_only
from assistant.ui.room_view import view_settled
from assistant.ui.tab import Tab

log = logging.getLogger(__name__)

T = TypeVar("T")


class BatchedReload(Generic[T]):
    """Read in a worker thread, draw on the loop; a burst of requests costs at most one more read."""

    def __init__(
        self,
        read: Callable[[], T],
        draw: Callable[[T], None],
        *,
        show: Callable[[], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
        settle: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._read = read
        self._settle = settle  # the shared view's ``settled``: then try the read on the loop first
        self._draw = draw
        self._show = show  # sends the drawn controls to the browser (skipped before the first show)
        self._on_error = on_error
        self._busy = False
        self._again = False
        self._stopped = False
        self.reads = 0  # how many reads ran (tests and diagnostics)
        self.loop_reads = 0  # how many of them were answered from memory on the loop

    @property
    def busy(self) -> bool:
        return self._busy

    def stop(self) -> None:
        """The screen is gone: a read in flight is dropped, later requests do nothing."""
        self._stopped = True

    async def __call__(self, *, update: bool = True) -> T | None:
        """Re-read and draw; returns the data drawn last (None if nothing was drawn by this call)."""
        if self._stopped:
            return None
        if self._busy:
            self._again = True  # the running call reads once more when its read is done
            return None
        self._busy = True
        drawn: T | None = None
        try:
            while True:
                self._again = False
                try:
                    data = await self._read_data()
                except Exception as exc:  # noqa: BLE001 - storage trouble: say so, keep what is shown
                    log.exception("screen reload failed")
                    if self._on_error is not None:
                        self._on_error(exc)
                    return drawn
                self.reads += 1
                if self._stopped:
                    return drawn
                self._draw(data)
                drawn = data
                if update and self._show is not None:
                    self._show()
                if not self._again:
                    return drawn
        finally:
            self._busy = False


    async def _read_data(self) -> T:
        if self._settle is None:
            return await asyncio.to_thread(self._read)
        data, on_loop = await read_shared(self._read, self._settle)
        self.loop_reads += on_loop
        return data


async def read_shared(read: Callable[[], T], settle: Callable[[], Awaitable[None]]) -> tuple[T, bool]:
    """``read()`` from memory on the loop when the shared view has every answer it asks for (no
    thread hop per screen: issue 15), else in a worker thread. Answers the data and whether it was
    read on the loop."""
    await settle()
    try:
        with memory_only():
            return read(), True
    except NotInMemory:
        return await asyncio.to_thread(read), False


class Dialogs:
    """The one dialog convention: see the module docstring."""

    def __init__(self, page: Any, *, on_closed: Callable[[], Any] | None = None) -> None:
        self._page = page
        self._open: list[Any] = []
        self._on_closed = on_closed  # e.g. the logger takes the keyboard focus back

    @property
    def is_open(self) -> bool:
        return bool(self._open)

    def show(self, dialog: Any) -> None:
        """Open ``dialog``; it counts as open until dismissed or closed."""
        previous = dialog.on_dismiss

        def dismissed(e: Any) -> None:
            self._forget(dialog)
            if previous is not None:
                previous(e)

        dialog.on_dismiss = dismissed
        self._open.append(dialog)
        self._page.show_dialog(dialog)

    def close(self, dialog: Any) -> None:
        """Close exactly ``dialog`` (call it after the dialog's action succeeded)."""
        self._forget(dialog)
        if getattr(dialog, "open", False):
            dialog.open = False
            with contextlib.suppress(RuntimeError, AttributeError):  # not (or no longer) on a page
                dialog.update()

    def _forget(self, dialog: Any) -> None:
        if dialog in self._open:
            self._open.remove(dialog)
            if self._on_closed is not None:
                self._on_closed()


class ScreenBase(Generic[T]):
    """A routed screen: ``read`` (blocking, worker thread) and ``draw`` (loop), one batched reload,
    one dialog host, and bridge subscriptions that ``dispose()`` drops."""

    def __init__(self, tab: Tab) -> None:
        self.tab = tab
        self.disposed = False
        self._unsubscribers: list[Callable[[], None]] = []
        self.dialogs = Dialogs(tab.page, on_closed=self.dialog_closed)
        self.reload: BatchedReload[T] = BatchedReload(
            self.read, self.draw, show=self.show, on_error=self.reload_failed, settle=view_settled(tab)
        )

    # --- what a screen provides -------------------------------------------------------------------

    def read(self) -> T:
        """Everything the screen shows from the room, in one blocking call (runs in a worker thread)."""
        raise NotImplementedError

    def draw(self, data: T) -> None:
        """Put ``data`` into the controls (on the loop; no ``update()`` needed, ``show`` sends it)."""
        raise NotImplementedError

    def show(self) -> None:
        """Send the drawn controls to the browser; the default sends the whole page."""
        with contextlib.suppress(RuntimeError, AttributeError):  # the tab may be closing
            self.tab.page.update()

    def reload_failed(self, exc: Exception) -> None:
        """A read failed: tell the user, keep showing the last good state."""
        self.tab.toast(self.tab.error_text(exc), error=True)

    def dialog_closed(self) -> None:
        """A dialog of this screen closed (hook for focus handling)."""

    # --- wiring -----------------------------------------------------------------------------------

    def listen(self, topics: Iterable[str]) -> None:
        """Reload once per burst of room changes on these topics."""
        self.on_change(self._changed, topics)

    def on_change(self, handler: Callable[[list[Any]], Any], topics: Iterable[str]) -> None:
        self._unsubscribers.append(self.tab.bridge.on_change(handler, tuple(topics)))

    def on_tick(self, handler: Callable[[], Any]) -> None:
        self._unsubscribers.append(self.tab.bridge.on_tick(handler))

    async def _changed(self, _changes: list[Any]) -> None:
        await self.reload()

    def dispose(self) -> None:
        """The tab left the screen: no more reloads, no more handlers."""
        self.disposed = True
        self.reload.stop()
        for unsubscribe in self._unsubscribers:
            unsubscribe()
        self._unsubscribers.clear()


__all__ = ["BatchedReload", "Dialogs", "ScreenBase", "read_shared"]
