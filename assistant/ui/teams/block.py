"""The teams parts of the chair's tablet and the wall: link chips, other teams' pictures, answers.

One ``TeamsBlock`` per screen owns its controls and keeps them up to date itself, so the host
screens only place them (a few lines each): it re-reads ``room.teams`` in a worker thread on
``Topic.TEAMS`` and on our own log's changes (our cross-team orders), and the chips alone every
``CHIP_EVERY_TICKS`` seconds (contact and pending lines change without a room event). Local work never
waits on it: the reads are the teams service's cached state and the mirror files, never the network.
Everything shown of another team is headed with that team's name and has no buttons (read-only).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Protocol

import flet as ft

from assistant.ui import theme
from assistant.ui.logger.common import safe_update
from assistant.ui.room_view import shared_view, view_settled
from assistant.ui.screen_base import BatchedReload
from assistant.ui.tab import Tab
from assistant.ui.teams.model import ChipView, Line, PictureView, TeamsView, chip_views, teams_view

CHIP_EVERY_TICKS = 5
TOPICS = ("teams", "log")
STATE_KEY = "teams_block"  # where the tab keeps the block of the screen it shows (Controle lines)


class Host(Protocol):
    """What the block needs of its screen: subscriptions that the screen's ``dispose`` drops."""

    def on_change(self, handler: Callable[[list[Any]], Any], topics: tuple[str, ...]) -> None: ...
    def on_tick(self, handler: Callable[[], Any]) -> None: ...


def read_teams_view(room: Any, lang: str) -> TeamsView:
    """Blocking (worker thread): everything the block shows, through the tab's gateway."""
    teams = room.teams
    zone = room.now().tzinfo
    if not teams.linked():
        return TeamsView()
    return teams_view(True, teams.link_status(), teams.pictures(), teams.cross_team_orders(), lang, zone)


class TeamsBlock:
    def __init__(self, tab: Tab, *, wall: bool = False) -> None:
        self.tab = tab
        self.wall = wall
        self.view = TeamsView()
        self._ticks = 0
        self.chips = ft.Row(spacing=8, wrap=True, run_spacing=6, visible=False)
        self.pictures = ft.Column(spacing=12)
        self.section = ft.Container(  # the wall's compact section (chips and pictures side by side)
            ft.Column([self.chips, self.pictures], spacing=8), visible=False
        )
        self._answers: dict[str, ft.Text] = {}
        self._dirty: list[ft.Control] = []  # what the last draw changed (``show`` sends it)
        self.reload: BatchedReload[TeamsView] = BatchedReload(
            self._read, self.draw, show=self.show, settle=view_settled(tab)
        )
        tab.state[STATE_KEY] = self

    # --- wiring ---------------------------------------------------------------------------------

    async def attach(self, host: Host) -> None:
        """Read once, then subscribe through the screen (its ``dispose`` drops us). A laptop that is
        not linked (the usual room) only listens for the teams topic, which the teams service alone
        sends: our own log's changes then cost the block nothing on any device (issue 15)."""
        await self.reload(update=False)
        host.on_change(self._changed, TOPICS if self.view.linked else TOPICS[:1])
        host.on_tick(self._tick)

    def stop(self) -> None:
        self.reload.stop()

    async def _changed(self, _changes: list[Any]) -> None:
        await self.reload()

    async def _tick(self) -> None:
        self._ticks += 1
        if self._ticks % CHIP_EVERY_TICKS or not self.view.linked or self.reload.busy:
            return
        statuses = await asyncio.to_thread(self.tab.room.teams.link_status)
        zone = self.tab.room.now().tzinfo
        chips = chip_views(statuses, self.tab.lang, zone)
        if chips != self.view.chips:
            self.view = TeamsView(self.view.linked, chips, self.view.pictures, self.view.answers)
            self._draw_chips()
            safe_update(self.chips)

    def _read(self) -> TeamsView:
        return read_teams_view(shared_view(self.tab), self.tab.lang)  # one read for all devices

    # --- drawing ----------------------------------------------------------------------------------

    def draw(self, view: TeamsView) -> None:
        changed = view != self.view
        self.view = view
        self._dirty = []
        if changed:
            self._draw_chips()
            self.pictures.controls = [*self._ours(), *(self._picture(p) for p in view.pictures)]
            self.section.visible = view.linked
            self._dirty = [self.chips, self.pictures, self.section]
        self._dirty += self._draw_answers()

    def show(self) -> None:
        """Send only what ``draw`` changed (nothing when the other teams' picture is the same)."""
        dirty, self._dirty = self._dirty, []
        safe_update(*dirty)

    def _draw_chips(self) -> None:
        self.chips.visible = self.view.linked
        self.chips.controls = [self._chip(c) for c in self.view.chips]

    def _chip(self, chip: ChipView) -> ft.Control:
        colour = theme.OVERRUN if chip.problem else (theme.OK if chip.connected else theme.WARNING)
        size = 20 if self.wall else 14
        return ft.Container(
            ft.Row(
                [
                    ft.Icon(
                        ft.Icons.LINK if chip.connected else ft.Icons.LINK_OFF, size=size + 2, color=colour
                    ),
                    ft.Text(chip.text, size=size, weight=ft.FontWeight.W_600),
                ],
                spacing=6,
                tight=True,
            ),
            padding=ft.Padding.symmetric(horizontal=10, vertical=4),
            border_radius=16,
            border=ft.Border.all(2, colour),
        )

    def _picture(self, picture: PictureView) -> ft.Control:
        t, muted = self.tab.t, theme.muted(self.tab.theme)
        big = 22 if self.wall else 16
        parts: list[ft.Control] = [
            ft.Text(picture.title, size=big + 4, weight=ft.FontWeight.BOLD),
            ft.Text(t("teams.read_only"), size=12, color=muted),
        ]
        groups = (
            ("teams.their_orders_for_us", picture.orders_for_us),
            ("teams.their_decisions", picture.decisions),
            ("teams.their_info", () if self.wall else picture.info),
        )
        for key, lines in groups:
            if lines:
                parts.append(ft.Text(t(key), size=big - 2, weight=ft.FontWeight.W_600, color=muted))
                parts += [self._line(line, big) for line in (lines[:3] if self.wall else lines)]
        if picture.empty:
            parts.append(ft.Text(t("teams.nothing_yet"), size=big - 2, color=muted))
        return ft.Container(
            ft.Column(parts, spacing=4),
            padding=ft.Padding.only(left=12, top=4, bottom=4),
            border=ft.Border.only(left=ft.BorderSide(5, theme.muted(self.tab.theme))),
        )

    def _ours(self) -> list[ft.Control]:
        """The chair's panel also lists our orders to other teams with their answers (not the wall)."""
        if self.wall or not self.view.answers:
            return []
        head = ft.Text(self.tab.t("teams.our_orders"), size=20, weight=ft.FontWeight.BOLD)
        return [head, *(ft.Text(f"{number}  {answer}", size=16) for number, answer in self.view.answers)]

    def _line(self, line: Line, size: int) -> ft.Control:
        return ft.Text(
            spans=[
                ft.TextSpan(f"{line.number}  ", style=ft.TextStyle(weight=ft.FontWeight.BOLD)),
                ft.TextSpan(line.text),
            ],
            size=size,
            semantics_label=f"{line.kind} {line.number} {line.text}",
        )

    # --- Controle: the answer under each of our cross-team orders --------------------------------------

    def answer_line(self, number: str) -> ft.Text:
        """The line under our order ``number`` in the Controle list (hidden unless it went to a team)."""
        text = self._answers.get(number)
        if text is None:
            text = self._answers[number] = ft.Text(
                "", size=15, italic=True, color=theme.NORMAL, visible=False
            )
            self._fill_answer(number, text)
        return text

    def _draw_answers(self) -> list[ft.Control]:
        return [text for number, text in self._answers.items() if self._fill_answer(number, text)]

    def _fill_answer(self, number: str, text: ft.Text) -> bool:
        """Put the answer into its line; whether the line changed."""
        answer = self.view.answer_of.get(number)
        before = (text.value, text.visible)
        text.value, text.visible = answer or "", answer is not None
        return (text.value, text.visible) != before


def answer_lines(tab: Tab, number: str) -> list[ft.Control]:
    """For the chair's Controle card: the receiving team's answer to our order (one hook line there)."""
    block = tab.state.get(STATE_KEY)
    return [block.answer_line(number)] if isinstance(block, TeamsBlock) else []
