"""The meeting-cycle card: how often the team meets (the default time of the next meeting)."""

from __future__ import annotations

from typing import Any

import flet as ft

from assistant.domain.meeting import Crisis
from assistant.ui.chair import model as cm
from assistant.ui.start.card import Card, Reload
from assistant.ui.start.data import StartData
from assistant.ui.tab import Tab


class CycleCard(Card):
    def __init__(self, tab: Tab, reload: Reload) -> None:
        super().__init__(tab, reload)
        self.box = ft.Column(spacing=8)
        self._crisis: Crisis | None = None

    def draw(self, data: StartData) -> None:
        self._crisis = data.active
        if data.active is None:
            self.box.controls = [self.muted(self.tab.t("start.none"))]
            return
        current = data.active.cycle_minutes
        options = list(cm.CYCLE_OPTIONS) + ([current] if current not in cm.CYCLE_OPTIONS else [])
        radios: list[ft.Control] = [
            ft.Radio(value=str(m), label=cm.cycle_label(m, self.tab.lang)) for m in options
        ]
        self.box.controls = [
            ft.RadioGroup(
                value=str(current),
                on_change=self.tab.handler(self.set_cycle),
                content=ft.Row(radios, wrap=True, spacing=12),
            )
        ]

    async def set_cycle(self, e: Any) -> None:
        if self._crisis is None:
            return
        minutes = int(e.control.value)
        await self.tab.call(self.room.setup.update, self._crisis.crisis_id, cycle_minutes=minutes)
        self.tab.toast(self.tab.t("start.cycle_saved", label=cm.cycle_label(minutes, self.tab.lang)))
