"""PDFs read back with pdftotext: content, order of sections, Dutch characters, escaping, furniture."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from crisis_fixture import CRISIS_ID, DECISION_TEXTS
from export_helpers import DEMO_NOW, pdftotext
from memory_repo import memory_copy

from assistant.domain.entries import EntryKind
from assistant.export.service import FORMATS, export_document, resolve_crisis
from assistant.storage.tinydb_repo import TinyDBRepository

pytestmark = pytest.mark.usefixtures("poppler")


def flat(text: str) -> str:
    return " ".join(text.split())


def export_text(repo, what, tmp_path, now, **kw) -> tuple[str, str]:
    """(raw text in drawing order with whitespace collapsed, layout text) of one exported PDF."""
    result = export_document(repo, kw.pop("crisis_id", CRISIS_ID), what, "pdf", now=now, **kw)
    assert result.mime == "application/pdf" and result.data.startswith(b"%PDF-")
    raw = pdftotext_raw(result.data, tmp_path)
    return flat(raw), pdftotext(result.data, tmp_path, layout=True)


def pdftotext_raw(data: bytes, tmp: Path) -> str:
    import subprocess

    path = tmp / "raw.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def in_order(text: str, *parts: str) -> bool:
    """Each part occurs after the previous one."""
    position = 0
    for part in parts:
        position = text.find(part, position)
        if position < 0:
            return False
        position += len(part)
    return True


def test_meeting_report_has_every_section_in_bob_order(repo, now, tmp_path):
    text, layout = export_text(repo, "meeting", tmp_path, now, meeting=2)
    assert in_order(
        text,
        "Verslag crisisoverleg 2",
        "Universiteit Twente",
        "Aanwezigheid",
        "Controle: openstaande",
        "Beeldvorming",
        "Oordeelsvorming",
        "Besluitvorming",
        "Opdrachten en acties",
        "Volgend overleg",
        "Tijdsbesteding per agendapunt",
    )
    assert "Begin 14-03-2025 11:00 CET" in text and "Einde 14-03-2025 11:33 CET" in text
    assert "Volgend overleg 14-03-2025 13:00 CET" in text
    assert "ICT (Lotte Visser), taken niet gedelegeerd" in text
    for decision in (DECISION_TEXTS[2], "Extern onderzoeksbureau inschakelen voor schade-inventarisatie"):
        assert decision in text
    assert "Veel persvragen; één moment voorkomt ruis" in text  # reason, with Dutch characters
    assert "bevestigd" in text and "Brandweer" in text  # information with reliability and source
    assert re.search(r"Totaal 30,0 33,0 \+3,0", text)  # time spent vs planned
    assert "VERTROUWELIJK" in text and "Pagina 1 van 3" in text and "Pagina 3 van 3" in text


def test_first_meeting_shows_delegation_and_escaped_user_text(repo, now, tmp_path):
    text, _ = export_text(repo, "meeting", tmp_path, now, meeting=1)
    assert "HR (Fatima el Amrani), taken bij Facilitair (Pieter Jansen)" in text
    assert 'Systeemmelding toont <b>ALARM</b> & "rook" in kelder' in text
    assert "Gebouwbeheer <script>" in text
    assert "crisiscoördinator checkt" in text and "Crisiscoördinator (Ahmed Yilmaz)" in text
    assert "Controle: openstaande" not in text  # the first meeting has no Controle


def test_decision_list_has_every_decision_with_reason_and_status(repo, now, tmp_path):
    text, layout = export_text(repo, "decisions", tmp_path, now)
    versions = repo.entry_versions(CRISIS_ID)
    decisions = {v.number: v for v in versions if v.content.kind is EntryKind.DECISION}  # last version wins
    assert len(decisions) == 4
    for number, version in decisions.items():
        assert number in text and version.content.text in text and version.content.reason in text
    assert in_order(text, "B-1", "B-2", "B-3", "B-4")
    assert re.search(r"B-4 .*vervallen", layout) and re.search(r"B-1 .*van kracht", layout)
    assert "Besluitenlijst" in text and "Hele crisis" in text


def test_action_list_shows_owner_deadline_status_and_overdue(repo, now, tmp_path):
    text, layout = export_text(repo, "actions", tmp_path, now)
    for number in ("O-1", "O-2", "A-1", "A-2", "A-3", "A-4", "A-5"):
        assert number in text
    assert "uiterlijk 14-03 11:30 CET" in text and "Juridisch" in text
    assert "open — TE LAAT (45 min)" in text
    assert "volgend overleg (14-03 11:00 CET)" in text and "z.s.m." in text
    assert re.search(r"A-1 .*gereed", layout)


def test_one_meeting_lists_only_that_meeting(repo, now, tmp_path):
    text, _ = export_text(repo, "decisions", tmp_path, now, meeting=1)
    assert "Overleg 1" in text and "B-1" in text and "B-2" in text and "B-3" not in text


def test_handover_fits_one_page_with_what_the_relief_needs(repo, now, tmp_path):
    text, layout = export_text(repo, "handover", tmp_path, now)
    assert "Pagina 1 van 1" in text
    assert in_order(
        text, "Overdracht", "Besluiten van kracht", "Openstaande opdrachten en acties", "Laatste beeld"
    )
    assert "Volgend overleg 14-03-2025 13:00 CET" in text
    for decision in DECISION_TEXTS:
        assert decision[:40] in text
    assert "Extern onderzoeksbureau" not in text  # revoked
    tasks = text[text.index("Openstaande opdrachten") : text.index("Laatste beeld")]
    assert in_order(tasks, "A-3", "A-2", "O-2", "A-4")  # overdue first
    assert "O-1" not in tasks and "A-5" not in tasks  # done / cancelled
    assert "Burgemeester bellen na persconferentie" in text and "<b>nacht</b>" in text
    assert "Gemeente Enschede (burgemeester): NOG NIET" in text


def test_full_log_has_every_version_origin_and_verification(repo, now, tmp_path):
    text, _ = export_text(repo, "log", tmp_path, now)
    versions = repo.entry_versions(CRISIS_ID)
    assert f"Hashketen gecontroleerd: intact ({len(versions)} versies" in text
    assert f"Versies {len(versions)}" in text and "Integriteit logboek intact" in text
    for version in versions:
        assert version.hash[:12] in text
        assert version.content.text[:30] in text
    assert "bewerkt: text" in text and "status via S-1" in text  # the room's change notes
    assert "spraak: “ter informatie brand in laboratorium twee veertien brandweer ter plaatse”" in text
    assert "zekerheid 89%" in text and "Logger (Sanne Bakker)" in text
    assert "<b>ALARM</b>" in text
    assert in_order(text, "I-1 · Informatie", "B-1 · Besluit", "O-1 · Opdracht", "S-1 · Status")


def test_tampered_log_says_so_on_the_cover(test_data_dir, now, tmp_path):
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(test_data_dir, copy)
    segment = next((copy / "crises" / CRISIS_ID / "log").glob("log-*.json"))
    raw = segment.read_text(encoding="utf-8")
    assert "Twee medewerkers nagekeken" in raw
    segment.write_text(
        raw.replace("Twee medewerkers nagekeken", "Drie medewerkers nagekeken"), encoding="utf-8"
    )
    with TinyDBRepository(copy, read_only=True) as tampered:
        text, _ = export_text(tampered, "log", tmp_path, now)
        handover, _ = export_text(tampered, "handover", tmp_path, now)
    assert "LET OP: de hashketen klopt NIET (1 problemen)" in text and "hash_mismatch" in text
    assert "NIET INTACT" in text and "LET OP" in handover


def test_individual_log(repo, now, tmp_path):
    text, _ = export_text(repo, "individual", tmp_path, now)
    assert "Individueel logboek voorzitter" in text and "Voorzitter Marieke de Vries" in text
    assert "Bestuur geïnformeerd over brand" in text
    assert "Toestemming gegeven voor extra beveiliging <b>nacht</b>" in text
    assert "Veiligheidsregio Twente" in text and "nog niet" in text


def test_english_on_request(repo, now, tmp_path):
    text, _ = export_text(repo, "decisions", tmp_path, now, lang="en")
    assert "Decision list" in text and "Whole crisis" in text and "Page 1 of 1" in text
    assert "in force" in text and "revoked" in text
    meeting, _ = export_text(repo, "meeting", tmp_path, now, meeting=2, lang="en")
    assert in_order(
        meeting,
        "Attendance",
        "Control",
        "Picture",
        "Judgement",
        "Decisions",
        "Orders and actions",
        "Next meeting",
        "Time spent per agenda item",
    )


def test_footer_is_configurable(repo, now, tmp_path):
    text, _ = export_text(repo, "decisions", tmp_path, now, confidential_footer=None)
    assert "VERTROUWELIJK" not in text and "Pagina 1 van 1" in text
    text, _ = export_text(repo, "decisions", tmp_path, now, confidential_footer="Alleen voor het crisisteam")
    assert "Alleen voor het crisisteam" in text


def test_same_data_and_moment_give_the_same_bytes(repo, now):
    first = export_document(repo, CRISIS_ID, "log", "pdf", now=now)
    second = export_document(repo, CRISIS_ID, "log", "pdf", now=now)
    assert first.data == second.data
    assert first.filename == "logboek-brand-laboratorium-zilverling-20250314-1215.pdf"


def test_characters_outside_the_standard_fonts_are_not_lost(repo, now, tmp_path):
    from assistant.export.pdf import _TTF_CANDIDATES

    memory = memory_copy(repo, CRISIS_ID)
    crisis = memory.get_crisis(CRISIS_ID)
    memory.save_crisis(
        crisis.with_changes(roster=crisis.roster.update("crisiscoordinator", person="Ahmet Yılmaz"))
    )
    result = export_document(memory, CRISIS_ID, "actions", "pdf", now=now)
    text = flat(pdftotext(result.data, tmp_path))
    if any(Path(regular).exists() for _, regular, _ in _TTF_CANDIDATES):
        assert "Ahmet Yılmaz" in text
    else:
        assert "Ahmet Yilmaz" in text
    assert "■" not in text


def test_demo_crisis_exports_every_document_in_every_format(demo_repo, tmp_path):
    crisis = resolve_crisis(demo_repo, None)
    for what, formats in FORMATS.items():
        for fmt in formats:
            result = export_document(
                demo_repo, crisis.crisis_id, what, fmt, now=DEMO_NOW, meeting=3 if what == "meeting" else None
            )
            assert result.data and result.filename.endswith("." + fmt)
            if fmt == "json":
                json.loads(result.data)
    text = flat(
        pdftotext_raw(
            export_document(demo_repo, crisis.crisis_id, "decisions", "pdf", now=DEMO_NOW).data, tmp_path
        )
    )
    decisions = {
        v.number: v
        for v in demo_repo.entry_versions(crisis.crisis_id)
        if v.content.kind is EntryKind.DECISION
    }
    assert decisions
    for number, version in decisions.items():
        assert number in text and version.content.text in text
