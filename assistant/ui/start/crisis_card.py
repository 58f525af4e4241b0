"""The crisis card: pick one of the recent crises or create a new one (name, organisation)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import flet as ft

from assistant.ui.start.card import Card, Reload
from assistant.ui.start.data import StartData
from assistant.ui.tab import Tab
from assistant.ui.widgets.buttons import action_button

#: How many recent crises are offered as buttons.
SHOWN = 12


class CrisisCard(Card):
    def __init__(self, tab: Tab, reload: Reload, on_switched: Callable[[bool], None]) -> None:
        super().__init__(tab, reload)
        #: another crisis is active (True: a new one): the other cards drop what they were editing
        self.on_switched = on_switched
        t = tab.t
        self.name_field = ft.TextField(label=t("start.name"), width=360, text_size=18, autofocus=False)
        self.org_field = ft.TextField(label=t("start.org"), width=300, text_size=18)
        self.box = ft.Column(spacing=10)

    def draw(self, data: StartData) -> None:
        t = self.tab.t
        rows: list[ft.Control] = []
        if not data.crises:
            rows.append(self.muted(t("start.none"), 16))
        else:
            rows.append(self.muted(t("start.choose"), 16))
            chips = [self._chip(crisis, data) for crisis in data.crises[:SHOWN]]
            rows.append(ft.Row(chips, wrap=True, spacing=10, run_spacing=10))
        rows.append(ft.Text(t("start.new"), size=18, weight=ft.FontWeight.W_600))
        create = action_button(
            t("start.create"), self.tab.handler(self.create), icon=ft.Icons.ADD, kind="filled"
        )
        rows.append(
            ft.Row(
                [self.name_field, self.org_field, create],
                wrap=True,
                spacing=12,
                run_spacing=12,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            )
        )
        self.box.controls = rows

    def _chip(self, crisis: Any, data: StartData) -> ft.Control:
        active = data.active is not None and crisis.crisis_id == data.active.crisis_id
        label = crisis.name + (f" ({crisis.organisation})" if crisis.organisation else "")
        if active:
            label += f" · {self.tab.t('start.active')}"
        return action_button(
            label,
            self.tab.handler(functools.partial(self.select, crisis.crisis_id)),
            kind="filled" if active else "outlined",
            icon=ft.Icons.CHECK if active else None,
        )

    async def select(self, crisis_id: str, _e: Any = None) -> None:
        await self.tab.call(self.room.setup.select, crisis_id)
        self.on_switched(False)
        await self.reload()

    async def create(self, _e: Any = None) -> None:
        name = (self.name_field.value or "").strip()
        org = (self.org_field.value or "").strip()
        await self.tab.call(self.room.setup.create, name, org)  # keeps the fields on failure
        self.name_field.value = ""
        self.org_field.value = ""
        self.on_switched(True)
        self.tab.toast(self.tab.t("start.created"))
        await self.reload()
