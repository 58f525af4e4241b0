"""The berichtenlijst (message list): every message of a crisis, PDF, CSV, JSON or Markdown.

``assistant export --what messages``. The list shows the newest version of every message; JSON also
carries every version (nothing is left out: the register is evidence like the log) and the
communication schema. Times in the crisis's zone, with the zone. Reading the repository is the only I/O.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from assistant.domain.meeting import Crisis, Meeting
from assistant.domain.messages import (
    CommLink,
    Message,
    for_meeting_report,
    newest_first,
    previous_meeting_end,
    still_open,
)
from assistant.export import document as d
from assistant.export import markdown, pdf
from assistant.i18n import t
from assistant.i18n.names import roster_label

COLUMNS = (
    ("nr", 0.5), ("time", 1.0), ("direction", 0.6), ("channel", 0.8), ("party", 1.6), ("subject", 3.0),
    ("urgency", 0.7), ("cmt", 0.5), ("routed", 1.0), ("status", 0.9), ("entry", 0.6),
)  # fmt: skip


def _label(key: str, lang: str, **params: Any) -> str:
    return t(f"berichten.export.{key}", lang, **params)


def message_cells(message: Message, crisis: Crisis, lang: str, tz: Any) -> list[str]:
    at = datetime.fromisoformat(message.at).astimezone(tz)
    return [
        message.number,
        d.fmt_dt(at, lang, year=True),
        t(f"berichten.direction.{message.direction.value}", lang),
        t(f"berichten.channel.{message.channel.value}", lang),
        message.counterpart.name,
        message.summary + (f" ({message.content})" if message.content and message.subject else ""),
        t(f"berichten.urgency.{message.urgency.value}", lang),
        "CMT" if message.for_cmt else "",
        roster_label(crisis.roster, message.routed_to, lang) if message.routed_to else "",
        t(f"berichten.status.{message.status.value}", lang),
        message.entry_number or "",
    ]


def messages_table(messages: list[Message], crisis: Crisis, lang: str, tz: Any) -> d.Table:
    """The berichtenlijst as a document table (also used in the meeting report and the handover)."""
    ordered = newest_first(messages)
    return d.Table(
        [d.Column(key, _label(key, lang), weight) for key, weight in COLUMNS],
        [message_cells(m, crisis, lang, tz) for m in ordered],
        flagged={i for i, m in enumerate(ordered) if m.is_alert},
        empty=_label("empty", lang),
    )


def report_blocks(
    messages: list[Message], crisis: Crisis, meetings: Sequence[Meeting], number: int, lang: str, tz: Any
) -> list[d.Block]:
    """The meeting report's section: CMT messages since the previous meeting, up to this one's end."""
    previous = previous_meeting_end(m.ended_at for m in meetings if m.number < number)
    this = next((m for m in meetings if m.number == number), None)
    chosen = for_meeting_report(messages, previous, this.ended_at if this is not None else None)
    return [d.Heading(_label("since_previous", lang)), messages_table(chosen, crisis, lang, tz)]


def handover_blocks(messages: list[Message], crisis: Crisis, lang: str, tz: Any) -> list[d.Block]:
    """The handover's section: every message not yet handled."""
    return [d.Heading(_label("still_open", lang)), messages_table(still_open(messages), crisis, lang, tz)]


def messages_document(
    crisis: Crisis,
    messages: list[Message],
    schema: list[CommLink],
    lang: str,
    now: datetime,
    footer: str | None,
) -> d.Document:
    tz = now.tzinfo
    cover = [
        (d.L("organisation", lang), crisis.organisation or "–"),
        (d.L("crisis", lang), crisis.name),
        (d.L("moment", lang), d.fmt_dt(now, lang)),
        (_label("count", lang), str(len(messages))),
    ]
    doc = d._base(
        crisis, "messages", lang, _label("title", lang), crisis.name, now, footer, cover, landscape=True
    )
    doc.blocks.append(messages_table(messages, crisis, lang, tz))
    doc.blocks.append(d.Heading(t("berichten.schema_title", lang), 2))
    doc.blocks.append(
        d.Table(
            [
                d.Column("role", t("berichten.link_role", lang)),
                d.Column("partner", t("berichten.link_partner", lang), 2),
                d.Column("channel", t("berichten.field_channel", lang)),
                d.Column("frequency", _label("frequency", lang)),
            ],
            [
                [
                    roster_label(crisis.roster, link.role_id, lang),
                    link.partner,
                    t(f"berichten.channel.{link.channel.value}", lang),
                    link.frequency,
                ]
                for link in schema
                if link.active
            ],
            empty=t("berichten.schema_empty", lang),
        )
    )
    return doc


def render(repo: Any, crisis: Crisis, fmt: str, lang: str, now: datetime, footer: str | None) -> bytes:
    messages = repo.list_messages(crisis.crisis_id)
    schema = repo.list_comm_links(crisis.crisis_id)
    if fmt == "csv":
        return messages_csv(messages, crisis, lang, now)
    if fmt == "json":
        return messages_json(messages, repo.message_versions(crisis.crisis_id), schema, crisis, now)
    doc = messages_document(crisis, messages, schema, lang, now, footer)
    return pdf.render_pdf(doc) if fmt == "pdf" else markdown.render_markdown(doc)


def messages_csv(messages: list[Message], crisis: Crisis, lang: str, now: datetime) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_label(key, lang) for key, _ in COLUMNS])
    for message in newest_first(messages):
        writer.writerow(message_cells(message, crisis, lang, now.tzinfo))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def messages_json(
    messages: list[Message], versions: list[Message], schema: list[CommLink], crisis: Crisis, now: datetime
) -> bytes:
    data = {
        "format": "cmt-assistant.messages",
        "version": 1,
        "crisis": {"id": crisis.crisis_id, "name": crisis.name, "organisation": crisis.organisation},
        "generated_at": now.isoformat(timespec="seconds"),
        "messages": [m.to_dict() for m in newest_first(messages)],
        "versions": [v.to_dict() for v in versions],
        "schema": [link.to_dict() for link in schema],
    }
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
