"""The chair's tablet (/voorzitter): meeting clock, current item, BOBOC prompts, action card.

Left: the clock drawing, the current item in big type, the clock buttons, "Volgende tijden" and the
caption strip. Right: one of four panels (Fase / Besluiten / Eigen log / Stakeholders).

Data: ``load_chair_data`` in a worker thread on open and on every room change. Time: every second
the bridge's ticker recomputes the snapshot from the cached meeting with the domain
``MeetingClock`` and ``room.now()`` (no disk), so every device shows the same time from the
meeting's stored start.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from typing import Any

import flet as ft

from assistant.domain.boboc import CHALLENGES
from assistant.domain.clock import ClockSnapshot, MeetingClock, format_mmss
from assistant.domain.entries import EntryKind, Priority, TaskStatus
from assistant.domain.individual import INDIVIDUAL_KIND_LABELS
from assistant.ui.chair import model as cm
from assistant.ui import theme
from assistant.ui.export_menu import export_button
from assistant.ui.chair.data import ChairData, load_chair_data
from assistant.ui.chair.strings import register_strings
from assistant.ui.views import ViewResult
from assistant.ui.widgets.buttons import action_button, icon_action
from assistant.ui.widgets.caption_strip import CaptionStrip
from assistant.ui.widgets.check_row import check_row
from assistant.ui.chair.clock_face import clock_canvas, clock_shapes

register_strings()

SECTIONS = ("fase", "besluiten", "eigen", "stakeholders")

#: Room topics this screen shows (drafts and the transcript are the logger's: no reload for those).
TOPICS = ("crisis", "meeting", "clock", "log", "individual", "stakeholders", "settings", "live")


class ChairScreen:
    def __init__(self, tab: Any) -> None:
        self.tab = tab
        self.room = tab.room
        self.t = tab.t
        self.lang = tab.lang
        self.mode = tab.theme
        self.data = ChairData()
        self.snapshot: ClockSnapshot | None = None
        self._reload_lock = asyncio.Lock()
        self._reload_again = False
        width = float(tab.page.width or 1280)
        height = float(tab.page.height or 800)
        self.landscape = width >= 1000 and width > height
        self.height = height
        self.section = tab.state.get("chair.section", "fase")
        self.clock_size = 230 if self.landscape else 270

        # --- clock panel (persistent controls, updated every second) ---
        self.canvas = clock_canvas(self.clock_size)
        self.position = ft.Text("", size=16, color=theme.muted(self.mode))
        self.title = ft.Text(
            "", size=30, weight=ft.FontWeight.BOLD, max_lines=2, overflow=ft.TextOverflow.ELLIPSIS
        )
        self.remaining = ft.Text("--:--", size=100 if self.landscape else 112, weight=ft.FontWeight.BOLD)
        self.level_word = ft.Text("", size=18, weight=ft.FontWeight.W_600)
        self.progress = ft.ProgressBar(
            value=0,
            bar_height=10,
            border_radius=5,
            bgcolor=theme.track(self.mode),
            color=theme.NORMAL,
            semantics_label=self.t("chair.item_progress"),
        )
        self.next_title = ft.Text(
            "", size=17, color=theme.muted(self.mode), max_lines=1, overflow=ft.TextOverflow.ELLIPSIS
        )
        self.hand_text = ft.Text("", size=14, color=theme.muted(self.mode))
        self.time_item_end = ft.Text("–", size=28, weight=ft.FontWeight.BOLD)
        self.time_meeting_end = ft.Text("–", size=28, weight=ft.FontWeight.BOLD)
        self.time_next_meeting = ft.Text("–", size=28, weight=ft.FontWeight.BOLD)
        self.time_late = ft.Text("", size=14, color=theme.OVERRUN, visible=False)
        self.controls_row = ft.Row(wrap=True, spacing=10, run_spacing=10)
        self.close_slot = ft.Row(spacing=0)
        self.status_box = ft.Column(spacing=8)
        self.progress_box = ft.Column([self.progress, self.next_title], spacing=4)
        self.clock_row: ft.Row | None = None  # built in _layout
        self.times_box: ft.Column | None = None
        self.caption = CaptionStrip(self.lang, self.mode, self.tab.handler(self.toggle_listening))

        # --- right panel ---
        self.section_row = ft.Row(spacing=8, wrap=True, run_spacing=8)
        self.panel = ft.ListView(spacing=10, expand=True, padding=ft.Padding.only(right=8, bottom=16))
        self.individual_text = ft.TextField(
            label=self.t("chair.ind_new"), expand=True, on_submit=self.tab.handler(self.add_individual)
        )
        self.individual_kind = "task"
        self.individual_priority = "middel"
        self.stakeholder_text = ft.TextField(
            label=self.t("chair.sh_new"), expand=True, on_submit=self.tab.handler(self.add_stakeholder)
        )

    # --- build and lifecycle ------------------------------------------------------------------------

    async def build(self) -> ViewResult:
        await self.reload(render=False)
        layout = self._layout()
        self.render_all()
        self.tab.bridge.on_change(self.on_change, topics=TOPICS)
        self.tab.bridge.on_tick(self.tick)
        actions: list[ft.Control] = []
        if self.tab.ctx.test_hooks:
            actions.append(
                action_button(
                    self.t("chair.test_shift"),
                    self.tab.handler(self.test_shift),
                    kind="outlined",
                    icon=ft.Icons.FAST_FORWARD,
                )
            )
        actions += [
            action_button(
                self.t("chair.challenges"),
                self.tab.handler(self.show_challenges),
                kind="text",
                icon=ft.Icons.LIGHTBULB_OUTLINE,
            ),
            export_button(self.tab),
            icon_action(
                ft.Icons.SETTINGS, self.t("chair.to_start"), self.tab.handler(lambda e: self.tab.go("/start"))
            ),
        ]
        title = self.data.crisis.name if self.data.crisis else self.t("chair.title")
        return ViewResult(layout, title=title, actions=actions, padding=12, scroll=not self.landscape)

    def _layout(self) -> ft.Control:
        times = ft.Row(
            [
                self._time_box(self.t("chair.t_item_end"), self.time_item_end),
                self._time_box(self.t("chair.t_meeting_end"), self.time_meeting_end, self.time_late),
                self._time_box(self.t("chair.t_next_meeting"), self.time_next_meeting),
            ],
            spacing=10,
        )
        self.clock_row = clock_row = ft.Row(
            [
                ft.Column(
                    [self.canvas, self.hand_text],
                    spacing=4,
                    horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                ),
                ft.Column(
                    [self.remaining, self.level_word],
                    spacing=0,
                    expand=True,
                    horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                ),
            ],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
            spacing=12,
        )
        self.times_box = ft.Column(
            [
                ft.Text(
                    self.t("chair.next_times"),
                    size=15,
                    weight=ft.FontWeight.W_600,
                    color=theme.muted(self.mode),
                ),
                times,
            ],
            spacing=4,
        )
        left = ft.Column(
            [
                ft.Row(
                    [ft.Column([self.position, self.title], spacing=2, expand=True), self.close_slot],
                    vertical_alignment=ft.CrossAxisAlignment.START,
                ),
                self.progress_box,
                clock_row,
                self.status_box,
                self.controls_row,
                self.times_box,
                self.caption.control,
            ],
            spacing=12,
        )
        panel_height = max(420.0, self.height - 56 - 30) if self.landscape else max(560.0, self.height - 640)
        right = ft.Container(
            ft.Column([self.section_row, ft.Divider(height=1), self.panel], spacing=8, expand=True),
            height=panel_height,
            padding=12,
            border_radius=14,
            bgcolor=theme.surface(self.mode),
        )
        if self.landscape:
            return ft.Row(
                [ft.Container(left, expand=11), ft.Container(right, expand=12)],
                spacing=16,
                vertical_alignment=ft.CrossAxisAlignment.START,
                expand=True,
            )
        return ft.Column([left, right], spacing=16)

    def _time_box(self, label: str, value: ft.Text, extra: ft.Control | None = None) -> ft.Control:
        parts: list[ft.Control] = [ft.Text(label, size=14, color=theme.muted(self.mode)), value]
        if extra is not None:
            parts.append(extra)
        return ft.Container(
            ft.Column(parts, spacing=0),
            padding=ft.Padding.symmetric(horizontal=12, vertical=6),
            border_radius=10,
            bgcolor=theme.surface(self.mode),
            expand=True,
        )

    async def on_change(self, changes: list[Any]) -> None:
        topics = {c.topic for c in changes}
        if topics <= {"live"}:
            self.caption.refresh(self.tab.ctx.live.get())
            self.caption.control.update()
            return
        await self.reload()

    async def reload(self, render: bool = True) -> None:
        """Re-read the room (coalesced: a burst of changes causes at most one extra read)."""
        if self._reload_lock.locked():
            self._reload_again = True
            return
        async with self._reload_lock:
            while True:
                self._reload_again = False
                self.data = await self.tab.call(load_chair_data, self.room)
                if not self._reload_again:
                    break
        if render:
            self.render_all()
            self.tab.page.update()

    # --- time ---------------------------------------------------------------------------------------

    def compute_snapshot(self) -> ClockSnapshot | None:
        meeting = self.data.meeting
        if meeting is None:
            return None
        return MeetingClock(meeting.agenda, meeting.clock).snapshot(self.room.now(self.data.crisis))

    def tick(self) -> None:
        self.render_clock()
        with contextlib.suppress(Exception):  # the tab may be closing
            self.tab.page.update()

    def render_clock(self) -> None:
        snap = self.snapshot = self.compute_snapshot()
        has_meeting = snap is not None
        for box in (self.progress_box, self.clock_row, self.times_box, self.position):
            if box is not None:
                box.visible = has_meeting
        if snap is None:  # no crisis or no meeting yet: only the way forward is shown
            self.title.value = ""
            self.remaining.value = "--:--"
            self.remaining.semantics_label = None
            self.canvas.shapes = []
            return
        cur = cm.current_item(snap, self.lang)
        level = cur.level
        colour = {"normal": None, "warning": theme.WARNING, "overrun": theme.OVERRUN}[level]
        self.position.value = cur.position
        self.title.value = cur.title
        self.title.semantics_label = f"{self.t('chair.current_item')}: {cur.title}"
        self.remaining.value = cur.remaining
        self.remaining.color = colour
        self.remaining.semantics_label = cur.remaining_label
        self.level_word.value = (
            self.t("chair.paused")
            if cur.paused
            else self.t("chair.not_started")
            if not cur.started
            else self.t("chair.ended")
            if cur.ended
            else cur.level_word
        )
        self.level_word.color = colour or theme.muted(self.mode)
        self.progress.value = cur.progress
        self.progress.color = colour or theme.NORMAL
        self.next_title.value = (
            f"{self.t('chair.then')}: {cur.next_title}" if cur.next_title else self.t("chair.last_item")
        )
        total = format_mmss(snap.total_planned).lstrip("-")
        elapsed = format_mmss(snap.meeting_elapsed).lstrip("-")
        self.hand_text.value = f"{elapsed} / {total}"
        self.hand_text.semantics_label = cur.hand_label
        self.canvas.shapes = clock_shapes(cm.dial(snap, self.lang), self.clock_size, self.mode, level)
        now = self.room.now(self.data.crisis)
        times = cm.next_times(snap, self.data.next_meeting_at, now, self.lang)
        self.time_item_end.value = times.item_end
        self.time_item_end.semantics_label = f"{self.t('chair.t_item_end')} {times.item_end}"
        self.time_meeting_end.value = times.meeting_end
        self.time_meeting_end.semantics_label = f"{self.t('chair.t_meeting_end')} {times.meeting_end}"
        self.time_meeting_end.color = theme.OVERRUN if times.meeting_late_minutes > 0 else None
        self.time_late.value = (
            self.t("chair.late", n=times.meeting_late_minutes) if times.meeting_late_minutes else ""
        )
        self.time_late.visible = bool(times.meeting_late_minutes)
        self.time_next_meeting.value = times.next_meeting
        self.time_next_meeting.semantics_label = f"{self.t('chair.t_next_meeting')} {times.next_meeting}"

    # --- everything else ----------------------------------------------------------------------------

    def render_all(self) -> None:
        self.render_clock()
        self.render_controls()
        self.render_sections()
        self.render_panel()
        self.caption.refresh(self.tab.ctx.live.get())

    def render_controls(self) -> None:
        t, data, snap = self.t, self.data, self.snapshot
        self.status_box.controls = []
        self.close_slot.controls = []
        if data.crisis is None:
            self.controls_row.controls = [
                action_button(
                    t("chair.no_crisis_go"),
                    self.tab.handler(lambda e: self.tab.go("/start")),
                    kind="filled",
                    icon=ft.Icons.ADD,
                    height=56,
                    text_size=18,
                )
            ]
            self.status_box.controls = [ft.Text(t("chair.no_crisis"), size=18)]
            return
        meeting = data.meeting
        if meeting is None or snap is None:
            self.controls_row.controls = [
                action_button(
                    t("chair.prepare_go"),
                    self.tab.handler(lambda e: self.tab.go("/start")),
                    kind="filled",
                    icon=ft.Icons.EVENT_NOTE,
                    height=56,
                    text_size=18,
                )
            ]
            self.status_box.controls = [ft.Text(t("chair.no_meeting"), size=18)]
            return
        if not snap.started:
            self.status_box.controls = [
                ft.Text(
                    t("chair.planned", n=meeting.number, minutes=cm.format_minutes(meeting.planned_minutes)),
                    size=18,
                )
            ]
            self.controls_row.controls = [
                action_button(
                    t("chair.start", n=meeting.number),
                    self.tab.handler(self.start_meeting),
                    kind="filled",
                    icon=ft.Icons.PLAY_ARROW,
                    height=60,
                    text_size=20,
                ),
                action_button(
                    t("chair.edit_agenda"),
                    self.tab.handler(lambda e: self.tab.go("/start")),
                    kind="outlined",
                    icon=ft.Icons.EDIT,
                ),
            ]
            return
        if snap.ended:
            when = (
                cm.hhmm(data.next_meeting_at, self.room.now(data.crisis), self.lang)
                if data.next_meeting_at
                else "–"
            )
            self.status_box.controls = [
                ft.Text(t("chair.closed", n=meeting.number, time=when), size=20, weight=ft.FontWeight.W_600)
            ]
            self.controls_row.controls = [
                action_button(
                    t("chair.prepare_next"),
                    self.tab.handler(lambda e: self.tab.go("/start")),
                    kind="filled",
                    icon=ft.Icons.EVENT_NOTE,
                    height=56,
                    text_size=18,
                )
            ]
            return
        last = snap.index >= len(meeting.agenda) - 1
        first = snap.index == 0
        self.close_slot.controls = [
            action_button(
                t("chair.close"),
                self.tab.handler(self.ask_close),
                icon=ft.Icons.STOP_CIRCLE_OUTLINED,
                kind="filled" if last else "outlined",
                color=None if last else theme.OVERRUN,
            ),
        ]
        self.controls_row.controls = [
            action_button(
                t("chair.previous_short"),
                self.tab.handler(functools.partial(self.clock, "previous")),
                icon=ft.Icons.SKIP_PREVIOUS,
                kind="outlined",
                disabled=first,
                height=56,
                semantics=t("chair.previous"),
            ),
            action_button(
                t("chair.next_short"),
                self.tab.handler(self.next_item),
                icon=ft.Icons.SKIP_NEXT,
                kind="filled",
                disabled=last,
                height=56,
                text_size=18,
                semantics=t("chair.next"),
            ),
            action_button(
                t("chair.plus1_short"),
                self.tab.handler(functools.partial(self.clock, "extend", 1.0)),
                kind="tonal",
                height=56,
                semantics=t("chair.plus1"),
            ),
            action_button(
                t("chair.plus2_short"),
                self.tab.handler(functools.partial(self.clock, "extend", 2.0)),
                kind="tonal",
                height=56,
                semantics=t("chair.plus2"),
            ),
            action_button(
                t("chair.resume") if snap.paused else t("chair.pause"),
                self.tab.handler(functools.partial(self.clock, "resume" if snap.paused else "pause")),
                icon=ft.Icons.PLAY_ARROW if snap.paused else ft.Icons.PAUSE,
                kind="tonal",
                height=56,
            ),
        ]

    def render_sections(self) -> None:
        counts = {
            "fase": "",
            "besluiten": str(
                len(cm.recent_decisions_and_orders(self.data.entries, self._meeting_number(), 99)) or ""
            ),
            "eigen": str(len([i for i in self.data.individual if not i.checked_at]) or ""),
            "stakeholders": "",
        }
        buttons = []
        for key in SECTIONS:
            label = self.t(f"chair.section.{key}") + (f" ({counts[key]})" if counts[key] else "")
            buttons.append(
                action_button(
                    label,
                    self.tab.handler(functools.partial(self.show_section, key)),
                    kind="filled" if key == self.section else "outlined",
                    semantics=self.t(f"chair.section.{key}"),
                )
            )
        self.section_row.controls = buttons

    async def show_section(self, key: str, _e: Any = None) -> None:
        self.section = key
        self.tab.state["chair.section"] = key
        self.render_sections()
        self.render_panel()
        self.tab.page.update()

    def _meeting_number(self) -> int | None:
        return self.data.meeting.number if self.data.meeting else None

    def render_panel(self) -> None:
        builder = {
            "fase": self._panel_phase,
            "besluiten": self._panel_decisions,
            "eigen": self._panel_individual,
            "stakeholders": self._panel_stakeholders,
        }[self.section]
        self.panel.controls = builder()

    def _heading(self, text: str) -> ft.Text:
        return ft.Text(text, size=20, weight=ft.FontWeight.BOLD)

    def _muted(self, text: str, size: int = 15) -> ft.Text:
        return ft.Text(text, size=size, color=theme.muted(self.mode))

    # --- panel: phase (prompts, start-up, Controle, reflection) -------------------------------------

    def _panel_phase(self) -> list[ft.Control]:
        t, data, snap = self.t, self.data, self.snapshot
        meeting = data.meeting
        if meeting is None or snap is None:
            return [self._muted(t("chair.no_meeting"))]
        out: list[ft.Control] = []
        item = snap.item if snap.started and not snap.ended else None
        if item is None and not snap.started:
            item = meeting.agenda[0]
        if cm.is_control_item(item) and not meeting.first:
            out += self._controle_list()
        for checklist in cm.checklists(meeting, item, data.reflection_due, self.lang):
            out.append(self._heading(checklist.title))
            for prompt in checklist.items:
                out.append(
                    check_row(
                        prompt.text(self.lang),
                        prompt.id in meeting.ticks,
                        self.tab.handler(functools.partial(self.tick_prompt, prompt.id)),
                    )
                )
            if checklist.key == "reflection":
                if meeting.reflection_held:
                    out.append(self._muted(t("chair.reflection_held")))
                else:
                    out.append(
                        action_button(
                            t("chair.reflection_done"),
                            self.tab.handler(self.mark_reflection),
                            icon=ft.Icons.SELF_IMPROVEMENT,
                        )
                    )
        if cm.is_close_item(item) and snap.started and not snap.ended:
            out.append(self._muted(t("chair.close_hint"), 16))
            out.append(
                action_button(
                    t("chair.close"),
                    self.tab.handler(self.ask_close),
                    kind="filled",
                    icon=ft.Icons.STOP_CIRCLE_OUTLINED,
                    semantics=t("chair.close_from_panel"),
                )
            )
        if not out:
            out.append(self._muted(t("chair.no_prompts")))
        out.append(ft.Divider())
        out.append(self._heading(t("chair.agenda")))
        for timing in snap.items:
            icon = ft.Icons.PLAY_ARROW if timing.current else (ft.Icons.CHECK if timing.done else None)
            colour = theme.NORMAL if timing.current else (theme.muted(self.mode) if timing.done else None)
            out.append(
                ft.Row(
                    [
                        ft.Icon(icon, size=18, color=colour) if icon else ft.Container(width=18),
                        ft.Text(
                            f"{timing.index + 1}. {timing.item.label(self.lang)} · "
                            f"{cm.format_minutes(timing.planned_seconds / 60)} min",
                            size=16,
                            color=colour,
                            weight=ft.FontWeight.BOLD if timing.current else None,
                            expand=True,
                        ),
                    ],
                    spacing=6,
                )
            )
        return out

    def _controle_list(self) -> list[ft.Control]:
        t, data = self.t, self.data
        crisis = data.crisis
        out: list[ft.Control] = [self._heading(t("chair.open_tasks"))]
        roster = crisis.roster if crisis else None
        rows = cm.task_rows(
            data.open_tasks,
            data.overdue_ids,
            (lambda r: roster.label(r, self.lang)) if roster else None,
            self.lang,
        )
        if not rows:
            out.append(self._muted(t("chair.no_open_tasks")))
        for row in rows:
            head = f"{row.number} · {row.owner}" if row.owner else row.number
            deadline = ""
            if row.deadline:
                deadline = f" · {t('chair.deadline')} {row.deadline}"
            status = f" · {row.status}" if row.status else ""
            out.append(
                ft.Container(
                    ft.Column(
                        [
                            ft.Text(
                                head + deadline + status,
                                size=15,
                                weight=ft.FontWeight.BOLD,
                                color=theme.OVERRUN if row.overdue else theme.muted(self.mode),
                            ),
                            ft.Text(row.text, size=17),
                            ft.Row(
                                [
                                    action_button(
                                        t("chair.st_done"),
                                        self.tab.handler(
                                            functools.partial(self.set_status, row.entry_id, TaskStatus.DONE)
                                        ),
                                        semantics=f"{row.number} {t('chair.st_done')}",
                                    ),
                                    action_button(
                                        t("chair.st_running"),
                                        self.tab.handler(
                                            functools.partial(
                                                self.set_status, row.entry_id, TaskStatus.IN_PROGRESS
                                            )
                                        ),
                                        semantics=f"{row.number} {t('chair.st_running')}",
                                    ),
                                    action_button(
                                        t("chair.st_delayed"),
                                        self.tab.handler(functools.partial(self.ask_delay, row)),
                                        semantics=f"{row.number} {t('chair.st_delayed')}",
                                    ),
                                    action_button(
                                        t("chair.st_cancelled"),
                                        self.tab.handler(
                                            functools.partial(
                                                self.set_status, row.entry_id, TaskStatus.CANCELLED
                                            )
                                        ),
                                        semantics=f"{row.number} {t('chair.st_cancelled')}",
                                    ),
                                ],
                                wrap=True,
                                spacing=8,
                                run_spacing=8,
                            ),
                        ],
                        spacing=6,
                    ),
                    padding=10,
                    border_radius=10,
                    border=ft.Border.all(2, theme.OVERRUN) if row.overdue else None,
                )
            )
        out.append(ft.Divider())
        return out

    # --- panel: decisions and orders of this meeting ------------------------------------------------

    def _panel_decisions(self) -> list[ft.Control]:
        t = self.t
        recent = cm.recent_decisions_and_orders(self.data.entries, self._meeting_number(), 12)
        out: list[ft.Control] = [self._heading(t("chair.recent"))]
        if not recent:
            out.append(self._muted(t("chair.no_recent")))
        roster = self.data.crisis.roster if self.data.crisis else None
        for entry in recent:
            bits = [entry.kind.label(self.lang)]
            if entry.content.owner:
                bits.append(roster.label(entry.content.owner, self.lang) if roster else entry.content.owner)
            if entry.content.deadline:
                bits.append(entry.content.deadline[11:16])
            colour = theme.NORMAL if entry.kind is EntryKind.DECISION else theme.WARNING
            body = [
                ft.Text(
                    f"{entry.number} · " + " · ".join(bits), size=14, weight=ft.FontWeight.BOLD, color=colour
                ),
                ft.Text(entry.content.text, size=17),
            ]
            if entry.content.reason:
                body.append(self._muted(f"{t('chair.reason')}: {entry.content.reason}"))
            out.append(
                ft.Container(
                    ft.Column(body, spacing=2),
                    padding=10,
                    border_radius=10,
                    border=ft.Border.all(1, theme.track(self.mode)),
                )
            )
        open_count = len(self.data.open_tasks)
        out.append(self._muted(t("chair.open_count", n=open_count, late=len(self.data.overdue_ids))))
        return out

    # --- panel: individual log ----------------------------------------------------------------------

    def _panel_individual(self) -> list[ft.Control]:
        t, lang = self.t, self.lang
        kinds = ft.RadioGroup(
            value=self.individual_kind,
            on_change=self._set_ind_kind,
            content=ft.Row(
                [
                    ft.Radio(value=k, label=INDIVIDUAL_KIND_LABELS[k][1 if lang == "en" else 0])
                    for k in ("task", "contact", "decision")
                ],
                wrap=True,
            ),
        )
        prios = ft.RadioGroup(
            value=self.individual_priority,
            on_change=self._set_ind_prio,
            content=ft.Row(
                [ft.Radio(value=p.value, label=f"{t('chair.priority')} {p.label(lang)}") for p in Priority],
                wrap=True,
            ),
        )
        out: list[ft.Control] = [
            self._heading(t("chair.section.eigen")),
            ft.Row(
                [
                    self.individual_text,
                    action_button(
                        t("chair.ind_add"),
                        self.tab.handler(self.add_individual),
                        icon=ft.Icons.ADD,
                        kind="filled",
                    ),
                ],
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            ),
            kinds,
            prios,
            ft.Divider(),
        ]
        items = cm.individual_order(self.data.individual)
        if not items:
            out.append(self._muted(t("chair.ind_empty")))
        for item in items:
            kind = INDIVIDUAL_KIND_LABELS.get(item.kind, (item.kind, item.kind))[1 if lang == "en" else 0]
            prio = item.priority.label(lang)
            when = item.created_at[11:16]
            label = f"{kind}: {item.text} ({t('chair.priority')} {prio}, {when})"
            out.append(
                check_row(
                    label,
                    bool(item.checked_at),
                    self.tab.handler(functools.partial(self.check_individual, item.item_id)),
                    size=16,
                    color=theme.muted(self.mode) if item.checked_at else None,
                )
            )
        return out

    def _set_ind_kind(self, e: Any) -> None:
        self.individual_kind = e.control.value

    def _set_ind_prio(self, e: Any) -> None:
        self.individual_priority = e.control.value

    # --- panel: stakeholders ------------------------------------------------------------------------

    def _panel_stakeholders(self) -> list[ft.Control]:
        t = self.t
        now = self.room.now(self.data.crisis)
        out: list[ft.Control] = [self._heading(t("chair.section.stakeholders"))]
        for sh in self.data.stakeholders:
            informed = cm.informed_text(sh.last_informed_at, sh.last_informed_by, now, self.lang)
            out.append(
                ft.Row(
                    [
                        ft.Column(
                            [
                                ft.Text(sh.name, size=17, weight=ft.FontWeight.W_600),
                                self._muted(f"{sh.group} · {informed}" if sh.group else informed, 14),
                            ],
                            spacing=2,
                            expand=True,
                        ),
                        action_button(
                            t("chair.informed"),
                            self.tab.handler(functools.partial(self.mark_informed, sh.stakeholder_id)),
                            icon=ft.Icons.CHECK,
                            semantics=f"{sh.name} {t('chair.informed').lower()}",
                        ),
                    ],
                    vertical_alignment=ft.CrossAxisAlignment.CENTER,
                )
            )
        out.append(ft.Divider())
        out.append(
            ft.Row(
                [
                    self.stakeholder_text,
                    action_button(
                        t("chair.sh_add"), self.tab.handler(self.add_stakeholder), icon=ft.Icons.ADD
                    ),
                ],
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            )
        )
        return out

    # --- actions ------------------------------------------------------------------------------------

    def _ids(self) -> tuple[str, int] | None:
        if self.data.crisis is None or self.data.meeting is None:
            return None
        return self.data.crisis.crisis_id, self.data.meeting.number

    async def _after_write(self) -> None:
        """The room has already told every tab (this one too) through the bridge, which reloads;
        reload here only when no live bridge delivers changes (unit tests)."""
        if not getattr(self.tab.bridge, "active", False):
            await self.reload()

    async def start_meeting(self, _e: Any = None) -> None:
        ids = self._ids()
        if ids:
            await self.tab.call(self.room.clock_action, *ids, "start")
            await self._after_write()

    async def clock(self, action: str, minutes: float = 1.0, _e: Any = None) -> None:
        ids = self._ids()
        if ids:
            await self.tab.call(self.room.clock_action, *ids, action, minutes)
            await self._after_write()

    async def next_item(self, _e: Any = None) -> None:
        ids, snap, meeting = self._ids(), self.snapshot, self.data.meeting
        if ids is None or snap is None or meeting is None:
            return
        # prompt ids this tab already reminded the chair of, per meeting
        reminded: dict[int, set[str]] = self.tab.state.setdefault("chair.reminded", {})
        already = reminded.setdefault(meeting.number, set())
        missing = cm.reminder_items(meeting, snap.item, self.data.reflection_due, already)
        await self.tab.call(self.room.clock_action, *ids, "next")
        if missing:
            already.update(p.id for p in missing)
            titles = [p.text(self.lang) for p in missing]
            item_title = snap.item.label(self.lang) if snap.item else ""
            self.tab.toast(cm.reminder_text(titles, item_title, self.lang), seconds=8)
        await self._after_write()

    async def tick_prompt(self, item_id: str, value: bool, box: ft.Checkbox) -> None:
        ids = self._ids()
        if ids:
            try:
                await self.tab.call(self.room.tick, *ids, item_id, value)
            except Exception:
                box.value = not value  # show the stored state again
                box.update()
                raise

    async def mark_reflection(self, _e: Any = None) -> None:
        ids = self._ids()
        if ids:
            await self.tab.call(self.room.mark_reflection, *ids)

    async def set_status(
        self,
        entry_id: str,
        status: TaskStatus,
        _e: Any = None,
        new_deadline: str | None = None,
        note: str = "",
        toast: bool = True,
    ) -> None:
        if self.data.crisis is None:
            return
        await self.tab.call(
            self.room.set_status,
            self.data.crisis.crisis_id,
            entry_id,
            status,
            "voorzitter",
            new_deadline,
            note,
        )
        if toast:
            self.tab.toast(self.t("chair.status_saved", status=status.label(self.lang)))

    async def ask_delay(self, row: cm.TaskRow, _e: Any = None) -> None:
        now = self.room.now(self.data.crisis)
        field = ft.TextField(
            label=self.t("chair.new_deadline"),
            value=cm.default_delay_deadline(now),
            width=260,
            autofocus=True,
            text_size=20,
        )
        note = ft.TextField(label=self.t("chair.delay_note"), width=360)

        async def save(_e: Any = None) -> None:
            value = cm.deadline_value(field.value or "", self.room.now(self.data.crisis))
            reason = (note.value or "").strip() or self.t("chair.delayed_note")
            await self.set_status(
                row.entry_id, TaskStatus.IN_PROGRESS, new_deadline=value, note=reason, toast=False
            )
            self.tab.close_dialog(dialog)  # only after saving: a failure keeps the dialog and its input
            self.tab.toast(self.t("chair.status_saved", status=TaskStatus.IN_PROGRESS.label(self.lang)))

        dialog = ft.AlertDialog(
            modal=True,
            title=ft.Text(self.t("chair.delay_title", number=row.number)),
            content=ft.Column([ft.Text(row.text, size=16), field, note], tight=True, spacing=12),
            actions=[
                action_button(self.t("shell.cancel"), lambda e: self.tab.close_dialog(dialog), kind="text"),
                action_button(self.t("chair.delay_save"), self.tab.handler(save), kind="filled"),
            ],
        )
        self.tab.page.show_dialog(dialog)

    async def ask_close(self, _e: Any = None) -> None:
        ids = self._ids()
        if ids is None:
            return
        default = await self.tab.call(self.room.default_next_meeting, *ids)
        now = self.room.now(self.data.crisis)
        default_text = f"{default.astimezone(now.tzinfo):%H:%M}"
        field = ft.TextField(
            label=self.t("chair.next_at"), value=default_text, width=260, autofocus=True, text_size=24
        )
        hint = self._muted(
            self.t(
                "chair.next_hint",
                when=cm.hhmm(default, now, self.lang),
                cycle=cm.cycle_label(self.data.crisis.cycle_minutes, self.lang),
            )
        )

        async def confirm(_e: Any = None) -> None:
            text = (field.value or "").strip()
            if not text:
                when = None
            elif text == default_text:
                when = default
            else:
                when = cm.next_occurrence(text, self.room.now(self.data.crisis))
            await self.tab.call(self.room.end_meeting, *ids, when)
            self.tab.close_dialog(dialog)
            self.tab.toast(self.t("chair.closed_toast", time=cm.hhmm(when, now, self.lang) if when else "–"))
            await self._after_write()

        dialog = ft.AlertDialog(
            modal=True,
            title=ft.Text(self.t("chair.close_title", n=ids[1])),
            content=ft.Column(
                [ft.Text(self.t("chair.close_body"), size=16), field, hint], tight=True, spacing=12
            ),
            actions=[
                action_button(self.t("shell.cancel"), lambda e: self.tab.close_dialog(dialog), kind="text"),
                action_button(self.t("chair.close_confirm"), self.tab.handler(confirm), kind="filled"),
            ],
        )
        self.tab.page.show_dialog(dialog)

    async def show_challenges(self, _e: Any = None) -> None:
        items = [ft.Text(c.text(self.lang), size=17) for c in CHALLENGES]
        dialog = ft.AlertDialog(
            title=ft.Text(self.t("chair.challenges_title")),
            content=ft.Container(
                ft.Column(items, spacing=14, scroll=ft.ScrollMode.AUTO, tight=True),
                width=640,
                height=min(520.0, self.height - 200),
            ),
            actions=[
                action_button(self.t("shell.close"), lambda e: self.tab.close_dialog(dialog), kind="filled")
            ],
        )
        self.tab.page.show_dialog(dialog)

    async def add_individual(self, _e: Any = None) -> None:
        if self.data.crisis is None:
            return
        text = (self.individual_text.value or "").strip()
        await self.tab.call(
            self.room.add_individual,
            self.data.crisis.crisis_id,
            self.individual_kind,
            text,
            self.individual_priority,
        )
        self.individual_text.value = ""  # only cleared after a successful save
        self.individual_text.update()

    async def check_individual(self, item_id: str, value: bool, _box: Any = None) -> None:
        if self.data.crisis is None:
            return
        await self.tab.call(self.room.check_individual, self.data.crisis.crisis_id, item_id, value)

    async def mark_informed(self, stakeholder_id: str, _e: Any = None) -> None:
        if self.data.crisis is None:
            return
        await self.tab.call(self.room.mark_informed, self.data.crisis.crisis_id, stakeholder_id, "voorzitter")

    async def add_stakeholder(self, _e: Any = None) -> None:
        if self.data.crisis is None:
            return
        await self.tab.call(
            self.room.add_stakeholder,
            self.data.crisis.crisis_id,
            (self.stakeholder_text.value or "").strip(),
            "",
            "voorzitter",
        )
        self.stakeholder_text.value = ""
        self.stakeholder_text.update()

    async def toggle_listening(self, _e: Any = None) -> None:
        crisis_id = self.data.crisis.crisis_id if self.data.crisis else None
        await self.tab.call(self.tab.ctx.live.toggle, crisis_id)

    async def test_shift(self, _e: Any = None) -> None:
        await self.tab.call(self.room.shift_time, 60)


async def build(tab: Any) -> ViewResult:
    return await ChairScreen(tab).build()
