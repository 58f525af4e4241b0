"""The berichtenmanager's screen (/berichten): quick entry, register form, filtered list, schema.

Keyboard first: ``N`` puts the cursor in the quick-entry line (Enter registers), ``F`` opens the full
form, ``Esc`` leaves a field. Every button is at least 48 px high for a tablet. The room is read in a
worker thread (``read``) and drawn on the loop (``draw``); changes from other devices (Topic
``messages``, ``stakeholders``, ``crisis``) trigger one batched reload.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import replace
from typing import Any

import flet as ft

from assistant.app.room.messages import MessageDraft
from assistant.domain.messages import Direction, Message, MessageFilter, MessageStatus, Urgency
from assistant.i18n.names import role_display, roster_label
from assistant.ui import theme
from assistant.ui.berichten.form import RegisterForm
from assistant.ui.berichten.model import BerichtenData, read_berichten
from assistant.ui.logger.common import safe_update
from assistant.ui.screen_base import ScreenBase
from assistant.ui.tab import Tab
from assistant.ui.views import ViewResult
from assistant.ui.widgets.buttons import action_button

TOPICS = ("crisis", "messages", "stakeholders", "settings")
URGENCY_COLOURS = {Urgency.URGENT: theme.OVERRUN, Urgency.HIGH: theme.WARNING}


class BerichtenScreen(ScreenBase[BerichtenData]):
    def __init__(self, tab: Tab) -> None:
        super().__init__(tab)
        t = tab.t
        self.filter = MessageFilter()
        self.data = BerichtenData()
        self.quick = ft.TextField(
            label=t("berichten.quick_label"), hint_text=t("berichten.quick_hint"), expand=True, text_size=18,
            on_submit=tab.handler(self._quick_submit),
        )
        self.direction_filter = self._filter_dropdown(
            t("berichten.filter_direction"), [(d.value, t(f"berichten.direction.{d.value}")) for d in Direction],
            "direction")
        self.status_filter = self._filter_dropdown(
            t("berichten.filter_status"), [(s.value, t(f"berichten.status.{s.value}")) for s in MessageStatus],
            "status")
        self.cmt_filter = ft.Checkbox(label=t("berichten.only_cmt"), on_change=tab.handler(self._cmt_changed))
        self.search = ft.TextField(label=t("berichten.search"), width=220, dense=True,
                                   on_change=tab.handler(self._search_changed))
        self.count = ft.Text(size=18, weight=ft.FontWeight.W_600)
        self.list = ft.ListView(expand=True, spacing=6)
        self.schema = ft.Column(spacing=6)
        left = ft.Column(
            [
                ft.Row([self.quick, action_button(t("berichten.new"), tab.handler(self._open_form),
                                                  icon=ft.Icons.ADD, kind="filled")]),
                ft.Text(t("berichten.keys_hint"), size=13, color=theme.muted(tab.theme)),
                ft.Row([self.direction_filter, self.status_filter, self.cmt_filter, self.search], wrap=True),
                self.count,
                self.list,
            ],
            expand=3,
            spacing=10,
        )
        right = ft.Container(
            ft.Column([ft.Text(t("berichten.schema_title"), size=18, weight=ft.FontWeight.W_600), self.schema],
                      scroll=ft.ScrollMode.AUTO, spacing=8),
            expand=1,
            padding=12,
            border_radius=12,
            bgcolor=theme.surface(tab.theme),
        )
        self.root = ft.Row([left, right], expand=True, vertical_alignment=ft.CrossAxisAlignment.START, spacing=16)

    # --- read and draw --------------------------------------------------------------------------------

    def read(self) -> BerichtenData:
        return read_berichten(self.tab, self.filter)

    def draw(self, data: BerichtenData) -> None:
        self.data = data
        t = self.tab.t
        self.count.value = t("berichten.list_title", n=len(data.messages))
        self.list.controls = [self._row(m) for m in data.messages] or [
            ft.Text(t("berichten.empty"), color=theme.muted(self.tab.theme))]
        self.schema.controls = [self._schema_line(link) for link in data.schema] or [
            ft.Text(t("berichten.schema_empty"), color=theme.muted(self.tab.theme))]

    def show(self) -> None:
        safe_update(self.root)

    def _row(self, message: Message) -> ft.Control:
        t, lang = self.tab.t, self.tab.lang
        roster = self.data.roster
        party_key = "berichten.from_party" if message.direction is Direction.INCOMING else "berichten.to_party"
        facts = [
            t(f"berichten.direction.{message.direction.value}"),
            t(f"berichten.channel.{message.channel.value}"),
            t(party_key, party=message.counterpart.name),
            t(f"berichten.status.{message.status.value}"),
        ]
        if message.routed_to and roster is not None:
            facts.append(t("berichten.routed_short", role=roster_label(roster, message.routed_to, lang)))
        if message.deadline:
            facts.append(t("berichten.deadline_short", time=message.deadline[11:16]))
        if message.entry_number:
            facts.append(t("berichten.entry_link", number=message.entry_number))
        if message.for_cmt:
            facts.append("CMT")
        colour = URGENCY_COLOURS.get(message.urgency)
        buttons = self._row_buttons(message)
        return ft.Container(
            ft.Row(
                [
                    ft.Text(message.number, size=18, weight=ft.FontWeight.BOLD, width=60),
                    ft.Text(message.at[11:16], size=16, width=52),
                    ft.Column(
                        [
                            ft.Text(message.summary, size=17, weight=ft.FontWeight.W_600, color=colour),
                            ft.Text(" · ".join(facts), size=14, color=theme.muted(self.tab.theme)),
                        ],
                        spacing=2,
                        expand=True,
                    ),
                    ft.Text(t(f"berichten.urgency.{message.urgency.value}"), color=colour, size=14),
                    *buttons,
                ],
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            ),
            padding=10,
            border_radius=10,
            bgcolor=theme.surface(self.tab.theme),
            border=ft.Border.all(2, colour) if colour else None,
        )

    def _row_buttons(self, message: Message) -> list[ft.Control]:
        t = self.tab.t
        if message.status is MessageStatus.HANDLED:
            return [action_button(t("berichten.reopen"), self.tab.handler(functools.partial(self._reopen, message)),
                                  kind="text")]
        roster = self.data.roster
        items = [
            ft.PopupMenuItem(content=ft.Text(role_display(r, self.tab.lang)),
                             on_click=self.tab.handler(functools.partial(self._route, message, r.id)))
            for r in (roster.roles if roster else ())
        ]
        return [
            ft.PopupMenuButton(content=ft.Text(t("berichten.route")), items=items, tooltip=t("berichten.route_to")),
            action_button(t("berichten.handled"), self.tab.handler(functools.partial(self._handled, message)),
                          icon=ft.Icons.CHECK),
        ]

    def _schema_line(self, link: Any) -> ft.Control:
        roster = self.data.roster
        role = roster_label(roster, link.role_id, self.tab.lang) if roster else link.role_id
        return ft.Text(
            self.tab.t("berichten.schema_line", role=role, partner=link.partner,
                       channel=self.tab.t(f"berichten.channel.{link.channel.value}"), frequency=link.frequency or "—"),
            size=15,
        )

    # --- actions --------------------------------------------------------------------------------------

    async def _quick_submit(self, _e: Any = None) -> None:
        line = (self.quick.value or "").strip()
        if not line or self.data.crisis_id is None:
            return
        message = await self.tab.call(self.tab.room.messages.register_line, self.data.crisis_id, line,
                                      lang=self.tab.lang)
        self.quick.value = ""
        self.tab.toast(self.tab.t("berichten.registered", number=message.number))
        await self.reload()
        with contextlib.suppress(RuntimeError):  # not on a page (yet): nothing to focus
            await self.quick.focus()

    async def _open_form(self, _e: Any = None) -> None:
        if self.data.crisis_id is None:
            return
        form = RegisterForm(self.tab, self.data, self._register)
        self.dialogs.show(form.dialog)

    async def _register(self, draft: MessageDraft) -> None:
        message = await self.tab.call(self.tab.room.messages.register, self.data.crisis_id, draft)
        self.tab.toast(self.tab.t("berichten.registered", number=message.number))

    async def _route(self, message: Message, role_id: str, _e: Any = None) -> None:
        await self.tab.call(self.tab.room.messages.route, message.crisis_id, message.message_id, role_id)

    async def _handled(self, message: Message, _e: Any = None) -> None:
        await self.tab.call(self.tab.room.messages.mark_handled, message.crisis_id, message.message_id)

    async def _reopen(self, message: Message, _e: Any = None) -> None:
        await self.tab.call(self.tab.room.messages.reopen, message.crisis_id, message.message_id)

    # --- filters and keys -----------------------------------------------------------------------------

    def _filter_dropdown(self, label: str, options: list[tuple[str, str]], field: str) -> ft.Dropdown:
        all_label = self.tab.t("berichten.filter_all")
        return ft.Dropdown(
            label=label,
            tooltip=label,
            options=[ft.DropdownOption(key="", text=all_label)] + [ft.DropdownOption(key=k, text=v) for k, v in options],
            value="",
            width=170,
            dense=True,
            on_select=self.tab.handler(functools.partial(self._filter_changed, field)),
        )

    async def _filter_changed(self, field: str, e: Any) -> None:
        value = e.control.value or None
        if field == "direction":
            self.filter = _with(self.filter, direction=Direction(value) if value else None)
        else:
            self.filter = _with(self.filter, status=MessageStatus(value) if value else None)
        await self.reload()

    async def _cmt_changed(self, e: Any) -> None:
        self.filter = _with(self.filter, only_cmt=bool(e.control.value))
        await self.reload()

    async def _search_changed(self, e: Any) -> None:
        self.filter = _with(self.filter, text=(e.control.value or "").strip())
        await self.reload()

    async def on_key(self, e: Any) -> None:
        if self.dialogs.is_open or getattr(e, "ctrl", False) or getattr(e, "alt", False):
            return
        key = str(getattr(e, "key", "")).upper()
        if key == "N":
            with contextlib.suppress(RuntimeError):
                await self.quick.focus()
        elif key == "F":
            await self._open_form()

    async def build(self) -> ViewResult:
        self.listen(TOPICS)
        self.tab.page.on_keyboard_event = self.tab.handler(self.on_key)
        await self.reload(update=False)
        return ViewResult(self.root, title=self.tab.t("berichten.title"), on_dispose=self.dispose, scroll=False)

    def dispose(self) -> None:
        super().dispose()
        self.tab.page.on_keyboard_event = None


def _with(filt: MessageFilter, **changes: Any) -> MessageFilter:
    return replace(filt, **changes)
