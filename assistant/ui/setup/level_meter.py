"""The microphone level meter: one widget for the set-up page's microphone check and the logger's
listen bar, so both show the same thing (RMS as the bar, red when the peak clips)."""

from __future__ import annotations

import flet as ft

from assistant.ui import theme

#: A peak this close to full scale means the input clips: the bar turns red (turn the gain down).
CLIP_PEAK = 0.9


class LevelMeter:
    """Build once; ``show(level, peak)`` on the loop whenever the live state changed."""

    def __init__(self, label: str, mode: str, *, width: int = 160) -> None:
        self.bar = ft.ProgressBar(
            value=0.0,
            width=width,
            bar_height=10,
            border_radius=5,
            semantics_label=label,
            color=theme.OK,
            bgcolor=theme.track(mode),
        )

    @property
    def control(self) -> ft.Control:
        return self.bar

    def show(self, level: float, peak: float) -> None:
        """``level`` 0..1 (``LiveState.level``), ``peak`` 0..1 of full scale."""
        self.bar.value = max(0.0, min(1.0, level))
        self.bar.color = theme.OVERRUN if peak >= CLIP_PEAK else theme.OK


def level_percent(level: float) -> int:
    return round(max(0.0, min(1.0, level)) * 100)
