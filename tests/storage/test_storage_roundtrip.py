"""Round-trips of every record type through real files, and the basic contract."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from assistant.demo import build_demo_crisis
from assistant.domain.entries import DraftState, EntryKind, Priority
from assistant.domain.errors import InvalidInput, NotFound, ReadOnlyStorage
from assistant.domain.individual import IndividualItem, Stakeholder
from assistant.domain.meeting import Attendance, new_meeting
from assistant.storage.paths import resolve_data_dir
from assistant.storage.repository import SCHEMA_VERSION, Repository, TranscriptLine
from assistant.storage.tinydb_repo import TinyDBRepository

NOW = datetime(2026, 3, 2, 18, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def test_satisfies_the_repository_protocol(repo):
    def accepts(r: Repository) -> Repository:
        return r

    assert accepts(repo) is repo
    for name in Repository.__dict__:
        if not name.startswith("_") and callable(getattr(Repository, name)):
            assert callable(getattr(repo, name)), name


def test_crisis_and_meetings_round_trip(data_dir, factory):
    crisis = factory.crisis()
    with TinyDBRepository(data_dir) as repo:
        repo.save_crisis(crisis)
        m1 = new_meeting(crisis, 1, NOW)
        m1 = m1.with_changes(
            attendance=Attendance(("voorzitter",), ("hr",), {"hr": "voorzitter"}, ("brandweer",)),
            clock={"started_at": NOW.isoformat(), "index": 2, "spent": [60.0, 120.5]},
            ticks={"beeldvorming.1": NOW.isoformat()},
        )
        repo.save_meeting(m1)
        repo.save_meeting(new_meeting(crisis, 2, NOW))
        renamed = crisis.with_changes(name="Brand in gebouw B en C", cycle_minutes=90)
        repo.save_crisis(renamed)  # upsert, not a second crisis
    with TinyDBRepository(data_dir) as repo:
        assert repo.list_crises() == [renamed]
        assert repo.get_crisis("c1") == renamed
        assert repo.list_meetings("c1") == [m1, new_meeting(crisis, 2, NOW)]
        assert repo.get_meeting("c1", 1) == m1


def test_drafts_individual_stakeholders_transcript_settings_round_trip(data_dir, factory):
    f = factory
    with TinyDBRepository(data_dir) as repo:
        repo.save_crisis(f.crisis())
        pending = f.draft(
            EntryKind.ACTION, "Actie voor HR: nazorg regelen.", owner="hr", priority=Priority.HIGH
        )
        outside = f.draft(meeting=None)
        rejected = f.draft(EntryKind.DECISION, "De pers laat ons wachten.")
        for d in (pending, outside, rejected):
            repo.save_draft(d)
        rejected = rejected.reject("geen besluit", "logger", "2026-03-02T10:20:00+01:00")
        repo.save_draft(rejected)
        pending = pending.edit(text="Actie voor HR: nazorg regelen voor de BHV'ers.")
        repo.save_draft(pending)
        item = IndividualItem(
            "i1", "c1", "contact", "Burgemeester geïnformeerd 11:05", "2026-03-02T11:05:00+01:00"
        )
        repo.save_individual(item)
        item = item.check("2026-03-02T11:06:00+01:00")
        repo.save_individual(item)
        holder = Stakeholder("s1", "c1", "Gemeente (burgemeester)", "ketenpartner", "voorzitter")
        repo.save_stakeholder(holder)
        holder = holder.informed("2026-03-02T11:05:00+01:00", "voorzitter")
        repo.save_stakeholder(holder)
        lines = [
            TranscriptLine(
                f"t{i}",
                "c1",
                m,
                "beeldvorming",
                f"2026-03-02T10:{10 + i:02d}:00+01:00",
                f"zin {i} met één accent",
                0.8,
                ({"word": "zin", "start": 0.1, "end": 0.4, "conf": 0.9},),
                f"audio/t{i}.wav",
                "speech",
                "none",
                (),
            )
            for i, m in enumerate([1, 1, None, 2])
        ]
        for line in lines:
            repo.append_transcript(line)
        lines[1] = replace(lines[1], kind="decision", draft_ids=("d9",))
        repo.update_transcript(lines[1])
        repo.save_settings({"lang": "en", "audio": {"device": "pulse", "keep_days": 30}})
    with TinyDBRepository(data_dir) as repo:
        drafts = {d.draft_id: d for d in repo.list_drafts("c1")}
        assert drafts == {d.draft_id: d for d in (pending, outside, rejected)}
        assert repo.get_draft("c1", pending.draft_id) == pending
        assert [d.draft_id for d in repo.list_drafts("c1", DraftState.PENDING)] == sorted(
            [pending.draft_id, outside.draft_id], key=list(drafts).index
        )
        assert repo.list_drafts("c1", DraftState.REJECTED) == [rejected]
        assert repo.list_individual("c1") == [item]
        assert repo.list_stakeholders("c1") == [holder]
        assert repo.list_transcript("c1") == lines
        assert repo.list_transcript("c1", meeting_number=1) == lines[:2]
        assert repo.list_transcript("c1", limit=2) == lines[2:]
        assert repo.list_transcript("c1", limit=0) == []
        assert repo.get_settings() == {"lang": "en", "audio": {"device": "pulse", "keep_days": 30}}
    # drafts and transcript are split per meeting: small files, small writes
    folder = data_dir / "crises" / "c1"
    assert sorted(p.name for p in (folder / "drafts").iterdir()) == ["meeting-0001.json", "outside.json"]
    assert sorted(p.name for p in (folder / "transcript").iterdir()) == [
        "meeting-0001.json",
        "meeting-0002.json",
        "outside.json",
    ]


def test_settings_are_copies(crisis_repo):
    crisis_repo.save_settings({"a": {"b": 1}})
    got = crisis_repo.get_settings()
    got["a"]["b"] = 2
    assert crisis_repo.get_settings() == {"a": {"b": 1}}


def test_empty_folder_reads_empty(repo):
    assert repo.list_crises() == []
    assert repo.get_settings() == {}


def test_not_found(crisis_repo):
    with pytest.raises(NotFound):
        crisis_repo.get_crisis("nope")
    with pytest.raises(NotFound):
        crisis_repo.get_meeting("c1", 7)
    with pytest.raises(NotFound):
        crisis_repo.get_draft("c1", "nope")
    with pytest.raises(NotFound):
        crisis_repo.list_meetings("nope")
    with pytest.raises(NotFound):
        crisis_repo.update_transcript(
            TranscriptLine("x", "c1", 1, None, "2026-03-02T10:00:00+01:00", "hallo")
        )


def test_unsafe_crisis_ids_are_refused(repo, factory):
    for bad in ("../x", "a/b", ".hidden", "", "x" * 200):
        with pytest.raises(InvalidInput):
            repo.save_crisis(factory.crisis(crisis_id=bad))
    assert not (repo.data_dir / "x").exists()


def test_duplicate_transcript_line_is_refused(crisis_repo):
    line = TranscriptLine("t1", "c1", 1, None, "2026-03-02T10:00:00+01:00", "hallo")
    crisis_repo.append_transcript(line)
    with pytest.raises(InvalidInput):
        crisis_repo.append_transcript(line)


def test_audio_dir_created_on_demand(crisis_repo, data_dir):
    folder = crisis_repo.audio_dir("c1")
    assert folder == data_dir / "crises" / "c1" / "audio" and folder.is_dir()


def test_every_file_has_schema_version(data_dir):
    with TinyDBRepository(data_dir) as repo:
        build_demo_crisis(repo, NOW, crisis_id="demo")
        repo.save_settings({"active_crisis": "demo"})
    files = [p for p in data_dir.rglob("*.json")]
    assert len(files) >= 8
    for path in files:
        assert json.loads(path.read_text("utf-8"))["schema_version"] == SCHEMA_VERSION, path


def test_demo_crisis_round_trips_and_verifies(data_dir, snapshot):
    with TinyDBRepository(data_dir) as repo:
        crisis = build_demo_crisis(repo, NOW, crisis_id="demo")
        before = snapshot(repo)
    with TinyDBRepository(data_dir) as repo:
        after = snapshot(repo)
        assert after == before
        assert repo.verify(crisis.crisis_id) == []
        versions = repo.entry_versions("demo")
        kinds = {v.kind for v in versions}
        assert kinds == set(EntryKind)
        assert len({v.entry_id for v in versions}) >= 20
        assert any(v.version == 2 and v.change_note.startswith("status") for v in versions)
        assert any(v.version == 2 and v.change_note.startswith("bewerkt") for v in versions)
        assert all(v.content.reason for v in versions if v.kind is EntryKind.DECISION)
        assert [m.number for m in repo.list_meetings("demo")] == [1, 2, 3]
        assert repo.list_meetings("demo")[2].started_at and not repo.list_meetings("demo")[2].ended_at
        states = [d.state for d in repo.list_drafts("demo")]
        assert DraftState.REJECTED in states and states.count(DraftState.PENDING) >= 2
        assert (
            repo.list_transcript("demo") and repo.list_individual("demo") and repo.list_stakeholders("demo")
        )


def test_read_only_open_never_writes(data_dir, factory):
    with TinyDBRepository(data_dir) as repo:
        repo.save_crisis(factory.crisis())
    with TinyDBRepository(data_dir, read_only=True) as repo:
        assert repo.read_only
        assert repo.get_crisis("c1").name == "Brand in gebouw B"
        with pytest.raises(ReadOnlyStorage):
            repo.save_crisis(factory.crisis(name="x"))
        with pytest.raises(ReadOnlyStorage):
            repo.append_entry(factory.entry("I-1"))
    with TinyDBRepository(tmp := data_dir.parent / "never-created", read_only=True) as repo:
        assert repo.list_crises() == []
    assert not tmp.exists()


def test_repository_methods_are_thread_safe(crisis_repo, factory):
    import threading

    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(10):
                crisis_repo.append_entry(factory.entry(f"I-{n * 100 + i}"))
                crisis_repo.save_individual(
                    IndividualItem(f"i{n}-{i}", "c1", "task", "taak", "2026-03-02T10:00:00+01:00")
                )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    versions = crisis_repo.entry_versions("c1")
    assert [v.seq for v in versions] == list(range(40))
    assert crisis_repo.verify("c1") == []
    assert len(crisis_repo.list_individual("c1")) == 40


def test_resolve_data_dir_order(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(str(tmp_path / "cli")) == tmp_path / "cli"
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.delenv("ASSISTANT_DATA_DIR")
    default = resolve_data_dir(None)
    assert default.name == "cmt-assistant" and default.is_absolute()
    assert resolve_data_dir("~/x") == Path.home() / "x"


def test_closed_repository_refuses(data_dir):
    repo = TinyDBRepository(data_dir)
    repo.close()
    repo.close()  # idempotent
    with pytest.raises(Exception) as info:
        repo.list_crises()
    assert "closed" in str(info.value)
