"""The logger's screen (/logger): live transcript, draft queue, typed entry line, confirmed log.

Keyboard first (``page.on_keyboard_event``; keys are left alone while a text field or dropdown has
focus or a dialog is open): Enter confirms the selected draft, E edits, R rejects (with a reason),
1-9 change its kind, ↑/↓ (or J/K) select, N jumps to the entry line, Esc leaves a field or the edit
form. In the edit form Tab cycles the fields and Enter in any field confirms with the edits.

Everything blocking (every ``Room`` call, reading a WAV) runs in a worker thread via ``tab.call``;
redraws happen on the Flet loop from ``TabBridge`` change handlers. Live speech state (10/s) only
touches the caption controls; room changes re-read the room once per burst.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import flet as ft

from assistant.app.room import RoomChange
from assistant.domain.entries import (
    Draft,
    EntryKind,
    LogEntry,
    Priority,
    TaskStatus,
)
from assistant.domain.meeting import Crisis, Meeting
from assistant.storage.repository import TranscriptLine
from assistant.ui import theme
from assistant.ui.export_menu import export_button
from assistant.ui.logger import model
from assistant.ui.logger.common import (
    KIND_COLOURS,
    LOW_COLOUR,
    kind_chip,
    phase_label,
    role_label,
    role_options,
    safe_update,
    seconds_text,
    status_chip,
)
from assistant.ui.logger.player import Player, wav_seconds
from assistant.ui.views import ViewResult
from assistant.ui.widgets.buttons import action_button, icon_action

log = logging.getLogger(__name__)

ROOM_TOPICS = ("crisis", "meeting", "clock", "drafts", "log", "transcript", "settings")

# Built once: Flet value objects are costly to construct, and they can be shared between controls.
_PROMOTE_STYLES = {
    kind: ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=6, vertical=0), color=KIND_COLOURS[kind])
    for kind in model.PROMOTE_KINDS
}
_STATUS_STYLE = ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=8, vertical=0))
_SELECTED_BG = {kind: ft.Colors.with_opacity(0.08, colour) for kind, colour in KIND_COLOURS.items()}
_ENTRY_BG = ft.Colors.with_opacity(0.04, ft.Colors.ON_SURFACE)


@dataclass
class Snapshot:
    """Everything the screen shows from the room, read in one worker-thread call."""

    crisis: Crisis | None = None
    meeting: Meeting | None = None
    phase: str | None = None
    drafts: list[Draft] = field(default_factory=list)
    entries: list[LogEntry] = field(default_factory=list)
    lines: list[TranscriptLine] = field(default_factory=list)
    meetings: list[int] = field(default_factory=list)
    now_local: str = ""  # "YYYY-MM-DDTHH:MM" in the crisis's zone
    next_meeting: datetime | None = None
    audio: dict[str, float | None] = field(default_factory=dict)  # audio_ref -> seconds (None: missing)

    @property
    def crisis_id(self) -> str | None:
        return self.crisis.crisis_id if self.crisis else None

    def by_number(self) -> dict[str, LogEntry]:
        return {e.number: e for e in self.entries}

    def overdue(self, entry: LogEntry) -> bool:
        deadline = entry.content.deadline
        closed = entry.status is not None and entry.status.is_closed
        return bool(deadline and entry.kind.is_task and not closed and deadline[:16] < self.now_local)


def read_snapshot(room: Any, listening: Any, lang: str) -> Snapshot:
    """Blocking: runs in a worker thread."""
    crisis_id = room.active_crisis_id()
    if crisis_id is None:
        return Snapshot()
    crisis = room.crisis(crisis_id)
    lines = room.transcript(crisis_id, limit=200)
    drafts = room.drafts(crisis_id)
    snap = Snapshot(
        crisis=crisis,
        meeting=room.current_meeting(crisis_id),
        phase=room.current_phase(crisis_id),
        drafts=drafts,
        entries=room.entries(crisis_id),
        lines=lines,
        meetings=[m.number for m in room.meetings(crisis_id)],
        now_local=room.now(crisis).strftime("%Y-%m-%dT%H:%M"),
        next_meeting=room.next_meeting_at(crisis_id),
    )
    refs = {d.origin.audio_ref for d in drafts if d.origin.audio_ref}
    refs |= {ln.audio_ref for ln in lines[-50:] if ln.audio_ref}
    for ref in refs:
        path = listening.audio_path(ref) if listening is not None else None
        snap.audio[ref] = wav_seconds(path) if path is not None else None
    return snap


class LoggerScreen:
    def __init__(self, tab: Any) -> None:
        self.tab = tab
        self.page = tab.page
        self.room = tab.room
        self.ctx = tab.ctx
        self.listening = tab.ctx.extras.get("listening")
        self.lang = tab.lang
        self.by = tab.role or "logger"
        self.snap = Snapshot()
        self.selected: str | None = None
        self.editing: str | None = None
        self.filter = model.LogFilter()
        self._focused: set[int] = set()
        self._dialog_open = False
        self._loading = False
        self._dirty = False
        self._disposed = False
        self._forms: dict[str, DraftForm] = {}
        self._player = Player(self._on_player_duration)
        self._played: dict[str, float] = {}  # audio_ref -> seconds the browser decoded
        self._live_version = -1
        self._unsubscribers: list[Any] = []
        self._line_cache: dict[Any, Any] = {}
        self._draft_cache: dict[Any, Any] = {}
        self._entry_cache: dict[Any, Any] = {}
        self._build_controls()

    # --- helpers ------------------------------------------------------------------------------------

    def t(self, key: str, **params: Any) -> str:
        return self.tab.t(key, **params)

    def _track_focus(self, control: Any) -> Any:
        """Remember which fields have focus, so shortcuts never steal a typed letter."""
        ident = id(control)

        def focus(_e: Any) -> None:
            self._focused.add(ident)

        def blur(_e: Any) -> None:
            self._focused.discard(ident)

        control.on_focus = focus
        control.on_blur = blur
        return control

    def _forget_focus(self, controls: list[Any]) -> None:
        for control in controls:
            self._focused.discard(id(control))

    @property
    def crisis_id(self) -> str | None:
        return self.snap.crisis_id

    def _act(self, fn: Any) -> Any:
        """Handler for a button: after it ran, the keyboard focus goes back to the screen itself.

        Flutter keeps the focus on a clicked button, and Enter or Space then activate that button
        again: a logger confirming with Enter would also stop listening, replay or reopen a dialog.
        """

        async def run(*args: Any, **kwargs: Any) -> None:
            result = fn(*args, **kwargs)
            if inspect.isawaitable(result):
                await result
            await self.park_focus()

        return self.tab.handler(run)

    async def park_focus(self) -> None:
        if self._disposed or self._dialog_open or self.editing is not None:
            return
        self._focused.clear()
        with contextlib.suppress(Exception):
            await self.key_sink.focus()

    # --- layout ---------------------------------------------------------------------------------------

    def _build_controls(self) -> None:
        muted = theme.muted(self.tab.theme)
        # caption strip and listening controls
        self.listen_button: Any = action_button(
            self.t("logger.listen_start"), self._act(self._toggle_listening), icon=ft.Icons.MIC, kind="filled"
        )
        self.level_bar = ft.ProgressBar(
            value=0.0, width=140, bar_height=10, border_radius=5, semantics_label=self.t("logger.level")
        )
        self.listen_status = ft.Text("", size=14, color=muted)
        self.speech_settings = icon_action(
            ft.Icons.TUNE, self.t("logger.speech_settings"), self._act(self._open_speech_settings)
        )
        self.meeting_text = ft.Text("", size=16, weight=ft.FontWeight.W_600)
        self.banner_text = ft.Text("", size=15, color=ft.Colors.BLACK, expand=True)
        self.banner = ft.Container(
            ft.Row(
                [
                    ft.Icon(ft.Icons.MIC_OFF, color=ft.Colors.BLACK),
                    self.banner_text,
                    action_button(
                        self.t("logger.listen_retry"),
                        self._act(self._retry_listening),
                        kind="filled",
                        bgcolor="#37474F",
                        color=ft.Colors.WHITE,
                    ),
                ],
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            ),
            bgcolor=theme.WARNING,
            border_radius=8,
            padding=ft.Padding.symmetric(horizontal=12, vertical=6),
            visible=False,
        )
        header = ft.Row(
            [
                ft.Row(  # wraps on a narrow (portrait) screen; the meeting and phase keep their place
                    [self.listen_button, self.level_bar, self.listen_status, self.speech_settings],
                    vertical_alignment=ft.CrossAxisAlignment.CENTER,
                    spacing=12,
                    wrap=True,
                    expand=True,
                ),
                self.meeting_text,
            ],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
            spacing=12,
        )

        # transcript column
        self.transcript_list = ft.ListView(expand=True, spacing=4, auto_scroll=True)
        self.partial_text = ft.Text("", size=15, italic=True, color=muted)
        transcript_col = self._column(
            self.t("logger.transcript"),
            [
                self.transcript_list,
                ft.Container(self.partial_text, padding=ft.Padding.only(top=4)),
            ],
        )

        # drafts column
        self.entry_field = self._track_focus(
            ft.TextField(
                label=self.t("logger.type_label"),
                hint_text=self.t("logger.type_here"),
                dense=True,
                on_submit=self.tab.handler(self._submit_typed),
                text_size=15,
            )
        )
        self.drafts_title = ft.Text(self.t("logger.drafts", n=0), size=18, weight=ft.FontWeight.BOLD)
        self.drafts_list = ft.ListView(expand=True, spacing=8)
        keys = ft.Column(
            [
                ft.Text(self.t("logger.keys"), size=12, color=muted),
                ft.Text(self.t("logger.kind_keys"), size=12, color=muted),
            ],
            spacing=0,
        )
        drafts_col = ft.Container(
            ft.Column(
                [
                    self.drafts_title,
                    self.entry_field,
                    keys,
                    self.drafts_list,
                ],
                spacing=8,
                expand=True,
            ),
            expand=4,
            padding=8,
            bgcolor=theme.surface(self.tab.theme),
            border_radius=12,
        )

        # log column
        self.view_buttons = ft.Row(spacing=6, wrap=True)
        self.filter_row = ft.Row(spacing=6, wrap=True, run_spacing=6)
        self.search_field = self._track_focus(
            ft.TextField(
                label=self.t("logger.search"),
                dense=True,
                prefix_icon=ft.Icons.SEARCH,
                text_size=14,
                on_change=self.tab.handler(self._search_changed),
                on_submit=self.tab.handler(self._search_changed),
            )
        )
        self.log_list = ft.ListView(expand=True, spacing=6)
        log_col = self._column(
            self.t("logger.log"),
            [
                self.view_buttons,
                self.filter_row,
                self.search_field,
                self.log_list,
            ],
            expand=4,
        )

        self.body = ft.Row(
            [transcript_col, drafts_col, log_col],
            expand=True,
            spacing=10,
            vertical_alignment=ft.CrossAxisAlignment.STRETCH,
        )
        self.no_crisis = ft.Container(
            ft.Column(
                [
                    ft.Icon(ft.Icons.INFO_OUTLINE, size=48),
                    ft.Text(self.t("logger.no_crisis"), size=22, weight=ft.FontWeight.BOLD),
                    ft.Text(self.t("logger.no_crisis_hint"), size=16),
                    action_button(
                        self.t("logger.to_start"),
                        self.tab.handler(lambda e: self.tab.go("/start")),
                        kind="filled",
                    ),
                ],
                horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                spacing=12,
            ),
            padding=40,
            visible=False,
            alignment=ft.Alignment.TOP_CENTER,
        )
        column = ft.Column([header, self.banner, self.no_crisis, self.body], expand=True, spacing=8)
        # holds the keyboard focus between actions (see _act); keys are handled by page.on_keyboard_event
        self.key_sink = ft.KeyboardListener(content=column, autofocus=True, include_semantics=False)
        self.root = ft.Container(self.key_sink, expand=True)

    def _column(self, title: str, controls: list[ft.Control], expand: int = 3) -> ft.Container:
        return ft.Container(
            ft.Column(
                [ft.Text(title, size=18, weight=ft.FontWeight.BOLD), *controls], spacing=8, expand=True
            ),
            expand=expand,
            padding=8,
            bgcolor=theme.surface(self.tab.theme),
            border_radius=12,
        )

    # --- lifecycle ---------------------------------------------------------------------------------

    async def build(self) -> ViewResult:
        bridge = self.tab.bridge
        self._unsubscribers.append(bridge.on_change(self._on_room_changes, ROOM_TOPICS))
        self._unsubscribers.append(bridge.on_change(self._on_live, ("live",)))
        self.page.on_keyboard_event = self._on_key
        await self.reload(update=False)
        self._render_live(force=True, update=False)
        actions = [
            action_button(
                self.t("logger.devices"),
                self.tab.handler(lambda e: self.tab.go("/apparaten")),
                icon=ft.Icons.QR_CODE,
                kind="text",
            ),
            export_button(self.tab),
        ]
        return ViewResult(
            self.root, title=self.t("logger.title"), actions=actions, on_dispose=self.dispose, scroll=False
        )

    def dispose(self) -> None:
        self._disposed = True
        if getattr(self.page, "on_keyboard_event", None) == self._on_key:
            self.page.on_keyboard_event = None
        for unsubscribe in self._unsubscribers:
            with contextlib.suppress(Exception):
                unsubscribe()
        self._player.close()

    async def _on_room_changes(self, changes: list[RoomChange]) -> None:
        await self.reload()

    async def reload(self, update: bool = True) -> None:
        """Re-read the room (in a thread) and redraw; bursts while reading cause one more read."""
        if self._loading:
            self._dirty = True
            return
        self._loading = True
        try:
            while True:
                self._dirty = False
                try:
                    snap = await asyncio.to_thread(read_snapshot, self.room, self.listening, self.lang)
                except Exception as exc:  # noqa: BLE001 - storage trouble: say so, keep what is shown
                    log.exception("logger reload failed")
                    self.tab.toast(self.tab.error_text(exc), error=True)
                    return
                if self._disposed:
                    return
                self.snap = snap
                started = time.perf_counter()
                self._render(update=update)
                log.debug("logger render %.1f ms", (time.perf_counter() - started) * 1000)
                if not self._dirty:
                    return
        finally:
            self._loading = False

    # --- rendering ---------------------------------------------------------------------------------

    def _render(self, update: bool = True) -> None:
        snap = self.snap
        has_crisis = snap.crisis is not None
        self.no_crisis.visible = not has_crisis
        self.body.visible = has_crisis
        if snap.meeting is not None and snap.meeting.started_at and not snap.meeting.ended_at:
            phase = phase_label(snap.phase, self.lang)
            self.meeting_text.value = self.t("logger.meeting", n=snap.meeting.number) + (
                f" · {phase}" if phase else ""
            )
        else:
            self.meeting_text.value = self.t("logger.no_meeting")
        ids = [d.draft_id for d in snap.drafts]
        if self.selected not in ids:
            self.selected = ids[0] if ids else None
        if self.editing not in ids:
            self._close_form(self.editing)
        self._trim_caches()
        self._render_transcript()
        self._render_drafts()
        self._render_log()
        if update:
            safe_update(self.root)

    # transcript ------------------------------------------------------------------------------------

    def _render_transcript(self) -> None:
        lines = self.snap.lines
        if not lines:
            self.transcript_list.controls = [
                ft.Text(self.t("logger.transcript_empty"), size=14, color=theme.muted(self.tab.theme))
            ]
            return
        self.transcript_list.controls = [
            self._cached(self._line_cache, self._line_key(line), self._line_row, line)
            for line in lines[-200:]
        ]

    def _line_key(self, line: TranscriptLine) -> tuple[Any, ...]:
        return (
            line.line_id,
            line.draft_ids,
            line.text,
            bool(line.audio_ref and self.snap.audio.get(line.audio_ref)),
            self.lang,
            self.tab.theme,
        )

    @staticmethod
    def _cached(cache: dict[Any, Any], key: Any, build: Any, item: Any) -> Any:
        """Reuse the control of an unchanged item: building Flet controls is the costly part of a redraw,
        and an identical object costs nothing to diff."""
        control = cache.get(key)
        if control is None:
            control = build(item)
            cache[key] = control
        return control

    def _trim_caches(self) -> None:
        for cache in (self._line_cache, self._draft_cache, self._entry_cache):
            if len(cache) > 600:
                cache.clear()

    def _line_row(self, line: TranscriptLine) -> ft.Control:
        muted = theme.muted(self.tab.theme)
        spans = model.confidence_spans(line.text, line.words)
        text = ft.Text(
            spans=[
                ft.TextSpan(
                    piece,
                    style=ft.TextStyle(
                        color=LOW_COLOUR if low else None,
                        decoration=ft.TextDecoration.UNDERLINE if low else None,
                    ),
                )
                for piece, low in spans
            ],
            size=15,
        )
        meta: list[ft.Control] = [
            ft.Text(model.clock_time(line.spoken_at), size=13, color=muted, weight=ft.FontWeight.W_600)
        ]
        if line.phase:
            meta.append(ft.Text(phase_label(line.phase, self.lang), size=12, color=muted))
        if line.source == "typed":
            meta.append(ft.Icon(ft.Icons.KEYBOARD, size=14, color=muted))
        if line.draft_ids:
            meta.append(ft.Text(self.t("logger.line_draft"), size=12, color=theme.OK))
        promote: list[ft.Control] = []
        short = line.text if len(line.text) <= 40 else line.text[:40] + "…"
        for kind in model.PROMOTE_KINDS:
            word = self.t(f"logger.promote.{kind.value}")
            promote.append(
                ft.TextButton(
                    content=ft.Text(
                        word, size=13, semantics_label=self.t("logger.promote_label", kind=word, text=short)
                    ),
                    on_click=self._act(functools.partial(self._promote, line.line_id, kind)),
                    style=_PROMOTE_STYLES[kind],
                    height=32,
                )
            )
        if line.audio_ref and self.snap.audio.get(line.audio_ref):
            promote.append(
                icon_action(
                    ft.Icons.PLAY_ARROW,
                    self.t("logger.play") + f" {short}",
                    self._act(functools.partial(self._play, line.audio_ref)),
                    size=18,
                )
            )
        return ft.Container(
            ft.Column(
                [
                    ft.Row(meta, spacing=8, wrap=True, vertical_alignment=ft.CrossAxisAlignment.CENTER),
                    text,
                    ft.Row(
                        [
                            ft.Text(self.t("logger.promote", kind="").strip() + ":", size=12, color=muted),
                            *promote,
                        ],
                        spacing=0,
                        wrap=True,
                        vertical_alignment=ft.CrossAxisAlignment.CENTER,
                    ),
                ],
                spacing=2,
            ),
            padding=ft.Padding.symmetric(horizontal=6, vertical=4),
            border_radius=8,
            border=ft.Border.only(
                left=ft.BorderSide(3, theme.OK if line.draft_ids else ft.Colors.TRANSPARENT)
            ),
        )

    # drafts ------------------------------------------------------------------------------------------

    def _render_drafts(self) -> None:
        drafts = self.snap.drafts
        self.drafts_title.value = self.t("logger.drafts", n=len(drafts))
        if not drafts:
            self.drafts_list.controls = [
                ft.Text(self.t("logger.drafts_empty"), size=14, color=theme.muted(self.tab.theme))
            ]
            return
        self.drafts_list.controls = [
            self._draft_card(d)
            if d.draft_id == self.editing
            else self._cached(self._draft_cache, self._draft_key(d), self._draft_card, d)
            for d in drafts
        ]

    def _draft_key(self, draft: Draft) -> tuple[Any, ...]:
        ref = draft.origin.audio_ref
        target = None
        if draft.content.kind is EntryKind.STATUS and draft.content.ref:
            found = self.snap.by_number().get(draft.content.ref.upper())
            target = (found.entry_id, found.version) if found else None
        return (
            draft.draft_id,
            draft.content,
            tuple(sorted(draft.field_confidence.items())),
            draft.origin,
            draft.draft_id == self.selected,
            self.snap.audio.get(ref) if ref else None,
            self._played.get(ref) if ref else None,
            target,
            self._roster_key(),
            self.snap.now_local[:10],
            self.lang,
            self.tab.theme,
        )

    def _roster_key(self) -> Any:
        return self.snap.crisis.roster if self.snap.crisis else None

    def _draft_card(self, draft: Draft) -> ft.Control:
        muted = theme.muted(self.tab.theme)
        content = draft.content
        selected = draft.draft_id == self.selected
        conf = draft.field_confidence
        head: list[ft.Control] = [
            kind_chip(content.kind, self.lang),
            ft.Text(f"[{model.KEY_OF_KIND.get(content.kind, '')}]", size=12, color=muted),
            ft.Text(model.clock_time(draft.created_at), size=13, color=muted),
            ft.Icon(
                ft.Icons.MIC if draft.origin.source == "speech" else ft.Icons.KEYBOARD, size=16, color=muted
            ),
        ]
        if conf.get("kind", 1.0) < model.LOW_CONFIDENCE:
            head.append(ft.Text(self.t("logger.check"), size=12, color=LOW_COLOUR))
        parts: list[ft.Control] = [ft.Row(head, spacing=8, vertical_alignment=ft.CrossAxisAlignment.CENTER)]
        if self.editing == draft.draft_id:
            parts.append(self._form_for(draft).root)
        else:
            parts.append(ft.Text(content.text, size=17, weight=ft.FontWeight.W_500))
            parts.extend(self._draft_fields(draft))
        if content.kind is EntryKind.STATUS:
            parts.append(self._status_link(draft))
        if draft.origin.transcript and draft.origin.transcript.strip() != content.text.strip():
            spans = model.confidence_spans(draft.origin.transcript, (), draft.origin.low_confidence_words)
            parts.append(
                ft.Text(
                    spans=[
                        ft.TextSpan(
                            self.t("logger.heard", text="").split("“")[0], style=ft.TextStyle(color=muted)
                        ),
                        ft.TextSpan("“", style=ft.TextStyle(color=muted)),
                        *[
                            ft.TextSpan(
                                piece,
                                style=ft.TextStyle(
                                    color=LOW_COLOUR if low else muted,
                                    decoration=ft.TextDecoration.UNDERLINE if low else None,
                                ),
                            )
                            for piece, low in spans
                        ],
                        ft.TextSpan("”", style=ft.TextStyle(color=muted)),
                    ],
                    size=13,
                    italic=True,
                )
            )
        buttons: list[ft.Control] = []
        if self.editing != draft.draft_id:
            buttons = [
                action_button(
                    self.t("logger.confirm"),
                    self._act(functools.partial(self._confirm, draft.draft_id)),
                    icon=ft.Icons.CHECK,
                    kind="filled",
                    height=40,
                ),
                action_button(
                    self.t("logger.edit"),
                    self.tab.handler(functools.partial(self._edit, draft.draft_id)),
                    icon=ft.Icons.EDIT,
                    height=40,
                ),
                action_button(
                    self.t("logger.reject"),
                    self._act(functools.partial(self._reject, draft.draft_id)),
                    icon=ft.Icons.CLOSE,
                    kind="outlined",
                    height=40,
                ),
            ]
        ref = draft.origin.audio_ref
        if ref:
            seconds = self.snap.audio.get(ref)
            if seconds:
                buttons.append(
                    action_button(
                        self.t("logger.play"),
                        self._act(functools.partial(self._play, ref)),
                        icon=ft.Icons.PLAY_ARROW,
                        kind="text",
                        height=40,
                    )
                )
                played = self._played.get(ref)
                label = (
                    self.t("logger.playing", seconds=seconds_text(played, self.lang))
                    if played is not None
                    else self.t("logger.recording", seconds=seconds_text(seconds, self.lang))
                )
                buttons.append(ft.Text(label, size=12, color=muted))
            else:
                buttons.append(ft.Text(self.t("logger.no_recording"), size=12, color=muted))
        if buttons:
            parts.append(
                ft.Row(buttons, spacing=6, wrap=True, vertical_alignment=ft.CrossAxisAlignment.CENTER)
            )
        border_colour = KIND_COLOURS.get(content.kind, theme.NORMAL) if selected else ft.Colors.TRANSPARENT
        return ft.Container(
            ft.Column(parts, spacing=6),
            padding=10,
            border_radius=10,
            border=ft.Border.all(
                3 if selected else 1, border_colour if selected else theme.muted(self.tab.theme)
            ),
            on_click=self._act(functools.partial(self._select, draft.draft_id)),
            bgcolor=_SELECTED_BG.get(content.kind) if selected else None,
        )

    def _draft_fields(self, draft: Draft) -> list[ft.Control]:
        content, conf = draft.content, draft.field_confidence
        muted = theme.muted(self.tab.theme)
        roster = self.snap.crisis.roster if self.snap.crisis else None
        today = self.snap.now_local[:10]

        def field_text(label: str, value: str, key: str) -> ft.Control:
            low = conf.get(key, 1.0) < model.LOW_CONFIDENCE and bool(value)
            return ft.Text(
                spans=[
                    ft.TextSpan(f"{label}: ", style=ft.TextStyle(color=muted, size=13)),
                    ft.TextSpan(
                        value or self.t("logger.none"),
                        style=ft.TextStyle(
                            size=14,
                            weight=ft.FontWeight.W_600,
                            color=LOW_COLOUR if low else None,
                            decoration=ft.TextDecoration.UNDERLINE if low else None,
                        ),
                    ),
                ]
            )

        row: list[ft.Control] = []
        if content.kind.is_task or content.owner:
            row.append(
                field_text(self.t("logger.owner"), role_label(roster, content.owner, self.lang), "owner")
            )
        if content.kind.is_task or content.deadline or content.deadline_kind:
            row.append(
                field_text(
                    self.t("logger.deadline"), model.deadline_label(content, self.lang, today), "deadline"
                )
            )
        if content.priority or content.kind.is_task:
            row.append(
                field_text(
                    self.t("logger.priority"),
                    content.priority.label(self.lang) if content.priority else "",
                    "priority",
                )
            )
        if content.kind is EntryKind.INFO and (content.reliability or content.info_source):
            bits = [content.reliability.label(self.lang)] if content.reliability else []
            if content.info_source:
                bits.append(content.info_source)
            row.append(field_text(self.t("logger.reliability"), ", ".join(bits), "reliability"))
        out: list[ft.Control] = [ft.Row(row, spacing=14, wrap=True)] if row else []
        if content.reason:
            out.append(field_text(self.t("logger.reason"), content.reason, "reason"))
        return out

    def _status_link(self, draft: Draft) -> ft.Control:
        ref = (draft.content.ref or "").upper()
        status = draft.content.new_status.label(self.lang) if draft.content.new_status else "?"
        target = self.snap.by_number().get(ref) if ref else None
        if not ref:
            text, colour = self.t("logger.status_link_none"), LOW_COLOUR
        elif target is None:
            text, colour = self.t("logger.status_link_missing", ref=ref), theme.OVERRUN
        else:
            short = target.content.text if len(target.content.text) <= 50 else target.content.text[:50] + "…"
            text, colour = self.t("logger.status_link", ref=ref, text=short, status=status), theme.OK
        return ft.Container(
            ft.Text(text, size=14, weight=ft.FontWeight.W_600, color=colour),
            padding=ft.Padding.symmetric(horizontal=6, vertical=2),
        )

    # the edit form --------------------------------------------------------------------------------

    def _form_for(self, draft: Draft) -> DraftForm:
        form = self._forms.get(draft.draft_id)
        if form is None:
            form = DraftForm(self, draft)
            self._forms[draft.draft_id] = form
        return form

    def _close_form(self, draft_id: str | None) -> None:
        if draft_id is None:
            return
        form = self._forms.pop(draft_id, None)
        if form is not None:
            self._forget_focus(form.fields)
        if self.editing == draft_id:
            self.editing = None

    # log ---------------------------------------------------------------------------------------------

    def _render_log(self) -> None:
        self._render_view_buttons()
        self._render_filters()
        entries = self.filter.apply(self.snap.entries)
        if not self.snap.entries:
            self.log_list.controls = [
                ft.Text(self.t("logger.log_empty"), size=14, color=theme.muted(self.tab.theme))
            ]
        elif not entries:
            self.log_list.controls = [
                ft.Text(self.t("logger.log_none_match"), size=14, color=theme.muted(self.tab.theme))
            ]
        else:
            self.log_list.controls = [
                self._cached(self._entry_cache, self._entry_key(e), self._entry_card, e) for e in entries
            ]

    def _entry_key(self, entry: LogEntry) -> tuple[Any, ...]:
        return (
            entry.entry_id,
            entry.version,
            entry.status,
            self.snap.overdue(entry),
            self._roster_key(),
            self.snap.now_local[:10],
            self.lang,
            self.tab.theme,
        )

    def _render_view_buttons(self) -> None:
        if self.view_buttons.data == self.filter.view:
            return  # unchanged: keep the controls (nothing to send)
        self.view_buttons.data = self.filter.view
        buttons = []
        for view in model.VIEWS:
            chosen = self.filter.view == view
            buttons.append(
                action_button(
                    self.t(f"logger.view.{view}"),
                    self._act(functools.partial(self._set_view, view)),
                    kind="filled" if chosen else "outlined",
                    height=40,
                    text_size=14,
                )
            )
        self.view_buttons.controls = buttons

    def _render_filters(self) -> None:
        if self.filter_row.controls:
            return  # built once; the option lists are refreshed below
        all_text = self.t("logger.filter_all")
        self.f_meeting = self._dropdown(
            self.t("logger.filter_meeting"), [("", all_text)], "", self._filter_changed, width=120
        )
        self.f_kind = self._dropdown(
            self.t("logger.filter_kind"),
            [("", all_text)] + [(k.value, k.label(self.lang)) for k in EntryKind],
            "",
            self._filter_changed,
            width=170,
        )
        self.f_owner = self._dropdown(
            self.t("logger.filter_owner"), [("", all_text)], "", self._filter_changed, width=170
        )
        self.f_status = self._dropdown(
            self.t("logger.filter_status"),
            [("", all_text), ("open_all", self.t("logger.filter_open"))]
            + [(s.value, s.label(self.lang)) for s in TaskStatus],
            "",
            self._filter_changed,
            width=150,
        )
        self.filter_row.controls = [self.f_meeting, self.f_kind, self.f_owner, self.f_status]
        self._refresh_filter_options()

    def _refresh_filter_options(self) -> None:
        all_text = self.t("logger.filter_all")
        self.f_meeting.options = [ft.DropdownOption(key="", text=all_text)] + [
            ft.DropdownOption(key=str(n), text=str(n)) for n in self.snap.meetings
        ]
        roster = self.snap.crisis.roster if self.snap.crisis else None
        self.f_owner.options = [ft.DropdownOption(key="", text=all_text)] + [
            ft.DropdownOption(key=rid, text=label) for rid, label in role_options(roster, self.lang)
        ]

    def _dropdown(
        self, label: str, options: list[tuple[str, str]], value: str, on_select: Any, width: int | None = None
    ) -> ft.Dropdown:
        dropdown = ft.Dropdown(
            label=label,
            options=[ft.DropdownOption(key=k, text=v) for k, v in options],
            value=value,
            editable=True,
            enable_filter=True,
            dense=True,
            width=width,
            text_size=14,
            on_select=self.tab.handler(on_select),
        )
        return self._track_focus(dropdown)

    def _entry_card(self, entry: LogEntry) -> ft.Control:
        muted = theme.muted(self.tab.theme)
        content = entry.content
        roster = self.snap.crisis.roster if self.snap.crisis else None
        overdue = self.snap.overdue(entry)
        head: list[ft.Control] = [
            kind_chip(entry.kind, self.lang, number=entry.number),
            ft.Text(model.clock_time(entry.recorded_at), size=13, color=muted),
        ]
        if entry.meeting_number:
            head.append(ft.Text(self.t("logger.meeting", n=entry.meeting_number), size=12, color=muted))
        if entry.version > 1:
            head.append(ft.Text(self.t("logger.version", n=entry.version), size=12, color=theme.WARNING))
        if entry.origin.source == "speech":
            head.append(ft.Icon(ft.Icons.MIC, size=14, color=muted))
        if entry.status is not None:
            head.append(
                status_chip(entry.status, self.lang, overdue=overdue, overdue_text=self.t("logger.overdue"))
            )
        details = []
        if content.owner:
            details.append(role_label(roster, content.owner, self.lang))
        deadline = model.deadline_label(content, self.lang, self.snap.now_local[:10])
        if deadline:
            details.append(deadline)
        if content.priority:
            details.append(f"{self.t('logger.priority').lower()} {content.priority.label(self.lang)}")
        if content.ref and entry.kind is not EntryKind.STATUS:
            details.append(f"({content.ref})")
        parts: list[ft.Control] = [
            ft.Row(head, spacing=8, wrap=True, vertical_alignment=ft.CrossAxisAlignment.CENTER),
            ft.Text(content.text, size=15),
        ]
        if content.reason:
            parts.append(ft.Text(f"{self.t('logger.reason')}: {content.reason}", size=13, color=muted))
        if details:
            parts.append(ft.Text(" · ".join(details), size=13, color=theme.OVERRUN if overdue else muted))
        actions: list[ft.Control] = []
        if entry.kind.is_task:
            for status in (TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.CANCELLED):
                if status == entry.status:
                    continue
                label = status.label(self.lang)
                actions.append(
                    ft.TextButton(
                        content=ft.Text(label, size=13, semantics_label=f"{entry.number} {label}"),
                        on_click=self._act(functools.partial(self._set_status, entry.entry_id, status)),
                        height=36,
                        style=_STATUS_STYLE,
                    )
                )
        if entry.kind not in (EntryKind.PROCESS, EntryKind.STATUS):
            actions.append(
                icon_action(
                    ft.Icons.EDIT,
                    f"{self.t('logger.edit')} {entry.number}",
                    self._act(functools.partial(self._edit_entry, entry.entry_id)),
                    size=20,
                )
            )
        actions.append(
            icon_action(
                ft.Icons.HISTORY,
                f"{self.t('logger.history')} {entry.number}",
                self._act(functools.partial(self._show_history, entry.entry_id)),
                size=20,
            )
        )
        parts.append(ft.Row(actions, spacing=0, wrap=True, vertical_alignment=ft.CrossAxisAlignment.CENTER))
        return ft.Container(
            ft.Column(parts, spacing=4),
            padding=8,
            border_radius=8,
            border=ft.Border.only(left=ft.BorderSide(4, KIND_COLOURS.get(entry.kind, theme.NORMAL))),
            bgcolor=_ENTRY_BG,
        )

    # live speech ---------------------------------------------------------------------------------------

    async def _on_live(self, changes: list[RoomChange]) -> None:
        self._render_live()

    def _render_live(self, force: bool = False, update: bool = True) -> None:
        listening = self.listening
        if listening is None:
            self.listen_button.disabled = True
            self.listen_status.value = self.t("logger.speech_unavailable")
            self.speech_settings.visible = False
            if update:
                safe_update(self.listen_button, self.listen_status, self.speech_settings)
            return
        state = listening.state()
        if state.version == self._live_version and not force:
            return
        self._live_version = state.version
        label = (
            self.t("logger.listen_stop")
            if state.listening or state.status == "starting"
            else self.t("logger.listen_start")
        )
        self.listen_button.content = label
        self.listen_button.icon = ft.Icons.MIC_OFF if state.listening else ft.Icons.MIC
        self.listen_button.disabled = state.status == "stopping"
        self.level_bar.value = state.level
        self.level_bar.color = theme.OK if state.level < 0.85 else theme.OVERRUN
        if state.model_status == "loading":
            pct = f"{int((state.model_progress or 0) * 100)} %"
            model_text = self.t("logger.model_loading", pct=pct)
        elif state.model_status == "ready":
            model_text = self.t("logger.model", name=state.model_name)
        else:
            model_text = self.t("logger.model_none")
        status = self.t("logger.listening") if state.listening else self.t("logger.not_listening")
        if state.listening and state.device:
            status += f" ({state.device})"
        self.listen_status.value = f"{status} · {model_text}"
        self.partial_text.value = self.t("logger.partial", text=state.partial) if state.partial else ""
        message = state.error_text(self.lang)
        self.banner.visible = bool(state.error_code)
        self.banner_text.value = f"{message} {self.t('logger.typing_ok')}" if message else ""
        if update:
            safe_update(
                self.listen_button, self.level_bar, self.listen_status, self.partial_text, self.banner
            )

    async def _toggle_listening(self, _e: Any = None) -> None:
        if self.listening is None:
            return
        await asyncio.to_thread(self.listening.toggle, self.crisis_id)

    async def _retry_listening(self, _e: Any = None) -> None:
        if self.listening is None:
            return
        await asyncio.to_thread(self.listening.start, self.crisis_id)

    async def _open_speech_settings(self, _e: Any = None) -> None:
        if self.listening is None:
            return
        await SpeechSettings(self).open()

    # --- keyboard -----------------------------------------------------------------------------------

    async def _on_key(self, e: ft.KeyboardEvent) -> None:
        if self._disposed or self.snap.crisis is None:
            return
        command = model.key_action(
            e.key,
            ctrl=bool(getattr(e, "ctrl", False)),
            alt=bool(getattr(e, "alt", False)),
            meta=bool(getattr(e, "meta", False)),
            text_focused=bool(self._focused),
            editing=self.editing is not None,
            dialog_open=self._dialog_open,
        )
        if command is None:
            return
        try:
            await self._command(command)
        except Exception as exc:  # noqa: BLE001 - keyboard handlers must never break the tab
            from assistant.ui.app import ActionFailed

            if not isinstance(exc, ActionFailed):
                log.exception("key command %s failed", command)
                self.tab.toast(self.tab.error_text(exc), error=True)

    async def _command(self, command: str) -> None:
        ids = [d.draft_id for d in self.snap.drafts]
        if command == "cancel":
            if self.editing is not None:
                self._close_form(self.editing)
                self._render_drafts()
                safe_update(self.drafts_list)
            self._focused.clear()
            await self.park_focus()
            return
        if command == "type":
            await self.entry_field.focus()
            return
        if command in ("next", "prev"):
            self.selected = model.move_selection(ids, self.selected, 1 if command == "next" else -1)
            self._render_drafts()
            safe_update(self.drafts_list)
            return
        if self.selected is None:
            return
        if command == "confirm":
            await self._confirm(self.selected)
        elif command == "edit":
            await self._edit(self.selected)
        elif command == "reject":
            await self._reject(self.selected)
        elif command.startswith("kind:"):
            await self._set_kind(self.selected, EntryKind(command.split(":", 1)[1]))

    # --- actions --------------------------------------------------------------------------------------

    async def _select(self, draft_id: str, _e: Any = None) -> None:
        if self.selected == draft_id:
            return
        self.selected = draft_id
        self._render_drafts()
        safe_update(self.drafts_list)

    async def _submit_typed(self, e: Any = None) -> None:
        # the submit event carries the text: the field's own value may not have arrived yet
        text = (_submitted(e) or self.entry_field.value or "").strip()
        if not text or self.crisis_id is None:
            return
        # clear at once, so the next line can be typed while this one is parsed and stored
        self.entry_field.value = ""
        safe_update(self.entry_field)
        try:
            drafts = await self.tab.call(self.room.add_typed, self.crisis_id, text, self.lang)
        except Exception:
            if not self.entry_field.value:  # nothing lost: the line comes back to be retried
                self.entry_field.value = text
                safe_update(self.entry_field)
            raise
        if drafts and self.selected is None:
            self.selected = drafts[0].draft_id
        # (the field keeps the focus after Enter: the next line can be typed at once)

    async def _promote(self, line_id: str, kind: EntryKind, _e: Any = None) -> None:
        if self.crisis_id is None:
            return
        draft = await self.tab.call(self.room.promote_line, self.crisis_id, line_id, kind)
        self.selected = draft.draft_id

    async def _confirm(self, draft_id: str, _e: Any = None, **edits: Any) -> None:
        if self.crisis_id is None:
            return
        ids = [d.draft_id for d in self.snap.drafts]
        entry = await self.tab.call(self.room.confirm_draft, self.crisis_id, draft_id, self.by, **edits)
        self._close_form(draft_id)
        remaining = [i for i in ids if i != draft_id]
        self.selected = model.after_removal(ids, draft_id, remaining)
        self.tab.toast(self.t("logger.confirmed_as", number=entry.number), seconds=2.5)

    async def _set_kind(self, draft_id: str, kind: EntryKind) -> None:
        if self.crisis_id is None:
            return
        draft = next((d for d in self.snap.drafts if d.draft_id == draft_id), None)
        if draft is None or draft.content.kind is kind:
            return
        changes: dict[str, Any] = {"kind": kind.value}
        if kind is not EntryKind.STATUS:
            changes["new_status"] = None
        await self.tab.call(self.room.edit_draft, self.crisis_id, draft_id, **changes)

    async def _edit(self, draft_id: str, _e: Any = None) -> None:
        if self.editing and self.editing != draft_id:
            self._close_form(self.editing)
        self.selected = draft_id
        self.editing = draft_id
        self._render_drafts()
        safe_update(self.drafts_list)
        form = self._forms.get(draft_id)
        if form is not None:
            await form.focus_first()

    async def _reject(self, draft_id: str, _e: Any = None) -> None:
        await RejectDialog(self, draft_id).open()

    async def _play(self, audio_ref: str, _e: Any = None) -> None:
        path = self.listening.audio_path(audio_ref) if self.listening is not None else None
        if path is None:
            self.tab.toast(self.t("logger.no_recording"), error=True)
            return
        await self._player.play(audio_ref, path)

    def _on_player_duration(self, audio_ref: str, seconds: float) -> None:
        self._played[audio_ref] = seconds
        if not self._disposed:
            self._render_drafts()
            safe_update(self.drafts_list)

    async def _set_view(self, view: str, _e: Any = None) -> None:
        self.filter = model.LogFilter(
            view,
            self.filter.meeting,
            self.filter.kind,
            self.filter.owner,
            self.filter.status,
            self.filter.query,
        )
        self._render_log()
        safe_update(self.view_buttons, self.log_list)

    async def _filter_changed(self, _e: Any = None) -> None:
        def value(dropdown: ft.Dropdown) -> str | None:
            return dropdown.value or None

        meeting = value(self.f_meeting)
        self.filter = model.LogFilter(
            self.filter.view,
            int(meeting) if meeting and meeting.isdigit() else None,
            value(self.f_kind),
            value(self.f_owner),
            value(self.f_status),
            self.search_field.value or "",
        )
        self._render_log()
        safe_update(self.log_list)

    async def _search_changed(self, _e: Any = None) -> None:
        await self._filter_changed()

    async def _set_status(self, entry_id: str, status: TaskStatus, _e: Any = None) -> None:
        if self.crisis_id is None:
            return
        entry = await self.tab.call(self.room.set_status, self.crisis_id, entry_id, status, self.by)
        self.tab.toast(
            self.t(
                "logger.status_set", number=entry.content.ref or entry.number, status=status.label(self.lang)
            ),
            seconds=2.5,
        )

    async def _edit_entry(self, entry_id: str, _e: Any = None) -> None:
        entry = next((e for e in self.snap.entries if e.entry_id == entry_id), None)
        if entry is not None:
            await EntryDialog(self, entry).open()

    async def _show_history(self, entry_id: str, _e: Any = None) -> None:
        if self.crisis_id is None:
            return
        versions = await self.tab.call(self.room.history, self.crisis_id, entry_id)
        await HistoryDialog(self, versions).open()

    # --- dialogs ------------------------------------------------------------------------------------

    def show_dialog(self, dialog: ft.AlertDialog) -> None:
        self._dialog_open = True
        previous: Any = dialog.on_dismiss

        def dismissed(e: Any) -> None:
            self._dialog_open = False
            if previous is not None:
                previous(e)

        dialog.on_dismiss = dismissed
        self.page.show_dialog(dialog)

    def close_dialog(self) -> None:
        self._dialog_open = False
        with contextlib.suppress(Exception):
            self.page.pop_dialog()
        # the dialog hands the focus back to the button that opened it: take it away (see _act)
        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop().call_later(0.15, lambda: asyncio.ensure_future(self.park_focus()))


# --- the draft edit form ----------------------------------------------------------------------------

PRIORITY_OPTIONS = ("", "hoog", "middel", "laag")


class DraftForm:
    """Inline editing of a draft: kind, text, owner (roster), deadline in words, priority, reason, ref."""

    def __init__(self, screen: LoggerScreen, draft: Draft) -> None:
        self.screen = screen
        self.draft = draft
        t = screen.t
        lang = screen.lang
        content = draft.content
        roster = screen.snap.crisis.roster if screen.snap.crisis else None
        submit = screen._act(self.confirm)
        self.kind = screen._dropdown(
            t("logger.kind"),
            [(k.value, k.label(lang)) for k in EntryKind],
            content.kind.value,
            self._kind_changed,
            width=200,
        )
        self.text = screen._track_focus(
            ft.TextField(
                label=t("logger.text"), value=content.text, on_submit=submit, text_size=15, dense=True
            )
        )
        self.owner = screen._dropdown(
            t("logger.owner"),
            [("", t("logger.none"))] + role_options(roster, lang),
            content.owner or "",
            _noop,
            width=240,
        )
        self.deadline = screen._track_focus(
            ft.TextField(
                label=t("logger.deadline"),
                value=self._deadline_words(),
                hint_text=t("logger.deadline_hint"),
                on_submit=submit,
                on_change=screen.tab.handler(self._deadline_changed),
                dense=True,
                width=240,
                text_size=15,
                helper=model.deadline_label(content, lang) or None,
            )
        )
        self.priority = screen._dropdown(
            t("logger.priority"),
            [(p, Priority(p).label(lang) if p else t("logger.none")) for p in PRIORITY_OPTIONS],
            content.priority.value if content.priority else "",
            _noop,
            width=150,
        )
        self.reason = screen._track_focus(
            ft.TextField(
                label=t("logger.reason"), value=content.reason, on_submit=submit, dense=True, text_size=15
            )
        )
        self.ref = screen._track_focus(
            ft.TextField(
                label=t("logger.ref"),
                value=content.ref or "",
                on_submit=submit,
                dense=True,
                width=140,
                text_size=15,
            )
        )
        self.new_status = screen._dropdown(
            t("logger.new_status"),
            [("", t("logger.none"))] + [(s.value, s.label(lang)) for s in TaskStatus],
            content.new_status.value if content.new_status else "",
            _noop,
            width=190,
        )
        self.fields: list[Any] = [
            self.kind,
            self.text,
            self.owner,
            self.deadline,
            self.priority,
            self.reason,
            self.ref,
            self.new_status,
        ]
        self.extra = ft.Row(spacing=8, wrap=True)
        self.root = ft.Column(
            [
                self.text,
                ft.Row([self.kind, self.owner], spacing=8, wrap=True),
                ft.Row([self.deadline, self.priority], spacing=8, wrap=True),
                self.extra,
                ft.Row(
                    [
                        action_button(
                            t("logger.confirm"), submit, icon=ft.Icons.CHECK, kind="filled", height=40
                        ),
                        action_button(
                            t("logger.save"), screen._act(self.save), icon=ft.Icons.SAVE, height=40
                        ),
                        action_button(t("logger.cancel"), screen._act(self.cancel), kind="text", height=40),
                    ],
                    spacing=6,
                    wrap=True,
                ),
            ],
            spacing=8,
        )
        self._arrange(content.kind)

    def _deadline_words(self) -> str:
        content = self.draft.content
        if content.deadline_words:
            return content.deadline_words
        if content.deadline:
            return content.deadline[11:16]
        return ""

    def _arrange(self, kind: EntryKind) -> None:
        extra: list[ft.Control] = []
        if kind is EntryKind.DECISION:
            extra.append(self.reason)
        if kind is EntryKind.STATUS:
            extra += [self.ref, self.new_status]
        self.extra.controls = extra

    async def focus_first(self) -> None:
        with contextlib.suppress(Exception):
            await self.text.focus()

    async def _kind_changed(self, _e: Any = None) -> None:
        with contextlib.suppress(ValueError):
            self._arrange(EntryKind(self.kind.value))
            safe_update(self.extra)

    async def _deadline_changed(self, _e: Any = None) -> None:
        words = (self.deadline.value or "").strip()
        if not words:
            self.deadline.helper = None
            self.deadline.error = None
        else:
            result = self._parse_deadline(words)
            if result is None:
                self.deadline.error = self.screen.t("logger.deadline_unknown")
                self.deadline.helper = None
            else:
                self.deadline.error = None
                self.deadline.helper = result.text
        safe_update(self.deadline)

    def _parse_deadline(self, words: str) -> Any:
        return parse_deadline_words(self.screen, words)

    def changes(self) -> dict[str, Any] | None:
        """The edited fields that differ from the draft; None when the deadline is not understood."""
        content = self.draft.content
        kind = EntryKind(self.kind.value) if self.kind.value else content.kind
        out: dict[str, Any] = {}
        if kind is not content.kind:
            out["kind"] = kind.value
        text = (self.text.value or "").strip()
        if text and text != content.text:
            out["text"] = text
        owner = self.owner.value or None
        if owner != content.owner:
            out["owner"] = owner
        words = (self.deadline.value or "").strip()
        if words != self._deadline_words():
            if not words:
                out.update(deadline=None, deadline_kind=None, deadline_words="")
            else:
                result = self._parse_deadline(words)
                if result is None:
                    self.deadline.error = self.screen.t("logger.deadline_unknown")
                    safe_update(self.deadline)
                    return None
                out.update(
                    deadline=result.deadline,
                    deadline_kind=result.kind.value if result.kind else None,
                    deadline_words=result.words,
                )
        priority = self.priority.value or None
        if priority != (content.priority.value if content.priority else None):
            out["priority"] = priority
        if kind is EntryKind.DECISION and (self.reason.value or "") != content.reason:
            out["reason"] = (self.reason.value or "").strip()
        if kind is EntryKind.STATUS:
            ref = (self.ref.value or "").strip().upper() or None
            if ref != content.ref:
                out["ref"] = ref
            status = self.new_status.value or None
            if status != (content.new_status.value if content.new_status else None):
                out["new_status"] = status
        elif content.new_status is not None:
            out["new_status"] = None
        return out

    async def confirm(self, _e: Any = None) -> None:
        changes = self.changes()
        if changes is None:
            return
        await self.screen._confirm(self.draft.draft_id, **changes)

    async def save(self, _e: Any = None) -> None:
        changes = self.changes()
        if changes is None or self.screen.crisis_id is None:
            return
        if changes:
            await self.screen.tab.call(
                self.screen.room.edit_draft, self.screen.crisis_id, self.draft.draft_id, **changes
            )
        self.screen._close_form(self.draft.draft_id)
        self.screen._render_drafts()
        safe_update(self.screen.drafts_list)

    async def cancel(self, _e: Any = None) -> None:
        self.screen._close_form(self.draft.draft_id)
        self.screen._render_drafts()
        safe_update(self.screen.drafts_list)


def _noop(_e: Any = None) -> None:
    return None


def _submitted(e: Any) -> str | None:
    """The text a TextField's submit event carries (its ``value`` may lag behind on the server)."""
    data = getattr(e, "data", None)
    return data if isinstance(data, str) else None


def parse_deadline_words(screen: LoggerScreen, words: str) -> Any:
    """ "half drie", "14:30", "binnen een uur" → the parser's DeadlineResult (or None), at the room's now."""
    from assistant.domain.parser import parse_deadline

    snap = screen.snap
    try:
        now = datetime.strptime(snap.now_local, "%Y-%m-%dT%H:%M")
    except ValueError:
        now = datetime.now()
    next_meeting = snap.next_meeting
    if next_meeting is not None and next_meeting.tzinfo is not None and snap.crisis is not None:
        from zoneinfo import ZoneInfo

        next_meeting = next_meeting.astimezone(ZoneInfo(snap.crisis.timezone)).replace(tzinfo=None)
    return parse_deadline(words, now=now, next_meeting=next_meeting, lang=screen.lang)


# --- dialogs --------------------------------------------------------------------------------------------


class RejectDialog:
    def __init__(self, screen: LoggerScreen, draft_id: str) -> None:
        self.screen = screen
        self.draft_id = draft_id
        t = screen.t
        self.reason = ft.TextField(
            label=t("logger.reject_reason"), autofocus=True, on_submit=screen._act(self.submit), width=460
        )
        self.dialog = ft.AlertDialog(
            title=ft.Text(t("logger.reject_title")),
            content=self.reason,
            actions=[
                action_button(t("logger.cancel"), screen._act(self.cancel), kind="text"),
                action_button(
                    t("logger.reject"), screen._act(self.submit), kind="filled", icon=ft.Icons.CLOSE
                ),
            ],
        )

    async def open(self) -> None:
        self.screen.show_dialog(self.dialog)

    async def cancel(self, _e: Any = None) -> None:
        self.screen.close_dialog()

    async def submit(self, e: Any = None) -> None:
        screen = self.screen
        if screen.crisis_id is None:
            return
        ids = [d.draft_id for d in screen.snap.drafts]
        reason = _submitted(e) if getattr(e, "control", None) is self.reason else None
        await screen.tab.call(
            screen.room.reject_draft,
            screen.crisis_id,
            self.draft_id,
            screen.by,
            (reason or self.reason.value or "").strip(),
        )
        screen.close_dialog()
        screen._close_form(self.draft_id)
        screen.selected = model.after_removal(ids, self.draft_id, [i for i in ids if i != self.draft_id])
        screen.tab.toast(screen.t("logger.rejected"), seconds=2.5)


class EntryDialog:
    """Correct a confirmed entry: the room writes a new version; the old one stays in the history."""

    def __init__(self, screen: LoggerScreen, entry: LogEntry) -> None:
        self.screen = screen
        self.entry = entry
        t = screen.t
        lang = screen.lang
        content = entry.content
        roster = screen.snap.crisis.roster if screen.snap.crisis else None
        self.text = ft.TextField(
            label=t("logger.text"),
            value=content.text,
            multiline=True,
            min_lines=1,
            max_lines=4,
            width=520,
            autofocus=True,
        )
        self.owner = ft.Dropdown(
            label=t("logger.owner"),
            editable=True,
            enable_filter=True,
            width=250,
            options=[ft.DropdownOption(key="", text=t("logger.none"))]
            + [ft.DropdownOption(key=k, text=v) for k, v in role_options(roster, lang)],
            value=content.owner or "",
        )
        self.deadline = ft.TextField(
            label=t("logger.deadline"),
            width=250,
            hint_text=t("logger.deadline_hint"),
            value=content.deadline_words or (content.deadline or "")[11:16],
        )
        self.priority = ft.Dropdown(
            label=t("logger.priority"),
            editable=True,
            width=160,
            options=[
                ft.DropdownOption(key=p, text=Priority(p).label(lang) if p else t("logger.none"))
                for p in PRIORITY_OPTIONS
            ],
            value=content.priority.value if content.priority else "",
        )
        self.reason = ft.TextField(label=t("logger.reason"), value=content.reason, width=520)
        self.note = ft.TextField(label=t("logger.edit_note"), width=520, on_submit=screen._act(self.save))
        fields: list[ft.Control] = [self.text]
        if entry.kind.is_task or content.owner:
            fields.append(ft.Row([self.owner, self.deadline], spacing=8))
        fields.append(self.priority)
        if entry.kind is EntryKind.DECISION:
            fields.append(self.reason)
        fields.append(self.note)
        self.dialog = ft.AlertDialog(
            title=ft.Text(t("logger.edit_entry_title", number=entry.number)),
            content=ft.Column(fields, tight=True, spacing=10, width=540),
            actions=[
                action_button(t("logger.cancel"), screen._act(self.cancel), kind="text"),
                action_button(t("logger.save"), screen._act(self.save), kind="filled", icon=ft.Icons.SAVE),
            ],
        )

    async def open(self) -> None:
        self.screen.show_dialog(self.dialog)

    async def cancel(self, _e: Any = None) -> None:
        self.screen.close_dialog()

    async def save(self, _e: Any = None) -> None:
        screen = self.screen
        content = self.entry.content
        changes: dict[str, Any] = {}
        text = (self.text.value or "").strip()
        if text and text != content.text:
            changes["text"] = text
        owner = self.owner.value or None
        if owner != content.owner and (self.entry.kind.is_task or content.owner):
            changes["owner"] = owner
        words = (self.deadline.value or "").strip()
        old_words = content.deadline_words or (content.deadline or "")[11:16]
        if words != old_words and (self.entry.kind.is_task or content.owner):
            if not words:
                changes.update(deadline=None, deadline_kind=None, deadline_words="")
            else:
                result = parse_deadline_words(screen, words)
                if result is None:
                    self.deadline.error = screen.t("logger.deadline_unknown")
                    safe_update(self.deadline)
                    return
                changes.update(
                    deadline=result.deadline,
                    deadline_kind=result.kind.value if result.kind else None,
                    deadline_words=result.words,
                )
        priority = self.priority.value or None
        if priority != (content.priority.value if content.priority else None):
            changes["priority"] = priority
        if self.entry.kind is EntryKind.DECISION and (self.reason.value or "").strip() != content.reason:
            changes["reason"] = (self.reason.value or "").strip()
        if not changes:
            screen.close_dialog()
            return
        entry = await screen.tab.call(
            screen.room.edit_entry,
            screen.crisis_id,
            self.entry.entry_id,
            screen.by,
            (self.note.value or "").strip(),
            **changes,
        )
        screen.close_dialog()
        screen.tab.toast(screen.t("logger.saved_version", number=entry.number, n=entry.version), seconds=3)


class HistoryDialog:
    def __init__(self, screen: LoggerScreen, versions: list[LogEntry]) -> None:
        self.screen = screen
        t = screen.t
        muted = theme.muted(screen.tab.theme)
        rows: list[ft.Control] = []
        for version in reversed(versions):
            rows.append(
                ft.Container(
                    ft.Column(
                        [
                            ft.Text(
                                t(
                                    "logger.history_row",
                                    n=version.version,
                                    at=version.confirmed_at.replace("T", " ")[:16],
                                    by=version.confirmed_by,
                                    note=version.change_note,
                                ),
                                size=13,
                                color=muted,
                            ),
                            ft.Text(version.content.text, size=15),
                            ft.Text(
                                " · ".join(
                                    x
                                    for x in [
                                        version.content.owner or "",
                                        model.deadline_label(version.content, screen.lang),
                                        version.status.label(screen.lang) if version.status else "",
                                    ]
                                    if x
                                ),
                                size=13,
                                color=muted,
                            ),
                        ],
                        spacing=2,
                    ),
                    padding=8,
                    border_radius=8,
                    bgcolor=theme.surface(screen.tab.theme),
                )
            )
        number = versions[-1].number if versions else ""
        self.dialog = ft.AlertDialog(
            title=ft.Text(t("logger.history_title", number=number)),
            content=ft.Column(rows, tight=True, spacing=8, width=560, scroll=ft.ScrollMode.AUTO, height=420),
            actions=[action_button(t("logger.close"), screen._act(self.close), kind="filled")],
        )

    async def open(self) -> None:
        self.screen.show_dialog(self.dialog)

    async def close(self, _e: Any = None) -> None:
        self.screen.close_dialog()


class SpeechSettings:
    """Microphone, model and recording retention (process-wide: every device shares the one microphone)."""

    def __init__(self, screen: LoggerScreen) -> None:
        self.screen = screen

    async def open(self) -> None:
        screen = self.screen
        listening = screen.listening
        t = screen.t
        devices, models, retention = await asyncio.to_thread(
            lambda: (listening.devices(), listening.models(), listening.retention())
        )
        current_device = listening.device or ""
        device_options = [("", t("logger.device_default"))] + [(d, d) for d in devices]
        if current_device and current_device not in devices:
            device_options.append((current_device, current_device))
        self.device = ft.Dropdown(
            label=t("logger.device"),
            editable=True,
            width=420,
            value=current_device,
            options=[ft.DropdownOption(key=k, text=v) for k, v in device_options],
        )
        state = listening.state()
        self.model = ft.Dropdown(
            label=t("logger.model_choice"),
            editable=True,
            width=420,
            value=state.model_path or "",
            options=[
                ft.DropdownOption(
                    key=m.path, text=f"{m.name} ({m.lang or '?'})" + ("" if m.valid else " (!)")
                )
                for m in models
            ],
        )
        self.retention = ft.Dropdown(
            label=t("logger.retention"),
            editable=True,
            width=420,
            value=retention,
            options=[
                ft.DropdownOption(key=r, text=t(f"logger.retention.{r}"))
                for r in ("keep", "after_confirm", "never")
            ],
        )
        self.dialog = ft.AlertDialog(
            title=ft.Text(t("logger.speech_settings")),
            content=ft.Column([self.device, self.model, self.retention], tight=True, spacing=12, width=440),
            actions=[
                action_button(t("logger.cancel"), screen._act(self.cancel), kind="text"),
                action_button(t("logger.apply"), screen._act(self.apply), kind="filled"),
            ],
        )
        screen.show_dialog(self.dialog)

    async def cancel(self, _e: Any = None) -> None:
        self.screen.close_dialog()

    async def apply(self, _e: Any = None) -> None:
        listening = self.screen.listening
        device = self.device.value or None
        if device != listening.device:
            listening.set_device(device)
        if self.model.value and self.model.value != listening.state().model_path:
            listening.load_model(self.model.value)
        if self.retention.value and self.retention.value != await asyncio.to_thread(listening.retention):
            await asyncio.to_thread(listening.set_retention, self.retention.value)
        self.screen.close_dialog()
