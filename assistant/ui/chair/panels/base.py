"""What every panel of the chair's right-hand side shares: the inputs, the redraw rule, the type.

A panel turns a ``ChairView`` into a plain value (``rows.py``) and rebuilds its controls only when
that value differs from the one on screen: a room change that does not touch the panel costs
nothing, and the screen sends only the parts that changed to the browser.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

import flet as ft

from assistant.domain.clock import ClockSnapshot
from assistant.ui import theme
from assistant.ui.chair.actions import ChairActions
from assistant.ui.chair.data import ChairData
from assistant.ui.tab import Tab

V = TypeVar("V")


@dataclass(frozen=True)
class ChairView:
    """Everything a panel may draw from: the room's data, the clock snapshot, the room's time."""

    data: ChairData
    snapshot: ClockSnapshot | None
    now: datetime

    @property
    def meeting_number(self) -> int | None:
        return self.data.meeting.number if self.data.meeting else None


class Panel(ABC, Generic[V]):
    """One section of the right-hand side (one file per panel under ``panels/``)."""

    #: the section key ("fase", "besluiten", "eigen", "stakeholders")
    key: str = ""

    def __init__(self, tab: Tab, actions: ChairActions) -> None:
        self.tab = tab
        self.actions = actions
        self.controls: list[ft.Control] = []
        self._shown: V | None = None
        self._built = False

    def refresh(self, view: ChairView) -> bool:
        """Bring the controls up to date; True when they were rebuilt (the caller sends them)."""
        value = self.value(view)
        if self._built and value == self._shown:
            return False
        self._shown, self._built = value, True
        self.controls = self.build(value)
        return True

    @abstractmethod
    def value(self, view: ChairView) -> V:
        """What the panel shows, as a plain comparable value (pure: no controls, no room calls)."""

    @abstractmethod
    def build(self, value: V) -> list[ft.Control]:
        """The controls for ``value`` (on the loop)."""

    # --- small shared pieces ------------------------------------------------------------------------

    def heading(self, text: str) -> ft.Text:
        return ft.Text(text, size=20, weight=ft.FontWeight.BOLD)

    def muted(self, text: str, size: int = 15) -> ft.Text:
        return ft.Text(text, size=size, color=theme.muted(self.tab.theme))
