"""Stakeholders: who was informed when and by whom; one tap marks "informed now"."""

from __future__ import annotations

import functools
from typing import Any

import flet as ft

from assistant.ui.chair.actions import ChairActions
from assistant.ui.chair.panels.base import ChairView, Panel
from assistant.ui.chair.panels.messages import schema_controls, schema_controls_value
from assistant.ui.chair.rows import StakeholderRow, stakeholder_rows
from assistant.ui.tab import Tab
from assistant.ui.widgets.buttons import action_button


class StakeholdersPanel(Panel[tuple[StakeholderRow, ...]]):
    key = "stakeholders"

    def __init__(self, tab: Tab, actions: ChairActions) -> None:
        super().__init__(tab, actions)
        self.name_field = ft.TextField(
            label=tab.t("chair.sh_new"), expand=True, on_submit=tab.handler(self.add)
        )

    def value(self, view: ChairView) -> tuple[StakeholderRow, ...]:
        self._register = schema_controls_value(view.data)  # last contact per stakeholder and the schema
        return stakeholder_rows(view.data.stakeholders, view.now, self.tab.lang) + self._register.rows

    def build(self, value: tuple[StakeholderRow, ...]) -> list[ft.Control]:
        t = self.tab.t
        out: list[ft.Control] = [self.heading(t("chair.section.stakeholders"))]
        out += [self._row(row) for row in value if row.stakeholder_id]
        out += schema_controls(self.tab, self._register)
        out.append(ft.Divider())
        add = action_button(t("chair.sh_add"), self.tab.handler(self.add), icon=ft.Icons.ADD)
        out.append(ft.Row([self.name_field, add], vertical_alignment=ft.CrossAxisAlignment.CENTER))
        return out

    def _row(self, row: StakeholderRow) -> ft.Control:
        t = self.tab.t
        informed = action_button(
            t("chair.informed"),
            self.tab.handler(functools.partial(self.actions.mark_informed, row.stakeholder_id)),
            icon=ft.Icons.CHECK,
            semantics=f"{row.name} {t('chair.informed').lower()}",
        )
        return ft.Row(
            [
                ft.Column(
                    [ft.Text(row.name, size=17, weight=ft.FontWeight.W_600), self.muted(row.detail, 14)],
                    spacing=2,
                    expand=True,
                ),
                informed,
            ],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        )

    async def add(self, _e: Any = None) -> None:
        if await self.actions.add_stakeholder((self.name_field.value or "").strip()):
            self.name_field.value = ""
            self.name_field.update()
