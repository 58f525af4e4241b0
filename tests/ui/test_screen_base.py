"""The one batched reload and the one dialog convention every screen uses (no browser)."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import flet as ft

from assistant.ui.screen_base import BatchedReload, Dialogs


class GatedRead:
    """A read that blocks (in its worker thread) until the test lets it go."""

    def __init__(self) -> None:
        self.calls = 0
        self.gate = threading.Event()
        self.started = threading.Event()

    def __call__(self) -> int:
        self.calls += 1
        self.started.set()
        self.gate.wait(timeout=10)
        return self.calls


def test_a_burst_during_a_read_costs_exactly_one_more_read() -> None:
    async def scenario() -> None:
        read = GatedRead()
        drawn: list[int] = []
        shown: list[int] = []
        reload = BatchedReload(read, drawn.append, show=lambda: shown.append(len(drawn)))
        first = asyncio.create_task(reload())
        await asyncio.to_thread(read.started.wait, 10)
        assert reload.busy
        # five changes arrive while the first read is still reading: none starts a read of its own
        assert [await reload() for _ in range(5)] == [None] * 5
        read.gate.set()
        assert await first == 2
        assert read.calls == 2 and drawn == [1, 2] and shown == [1, 2]
        assert not reload.busy

    asyncio.run(scenario())


def test_update_false_draws_without_sending_and_a_stopped_reload_draws_nothing() -> None:
    async def scenario() -> None:
        drawn: list[str] = []
        shown: list[bool] = []
        reload = BatchedReload(lambda: "data", drawn.append, show=lambda: shown.append(True))
        assert await reload(update=False) == "data"
        assert drawn == ["data"] and shown == []
        reload.stop()
        assert await reload() is None
        assert drawn == ["data"] and reload.reads == 1

    asyncio.run(scenario())


def test_a_failed_read_is_reported_and_keeps_what_is_shown() -> None:
    async def scenario() -> None:
        errors: list[Exception] = []
        drawn: list[Any] = []

        def read() -> Any:
            raise OSError("disk gone")

        reload = BatchedReload(read, drawn.append, on_error=errors.append)
        assert await reload() is None
        assert drawn == [] and [str(e) for e in errors] == ["disk gone"]
        assert not reload.busy  # the next change reads again

    asyncio.run(scenario())


class Page:
    def __init__(self) -> None:
        self.shown: list[Any] = []

    def show_dialog(self, dialog: Any) -> None:
        dialog.open = True
        self.shown.append(dialog)


def test_dialogs_close_exactly_their_own_dialog_and_track_dismissal() -> None:
    closed: list[bool] = []
    page = Page()
    dialogs = Dialogs(page, on_closed=lambda: closed.append(True))
    dismissed_by_owner: list[Any] = []
    first = ft.AlertDialog(title=ft.Text("een"), on_dismiss=dismissed_by_owner.append)
    second = ft.AlertDialog(title=ft.Text("twee"))
    dialogs.show(first)
    dialogs.show(second)
    assert dialogs.is_open and page.shown == [first, second]
    dialogs.close(first)  # not the topmost one
    assert first.open is False and second.open is True and dialogs.is_open
    # Esc / a click outside: Flet calls on_dismiss; the dialog's own handler still runs
    second.on_dismiss("event")
    assert not dialogs.is_open and closed == [True, True]
    first.on_dismiss("late")  # a dismissal after close counts once
    assert closed == [True, True] and dismissed_by_owner == ["late"]
