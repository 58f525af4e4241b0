"""The live transcript: every final utterance, doubtful words marked, one click to make it a draft
(decision, order, action, info) and, when its recording is kept, to replay it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import flet as ft

from assistant.domain.entries import EntryKind
from assistant.storage.repository import TranscriptLine
from assistant.ui import theme
from assistant.ui.logger import model
from assistant.ui.logger.common import KIND_COLOURS, LOW_COLOUR, phase_label
from assistant.ui.logger.kit import SLOT, Kit, slot_parts
from assistant.ui.logger.panes.keyed import KeyedControls
from assistant.ui.logger.snapshot import TRANSCRIPT_LINES

# Built once: Flet value objects are costly to construct, and they can be shared between controls.
_PROMOTE_STYLES = {
    kind: ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=6, vertical=0), color=KIND_COLOURS[kind])
    for kind in model.PROMOTE_KINDS
}


@dataclass(frozen=True)
class LineView:
    line: TranscriptLine
    playable: bool  # its recording is on disk


def short(text: str, limit: int) -> str:
    """A long text cut for an accessible name ("Maak actie van: Lijst aanwezigen…")."""
    return text if len(text) <= limit else text[:limit] + "…"


def coloured_spans(pieces: list[tuple[str, bool]], normal: str | None) -> list[ft.TextSpan]:
    """Text runs with the doubtful ones in amber and underlined."""
    return [
        ft.TextSpan(
            piece,
            style=ft.TextStyle(
                color=LOW_COLOUR if low else normal,
                decoration=ft.TextDecoration.UNDERLINE if low else None,
            ),
        )
        for piece, low in pieces
    ]


class TranscriptPane:
    def __init__(
        self,
        kit: Kit,
        *,
        promote: Callable[[str, EntryKind], Any],
        play: Callable[[str], Any],
    ) -> None:
        self.kit = kit
        self._promote = promote
        self._play = play
        self.list = ft.ListView(expand=True, spacing=4, auto_scroll=True)
        self.rows: KeyedControls[LineView] = KeyedControls(self._row, isolated=True)
        self._empty = kit.muted_text(kit.t("logger.transcript_empty"))
        # "Maak {kind}": the buttons stand where each language puts the kind
        self._promote_before, self._promote_after = (
            part.strip() for part in slot_parts(kit.t("logger.promote", kind=SLOT), SLOT)
        )

    def draw(self, lines: list[TranscriptLine], audio: dict[str, float | None]) -> None:
        if not lines:
            self.list.controls = [self._empty]
            return
        self.list.controls = self.rows.controls(
            (line.line_id, LineView(line, bool(line.audio_ref and audio.get(line.audio_ref))))
            for line in lines[-TRANSCRIPT_LINES:]
        )

    def _row(self, view: LineView) -> ft.Control:
        line, kit, muted = view.line, self.kit, self.kit.muted
        meta: list[ft.Control] = [
            ft.Text(model.clock_time(line.spoken_at), size=13, color=muted, weight=ft.FontWeight.W_600)
        ]
        if line.phase:
            meta.append(ft.Text(phase_label(line.phase, kit.lang), size=12, color=muted))
        if line.source == "typed":
            meta.append(ft.Icon(ft.Icons.KEYBOARD, size=14, color=muted))
        if line.draft_ids:
            meta.append(ft.Text(kit.t("logger.line_draft"), size=12, color=theme.OK))
        text = ft.Text(spans=coloured_spans(model.confidence_spans(line.text, line.words), None), size=15)
        return ft.Container(
            ft.Column(
                [
                    ft.Row(meta, spacing=8, wrap=True, vertical_alignment=ft.CrossAxisAlignment.CENTER),
                    text,
                    ft.Row(
                        self._actions(view),
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

    def _actions(self, view: LineView) -> list[ft.Control]:
        line, kit = view.line, self.kit
        label = short(line.text, 40)
        out: list[ft.Control] = []
        if self._promote_before:
            out.append(ft.Text(self._promote_before, size=12, color=kit.muted))
        for kind in model.PROMOTE_KINDS:
            word = kit.t(f"logger.promote.{kind.value}")
            out.append(
                ft.TextButton(
                    content=ft.Text(
                        word, size=13, semantics_label=kit.t("logger.promote_label", kind=word, text=label)
                    ),
                    on_click=kit.act(functools.partial(self._promote, line.line_id, kind)),
                    style=_PROMOTE_STYLES[kind],
                    height=32,
                )
            )
        if self._promote_after:
            out.append(ft.Text(self._promote_after, size=12, color=kit.muted))
        if view.playable and line.audio_ref:
            out.append(
                kit.row_action(ft.Icons.PLAY_ARROW, "logger.play", label, self._play, line.audio_ref, size=18)
            )
        return out
