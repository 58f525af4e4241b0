"""Small pieces shared by the logger's and the wall screen: kind colours, chips, roster labels."""

from __future__ import annotations

import contextlib
from typing import Any

import flet as ft

from assistant.domain.entries import EntryKind, TaskStatus
from assistant.domain.roster import Roster
from assistant.i18n import label as label_of
from assistant.i18n import t
from assistant.i18n.names import role_display

KIND_COLOURS: dict[EntryKind, str] = {
    EntryKind.DECISION: "#AB47BC",
    EntryKind.ORDER: "#1E88E5",
    EntryKind.ACTION: "#00897B",
    EntryKind.INFO: "#607D8B",
    EntryKind.BOTTLENECK: "#EF6C00",
    EntryKind.INFO_NEED: "#C0A000",
    EntryKind.PROPOSAL: "#8D6E63",
    EntryKind.PROCESS: "#546E7A",
    EntryKind.STATUS: "#43A047",
}

STATUS_COLOURS: dict[TaskStatus, str] = {
    TaskStatus.OPEN: "#90A4AE",
    TaskStatus.IN_PROGRESS: "#4FC3F7",
    TaskStatus.DONE: "#66BB6A",
    TaskStatus.CANCELLED: "#78909C",
}

LOW_COLOUR = "#FFB300"  # low-confidence words and fields


def kind_chip(kind: EntryKind, lang: str, *, number: str | None = None, size: int = 13) -> ft.Control:
    label = label_of(kind, lang) if number is None else f"{number} · {label_of(kind, lang)}"
    return ft.Container(
        ft.Text(label, size=size, weight=ft.FontWeight.W_600, color=ft.Colors.WHITE),
        bgcolor=KIND_COLOURS.get(kind, "#607D8B"),
        border_radius=6,
        padding=ft.Padding.symmetric(horizontal=8, vertical=2),
    )


def status_chip(
    status: TaskStatus | None, lang: str, *, overdue: bool = False, overdue_text: str = "", size: int = 13
) -> ft.Control:
    if status is None:
        return ft.Container()
    text = label_of(status, lang) + (f" · {overdue_text}" if overdue else "")
    colour = "#FF5252" if overdue else STATUS_COLOURS.get(status, "#90A4AE")
    return ft.Container(
        ft.Text(text, size=size, weight=ft.FontWeight.W_600, color=ft.Colors.BLACK),
        bgcolor=colour,
        border_radius=6,
        padding=ft.Padding.symmetric(horizontal=8, vertical=2),
    )


def role_label(roster: Roster | None, role_id: str | None, lang: str = "nl") -> str:
    if not role_id:
        return ""
    if roster is None:
        return role_id
    try:
        role = roster.get(role_id)
    except Exception:  # noqa: BLE001 - an owner that left the roster still shows its id
        return role_id
    return role_display(role, lang)


def role_options(roster: Roster | None, lang: str = "nl") -> list[tuple[str, str]]:
    if roster is None:
        return []
    return [(role.id, role_display(role, lang)) for role in roster.roles]


def phase_label(phase: str | None, lang: str = "nl") -> str:
    if not phase:
        return ""
    from assistant.domain.boboc import Phase

    try:
        return label_of(Phase(phase), lang)
    except ValueError:
        return phase


def seconds_text(seconds: float, lang: str = "nl") -> str:
    text = f"{seconds:.1f}"
    return text.replace(".", t("shell.decimal_separator", lang))


def safe_update(*controls: Any) -> None:
    for control in controls:
        with contextlib.suppress(Exception):  # a control not (or no longer) on the page
            control.update()
