"""Caption strip: what the speech recogniser hears (partial grey, final solid), a listening toggle
and a level meter. Reads ``assistant.ui.live.LiveCaption``; the listening service feeds it.

``refresh`` returns the parts whose look changed (``widgets/looks.py``): the caller sends only
those, a few times a second on every chair; the level meter moves in visible steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from assistant.i18n import t
from assistant.ui import theme
from assistant.ui.live import LiveCaption
from assistant.ui.widgets.buttons import action_button
from assistant.ui.widgets.looks import SentLooks, level_step


class CaptionStrip:
    """Build once per screen, then ``refresh(caption)`` on the loop when "live" changes."""

    def __init__(self, lang: str, mode: str, on_toggle: Callable[[Any], Any] | None) -> None:
        self.lang = lang
        self.mode = mode
        self.final = ft.Text(
            "", size=17, weight=ft.FontWeight.W_500, max_lines=2, overflow=ft.TextOverflow.ELLIPSIS
        )
        self.partial = ft.Text(
            t("caption.inactive", lang),
            size=17,
            italic=True,
            color=theme.muted(mode),
            max_lines=2,
            overflow=ft.TextOverflow.ELLIPSIS,
        )
        self.meter = ft.ProgressBar(
            value=0.0,
            width=120,
            bar_height=10,
            border_radius=5,
            semantics_label=t("caption.level", lang),
            color=theme.OK,
            bgcolor=theme.track(mode),
        )
        self.looks = SentLooks()
        self.toggle = action_button(
            t("caption.start", lang), on_toggle, icon=ft.Icons.MIC, kind="outlined", disabled=True
        )
        self.control = ft.Container(
            content=ft.Row(
                [
                    ft.Column([self.final, self.partial], spacing=2, expand=True),
                    ft.Column(
                        [self.toggle, self.meter],
                        spacing=6,
                        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                    ),
                ],
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
                spacing=12,
            ),
            padding=ft.Padding.symmetric(horizontal=14, vertical=8),
            border_radius=12,
            bgcolor=theme.surface(mode),
        )

    def refresh(self, caption: LiveCaption) -> list[ft.Control]:
        """Show ``caption``; returns the parts whose look changed (send those)."""
        lang = self.lang
        if caption.message(lang):
            self.partial.value = caption.message(lang)
            self.partial.color = theme.WARNING
        elif not caption.listening:
            self.partial.value = t("caption.inactive", lang)
            self.partial.color = theme.muted(self.mode)
        else:
            self.partial.value = caption.partial or t("caption.listening", lang)
            self.partial.color = theme.muted(self.mode)
        self.final.value = caption.final if caption.listening or caption.final else ""
        self.final.visible = bool(self.final.value)
        self.meter.value = level_step(caption.level) if caption.listening else 0.0
        self.toggle.content = (
            t("caption.busy", lang)
            if caption.busy
            else t("caption.stop", lang)
            if caption.listening
            else t("caption.start", lang)
        )
        self.toggle.icon = ft.Icons.MIC_OFF if caption.listening else ft.Icons.MIC
        self.toggle.disabled = not caption.available or caption.busy
        return self.looks.changed(
            [
                (self.final, (self.final.value, self.final.visible)),
                (self.partial, (self.partial.value, self.partial.color)),
                (self.meter, self.meter.value),
                (self.toggle, (self.toggle.content, self.toggle.icon, self.toggle.disabled)),
            ]
        )
