"""What the start screen's cards share: the tab, the way to redraw after a write, muted text."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft

from assistant.ui import theme
from assistant.ui.tab import Tab

#: Re-read the room and redraw every card (the screen's batched reload).
Reload = Callable[[], Awaitable[Any]]


class Card:
    def __init__(self, tab: Tab, reload: Reload) -> None:
        self.tab = tab
        self.room = tab.room
        self.reload = reload

    def muted(self, text: str, size: int | None = None) -> ft.Text:
        return ft.Text(text, size=size, color=theme.muted(self.tab.theme))


def frame(tab: Tab, title: str, body: ft.Control, icon: Any) -> ft.Control:
    """A card: icon and title above its body."""
    return ft.Container(
        ft.Column(
            [ft.Row([ft.Icon(icon, size=26), ft.Text(title, size=22, weight=ft.FontWeight.BOLD)]), body],
            spacing=12,
        ),
        padding=18,
        border_radius=14,
        bgcolor=theme.surface(tab.theme),
    )
