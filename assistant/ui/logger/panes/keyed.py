"""Keyed reuse of item controls (see the package docstring)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

import flet as ft

V = TypeVar("V")  # an item's view: a frozen dataclass, compared with ==


class KeyedControls(Generic[V]):
    """One control per item id, rebuilt only when the item's view changed; items that left are dropped.

    ``isolated``: each built control is a Flet *isolated* control. Updating the list that holds it
    then compares the row itself but not the controls inside it (Flet skips an isolated control's
    children unless that control is the one updated), so a list of 50 kept rows costs 50 small
    checks instead of walking 50 row trees. Only for rows that are never changed in place: a row
    whose view changes is rebuilt (a new control), and a control inside it that changes by itself
    (a button disabled while its write runs) sends itself with its own ``update()``.
    """

    def __init__(self, build: Callable[[V], ft.Control], *, isolated: bool = False) -> None:
        self._build = build
        self._isolated = isolated
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
                if self._isolated:
                    object.__setattr__(control, "_isolated", True)  # what ``@ft.control(isolated=True)`` sets
                self.builds += 1
            kept[key] = (view, control)
            out.append(control)
        self._items = kept
        return out
