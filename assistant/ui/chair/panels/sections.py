"""The right-hand side of the chair's screen: the section buttons and the panel shown below them.

Only the chosen panel is kept up to date (the others catch up when chosen); the buttons are
relabelled in place when their counts change. ``refresh`` returns the controls that changed, so the screen
sends exactly those to the browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import flet as ft

from assistant.ui.chair.panels.base import ChairView, Panel
from assistant.ui.chair.rows import SECTIONS, section_counts
from assistant.ui.tab import Tab
from assistant.ui.widgets.buttons import action_button

#: Where the tab remembers the chosen section (it outlives a redraw after a language switch).
STATE_KEY = "chair.section"


class Sections:
    def __init__(self, tab: Tab, panels: Sequence[Panel[Any]]) -> None:
        self.tab = tab
        self.panels = {panel.key: panel for panel in panels}
        chosen = tab.state.get(STATE_KEY, SECTIONS[0])
        self.current = chosen if chosen in self.panels else SECTIONS[0]
        self.buttons = ft.Row(spacing=8, wrap=True, run_spacing=8)
        self.body = ft.ListView(spacing=10, expand=True, padding=ft.Padding.only(right=8, bottom=16))
        self._counts: dict[str, int] | None = None
        self._labels: dict[str, ft.Text] = {}  # each button's label, relabelled in place
        self._view: ChairView | None = None

    @property
    def panel(self) -> Panel[Any]:
        return self.panels[self.current]

    def refresh(self, view: ChairView) -> list[ft.Control]:
        """Bring the buttons and the chosen panel up to date; returns what changed."""
        self._view = view
        changed: list[ft.Control] = []
        counts = section_counts(view.data.entries, view.meeting_number, view.data.individual)
        if counts != self._counts:
            self._counts = counts
            changed += self._relabel() if self._labels else self._draw_buttons()
        if self.panel.refresh(view) or self.body.controls is not self.panel.controls:
            self.body.controls = self.panel.controls
            changed.append(self.body)
        return changed

    def select(self, key: str) -> list[ft.Control]:
        """Show another section (kept per tab); returns what changed."""
        if key not in self.panels:
            raise ValueError(f"unknown chair section {key!r}")
        self.current = key
        self.tab.state[STATE_KEY] = key
        self._draw_buttons()
        if self._view is not None:
            self.panel.refresh(self._view)
        self.body.controls = self.panel.controls
        return [self.buttons, self.body]

    async def choose(self, key: str, _e: object = None) -> None:
        """Button handler: select and send."""
        self.tab.page.update(*self.select(key))

    def _label(self, key: str) -> str:
        count = (self._counts or {}).get(key)
        return self.tab.t(f"chair.section.{key}") + (f" ({count})" if count else "")

    def _draw_buttons(self) -> list[ft.Control]:
        """All buttons anew (the chosen one filled); returns the row to send."""
        buttons: list[ft.Control] = []
        self._labels = {}
        for key in SECTIONS:
            if key not in self.panels:
                continue
            button = action_button(
                self._label(key),
                self.tab.handler(lambda _e, k=key: self.choose(k)),
                kind="filled" if key == self.current else "outlined",
                semantics=self.tab.t(f"chair.section.{key}"),
            )
            self._labels[key] = button.content
            buttons.append(button)
        self.buttons.controls = buttons
        return [self.buttons]

    def _relabel(self) -> list[ft.Control]:
        """A count changed (a decision confirmed): only the labels whose text changed, not the row
        (every chair device would otherwise get nine new buttons per change, issue 15)."""
        changed: list[ft.Control] = []
        for key, text in self._labels.items():
            label = self._label(key)
            if text.value != label:
                text.value = label
                changed.append(text)
        return changed
