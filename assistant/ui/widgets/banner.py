"""The quarantine banner: what is damaged and how to recover (issue 11).

A damaged file takes only its own part out of service (one crisis, its transcript, its drafts); the
repository reports it (``damaged_parts``). The host and the logger see a banner on every screen, so the
damage is never silent, while everything else keeps working.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import flet as ft

from assistant.storage.repository import DamagedPart
from assistant.ui import theme

#: Parts with their own banner text (catalogue keys); anything else is named by its part id.
PART_KEYS = {
    "crisis": "banner.part_crisis",
    "log": "banner.part_log",
    "drafts": "banner.part_drafts",
    "transcript": "banner.part_transcript",
    "individual": "banner.part_individual",
    "settings": "banner.part_settings",
    "folder": "banner.part_folder",
}


def part_line(part: DamagedPart, t: Callable[..., str]) -> str:
    """ "Transcript van crisis c1: /data/crises/c1/transcript/1.json" """
    key = PART_KEYS.get(part.part)
    name = t(key) if key else t("banner.part_other", part=part.part)
    crisis = t("banner.of_crisis", crisis=part.crisis_id) if part.crisis_id else ""
    return t("banner.line", part=name, crisis=crisis, file=part.file)


def quarantine_banner(parts: Sequence[DamagedPart], t: Callable[..., str]) -> ft.Control | None:
    """The banner for ``parts``, or None when nothing is damaged."""
    if not parts:
        return None
    lines: list[ft.Control] = [
        ft.Text(t("banner.damaged_title"), size=18, weight=ft.FontWeight.BOLD, color=ft.Colors.WHITE)
    ]
    lines += [ft.Text(part_line(p, t), size=14, color=ft.Colors.WHITE, selectable=True) for p in parts]
    lines.append(ft.Text(t("banner.recover"), size=14, color=ft.Colors.WHITE))
    return ft.Container(
        ft.Column(lines, spacing=4, tight=True),
        bgcolor=theme.OVERRUN,
        padding=12,
        border_radius=10,
        margin=ft.Margin.only(bottom=8),
    )
