"""The fields of an entry, edited in two places: the inline form of a draft and the dialog that
corrects a confirmed entry. ``EntryFields`` builds the shared fields and computes what changed;
``DraftForm`` adds the draft-only fields (kind, status reference) and the confirm/save/cancel row.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft

from assistant.domain.entries import EntryContent, EntryKind, Priority, TaskStatus
from assistant.domain.parser import DeadlineResult
from assistant.domain.roster import Roster
from assistant.i18n import label as label_of
from assistant.ui.logger import model
from assistant.ui.logger.common import role_options, safe_update
from assistant.ui.logger.kit import Kit
from assistant.ui.widgets.buttons import action_button

Edits = dict[str, Any]  # field name -> new value, as the room's edit calls take them
DeadlineParser = Callable[[str], DeadlineResult | None]

PRIORITY_OPTIONS = ("", Priority.HIGH.value, Priority.MEDIUM.value, Priority.LOW.value)


def deadline_words(content: EntryContent) -> str:
    """What the deadline field shows: the words as said, else the clock time."""
    return content.deadline_words or model.clock_time(content.deadline)


class EntryFields:
    """Text, owner (roster), deadline in words, priority and reason, and the edits they make."""

    def __init__(
        self,
        kit: Kit,
        content: EntryContent,
        roster: Roster | None,
        parse_deadline: DeadlineParser,
        *,
        dialog: bool = False,  # the dialog: wider, multi-line text, fields not tracked for shortcuts
    ) -> None:
        self.kit = kit
        self.content = content
        self._parse = parse_deadline
        t, lang = kit.t, kit.lang
        track = (lambda c: c) if dialog else kit.focus.track
        self.text = track(
            ft.TextField(
                label=t("logger.text"),
                value=content.text,
                text_size=15,
                dense=not dialog,
                multiline=dialog,
                min_lines=1 if dialog else None,
                max_lines=4 if dialog else None,
                width=520 if dialog else None,
                autofocus=dialog,
            )
        )
        self.owner = kit.dropdown(
            t("logger.owner"),
            [("", t("logger.none"))] + role_options(roster, lang),
            content.owner or "",
            width=250 if dialog else 240,
        )
        self.deadline = track(
            ft.TextField(
                label=t("logger.deadline"),
                value=deadline_words(content),
                hint_text=t("logger.deadline_hint"),
                on_change=kit.handler(self._deadline_changed),
                dense=not dialog,
                width=250 if dialog else 240,
                text_size=15,
                helper=model.deadline_label(content, lang) or None,
            )
        )
        self.priority = kit.dropdown(
            t("logger.priority"),
            [(p, label_of(Priority(p), lang) if p else t("logger.none")) for p in PRIORITY_OPTIONS],
            content.priority.value if content.priority else "",
            width=160 if dialog else 150,
        )
        self.reason = track(
            ft.TextField(
                label=t("logger.reason"),
                value=content.reason,
                dense=not dialog,
                text_size=15,
                width=520 if dialog else None,
            )
        )

    @property
    def controls(self) -> list[ft.Control]:
        return [self.text, self.owner, self.deadline, self.priority, self.reason]

    def on_submit(self, handler: Callable[..., Awaitable[None]]) -> None:
        """Enter in a text field submits the form."""
        for field in (self.text, self.deadline, self.reason):
            field.on_submit = handler

    async def focus_first(self) -> None:
        with contextlib.suppress(RuntimeError, AttributeError):  # not (yet) on the page
            await self.text.focus()

    def _deadline_changed(self, _e: Any = None) -> None:
        """Show the parser's reading while the deadline is typed ("half drie" → "uiterlijk 14:30")."""
        words = (self.deadline.value or "").strip()
        result = self._parse(words) if words else None
        self.deadline.error = self.kit.t("logger.deadline_unknown") if words and result is None else None
        self.deadline.helper = result.text if result is not None else None
        safe_update(self.deadline)

    def edits(self, kind: EntryKind, *, assignable: bool = True) -> Edits | None:
        """The fields that differ from the content; None when the deadline is not understood (the
        field then says so). ``assignable``: owner and deadline apply (tasks, or an owner already set)."""
        content = self.content
        out: Edits = {}
        text = (self.text.value or "").strip()
        if text and text != content.text:
            out["text"] = text
        if assignable:
            owner = self.owner.value or None
            if owner != content.owner:
                out["owner"] = owner
            deadline = self._deadline_edits()
            if deadline is None:
                return None
            out.update(deadline)
        priority = self.priority.value or None
        if priority != (content.priority.value if content.priority else None):
            out["priority"] = priority
        reason = (self.reason.value or "").strip()
        if kind is EntryKind.DECISION and reason != content.reason:
            out["reason"] = reason
        return out

    def _deadline_edits(self) -> Edits | None:
        words = (self.deadline.value or "").strip()
        if words == deadline_words(self.content):
            return {}
        if not words:
            return {"deadline": None, "deadline_kind": None, "deadline_words": ""}
        result = self._parse(words)
        if result is None:
            self.deadline.error = self.kit.t("logger.deadline_unknown")
            safe_update(self.deadline)
            return None
        return {
            "deadline": result.deadline,
            "deadline_kind": result.kind.value if result.kind else None,
            "deadline_words": result.words,
        }


class DraftForm:
    """Inline editing of a draft: the entry's fields plus kind and (for a status update) the entry it
    refers to and the new status. Enter in a field confirms with the edits."""

    def __init__(
        self,
        fields: EntryFields,
        *,
        confirm: Callable[[Edits], Awaitable[None]],
        save: Callable[[Edits], Awaitable[None]],
        cancel: Callable[[], Awaitable[None]],
    ) -> None:
        """``fields``: the entry's shared fields (inline form, not a dialog), built on the draft's content."""
        kit = self.kit = fields.kit
        content = self.content = fields.content
        self._confirm, self._save, self._cancel = confirm, save, cancel
        t, lang = kit.t, kit.lang
        self.fields = fields
        submit = kit.act(self.confirm)
        self.fields.on_submit(submit)
        self.kind = kit.dropdown(
            t("logger.kind"),
            [(k.value, label_of(k, lang)) for k in EntryKind],
            content.kind.value,
            self._kind_changed,
            width=200,
        )
        self.ref = kit.focus.track(
            ft.TextField(
                label=t("logger.ref"),
                value=content.ref or "",
                on_submit=submit,
                dense=True,
                width=140,
                text_size=15,
            )
        )
        self.new_status = kit.dropdown(
            t("logger.new_status"),
            [("", t("logger.none"))] + [(s.value, label_of(s, lang)) for s in TaskStatus],
            content.new_status.value if content.new_status else "",
            width=190,
        )
        self.extra = ft.Row(spacing=8, wrap=True)
        f = self.fields
        self.root = ft.Column(
            [
                f.text,
                ft.Row([self.kind, f.owner], spacing=8, wrap=True),
                ft.Row([f.deadline, f.priority], spacing=8, wrap=True),
                self.extra,
                ft.Row(
                    [
                        action_button(
                            t("logger.confirm"), submit, icon=ft.Icons.CHECK, kind="filled", height=40
                        ),
                        action_button(t("logger.save"), kit.act(self.save), icon=ft.Icons.SAVE, height=40),
                        action_button(t("logger.cancel"), kit.act(self.cancel), kind="text", height=40),
                    ],
                    spacing=6,
                    wrap=True,
                ),
            ],
            spacing=8,
        )
        self._arrange(content.kind)

    @property
    def controls(self) -> list[ft.Control]:
        return [*self.fields.controls, self.kind, self.ref, self.new_status]

    def _arrange(self, kind: EntryKind) -> None:
        """A decision asks for its reason, a status update for its entry and new status."""
        extra: list[ft.Control] = []
        if kind is EntryKind.DECISION:
            extra.append(self.fields.reason)
        if kind is EntryKind.STATUS:
            extra += [self.ref, self.new_status]
        self.extra.controls = extra

    def _kind_changed(self, _e: Any = None) -> None:
        with contextlib.suppress(ValueError):  # an unfinished filter text: keep the layout
            self._arrange(EntryKind(self.kind.value))
            safe_update(self.extra)

    def focus_first(self) -> Awaitable[None]:
        return self.fields.focus_first()

    def edits(self) -> Edits | None:
        """What the form changes; None when the deadline is not understood."""
        content = self.content
        kind = EntryKind(self.kind.value) if self.kind.value else content.kind
        out = self.fields.edits(kind)
        if out is None:
            return None
        if kind is not content.kind:
            out = {"kind": kind.value, **out}
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
        edits = self.edits()
        if edits is not None:
            await self._confirm(edits)

    async def save(self, _e: Any = None) -> None:
        edits = self.edits()
        if edits is not None:
            await self._save(edits)

    async def cancel(self, _e: Any = None) -> None:
        await self._cancel()
