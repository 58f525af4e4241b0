"""The logger's pane of CMT messages: what the berichtenmanager flagged for the table and is not in
the log yet. One key turns the top message into a log entry: ``I`` as info, ``B`` as information
need (the entry and the message point at each other). Buttons do the same for touch.

The pane reads on its own (worker thread) when the register or the log changes, so the logger's
snapshot stays as it was; a device that may not read messages simply shows no pane.
"""

from __future__ import annotations

import functools
from typing import Any

import flet as ft

from assistant.app.permissions import PermissionDenied
from assistant.domain.entries import EntryKind
from assistant.domain.messages import Message, Urgency
from assistant.ui import theme
from assistant.ui.logger.common import safe_update
from assistant.ui.logger.kit import Kit
from assistant.ui.room_view import shared_view, view_settled
from assistant.ui.screen_base import read_shared
from assistant.ui.tab import Tab
from assistant.ui.widgets.buttons import action_button

TOPICS = ("messages", "log", "crisis")
KEYS = {"I": EntryKind.INFO, "B": EntryKind.INFO_NEED}


class MessagesPane:
    def __init__(self, kit: Kit, tab: Tab) -> None:
        self.kit = kit
        self.tab = tab
        self.messages: list[Message] = []
        self._drawn = False
        self.title = ft.Text(kit.t("berichten.pane_title", n=0), size=18, weight=ft.FontWeight.BOLD)
        self.list = ft.Column(spacing=6)
        self.root = ft.Container(
            ft.Column([self.title, kit.muted_text(kit.t("berichten.pane_keys"), size=12), self.list], spacing=6),
            padding=8,
            border_radius=12,
            bgcolor=kit.surface,
            visible=False,
        )

    async def reload(self, _changes: Any = None) -> None:
        try:
            messages = list((await read_shared(self._read, view_settled(self.tab)))[0])
        except PermissionDenied:
            messages = []
        if self._drawn and messages == self.messages:
            return  # a log change that left the register as it was: nothing to draw or send
        self.messages, self._drawn = messages, True
        self.draw()
        safe_update(self.root)

    def _read(self) -> list[Message]:
        room = shared_view(self.tab)  # the register read once per change for every logger
        crisis_id = room.setup.active_id()
        return room.messages.for_table(crisis_id) if crisis_id else []

    def draw(self) -> None:
        t = self.kit.t
        self.title.value = t("berichten.pane_title", n=len(self.messages))
        self.root.visible = bool(self.messages)
        self.list.controls = [self._row(m) for m in self.messages]

    def _row(self, message: Message) -> ft.Control:
        t = self.kit.t
        colour = theme.OVERRUN if message.urgency is Urgency.URGENT else None
        party = message.counterpart.name
        detail = f"{message.at[11:16]} · {party}" + (f" · {message.deadline[11:16]}" if message.deadline else "")
        return ft.Column(
            [
                ft.Text(f"{message.number}  {message.summary}", size=15, weight=ft.FontWeight.W_600, color=colour),
                self.kit.muted_text(detail, size=13),
                ft.Row(
                    [
                        action_button(t("berichten.to_info"),
                                      self.kit.act(functools.partial(self.to_entry, message, EntryKind.INFO)),
                                      kind="outlined"),
                        action_button(t("berichten.to_need"),
                                      self.kit.act(functools.partial(self.to_entry, message, EntryKind.INFO_NEED)),
                                      kind="outlined"),
                    ],
                    wrap=True,
                ),
            ],
            spacing=2,
        )

    async def to_entry(self, message: Message, kind: EntryKind, _e: Any = None) -> None:
        entry = await self.tab.call(self.tab.room.messages.to_entry, message.crisis_id, message.message_id, kind)
        self.tab.toast(self.kit.t("berichten.logged", message=message.number, entry=entry.number))

    async def on_key(self, key: str, *, text_focused: bool, dialog_open: bool) -> bool:
        """``I``/``B`` on the top message; True when the key was this pane's."""
        kind = KEYS.get(key.upper())
        if kind is None or text_focused or dialog_open or not self.messages:
            return False
        await self.tab.handler(functools.partial(self.to_entry, self.messages[0], kind))()
        return True
