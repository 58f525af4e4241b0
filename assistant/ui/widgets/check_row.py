"""A checklist line: a checkbox named by its (wrapping) text; tapping the text toggles it too.

A ``Checkbox`` label does not wrap in Flet 1.0, so long prompts are a separate ``Text`` whose own
semantics are excluded (the checkbox already carries the text as its accessible name).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import flet as ft


def check_row(
    label: str,
    value: bool,
    on_change: Callable[[bool, ft.Checkbox], Any],
    *,
    size: int = 17,
    color: str | None = None,
) -> ft.Control:
    box = ft.Checkbox(value=value, semantics_label=label)

    async def changed(e: Any) -> None:
        result = on_change(bool(box.value), box)
        if inspect.isawaitable(result):
            await result

    async def tapped(e: Any) -> None:
        box.value = not box.value
        box.update()
        await changed(e)

    box.on_change = changed
    text = ft.Semantics(
        content=ft.Container(
            ft.Text(label, size=size, color=color), on_click=tapped, padding=ft.Padding.symmetric(vertical=8)
        ),
        exclude_semantics=True,
        expand=True,
    )
    return ft.Row([box, text], vertical_alignment=ft.CrossAxisAlignment.CENTER, spacing=4)
