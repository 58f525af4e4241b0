"""The roster card: names, present or absent, and where an absentee's tasks go (card task 4).

Edits are kept here until "save"; a reload caused by another device does not throw away what is
being typed, unless another crisis became active.
"""

from __future__ import annotations

import functools
from typing import Any

import flet as ft

from assistant.domain.meeting import Crisis
from assistant.domain.roster import Roster
from assistant.i18n.names import roster_label
from assistant.ui.start.card import Card, Reload
from assistant.ui.start.data import StartData
from assistant.ui.tab import Tab
from assistant.ui.widgets.buttons import action_button


class RosterCard(Card):
    def __init__(self, tab: Tab, reload: Reload) -> None:
        super().__init__(tab, reload)
        self.box = ft.Column(spacing=6)
        self.dirty = False
        self.edits: dict[str, dict[str, Any]] = {}  # role id -> changed fields (and "_delegate")
        self._crisis: Crisis | None = None
        self._drawn_for: tuple[str, Roster] | None = None

    def forget_edits(self) -> None:
        self.dirty = False

    def draw(self, data: StartData) -> None:
        self._crisis = data.active
        key = (data.active.crisis_id, data.active.roster) if data.active else None
        same_crisis = key is not None and self._drawn_for is not None and key[0] == self._drawn_for[0]
        if self.dirty and same_crisis:
            return  # keep what is being typed
        self._draw(data.active)
        self._drawn_for = key

    def _draw(self, crisis: Crisis | None) -> None:
        t = self.tab.t
        self.edits = {}
        if crisis is None:
            self.box.controls = [self.muted(t("start.none"))]
            return
        rows: list[ft.Control] = [self.muted(t("start.roster_hint"), 15)]
        rows += [self._role_row(crisis.roster, role) for role in crisis.roster.roles]
        rows.append(
            action_button(
                t("start.save_roster"), self.tab.handler(self.save), icon=ft.Icons.SAVE, kind="filled"
            )
        )
        self.box.controls = rows

    def _role_row(self, roster: Roster, role: Any) -> ft.Control:
        t, lang = self.tab.t, self.tab.lang
        label = roster_label(roster, role.id, lang)
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
            ft.DropdownOption(key=r.id, text=roster_label(roster, r.id, lang))
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
        self.edits[role.id] = {"_delegate": delegate}
        return ft.Row(
            [ft.Text(label, size=17, width=170, weight=ft.FontWeight.W_600), person, present, delegate],
            wrap=True,
            spacing=12,
            run_spacing=6,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        )

    def _edit(self, role_id: str, field: str, e: Any) -> None:
        value = e.control.value
        edits = self.edits.setdefault(role_id, {})
        edits[field] = value
        if field == "present":
            delegate = edits.get("_delegate")
            if delegate is not None:
                delegate.visible = not value
                delegate.update()
        self.dirty = True

    def edited_roster(self, roster: Roster) -> Roster:
        """``roster`` with the edits applied (empty delegate = nobody, names trimmed)."""
        for role_id, edits in self.edits.items():
            changes = {k: v for k, v in edits.items() if not k.startswith("_")}
            if "delegate_to" in changes:
                changes["delegate_to"] = changes["delegate_to"] or None
            if "person" in changes:
                changes["person"] = (changes["person"] or "").strip()
            if changes:
                roster = roster.update(role_id, **changes)
        return roster

    async def save(self, _e: Any = None) -> None:
        crisis = self._crisis
        if crisis is None:
            return
        await self.tab.call(
            self.room.setup.update_roster, crisis.crisis_id, self.edited_roster(crisis.roster)
        )
        self.dirty = False
        self.tab.toast(self.tab.t("start.roster_saved"))
        await self.reload()
