"""The one export entry point for the CLI and the app: ``export_document`` returns bytes.

    result = export_document(repo, crisis_id, "decisions", "pdf", now=now)
    result.filename  # "besluitenlijst-brand-laboratorium-20250314-1215.pdf"
    result.mime      # "application/pdf"
    result.data      # bytes: write to a file, or offer as a browser download

Reading the repository is the only I/O. Blocking (a 5,000-entry PDF takes seconds): call it from
a worker thread in the UI, never on the event loop.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from assistant.domain.entries import tally_drafts, verify_chain
from assistant.domain.errors import NotFound
from assistant.domain.meeting import Crisis
from assistant.domain.messages import Message
from assistant.export import csv_json, markdown, pdf
from assistant.export import document as d
from assistant.export import messages as messages_export
from assistant.export import model as m
from assistant.export.errors import (
    CrisisAmbiguous,
    CrisisNotFound,
    MeetingRequired,
    UnknownDocument,
    UnsupportedFormat,
)
from assistant.export.other_teams import other_teams_blocks
from assistant.i18n import normalise_lang, t

DOCUMENTS = ("meeting", "decisions", "actions", "handover", "log", "individual", "messages")

FORMATS: dict[str, tuple[str, ...]] = {
    "meeting": ("pdf", "md"),
    "decisions": ("pdf", "csv", "json", "md"),
    "actions": ("pdf", "csv", "json", "md"),
    "handover": ("pdf", "md"),
    "log": ("pdf", "json", "csv", "md"),
    "individual": ("pdf", "csv", "json", "md"),
    "messages": ("pdf", "csv", "json", "md"),
}

MIME = {
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
}


@dataclass(frozen=True)
class ExportResult:
    filename: str
    mime: str
    data: bytes


def slug(text: str, limit: int = 40) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return cleaned[:limit].strip("-") or "crisis"


def filename_for(crisis: Crisis, what: str, fmt: str, lang: str, now: datetime, meeting: int | None) -> str:
    base = t(f"file.{what}", lang, n=meeting)
    if meeting is not None and what in ("decisions", "actions"):
        base += "-" + t("file.meeting_suffix", lang, n=meeting)
    return f"{base}-{slug(crisis.name)}-{now.strftime('%Y%m%d-%H%M')}.{fmt}"


def check_request(what: str, fmt: str, meeting: int | None) -> None:
    if what not in FORMATS:
        raise UnknownDocument(repr(what), what=what)
    if fmt not in FORMATS[what]:
        raise UnsupportedFormat(f"{what} → {fmt} (kan/can: {', '.join(FORMATS[what])})", what=what, fmt=fmt)
    if what == "meeting" and meeting is None:
        raise MeetingRequired("meeting", what=what)


def export_document(
    repo,
    crisis_id: str,
    what: str,
    fmt: str,
    *,
    meeting: int | None = None,
    lang: str = "nl",
    now: datetime,
    confidential_footer: str | None = "VERTROUWELIJK",
) -> ExportResult:
    """Build one document for one crisis as bytes. Raises ``AssistantError`` subclasses."""
    check_request(what, fmt, meeting)
    lang = normalise_lang(lang)
    crisis = repo.get_crisis(crisis_id)
    tz = m.crisis_tz(crisis)
    now = m.aware(now, tz).astimezone(tz)
    footer = confidential_footer or None
    data = _render(repo, crisis, what, fmt, meeting, lang, now, footer)
    return ExportResult(filename_for(crisis, what, fmt, lang, now, meeting), MIME[fmt], data)


def load_view(repo, crisis: Crisis, now: datetime) -> m.LogView:
    versions = repo.entry_versions(crisis.crisis_id)
    meetings = repo.list_meetings(crisis.crisis_id)
    return m.build_log_view(crisis, versions, meetings, now, problems=verify_chain(versions))


def _render(
    repo,
    crisis: Crisis,
    what: str,
    fmt: str,
    meeting: int | None,
    lang: str,
    now: datetime,
    footer: str | None,
) -> bytes:
    if what == "messages":  # the berichtenlijst (export/messages.py)
        return messages_export.render(repo, crisis, fmt, lang, now, footer)

    if what == "individual":
        log = m.build_individual(
            crisis, repo.list_individual(crisis.crisis_id), repo.list_stakeholders(crisis.crisis_id), now
        )
        if fmt == "csv":
            return csv_json.individual_csv(log, lang)
        if fmt == "json":
            return csv_json.individual_json(log)
        return _document(d.individual_document(log, lang, footer), fmt)

    view = load_view(repo, crisis, now)
    if meeting is not None and view.meeting(meeting) is None:
        raise NotFound(t("export.meeting_n", lang, n=meeting), meeting=meeting)

    if what in ("decisions", "actions"):
        rows = m.decision_rows(view, meeting) if what == "decisions" else m.action_rows(view, meeting)
        if fmt == "csv":
            return csv_json.list_csv(rows, view, lang)
        if fmt == "json":
            return csv_json.list_json(what, rows, view, meeting)
        doc = d.list_document(what, rows, view, lang, footer, meeting)
        if what == "decisions":  # other teams' decisions, marked as theirs (only when linked)
            doc.blocks += other_teams_blocks(getattr(repo, "data_dir", None), crisis.crisis_id, lang, view.tz)
        return _document(doc, fmt, view)

    if what == "meeting":
        assert meeting is not None
        drafts = [x for x in repo.list_drafts(crisis.crisis_id) if x.meeting_number == meeting]
        report = m.build_meeting_report(view, meeting)
        section = messages_export.report_blocks(
            _messages(repo, crisis), crisis, view.meetings, meeting, lang, view.tz
        ) + other_teams_blocks(getattr(repo, "data_dir", None), crisis.crisis_id, lang, view.tz)
        return _document(
            d.meeting_document(report, view, lang, footer, tally_drafts(drafts), section), fmt, view
        )

    if what == "handover":
        handover = m.build_handover(
            view, repo.list_individual(crisis.crisis_id), repo.list_stakeholders(crisis.crisis_id)
        )
        section = messages_export.handover_blocks(_messages(repo, crisis), crisis, lang, view.tz)
        return _document(d.handover_document(handover, view, lang, footer, section), fmt, view)

    full = m.build_full_log(view)
    if fmt == "json":
        return csv_json.full_log_json(
            full, repo.list_individual(crisis.crisis_id), repo.list_stakeholders(crisis.crisis_id), lang
        )
    if fmt == "csv":
        return csv_json.full_log_csv(full, lang)
    return _document(d.log_document(full, lang, footer), fmt, view)


def _messages(repo, crisis: Crisis) -> list[Message]:
    """The message register (newest versions); a repository without one (older test doubles) has none."""
    lister = getattr(repo, "list_messages", None)
    return lister(crisis.crisis_id) if lister is not None else []


def _document(doc: d.Document, fmt: str, view: m.LogView | None = None) -> bytes:
    """Render; a document made from the team log carries the log's fingerprint on every page."""
    if view is not None:
        doc = d.with_anchor(doc, view.anchor)
    return pdf.render_pdf(doc) if fmt == "pdf" else markdown.render_markdown(doc)


def resolve_crisis(repo, name_or_id: str | None) -> Crisis:
    """A crisis by id or by name (case-insensitive, also a unique prefix); optional if only one exists."""
    crises = repo.list_crises()
    if not name_or_id:
        if len(crises) == 1:
            return crises[0]
        if not crises:
            raise CrisisNotFound("(geen crises / no crises)")
        names = ", ".join(c.name for c in crises)
        raise CrisisAmbiguous(names)
    wanted = name_or_id.strip()
    for crisis in crises:
        if crisis.crisis_id == wanted:
            return crisis
    folded = wanted.casefold()
    exact = [c for c in crises if c.name.casefold() == folded]
    if len(exact) == 1:
        return exact[0]
    candidates = exact or [
        c for c in crises if c.name.casefold().startswith(folded) or c.crisis_id.startswith(wanted)
    ]
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1:
        raise CrisisAmbiguous(", ".join(f"{c.name} ({c.crisis_id})" for c in candidates))
    raise CrisisNotFound(repr(name_or_id))
