"""The phase panel: the Controle list, the prompts of the current item, reflection, the agenda.

Redrawn when the current item, the ticks, the open orders or the reflection change; never by the
passing seconds (the agenda's current and done marks move with "next", a room change).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import flet as ft

from assistant.ui import theme
from assistant.ui.chair import model as cm
from assistant.ui.chair.actions import ChairActions
from assistant.ui.chair.panels.base import ChairView, Panel
from assistant.ui.chair.panels.controle import ControleList, controle_rows
from assistant.ui.chair.rows import AgendaRow, PhaseView, phase_view
from assistant.ui.tab import Tab
from assistant.ui.widgets.buttons import action_button
from assistant.ui.widgets.check_row import check_row


@dataclass(frozen=True)
class PhaseValue:
    phase: PhaseView
    tasks: tuple[cm.TaskRow, ...]  # only at the Controle item (else empty: no redraw for them)


class PhasePanel(Panel[PhaseValue]):
    key = "fase"

    def __init__(
        self,
        tab: Tab,
        actions: ChairActions,
        *,
        on_delay: Callable[[cm.TaskRow], Any],
        on_close: Callable[[], Any],
    ) -> None:
        super().__init__(tab, actions)
        self.controle = ControleList(tab, actions, on_delay)
        self.on_close = on_close

    def value(self, view: ChairView) -> PhaseValue:
        phase = phase_view(view.data.meeting, view.snapshot, view.data.reflection_due, self.tab.lang)
        tasks = controle_rows(view.data, self.tab.lang) if phase.controle else ()
        return PhaseValue(phase, tasks)

    def build(self, value: PhaseValue) -> list[ft.Control]:
        t, phase = self.tab.t, value.phase
        if not phase.has_meeting:
            return [self.muted(t("chair.no_meeting"))]
        out: list[ft.Control] = []
        if phase.controle:
            out += self.controle.build(value.tasks)
        for checklist in phase.checklists:
            out.append(self.heading(checklist.title))
            out += [
                check_row(p.text, p.ticked, self.tab.handler(functools.partial(self.tick, p.prompt_id)))
                for p in checklist.prompts
            ]
            if checklist.key == "reflection":
                out.append(self._reflection(phase.reflection_held))
        if phase.can_close:
            out.append(self.muted(t("chair.close_hint"), 16))
            out.append(
                action_button(
                    t("chair.close"),
                    self.tab.handler(lambda _e: self.on_close()),
                    kind="filled",
                    icon=ft.Icons.STOP_CIRCLE_OUTLINED,
                    semantics=t("chair.close_from_panel"),
                )
            )
        if not out:
            out.append(self.muted(t("chair.no_prompts")))
        out.append(ft.Divider())
        out.append(self.heading(t("chair.agenda")))
        out += [self._agenda_row(row) for row in phase.agenda]
        return out

    def _reflection(self, held: bool) -> ft.Control:
        if held:
            return self.muted(self.tab.t("chair.reflection_held"))
        return action_button(
            self.tab.t("chair.reflection_done"),
            self.tab.handler(self.actions.mark_reflection),
            icon=ft.Icons.SELF_IMPROVEMENT,
        )

    def _agenda_row(self, row: AgendaRow) -> ft.Control:
        icon = ft.Icons.PLAY_ARROW if row.current else (ft.Icons.CHECK if row.done else None)
        colour = theme.NORMAL if row.current else (theme.muted(self.tab.theme) if row.done else None)
        return ft.Row(
            [
                ft.Icon(icon, size=18, color=colour) if icon else ft.Container(width=18),
                ft.Text(
                    f"{row.index + 1}. {row.title} · {row.minutes} min",
                    size=16,
                    color=colour,
                    weight=ft.FontWeight.BOLD if row.current else None,
                    expand=True,
                ),
            ],
            spacing=6,
        )

    async def tick(self, prompt_id: str, value: bool, box: ft.Checkbox) -> None:
        """Tick or untick a prompt; on failure the box shows the stored state again."""
        try:
            await self.actions.tick_prompt(prompt_id, value)
        except Exception:
            box.value = not value
            box.update()
            raise
