"""The chair's individual log: own tasks, contacts and decisions, with priority; tick when done.

The panel owns its input: the text field, the chosen kind and priority survive redraws, and the
field is cleared only after the room saved the item.
"""

from __future__ import annotations

import functools
from typing import Any

import flet as ft

from assistant.domain.entries import Priority
from assistant.i18n import label as label_of
from assistant.ui import theme
from assistant.ui.chair.actions import ChairActions
from assistant.ui.chair.panels.base import ChairView, Panel
from assistant.ui.chair.rows import IndividualRow, individual_rows, kind_label
from assistant.ui.tab import Tab
from assistant.ui.widgets.buttons import action_button
from assistant.ui.widgets.check_row import check_row

KINDS: tuple[str, ...] = ("task", "contact", "decision")


class IndividualPanel(Panel[tuple[IndividualRow, ...]]):
    key = "eigen"

    def __init__(self, tab: Tab, actions: ChairActions) -> None:
        super().__init__(tab, actions)
        self.kind = "task"
        self.priority = Priority.MEDIUM.value
        self.text_field = ft.TextField(
            label=tab.t("chair.ind_new"), expand=True, on_submit=tab.handler(self.add)
        )

    def value(self, view: ChairView) -> tuple[IndividualRow, ...]:
        return individual_rows(view.data.individual, self.tab.lang)

    def build(self, value: tuple[IndividualRow, ...]) -> list[ft.Control]:
        t, lang = self.tab.t, self.tab.lang
        kinds = ft.RadioGroup(
            value=self.kind,
            on_change=self._set_kind,
            content=ft.Row([ft.Radio(value=k, label=kind_label(k, lang)) for k in KINDS], wrap=True),
        )
        priorities = ft.RadioGroup(
            value=self.priority,
            on_change=self._set_priority,
            content=ft.Row(
                [ft.Radio(value=p.value, label=f"{t('chair.priority')} {label_of(p, lang)}") for p in Priority],
                wrap=True,
            ),
        )
        add = action_button(t("chair.ind_add"), self.tab.handler(self.add), icon=ft.Icons.ADD, kind="filled")
        out: list[ft.Control] = [
            self.heading(t("chair.section.eigen")),
            ft.Row([self.text_field, add], vertical_alignment=ft.CrossAxisAlignment.CENTER),
            kinds,
            priorities,
            ft.Divider(),
        ]
        if not value:
            out.append(self.muted(t("chair.ind_empty")))
        out += [self._row(row) for row in value]
        return out

    def _row(self, row: IndividualRow) -> ft.Control:
        label = f"{row.kind}: {row.text} ({self.tab.t('chair.priority')} {row.priority}, {row.created})"
        return check_row(
            label,
            row.checked,
            self.tab.handler(functools.partial(self.check, row.item_id)),
            size=16,
            color=theme.muted(self.tab.theme) if row.checked else None,
        )

    def _set_kind(self, e: Any) -> None:
        self.kind = e.control.value

    def _set_priority(self, e: Any) -> None:
        self.priority = e.control.value

    async def add(self, _e: Any = None) -> None:
        text = (self.text_field.value or "").strip()
        if await self.actions.add_individual(self.kind, text, self.priority):
            self.text_field.value = ""  # only cleared after a successful save
            self.text_field.update()

    async def check(self, item_id: str, value: bool, _box: Any = None) -> None:
        await self.actions.check_individual(item_id, value)
