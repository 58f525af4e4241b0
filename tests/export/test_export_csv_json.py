"""CSV opens with the csv module and has the documented columns; JSON validates against the schema."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from crisis_fixture import CRISIS_ID, build_test_crisis

from assistant.domain.entries import verify_chain
from assistant.export.csv_json import INDIVIDUAL_COLUMNS, LIST_COLUMNS, LOG_COLUMNS, versions_from_json
from assistant.export.schema import log_schema, validate
from assistant.export.service import export_document
from assistant.storage.tinydb_repo import TinyDBRepository

ROOT = Path(__file__).resolve().parents[2]


def read_csv(data: bytes) -> tuple[list[str], list[dict[str, str]]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel shows "coördinator" correctly
    text = data.decode("utf-8-sig")
    assert "\r\n" in text
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def test_decision_csv_columns_and_rows(repo, now):
    result = export_document(repo, CRISIS_ID, "decisions", "csv", now=now)
    assert result.mime.startswith("text/csv") and result.filename.endswith(".csv")
    columns, rows = read_csv(result.data)
    assert columns == list(LIST_COLUMNS)
    assert columns[:1] == ["nr"] and {
        "time",
        "meeting",
        "text",
        "reason",
        "owner",
        "deadline",
        "status",
        "linked_decision",
    } <= set(columns)
    assert [r["nr"] for r in rows] == ["B-1", "B-2", "B-3", "B-4"]
    b1 = rows[0]
    assert b1["time"] == "2025-03-14T09:20:00+01:00" and b1["meeting"] == "1" and b1["kind"] == "Besluit"
    assert b1["reason"].startswith("Rookontwikkeling") and b1["status"] == "van kracht"
    assert (
        rows[1]["version"] == "2"
        and rows[1]["text"].endswith("en de Waaier")
        and rows[1]["linked_decision"] == "V-1"
    )
    assert rows[3]["status"] == "vervallen"


def test_action_csv_has_owner_deadline_status_and_overdue(repo, now):
    columns, rows = read_csv(export_document(repo, CRISIS_ID, "actions", "csv", now=now).data)
    by_nr = {r["nr"]: r for r in rows}
    assert set(by_nr) == {"O-1", "O-2", "A-1", "A-2", "A-3", "A-4", "A-5"}
    a2 = by_nr["A-2"]
    assert a2["owner_role"] == "juridisch" and a2["deadline"] == "2025-03-14T11:30:00+01:00"
    assert a2["status"] == "open" and a2["overdue"] == "ja" and a2["deadline_kind"] == "uiterlijk"
    o1 = by_nr["O-1"]
    assert (
        o1["owner"] == "Crisiscoördinator (Ahmed Yilmaz)"
        and o1["status"] == "gereed"
        and o1["overdue"] == "nee"
    )
    assert o1["linked_decision"] == "B-1" and o1["priority"] == "hoog"
    assert by_nr["A-4"]["deadline"] == "" and by_nr["A-4"]["deadline_kind"] == "z.s.m."
    english = read_csv(export_document(repo, CRISIS_ID, "actions", "csv", now=now, lang="en").data)[1]
    assert {r["nr"]: r for r in english}["A-2"]["overdue"] == "yes"


def test_csv_never_starts_a_cell_with_a_formula(now, tmp_path):
    from crisis_fixture import log_typed

    from assistant.domain.entries import EntryContent, EntryKind

    with TinyDBRepository(tmp_path / "data", fsync=False) as repo:
        build_test_crisis(repo)
        log_typed(repo, EntryContent(EntryKind.DECISION, '=HYPERLINK("http://x")', reason="+1 stemmen"))
        rows = read_csv(export_document(repo, CRISIS_ID, "decisions", "csv", now=now).data)[1]
    assert rows[-1]["text"] == '\'=HYPERLINK("http://x")' and rows[-1]["reason"] == "'+1 stemmen"


def test_every_text_column_is_guarded(now, tmp_path):
    """Issue 11: owner_role, ref and linked_decision skipped the guard. Every user-filled column is covered."""
    from crisis_fixture import log_typed

    from assistant.domain.entries import EntryContent, EntryKind

    with TinyDBRepository(tmp_path / "data", fsync=False) as repo:
        build_test_crisis(repo)
        # the room strips the leading space of " =1+1" and takes a decision's ref (the proposal it
        # ratifies) as typed; a status entry's ref must name a real task, so the ref rides on a decision
        log_typed(repo, EntryContent(EntryKind.ACTION, "Lijst", owner="=cmd|' /C calc'!A0",
                                     linked_decision="@SUM(A1)", info_source=" =1+1"))
        log_typed(repo, EntryContent(EntryKind.DECISION, "Gereed", ref="-2+3"))
        cells = [
            value
            for what in ("actions", "log")
            for row in read_csv(export_document(repo, CRISIS_ID, what, "csv", now=now).data)[1]
            for value in row.values()
        ]
    dangerous = [c for c in cells if c and c[:1] in "=+-@\t\r" or c.lstrip()[:1] in ("=", "+", "-", "@")]
    assert dangerous == []
    assert "'=cmd|' /C calc'!A0" in cells and "'@SUM(A1)" in cells and "'-2+3" in cells and "'=1+1" in cells


def test_full_log_csv_has_one_row_per_version(repo, now):
    columns, rows = read_csv(export_document(repo, CRISIS_ID, "log", "csv", now=now).data)
    versions = repo.entry_versions(CRISIS_ID)
    assert columns == list(LOG_COLUMNS) and len(rows) == len(versions)
    assert [r["hash"] for r in rows] == [v.hash for v in versions]
    assert any(r["origin"] == "speech" and r["transcript"] for r in rows)


def test_individual_csv(repo, now):
    columns, rows = read_csv(export_document(repo, CRISIS_ID, "individual", "csv", now=now).data)
    assert columns == list(INDIVIDUAL_COLUMNS)
    assert [r["text"] for r in rows] == [  # by time (item ids are the room's; informing logs a contact)
        "Bestuur geïnformeerd over brand",
        "College van bestuur geïnformeerd 09:40",
        "Toestemming gegeven voor extra beveiliging <b>nacht</b>",
        "Veiligheidsregio Twente geïnformeerd 10:30",
        "Burgemeester bellen na persconferentie",
    ]
    assert rows[2]["kind"] == "Besluit buiten overleg" and rows[2]["text"].endswith("<b>nacht</b>")


def test_full_log_json_validates_and_verifies_on_its_own(repo, now):
    result = export_document(repo, CRISIS_ID, "log", "json", now=now)
    assert result.mime == "application/json"
    data = json.loads(result.data)
    assert validate(data) == []
    assert data["format"] == "cmt-assistant.full-log" and data["format_version"] == 1
    assert data["verification"]["intact"] is True and data["verification"]["problems"] == []
    versions = versions_from_json(data)
    assert len(versions) == data["verification"]["checked_versions"] == len(repo.entry_versions(CRISIS_ID))
    assert verify_chain(versions) == []  # anyone can re-check the chain from the export alone
    assert versions[-1].hash == data["verification"]["head_hash"]
    b2 = next(e for e in data["entries"] if e["number"] == "B-2")
    assert b2["current_version"] == 2 and len(b2["versions"]) == 2
    i3 = next(e for e in data["entries"] if e["number"] == "I-3")
    assert i3["versions"][0]["content"]["text"] == 'Systeemmelding toont <b>ALARM</b> & "rook" in kelder'
    assert "coördinator" in result.data.decode("utf-8")  # not \u escaped


def test_demo_log_json_validates(demo_repo):
    from export_helpers import DEMO_NOW

    data = json.loads(export_document(demo_repo, "demo", "log", "json", now=DEMO_NOW).data)
    assert validate(data) == [] and data["entries"]


def test_schema_catches_drift(repo, now):
    data = json.loads(export_document(repo, CRISIS_ID, "log", "json", now=now).data)
    data["entries"][0]["versions"][0]["content"]["surprise"] = 1
    data["entries"][1]["kind"] = "rumour"
    del data["verification"]["head_hash"]
    errors = validate(data)
    assert any("surprise" in e for e in errors) and any("rumour" in e for e in errors)
    assert any("head_hash" in e for e in errors)


def test_schema_file_is_the_documented_one():
    doc = (ROOT / "docs" / "export-format.md").read_text(encoding="utf-8")
    schema = log_schema()
    assert "assistant/export/log_schema.json" in doc
    for key in schema["required"]:
        assert f"`{key}`" in doc, key
    for column in LIST_COLUMNS + LOG_COLUMNS:
        assert f"`{column}`" in doc, column


def test_list_json(repo, now):
    data = json.loads(export_document(repo, CRISIS_ID, "actions", "json", now=now, meeting=2).data)
    assert data["format"] == "cmt-assistant.actions" and data["meeting"] == 2
    assert [r["nr"] for r in data["rows"]] == ["O-2", "A-4", "A-5"]
    assert data["rows"][2]["status"] == "cancelled" and data["rows"][0]["overdue"] is False


def test_markdown_shows_user_text_literally(repo, now):
    md = export_document(repo, CRISIS_ID, "log", "md", now=now).data.decode("utf-8")
    assert md.startswith("# Volledig logboek")
    assert "&lt;b&gt;ALARM&lt;/b&gt;" in md and "<b>" not in md
    assert "crisiscoördinator" in md
    meeting = export_document(repo, CRISIS_ID, "meeting", "md", now=now, meeting=2).data.decode("utf-8")
    assert (
        meeting.index("## Beeldvorming")
        < meeting.index("## Oordeelsvorming")
        < meeting.index("## Besluitvorming")
    )
    assert "| B\\-3 |" not in meeting and "| B-3 |" in meeting
