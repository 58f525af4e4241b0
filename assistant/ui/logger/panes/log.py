"""The confirmed log: the whole log (newest first), the decision list and the action list, filters
(meeting, kind, owner, status), search, and per entry: status buttons, correct, history."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Protocol

import flet as ft

from assistant.domain.entries import EntryKind, LogEntry, TaskStatus
from assistant.domain.roster import Roster
from assistant.i18n import label as label_of
from assistant.ui import theme
from assistant.ui.logger import model
from assistant.ui.logger.common import KIND_COLOURS, kind_chip, role_label, role_options, status_chip
from assistant.ui.logger.kit import Kit
from assistant.ui.logger.panes.keyed import KeyedControls
from assistant.ui.logger.snapshot import Snapshot
from assistant.ui.widgets.buttons import action_button

_STATUS_STYLE = ft.ButtonStyle(padding=ft.Padding.symmetric(horizontal=8, vertical=0))
_ENTRY_BG = ft.Colors.with_opacity(0.04, ft.Colors.ON_SURFACE)
_STATUS_BUTTONS = (TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.CANCELLED)
OPEN_ALL = "open_all"  # the status filter "all open tasks"


class LogActions(Protocol):
    """What the log's controls do (the screen implements it)."""

    async def set_view(self, view: str, _e: Any = None) -> None: ...
    async def filter_changed(self, log_filter: model.LogFilter) -> None: ...
    async def set_status(self, entry_id: str, status: TaskStatus, _e: Any = None) -> None: ...
    async def edit_entry(self, entry_id: str, _e: Any = None) -> None: ...
    async def show_history(self, entry_id: str, _e: Any = None) -> None: ...


@dataclass(frozen=True)
class EntryView:
    entry: LogEntry
    overdue: bool
    roster: Roster | None
    today: str


class LogPane:
    def __init__(self, kit: Kit, actions: LogActions) -> None:
        self.kit = kit
        self.actions = actions
        t = kit.t
        self._view: str | None = None
        self._options: tuple[tuple[int, ...], Roster | None] | None = None
        self.options_changed = False  # the last draw gave the filters new options (the screen sends them)
        self.view_buttons = ft.Row(spacing=6, wrap=True)
        all_text = t("logger.filter_all")
        self.meeting = kit.dropdown(t("logger.filter_meeting"), [("", all_text)], "", self._changed, 120)
        self.kind = kit.dropdown(
            t("logger.filter_kind"),
            [("", all_text)] + [(k.value, label_of(k, kit.lang)) for k in EntryKind],
            "",
            self._changed,
            170,
        )
        self.owner = kit.dropdown(t("logger.filter_owner"), [("", all_text)], "", self._changed, 170)
        self.status = kit.dropdown(
            t("logger.filter_status"),
            [("", all_text), (OPEN_ALL, t("logger.filter_open"))]
            + [(s.value, label_of(s, kit.lang)) for s in TaskStatus],
            "",
            self._changed,
            150,
        )
        self.filters = ft.Row(
            [self.meeting, self.kind, self.owner, self.status], spacing=6, wrap=True, run_spacing=6
        )
        self.search = kit.focus.track(
            ft.TextField(
                label=t("logger.search"),
                dense=True,
                prefix_icon=ft.Icons.SEARCH,
                text_size=14,
                on_change=kit.handler(self._changed),
                on_submit=kit.handler(self._changed),
            )
        )
        self.list = ft.ListView(expand=True, spacing=6)
        self.cards: KeyedControls[EntryView] = KeyedControls(self._card, isolated=True)
        self._filter = model.LogFilter()

    @property
    def controls(self) -> list[ft.Control]:
        return [self.view_buttons, self.filters, self.search, self.list]

    def draw(self, snap: Snapshot, log_filter: model.LogFilter) -> None:
        self._filter = log_filter
        self._draw_view_buttons(log_filter.view)
        self._draw_options(snap)
        entries = log_filter.apply(snap.entries)
        if not snap.entries:
            self.list.controls = [self.kit.muted_text(self.kit.t("logger.log_empty"))]
        elif not entries:
            self.list.controls = [self.kit.muted_text(self.kit.t("logger.log_none_match"))]
        else:
            self.list.controls = self.cards.controls(
                (e.entry_id, EntryView(e, snap.overdue(e), snap.roster, snap.today)) for e in entries
            )

    def read_filter(self) -> model.LogFilter:
        """The filter as the controls show it now (the view stays as chosen)."""
        meeting = self.meeting.value or None
        return model.LogFilter(
            self._filter.view,
            int(meeting) if meeting and meeting.isdigit() else None,
            self.kind.value or None,
            self.owner.value or None,
            self.status.value or None,
            self.search.value or "",
        )

    async def _changed(self, _e: Any = None) -> None:
        await self.actions.filter_changed(self.read_filter())

    def _draw_view_buttons(self, chosen: str) -> None:
        if self._view == chosen:
            return  # unchanged: keep the controls (nothing to send)
        self._view = chosen
        self.view_buttons.controls = [
            action_button(
                self.kit.t(f"logger.view.{view}"),
                self.kit.act(functools.partial(self.actions.set_view, view)),
                kind="filled" if view == chosen else "outlined",
                height=40,
                text_size=14,
            )
            for view in model.VIEWS
        ]

    def _draw_options(self, snap: Snapshot) -> None:
        """Meetings and roster roles change rarely: new options only when they did."""
        options = (tuple(snap.meetings), snap.roster)
        self.options_changed = options != self._options
        if not self.options_changed:
            return
        self._options = options
        all_text = self.kit.t("logger.filter_all")
        self.meeting.options = [ft.DropdownOption(key="", text=all_text)] + [
            ft.DropdownOption(key=str(n), text=str(n)) for n in snap.meetings
        ]
        self.owner.options = [ft.DropdownOption(key="", text=all_text)] + [
            ft.DropdownOption(key=rid, text=label) for rid, label in role_options(snap.roster, self.kit.lang)
        ]

    def _card(self, view: EntryView) -> ft.Control:
        kit, entry = self.kit, view.entry
        t, lang, muted, content = kit.t, kit.lang, kit.muted, entry.content
        head: list[ft.Control] = [
            kind_chip(entry.kind, lang, number=entry.number),
            ft.Text(model.clock_time(entry.recorded_at), size=13, color=muted),
        ]
        if entry.meeting_number:
            head.append(ft.Text(t("logger.meeting", n=entry.meeting_number), size=12, color=muted))
        if entry.version > 1:
            head.append(ft.Text(t("logger.version", n=entry.version), size=12, color=theme.WARNING))
        if entry.origin.source == "speech":
            head.append(ft.Icon(ft.Icons.MIC, size=14, color=muted))
        if entry.status is not None:
            head.append(
                status_chip(entry.status, lang, overdue=view.overdue, overdue_text=t("logger.overdue"))
            )
        parts: list[ft.Control] = [
            ft.Row(head, spacing=8, wrap=True, vertical_alignment=ft.CrossAxisAlignment.CENTER),
            ft.Text(content.text, size=15),
        ]
        if content.reason:
            parts.append(ft.Text(f"{t('logger.reason')}: {content.reason}", size=13, color=muted))
        details = self._details(view)
        if details:
            parts.append(
                ft.Text(" · ".join(details), size=13, color=theme.OVERRUN if view.overdue else muted)
            )
        parts.append(
            ft.Row(
                self._actions(entry), spacing=0, wrap=True, vertical_alignment=ft.CrossAxisAlignment.CENTER
            )
        )
        return ft.Container(
            ft.Column(parts, spacing=4),
            padding=8,
            border_radius=8,
            border=ft.Border.only(left=ft.BorderSide(4, KIND_COLOURS.get(entry.kind, theme.NORMAL))),
            bgcolor=_ENTRY_BG,
        )

    def _details(self, view: EntryView) -> list[str]:
        t, lang, content = self.kit.t, self.kit.lang, view.entry.content
        details = []
        if content.owner:
            details.append(role_label(view.roster, content.owner, lang))
        deadline = model.deadline_label(content, lang, view.today)
        if deadline:
            details.append(deadline)
        if content.priority:
            details.append(f"{t('logger.priority').lower()} {label_of(content.priority, lang)}")
        if content.ref and view.entry.kind is not EntryKind.STATUS:
            details.append(f"({content.ref})")
        return details

    def _actions(self, entry: LogEntry) -> list[ft.Control]:
        kit, actions = self.kit, self.actions
        out: list[ft.Control] = []
        if entry.kind.is_task:
            for status in _STATUS_BUTTONS:
                if status == entry.status:
                    continue
                label = label_of(status, kit.lang)
                out.append(
                    ft.TextButton(
                        content=ft.Text(label, size=13, semantics_label=f"{entry.number} {label}"),
                        on_click=kit.act(functools.partial(actions.set_status, entry.entry_id, status)),
                        height=36,
                        style=_STATUS_STYLE,
                    )
                )
        if entry.kind not in (EntryKind.PROCESS, EntryKind.STATUS):
            out.append(
                kit.row_action(ft.Icons.EDIT, "logger.edit", entry.number, actions.edit_entry, entry.entry_id)
            )
        out.append(
            kit.row_action(
                ft.Icons.HISTORY, "logger.history", entry.number, actions.show_history, entry.entry_id
            )
        )
        return out
