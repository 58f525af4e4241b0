"""Anchors and drafts measured in use in the reports, read back from the PDFs with pdftotext.

A crisis is run through a real ``Room`` on a real TinyDB folder: drafts confirmed unedited, edited and
rejected, a meeting closed (its anchor entry), then exported."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from export_helpers import pdftotext

from assistant.app.room import EntryEdit, Room
from assistant.app.room.meetings import ANCHOR_PREFIX
from assistant.export.service import export_document
from assistant.storage.tinydb_repo import TinyDBRepository

START = datetime(2026, 2, 5, 9, 0, tzinfo=UTC)


def _flat(text: str) -> str:
    """Without any whitespace: a 64-digit hash may wrap across lines in a table cell or paragraph."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def closed_meeting(tmp_path: Path):
    clock = [START]
    repo = TinyDBRepository(tmp_path / "data", fsync=False)
    room = Room(repo, now=lambda: clock[0])
    cid = room.setup.create("Stroomstoring campus", "Universiteit Oost").crisis_id
    room.meetings.plan(cid)
    room.meetings.clock_action(cid, 1, "start")
    plain = room.intake.add_typed(cid, "besluit het gebouw blijft vandaag dicht")[0]
    fixed = room.intake.add_typed(cid, "actie voor hr bellen voor half elf")[0]
    wrong = room.intake.add_typed(cid, "de lift in gebouw c is buiten gebruik")[0]
    room.intake.add_typed(cid, "opdracht aan ict servers controleren voor elf uur")  # stays pending
    room.intake.confirm_draft(cid, plain.draft_id, "logger")
    room.intake.confirm_draft(cid, fixed.draft_id, "logger", EntryEdit.of(owner="ict"))
    room.intake.reject_draft(cid, wrong.draft_id, "logger", "dubbel")
    clock[0] += timedelta(minutes=30)
    room.meetings.end(cid, 1, clock[0] + timedelta(hours=2))
    yield repo, cid, clock[0]
    repo.close()


def test_the_meeting_report_prints_the_full_anchor_and_the_share_confirmed_unedited(
    closed_meeting, tmp_path, poppler
):
    repo, cid, now = closed_meeting
    head = repo.chain_heads(cid)["log"]
    data = export_document(repo, cid, "meeting", "pdf", meeting=1, now=now).data
    text = pdftotext(data, tmp_path)
    assert f"logboek {head.fingerprint}" in text  # the page footer
    assert f"{head.count}versies;kop(SHA-256):{head.head}" in _flat(text)
    closing = next(v for v in repo.entry_versions(cid) if v.text.startswith(ANCHOR_PREFIX))
    assert _flat(closing.text) in _flat(text)  # the anchor recorded in the log when the meeting closed
    assert "1 van de 3 besliste concepten zonder wijziging bevestigd (33 %)" in " ".join(text.split())
    assert "owner (1)" in text


def test_every_team_log_report_carries_the_fingerprint_in_english_too(closed_meeting, tmp_path, poppler):
    repo, cid, now = closed_meeting
    head = repo.chain_heads(cid)["log"]
    for what in ("decisions", "actions", "handover", "log"):
        data = export_document(repo, cid, what, "pdf", now=now, lang="en").data
        assert f"log {head.fingerprint}" in pdftotext(data, tmp_path), what
    markdown = export_document(repo, cid, "decisions", "md", now=now).data.decode()
    assert f"logboek {head.fingerprint}" in markdown
