"""How the logger's panes sit on the screen: the listening bar over three columns (transcript,
drafts with the entry line, log), the "no crisis yet" notice, and the keyboard sink that holds the
focus between actions (keys are handled by ``page.on_keyboard_event``)."""

from __future__ import annotations

import flet as ft

from assistant.ui.logger.common import phase_label
from assistant.ui.logger.kit import Handler, Kit
from assistant.ui.logger.panes.drafts import DraftsPane
from assistant.ui.logger.panes.listen_bar import ListenBar
from assistant.ui.logger.panes.log import LogPane
from assistant.ui.logger.panes.transcript import TranscriptPane
from assistant.ui.logger.snapshot import Snapshot
from assistant.ui.widgets.buttons import action_button


class Layout:
    def __init__(
        self,
        kit: Kit,
        listen_bar: ListenBar,
        transcript: TranscriptPane,
        drafts: DraftsPane,
        log: LogPane,
        *,
        submit_line: Handler,
        to_start: Handler,
        messages: ft.Control | None = None,
    ) -> None:
        self.kit = kit
        t = kit.t
        self.meeting_text = ft.Text("", size=16, weight=ft.FontWeight.W_600)
        header = ft.Row(
            [listen_bar.row, self.meeting_text], vertical_alignment=ft.CrossAxisAlignment.CENTER, spacing=12
        )
        self.entry_field = kit.focus.track(
            ft.TextField(
                label=t("logger.type_label"),
                hint_text=t("logger.type_here"),
                dense=True,
                text_size=15,
                on_submit=kit.handler(submit_line),
            )
        )
        legend = ft.Column(
            [kit.muted_text(t("logger.keys"), size=12), kit.muted_text(t("logger.kind_keys"), size=12)],
            spacing=0,
        )
        transcript_col = self._column(
            t("logger.transcript"),
            [transcript.list, ft.Container(listen_bar.partial, padding=ft.Padding.only(top=4))],
        )
        if messages is not None:  # the CMT messages sit above the transcript (logger/panes/messages.py)
            transcript_col = ft.Column([messages, transcript_col], expand=3, spacing=8)
        drafts_col = self._box(
            ft.Column([drafts.title, drafts.share, self.entry_field, legend, drafts.list], spacing=8, expand=True), 4
        )
        log_col = self._column(t("logger.log"), log.controls, expand=4)
        self.body = ft.Row(
            [transcript_col, drafts_col, log_col],
            expand=True,
            spacing=10,
            vertical_alignment=ft.CrossAxisAlignment.STRETCH,
        )
        self.to_start = action_button(t("logger.to_start"), kit.handler(to_start), kind="filled")
        self.no_crisis = ft.Container(
            ft.Column(
                [
                    ft.Icon(ft.Icons.INFO_OUTLINE, size=48),
                    ft.Text(t("logger.no_crisis"), size=22, weight=ft.FontWeight.BOLD),
                    ft.Text(t("logger.no_crisis_hint"), size=16),
                    self.to_start,
                ],
                horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                spacing=12,
            ),
            padding=40,
            visible=False,
            alignment=ft.Alignment.TOP_CENTER,
        )
        column = ft.Column([header, listen_bar.banner, self.no_crisis, self.body], expand=True, spacing=8)
        self.key_sink = ft.KeyboardListener(content=column, autofocus=True, include_semantics=False)
        self.root = ft.Container(self.key_sink, expand=True)

    def draw_meeting(self, snap: Snapshot) -> None:
        has_crisis = snap.crisis is not None
        self.no_crisis.visible = not has_crisis
        self.body.visible = has_crisis
        meeting = snap.meeting
        if meeting is not None and meeting.started_at and not meeting.ended_at:
            phase = phase_label(snap.phase, self.kit.lang)
            number = self.kit.t("logger.meeting", n=meeting.number)
            self.meeting_text.value = f"{number} · {phase}" if phase else number
        else:
            self.meeting_text.value = self.kit.t("logger.no_meeting")

    def _box(self, content: ft.Control, expand: int) -> ft.Container:
        return ft.Container(content, expand=expand, padding=8, bgcolor=self.kit.surface, border_radius=12)

    def _column(self, title: str, controls: list[ft.Control], expand: int = 3) -> ft.Container:
        heading = ft.Text(title, size=18, weight=ft.FontWeight.BOLD)
        return self._box(ft.Column([heading, *controls], spacing=8, expand=True), expand)
