"""One write for one change (``append_entries``), optimistic version checks (``based_on``), repairs on
open (older two-step files, a crash between a chain and its working file), and file modes."""

from __future__ import annotations

import json
import os
import shutil
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.domain.entries import DraftState, EntryKind, TaskStatus
from assistant.domain.errors import DiskFull, InvalidInput
from assistant.i18n import error_message, label
from assistant.storage import atomic
from assistant.storage.errors import VersionConflict
from assistant.storage.repository import TranscriptLine
from assistant.storage.tinydb_repo import TinyDBRepository


def _status_change(factory, task, status: TaskStatus, s_number: str = "S-1"):
    """What the app writes for "A-1 is gereed": the status entry and the task's new version."""
    s_entry = factory.entry(
        s_number, EntryKind.STATUS, text=f"{task.number}: {label(status)}.", ref=task.number, new_status=status
    )
    task_version = replace(
        task, version=task.version + 1, status=status, change_note=f"status via {s_number}", hash=""
    )
    return [s_entry, task_version]


@pytest.fixture
def task(crisis_repo, factory):
    return crisis_repo.append_entry(factory.entry("A-1", EntryKind.ACTION, text="Lijst aanwezigen.", owner="hr"))


def _count_replaces(monkeypatch) -> list[str]:
    replaced: list[str] = []
    real = os.replace

    def counting(src, dst, *args, **kwargs):
        replaced.append(str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", counting)
    return replaced


def test_several_versions_in_one_file_write(data_dir, crisis_repo, factory, task, monkeypatch):
    replaced = _count_replaces(monkeypatch)
    stored = crisis_repo.append_entries(_status_change(factory, task, TaskStatus.DONE))
    monkeypatch.undo()
    assert [p for p in replaced if "/log/" in p] == [str(data_dir / "crises/c1/log/log-000000.json")]
    assert [(v.number, v.version, v.seq) for v in stored] == [("S-1", 1, 1), ("A-1", 2, 2)]
    assert stored[1].prev_hash == stored[0].hash and stored[0].prev_hash == task.hash  # the repo chains them
    assert crisis_repo.verify("c1") == []
    with TinyDBRepository(data_dir, read_only=True) as fresh:
        assert fresh.entry_versions("c1")[1:] == stored


def test_repository_alone_assigns_seq_and_prev_hash(crisis_repo, factory, task):
    forged = [replace(v, seq=77, prev_hash="f" * 64) for v in _status_change(factory, task, TaskStatus.DONE)]
    stored = crisis_repo.append_entries(forged)
    assert [v.seq for v in stored] == [1, 2] and crisis_repo.verify("c1") == []


def test_a_refused_version_refuses_the_whole_change(crisis_repo, factory, task):
    s_entry, task_version = _status_change(factory, task, TaskStatus.DONE)
    with pytest.raises(VersionConflict):
        crisis_repo.append_entries([s_entry, replace(task_version, version=3)])
    with pytest.raises(InvalidInput):  # S-1 twice in one change
        crisis_repo.append_entries([s_entry, replace(s_entry, entry_id="other")])
    assert [v.number for v in crisis_repo.entry_versions("c1")] == ["A-1"]


def test_double_tap_writes_one_status_version(crisis_repo, factory, task):
    """Two taps on "gereed" both based on version 1: the second is refused, nothing is written twice."""
    first = _status_change(factory, task, TaskStatus.DONE, "S-1")
    second = _status_change(factory, task, TaskStatus.DONE, "S-2")
    crisis_repo.append_entries(first, based_on={task.entry_id: 1})
    with pytest.raises(VersionConflict) as info:
        crisis_repo.append_entries(second, based_on={task.entry_id: 1})
    assert info.value.code == "version_conflict"
    assert {k: info.value.params[k] for k in ("number", "based_on", "current")} == {"number": "A-1", "based_on": 1, "current": 2}
    message = error_message(info.value, "nl")
    assert "A-1 is intussen gewijzigd" in message and "versie 1" in message and "versie 2" in message
    assert [(v.number, v.version) for v in crisis_repo.entry_versions("c1")] == [("A-1", 1), ("S-1", 1), ("A-1", 2)]
    latest = crisis_repo.latest_version("c1", task.entry_id)
    assert (latest.version, latest.status) == (2, TaskStatus.DONE)  # the app sees "already gereed": a no-op


def test_edit_based_on_an_old_version_is_refused(crisis_repo, task):
    edit_a = replace(task, version=2, content=task.content.with_changes(text="Lijst van aanwezigen."))
    edit_b = replace(task, version=2, content=task.content.with_changes(owner="facilitair"))
    crisis_repo.append_entries([edit_a], based_on={task.entry_id: 1})
    with pytest.raises(VersionConflict):  # the second device's edit would silently undo the first
        crisis_repo.append_entries([replace(edit_b, version=3)], based_on={task.entry_id: 1})
    assert crisis_repo.latest_version("c1", task.entry_id).content.text == "Lijst van aanwezigen."


def test_decided_draft_goes_with_its_entry_in_a_multi_version_change(crisis_repo, factory, task):
    draft = factory.draft(EntryKind.STATUS, "actie een is gereed", ref="A-1", new_status=TaskStatus.DONE)
    crisis_repo.save_draft(draft)
    change = _status_change(factory, task, TaskStatus.DONE)
    stored = crisis_repo.append_entries(change, draft)
    assert stored[0].draft_id == draft.draft_id and stored[1].draft_id is None
    assert crisis_repo.get_draft("c1", draft.draft_id).state is DraftState.CONFIRMED


def test_full_disk_during_a_multi_version_change_writes_neither(tiny_tmpfs, factory):
    data_dir = tiny_tmpfs / "data"
    (tiny_tmpfs / "filler.bin").write_bytes(b"x" * 20 * 1024)
    long_text = "Stand van zaken: de tweede verdieping van gebouw B is uitgebrand. " * 12
    with TinyDBRepository(data_dir) as repo:
        repo.save_crisis(factory.crisis())
        task = repo.append_entry(factory.entry("A-1", EntryKind.ACTION, text=long_text, owner="hr"))
        for i in range(2, 400):
            change = _status_change(factory, task, TaskStatus.DONE, f"S-{i}")
            change[0] = replace(change[0], content=replace(change[0].content, text=long_text))
            before = repo.entry_versions("c1")
            try:
                stored = repo.append_entries(change)
            except DiskFull:
                break
            task = stored[1]
            task = replace(task, status=TaskStatus.OPEN)  # next round changes it back and forth
        else:
            pytest.fail("the tmpfs never filled up")
        assert repo.entry_versions("c1") == before
    with TinyDBRepository(data_dir, read_only=True) as fresh:
        assert fresh.entry_versions("c1") == before and fresh.verify("c1") == []


def test_older_two_step_files_are_repaired_on_open(data_dir, crisis_repo, factory, task):
    """An old version wrote S-1 and then crashed (or hit a full disk) before A-1 version 2."""
    s_entry = _status_change(factory, task, TaskStatus.DONE)[0]
    crisis_repo.append_entry(s_entry)
    crisis_repo.close()
    with TinyDBRepository(data_dir) as repo:
        versions = repo.entry_versions("c1")
        assert [(v.number, v.version) for v in versions] == [("A-1", 1), ("S-1", 1), ("A-1", 2)]
        repaired = versions[-1]
        assert repaired.status is TaskStatus.DONE and "via S-1" in repaired.change_note
        assert "hersteld" in repaired.change_note and repo.verify("c1") == []
    with TinyDBRepository(data_dir) as repo:  # repaired once, not again
        assert len(repo.entry_versions("c1")) == 3


def test_only_a_cut_off_tail_is_repaired(data_dir, crisis_repo, factory, task):
    """An S-entry further back without a task version is how some older logs look: never "repaired"."""
    crisis_repo.append_entry(_status_change(factory, task, TaskStatus.DONE)[0])  # S-1 without its version
    crisis_repo.append_entry(factory.entry("I-1"))
    crisis_repo.close()
    with TinyDBRepository(data_dir) as repo:
        assert [(v.number, v.version) for v in repo.entry_versions("c1")] == [("A-1", 1), ("S-1", 1), ("I-1", 1)]


def test_status_already_reached_is_not_repaired(data_dir, crisis_repo, factory, task):
    done = crisis_repo.append_entries(_status_change(factory, task, TaskStatus.DONE))[1]
    crisis_repo.append_entry(_status_change(factory, done, TaskStatus.DONE, "S-2")[0])  # same status again
    crisis_repo.close()
    with TinyDBRepository(data_dir) as repo:
        assert len(repo.entry_versions("c1")) == 4


def test_drafts_of_one_line_in_one_write(data_dir, crisis_repo, factory, monkeypatch):
    drafts = [factory.draft(text=f"Ter informatie: punt {i}.") for i in range(5)]
    replaced = _count_replaces(monkeypatch)
    crisis_repo.save_drafts(drafts)
    monkeypatch.undo()
    assert sorted(Path(p).parent.name for p in replaced) == ["drafts", "drafts"]  # its chain + its file
    assert [d.draft_id for d in crisis_repo.list_drafts("c1")] == [d.draft_id for d in drafts]
    assert crisis_repo.chain_heads("c1")["drafts"].count == 5


def test_crash_between_chain_and_working_file_is_repaired(data_dir, crisis_repo, factory, monkeypatch):
    draft = factory.draft()
    crisis_repo.save_draft(draft)
    real = atomic.atomic_write_bytes

    def chain_only(path, data, **kwargs):
        if "/chains/" not in str(path):
            raise SystemExit("killed")  # the process dies right after the chain write
        return real(path, data, **kwargs)

    monkeypatch.setattr(atomic, "atomic_write_bytes", chain_only)
    with pytest.raises(SystemExit):
        crisis_repo.save_draft(draft.reject("dubbel", "logger", "2026-03-02T10:20:00+01:00"))
    monkeypatch.undo()
    crisis_repo.close()
    stored = json.loads((data_dir / "crises/c1/drafts/meeting-0001.json").read_text())
    assert next(iter(stored["drafts"].values()))["state"] == "pending"  # the working file missed it
    with TinyDBRepository(data_dir) as repo:
        got = repo.get_draft("c1", draft.draft_id)
        assert got.state is DraftState.REJECTED and got.reject_reason == "dubbel"
    stored = json.loads((data_dir / "crises/c1/drafts/meeting-0001.json").read_text())
    assert next(iter(stored["drafts"].values()))["state"] == "rejected"


def test_folders_without_chains_are_adopted(data_dir, crisis_repo, factory, cli):
    """A data folder of an older version has no side chains: the first writable open creates them."""
    crisis_repo.save_draft(factory.draft())
    crisis_repo.append_transcript(TranscriptLine("t1", "c1", 1, None, "2026-03-02T10:00:00+01:00", "hallo"))
    crisis_repo.close()
    shutil.rmtree(data_dir / "crises/c1/chains")
    with TinyDBRepository(data_dir) as repo:
        repo.list_drafts("c1")
        repo.list_transcript("c1")
        assert repo.chain_heads("c1")["drafts"].count == 1
        assert repo.chain_heads("c1")["transcript"].count == 1
    assert cli(data_dir, "verify").returncode == 0


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_data_folder_is_owner_only(data_dir, crisis_repo, factory):
    crisis_repo.save_draft(factory.draft())
    crisis_repo.append_entry(factory.entry("I-1"))
    crisis_repo.save_settings({"lang": "nl"})
    paths = [data_dir, *data_dir.rglob("*")]
    assert {_mode(p) for p in paths if p.is_dir()} == {0o700}
    assert {_mode(p) for p in paths if p.is_file()} == {0o600}


def test_loose_modes_of_an_existing_folder_are_tightened_on_open(data_dir, crisis_repo, factory):
    crisis_repo.append_entry(factory.entry("I-1"))
    crisis_repo.close()
    for path in [data_dir, *data_dir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    with TinyDBRepository(data_dir):
        paths = [data_dir, *data_dir.rglob("*")]
        assert {_mode(p) for p in paths if p.is_dir()} == {0o700}
        assert {_mode(p) for p in paths if p.is_file()} == {0o600}

