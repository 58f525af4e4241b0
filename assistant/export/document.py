"""Format-neutral, localised documents built from the report model.

A ``Document`` is a title, cover fields and a list of blocks (headings, text, key/value fields,
tables, entry cards). ``pdf.py`` and ``markdown.py`` render any document the same way, so the
PDF and the Markdown of one report always show the same content in the same order.

All strings in a document are plain text (user text is *not* escaped here; each renderer escapes
for its own format).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from assistant import __version__
from assistant.domain.entries import DeadlineKind, DraftTally, EntryKind, LogEntry, TaskStatus
from assistant.domain.individual import Stakeholder
from assistant.domain.meeting import Crisis
from assistant.export import model as m
from assistant.i18n import code_label, label, pick, t
from assistant.i18n.names import role_display, roster_label
from assistant.storage.repository import ChainHead

# --- blocks ----------------------------------------------------------------------------------------


@dataclass
class Heading:
    text: str
    level: int = 1


@dataclass
class Text:
    text: str
    style: str = "normal"  # "normal" | "muted" | "alert" | "ok"


@dataclass
class Fields:
    pairs: list[tuple[str, str]]
    columns: int = 1  # 2: two key/value columns side by side


@dataclass
class Column:
    key: str
    title: str
    weight: float = 1.0


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[str]]
    flagged: set[int] = field(default_factory=set)  # row indices shown as alerts (overdue)
    muted: set[int] = field(default_factory=set)  # row indices shown dimmed (closed, revoked)
    empty: str = ""  # shown instead of an empty table


@dataclass
class EntryCard:
    """One entry of the full log: a title line, its current fields and a table of all versions."""

    title: str
    badge: str
    fields: list[tuple[str, str]]
    versions: Table


@dataclass
class PageBreak:
    pass


Block = Heading | Text | Fields | Table | EntryCard | PageBreak


@dataclass
class Document:
    what: str
    lang: str
    title: str
    subtitle: str
    cover: list[tuple[str, str]]
    blocks: list[Block]
    header: str  # running header: organisation · crisis
    generated: str  # "Gegenereerd 14-03-2025 15:02 CET · CMT-assistent 0.1.0"
    footer: str | None  # confidentiality text, None for none
    landscape: bool = False
    cover_columns: int = 1  # 2: cover fields side by side (saves space on one-page documents)
    compact: bool = False  # smaller type and padding (the handover aims at one page)
    alerts: list[str] = field(default_factory=list)  # cover alerts (e.g. broken hash chain)

    def user_texts(self) -> list[str]:
        """Every string in the document (the PDF renderer checks which characters it needs)."""
        out = [self.title, self.subtitle, self.header, self.generated, self.footer or "", *self.alerts]
        out += [v for pair in self.cover for v in pair]
        for block in self.blocks:
            if isinstance(block, (Heading, Text)):
                out.append(block.text)
            elif isinstance(block, Fields):
                out += [v for pair in block.pairs for v in pair]
            elif isinstance(block, Table):
                out += [c.title for c in block.columns] + [cell for row in block.rows for cell in row]
            elif isinstance(block, EntryCard):
                out += [block.title, block.badge] + [v for pair in block.fields for v in pair]
                out += [cell for row in block.versions.rows for cell in row]
        return out


# --- labels ----------------------------------------------------------------------------------------

def L(key: str, lang: str, **params: object) -> str:
    """A document string from the catalogue (section ``[document]`` of ``assistant/i18n``)."""
    return t(f"document.{key}", lang, **params)


def phase_label(phase: str | None, lang: str) -> str:
    """BOBOC phase or agenda phase id → its name; unknown ids stay as they are."""
    return code_label("phase", phase, lang)


# --- formatting ------------------------------------------------------------------------------------


def tz_name(dt: datetime) -> str:
    name = dt.tzname() or ""
    if not name or name.startswith(("UTC", "+", "-")):
        offset = dt.strftime("%z")
        return f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    return name


def fmt_dt(dt: datetime | None, lang: str, *, date: bool = True, year: bool = True) -> str:
    """``14-03-2025 14:05 CET`` (nl) / ``2025-03-14 14:05 CET`` (en); always with the zone."""
    if dt is None:
        return ""
    day = dt.strftime(L("date" if year else "date_short", lang) + " ") if date else ""
    return f"{day}{dt.strftime('%H:%M')} {tz_name(dt)}"


def fmt_short(dt: datetime | None, lang: str) -> str:
    return fmt_dt(dt, lang, year=False)


def fmt_minutes(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds / 60.0:.1f}".replace(".", ",")


class Formatter:
    """Turns model values into display text for one crisis and language."""

    def __init__(self, crisis: Crisis, lang: str, now: datetime, tz: tzinfo) -> None:
        self.crisis = crisis
        self.lang = lang
        self.now = now
        self.tz = tz

    def dt(self, value: datetime | str | None, *, year: bool = False) -> str:
        if isinstance(value, str):
            value = m.parse_time(value, self.tz)
        if value is None:
            return ""
        return fmt_dt(value.astimezone(self.tz), self.lang, year=year)

    def role(self, role_id: str | None) -> str:
        if not role_id:
            return ""
        role = self.crisis.roster.find(role_id)
        return role_display(role, self.lang) if role else role_id

    def roles(self, role_ids: tuple[str, ...] | list[str]) -> str:
        return ", ".join(self.role(r) for r in role_ids) or L("none", self.lang)

    def kind(self, kind: EntryKind) -> str:
        return label(kind, self.lang)

    def deadline(self, row: m.ListRow) -> str:
        when = self.dt(row.deadline_at)
        kind = row.deadline_kind
        if kind is DeadlineKind.ASAP:
            return f"{L('deadline_asap', self.lang)} ({when})" if when else L("deadline_asap", self.lang)
        if kind is DeadlineKind.NEXT_MEETING:
            name = label(kind, self.lang)
            return f"{name} ({when})" if when else name
        if kind is not None and when:
            return f"{label(kind, self.lang)} {when}"
        return when or (row.deadline_words or "")

    def status(self, row: m.ListRow, *, overdue_suffix: bool = True) -> str:
        if row.kind is EntryKind.DECISION:
            return L("revoked", self.lang) if row.status is TaskStatus.CANCELLED else L("in_force", self.lang)
        if row.status is None:
            return ""
        text = label(row.status, self.lang)
        if row.overdue and overdue_suffix:
            late = m.minutes_late(row.deadline_at, self.now)
            text += " — " + (
                L("overdue_min", self.lang, n=late) if late is not None else L("overdue", self.lang)
            )
        return text

    def priority(self, row: m.ListRow) -> str:
        return label(row.priority, self.lang) if row.priority else ""

    def reliability(self, row: m.ListRow) -> str:
        return label(row.reliability, self.lang) if row.reliability else ""


# --- documents -------------------------------------------------------------------------------------


def _base(
    crisis: Crisis,
    what: str,
    lang: str,
    title: str,
    subtitle: str,
    now: datetime,
    footer: str | None,
    cover: list[tuple[str, str]],
    landscape: bool = False,
) -> Document:
    header = " · ".join(x for x in (crisis.organisation, crisis.name) if x)
    generated = L("generated", lang, t=fmt_dt(now, lang), v=__version__)
    return Document(
        what=what,
        lang=lang,
        title=title,
        subtitle=subtitle,
        cover=cover,
        blocks=[],
        header=header,
        generated=generated,
        footer=footer,
        landscape=landscape,
    )


def _crisis_cover(f: Formatter) -> list[tuple[str, str]]:
    crisis = f.crisis
    return [
        (L("organisation", f.lang), crisis.organisation or "–"),
        (L("crisis", f.lang), crisis.name),
        (L("crisis_started", f.lang), f.dt(crisis.started_at, year=True)),
    ]


def _tz_line(f: Formatter) -> str:
    return f"{f.crisis.timezone} ({tz_name(f.now)})"


def decision_table(rows: list[m.ListRow], f: Formatter, *, meeting_col: bool = True) -> Table:
    cols = [Column("nr", L("nr", f.lang), 0.5), Column("time", L("time", f.lang), 1.4)]
    if meeting_col:
        cols.append(Column("meeting", L("meeting", f.lang), 0.75))
    cols += [
        Column("text", L("decision", f.lang), 3.2),
        Column("reason", L("reason", f.lang), 2.4),
        Column("status", L("status", f.lang), 0.8),
    ]
    table = Table(cols, [], empty=L("no_items", f.lang))
    for i, r in enumerate(rows):
        cells = [r.number, f.dt(r.recorded_at)]
        if meeting_col:
            cells.append(str(r.meeting_number or ""))
        cells += [r.text, r.reason, f.status(r)]
        table.rows.append(cells)
        if r.status is TaskStatus.CANCELLED:
            table.muted.add(i)
    return table


def task_table(
    rows: list[m.ListRow], f: Formatter, *, meeting_col: bool = True, time_col: bool = True
) -> Table:
    cols = [Column("nr", L("nr", f.lang), 0.5)]
    if time_col:
        cols.append(Column("time", L("time", f.lang), 1.4))
    if meeting_col:
        cols.append(Column("meeting", L("meeting", f.lang), 0.75))
    cols += [
        Column("text", L("task", f.lang), 3.0),
        Column("owner", L("owner", f.lang), 1.4),
        Column("deadline", L("deadline", f.lang), 1.3),
        Column("status", L("status", f.lang), 1.1),
        Column("linked_decision", L("linked_decision", f.lang), 0.75),
    ]
    table = Table(cols, [], empty=L("no_items", f.lang))
    for i, r in enumerate(rows):
        cells = [r.number]
        if time_col:
            cells.append(f.dt(r.recorded_at))
        if meeting_col:
            cells.append(str(r.meeting_number or ""))
        cells += [r.text, f.role(r.owner), f.deadline(r), f.status(r), r.linked_decision or ""]
        table.rows.append(cells)
        if r.overdue:
            table.flagged.add(i)
        elif r.status is not None and r.status.is_closed:
            table.muted.add(i)
    return table


def info_table(rows: list[m.ListRow], f: Formatter, *, meeting_col: bool = False) -> Table:
    cols = [Column("nr", L("nr", f.lang), 0.5), Column("time", L("time", f.lang), 1.4)]
    if meeting_col:
        cols.append(Column("meeting", L("meeting", f.lang), 0.75))
    cols += [
        Column("text", L("information", f.lang), 4.0),
        Column("reliability", L("reliability", f.lang), 1.35),
        Column("source", L("source", f.lang), 1.2),
    ]
    table = Table(cols, [], empty=L("no_items", f.lang))
    for r in rows:
        cells = [r.number, f.dt(r.recorded_at)]
        if meeting_col:
            cells.append(str(r.meeting_number or ""))
        cells += [r.text, f.reliability(r), r.info_source]
        table.rows.append(cells)
    return table


def simple_table(rows: list[m.ListRow], f: Formatter, text_title: str, *, owner: bool = False) -> Table:
    cols = [
        Column("nr", L("nr", f.lang), 0.5),
        Column("time", L("time", f.lang), 1.4),
        Column("text", text_title, 5.0 if not owner else 3.6),
    ]
    if owner:
        cols += [Column("owner", L("owner", f.lang), 1.4), Column("deadline", L("deadline", f.lang), 1.3)]
    table = Table(cols, [], empty=L("no_items", f.lang))
    for r in rows:
        cells = [r.number, f.dt(r.recorded_at), r.text]
        if owner:
            cells += [f.role(r.owner), f.deadline(r)]
        table.rows.append(cells)
    return table


def with_anchor(doc: Document, anchor: ChainHead) -> Document:
    """Every report names the log it was made from: the short fingerprint with count, on every page."""
    doc.generated = f"{doc.generated} · {L('anchor_short', doc.lang, fp=anchor.fingerprint)}"
    return doc


def anchor_blocks(anchor: ChainHead, lang: str) -> list[Block]:
    """The full anchor (count and 64-digit head) printed in the meeting report."""
    return [Heading(L("anchor", lang)), Text(L("anchor_text", lang, count=anchor.count, head=anchor.head))]


def tally_blocks(tally: DraftTally, lang: str) -> list[Block]:
    """How the meeting's drafts were decided: the share confirmed without editing (issue 12)."""
    blocks: list[Block] = [Heading(L("drafts_measured", lang))]
    share = tally.share_unedited
    if share is None:
        blocks.append(Text(L("drafts_none", lang)))
        return blocks
    blocks.append(
        Text(
            L(
                "drafts_share",
                lang,
                unedited=tally.unedited,
                decided=tally.decided,
                pct=round(share * 100),
                edited=tally.edited,
                rejected=tally.rejected,
                pending=tally.pending,
            )
        )
    )
    if tally.fields:
        names = ", ".join(f"{name} ({count})" for name, count in tally.fields)
        blocks.append(Text(L("drafts_fields", lang, fields=names)))
    return blocks


def meeting_document(
    report: m.MeetingReport,
    view: m.LogView,
    lang: str,
    footer: str | None,
    tally: DraftTally | None = None,
    messages: Sequence[Block] = (),
) -> Document:
    """``messages``: the message register's section (export/messages.py builds it; the register is
    not part of the log model)."""
    f = Formatter(report.crisis, lang, view.now, view.tz)
    meeting = report.meeting
    duration = ""
    if report.spent_seconds is not None:
        duration = L(
            "duration_value",
            lang,
            spent=fmt_minutes(report.spent_seconds),
            planned=fmt_minutes(report.planned_minutes * 60),
        )
    cover = _crisis_cover(f) + [
        (L("meeting", lang), str(meeting.number)),
        (L("planned", lang), f.dt(report.planned_start, year=True)),
        (L("start", lang), f.dt(report.started_at, year=True) or L("not_started", lang)),
        (
            L("end", lang),
            f.dt(report.ended_at, year=True) or (L("not_ended", lang) if report.started_at else "–"),
        ),
        (L("duration", lang), duration or "–"),
        (L("next_meeting", lang), f.dt(report.next_meeting_at, year=True) or L("unknown", lang)),
        (L("timezone", lang), _tz_line(f)),
    ]
    doc = _base(
        report.crisis,
        "meeting",
        lang,
        L("meeting_report", lang, n=meeting.number),
        report.crisis.name,
        view.now,
        footer,
        cover,
    )
    b = doc.blocks
    b.append(Heading(L("attendance", lang)))
    absent = [
        L("delegated_to", lang, role=f.role(role), to=f.role(to))
        if to
        else L("not_delegated", lang, role=f.role(role))
        for role, to in report.absent
    ]
    pairs = [
        (L("present", lang), f.roles(report.present)),
        (L("absent", lang), "; ".join(absent) or L("none", lang)),
    ]
    if report.guests:
        pairs.append((L("guests", lang), ", ".join(f.role(g) for g in report.guests)))
    b.append(Fields(pairs))

    if not meeting.first or report.control or report.open_at_start:
        b.append(Heading(L("control", lang)))
        b.append(Heading(L("open_at_start", lang), 2))
        b.append(task_table(list(report.open_at_start), f, time_col=False))
        b.append(Heading(L("status_changes", lang), 2))
        changes = Table(
            [
                Column("nr", L("nr", lang), 0.5),
                Column("text", L("task", lang), 3.6),
                Column("status", L("new_status", lang), 1.0),
                Column("time", L("time", lang), 1.4),
                Column("by", L("by", lang), 1.2),
                Column("via", L("via", lang), 0.6),
            ],
            [],
            empty=L("no_items", lang),
        )
        for c in report.control:
            status = label(c.new_status, lang)
            changes.rows.append([c.number, c.text, status, f.dt(c.at), f.role(c.by), c.via])
        b.append(changes)

    b.append(Heading(L("picture", lang)))
    b.append(Heading(L("information", lang), 2))
    b.append(info_table(list(report.info), f))
    b.append(Heading(L("info_needs", lang), 2))
    b.append(simple_table(list(report.info_needs), f, L("info_needs", lang), owner=True))

    b.append(Heading(L("judgement", lang)))
    b.append(Heading(L("bottlenecks", lang), 2))
    b.append(simple_table(list(report.bottlenecks), f, L("bottlenecks", lang)))
    if report.proposals:
        b.append(Heading(L("proposals", lang), 2))
        b.append(simple_table(list(report.proposals), f, L("proposals", lang)))

    b.append(Heading(L("decision_making", lang)))
    b.append(decision_table(list(report.decisions), f, meeting_col=False))

    b.append(Heading(L("tasking", lang)))
    b.append(task_table(list(report.orders) + list(report.actions), f, meeting_col=False))

    if report.process:
        b.append(Heading(L("process", lang)))
        b.append(simple_table(list(report.process), f, L("text", lang)))

    b.append(Heading(L("next_meeting", lang)))
    b.append(Text(f.dt(report.next_meeting_at, year=True) or L("unknown", lang)))

    b.append(Heading(L("timing", lang)))
    timing = Table(
        [
            Column("item", L("agenda_item", lang), 4.0),
            Column("planned", L("planned_min", lang), 1.0),
            Column("spent", L("spent_min", lang), 1.0),
            Column("diff", L("difference", lang), 1.0),
        ],
        [],
    )
    for i, row in enumerate(report.timing):
        title = pick(lang, row.title, row.title_en)
        diff = "" if row.spent_seconds is None else _signed(row.spent_seconds / 60.0 - row.planned_minutes)
        planned = fmt_minutes(row.planned_minutes * 60)
        timing.rows.append([title, planned, fmt_minutes(row.spent_seconds), diff])
        if row.spent_seconds is not None and row.spent_seconds / 60.0 > row.planned_minutes + 0.5:
            timing.flagged.add(i)
    planned_total = sum(item.planned_minutes for item in report.timing)
    total_diff = ""
    if report.spent_seconds is not None and report.ended_at is not None:
        total_diff = _signed(report.spent_seconds / 60.0 - planned_total)
    timing.rows.append(
        [L("total", lang), fmt_minutes(planned_total * 60), fmt_minutes(report.spent_seconds), total_diff]
    )
    b.append(timing)
    b += messages
    if tally is not None:
        b += tally_blocks(tally, lang)
    b += anchor_blocks(view.anchor, lang)
    return doc


def _signed(minutes: float) -> str:
    text = f"{minutes:+.1f}".replace(".", ",")
    return text


def list_document(
    what: str, rows: list[m.ListRow], view: m.LogView, lang: str, footer: str | None, meeting: int | None
) -> Document:
    f = Formatter(view.crisis, lang, view.now, view.tz)
    scope = L("meeting_n", lang, n=meeting) if meeting is not None else L("whole_crisis", lang)
    cover = _crisis_cover(f) + [
        (L("moment", lang), f.dt(view.now, year=True)),
        (L("timezone", lang), _tz_line(f)),
    ]
    title = L(what, lang)
    doc = _base(
        view.crisis,
        what,
        lang,
        title,
        f"{view.crisis.name} · {scope}",
        view.now,
        footer,
        cover,
        landscape=True,
    )
    if what == "decisions":
        doc.blocks.append(decision_table(rows, f, meeting_col=meeting is None))
    else:
        doc.blocks.append(task_table(rows, f, meeting_col=meeting is None))
    return doc


def handover_document(
    h: m.Handover, view: m.LogView, lang: str, footer: str | None, messages: Sequence[Block] = ()
) -> Document:
    """``messages``: the open messages' section (see ``meeting_document``)."""
    f = Formatter(h.crisis, lang, view.now, view.tz)
    last = h.last_meeting
    last_text = "–"
    if last is not None:
        last_text = L("meeting_n", lang, n=last.number)
        when = f.dt(last.started_at or last.planned_start, year=True)
        if when:
            last_text += f", {when}"
    cover = [
        (L("crisis", lang), h.crisis.name),
        (L("organisation", lang), h.crisis.organisation or "–"),
        (L("moment", lang), f.dt(h.now, year=True)),
        (L("last_meeting", lang), last_text),
        (L("next_meeting", lang), f.dt(h.next_meeting_at, year=True) or L("unknown", lang)),
        (L("integrity", lang), L("chain_short_ok" if h.intact else "chain_short_broken", lang)),
    ]
    doc = _base(h.crisis, "handover", lang, L("handover", lang), h.crisis.name, view.now, footer, cover)
    doc.cover_columns = 2
    doc.compact = True
    if not h.intact:
        doc.alerts.append(L("chain_broken", lang, n=len(view.problems)))
    b = doc.blocks
    b.append(Heading(L("decisions_in_force", lang)))
    decisions = Table(
        [
            Column("nr", L("nr", lang), 0.5),
            Column("text", L("decision", lang), 3.0),
            Column("reason", L("reason", lang), 3.0),
            Column("meeting", L("meeting", lang), 0.75),
        ],
        [],
        empty=L("no_items", lang),
    )
    for r in h.decisions_in_force:
        decisions.rows.append([r.number, r.text, r.reason, str(r.meeting_number or "")])
    b.append(decisions)
    b.append(Heading(L("open_tasks", lang)))
    b.append(task_table(list(h.open_tasks), f, time_col=False, meeting_col=False))
    b.append(Heading(L("latest_picture", lang)))
    b.append(info_table(list(h.picture), f, meeting_col=False))
    if h.picture_more > 0:
        b.append(Text(L("older_info", lang, n=h.picture_more), "muted"))
    if h.info_needs:
        b.append(Heading(L("info_needs", lang), 2))
        b.append(simple_table(list(h.info_needs), f, L("info_needs", lang), owner=True))
    if h.bottlenecks:
        b.append(Heading(L("bottlenecks", lang), 2))
        b.append(simple_table(list(h.bottlenecks), f, L("bottlenecks", lang)))
    if h.chair_open:
        b.append(Heading(L("chair_open", lang)))
        chair = Table(
            [
                Column("time", L("time", lang), 1.4),
                Column("kind", L("kind", lang), 1.0),
                Column("text", L("text", lang), 4.5),
                Column("priority", L("priority", lang), 0.8),
            ],
            [],
        )
        for item in h.chair_open:
            chair.rows.append(
                [
                    f.dt(item.created_at),
                    _individual_kind(item.kind, lang),
                    item.text,
                    label(item.priority, lang),
                ]
            )
        b.append(chair)
    if h.stakeholders:
        b.append(Heading(L("stakeholders", lang)))
        pairs = []
        for s in h.stakeholders:
            when = f.dt(s.last_informed_at)
            by = roster_label(f.crisis.roster, s.last_informed_by, lang) if s.last_informed_by else ""
            pairs.append((s.name, f"{when} ({by})" if when and by else when or L("never", lang).upper()))
        b.append(Text(L("last_informed", lang) + ": " + " · ".join(f"{k}: {v}" for k, v in pairs)))
    b += messages
    return doc


def _individual_kind(kind: str, lang: str) -> str:
    return code_label("individual_kind", kind, lang)


def stakeholder_table(stakeholders: list[Stakeholder], f: Formatter) -> Table:
    lang = f.lang
    table = Table(
        [
            Column("name", L("stakeholders", lang), 2.4),
            Column("group", L("group", lang), 1.1),
            Column("informs", L("informs", lang), 1.4),
            Column("last", L("last_informed", lang), 1.2),
            Column("by", L("informed_by", lang), 1.4),
        ],
        [],
        empty=L("no_items", lang),
    )
    for s in stakeholders:
        roster = f.crisis.roster
        table.rows.append(
            [
                s.name,
                s.group,
                roster_label(roster, s.informed_by_role, lang),
                f.dt(s.last_informed_at) or L("never", lang),
                roster_label(roster, s.last_informed_by, lang),
            ]
        )
    return table


def origin_text(version: LogEntry, lang: str) -> str:
    origin = version.origin
    text = L("speech", lang) if origin.source == "speech" else L("typed", lang)
    extras = []
    if origin.transcript:
        extras.append(f"“{origin.transcript}”")
    if origin.confidence is not None:
        extras.append(L("confidence", lang, c=round(origin.confidence * 100)))
    if origin.low_confidence_words:
        extras.append(L("low_conf_words", lang, w=", ".join(origin.low_confidence_words)))
    if origin.audio_ref:
        extras.append(origin.audio_ref)
    return text + (": " + " · ".join(extras) if extras else "")


def _version_text(version: LogEntry, f: Formatter) -> str:
    """The content of one version as one block of text (text, reason, owner, deadline, status)."""
    c = version.content
    parts = [c.text]
    if c.reason:
        parts.append(f"{L('reason', f.lang)}: {c.reason}")
    if c.reliability:
        src = f", {c.info_source}" if c.info_source else ""
        parts.append(f"{L('reliability', f.lang)}: {label(c.reliability, f.lang)}{src}")
    if c.owner:
        parts.append(f"{L('owner', f.lang)}: {f.role(c.owner)}")
    if c.deadline or c.deadline_kind:
        when = f.dt(m.parse_time(c.deadline, f.tz)) if c.deadline else ""
        kind = label(c.deadline_kind, f.lang) if c.deadline_kind else ""
        words = f" (“{c.deadline_words}”)" if c.deadline_words else ""
        parts.append(f"{L('deadline', f.lang)}: {' '.join(x for x in (kind, when) if x)}{words}")
    if c.priority:
        parts.append(f"{L('priority', f.lang)}: {label(c.priority, f.lang)}")
    if version.status:
        parts.append(f"{L('status', f.lang)}: {label(version.status, f.lang)}")
    if c.kind is EntryKind.STATUS and c.new_status:
        parts.append(
            f"{L('refers_to', f.lang)}: {c.ref or ''}, {L('new_status', f.lang).lower()}: "
            f"{label(c.new_status, f.lang)}"
        )
    elif c.ref:
        parts.append(f"{L('refers_to', f.lang)}: {c.ref}")
    if c.linked_decision:
        parts.append(f"{L('linked_decision', f.lang)}: {c.linked_decision}")
    return "\n".join(parts)


def log_document(full: m.FullLog, lang: str, footer: str | None) -> Document:
    view = full.view
    f = Formatter(view.crisis, lang, view.now, view.tz)
    integrity = L("chain_short_ok" if view.intact else "chain_short_broken", lang)
    period = (
        " – ".join(x for x in (f.dt(full.first_at, year=True), f.dt(full.last_at, year=True)) if x) or "–"
    )
    cover = _crisis_cover(f) + [
        (L("period", lang), period),
        (L("entries", lang), str(len(view.entries))),
        (L("versions", lang), str(len(view.versions))),
        (L("integrity", lang), integrity),
        (L("moment", lang), f.dt(view.now, year=True)),
        (L("timezone", lang), _tz_line(f)),
    ]
    doc = _base(view.crisis, "log", lang, L("log", lang), view.crisis.name, view.now, footer, cover)
    if view.intact:
        verdict = (
            L("chain_ok", lang, n=len(view.versions), h=(view.head_hash or "")[:16])
            if view.versions
            else L("chain_empty", lang)
        )
        doc.blocks.append(Text(verdict, "ok"))
    else:
        doc.alerts.append(L("chain_broken", lang, n=len(view.problems)))
        doc.blocks.append(Text(L("chain_broken", lang, n=len(view.problems)), "alert"))
        for p in view.problems[:50]:
            doc.blocks.append(
                Text(
                    L(
                        "chain_problem",
                        lang,
                        seq=p.seq,
                        number=p.number,
                        version=p.version,
                        problem=p.problem,
                    ),
                    "alert",
                )
            )
    counts = Table([Column("kind", L("kind", lang), 3.0), Column("count", L("count", lang), 1.0)], [])
    for kind in EntryKind:
        if full.counts.get(kind.value):
            counts.rows.append([label(kind, lang), str(full.counts[kind.value])])
    doc.blocks += [Heading(L("counts", lang)), counts, Heading(L("meetings", lang))]
    meetings = Table(
        [
            Column("nr", L("nr", lang), 0.5),
            Column("planned", L("planned", lang), 1.5),
            Column("start", L("start", lang), 1.5),
            Column("end", L("end", lang), 1.5),
            Column("next", L("next_meeting", lang), 1.5),
        ],
        [],
        empty=L("no_items", lang),
    )
    for meeting in view.meetings:
        meetings.rows.append(
            [
                str(meeting.number),
                f.dt(meeting.planned_start),
                f.dt(meeting.started_at),
                f.dt(meeting.ended_at),
                f.dt(meeting.next_meeting_at),
            ]
        )
    doc.blocks += [
        meetings,
        PageBreak(),
        Heading(L("log_entries", lang)),
        Text(L("log_legend", lang), "muted"),
    ]
    version_cols = [
        Column("v", L("version", lang), 0.55),
        Column("content", L("text", lang), 3.6),
        Column("confirmed", L("confirmed", lang), 1.5),
        Column("origin", L("origin", lang), 2.2),
    ]
    for state in view.entries:
        first, current = state.first, state.current
        c = current.content
        title = f"{state.number} · {label(c.kind, lang)}"
        badge_parts = []
        if first.meeting_number is not None:
            badge_parts.append(L("meeting_n", lang, n=first.meeting_number))
        if c.phase:
            badge_parts.append(phase_label(c.phase, lang))
        badge_parts.append(f.dt(first.recorded_at))
        fields: list[tuple[str, str]] = []
        row = m.row_for(state, view.tz)
        if c.kind.is_task or c.kind is EntryKind.DECISION:
            fields.append((L("status", lang), f.status(row)))
        for upd in state.status_updates:
            fields.append(
                (
                    L("status_updates", lang),
                    f"{upd.number}: {label(upd.content.new_status, lang)} ({f.dt(upd.recorded_at)})"
                    if upd.content.new_status
                    else upd.number,
                )
            )
        table = Table(version_cols, [])
        for v in state.versions:
            confirmed = f"{f.dt(v.confirmed_at)}\n{f.role(v.confirmed_by)}"
            if v.change_note:
                confirmed += f"\n{v.change_note}"
            table.rows.append(
                [
                    f"v{v.version}",
                    _version_text(v, f),
                    confirmed,
                    origin_text(v, lang) + f"\n{L('hash', lang)} {v.hash[:12]}…",
                ]
            )
        doc.blocks.append(EntryCard(title, " · ".join(badge_parts), fields, table))
    return doc


def individual_document(log: m.IndividualLog, lang: str, footer: str | None) -> Document:
    f = Formatter(log.crisis, lang, log.now, m.crisis_tz(log.crisis))
    chair = log.crisis.roster.find("voorzitter")
    cover = _crisis_cover(f) + [
        (L("moment", lang), f.dt(log.now, year=True)),
        (L("timezone", lang), _tz_line(f)),
    ]
    if chair is not None and chair.person:
        cover.insert(2, (pick(lang, chair.label, chair.label_en), chair.person))
    doc = _base(
        log.crisis, "individual", lang, L("individual", lang), log.crisis.name, log.now, footer, cover
    )
    items = Table(
        [
            Column("time", L("time", lang), 1.4),
            Column("kind", L("kind", lang), 1.1),
            Column("text", L("text", lang), 3.4),
            Column("priority", L("priority", lang), 0.8),
            Column("checked", L("checked", lang), 1.4),
            Column("log", L("brought_to_log", lang), 1.3),
        ],
        [],
        empty=L("no_items", lang),
    )
    for i, item in enumerate(log.items):
        items.rows.append(
            [
                f.dt(item.created_at),
                _individual_kind(item.kind, lang),
                item.text,
                label(item.priority, lang),
                f.dt(item.checked_at),
                item.brought_to_log or "",
            ]
        )
        if item.checked_at:
            items.muted.add(i)
        elif item.kind == "decision" and not item.brought_to_log:
            items.flagged.add(i)
    doc.blocks += [
        Heading(L("items", lang)),
        items,
        Heading(L("stakeholders", lang)),
        stakeholder_table(list(log.stakeholders), f),
    ]
    return doc
