"""The communication schema card: who in the team communicates with which stakeholder or partner,
by which channel and how often ("Brugfunctie ... zie schema wie communiceert met wie"). A removed line
stays in the register's chain (nothing is erased); the chair's Stakeholders tab and the
berichtenmanager's screen show the schema.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

import flet as ft

from assistant.domain.messages import Channel, CommLink
from assistant.i18n.names import role_display, roster_label
from assistant.ui.logger.common import safe_update
from assistant.ui.start.card import Card, Reload
from assistant.ui.start.data import StartData
from assistant.ui.tab import Tab
from assistant.ui.widgets.buttons import action_button


class SchemaCard(Card):
    def __init__(self, tab: Tab, reload: Reload) -> None:
        super().__init__(tab, reload)
        t = tab.t
        self.crisis_id: str | None = None
        self._pending: asyncio.Task[None] | None = None
        self.links: list[CommLink] = []
        self.roster: Any = None
        self.role = ft.Dropdown(label=t("berichten.link_role"), tooltip=t("berichten.link_role"), width=220, dense=True)
        self.partner = ft.TextField(label=t("berichten.link_partner"), width=280)
        self.channel = ft.Dropdown(
            label=t("berichten.field_channel"), tooltip=t("berichten.field_channel"), width=170, dense=True,
            value=Channel.PHONE.value,
            options=[ft.DropdownOption(key=c.value, text=t(f"berichten.channel.{c.value}")) for c in Channel],
        )
        self.frequency = ft.TextField(label=t("berichten.link_frequency"), width=220, on_submit=tab.handler(self.add))
        self.lines = ft.Column(spacing=6)
        self.box = ft.Column(
            [
                self.muted(t("berichten.card_hint"), 15),
                self.lines,
                ft.Row(
                    [self.role, self.partner, self.channel, self.frequency,
                     action_button(t("berichten.add_link"), tab.handler(self.add), icon=ft.Icons.ADD)],
                    wrap=True, spacing=10, run_spacing=10, vertical_alignment=ft.CrossAxisAlignment.CENTER,
                ),
            ],
            spacing=10,
        )

    def draw(self, data: StartData) -> None:
        crisis = data.active
        self.crisis_id = crisis.crisis_id if crisis else None
        self.roster = crisis.roster if crisis else None
        self.box.visible = crisis is not None
        if crisis is not None:
            self.role.options = [ft.DropdownOption(key=r.id, text=role_display(r, self.tab.lang)) for r in crisis.roster.roles]
            # the schema is the register's, not part of the start data: read it in a worker thread
            self._pending = asyncio.get_running_loop().create_task(self.refresh())

    async def refresh(self) -> None:
        """The schema lines, read in a worker thread (the card's part of the start screen)."""
        if self.crisis_id is None:
            return
        self.links = await asyncio.to_thread(self.room.messages.schema, self.crisis_id)
        t = self.tab.t
        self.lines.controls = [self._line(link) for link in self.links] or [self.muted(t("berichten.schema_empty"), 15)]
        safe_update(self.lines)

    def _line(self, link: CommLink) -> ft.Control:
        t = self.tab.t
        role = roster_label(self.roster, link.role_id, self.tab.lang) if self.roster else link.role_id
        text = t("berichten.schema_line", role=role, partner=link.partner,
                 channel=t(f"berichten.channel.{link.channel.value}"), frequency=link.frequency or "-")
        remove = action_button(t("berichten.remove_link"), self.tab.handler(functools.partial(self.remove, link)),
                               kind="text", icon=ft.Icons.DELETE_OUTLINE)
        return ft.Row([ft.Text(text, size=16, expand=True), remove], vertical_alignment=ft.CrossAxisAlignment.CENTER)

    async def add(self, _e: Any = None) -> None:
        if self.crisis_id is None:
            return
        await self.tab.call(self.room.messages.add_link, self.crisis_id, self.role.value or "",
                            (self.partner.value or "").strip(), self.channel.value or "telefoon",
                            (self.frequency.value or "").strip())
        self.partner.value = ""
        self.frequency.value = ""
        safe_update(self.partner, self.frequency)
        await self.refresh()

    async def remove(self, link: CommLink, _e: Any = None) -> None:
        await self.tab.call(self.room.messages.remove_link, link.crisis_id, link.link_id)
        await self.refresh()
