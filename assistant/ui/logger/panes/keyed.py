"""Keyed reuse of item controls (see the package docstring)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

import flet as ft

V = TypeVar("V")  # an item's view: a frozen dataclass, compared with ==


class KeyedControls(Generic[V]):
    """One control per item id, rebuilt only when the item's view changed; items that left are dropped."""

    def __init__(self, build: Callable[[V], ft.Control]) -> None:
        self._build = build
        self._items: dict[Hashable, tuple[V, ft.Control]] = {}
        self.builds = 0  # how many controls were built (tests)

    def controls(self, items: Iterable[tuple[Hashable, V]]) -> list[ft.Control]:
        kept: dict[Hashable, tuple[V, ft.Control]] = {}
        out: list[ft.Control] = []
        for key, view in items:
            known = self._items.get(key)
            if known is not None and known[0] == view:
                control = known[1]
            else:
                control = self._build(view)
                self.builds += 1
            kept[key] = (view, control)
            out.append(control)
        self._items = kept
        return out
