"""The confirmed log: append-only, versioned, hash-chained, drafts decided with their entry; tampering."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.domain.entries import GENESIS_HASH, DraftState, EntryKind, TaskStatus
from assistant.domain.errors import DiskFull, InvalidInput, InvalidTransition
from assistant.storage import atomic
from assistant.storage.tinydb_repo import TinyDBRepository


def log_files(data_dir: Path, crisis_id: str = "c1") -> list[Path]:
    return sorted((data_dir / "crises" / crisis_id / "log").glob("log-*.json"))


def test_append_assigns_seq_prev_hash_and_seal(crisis_repo, factory):
    first = crisis_repo.append_entry(replace(factory.entry("I-1"), seq=99, prev_hash="x" * 64))
    second = crisis_repo.append_entry(factory.entry("B-1", EntryKind.DECISION, reason="omdat"))
    assert (first.seq, first.prev_hash) == (0, GENESIS_HASH)
    assert (second.seq, second.prev_hash) == (1, first.hash)
    assert first.hash == first.compute_hash() and len(first.hash) == 64
    assert crisis_repo.entry_versions("c1") == [first, second]
    assert crisis_repo.verify("c1") == []


def test_new_versions_keep_old_ones(data_dir, crisis_repo, factory):
    v1 = crisis_repo.append_entry(factory.entry("A-1", EntryKind.ACTION, owner="hr"))
    other = crisis_repo.append_entry(factory.entry("I-1"))
    v2 = crisis_repo.append_entry(
        replace(v1, version=2, status=TaskStatus.DONE, change_note="status: gereed")
    )
    v3 = crisis_repo.append_entry(
        replace(
            v2,
            version=3,
            content=v2.content.with_changes(deadline="2026-03-02T14:30"),
            change_note="bewerkt: deadline",
        )
    )
    crisis_repo.close()
    with TinyDBRepository(data_dir) as repo:
        versions = repo.entry_versions("c1")
        assert [(v.number, v.version, v.seq) for v in versions] == [
            ("A-1", 1, 0),
            ("I-1", 1, 1),
            ("A-1", 2, 2),
            ("A-1", 3, 3),
        ]
        assert versions[0] == v1 and versions[0].status is TaskStatus.OPEN
        assert versions[1] == other and versions[3] == v3
        assert repo.verify("c1") == []


def test_history_is_never_overwritten(crisis_repo, factory):
    v1 = crisis_repo.append_entry(factory.entry("A-1", EntryKind.ACTION))
    with pytest.raises(InvalidInput):  # same version again
        crisis_repo.append_entry(replace(v1, content=v1.content.with_changes(text="Anders.")))
    with pytest.raises(InvalidInput):  # skipping a version
        crisis_repo.append_entry(replace(v1, version=3))
    with pytest.raises(InvalidInput):  # a new entry may not reuse a number
        crisis_repo.append_entry(factory.entry("A-1", EntryKind.ACTION))
    with pytest.raises(InvalidInput):  # a new version may not change the number
        crisis_repo.append_entry(replace(v1, version=2, number="A-2"))
    with pytest.raises(InvalidInput):  # a first version must be version 1
        crisis_repo.append_entry(factory.entry("A-2", EntryKind.ACTION, version=2))
    assert crisis_repo.entry_versions("c1") == [v1]
    assert not hasattr(crisis_repo, "delete_entry")


def test_log_is_split_in_append_only_segments(data_dir, factory):
    with TinyDBRepository(data_dir, log_segment_size=3) as repo:
        repo.save_crisis(factory.crisis())
        stored = [repo.append_entry(factory.entry(f"I-{i}")) for i in range(1, 8)]
    files = log_files(data_dir)
    assert [p.name for p in files] == ["log-000000.json", "log-000003.json", "log-000006.json"]
    closed = [p.read_bytes() for p in files[:2]]
    with TinyDBRepository(data_dir, log_segment_size=3) as repo:
        assert repo.entry_versions("c1") == stored
        stored.append(repo.append_entry(factory.entry("I-8")))
        assert repo.verify("c1") == []
    assert [p.read_bytes() for p in log_files(data_dir)[:2]] == closed  # full segments never rewritten
    with TinyDBRepository(
        data_dir, log_segment_size=100
    ) as repo:  # the segment size is not part of the format
        assert repo.entry_versions("c1") == stored
        repo.append_entry(factory.entry("I-9"))
        assert len(log_files(data_dir)) == 3 and repo.verify("c1") == []


def test_confirming_a_draft_stores_both(data_dir, crisis_repo, factory):
    draft = factory.draft(EntryKind.DECISION, "We besluiten de aula te openen.", reason="opvang")
    crisis_repo.save_draft(draft)
    entry = factory.entry("B-1", EntryKind.DECISION, draft_id=draft.draft_id)
    stored = crisis_repo.append_entry(
        entry, draft.confirm(entry.entry_id, "logger", "2026-03-02T10:16:00+01:00")
    )
    crisis_repo.close()
    with TinyDBRepository(data_dir) as repo:
        got = repo.get_draft("c1", draft.draft_id)
        assert got.state is DraftState.CONFIRMED and got.entry_id == stored.entry_id
        assert repo.entry_versions("c1")[0].draft_id == draft.draft_id
        assert repo.list_drafts("c1", DraftState.PENDING) == []


def test_pending_decided_draft_is_confirmed_and_draft_id_filled_in(crisis_repo, factory):
    draft = factory.draft()
    crisis_repo.save_draft(draft)
    stored = crisis_repo.append_entry(
        factory.entry("I-1"), draft
    )  # draft still pending, entry without draft_id
    assert stored.draft_id == draft.draft_id
    got = crisis_repo.get_draft("c1", draft.draft_id)
    assert (got.state, got.entry_id, got.decided_by) == (DraftState.CONFIRMED, stored.entry_id, "logger")


def test_a_draft_is_confirmed_once(crisis_repo, factory):
    draft = factory.draft()
    crisis_repo.save_draft(draft)
    crisis_repo.append_entry(factory.entry("I-1"), draft)
    with pytest.raises(InvalidTransition):
        crisis_repo.append_entry(factory.entry("I-2"), draft)
    with pytest.raises(InvalidTransition):  # cannot be rejected afterwards
        crisis_repo.save_draft(draft.reject("oeps", "logger", "2026-03-02T10:30:00+01:00"))
    rejected = factory.draft()
    crisis_repo.save_draft(rejected.reject("geen besluit", "logger", "2026-03-02T10:30:00+01:00"))
    with pytest.raises(InvalidTransition):
        crisis_repo.append_entry(factory.entry("I-3"), rejected)
    with pytest.raises(InvalidTransition):  # a rejected draft does not come back
        crisis_repo.save_draft(rejected)
    assert [v.number for v in crisis_repo.entry_versions("c1")] == ["I-1"]


def test_confirmed_state_only_with_its_entry(crisis_repo, factory):
    draft = factory.draft()
    with pytest.raises(InvalidTransition):
        crisis_repo.save_draft(draft.confirm("e-x", "logger", "2026-03-02T10:30:00+01:00"))
    with pytest.raises(InvalidInput):  # entry says it came from another draft
        crisis_repo.append_entry(factory.entry("I-1", draft_id="other"), draft)


def test_crash_between_entry_and_draft_is_reconciled(data_dir, crisis_repo, factory, monkeypatch):
    """The entry is written first; if the draft write then fails (or the process dies), the draft is still
    reported confirmed, the call succeeds (the entry IS durable), and the next open repairs the file."""
    draft = factory.draft()
    crisis_repo.save_draft(draft)
    real_write = atomic.atomic_write_bytes

    def fail_on_drafts(path, data, **kw):
        if "drafts" in path.parts:
            raise DiskFull(str(path))
        return real_write(path, data, **kw)

    monkeypatch.setattr(atomic, "atomic_write_bytes", fail_on_drafts)
    stored = crisis_repo.append_entry(factory.entry("I-1"), draft)
    monkeypatch.undo()
    on_disk = json.loads((data_dir / "crises/c1/drafts/meeting-0001.json").read_text())["drafts"]["1"]
    assert on_disk["state"] == "pending"  # the draft write was cut off ...
    got = crisis_repo.get_draft("c1", draft.draft_id)  # ... but it is reported as what the log says
    assert got.state is DraftState.CONFIRMED and got.entry_id == stored.entry_id
    assert crisis_repo.list_drafts("c1", DraftState.PENDING) == []
    crisis_repo.close()
    with TinyDBRepository(data_dir) as repo:
        assert repo.get_draft("c1", draft.draft_id).state is DraftState.CONFIRMED
        assert repo.list_drafts("c1", DraftState.PENDING) == []
    on_disk = json.loads((data_dir / "crises/c1/drafts/meeting-0001.json").read_text())["drafts"]["1"]
    assert on_disk["state"] == "confirmed" and on_disk["entry_id"] == stored.entry_id  # repaired


# --- tampering ---------------------------------------------------------------------------------------------


def _tamper(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture
def sealed_log(data_dir, factory):
    with TinyDBRepository(data_dir) as repo:
        repo.save_crisis(factory.crisis())
        repo.append_entry(factory.entry("I-1", text="Brand op de tweede verdieping."))
        repo.append_entry(
            factory.entry(
                "B-1", EntryKind.DECISION, text="Opvang in de aula van gebouw A.", reason="dichtbij"
            )
        )
        a1 = repo.append_entry(
            factory.entry("A-1", EntryKind.ACTION, text="Lijst van aanwezigen.", owner="hr")
        )
        repo.append_entry(replace(a1, version=2, status=TaskStatus.DONE, change_note="status: gereed"))
        repo.append_entry(factory.entry("I-2", text="Brand is meester."))
    return data_dir


def test_edited_text_is_named(sealed_log, cli):
    _tamper(log_files(sealed_log)[0], "Opvang in de aula van gebouw A.", "Opvang in de kantine.")
    with TinyDBRepository(sealed_log, read_only=True) as repo:
        problems = repo.verify("c1")
    assert [(p.number, p.version, p.problem) for p in problems] == [("B-1", 1, "hash_mismatch")]
    result = cli(sealed_log, "verify")
    assert result.returncode == 1
    assert "B-1 versie 1" in result.stdout and "hash klopt niet" in result.stdout
    result = cli(sealed_log, "--lang", "en", "verify", "--crisis", "c1")
    assert result.returncode == 1 and "B-1 version 1" in result.stdout and "hash mismatch" in result.stdout


def test_rehashed_edit_breaks_the_next_link(sealed_log):
    path = log_files(sealed_log)[0]
    data = json.loads(path.read_text())
    doc = data["log"]["2"]
    doc["content"]["text"] = "Opvang in de kantine."
    from assistant.domain.entries import LogEntry

    doc["hash"] = LogEntry.from_dict(doc).compute_hash()  # a careful forger also fixes the hash ...
    path.write_text(json.dumps(data))
    with TinyDBRepository(sealed_log, read_only=True) as repo:
        problems = repo.verify("c1")
    assert [(p.number, p.problem) for p in problems] == [("A-1", "broken_link")]  # ... the next link breaks


def test_removed_version_is_named(sealed_log, cli):
    path = log_files(sealed_log)[0]
    data = json.loads(path.read_text())
    del data["log"]["4"]  # A-1 version 2 (status gereed) removed
    path.write_text(json.dumps(data))
    with TinyDBRepository(sealed_log, read_only=True) as repo:
        problems = repo.verify("c1")
    assert ("I-2", 1, "gap") in [(p.number, p.version, p.problem) for p in problems]
    assert ("I-2", 1, "broken_link") in [(p.number, p.version, p.problem) for p in problems]
    result = cli(sealed_log, "verify")
    assert result.returncode == 1 and "I-2" in result.stdout


def test_removed_newest_version_is_noticed_in_process(sealed_log):
    with TinyDBRepository(sealed_log) as repo:
        repo.entry_versions("c1")
        path = log_files(sealed_log)[0]
        data = json.loads(path.read_text())
        del data["log"]["5"]
        path.write_text(json.dumps(data))
        assert [(p.number, p.problem) for p in repo.verify("c1")] == [("I-2", "missing")]


def test_intact_log_verifies_in_cli(sealed_log, cli):
    result = cli(sealed_log, "verify")
    assert result.returncode == 0, result.stderr
    assert "OK: 5 versies, keten intact" in result.stdout
