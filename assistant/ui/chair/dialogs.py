"""The chair's dialogs: a new deadline for a delayed order, closing the meeting, the challenges.

Each dialog receives only what it may do (a narrow actions protocol from ``actions.py``) and the
screen's ``Dialogs`` host (``assistant.ui.screen_base``: one convention with the logger). The
convention: do the room call first and close the dialog only when it succeeded, so a failure keeps
the dialog and what the user typed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import flet as ft

from assistant.domain.boboc import CHALLENGES
from assistant.domain.entries import TaskStatus
from assistant.i18n import label as label_of
from assistant.i18n.names import card_text
from assistant.ui import theme
from assistant.ui.chair import model as cm
from assistant.ui.chair.actions import CloseActions, StatusActions
from assistant.ui.screen_base import Dialogs
from assistant.ui.tab import Tab
from assistant.ui.widgets.buttons import action_button


def _dialog(
    title: str, content: ft.Control, actions: list[ft.Control], *, modal: bool = True
) -> ft.AlertDialog:
    return ft.AlertDialog(modal=modal, title=ft.Text(title), content=content, actions=actions)


def _cancel(tab: Tab, dialogs: Dialogs, dialog: Callable[[], ft.AlertDialog]) -> ft.Control:
    """The cancel button; ``dialog`` is asked for at the click (the dialog is built after it)."""
    return action_button(tab.t("shell.cancel"), lambda e: dialogs.close(dialog()), kind="text")


def ask_delay(tab: Tab, dialogs: Dialogs, actions: StatusActions, row: cm.TaskRow) -> ft.AlertDialog:
    """ "Vertraagd": the order keeps running with a new deadline (suggested: half an hour on)."""
    field = ft.TextField(
        label=tab.t("chair.new_deadline"),
        value=cm.default_delay_deadline(actions.now()),
        width=260,
        autofocus=True,
        text_size=20,
    )
    note = ft.TextField(label=tab.t("chair.delay_note"), width=360)

    async def save(_e: Any = None) -> None:
        value = cm.deadline_value(field.value or "", actions.now())
        reason = (note.value or "").strip() or tab.t("chair.delayed_note")
        await actions.delay(row.entry_id, value, reason)
        dialogs.close(dialog)
        tab.toast(tab.t("chair.status_saved", status=label_of(TaskStatus.IN_PROGRESS, tab.lang)))

    dialog = _dialog(
        tab.t("chair.delay_title", number=row.number),
        ft.Column([ft.Text(row.text, size=16), field, note], tight=True, spacing=12),
        [
            _cancel(tab, dialogs, lambda: dialog),
            action_button(tab.t("chair.delay_save"), tab.handler(save), kind="filled"),
        ],
    )
    dialogs.show(dialog)
    return dialog


def _next_meeting(text: str, default: datetime | None, default_text: str, now: datetime) -> datetime | None:
    """What the chair typed as the next meeting time: empty = none, unchanged = the default."""
    text = text.strip()
    if not text:
        return None
    if text == default_text and default is not None:
        return default
    return cm.next_occurrence(text, now)


async def ask_close(tab: Tab, dialogs: Dialogs, actions: CloseActions, number: int) -> ft.AlertDialog:
    """Closing asks for the next meeting time (default from the cycle) and logs it."""
    default = await actions.default_next_meeting()
    now = actions.now()
    default_text = f"{default.astimezone(now.tzinfo):%H:%M}" if default else ""
    field = ft.TextField(
        label=tab.t("chair.next_at"), value=default_text, width=260, autofocus=True, text_size=24
    )
    hint = ft.Text(
        tab.t(
            "chair.next_hint",
            when=cm.hhmm(default, now, tab.lang),
            cycle=cm.cycle_label(actions.cycle_minutes(), tab.lang),
        ),
        size=15,
        color=theme.muted(tab.theme),
    )

    async def confirm(_e: Any = None) -> None:
        when = _next_meeting(field.value or "", default, default_text, actions.now())
        await actions.end_meeting(when)
        dialogs.close(dialog)
        tab.toast(tab.t("chair.closed_toast", time=cm.hhmm(when, now, tab.lang) if when else "–"))

    dialog = _dialog(
        tab.t("chair.close_title", n=number),
        ft.Column([ft.Text(tab.t("chair.close_body"), size=16), field, hint], tight=True, spacing=12),
        [
            _cancel(tab, dialogs, lambda: dialog),
            action_button(tab.t("chair.close_confirm"), tab.handler(confirm), kind="filled"),
        ],
    )
    dialogs.show(dialog)
    return dialog


def show_challenges(tab: Tab, dialogs: Dialogs, height: float) -> ft.AlertDialog:
    """The action card's "uitdagingen" for the chair, to read at any moment."""
    items: list[ft.Control] = [ft.Text(card_text(c, tab.lang), size=17) for c in CHALLENGES]
    dialog = _dialog(
        tab.t("chair.challenges_title"),
        ft.Container(
            ft.Column(items, spacing=14, scroll=ft.ScrollMode.AUTO, tight=True),
            width=640,
            height=min(520.0, height - 200),
        ),
        [action_button(tab.t("shell.close"), lambda e: dialogs.close(dialog), kind="filled")],
        modal=False,
    )
    dialogs.show(dialog)
    return dialog
