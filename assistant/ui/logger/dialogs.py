"""The logger's dialogs: reject a draft (with a reason), correct a confirmed entry, its history, and
the speech settings. Each receives the ``Kit`` (strings, handlers), the screen's ``Dialogs`` host and
a narrow actions interface; the convention (``screen_base.Dialogs``): act first, close only when the
action succeeded, so a failure keeps the dialog and what was typed."""

from __future__ import annotations

import asyncio
from typing import Any, Protocol

import flet as ft

from assistant.domain.entries import EntryKind, LogEntry
from assistant.domain.parser import DeadlineResult
from assistant.domain.roster import Roster
from assistant.i18n import label as label_of
from assistant.ui.logger import model
from assistant.ui.logger.draft_form import Edits, EntryFields
from assistant.ui.logger.kit import Kit
from assistant.ui.screen_base import Dialogs
from assistant.ui.widgets.buttons import action_button

RETENTIONS = ("keep", "after_confirm", "never")


class DialogActions(Protocol):
    """What the dialogs ask of the screen."""

    async def reject_draft(self, draft_id: str, reason: str) -> None: ...
    async def correct_entry(self, entry_id: str, note: str, edits: Edits) -> None: ...
    def parse_deadline(self, words: str) -> DeadlineResult | None: ...


def submitted(e: Any, field: ft.TextField) -> str | None:
    """The text a field's submit event carries (its ``value`` may lag behind on the server)."""
    data = getattr(e, "data", None)
    return data if getattr(e, "control", None) is field and isinstance(data, str) else None


class _Modal:
    """A dialog this screen opens and closes through its ``Dialogs`` (the one dialog convention)."""

    dialogs: Dialogs
    dialog: ft.AlertDialog

    def open(self) -> None:
        self.dialogs.show(self.dialog)

    async def cancel(self, _e: Any = None) -> None:
        self.dialogs.close(self.dialog)


class RejectDialog(_Modal):
    def __init__(self, kit: Kit, dialogs: Dialogs, actions: DialogActions, draft_id: str) -> None:
        self.dialogs, self.actions, self.draft_id = dialogs, actions, draft_id
        t = kit.t
        self.reason = ft.TextField(
            label=t("logger.reject_reason"), autofocus=True, on_submit=kit.act(self.submit), width=460
        )
        self.dialog = ft.AlertDialog(
            title=ft.Text(t("logger.reject_title")),
            content=self.reason,
            actions=[
                action_button(t("logger.cancel"), kit.act(self.cancel), kind="text"),
                action_button(t("logger.reject"), kit.act(self.submit), kind="filled", icon=ft.Icons.CLOSE),
            ],
        )

    async def submit(self, e: Any = None) -> None:
        reason = submitted(e, self.reason) or self.reason.value or ""
        await self.actions.reject_draft(self.draft_id, reason.strip())
        self.dialogs.close(self.dialog)


class EntryDialog(_Modal):
    """Correct a confirmed entry: the room writes a new version; the old one stays in the history."""

    def __init__(
        self, kit: Kit, dialogs: Dialogs, actions: DialogActions, entry: LogEntry, roster: Roster | None
    ) -> None:
        self.dialogs, self.actions, self.entry = dialogs, actions, entry
        t = kit.t
        content = entry.content
        self.assignable = entry.kind.is_task or bool(content.owner)
        self.fields = EntryFields(kit, content, roster, actions.parse_deadline, dialog=True)
        self.note = ft.TextField(label=t("logger.edit_note"), width=520, on_submit=kit.act(self.save))
        f = self.fields
        rows: list[ft.Control] = [f.text]
        if self.assignable:
            rows.append(ft.Row([f.owner, f.deadline], spacing=8))
        rows.append(f.priority)
        if entry.kind is EntryKind.DECISION:
            rows.append(f.reason)
        rows.append(self.note)
        self.dialog = ft.AlertDialog(
            title=ft.Text(t("logger.edit_entry_title", number=entry.number)),
            content=ft.Column(rows, tight=True, spacing=10, width=540),
            actions=[
                action_button(t("logger.cancel"), kit.act(self.cancel), kind="text"),
                action_button(t("logger.save"), kit.act(self.save), kind="filled", icon=ft.Icons.SAVE),
            ],
        )

    async def save(self, _e: Any = None) -> None:
        edits = self.fields.edits(self.entry.kind, assignable=self.assignable)
        if edits is None:
            return  # the deadline field says what it did not understand
        if edits:
            await self.actions.correct_entry(self.entry.entry_id, (self.note.value or "").strip(), edits)
        self.dialogs.close(self.dialog)


class HistoryDialog:
    """Every version of an entry, newest first (nothing is ever erased)."""

    def __init__(self, kit: Kit, dialogs: Dialogs, versions: list[LogEntry]) -> None:
        self.dialogs = dialogs
        t = kit.t
        rows = [self._row(kit, version) for version in reversed(versions)]
        number = versions[-1].number if versions else ""
        self.dialog = ft.AlertDialog(
            title=ft.Text(t("logger.history_title", number=number)),
            content=ft.Column(rows, tight=True, spacing=8, width=560, scroll=ft.ScrollMode.AUTO, height=420),
            actions=[action_button(t("logger.close"), kit.act(self.close), kind="filled")],
        )

    @staticmethod
    def _row(kit: Kit, version: LogEntry) -> ft.Control:
        heading = kit.t(
            "logger.history_row",
            n=version.version,
            at=version.confirmed_at.replace("T", " ")[:16],
            by=version.confirmed_by,
            note=version.change_note,
        )
        details = [
            version.content.owner or "",
            model.deadline_label(version.content, kit.lang),
            label_of(version.status, kit.lang) if version.status else "",
        ]
        return ft.Container(
            ft.Column(
                [
                    ft.Text(heading, size=13, color=kit.muted),
                    ft.Text(version.content.text, size=15),
                    ft.Text(" · ".join(x for x in details if x), size=13, color=kit.muted),
                ],
                spacing=2,
            ),
            padding=8,
            border_radius=8,
            bgcolor=kit.surface,
        )

    def open(self) -> None:
        self.dialogs.show(self.dialog)

    async def close(self, _e: Any = None) -> None:
        self.dialogs.close(self.dialog)


class SpeechSettings:
    """Microphone, model and recording retention (process-wide: every device shares the one microphone)."""

    def __init__(self, kit: Kit, dialogs: Dialogs, listening: Any) -> None:
        self.kit, self.dialogs, self.listening = kit, dialogs, listening
        self.dialog: ft.AlertDialog | None = None

    async def open(self) -> None:
        listening, t = self.listening, self.kit.t
        devices, models, retention = await asyncio.to_thread(
            lambda: (listening.devices(), listening.models(), listening.retention())
        )
        current_device = listening.device or ""
        device_options = [("", t("logger.device_default"))] + [(d, d) for d in devices]
        if current_device and current_device not in devices:
            device_options.append((current_device, current_device))
        self.device = self._dropdown(t("logger.device"), device_options, current_device)
        model_options = [
            (m.path, f"{m.name} ({m.lang or '?'})" + ("" if m.valid else " (!)")) for m in models
        ]
        self.model = self._dropdown(
            t("logger.model_choice"), model_options, listening.state().model_path or ""
        )
        self.retention = self._dropdown(
            t("logger.retention"), [(r, t(f"logger.retention.{r}")) for r in RETENTIONS], retention
        )
        self.dialog = ft.AlertDialog(
            title=ft.Text(t("logger.speech_settings")),
            content=ft.Column([self.device, self.model, self.retention], tight=True, spacing=12, width=440),
            actions=[
                action_button(t("logger.cancel"), self.kit.act(self.cancel), kind="text"),
                action_button(t("logger.apply"), self.kit.act(self.apply), kind="filled"),
            ],
        )
        self.dialogs.show(self.dialog)

    @staticmethod
    def _dropdown(label: str, options: list[tuple[str, str]], value: str) -> ft.Dropdown:
        return ft.Dropdown(
            label=label,
            editable=True,
            width=420,
            value=value,
            options=[ft.DropdownOption(key=k, text=v) for k, v in options],
        )

    async def cancel(self, _e: Any = None) -> None:
        if self.dialog is not None:
            self.dialogs.close(self.dialog)

    async def apply(self, _e: Any = None) -> None:
        listening = self.listening
        device = self.device.value or None
        if device != listening.device:
            listening.set_device(device)
        if self.model.value and self.model.value != listening.state().model_path:
            listening.load_model(self.model.value)
        if self.retention.value and self.retention.value != await asyncio.to_thread(listening.retention):
            await asyncio.to_thread(listening.set_retention, self.retention.value)
        if self.dialog is not None:
            self.dialogs.close(self.dialog)
