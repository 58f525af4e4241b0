"""Buttons that are big enough for a finger and findable by role and name (Flutter semantics).

Findings in headless Chromium with Flet 1.0 (see tests/e2e): a ``Button`` with visible text is a
``button`` named by its text; an ``IconButton`` is only named when its icon carries
``semantics_label`` (a tooltip alone names a wrapper, not the button); a ``Text`` with
``semantics_label`` is read as that label.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from assistant.ui.theme import TOUCH


def action_button(
    label: str,
    on_click: Callable[..., Any] | None = None,
    *,
    icon: Any = None,
    kind: str = "tonal",
    color: str | None = None,
    bgcolor: str | None = None,
    disabled: bool = False,
    expand: bool | int | None = None,
    height: int = TOUCH,
    text_size: int = 16,
    tooltip: str | None = None,
    key: str | None = None,
    semantics: str | None = None,
) -> ft.Control:
    """A text button (name = visible text, or ``semantics`` when the same text repeats on screen, e.g.
    "O-3 gereed"), at least 48 px high. kind: filled | tonal | outlined | text."""
    style = ft.ButtonStyle(
        padding=ft.Padding.symmetric(horizontal=16, vertical=8),
        shape=ft.RoundedRectangleBorder(radius=10),
        text_style=ft.TextStyle(size=text_size, weight=ft.FontWeight.W_600),
        color=color,
        bgcolor=bgcolor,
    )
    cls = {
        "filled": ft.FilledButton,
        "tonal": ft.FilledTonalButton,
        "outlined": ft.OutlinedButton,
        "text": ft.TextButton,
    }.get(kind, ft.FilledTonalButton)
    content: Any = ft.Text(label, semantics_label=semantics) if semantics else label
    button = cls(
        content=content,
        icon=icon,
        on_click=on_click,
        style=style,
        disabled=disabled,
        height=height,
        expand=expand,
        tooltip=tooltip,
        key=key,
    )
    return button


def icon_action(
    icon: Any,
    label: str,
    on_click: Callable[..., Any] | None = None,
    *,
    color: str | None = None,
    size: int = 24,
    disabled: bool = False,
    selected: bool | None = None,
    bgcolor: str | None = None,
) -> ft.IconButton:
    """An icon-only button named ``label`` for screen readers and tests, with a 48 px target."""
    return ft.IconButton(
        icon=ft.Icon(icon, semantics_label=label, color=color, size=size),
        tooltip=label,
        on_click=on_click,
        disabled=disabled,
        selected=selected,
        style=ft.ButtonStyle(bgcolor=bgcolor) if bgcolor else None,
        size_constraints=ft.BoxConstraints(min_width=TOUCH, min_height=TOUCH),
    )


def labelled_text(value: str, label: str, **kwargs: Any) -> ft.Text:
    """Text whose accessible name says what it is ("Resterende tijd 04:12")."""
    return ft.Text(value, semantics_label=label, **kwargs)
