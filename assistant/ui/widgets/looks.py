"""Send a control only when its look changed: for parts redrawn several times a second.

Why: the live parts (level meter, running guess, listening button) are redrawn about three times a
second on every screen that shows them. Setting an unchanged value already costs no patch in Flet,
but ``update()`` still walks the control and its children on the event loop, per screen. A part
remembers what each control showed when it was last sent (a plain comparable value, its *look*)
and sends only the controls whose look differs.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

LEVEL_STEPS = 40  # a level meter's resolution: a sliver under a few pixels is not worth a frame


def level_step(level: float) -> float:
    """``level`` (0..1) rounded to the meter's visible steps."""
    return round(max(0.0, min(1.0, level)) * LEVEL_STEPS) / LEVEL_STEPS


class SentLooks:
    """What each control looked like when last sent."""

    def __init__(self) -> None:
        self._sent: dict[int, object] = {}
        self.last_changed: list[Any] = []  # what the last ``changed`` call chose (tests, diagnostics)

    def changed(self, looks: Iterable[tuple[Any, object]], *, force: bool = False) -> list[Any]:
        """The controls whose look differs from the one last sent (all with ``force``); remembers."""
        out = []
        for control, look in looks:
            if force or self._sent.get(id(control), _NEVER) != look:
                out.append(control)
            self._sent[id(control)] = look
        self.last_changed = out
        return out


_NEVER = object()

__all__ = ["LEVEL_STEPS", "SentLooks", "level_step"]
