"""The quarantine banner: what is damaged and how to recover (issue 11).

A damaged file takes only its own part out of service (one crisis, its transcript, its drafts); the
repository reports it (``damaged_parts``). The host and the logger see a banner on every screen, so the
damage is never silent, while everything else keeps working.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

import flet as ft

from assistant.app import permissions as perm
from assistant.domain.errors import AssistantError
from assistant.storage.repository import DamagedPart
from assistant.ui import theme
from assistant.ui.tab import AccessTab

log = logging.getLogger(__name__)

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


async def with_quarantine_banner(tab: AccessTab, content: ft.Control) -> ft.Control:
    """The host and the logger see what is damaged above every screen (issue 11, quarantine); the
    check runs in a worker thread (disk) and a failed check only logs: the screen still opens."""
    if not ((tab.actor is not None and tab.actor.is_host) or tab.role == perm.ROLE_LOGGER):
        return content
    try:
        parts = await asyncio.to_thread(tab.room.setup.damaged_parts)
    except AssistantError as exc:
        log.warning("damaged parts unknown: %s", exc)
        return content
    banner = quarantine_banner(parts, tab.t)
    return content if banner is None else ft.Column([banner, content], expand=True, spacing=0)
