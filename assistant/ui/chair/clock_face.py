"""The meeting clock drawing ("vergaderklok") as canvas shapes.

The full circle is the planned meeting (12 o'clock = start and planned end). Each agenda item is an
arc sized by its timebox; done items are dimmed; the current item has the level colour; red arcs on
the outer ring show time beyond an item's or the meeting's planned end; the hand points at the
current position. Geometry comes from ``assistant.ui.chair.model.dial`` (pure, unit-tested).
"""

from __future__ import annotations

import math

import flet as ft
import flet.canvas as cv

from assistant.ui import theme
from assistant.ui.chair.model import Dial, hand_point

UPCOMING = ("#5C7080", "#6E8494")  # alternating so neighbouring items stay distinguishable
UPCOMING_LIGHT = ("#90A4AE", "#B0BEC5")


def _stroke(color: str, width: float, cap: ft.StrokeCap = ft.StrokeCap.BUTT) -> ft.Paint:
    return ft.Paint(color=color, stroke_width=width, style=ft.PaintingStyle.STROKE, stroke_cap=cap)


def clock_shapes(d: Dial, size: float, mode: str, level: str = "normal") -> list[cv.Shape]:
    cx = cy = size / 2
    ring = size * 0.085  # thickness of the item ring
    outer = size * 0.045  # thickness of the overrun ring
    r_items = size / 2 - outer - ring / 2 - 4
    r_over = size / 2 - outer / 2 - 1
    shapes: list[cv.Shape] = [
        cv.Circle(cx, cy, r_items, paint=_stroke(theme.track(mode), ring)),
    ]
    upcoming = UPCOMING if theme.normalise_theme(mode) == theme.DARK else UPCOMING_LIGHT
    for seg in d.segments:
        if seg.state == "done":
            color = ft.Colors.with_opacity(0.35, theme.DONE)
        elif seg.state in ("current", "overrun"):
            color = theme.LEVEL_COLOURS.get(level, theme.NORMAL)
        else:
            color = upcoming[seg.index % 2]
        shapes.append(
            cv.Arc(
                cx - r_items,
                cy - r_items,
                2 * r_items,
                2 * r_items,
                seg.start,
                seg.sweep,
                paint=_stroke(color, ring if seg.state not in ("current", "overrun") else ring * 1.25),
            )
        )
    for seg in d.overruns:
        shapes.append(
            cv.Arc(
                cx - r_over,
                cy - r_over,
                2 * r_over,
                2 * r_over,
                seg.start,
                seg.sweep,
                paint=_stroke(theme.OVERRUN, outer),
            )
        )
    # planned end marker at 12 o'clock
    shapes.append(
        cv.Line(
            cx,
            cy - r_items - ring / 2 - 2,
            cx,
            cy - r_items + ring / 2 + 2,
            paint=_stroke(ft.Colors.ON_SURFACE, 3),
        )
    )
    # the hand
    hand_colour = (
        theme.OVERRUN
        if level == "overrun"
        else (ft.Colors.WHITE if theme.normalise_theme(mode) == theme.DARK else "#263238")
    )
    x2, y2 = hand_point(cx, cy, r_items + ring / 2, d.hand)
    shapes.append(
        cv.Line(cx, cy, x2, y2, paint=_stroke(hand_colour, max(4.0, size * 0.018), ft.StrokeCap.ROUND))
    )
    shapes.append(cv.Circle(cx, cy, max(6.0, size * 0.03), paint=ft.Paint(color=hand_colour)))
    return shapes


def clock_canvas(size: float) -> cv.Canvas:
    return cv.Canvas(shapes=[], width=size, height=size)


__all__ = ["clock_shapes", "clock_canvas", "math"]
