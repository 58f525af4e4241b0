"""What the logger's panes, form and dialogs need of their screen to draw: strings, language,
theme, the two ways to wrap a handler, and the focus tracker that keeps shortcuts out of fields.

Passing this small object (instead of the screen) keeps the panes independent of the screen class.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import flet as ft

from assistant.ui import theme
from assistant.ui.widgets.buttons import icon_action
from assistant.ui.widgets.dropdown import filter_dropdown

C = TypeVar("C", bound=ft.Control)

Handler = Callable[..., Any]
Wrapped = Callable[..., Awaitable[None]]


class FocusTracker:
    """Which text fields and dropdowns have the keyboard focus: while one has, letters are typing,
    not shortcuts."""

    def __init__(self) -> None:
        self._focused: set[int] = set()

    @property
    def any(self) -> bool:
        return bool(self._focused)

    def track(self, control: C) -> C:
        ident = id(control)

        def focus(_e: Any) -> None:
            self._focused.add(ident)

        def blur(_e: Any) -> None:
            self._focused.discard(ident)

        control.on_focus = focus  # type: ignore[attr-defined]
        control.on_blur = blur  # type: ignore[attr-defined]
        return control

    def forget(self, controls: list[ft.Control]) -> None:
        """These controls leave the page (a closed form): a blur may never arrive."""
        for control in controls:
            self._focused.discard(id(control))

    def clear(self) -> None:
        self._focused.clear()


@dataclass(frozen=True)
class Kit:
    t: Callable[..., str]  # the tab's t(key, **params)
    lang: str
    mode: str  # theme: "dark" / "light"
    act: Callable[[Handler], Wrapped]  # a button's handler: afterwards the focus returns to the screen
    handler: Callable[[Handler], Wrapped]  # a field's handler: errors become a snackbar
    focus: FocusTracker = field(default_factory=FocusTracker)

    @property
    def muted(self) -> str:
        return theme.muted(self.mode)

    @property
    def surface(self) -> str:
        return theme.surface(self.mode)

    def dropdown(
        self,
        label: str,
        options: list[tuple[str, str]],
        value: str,
        on_select: Handler | None = None,
        width: int | None = None,
    ) -> ft.Dropdown:
        """A filterable dropdown whose focus is tracked (typing a filter must not trigger shortcuts)."""
        dropdown = filter_dropdown(
            label,
            options,
            value,
            width=width,
            text_size=14,
            on_select=self.handler(on_select) if on_select is not None else None,
        )
        return self.focus.track(dropdown)

    def row_action(
        self, icon: ft.IconData, key: str, what: str, fn: Callable[..., Any], arg: str, size: int = 20
    ) -> ft.Control:
        """An icon button on a row: "<verb> <what>" as its accessible name, ``fn(arg)`` on a click."""
        return icon_action(icon, f"{self.t(key)} {what}", self.act(functools.partial(fn, arg)), size=size)

    def muted_text(self, value: str, size: int = 14) -> ft.Text:
        return ft.Text(value, size=size, color=self.muted)


def slot_parts(template: str, marker: str) -> tuple[str, str]:
    """Split a translated template around its one placeholder, filled with ``marker``: the text
    before and after it. Lets styled pieces (marked words, buttons) sit where each translation puts
    the placeholder, without cutting the translation at a guessed character."""
    before, found, after = template.partition(marker)
    return (before, after) if found else (template, "")


SLOT = "\u0000slot\u0000"  # never occurs in a translation or in user text

__all__ = ["FocusTracker", "Kit", "SLOT", "slot_parts"]
