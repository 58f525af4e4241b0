"""The draft queue: one card per draft (kind, fields, doubtful words, status link, replay), the
selected one framed; the card being edited holds the inline form."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from collections.abc import Callable
from typing import Any, Protocol

import flet as ft

from assistant.domain.entries import Draft, DraftTally, EntryKind, LogEntry
from assistant.domain.roster import Roster
from assistant.i18n import label as label_of
from assistant.ui import theme
from assistant.ui.logger import model
from assistant.ui.logger.common import KIND_COLOURS, LOW_COLOUR, kind_chip, role_label, seconds_text
from assistant.ui.logger.draft_form import DraftForm
from assistant.ui.logger.keys import KEY_OF_KIND
from assistant.ui.logger.kit import SLOT, Kit, slot_parts
from assistant.ui.logger.panes.keyed import KeyedControls
from assistant.ui.logger.panes.transcript import coloured_spans, short
from assistant.ui.logger.snapshot import Snapshot
from assistant.ui.logger.state import LoggerState
from assistant.ui.teams.drafts import team_buttons, team_marker
from assistant.ui.widgets.buttons import action_button

_SELECTED_BG = {kind: ft.Colors.with_opacity(0.08, colour) for kind, colour in KIND_COLOURS.items()}


class DraftActions(Protocol):
    """What a draft card's buttons do (the screen implements it)."""

    async def confirm(self, draft_id: str, _e: Any = None) -> None: ...
    async def edit(self, draft_id: str, _e: Any = None) -> None: ...
    async def reject(self, draft_id: str, _e: Any = None) -> None: ...
    async def select(self, draft_id: str, _e: Any = None) -> None: ...
    async def play(self, audio_ref: str, _e: Any = None) -> None: ...


@dataclass(frozen=True)
class StatusTarget:
    """The entry a status update refers to, as far as the card shows it."""

    number: str
    text: str
    version: int


@dataclass(frozen=True)
class DraftView:
    """Everything one card draws: equal views draw equal cards (the card is reused)."""

    draft: Draft
    selected: bool
    recording: float | None  # seconds on disk; None: no recording (or not kept)
    played: float | None  # seconds the browser decoded when played here
    target: StatusTarget | None
    roster: Roster | None
    today: str


def draft_view(draft: Draft, snap: Snapshot, state: LoggerState, by_number: dict[str, LogEntry]) -> DraftView:
    ref = draft.origin.audio_ref
    target = None
    if draft.content.kind is EntryKind.STATUS and draft.content.ref:
        found = by_number.get(draft.content.ref.upper())
        target = StatusTarget(found.number, found.content.text, found.version) if found else None
    return DraftView(
        draft=draft,
        selected=draft.draft_id == state.selected,
        recording=snap.audio.get(ref) if ref else None,
        played=state.played.get(ref) if ref else None,
        target=target,
        roster=snap.roster,
        today=snap.today,
    )


def share_text(tally: DraftTally, t: Callable[..., str]) -> str:
    """ "Zonder wijziging bevestigd: 67 % (2 van 3)": how often the parser's guess was right."""
    share = tally.share_unedited
    if share is None:
        return t("logger.share_none")
    return t("logger.share_unedited", pct=round(share * 100), unedited=tally.unedited, decided=tally.decided)


class DraftsPane:
    def __init__(self, kit: Kit, actions: DraftActions) -> None:
        self.kit = kit
        self.actions = actions
        self.title = ft.Text(kit.t("logger.drafts", n=0), size=18, weight=ft.FontWeight.BOLD)
        self.share = kit.muted_text(kit.t("logger.share_none"), size=13)  # measured in use (issue 12)
        self.list = ft.ListView(expand=True, spacing=8)
        self.cards: KeyedControls[DraftView] = KeyedControls(self._card)
        self.form: DraftForm | None = None  # the open inline form (one at a time)
        self.form_of: str | None = None
        self._empty = kit.muted_text(kit.t("logger.drafts_empty"))
        # "Gehoord: “{text}”": the marked words stand where each language puts the text
        self._heard = slot_parts(kit.t("logger.heard", text=SLOT), SLOT)

    def draw(self, snap: Snapshot, state: LoggerState) -> None:
        drafts = snap.drafts
        self.title.value = self.kit.t("logger.drafts", n=len(drafts))
        self.share.value = share_text(snap.tally, self.kit.t)
        if self.form_of is not None and self.form_of != state.editing:
            self.close_form()
        if not drafts:
            self.list.controls = [self._empty]
            return
        by_number = snap.by_number()
        views = [(d.draft_id, draft_view(d, snap, state, by_number)) for d in drafts]
        editing = state.editing if self.form is not None else None
        self.list.controls = [
            self._card(view, editing=True) if key == editing else control
            for (key, view), control in zip(views, self.cards.controls(views), strict=True)
        ]

    def close_form(self) -> None:
        if self.form is not None:
            self.kit.focus.forget(self.form.controls)
        self.form, self.form_of = None, None

    def open_form(self, form: DraftForm, draft_id: str) -> None:
        self.close_form()
        self.form, self.form_of = form, draft_id

    # --- a card ------------------------------------------------------------------------------------

    def _card(self, view: DraftView, editing: bool = False) -> ft.Control:
        kit, draft = self.kit, view.draft
        content, muted = draft.content, kit.muted
        head: list[ft.Control] = [
            kind_chip(content.kind, kit.lang),
            ft.Text(f"[{KEY_OF_KIND.get(content.kind, '')}]", size=12, color=muted),
            ft.Text(model.clock_time(draft.created_at), size=13, color=muted),
            ft.Icon(
                ft.Icons.MIC if draft.origin.source == "speech" else ft.Icons.KEYBOARD, size=16, color=muted
            ),
        ]
        head += team_marker(kit, draft)  # "van team Centraal": another team's order, answered below
        if draft.field_confidence.get("kind", 1.0) < model.LOW_CONFIDENCE:
            head.append(ft.Text(kit.t("logger.check"), size=12, color=LOW_COLOUR))
        parts: list[ft.Control] = [ft.Row(head, spacing=8, vertical_alignment=ft.CrossAxisAlignment.CENTER)]
        if editing and self.form is not None:
            parts.append(self.form.root)
        else:
            parts.append(ft.Text(content.text, size=17, weight=ft.FontWeight.W_500))
            parts.extend(self._fields(view))
        if content.kind is EntryKind.STATUS:
            parts.append(self._status_link(view))
        heard = self._heard_text(draft)
        if heard is not None:
            parts.append(heard)
        buttons = [] if editing else (team_buttons(kit, draft, self.actions) or self._buttons(draft.draft_id))
        buttons += self._recording(view)
        if buttons:
            parts.append(
                ft.Row(buttons, spacing=6, wrap=True, vertical_alignment=ft.CrossAxisAlignment.CENTER)
            )
        selected = view.selected
        return ft.Container(
            ft.Column(parts, spacing=6),
            padding=10,
            border_radius=10,
            border=ft.Border.all(
                3 if selected else 1,
                KIND_COLOURS.get(content.kind, theme.NORMAL) if selected else muted,
            ),
            on_click=kit.act(functools.partial(self.actions.select, draft.draft_id)),
            bgcolor=_SELECTED_BG.get(content.kind) if selected else None,
        )

    def _fields(self, view: DraftView) -> list[ft.Control]:
        kit, content, conf = self.kit, view.draft.content, view.draft.field_confidence
        t, lang, muted = kit.t, kit.lang, kit.muted

        def field_text(label: str, value: str, key: str) -> ft.Control:
            low = conf.get(key, 1.0) < model.LOW_CONFIDENCE and bool(value)
            return ft.Text(
                spans=[
                    ft.TextSpan(f"{label}: ", style=ft.TextStyle(color=muted, size=13)),
                    ft.TextSpan(
                        value or t("logger.none"),
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
            row.append(field_text(t("logger.owner"), role_label(view.roster, content.owner, lang), "owner"))
        if content.kind.is_task or content.deadline or content.deadline_kind:
            deadline = model.deadline_label(content, lang, view.today)
            row.append(field_text(t("logger.deadline"), deadline, "deadline"))
        if content.priority or content.kind.is_task:
            priority = label_of(content.priority, lang) if content.priority else ""
            row.append(field_text(t("logger.priority"), priority, "priority"))
        if content.kind is EntryKind.INFO and (content.reliability or content.info_source):
            bits = [label_of(content.reliability, lang)] if content.reliability else []
            if content.info_source:
                bits.append(content.info_source)
            row.append(field_text(t("logger.reliability"), ", ".join(bits), "reliability"))
        out: list[ft.Control] = [ft.Row(row, spacing=14, wrap=True)] if row else []
        if content.reason:
            out.append(field_text(t("logger.reason"), content.reason, "reason"))
        return out

    def _status_link(self, view: DraftView) -> ft.Control:
        t, content = self.kit.t, view.draft.content
        ref = (content.ref or "").upper()
        status = label_of(content.new_status, self.kit.lang) if content.new_status else "?"
        target = view.target
        if not ref:
            text, colour = t("logger.status_link_none"), LOW_COLOUR
        elif target is None:
            text, colour = t("logger.status_link_missing", ref=ref), theme.OVERRUN
        else:
            text, colour = (
                t("logger.status_link", ref=ref, text=short(target.text, 50), status=status),
                theme.OK,
            )
        return ft.Container(
            ft.Text(text, size=14, weight=ft.FontWeight.W_600, color=colour),
            padding=ft.Padding.symmetric(horizontal=6, vertical=2),
        )

    def _heard_text(self, draft: Draft) -> ft.Control | None:
        """What was heard, when the draft's text differs from it; doubtful words marked."""
        heard = draft.origin.transcript
        if not heard or heard.strip() == draft.content.text.strip():
            return None
        muted = self.kit.muted
        before, after = self._heard
        pieces = model.confidence_spans(heard, (), draft.origin.low_confidence_words)
        spans = [
            ft.TextSpan(before, style=ft.TextStyle(color=muted)),
            *coloured_spans(pieces, muted),
            ft.TextSpan(after, style=ft.TextStyle(color=muted)),
        ]
        return ft.Text(spans=spans, size=13, italic=True)

    def _buttons(self, draft_id: str) -> list[ft.Control]:
        kit, actions = self.kit, self.actions
        buttons = (  # editing keeps the focus in the form: a field's handler, not a button's
            ("logger.confirm", kit.act, actions.confirm, ft.Icons.CHECK, "filled"),
            ("logger.edit", kit.handler, actions.edit, ft.Icons.EDIT, "tonal"),
            ("logger.reject", kit.act, actions.reject, ft.Icons.CLOSE, "outlined"),
        )
        return [
            action_button(kit.t(key), wrap(functools.partial(fn, draft_id)), icon=icon, kind=kind, height=40)
            for key, wrap, fn, icon, kind in buttons
        ]

    def _recording(self, view: DraftView) -> list[ft.Control]:
        kit, ref = self.kit, view.draft.origin.audio_ref
        if not ref:
            return []
        if not view.recording:
            return [ft.Text(kit.t("logger.no_recording"), size=12, color=kit.muted)]
        if view.played is not None:
            label = kit.t("logger.playing", seconds=seconds_text(view.played, kit.lang))
        else:
            label = kit.t("logger.recording", seconds=seconds_text(view.recording, kit.lang))
        return [
            action_button(
                kit.t("logger.play"),
                kit.act(functools.partial(self.actions.play, ref)),
                icon=ft.Icons.PLAY_ARROW,
                kind="text",
                height=40,
            ),
            ft.Text(label, size=12, color=kit.muted),
        ]
