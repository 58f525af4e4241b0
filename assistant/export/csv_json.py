"""CSV and JSON renderings. Column lists and the JSON layout are documented in docs/export-format.md.

CSV: UTF-8 with a byte order mark (so Excel shows "coördinator" correctly; read it in Python with
``encoding="utf-8-sig"``), comma-separated, CRLF line ends, a header row with the stable column ids
below. Times are ISO 8601 with offset. Every text cell that starts with ``= + - @`` (or a tab or line
break) gets a leading apostrophe so a spreadsheet never runs it as a formula (``guard_cell``).

JSON: UTF-8, one object; the full log validates against ``log_schema.json``.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Any

from assistant import __version__
from assistant.domain.entries import LogEntry
from assistant.domain.individual import IndividualItem, Stakeholder
from assistant.domain.meeting import Crisis
from assistant.export import document as d
from assistant.export import model as m
from assistant.i18n import code_label, t
from assistant.i18n import label as label_of
from assistant.storage.repository import SCHEMA_VERSION

LIST_COLUMNS = (
    "nr",
    "kind",
    "time",
    "meeting",
    "phase",
    "text",
    "reason",
    "owner",
    "owner_role",
    "deadline",
    "deadline_kind",
    "status",
    "overdue",
    "linked_decision",
    "priority",
    "version",
)
LOG_COLUMNS = (
    "seq",
    "nr",
    "version",
    "kind",
    "meeting",
    "phase",
    "recorded_at",
    "confirmed_at",
    "confirmed_by",
    "change_note",
    "text",
    "reason",
    "reliability",
    "info_source",
    "owner_role",
    "deadline",
    "deadline_kind",
    "priority",
    "status",
    "ref",
    "new_status",
    "linked_decision",
    "origin",
    "transcript",
    "confidence",
    "hash",
    "prev_hash",
)
INDIVIDUAL_COLUMNS = ("item_id", "created_at", "kind", "text", "priority", "checked_at", "brought_to_log")

LOG_FORMAT = "cmt-assistant.full-log"
LIST_FORMAT = "cmt-assistant.{what}"
INDIVIDUAL_FORMAT = "cmt-assistant.individual-log"
FORMAT_VERSION = 1

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def guard_cell(value: object) -> str:
    """A CSV cell a spreadsheet never runs as a formula.

    Every text value is guarded, whatever its column (owner roles, references and linked decisions come
    from users too): one that starts with ``= + - @`` (also after spaces) or a tab/line break gets a
    leading apostrophe. Numbers stay numbers."""
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, str) and (text.startswith(_FORMULA_START) or text.lstrip().startswith(_FORMULA_START)):
        return "'" + text
    return text


def iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _yes(value: bool, lang: str) -> str:
    return t("shell.yes" if value else "shell.no", lang)


def _csv_bytes(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: guard_cell(row.get(key)) for key in columns})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _json_bytes(data: dict[str, Any]) -> bytes:
    """One top-level key per line and one list element (entry, row) per line.

    Readable and diff-friendly, and about five times faster than ``indent=2`` (which makes the json
    module fall back to its pure-Python encoder): it matters for a 5,000-entry log.
    """

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"]
    items = list(data.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if isinstance(value, list) and value:
            lines.append(f"  {dump(key)}: [")
            lines += [f"    {dump(item)}{',' if j < len(value) - 1 else ''}" for j, item in enumerate(value)]
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {dump(key)}: {dump(value)}{comma}")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- decision and action lists ---------------------------------------------------------------------


def list_row_dict(row: m.ListRow, f: d.Formatter) -> dict[str, Any]:
    """One CSV row (display values in the export language, times ISO with offset)."""
    lang = f.lang
    return {
        "nr": row.number,
        "kind": label_of(row.kind, lang),
        "time": iso(row.recorded_at),
        "meeting": row.meeting_number,
        "phase": d.phase_label(row.phase, lang),
        "text": row.text,
        "reason": row.reason,
        "owner": f.role(row.owner),
        "owner_role": row.owner or "",
        "deadline": iso(row.deadline_at),
        "deadline_kind": label_of(row.deadline_kind, lang) if row.deadline_kind else "",
        "status": f.status(row, overdue_suffix=False),
        "overdue": _yes(row.overdue, lang) if row.kind.is_task else "",
        "linked_decision": row.linked_decision or "",
        "priority": f.priority(row),
        "version": row.version,
    }


def list_json_row(row: m.ListRow) -> dict[str, Any]:
    """One JSON row: stable ids, not labels."""
    return {
        "nr": row.number,
        "kind": row.kind.value,
        "time": iso(row.recorded_at),
        "meeting": row.meeting_number,
        "phase": row.phase,
        "text": row.text,
        "reason": row.reason,
        "owner_role": row.owner,
        "deadline": iso(row.deadline_at),
        "deadline_kind": row.deadline_kind.value if row.deadline_kind else None,
        "deadline_words": row.deadline_words,
        "status": row.status.value if row.status else None,
        "overdue": row.overdue,
        "linked_decision": row.linked_decision,
        "priority": row.priority.value if row.priority else None,
        "version": row.version,
        "confirmed_by": row.confirmed_by,
        "confirmed_at": iso(row.confirmed_at),
    }


def list_csv(rows: list[m.ListRow], view: m.LogView, lang: str) -> bytes:
    f = d.Formatter(view.crisis, lang, view.now, view.tz)
    return _csv_bytes(LIST_COLUMNS, [list_row_dict(r, f) for r in rows])


def _crisis_summary(crisis: Crisis) -> dict[str, Any]:
    return {
        "crisis_id": crisis.crisis_id,
        "name": crisis.name,
        "organisation": crisis.organisation,
        "timezone": crisis.timezone,
        "started_at": crisis.started_at,
    }


def list_json(what: str, rows: list[m.ListRow], view: m.LogView, meeting: int | None) -> bytes:
    return _json_bytes(
        {
            "format": LIST_FORMAT.format(what=what),
            "format_version": FORMAT_VERSION,
            "app_version": __version__,
            "generated_at": iso(view.now),
            "crisis": _crisis_summary(view.crisis),
            "meeting": meeting,
            "rows": [list_json_row(r) for r in rows],
        }
    )


# --- full log --------------------------------------------------------------------------------------


def _entry_data(state: m.EntryState, lang: str) -> dict[str, Any]:
    """One entry of the full-log JSON: what the export derived, and every version as stored."""
    current = state.current
    return {
        "entry_id": state.entry_id,
        "number": state.number,
        "kind": current.content.kind.value,
        "kind_label": label_of(current.content.kind, lang),
        "meeting_number": state.first.meeting_number,
        "recorded_at": state.first.recorded_at,
        "current_version": current.version,
        "status": state.status.value if state.status else None,
        "status_label": label_of(state.status, lang) if state.status else None,
        "status_at": state.status_at,
        "status_by": state.status_by,
        "deadline_at": iso(state.deadline_at),
        "overdue": state.overdue,
        "status_updates": [u.number for u in state.status_updates],
        "versions": [v.to_dict() for v in state.versions],
    }


def full_log_data(
    full: m.FullLog, individual: list[IndividualItem], stakeholders: list[Stakeholder], lang: str
) -> dict[str, Any]:
    view = full.view
    entries = [_entry_data(state, lang) for state in view.entries]
    return {
        "format": LOG_FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "app_version": __version__,
        "generated_at": iso(view.now),
        "lang": lang,
        "crisis": view.crisis.to_dict(),
        "meetings": [mt.to_dict() for mt in view.meetings],
        "verification": {
            "intact": view.intact,
            "algorithm": "sha256",
            "checked_versions": len(view.versions),
            "head_hash": view.head_hash,
            "problems": [
                {"seq": p.seq, "number": p.number, "version": p.version, "problem": p.problem}
                for p in view.problems
            ],
        },
        "entries": entries,
        "individual": [i.to_dict() for i in individual],
        "stakeholders": [s.to_dict() for s in stakeholders],
    }


def full_log_json(
    full: m.FullLog, individual: list[IndividualItem], stakeholders: list[Stakeholder], lang: str
) -> bytes:
    return _json_bytes(full_log_data(full, individual, stakeholders, lang))


def versions_from_json(data: dict[str, Any]) -> list[LogEntry]:
    """Every version in a full-log JSON as ``LogEntry`` objects, in seq order (to re-verify the chain)."""
    versions = [LogEntry.from_dict(v) for e in data["entries"] for v in e["versions"]]
    return sorted(versions, key=lambda v: v.seq)


def full_log_csv(full: m.FullLog, lang: str) -> bytes:
    return _csv_bytes(LOG_COLUMNS, [_version_row(v, lang) for v in full.view.versions])


def _version_row(v: LogEntry, lang: str) -> dict[str, Any]:
    """One version of the full-log CSV, labels in ``lang``."""
    c = v.content
    return {
        "seq": v.seq,
        "nr": v.number,
        "version": v.version,
        "kind": label_of(c.kind, lang),
        "meeting": v.meeting_number,
        "phase": d.phase_label(c.phase, lang),
        "recorded_at": v.recorded_at,
        "confirmed_at": v.confirmed_at,
        "confirmed_by": v.confirmed_by,
        "change_note": v.change_note,
        "text": c.text,
        "reason": c.reason,
        "reliability": label_of(c.reliability, lang) if c.reliability else "",
        "info_source": c.info_source,
        "owner_role": c.owner or "",
        "deadline": c.deadline or "",
        "deadline_kind": label_of(c.deadline_kind, lang) if c.deadline_kind else "",
        "priority": label_of(c.priority, lang) if c.priority else "",
        "status": label_of(v.status, lang) if v.status else "",
        "ref": c.ref or "",
        "new_status": label_of(c.new_status, lang) if c.new_status else "",
        "linked_decision": c.linked_decision or "",
        "origin": v.origin.source,
        "transcript": v.origin.transcript,
        "confidence": "" if v.origin.confidence is None else f"{v.origin.confidence:.2f}",
        "hash": v.hash,
        "prev_hash": v.prev_hash,
    }


# --- individual log --------------------------------------------------------------------------------


def individual_csv(log: m.IndividualLog, lang: str) -> bytes:
    rows = [
        {
            "item_id": i.item_id,
            "created_at": i.created_at,
            "kind": code_label("individual_kind", i.kind, lang),
            "text": i.text,
            "priority": label_of(i.priority, lang),
            "checked_at": i.checked_at or "",
            "brought_to_log": i.brought_to_log or "",
        }
        for i in log.items
    ]
    return _csv_bytes(INDIVIDUAL_COLUMNS, rows)


def individual_json(log: m.IndividualLog) -> bytes:
    return _json_bytes(
        {
            "format": INDIVIDUAL_FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": __version__,
            "generated_at": iso(log.now),
            "crisis": _crisis_summary(log.crisis),
            "items": [i.to_dict() for i in log.items],
            "stakeholders": [s.to_dict() for s in log.stakeholders],
        }
    )
