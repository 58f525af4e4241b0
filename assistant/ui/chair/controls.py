"""The clock buttons: start, previous/next item, +1/+2 minutes, pause/resume, close.

Which buttons exist depends only on the meeting's state (``rows.ControlsView``), so they are
rebuilt on a room change that alters that state and never by the passing seconds.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import flet as ft

from assistant.app.room.events import ClockAction
from assistant.ui import theme
from assistant.ui.chair.actions import ChairActions
from assistant.ui.chair.rows import ControlsView, Stage
from assistant.ui.tab import Tab
from assistant.ui.widgets.buttons import action_button

BIG: dict[str, Any] = {"height": 56, "text_size": 18}


class ClockControls:
    def __init__(self, tab: Tab, actions: ChairActions, *, on_close: Callable[[], Any]) -> None:
        self.tab = tab
        self.actions = actions
        self.on_close = on_close
        self.buttons = ft.Row(wrap=True, spacing=10, run_spacing=10)
        self.close_slot = ft.Row(spacing=0)
        self.status_box = ft.Column(spacing=8)
        self._shown: ControlsView | None = None

    def refresh(self, view: ControlsView) -> list[ft.Control]:
        """Rebuild when the meeting's state changed; returns the controls that changed."""
        if view == self._shown:
            return []
        self._shown = view
        status, buttons, close = self._build(view)
        self.status_box.controls = status
        self.buttons.controls = buttons
        self.close_slot.controls = close
        return [self.status_box, self.buttons, self.close_slot]

    def _on(self, fn: Callable[[], Any]) -> Callable[..., Any]:
        return self.tab.handler(lambda _e=None: fn())

    def _to_start(self, key: str, icon: Any, **style: Any) -> ft.Control:
        return action_button(self.tab.t(key), self._on(lambda: self.tab.go("/start")), icon=icon, **style)

    def _build(self, view: ControlsView) -> tuple[list[ft.Control], list[ft.Control], list[ft.Control]]:
        t = self.tab.t
        if view.stage is Stage.NO_CRISIS:
            go = self._to_start("chair.no_crisis_go", ft.Icons.ADD, kind="filled", **BIG)
            return [ft.Text(t("chair.no_crisis"), size=18)], [go], []
        if view.stage is Stage.NO_MEETING:
            go = self._to_start("chair.prepare_go", ft.Icons.EVENT_NOTE, kind="filled", **BIG)
            return [ft.Text(t("chair.no_meeting"), size=18)], [go], []
        if view.stage is Stage.PLANNED:
            planned = ft.Text(t("chair.planned", n=view.number, minutes=view.planned_minutes), size=18)
            start = action_button(
                t("chair.start", n=view.number),
                self.tab.handler(self.actions.start_meeting),
                kind="filled",
                icon=ft.Icons.PLAY_ARROW,
                height=60,
                text_size=20,
            )
            edit = self._to_start("chair.edit_agenda", ft.Icons.EDIT, kind="outlined")
            return [planned], [start, edit], []
        if view.stage is Stage.ENDED:
            closed = ft.Text(
                t("chair.closed", n=view.number, time=view.next_meeting), size=20, weight=ft.FontWeight.W_600
            )
            go = self._to_start("chair.prepare_next", ft.Icons.EVENT_NOTE, kind="filled", **BIG)
            return [closed], [go], []
        return [], self._running(view), [self._close_button(view.last)]

    def _close_button(self, last: bool) -> ft.Control:
        return action_button(
            self.tab.t("chair.close"),
            self._on(self.on_close),
            icon=ft.Icons.STOP_CIRCLE_OUTLINED,
            kind="filled" if last else "outlined",
            color=None if last else theme.OVERRUN,
        )

    def _running(self, view: ControlsView) -> list[ft.Control]:
        t, clock = self.tab.t, self.actions.clock
        pause = ClockAction.RESUME if view.paused else ClockAction.PAUSE
        return [
            action_button(
                t("chair.previous_short"),
                self._on(lambda: clock(ClockAction.PREVIOUS)),
                icon=ft.Icons.SKIP_PREVIOUS,
                kind="outlined",
                disabled=view.first,
                height=56,
                semantics=t("chair.previous"),
            ),
            action_button(
                t("chair.next_short"),
                self.tab.handler(self.actions.next_item),
                icon=ft.Icons.SKIP_NEXT,
                kind="filled",
                disabled=view.last,
                semantics=t("chair.next"),
                **BIG,
            ),
            *(
                action_button(
                    t(short),
                    self._on(functools.partial(clock, ClockAction.EXTEND, minutes)),
                    kind="tonal",
                    height=56,
                    semantics=t(key),
                )
                for short, key, minutes in (
                    ("chair.plus1_short", "chair.plus1", 1.0),
                    ("chair.plus2_short", "chair.plus2", 2.0),
                )
            ),
            action_button(
                t("chair.resume") if view.paused else t("chair.pause"),
                self._on(lambda: clock(pause)),
                icon=ft.Icons.PLAY_ARROW if view.paused else ft.Icons.PAUSE,
                kind="tonal",
                height=56,
            ),
        ]
