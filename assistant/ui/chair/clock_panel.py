"""The left-hand side of the chair's screen: the meeting clock and the big remaining time.

Redrawn every second from the domain ``MeetingClock`` and the room's time (no disk), so every device
shows the same time from the meeting's stored start. The clock buttons (``controls.py``) sit in
slots of this panel's layout but are redrawn only on room changes.
"""

from __future__ import annotations

import math
from datetime import datetime

import flet as ft

from assistant.domain.clock import ClockSnapshot, format_mmss
from assistant.ui import theme
from assistant.ui.chair import model as cm
from assistant.ui.chair.clock_face import clock_canvas, clock_shapes
from assistant.ui.chair.controls import ClockControls
from assistant.ui.chair.rows import status_word_key
from assistant.ui.tab import Tab
from assistant.ui.widgets.looks import SentLooks

LEVEL_COLOURS: dict[str, str | None] = {"normal": None, "warning": theme.WARNING, "overrun": theme.OVERRUN}
#: The hand and the overrun arcs move a fraction of a degree per second (0.1 degree in an hour's
#: meeting, 1-2 px at the hand's tip per degree); the canvas, whose every shape is sent again when
#: it is redrawn, waits for a step of a degree.
DIAL_STEP = math.radians(1.0)


def dial_key(dial: cm.Dial, level: str) -> tuple[object, ...]:
    """What the clock drawing shows, at the resolution it can show it (equal keys: same picture)."""
    overruns = tuple((o.index, o.start, round(o.sweep / DIAL_STEP)) for o in dial.overruns)
    return dial.segments, overruns, round(dial.hand / DIAL_STEP), level


def _big(value: str = "–") -> ft.Text:
    return ft.Text(value, size=28, weight=ft.FontWeight.BOLD)


class ClockPanel:
    """Build once per screen; ``draw(snapshot, next_meeting_at, now)`` every second."""

    def __init__(self, tab: Tab, controls: ClockControls, *, landscape: bool) -> None:
        self.tab = tab
        self.t = tab.t
        mode = tab.theme
        self.size = 230 if landscape else 270
        self.canvas = clock_canvas(self.size)
        self._dial: tuple[object, ...] | None = None  # what the canvas shows now (``dial_key``)
        self._sent = SentLooks()  # what each part looked like when last sent (``changed_parts``)
        self.position = ft.Text("", size=16, color=theme.muted(mode))
        self.title = ft.Text(
            "", size=30, weight=ft.FontWeight.BOLD, max_lines=2, overflow=ft.TextOverflow.ELLIPSIS
        )
        self.remaining = ft.Text("--:--", size=100 if landscape else 112, weight=ft.FontWeight.BOLD)
        self.level_word = ft.Text("", size=18, weight=ft.FontWeight.W_600)
        self.progress = ft.ProgressBar(
            value=0,
            bar_height=10,
            border_radius=5,
            bgcolor=theme.track(mode),
            color=theme.NORMAL,
            semantics_label=self.t("chair.item_progress"),
        )
        self.next_title = ft.Text(
            "", size=17, color=theme.muted(mode), max_lines=1, overflow=ft.TextOverflow.ELLIPSIS
        )
        self.hand_text = ft.Text("", size=14, color=theme.muted(mode))
        self.time_item_end = _big()
        self.time_meeting_end = _big()
        self.time_next_meeting = _big()
        self.time_late = ft.Text("", size=14, color=theme.OVERRUN, visible=False)
        self.progress_box = ft.Column([self.progress, self.next_title], spacing=4)
        self.clock_row = self._clock_row()
        self.times_box = self._times_box()
        self.root = ft.Column(
            [
                ft.Row(
                    [ft.Column([self.position, self.title], spacing=2, expand=True), controls.close_slot],
                    vertical_alignment=ft.CrossAxisAlignment.START,
                ),
                self.progress_box,
                self.clock_row,
                controls.status_box,
                controls.buttons,
                self.times_box,
            ],
            spacing=12,
        )

    @property
    def ticking(self) -> list[ft.Control]:
        """What a tick of the clock can change (its buttons and status change only with the room)."""
        return [self.position, self.title, self.progress_box, self.clock_row, self.times_box]

    def changed_parts(self) -> list[ft.Control]:
        """The clock's parts whose look changed since they were last sent, for one ``update``: each
        second that is the remaining time and the elapsed text, not the five boxes around them
        (Flet walks every control it is given, on the loop, for every chair device: issue 15). The
        first call after building records what the new page shows and its answer is not sent."""
        return self._sent.changed(self._looks())

    def _looks(self) -> list[tuple[ft.Control, object]]:
        boxes = [(box, box.visible) for box in (self.progress_box, self.clock_row, self.times_box)]
        texts = [
            (text, (text.value, text.color, text.visible, text.semantics_label))
            for text in (
                self.position, self.title, self.remaining, self.level_word, self.next_title,
                self.hand_text, self.time_item_end, self.time_meeting_end, self.time_late,
                self.time_next_meeting,
            )
        ]  # fmt: skip
        progress = (self.progress, (self.progress.value, self.progress.color))
        return [*boxes, *texts, progress, (self.canvas, self._dial)]

    # --- layout -------------------------------------------------------------------------------------

    def _clock_row(self) -> ft.Row:
        centre = ft.CrossAxisAlignment.CENTER
        return ft.Row(
            [
                ft.Column([self.canvas, self.hand_text], spacing=4, horizontal_alignment=centre),
                ft.Column(
                    [self.remaining, self.level_word], spacing=0, expand=True, horizontal_alignment=centre
                ),
            ],
            vertical_alignment=centre,
            spacing=12,
        )

    def _times_box(self) -> ft.Column:
        t = self.t
        times = ft.Row(
            [
                self._time_box(t("chair.t_item_end"), self.time_item_end),
                self._time_box(t("chair.t_meeting_end"), self.time_meeting_end, self.time_late),
                self._time_box(t("chair.t_next_meeting"), self.time_next_meeting),
            ],
            spacing=10,
        )
        heading = ft.Text(
            t("chair.next_times"), size=15, weight=ft.FontWeight.W_600, color=theme.muted(self.tab.theme)
        )
        return ft.Column([heading, times], spacing=4)

    def _time_box(self, label: str, value: ft.Text, extra: ft.Control | None = None) -> ft.Control:
        parts: list[ft.Control] = [ft.Text(label, size=14, color=theme.muted(self.tab.theme)), value]
        if extra is not None:
            parts.append(extra)
        return ft.Container(
            ft.Column(parts, spacing=0),
            padding=ft.Padding.symmetric(horizontal=12, vertical=6),
            border_radius=10,
            bgcolor=theme.surface(self.tab.theme),
            expand=True,
        )

    # --- drawing ------------------------------------------------------------------------------------

    def draw(self, snap: ClockSnapshot | None, next_meeting_at: datetime | None, now: datetime) -> None:
        """Set every clock control from ``snap`` (None: no crisis or no meeting, only the way on)."""
        for box in (self.progress_box, self.clock_row, self.times_box, self.position):
            box.visible = snap is not None
        if snap is None:
            self.title.value = ""
            self.remaining.value = "--:--"
            self.remaining.semantics_label = None
            self.canvas.shapes, self._dial = [], None
            return
        self._draw_item(snap)
        self._draw_times(snap, next_meeting_at, now)

    def _draw_item(self, snap: ClockSnapshot) -> None:
        t, lang = self.t, self.tab.lang
        cur = cm.current_item(snap, lang)
        colour = LEVEL_COLOURS[cur.level]
        self.position.value = cur.position
        self.title.value = cur.title
        self.title.semantics_label = f"{t('chair.current_item')}: {cur.title}"
        self.remaining.value = cur.remaining
        self.remaining.color = colour
        self.remaining.semantics_label = cur.remaining_label
        key = status_word_key(cur)
        self.level_word.value = t(key) if key else cur.level_word
        self.level_word.color = colour or theme.muted(self.tab.theme)
        self.progress.value = cur.progress
        self.progress.color = colour or theme.NORMAL
        self.next_title.value = (
            f"{t('chair.then')}: {cur.next_title}" if cur.next_title else t("chair.last_item")
        )
        total = format_mmss(snap.total_planned).lstrip("-")
        elapsed = format_mmss(snap.meeting_elapsed).lstrip("-")
        self.hand_text.value = f"{elapsed} / {total}"
        self.hand_text.semantics_label = cur.hand_label
        dial = cm.dial(snap, lang)
        key = dial_key(dial, cur.level)
        if key != self._dial:  # a new picture: the shapes are rebuilt (and all sent), not every second
            self.canvas.shapes, self._dial = clock_shapes(dial, self.size, self.tab.theme, cur.level), key

    def _draw_times(self, snap: ClockSnapshot, next_meeting_at: datetime | None, now: datetime) -> None:
        t = self.t
        times = cm.next_times(snap, next_meeting_at, now, self.tab.lang)
        self.time_item_end.value = times.item_end
        self.time_item_end.semantics_label = f"{t('chair.t_item_end')} {times.item_end}"
        self.time_meeting_end.value = times.meeting_end
        self.time_meeting_end.semantics_label = f"{t('chair.t_meeting_end')} {times.meeting_end}"
        self.time_meeting_end.color = theme.OVERRUN if times.meeting_late_minutes > 0 else None
        late = times.meeting_late_minutes
        self.time_late.value = t("chair.late", n=late) if late else ""
        self.time_late.visible = bool(late)
        self.time_next_meeting.value = times.next_meeting
        self.time_next_meeting.semantics_label = f"{t('chair.t_next_meeting')} {times.next_meeting}"
