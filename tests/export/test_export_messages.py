"""The berichtenlijst read back: PDF through pdftotext, CSV, JSON (every version) and Markdown, built
from messages registered through the real room on a real TinyDB folder; and the CLI's --what messages."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from export_helpers import pdftotext

from assistant.app.room import Room
from assistant.domain.entries import EntryKind
from assistant.export.service import export_document
from assistant.storage.tinydb_repo import TinyDBRepository

START = datetime(2026, 2, 5, 9, 0, tzinfo=timezone.utc)  # 10:00 in Amsterdam
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_dir(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "data"
    with TinyDBRepository(folder) as repo:
        room = Room(repo, now=lambda: START)
        crisis = room.setup.create("Brand gebouw B", "Universiteit Oost")
        cid = crisis.crisis_id
        room.messages.add_link(cid, "voorzitter", "Gemeente", "telefoon", "na elk overleg")
        urgent = room.messages.register_line(cid, "spoed: gemeente belt, wil om drie uur een update")
        room.messages.to_entry(cid, urgent.message_id, EntryKind.INFO_NEED, by="logger")
        room.messages.register_line(cid, "uit: persbericht naar veiligheidsregio gemaild")
    return folder, cid


def export(folder: Path, cid: str, fmt: str, lang: str = "nl") -> bytes:
    with TinyDBRepository(folder, read_only=True) as repo:
        return export_document(repo, cid, "messages", fmt, lang=lang, now=START).data


def test_pdf_reads_back(data_dir, tmp_path, poppler) -> None:
    folder, cid = data_dir
    text = pdftotext(export(folder, cid, "pdf"), tmp_path, layout=True)
    assert "Berichtenlijst" in text and "Brand gebouw B" in text
    assert "M-1" in text and "M-2" in text and "IB-1" in text and "Spoed" in text
    assert "Gemeente (burgemeester)" in text and "Veiligheidsregio" in text
    assert "Communicatieschema" in text and "na elk overleg" in text
    assert "VERTROUWELIJK" in text
    english = pdftotext(export(folder, cid, "pdf", "en"), tmp_path)
    assert "Message list" in english and "Urgent" in english


def test_csv_json_and_markdown(data_dir) -> None:
    folder, cid = data_dir
    rows = list(csv.reader(io.StringIO(export(folder, cid, "csv").decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nr.", "Tijd", "Richting"]
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number["M-1"][2] == "Binnen" and by_number["M-1"][10] == "IB-1" and by_number["M-1"][6] == "Spoed"
    assert by_number["M-2"][2] == "Uit" and by_number["M-2"][4] == "Veiligheidsregio"
    data = json.loads(export(folder, cid, "json"))
    assert data["format"] == "cmt-assistant.messages"
    assert [(v["number"], v["version"]) for v in data["versions"]] == [("M-1", 1), ("M-1", 2), ("M-2", 1)]
    assert data["schema"][0]["frequency"] == "na elk overleg"
    markdown = export(folder, cid, "md").decode("utf-8")
    assert "# Berichtenlijst" in markdown and "M-2" in markdown


def test_cli_what_messages(data_dir, tmp_path) -> None:
    folder, _ = data_dir
    out = tmp_path / "berichten.csv"
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "--data-dir", str(folder), "export", "--what", "messages", "--format",
         "csv", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "M-1" in out.read_text(encoding="utf-8-sig")


def test_meeting_report_and_handover_carry_the_messages(tmp_path, poppler) -> None:
    """The meeting report lists the CMT messages since the previous meeting (up to its own end); the
    handover lists every message not yet handled."""
    from datetime import timedelta

    from assistant.app.room.events import ClockAction

    clock = [START]
    folder = tmp_path / "data"
    with TinyDBRepository(folder) as repo:
        room = Room(repo, now=lambda: clock[0])
        cid = room.setup.create("Brand gebouw B", "Universiteit Oost").crisis_id
        first = room.meetings.plan(cid, START)
        room.meetings.clock_action(cid, first.number, ClockAction.START)
        early = room.messages.register_line(cid, "spoed: gemeente belt, wil om drie uur een update")
        clock[0] = START + timedelta(minutes=30)
        room.meetings.end(cid, first.number, START + timedelta(hours=1))
        clock[0] = START + timedelta(minutes=40)
        room.messages.register_line(cid, "spoed: omroep oost mailt, wil voor vier uur een reactie")
        room.messages.mark_handled(cid, early.message_id)
        second = room.meetings.plan(cid)
        room.meetings.clock_action(cid, second.number, ClockAction.START)

    def text(what: str, meeting: int | None = None) -> str:
        with TinyDBRepository(folder, read_only=True) as repo:
            data = export_document(repo, cid, what, "pdf", lang="nl", now=clock[0], meeting=meeting).data
        return pdftotext(data, tmp_path)

    report_1, report_2 = text("meeting", 1), text("meeting", 2)
    assert "Berichten sinds het vorige overleg" in report_1 and "Berichten sinds het vorige overleg" in report_2
    assert "M-1" in report_1 and "M-2" not in report_1  # M-2 came in after meeting 1 closed
    assert "M-2" in report_2 and "M-1" not in report_2  # M-1 was before meeting 1 ended
    handover = text("handover")
    assert "Berichten die nog openstaan" in handover
    assert "M-2" in handover and "M-1" not in handover  # M-1 was handled
