"""The one-line speech banner on the chair's and the logger's screens.

Why so short: in a crisis room nobody opens a terminal, and a banner with folder paths and commands
took a quarter of the logger's screen all meeting long. It says in plain words that speech is not
set up and that typing works, with one button to the set-up page (host only; other devices are told
the host can set it up). Dismissed, it shrinks to a small indicator for the rest of the meeting
(remembered per tab and per meeting).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from assistant.app.listening.models import MODEL_CODES
from assistant.app.permissions import SPEECH_SETTINGS
from assistant.ui import theme
from assistant.ui.tab import Tab
from assistant.ui.widgets.buttons import action_button, icon_action

SETUP_ROUTE = "/spraak"
_DISMISSED = "speech_banner.dismissed"  # tab.state key: the meeting the banner was dismissed for


def speech_missing(state: Any) -> bool:
    """No usable model: nothing loaded or loading, or the last error concerns the model."""
    if state is None:
        return True
    status = str(getattr(state, "model_status", ""))
    if status in ("ready", "loading"):
        return False
    return status in ("none", "error") or getattr(state, "error_code", None) in MODEL_CODES


class SpeechBanner:
    """``control`` goes into the screen; ``refresh()`` on the loop after live changes.

    ``meeting`` tells which meeting is on screen (``meeting_key``): a dismissal holds for it."""

    def __init__(self, tab: Tab, meeting: Callable[[], str] = lambda: "") -> None:
        self.tab = tab
        self._meeting = meeting
        actor = getattr(tab, "actor", None)
        self.can_set_up = bool(actor is not None and SPEECH_SETTINGS in actor.capabilities)
        t = tab.t
        text = t("setup.banner") if self.can_set_up else t("setup.banner_other")
        parts: list[ft.Control] = [
            ft.Icon(ft.Icons.MIC_OFF, color=ft.Colors.BLACK, size=20),
            ft.Text(text, size=15, color=ft.Colors.BLACK, expand=True),
        ]
        if self.can_set_up:
            parts.append(
                action_button(
                    t("setup.banner_button"),
                    tab.handler(self._open_setup),
                    kind="filled",
                    bgcolor="#37474F",
                    color=ft.Colors.WHITE,
                    height=40,
                )
            )
        parts.append(icon_action(ft.Icons.CLOSE, t("setup.banner_dismiss"), tab.handler(self._dismiss), color=ft.Colors.BLACK))
        self.line = ft.Container(
            ft.Row(parts, vertical_alignment=ft.CrossAxisAlignment.CENTER, spacing=10),
            bgcolor=theme.WARNING,
            border_radius=8,
            padding=ft.Padding.symmetric(horizontal=12, vertical=2),
        )
        self.indicator = ft.Container(
            ft.Row(
                [
                    ft.Icon(ft.Icons.MIC_OFF, color=theme.WARNING, size=18),
                    ft.Text(t("setup.banner_small"), size=13, color=theme.WARNING),
                ],
                spacing=4,
                tight=True,
            ),
            tooltip=text,
            on_click=tab.handler(self._open_setup) if self.can_set_up else None,
        )
        self.control = ft.Column([self.line, self.indicator], spacing=0, visible=False)

    def refresh(self) -> bool:
        """Show the line, the small indicator or nothing, from the listening service's state.
        True when that changed (the caller sends the banner only then)."""
        meeting_key = self._meeting()
        listening = self.tab.ctx.extras.get("listening")
        missing = speech_missing(listening.state() if listening is not None else None)
        dismissed = self.tab.state.get(_DISMISSED) == meeting_key
        before = (self.control.visible, self.line.visible, self.indicator.visible)
        self.control.visible = missing
        self.line.visible = missing and not dismissed
        self.indicator.visible = missing and dismissed
        return before != (self.control.visible, self.line.visible, self.indicator.visible)

    async def _open_setup(self, _e: object = None) -> None:
        await self.tab.go(SETUP_ROUTE)

    async def _dismiss(self, _e: object = None) -> None:
        self.tab.state[_DISMISSED] = self._meeting()
        self.refresh()
        self.control.update()


def meeting_key(crisis_id: str | None, number: int | None) -> str:
    """Which meeting a dismissal holds for (a new meeting shows the line again)."""
    return f"{crisis_id or ''}:{number if number is not None else ''}"

