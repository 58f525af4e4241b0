"""The filterable dropdown of the forms: one widget for the logger's draft form and the
berichtenmanager's register (a choice from a list that can be narrowed by typing)."""

from __future__ import annotations

from typing import Any

import flet as ft


def filter_dropdown(
    label: str,
    options: list[tuple[str, str]],
    value: str,
    *,
    width: int | None = None,
    tooltip: str | None = None,
    text_size: int | None = None,
    on_select: Any = None,
) -> ft.Dropdown:
    """A dense, editable dropdown of ``(key, text)`` options; typing filters the list."""
    return ft.Dropdown(
        label=label,
        tooltip=tooltip,
        options=[ft.DropdownOption(key=k, text=v) for k, v in options],
        value=value,
        editable=True,
        enable_filter=True,
        dense=True,
        width=width,
        text_size=text_size,
        on_select=on_select,
    )
