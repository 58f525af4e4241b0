"""The wall screen (/wand): decisions and open actions in large type, the phase and the clock.

A "kretenbord" for the whole room to read from a distance. Read-only: it has no controls that
change anything (a device that joined with the wall-screen code cannot open any other screen).

Cost per room change, with many walls in the room: the data comes from the shared view (one read
of the room for every screen, ``room_view``); each list keeps one control per entry id
(``KeyedControls``) and rebuilds only a row whose entry changed, so a new decision adds one row;
a list whose rows did not change is not sent at all, and the header is sent as one small patch
(nothing when its texts stayed the same). The clock ticks once a second as one patch of the header.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import flet as ft

from assistant.app.room import Room
from assistant.domain.clock import MeetingClock
from assistant.domain.entries import GENESIS_HASH, EntryKind, LogEntry
from assistant.domain.meeting import Crisis, Meeting
from assistant.domain.roster import Roster
from assistant.storage.repository import ChainHead
from assistant.ui import theme
from assistant.ui.active import read_active
from assistant.ui.logger import model
from assistant.ui.logger.common import KIND_COLOURS, phase_label, role_label, status_chip
from assistant.ui.logger.panes.keyed import KeyedControls
from assistant.ui.room_view import shared_view
from assistant.ui.screen_base import ScreenBase
from assistant.ui.tab import Tab
from assistant.ui.teams.block import TeamsBlock
from assistant.ui.views import ViewResult, register_view

log = logging.getLogger(__name__)

#: What the wall shows changes with these (not "drafts": a typed line costs the wall nothing).
TOPICS = ("crisis", "meeting", "clock", "log", "settings")


def _panel(title: ft.Control, body: ft.Control, surface: str) -> ft.Container:
    """One half of the wall: a title over its list, on the theme's surface."""
    return ft.Container(
        ft.Column([title, body], spacing=10, expand=True),
        expand=1,
        padding=16,
        bgcolor=surface,
        border_radius=16,
    )


@dataclass
class WallData:
    crisis: Crisis | None = None
    meeting: Meeting | None = None
    phase: str | None = None
    decisions: list[LogEntry] = field(default_factory=list)
    tasks: list[LogEntry] = field(default_factory=list)  # open orders/actions, overdue first
    next_meeting: datetime | None = None
    now: datetime | None = None  # the room's now, aware, in the crisis's zone
    anchor: ChainHead | None = None  # where the log stands: shown as a short fingerprint with count


@dataclass(frozen=True)
class TaskRow:
    """What one open task shows on the wall: its control is rebuilt only when this changes."""

    entry: LogEntry
    overdue: bool
    details: str  # owner · deadline


def log_anchor(entries: list[LogEntry]) -> ChainHead:
    """The log's head from the current versions alone: the newest version of all has the highest
    ``seq`` and is the current version of its entry; the repository numbers versions 0, 1, 2 ..., so
    the count is that ``seq`` + 1 (the same head ``assistant verify --json`` prints)."""
    if not entries:
        return ChainHead(0, GENESIS_HASH)
    newest = max(entries, key=lambda e: e.seq)
    return ChainHead(newest.seq + 1, newest.hash)


def read_wall(room: Room) -> WallData:
    """Blocking: runs in a worker thread."""
    active = read_active(room)
    if active is None:
        return WallData()
    crisis_id = active.crisis_id
    entries = room.ledger.entries(crisis_id)
    data = WallData(
        crisis=active.crisis,
        meeting=active.meeting,
        phase=room.meetings.current_phase(crisis_id),
        decisions=[e for e in reversed(entries) if e.kind is EntryKind.DECISION],  # newest first: on view
        tasks=room.ledger.open_tasks(crisis_id),
        next_meeting=room.meetings.next_meeting_at(crisis_id),
        now=active.now,
        anchor=log_anchor(entries),
    )
    return data


def _mmss(seconds: float) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(round(seconds)))
    return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"


class WallScreen(ScreenBase[WallData]):
    def __init__(self, tab: Tab) -> None:
        super().__init__(tab)
        self.room = tab.room
        self.lang = tab.lang
        self.data = WallData()
        muted = theme.muted(tab.theme)
        self.title = ft.Text(
            "",
            size=30,
            weight=ft.FontWeight.BOLD,
            expand=True,
            max_lines=1,
            overflow=ft.TextOverflow.ELLIPSIS,
        )
        self.phase = ft.Text("", size=30, weight=ft.FontWeight.W_600, color=theme.NORMAL)
        self.item = ft.Text("", size=22, color=muted)
        self.clock = ft.Text("", size=46, weight=ft.FontWeight.BOLD)
        self.next_meeting = ft.Text("", size=20, color=muted)
        self.read_only = ft.Text(tab.t("wand.read_only"), size=14, color=muted)
        self.fingerprint = ft.Text("", size=14, color=muted)
        self.decisions = ft.ListView(expand=True, spacing=12)
        self.tasks = ft.ListView(expand=True, spacing=12)
        self.decision_rows: KeyedControls[LogEntry] = KeyedControls(self._decision, isolated=True)
        self.task_rows: KeyedControls[TaskRow] = KeyedControls(self._task, isolated=True)
        self._dirty: list[ft.Control] = []  # what the last draw changed: ``show`` sends only these
        self.decisions_title = ft.Text(
            tab.t("wand.decisions"),
            size=28,
            weight=ft.FontWeight.BOLD,
            color=KIND_COLOURS[EntryKind.DECISION],
        )
        self.tasks_title = ft.Text(
            tab.t("wand.actions"), size=28, weight=ft.FontWeight.BOLD, color=KIND_COLOURS[EntryKind.ACTION]
        )
        surface = theme.surface(tab.theme)
        self.teams = TeamsBlock(tab, wall=True)  # other teams' chips and latest decisions, when linked
        header = ft.Row(
            [
                ft.Column(
                    [
                        self.title,
                        ft.Row(
                            [self.phase, self.item],
                            spacing=20,
                            wrap=True,
                            vertical_alignment=ft.CrossAxisAlignment.END,
                        ),
                    ],
                    spacing=4,
                    expand=True,
                ),
                ft.Column(
                    [self.clock, self.next_meeting, self.read_only, self.fingerprint],
                    spacing=2,
                    horizontal_alignment=ft.CrossAxisAlignment.END,
                ),
            ],
            vertical_alignment=ft.CrossAxisAlignment.START,
        )
        self.root = ft.Column(
            [
                header,
                self.teams.section,
                ft.Row(
                    [
                        _panel(self.decisions_title, self.decisions, surface),
                        _panel(self.tasks_title, self.tasks, surface),
                    ],
                    expand=True,
                    spacing=16,
                    vertical_alignment=ft.CrossAxisAlignment.STRETCH,
                ),
            ],
            expand=True,
            spacing=16,
        )
        self.header = header  # the clock, phase and titles: sent as one small patch

    async def build(self) -> ViewResult:
        self.listen(TOPICS)
        self.on_tick(self._tick)
        await self.teams.attach(self)
        await self.reload(update=False)
        return ViewResult(
            self.root, title=self.tab.t("wand.title"), on_dispose=self.dispose, scroll=False, padding=20
        )

    # --- ScreenBase ---------------------------------------------------------------------------------

    def read(self) -> WallData:
        return read_wall(shared_view(self.tab))  # one read per change for all screens

    def draw(self, data: WallData) -> None:
        self.data = data
        self._dirty = []  # a draw that was not sent (the first, before the page) is sent whole
        self._render()

    def show(self) -> None:
        """Send what the last draw changed: the header (one small patch) and the lists that changed."""
        changed, self._dirty = self._dirty, []
        self._send(self.header, *changed)

    def _send(self, *controls: ft.Control) -> None:
        with contextlib.suppress(RuntimeError, AttributeError):  # the tab may be closing
            self.tab.page.update(*controls)

    def reload_failed(self, exc: Exception) -> None:
        """A read-only screen across the room: no snackbar, keep showing the last good state (the
        failure is logged)."""

    def _render(self) -> None:
        t = self.tab.t
        data = self.data
        self.title.value = data.crisis.name if data.crisis else t("logger.no_crisis")
        meeting = data.meeting
        running = meeting is not None and meeting.started_at and not meeting.ended_at
        if meeting is not None and running and data.phase:
            self.phase.value = t(
                "wand.meeting_phase", n=meeting.number, phase=phase_label(data.phase, self.lang)
            )
        elif meeting is not None and running:
            self.phase.value = t("logger.meeting", n=meeting.number)
        else:
            self.phase.value = t("wand.no_phase")
        if data.next_meeting is not None and data.crisis is not None:
            local = data.next_meeting.astimezone(ZoneInfo(data.crisis.timezone))
            self.next_meeting.value = t("wand.next_meeting", time=local.strftime("%H:%M"))
        else:
            self.next_meeting.value = ""
        self._render_clock()
        anchor = data.anchor
        shown = anchor is not None and anchor.count > 0
        self.fingerprint.value = t("wand.fingerprint", fp=anchor.fingerprint) if shown and anchor else ""
        roster = data.crisis.roster if data.crisis else None
        decisions = self.decision_rows.controls((e.entry_id, e) for e in data.decisions)
        self._fill(self.decisions, decisions, "wand.no_decisions")
        tasks = self.task_rows.controls((e.entry_id, self._task_row(e, roster)) for e in data.tasks)
        self._fill(self.tasks, tasks, "wand.no_actions")

    def _fill(self, pane: ft.ListView, rows: list[ft.Control], empty_key: str) -> None:
        """Put ``rows`` in ``pane`` and mark it for sending, unless it shows exactly these already."""
        if (
            rows
            and len(rows) == len(pane.controls)
            and all(a is b for a, b in zip(rows, pane.controls, strict=True))
        ):
            return
        if not rows and self._empty_shown(pane):
            return
        pane.controls = rows or [ft.Text(self.tab.t(empty_key), size=22, color=theme.muted(self.tab.theme))]
        self._dirty.append(pane)

    @staticmethod
    def _empty_shown(pane: ft.ListView) -> bool:
        return len(pane.controls) == 1 and isinstance(pane.controls[0], ft.Text)

    def _render_clock(self) -> None:
        crisis, meeting = self.data.crisis, self.data.meeting
        now = self.room.now(crisis) if crisis else datetime.now()  # pure: the room's clock (test hooks too)
        self.clock.value = now.strftime("%H:%M:%S")
        self.clock.semantics_label = self.tab.t("wand.clock", time=now.strftime("%H:%M"))
        snap = None
        if meeting is not None and meeting.started_at and not meeting.ended_at:
            with contextlib.suppress(Exception):
                snap = MeetingClock(meeting.agenda, meeting.clock).snapshot(now)
        if snap is not None and snap.item is not None and not snap.ended:
            self.item.value = (
                self.tab.t("wand.item_left", item=snap.item.title, left=_mmss(snap.remaining))
                if snap.remaining >= 0
                else self.tab.t("wand.item_over", item=snap.item.title, over=_mmss(-snap.remaining))
            )
            self.item.color = theme.LEVEL_COLOURS.get(snap.level, theme.muted(self.tab.theme))
        else:
            self.item.value = ""

    async def _tick(self) -> None:
        """Once a second: the clock and the item's time left, sent as one patch of the header."""
        if self.disposed:
            return
        self._render_clock()
        self._send(self.header)

    def _decision(self, entry: LogEntry) -> ft.Control:
        content = entry.content
        parts: list[ft.Control] = [
            ft.Text(
                spans=[
                    ft.TextSpan(
                        f"{entry.number}  ",
                        style=ft.TextStyle(weight=ft.FontWeight.BOLD, color=KIND_COLOURS[EntryKind.DECISION]),
                    ),
                    ft.TextSpan(content.text),
                ],
                size=26,
                semantics_label=f"{entry.number} {content.text}",
            )
        ]
        if content.reason:
            parts.append(ft.Text(content.reason, size=18, color=theme.muted(self.tab.theme), italic=True))
        return ft.Container(
            ft.Column(parts, spacing=2),
            padding=ft.Padding.only(left=12, top=4, bottom=4),
            border=ft.Border.only(left=ft.BorderSide(5, KIND_COLOURS[EntryKind.DECISION])),
        )

    def _task_row(self, entry: LogEntry, roster: Roster | None) -> TaskRow:
        content, now = entry.content, self.data.now
        details = [
            x
            for x in (
                role_label(roster, content.owner, self.lang),
                model.deadline_label(content, self.lang, now.date().isoformat() if now else ""),
            )
            if x
        ]
        return TaskRow(entry, now is not None and entry.is_overdue(now), " · ".join(details))

    def _task(self, row: TaskRow) -> ft.Control:
        entry, overdue, content = row.entry, row.overdue, row.entry.content
        colour = KIND_COLOURS.get(entry.kind, theme.NORMAL)
        return ft.Container(
            ft.Column(
                [
                    ft.Text(
                        spans=[
                            ft.TextSpan(
                                f"{entry.number}  ",
                                style=ft.TextStyle(weight=ft.FontWeight.BOLD, color=colour),
                            ),
                            ft.TextSpan(content.text),
                        ],
                        size=24,
                        semantics_label=f"{entry.number} {content.text}",
                    ),
                    ft.Row(
                        [
                            ft.Text(
                                row.details,
                                size=20,
                                weight=ft.FontWeight.W_600,
                                color=theme.OVERRUN if overdue else theme.muted(self.tab.theme),
                            ),
                            status_chip(
                                entry.status,
                                self.lang,
                                overdue=overdue,
                                overdue_text=self.tab.t("logger.overdue"),
                                size=16,
                            ),
                        ],
                        spacing=12,
                        wrap=True,
                        vertical_alignment=ft.CrossAxisAlignment.CENTER,
                    ),
                ],
                spacing=4,
            ),
            padding=ft.Padding.only(left=12, top=4, bottom=4),
            border=ft.Border.only(left=ft.BorderSide(5, theme.OVERRUN if overdue else colour)),
        )


async def build(tab: Tab) -> ViewResult:
    return await WallScreen(tab).build()


register_view("/wand", build, title=("Wandscherm", "Wall screen"), role="wand")
