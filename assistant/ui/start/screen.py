"""The start screen: crisis, roster (names, present/absent, delegation), cycle, agenda, start.

All room calls run in worker threads via ``tab.call``; the screen re-reads the room on every
relevant change (another device may edit too). Fields being typed in are never cleared by a
failed save: the error shows in a snackbar and the input stays.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import flet as ft

from assistant.app.room import Room
from assistant.domain.meeting import TEMPLATE_LABELS, Crisis, Meeting, template
from assistant.domain.roster import Roster
from assistant.ui.chair import model as cm
from assistant.ui import theme
from assistant.ui.i18n import register
from assistant.ui.views import ViewResult
from assistant.ui.widgets.buttons import action_button, icon_action

register(
    {
        "start.title": ("Crisis en overleg", "Crisis and meeting"),
        "start.crisis": ("Crisis", "Crisis"),
        "start.choose": ("Kies een crisis", "Choose a crisis"),
        "start.active": ("actief", "active"),
        "start.select": ("Kies crisis {name}", "Choose crisis {name}"),
        "start.new": ("Nieuwe crisis", "New crisis"),
        "start.name": ("Naam van de crisis", "Name of the crisis"),
        "start.org": ("Organisatie", "Organisation"),
        "start.create": ("Crisis aanmaken", "Create crisis"),
        "start.created": ("Crisis aangemaakt", "Crisis created"),
        "start.none": ("Nog geen crisis. Maak er hieronder een aan.", "No crisis yet. Create one below."),
        "start.roster": ("Bezetting", "Roster"),
        "start.roster_hint": (
            "Namen invullen, afwezigen uitzetten en hun taken delegeren (actiekaart taak 4).",
            "Fill in names, switch off absentees and delegate their tasks (action card task 4).",
        ),
        "start.person": ("Naam {role}", "Name {role}"),
        "start.present": ("{role} aanwezig", "{role} present"),
        "start.delegate": ("Taken van {role} naar", "Tasks of {role} go to"),
        "start.nobody": ("niemand", "nobody"),
        "start.save_roster": ("Bezetting opslaan", "Save roster"),
        "start.roster_saved": ("Bezetting opgeslagen", "Roster saved"),
        "start.cycle": ("Vergadercyclus", "Meeting cycle"),
        "start.cycle_saved": ("Vergadercyclus: {label}", "Meeting cycle: {label}"),
        "start.meeting": ("Overleg", "Meeting"),
        "start.template": ("Agenda", "Agenda"),
        "start.prepare": ("Overleg {n} voorbereiden", "Prepare meeting {n}"),
        "start.start": ("Overleg {n} starten", "Start meeting {n}"),
        "start.running": ("Overleg {n} loopt sinds {time}.", "Meeting {n} has been running since {time}."),
        "start.planned": (
            "Overleg {n} is voorbereid (gepland {time}). Pas de agenda aan en start.",
            "Meeting {n} is prepared (planned {time}). Adjust the agenda and start.",
        ),
        "start.ended": (
            "Overleg {n} is gesloten. Volgend overleg: {time}.",
            "Meeting {n} is closed. Next meeting: {time}.",
        ),
        "start.to_clock": ("Naar de vergaderklok", "To the meeting clock"),
        "start.item_name": ("Naam agendapunt {i}", "Name of item {i}"),
        "start.item_minutes": ("Minuten agendapunt {i}", "Minutes of item {i}"),
        "start.item_remove": ("Agendapunt {i} verwijderen", "Remove item {i}"),
        "start.item_new": ("Nieuw agendapunt", "New agenda item"),
        "start.item_new_minutes": ("Minuten nieuw agendapunt", "Minutes of new item"),
        "start.item_add": ("Agendapunt toevoegen", "Add agenda item"),
        "start.total": ("Totaal {minutes} minuten", "Total {minutes} minutes"),
        "start.apply_template": ("Sjabloon toepassen", "Apply template"),
        "start.min": ("min", "min"),
    }
)


@dataclass(frozen=True)
class StartData:
    crises: list[Crisis]
    active: Crisis | None
    meeting: Meeting | None
    next_number: int
    next_meeting_at: Any


def load(room: Room) -> StartData:
    crises = sorted(room.crises(), key=lambda c: c.started_at, reverse=True)
    active_id = room.active_crisis_id()
    active = next((c for c in crises if c.crisis_id == active_id), None)
    meeting = room.current_meeting(active.crisis_id) if active else None
    meetings = room.meetings(active.crisis_id) if active else []
    number = (meetings[-1].number + 1) if meetings else 1
    next_at = room.next_meeting_at(active.crisis_id) if active else None
    return StartData(crises, active, meeting, number, next_at)


class StartScreen:
    def __init__(self, tab: Any) -> None:
        self.tab = tab
        self.room: Room = tab.room
        self.data: StartData | None = None
        t = tab.t
        self.name_field = ft.TextField(label=t("start.name"), width=360, text_size=18, autofocus=False)
        self.org_field = ft.TextField(label=t("start.org"), width=300, text_size=18)
        self.new_item_field = ft.TextField(label=t("start.item_new"), width=300)
        self.new_item_minutes = ft.TextField(
            label=t("start.item_new_minutes"), value="3", width=190, keyboard_type=ft.KeyboardType.NUMBER
        )
        self.template_choice = "eerste"
        self.crisis_box = ft.Column(spacing=10)
        self.roster_box = ft.Column(spacing=6)
        self.cycle_box = ft.Column(spacing=8)
        self.meeting_box = ft.Column(spacing=10)
        self._roster_dirty = False
        self._roster_for: tuple[str, Any] | None = None
        self._roster_edits: dict[str, dict[str, Any]] = {}

    # --- lifecycle ----------------------------------------------------------------------------------

    async def build(self) -> ViewResult:
        await self.reload()
        self.tab.bridge.on_change(self.on_change, topics=("crisis", "meeting", "settings"))
        sections = [
            self._card(self.tab.t("start.crisis"), self.crisis_box, ft.Icons.WARNING_AMBER),
            self._card(self.tab.t("start.meeting"), self.meeting_box, ft.Icons.TIMER),
            self._card(self.tab.t("start.cycle"), self.cycle_box, ft.Icons.UPDATE),
            self._card(self.tab.t("start.roster"), self.roster_box, ft.Icons.GROUPS),
        ]
        content = ft.Column(sections, spacing=16)
        return ViewResult(
            ft.Container(content, padding=ft.Padding.only(bottom=40)),
            title=self.tab.t("start.title"),
            actions=[
                action_button(
                    self.tab.t("start.to_clock"),
                    self.tab.handler(lambda e: self.tab.go("/voorzitter")),
                    icon=ft.Icons.TIMER,
                    kind="text",
                )
            ],
            scroll=True,
        )

    async def on_change(self, _changes: Any) -> None:
        await self.reload()
        self.tab.page.update()

    async def reload(self) -> None:
        self.data = await self.tab.call(load, self.room)
        self._render_crises()
        self._render_meeting()
        self._render_cycle()
        key = (self.data.active.crisis_id, self.data.active.roster) if self.data.active else None
        if not self._roster_dirty or key is None or self._roster_for is None or key[0] != self._roster_for[0]:
            self._render_roster()
            self._roster_for = key

    # --- helpers ------------------------------------------------------------------------------------

    def _card(self, title: str, body: ft.Control, icon: Any) -> ft.Control:
        return ft.Container(
            ft.Column(
                [ft.Row([ft.Icon(icon, size=26), ft.Text(title, size=22, weight=ft.FontWeight.BOLD)]), body],
                spacing=12,
            ),
            padding=18,
            border_radius=14,
            bgcolor=theme.surface(self.tab.theme),
        )

    # --- crisis -------------------------------------------------------------------------------------

    def _render_crises(self) -> None:
        t, data = self.tab.t, self.data
        assert data is not None
        rows: list[ft.Control] = []
        if not data.crises:
            rows.append(ft.Text(t("start.none"), size=16, color=theme.muted(self.tab.theme)))
        else:
            rows.append(ft.Text(t("start.choose"), size=16, color=theme.muted(self.tab.theme)))
            chips = []
            for crisis in data.crises[:12]:
                active = data.active is not None and crisis.crisis_id == data.active.crisis_id
                label = crisis.name + (f" ({crisis.organisation})" if crisis.organisation else "")
                if active:
                    label += f" · {t('start.active')}"
                chips.append(
                    action_button(
                        label,
                        self.tab.handler(functools.partial(self.select, crisis.crisis_id)),
                        kind="filled" if active else "outlined",
                        icon=ft.Icons.CHECK if active else None,
                    )
                )
            rows.append(ft.Row(chips, wrap=True, spacing=10, run_spacing=10))
        rows.append(ft.Text(t("start.new"), size=18, weight=ft.FontWeight.W_600))
        rows.append(
            ft.Row(
                [
                    self.name_field,
                    self.org_field,
                    action_button(
                        t("start.create"), self.tab.handler(self.create), icon=ft.Icons.ADD, kind="filled"
                    ),
                ],
                wrap=True,
                spacing=12,
                run_spacing=12,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            )
        )
        self.crisis_box.controls = rows

    async def select(self, crisis_id: str, _e: Any = None) -> None:
        await self.tab.call(self.room.select_crisis, crisis_id)
        self._roster_dirty = False
        await self.reload()
        self.tab.page.update()

    async def create(self, _e: Any = None) -> None:
        name = (self.name_field.value or "").strip()
        org = (self.org_field.value or "").strip()
        await self.tab.call(self.room.create_crisis, name, org)  # keeps the fields on failure
        self.name_field.value = ""
        self.org_field.value = ""
        self._roster_dirty = False
        self.template_choice = "eerste"
        self.tab.toast(self.tab.t("start.created"))
        await self.reload()
        self.tab.page.update()

    # --- roster -------------------------------------------------------------------------------------

    def _render_roster(self) -> None:
        t, data, lang = self.tab.t, self.data, self.tab.lang
        assert data is not None
        self._roster_edits = {}
        if data.active is None:
            self.roster_box.controls = [ft.Text(t("start.none"), color=theme.muted(self.tab.theme))]
            return
        roster = data.active.roster
        rows: list[ft.Control] = [ft.Text(t("start.roster_hint"), size=15, color=theme.muted(self.tab.theme))]
        for role in roster.roles:
            label = roster.label(role.id, lang)
            person = ft.TextField(
                label=t("start.person", role=label),
                value=role.person,
                width=260,
                on_change=functools.partial(self._edit, role.id, "person"),
            )
            present = ft.Switch(
                label=t("start.present", role=label),
                value=role.present,
                on_change=functools.partial(self._edit, role.id, "present"),
            )
            options = [ft.DropdownOption(key="", text=t("start.nobody"))] + [
                ft.DropdownOption(key=r.id, text=roster.label(r.id, lang))
                for r in roster.roles
                if r.id != role.id
            ]
            delegate = ft.Dropdown(
                options=options,
                value=role.delegate_to or "",
                width=220,
                dense=True,
                label=t("start.delegate", role=label),
                tooltip=t("start.delegate", role=label),
                visible=not role.present,
                on_select=functools.partial(self._edit, role.id, "delegate_to"),
            )
            rows.append(
                ft.Row(
                    [
                        ft.Text(label, size=17, width=170, weight=ft.FontWeight.W_600),
                        person,
                        present,
                        delegate,
                    ],
                    wrap=True,
                    spacing=12,
                    run_spacing=6,
                    vertical_alignment=ft.CrossAxisAlignment.CENTER,
                )
            )
            self._roster_edits[role.id] = {"_delegate": delegate}
        rows.append(
            action_button(
                t("start.save_roster"), self.tab.handler(self.save_roster), icon=ft.Icons.SAVE, kind="filled"
            )
        )
        self.roster_box.controls = rows

    def _edit(self, role_id: str, field: str, e: Any) -> None:
        value = e.control.value
        edits = self._roster_edits.setdefault(role_id, {})
        edits[field] = value
        if field == "present":
            delegate = edits.get("_delegate")
            if delegate is not None:
                delegate.visible = not value
                delegate.update()
        self._roster_dirty = True

    async def save_roster(self, _e: Any = None) -> None:
        data = self.data
        if data is None or data.active is None:
            return
        roster: Roster = data.active.roster
        for role_id, edits in self._roster_edits.items():
            changes = {k: v for k, v in edits.items() if not k.startswith("_")}
            if "delegate_to" in changes:
                changes["delegate_to"] = changes["delegate_to"] or None
            if "person" in changes:
                changes["person"] = (changes["person"] or "").strip()
            if changes:
                roster = roster.update(role_id, **changes)
        await self.tab.call(self.room.update_roster, data.active.crisis_id, roster)
        self._roster_dirty = False
        self.tab.toast(self.tab.t("start.roster_saved"))
        await self.reload()
        self.tab.page.update()

    # --- cycle --------------------------------------------------------------------------------------

    def _render_cycle(self) -> None:
        data, lang = self.data, self.tab.lang
        assert data is not None
        if data.active is None:
            self.cycle_box.controls = [ft.Text(self.tab.t("start.none"), color=theme.muted(self.tab.theme))]
            return
        current = data.active.cycle_minutes
        options = list(cm.CYCLE_OPTIONS) + ([current] if current not in cm.CYCLE_OPTIONS else [])
        self.cycle_box.controls = [
            ft.RadioGroup(
                value=str(current),
                on_change=self.tab.handler(self.set_cycle),
                content=ft.Row(
                    [ft.Radio(value=str(m), label=cm.cycle_label(m, lang)) for m in options],
                    wrap=True,
                    spacing=12,
                ),
            )
        ]

    async def set_cycle(self, e: Any) -> None:
        data = self.data
        if data is None or data.active is None:
            return
        minutes = int(e.control.value)
        await self.tab.call(self.room.update_crisis, data.active.crisis_id, cycle_minutes=minutes)
        self.tab.toast(self.tab.t("start.cycle_saved", label=cm.cycle_label(minutes, self.tab.lang)))

    # --- meeting and agenda -------------------------------------------------------------------------

    def _render_meeting(self) -> None:
        t, data, lang = self.tab.t, self.data, self.tab.lang
        assert data is not None
        box: list[ft.Control] = []
        if data.active is None:
            self.meeting_box.controls = [ft.Text(t("start.none"), color=theme.muted(self.tab.theme))]
            return
        meeting = data.meeting
        if meeting is not None and meeting.started_at and not meeting.ended_at:
            box.append(ft.Text(t("start.running", n=meeting.number, time=meeting.started_at[11:16]), size=18))
            box.append(
                action_button(
                    t("start.to_clock"),
                    self.tab.handler(lambda e: self.tab.go("/voorzitter")),
                    icon=ft.Icons.TIMER,
                    kind="filled",
                    height=56,
                    text_size=18,
                )
            )
            box += self._agenda_editor(meeting)
        elif meeting is not None and not meeting.started_at:
            box.append(
                ft.Text(t("start.planned", n=meeting.number, time=meeting.planned_start[11:16]), size=18)
            )
            self.template_choice = meeting.template
            box.append(self._template_picker(apply=True))
            box += self._agenda_editor(meeting)
            box.append(
                action_button(
                    t("start.start", n=meeting.number),
                    self.tab.handler(self.start_meeting),
                    icon=ft.Icons.PLAY_ARROW,
                    kind="filled",
                    height=60,
                    text_size=20,
                )
            )
        else:
            if meeting is not None and meeting.ended_at:
                when = cm.hhmm(data.next_meeting_at) if data.next_meeting_at else "–"
                box.append(ft.Text(t("start.ended", n=meeting.number, time=when), size=18))
            if data.next_number > 1 and self.template_choice == "eerste":
                self.template_choice = "vervolg30"
            box.append(self._template_picker(apply=False))
            box.append(
                action_button(
                    t("start.prepare", n=data.next_number),
                    self.tab.handler(self.prepare),
                    icon=ft.Icons.EVENT_NOTE,
                    kind="filled",
                    height=56,
                    text_size=18,
                )
            )
        self.meeting_box.controls = box
        _ = lang

    def _template_picker(self, apply: bool) -> ft.Control:
        lang = self.tab.lang
        group = ft.RadioGroup(
            value=self.template_choice,
            on_change=self.tab.handler(self.apply_template if apply else self._choose_template),
            content=ft.Row(
                [
                    ft.Radio(value=name, label=labels[1 if lang == "en" else 0])
                    for name, labels in TEMPLATE_LABELS.items()
                ],
                wrap=True,
                spacing=12,
            ),
        )
        return ft.Column(
            [ft.Text(self.tab.t("start.template"), size=16, weight=ft.FontWeight.W_600), group], spacing=4
        )

    def _choose_template(self, e: Any) -> None:
        self.template_choice = e.control.value

    async def apply_template(self, e: Any) -> None:
        data = self.data
        if data is None or data.meeting is None or data.active is None:
            return
        self.template_choice = e.control.value
        await self.tab.call(
            self.room.update_agenda,
            data.active.crisis_id,
            data.meeting.number,
            template(self.template_choice),
        )
        await self.reload()
        self.tab.page.update()

    def _agenda_editor(self, meeting: Meeting) -> list[ft.Control]:
        t, lang = self.tab.t, self.tab.lang
        rows: list[ft.Control] = []
        for i, item in enumerate(meeting.agenda):
            n = i + 1
            name = ft.TextField(
                value=item.label(lang),
                label=t("start.item_name", i=n),
                expand=True,
                on_blur=self.tab.handler(functools.partial(self.rename, i)),
                on_submit=self.tab.handler(functools.partial(self.rename, i)),
            )
            minutes = ft.TextField(
                value=cm.format_minutes(item.minutes),
                label=t("start.item_minutes", i=n),
                width=170,
                keyboard_type=ft.KeyboardType.NUMBER,
                suffix=t("start.min"),
                on_blur=self.tab.handler(functools.partial(self.set_minutes, i)),
                on_submit=self.tab.handler(functools.partial(self.set_minutes, i)),
            )
            rows.append(
                ft.Row(
                    [
                        ft.Text(f"{n}.", width=28, size=16),
                        name,
                        minutes,
                        icon_action(
                            ft.Icons.DELETE_OUTLINE,
                            t("start.item_remove", i=n),
                            self.tab.handler(functools.partial(self.remove, i)),
                        ),
                    ],
                    spacing=8,
                    vertical_alignment=ft.CrossAxisAlignment.CENTER,
                )
            )
        rows.append(
            ft.Row(
                [
                    self.new_item_field,
                    self.new_item_minutes,
                    action_button(t("start.item_add"), self.tab.handler(self.add), icon=ft.Icons.ADD),
                ],
                wrap=True,
                spacing=8,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            )
        )
        rows.append(
            ft.Text(
                t("start.total", minutes=cm.format_minutes(cm.agenda_minutes(meeting.agenda))),
                size=16,
                weight=ft.FontWeight.W_600,
            )
        )
        return rows

    async def _save_agenda(self, agenda: Any) -> None:
        data = self.data
        assert data is not None and data.active is not None and data.meeting is not None
        await self.tab.call(self.room.update_agenda, data.active.crisis_id, data.meeting.number, agenda)
        await self.reload()
        self.tab.page.update()

    async def rename(self, index: int, e: Any) -> None:
        meeting = self.data.meeting if self.data else None
        if meeting is None or index >= len(meeting.agenda):
            return
        value = (e.control.value or "").strip()
        if value == meeting.agenda[index].label(self.tab.lang):
            return
        await self._save_agenda(cm.rename_item(meeting.agenda, index, value, self.tab.lang))

    async def set_minutes(self, index: int, e: Any) -> None:
        meeting = self.data.meeting if self.data else None
        if meeting is None or index >= len(meeting.agenda):
            return
        try:
            minutes = float((e.control.value or "").replace(",", "."))
        except ValueError:
            minutes = 0.0
        if minutes == meeting.agenda[index].minutes:
            return
        await self._save_agenda(cm.set_minutes(meeting.agenda, index, minutes))

    async def remove(self, index: int, _e: Any = None) -> None:
        meeting = self.data.meeting if self.data else None
        if meeting is None:
            return
        await self._save_agenda(cm.remove_item(meeting.agenda, index))

    async def add(self, _e: Any = None) -> None:
        meeting = self.data.meeting if self.data else None
        if meeting is None:
            return
        try:
            minutes = float((self.new_item_minutes.value or "3").replace(",", "."))
        except ValueError:
            minutes = 0.0
        agenda = cm.add_item(meeting.agenda, self.new_item_field.value or "", minutes or 3)
        await self._save_agenda(agenda)
        self.new_item_field.value = ""
        self.tab.page.update()

    async def prepare(self, _e: Any = None) -> None:
        data = self.data
        if data is None or data.active is None:
            return
        await self.tab.call(self.room.plan_meeting, data.active.crisis_id, None, self.template_choice)
        await self.reload()
        self.tab.page.update()

    async def start_meeting(self, _e: Any = None) -> None:
        data = self.data
        if data is None or data.active is None or data.meeting is None:
            return
        await self.tab.call(self.room.clock_action, data.active.crisis_id, data.meeting.number, "start")
        await self.tab.go("/voorzitter")


async def build(tab: Any) -> ViewResult:
    return await StartScreen(tab).build()
