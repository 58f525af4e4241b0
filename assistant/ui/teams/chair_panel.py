"""The chair's "Teams" section: the other teams' pictures and our orders to them, read-only.

The block (``block.py``) keeps its one column up to date itself; the panel only puts that column in
the chair's right-hand side, so the chair's own data and redraw rule stay untouched.
"""

from __future__ import annotations

import flet as ft

from assistant.ui.chair.actions import ChairActions
from assistant.ui.chair.panels.base import ChairView, Panel
from assistant.ui.tab import Tab
from assistant.ui.teams.block import TeamsBlock


class TeamsPanel(Panel[int]):
    key = "teams"

    def __init__(self, tab: Tab, actions: ChairActions, block: TeamsBlock) -> None:
        super().__init__(tab, actions)
        self.block = block

    def value(self, view: ChairView) -> int:
        return 0  # the block redraws its column on its own events: the panel never needs to

    def build(self, value: int) -> list[ft.Control]:
        return [self.block.pictures]


def teams_panels(tab: Tab, actions: ChairActions, block: TeamsBlock) -> list[Panel[int]]:
    """The section exists only on a laptop linked to other teams."""
    return [TeamsPanel(tab, actions, block)] if tab.room.teams.linked() else []
