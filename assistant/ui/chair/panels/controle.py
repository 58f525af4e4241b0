"""Controle: the open orders and actions (overdue first) with quick status buttons.

Shown at the top of the phase panel at the Controle item of a follow-up meeting. "Vertraagd" asks
for a new deadline (a dialog); the other buttons write a status entry at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import flet as ft

from assistant.domain.entries import TaskStatus
from assistant.i18n.names import roster_label
from assistant.ui import theme
from assistant.ui.chair import model as cm
from assistant.ui.chair.actions import ChairActions
from assistant.ui.chair.data import ChairData
from assistant.ui.tab import Tab
from assistant.ui.teams.block import answer_lines
from assistant.ui.widgets.busy import set_disabled
from assistant.ui.widgets.buttons import action_button

#: The quick status buttons: (string key, status written; None = ask for a new deadline first)
STATUS_BUTTONS: tuple[tuple[str, TaskStatus | None], ...] = (
    ("chair.st_done", TaskStatus.DONE),
    ("chair.st_running", TaskStatus.IN_PROGRESS),
    ("chair.st_delayed", None),
    ("chair.st_cancelled", TaskStatus.CANCELLED),
)


def controle_rows(data: ChairData, lang: str) -> tuple[cm.TaskRow, ...]:
    """The open orders and actions as rows, owners by their roster names, overdue first."""
    roster = data.crisis.roster if data.crisis else None
    owner = (lambda role: roster_label(roster, role, lang)) if roster else None
    return tuple(cm.task_rows(data.open_tasks, data.overdue_ids, owner, lang))


def row_head(row: cm.TaskRow, deadline_word: str) -> str:
    """ "O-1 · HR · deadline 10:20 · Loopt" (parts only when present)."""
    head = f"{row.number} · {row.owner}" if row.owner else row.number
    deadline = f" · {deadline_word} {row.deadline}" if row.deadline else ""
    status = f" · {row.status}" if row.status else ""
    return head + deadline + status


class ControleList:
    """Builds the list; the phase panel decides when (it compares the rows)."""

    def __init__(self, tab: Tab, actions: ChairActions, on_delay: Callable[[cm.TaskRow], Any]) -> None:
        self.tab = tab
        self.actions = actions
        self.on_delay = on_delay
        self._row_buttons: dict[str, list[ft.Control]] = {}  # entry_id → its status buttons

    def build(self, rows: tuple[cm.TaskRow, ...]) -> list[ft.Control]:
        t = self.tab.t
        out: list[ft.Control] = [ft.Text(t("chair.open_tasks"), size=20, weight=ft.FontWeight.BOLD)]
        if not rows:
            out.append(ft.Text(t("chair.no_open_tasks"), size=15, color=theme.muted(self.tab.theme)))
        out += [self._card(row) for row in rows]
        out.append(ft.Divider())
        return out

    def _card(self, row: cm.TaskRow) -> ft.Control:
        head = ft.Text(
            row_head(row, self.tab.t("chair.deadline")),
            size=15,
            weight=ft.FontWeight.BOLD,
            color=theme.OVERRUN if row.overdue else theme.muted(self.tab.theme),
        )
        buttons = ft.Row(
            [self._button(row, key, status) for key, status in STATUS_BUTTONS],
            wrap=True,
            spacing=8,
            run_spacing=8,
        )
        for button in buttons.controls:  # while one status of this task is written, none can be tapped
            button.disabled = self.actions.busy.is_running(row.entry_id)
        self._row_buttons[row.entry_id] = buttons.controls
        return ft.Container(
            ft.Column(
                [head, ft.Text(row.text, size=17), *answer_lines(self.tab, row.number), buttons], spacing=6
            ),
            padding=10,
            border_radius=10,
            border=ft.Border.all(2, theme.OVERRUN) if row.overdue else None,
        )

    def _button(self, row: cm.TaskRow, key: str, status: TaskStatus | None) -> ft.Control:
        label = self.tab.t(key)
        if status is None:
            handler = functools.partial(self.on_delay, row)
        else:
            handler = functools.partial(self._write_status, row, status)
        return action_button(
            label, self.tab.handler(lambda _e, h=handler: h()), semantics=f"{row.number} {label}"
        )

    async def _write_status(self, row: cm.TaskRow, status: TaskStatus) -> None:
        """The row's buttons are disabled while the write runs; a second tap meanwhile does nothing."""
        buttons = self._row_buttons.get(row.entry_id, [])
        set_disabled(buttons, True)
        try:
            await self.actions.set_status(row.entry_id, status, based_on=row.version)
        finally:
            set_disabled(buttons, False)
