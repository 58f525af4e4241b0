"""The register form: every field of a message, in a dialog (keyboard: Tab between fields, Enter saves).

The form builds a ``MessageDraft``; the room's routing rules fill "voor het CMT" and "doorgezet naar"
when the berichtenmanager leaves them at their defaults. Time and deadline are parsed here from what
was typed (the parser's own deadline parsing), never guessed silently: a bad value keeps the dialog.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import flet as ft

from assistant.app.room.messages import MessageDraft
from assistant.domain.errors import InvalidInput
from assistant.domain.messages import Channel, Direction, Party, PartyKind, Urgency
from assistant.domain.parser import parse_deadline
from assistant.i18n.names import role_display, roster_label
from assistant.ui.berichten.model import BerichtenData, party_options
from assistant.ui.tab import Tab
from assistant.ui.widgets.dropdown import filter_dropdown

AUTO = "auto"


class RegisterForm:
    """One dialog per registration; ``on_submit(draft)`` does the room call; the dialog closes after it succeeded."""

    def __init__(self, tab: Tab, data: BerichtenData, on_submit: Callable[[MessageDraft], Awaitable[None]]) -> None:
        t = tab.t
        self.tab = tab
        self.data = data
        self.on_submit = on_submit
        now = data.now or datetime.now().astimezone()
        self.time = ft.TextField(label=t("berichten.field_time"), value=f"{now:%H:%M}", width=130, autofocus=True)
        self.direction = _dropdown(t("berichten.field_direction"),
                                   [(d.value, t(f"berichten.direction.{d.value}")) for d in Direction], "in", 150)
        self.channel = _dropdown(t("berichten.field_channel"),
                                 [(c.value, t(f"berichten.channel.{c.value}")) for c in Channel], "telefoon", 170)
        self.party = _dropdown(t("berichten.field_party"), party_options(data, tab.lang), "", 320)
        self.party_free = ft.TextField(label=t("berichten.field_party_free"), width=260)
        self.subject = ft.TextField(label=t("berichten.field_subject"), expand=True)
        self.content = ft.TextField(label=t("berichten.field_content"), multiline=True, min_lines=2, max_lines=5)
        self.urgency = _dropdown(t("berichten.field_urgency"),
                                 [(u.value, t(f"berichten.urgency.{u.value}")) for u in Urgency], "normaal", 160)
        roles = [(AUTO, "—"), ("", t("berichten.nobody"))]
        if data.roster is not None:
            roles += [(r.id, role_display(r, tab.lang)) for r in data.roster.roles]
        self.routed = _dropdown(t("berichten.field_routed"), roles, AUTO, 240)
        self.for_cmt = ft.Checkbox(label=t("berichten.field_cmt"), tristate=True, value=None)
        self.request = ft.Checkbox(label=t("berichten.field_request"), value=False)
        self.deadline = ft.TextField(label=t("berichten.field_deadline"), width=240)
        self.dialog = ft.AlertDialog(
            modal=True,
            title=ft.Text(t("berichten.new")),
            content=ft.Container(
                ft.Column(
                    [
                        ft.Row([self.time, self.direction, self.channel, self.urgency], wrap=True),
                        ft.Row([self.party, self.party_free], wrap=True),
                        ft.Row([self.subject]),
                        self.content,
                        ft.Row([self.for_cmt, self.routed], wrap=True),
                        ft.Row([self.request, self.deadline], wrap=True),
                    ],
                    tight=True,
                    spacing=10,
                    scroll=ft.ScrollMode.AUTO,
                ),
                width=760,
            ),
            actions=[
                ft.TextButton(t("shell.cancel"), on_click=tab.handler(self._cancel)),
                ft.FilledButton(t("berichten.register"), on_click=tab.handler(self._submit)),
            ],
        )
        for field in (self.time, self.party_free, self.subject, self.deadline):
            field.on_submit = tab.handler(self._submit)

    async def _cancel(self, _e: Any = None) -> None:
        self.tab.close_dialog(self.dialog)

    async def _submit(self, _e: Any = None) -> None:
        try:
            draft = self.draft()
        except InvalidInput as exc:
            self.tab.toast(self.tab.t(str(exc.params.get("key")), value=exc.params.get("value", "")), error=True)
            return
        await self.on_submit(draft)  # a failure raises (the tab showed it): the dialog keeps what was typed
        self.tab.close_dialog(self.dialog)

    def draft(self) -> MessageDraft:
        """The form's values as a draft; ``InvalidInput`` (with the catalogue key) for what cannot be read."""
        now = self.data.now or datetime.now().astimezone()
        at = _time_today(self.time.value or "", now)
        party = self._party()
        deadline, words = None, ""
        if (self.deadline.value or "").strip():
            found = parse_deadline(self.deadline.value or "", now=now, lang=self.tab.lang)
            if found is None or found.deadline is None:
                raise InvalidInput("deadline", key="berichten.deadline_invalid", value=self.deadline.value)
            deadline, words = found.deadline, found.words
        routed = self.routed.value
        return MessageDraft(
            direction=Direction(self.direction.value or "in"),
            channel=Channel(self.channel.value or "telefoon"),
            counterpart=party,
            subject=(self.subject.value or "").strip(),
            content=(self.content.value or "").strip(),
            urgency=Urgency(self.urgency.value or "normaal"),
            for_cmt=self.for_cmt.value,
            routed_to=None if routed in (AUTO, None) else routed,
            request=bool(self.request.value) or deadline is not None,
            deadline=deadline,
            deadline_words=words,
            at=at,
        )

    def _party(self) -> Party:
        free = (self.party_free.value or "").strip()
        if free:
            return Party.free(free)
        key = self.party.value or ""
        kind, _, ident = key.partition(":")
        label = dict(party_options(self.data, self.tab.lang)).get(key, "")
        if kind == "stakeholder":
            return Party(PartyKind.STAKEHOLDER, label, ident)
        if kind == "rol" and self.data.roster is not None:
            return Party(PartyKind.ROLE, roster_label(self.data.roster, ident, "nl"), ident)
        raise InvalidInput("party", key="berichten.party_missing", value="")


def _dropdown(label: str, options: list[tuple[str, str]], value: str, width: int) -> ft.Dropdown:
    return filter_dropdown(label, options, value, width=width, tooltip=label)


def _time_today(text: str, now: datetime) -> datetime:
    """"14:05" or "1405" today in the crisis's zone (the time a message came in, editable)."""
    digits = text.strip().replace(".", ":")
    if ":" not in digits and len(digits) in (3, 4) and digits.isdigit():
        digits = f"{digits[:-2]}:{digits[-2:]}"
    try:
        hour, minute = (int(p) for p in digits.split(":", 1))
        return now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    except ValueError as exc:
        raise InvalidInput("time", key="berichten.time_invalid", value=text) from exc
