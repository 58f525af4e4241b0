"""The meeting card: prepare the next meeting from a template, edit its agenda, start it.

Three states: a meeting is running (go to the clock; the agenda stays editable), one is prepared
(template, agenda editor, start), or none is (template choice, prepare).
"""

from __future__ import annotations

import functools
from typing import Any

import flet as ft

from assistant.app.room.events import ClockAction
from assistant.domain.meeting import TEMPLATES, AgendaItem, Meeting, template
from assistant.i18n import code_label
from assistant.i18n.names import agenda_title
from assistant.ui.chair import model as cm
from assistant.ui.start import agenda as edit
from assistant.ui.start.card import Card, Reload
from assistant.ui.start.data import StartData
from assistant.ui.tab import Tab
from assistant.ui.widgets.buttons import action_button, icon_action


def _minutes(text: str | None, default: float = 0.0) -> float:
    """ "4" or "2,5" -> minutes; anything else -> ``default`` (the room rejects 0 with a message)."""
    try:
        return float((text or "").replace(",", "."))
    except ValueError:
        return default


class MeetingCard(Card):
    def __init__(self, tab: Tab, reload: Reload) -> None:
        super().__init__(tab, reload)
        t = tab.t
        self.box = ft.Column(spacing=10)
        self.new_item_field = ft.TextField(label=t("start.item_new"), width=300)
        self.new_item_minutes = ft.TextField(
            label=t("start.item_new_minutes"), value="3", width=190, keyboard_type=ft.KeyboardType.NUMBER
        )
        self.template_choice = "eerste"
        self.data: StartData | None = None

    def new_crisis(self) -> None:
        self.template_choice = "eerste"

    # --- drawing ------------------------------------------------------------------------------------

    def draw(self, data: StartData) -> None:
        self.data = data
        t = self.tab.t
        if data.active is None:
            self.box.controls = [self.muted(t("start.none"))]
            return
        meeting = data.meeting
        if meeting is not None and meeting.started_at and not meeting.ended_at:
            self.box.controls = self._running(meeting)
        elif meeting is not None and not meeting.started_at:
            self.box.controls = self._prepared(meeting)
        else:
            self.box.controls = self._none_prepared(data, meeting)

    def _running(self, meeting: Meeting) -> list[ft.Control]:
        t = self.tab.t
        to_clock = action_button(
            t("start.to_clock"),
            self.tab.handler(lambda e: self.tab.go("/voorzitter")),
            icon=ft.Icons.TIMER,
            kind="filled",
            height=56,
            text_size=18,
        )
        running = ft.Text(
            t("start.running", n=meeting.number, time=(meeting.started_at or "")[11:16]), size=18
        )
        return [running, to_clock, *self._agenda_editor(meeting)]

    def _primary(self, text: str, action: Any, icon: Any, height: int, text_size: int) -> ft.Control:
        """The card's one main button (start the prepared meeting, or prepare the next one)."""
        return action_button(
            text, self.tab.handler(action), icon=icon, kind="filled", height=height, text_size=text_size
        )

    def _prepared(self, meeting: Meeting) -> list[ft.Control]:
        t = self.tab.t
        self.template_choice = meeting.template
        start = self._primary(t("start.start", n=meeting.number), self.start_meeting, ft.Icons.PLAY_ARROW, 60, 20)
        planned = ft.Text(t("start.planned", n=meeting.number, time=meeting.planned_start[11:16]), size=18)
        return [planned, self._template_picker(apply=True), *self._agenda_editor(meeting), start]

    def _none_prepared(self, data: StartData, meeting: Meeting | None) -> list[ft.Control]:
        t = self.tab.t
        out: list[ft.Control] = []
        if meeting is not None and meeting.ended_at:
            when = cm.hhmm(data.next_meeting_at) if data.next_meeting_at else "–"
            out.append(ft.Text(t("start.ended", n=meeting.number, time=when), size=18))
        if data.next_number > 1 and self.template_choice == "eerste":
            self.template_choice = "vervolg30"
        prepare = self._primary(t("start.prepare", n=data.next_number), self.prepare, ft.Icons.EVENT_NOTE, 56, 18)
        return [*out, self._template_picker(apply=False), prepare]

    def _template_picker(self, apply: bool) -> ft.Control:
        lang = self.tab.lang
        radios: list[ft.Control] = [
            ft.Radio(value=name, label=code_label("template", name, lang))
            for name in TEMPLATES
        ]
        group = ft.RadioGroup(
            value=self.template_choice,
            on_change=self.tab.handler(self.apply_template if apply else self._choose_template),
            content=ft.Row(radios, wrap=True, spacing=12),
        )
        heading = ft.Text(self.tab.t("start.template"), size=16, weight=ft.FontWeight.W_600)
        return ft.Column([heading, group], spacing=4)

    def _agenda_editor(self, meeting: Meeting) -> list[ft.Control]:
        t = self.tab.t
        rows = [self._agenda_row(i, item) for i, item in enumerate(meeting.agenda)]
        add = action_button(t("start.item_add"), self.tab.handler(self.add), icon=ft.Icons.ADD)
        rows.append(
            ft.Row(
                [self.new_item_field, self.new_item_minutes, add],
                wrap=True,
                spacing=8,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            )
        )
        total = cm.format_minutes(edit.agenda_minutes(meeting.agenda))
        rows.append(ft.Text(t("start.total", minutes=total), size=16, weight=ft.FontWeight.W_600))
        return rows

    def _agenda_row(self, i: int, item: AgendaItem) -> ft.Control:
        t, n = self.tab.t, i + 1
        rename = self.tab.handler(functools.partial(self.rename, i))
        set_minutes = self.tab.handler(functools.partial(self.set_minutes, i))
        name = ft.TextField(
            value=agenda_title(item, self.tab.lang),
            label=t("start.item_name", i=n),
            expand=True,
            on_blur=rename,
            on_submit=rename,
        )
        minutes = ft.TextField(
            value=cm.format_minutes(item.minutes),
            label=t("start.item_minutes", i=n),
            width=170,
            keyboard_type=ft.KeyboardType.NUMBER,
            suffix=t("start.min"),
            on_blur=set_minutes,
            on_submit=set_minutes,
        )
        remove = icon_action(
            ft.Icons.DELETE_OUTLINE,
            t("start.item_remove", i=n),
            self.tab.handler(functools.partial(self.remove, i)),
        )
        return ft.Row(
            [ft.Text(f"{n}.", width=28, size=16), name, minutes, remove],
            spacing=8,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        )

    # --- actions ------------------------------------------------------------------------------------

    def _ids(self) -> tuple[str, Meeting] | None:
        data = self.data
        if data is None or data.active is None or data.meeting is None:
            return None
        return data.active.crisis_id, data.meeting

    def _choose_template(self, e: Any) -> None:
        self.template_choice = e.control.value

    async def apply_template(self, e: Any) -> None:
        ids = self._ids()
        if ids is None:
            return
        self.template_choice = e.control.value
        await self.tab.call(
            self.room.meetings.update_agenda, ids[0], ids[1].number, template(self.template_choice)
        )
        await self.reload()

    async def _save_agenda(self, agenda: tuple[AgendaItem, ...]) -> None:
        ids = self._ids()
        if ids is None:
            return
        await self.tab.call(self.room.meetings.update_agenda, ids[0], ids[1].number, agenda)
        await self.reload()

    async def rename(self, index: int, e: Any) -> None:
        ids = self._ids()
        if ids is None or index >= len(ids[1].agenda):
            return
        agenda, value = ids[1].agenda, (e.control.value or "").strip()
        if value == agenda_title(agenda[index], self.tab.lang):
            return
        await self._save_agenda(edit.rename_item(agenda, index, value, self.tab.lang))

    async def set_minutes(self, index: int, e: Any) -> None:
        ids = self._ids()
        if ids is None or index >= len(ids[1].agenda):
            return
        minutes = _minutes(e.control.value)
        if minutes == ids[1].agenda[index].minutes:
            return
        await self._save_agenda(edit.set_minutes(ids[1].agenda, index, minutes))

    async def remove(self, index: int, _e: Any = None) -> None:
        ids = self._ids()
        if ids is not None:
            await self._save_agenda(edit.remove_item(ids[1].agenda, index))

    async def add(self, _e: Any = None) -> None:
        ids = self._ids()
        if ids is None:
            return
        minutes = _minutes(self.new_item_minutes.value or "3")
        await self._save_agenda(edit.add_item(ids[1].agenda, self.new_item_field.value or "", minutes or 3))
        self.new_item_field.value = ""
        self.tab.page.update()

    async def prepare(self, _e: Any = None) -> None:
        data = self.data
        if data is None or data.active is None:
            return
        await self.tab.call(self.room.meetings.plan, data.active.crisis_id, None, self.template_choice)
        await self.reload()

    async def start_meeting(self, _e: Any = None) -> None:
        ids = self._ids()
        if ids is None:
            return
        await self.tab.call(self.room.meetings.clock_action, ids[0], ids[1].number, ClockAction.START)
        await self.tab.go("/voorzitter")
