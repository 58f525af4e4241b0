"""The chair's view of the message register: the spoed alert, "Nieuwe berichten sinds het vorige
overleg" (in Beeldvorming, with a count badge, expandable) and the communication schema with the last
contact per stakeholder (on the Stakeholders tab).

Not a section of its own: the block sits under the clock (the alert must be visible whatever tab is
open) and the schema lines go under the stakeholder list. Like the panels it rebuilds only when its
plain value changed. The alert is non-blocking: it is a banner, "Gezien" hides it on this tablet.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import flet as ft

from assistant.domain.boboc import Phase
from assistant.domain.messages import Message
from assistant.i18n.names import roster_label
from assistant.ui import theme
from assistant.ui.chair.message_data import ChairMessages
from assistant.ui.chair.panels.base import ChairView
from assistant.ui.chair.rows import StakeholderRow
from assistant.ui.tab import Tab


@dataclass(frozen=True)
class MessageRow:
    number: str
    time: str
    party: str
    summary: str
    urgent: bool
    entry: str


@dataclass(frozen=True)
class MessagesValue:
    beeldvorming: bool
    rows: tuple[MessageRow, ...]
    alerts: tuple[MessageRow, ...]


def _row(message: Message) -> MessageRow:
    return MessageRow(message.number, message.at[11:16], message.counterpart.name, message.summary,
                      message.is_alert, message.entry_number or "")


class MessagesBlock:
    """Alert banner plus the new-messages list; ``root`` goes under the chair's clock."""

    def __init__(self, tab: Tab, on_seen: Callable[[], Awaitable[None]]) -> None:
        self.tab = tab
        self.on_seen = on_seen
        self.root = ft.Column(spacing=8)
        self.seen: set[str] = set()  # alerts this tablet dismissed ("Gezien")
        self.expanded = False
        self._shown: MessagesValue | None = None

    def value(self, view: ChairView, messages: ChairMessages) -> MessagesValue:
        item = view.snapshot.item if view.snapshot is not None else None
        alerts = tuple(_row(m) for m in messages.alerts if m.number not in self.seen)
        in_beeldvorming = item is not None and item.phase == Phase.BEELDVORMING.value
        return MessagesValue(in_beeldvorming, tuple(_row(m) for m in messages.new), alerts)

    def refresh(self, view: ChairView, messages: ChairMessages) -> bool:
        value = self.value(view, messages)
        if value == self._shown:
            return False
        self._shown = value
        self.root.controls = self.build(value)
        return True

    def build(self, value: MessagesValue) -> list[ft.Control]:
        t = self.tab.t
        out: list[ft.Control] = [self._alert(row) for row in value.alerts]
        if not value.beeldvorming and not value.alerts:
            return out
        if value.beeldvorming:
            badge = ft.Container(ft.Text(str(len(value.rows)), size=16, weight=ft.FontWeight.BOLD),
                                 padding=ft.Padding.symmetric(horizontal=10, vertical=2), border_radius=12,
                                 bgcolor=theme.WARNING if value.rows else theme.DONE)
            rows = [self._line(row) for row in value.rows] or [ft.Text(t("berichten.chair_none"), size=15)]
            out.append(
                ft.ExpansionTile(
                    title=ft.Row([ft.Text(t("berichten.chair_new"), size=18, weight=ft.FontWeight.W_600), badge]),
                    controls=rows,
                    expanded=self.expanded,
                    on_change=self._toggled,
                )
            )
        return out

    def _toggled(self, e: Any) -> None:
        self.expanded = str(getattr(e, "data", "")).lower() == "true"

    def _line(self, row: MessageRow) -> ft.Control:
        colour = theme.OVERRUN if row.urgent else None
        detail = f"{row.time} · {row.party}" + (f" · {row.entry}" if row.entry else "")
        return ft.ListTile(
            title=ft.Text(f"{row.number}  {row.summary}", size=16, color=colour),
            subtitle=ft.Text(detail, size=14),
            dense=True,
        )

    def _alert(self, row: MessageRow) -> ft.Control:
        t = self.tab.t
        text = t("berichten.alert", number=row.number, party=row.party, subject=row.summary)

        async def seen(_e: Any = None) -> None:
            self.seen.add(row.number)
            await self.on_seen()

        return ft.Container(
            ft.Row(
                [
                    ft.Icon(ft.Icons.WARNING_AMBER, color=theme.OVERRUN, size=32),
                    ft.Text(text, size=18, weight=ft.FontWeight.BOLD, expand=True),
                    ft.TextButton(t("berichten.alert_seen"), on_click=self.tab.handler(seen)),
                ],
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            ),
            padding=12,
            border_radius=12,
            border=ft.Border.all(3, theme.OVERRUN),
        )


@dataclass(frozen=True)
class RegisterLines:
    """The Stakeholders tab's part of the register, as plain text lines (compared to skip redraws)."""

    contacts: tuple[tuple[str, str, str], ...]  # (stakeholder name, time, message number); "" = none
    schema: tuple[tuple[str, str, str, str], ...]  # (role id, partner, channel, frequency)
    roster: Any

    @property
    def rows(self) -> tuple[StakeholderRow, ...]:
        """Marker rows (empty id: not drawn as stakeholders) so a register change redraws the panel."""
        return tuple(StakeholderRow("", f"{c}", "") for c in (*self.contacts, *self.schema))


def schema_controls_value(data: Any) -> RegisterLines:
    messages: ChairMessages = data.messages
    contacts = []
    for stakeholder in data.stakeholders:
        last = messages.last_contacts.get(stakeholder.stakeholder_id)
        contacts.append((stakeholder.name, last.at[11:16] if last else "", last.number if last else ""))
    schema = tuple((l.role_id, l.partner, l.channel.value, l.frequency) for l in messages.schema)
    roster = data.crisis.roster if data.crisis is not None else None
    return RegisterLines(tuple(contacts), schema, roster)


def schema_controls(tab: Tab, lines: RegisterLines) -> list[ft.Control]:
    """Under the stakeholder list: last contact per stakeholder and the communication schema."""
    t = tab.t
    out: list[ft.Control] = [ft.Divider()]
    for name, time, number in lines.contacts:
        text = t("berichten.last_contact", time=time, number=number) if number else t("berichten.no_contact")
        out.append(ft.Text(f"{name}: {text}", size=14))
    out.append(ft.Text(t("berichten.schema_title"), size=17, weight=ft.FontWeight.W_600))
    for role_id, partner, channel, frequency in lines.schema:
        role = roster_label(lines.roster, role_id, tab.lang) if lines.roster is not None else role_id
        out.append(ft.Text(t("berichten.schema_line", role=role, partner=partner,
                             channel=t(f"berichten.channel.{channel}"), frequency=frequency or "-"), size=14))
    if not lines.schema:
        out.append(ft.Text(t("berichten.schema_empty"), size=14))
    return out
