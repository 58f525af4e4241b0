"""Faults: corrupt files, full disk, read-only medium, a second process. Nothing confirmed may be lost,
and after a failed write the in-memory state equals the files on disk, so a retry works."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from assistant.demo import build_demo_crisis
from assistant.domain.entries import DraftState
from assistant.domain.errors import (
    CorruptData,
    DiskFull,
    InvalidInput,
    ReadOnlyStorage,
    StorageError,
    StorageLocked,
)
from assistant.domain.meeting import new_meeting
from assistant.i18n import error_message
from assistant.storage.repository import TranscriptLine
from assistant.storage.tinydb_repo import TinyDBRepository

ROOT = Path(__file__).resolve().parents[2]  # not from conftest: other test folders have one too
PYTHON = sys.executable

NOW = datetime(2026, 3, 2, 18, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
LONG = "Stand van zaken vanuit de brandweer: de tweede verdieping van gebouw B is uitgebrand, " * 3


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


# --- corrupt files ------------------------------------------------------------------------------------------


@pytest.fixture
def filled(data_dir, factory):
    with TinyDBRepository(data_dir) as repo:
        repo.save_crisis(factory.crisis())
        repo.append_entry(factory.entry("I-1"))
        repo.save_draft(factory.draft())
        repo.append_transcript(TranscriptLine("t1", "c1", 1, None, "2026-03-02T10:00:00+01:00", "hallo"))
        repo.save_settings({"lang": "nl"})
    return data_dir


@pytest.mark.parametrize(
    "relative",
    [
        "crises/c1/crisis.json",
        "crises/c1/log/log-000000.json",
        "crises/c1/drafts/meeting-0001.json",
        "crises/c1/transcript/meeting-0001.json",
        "settings.json",
    ],
)
@pytest.mark.parametrize(
    "content",
    [
        b'{"schema_version": 1, "log": {"1": {"entry',
        b"",
        b"\x00\xff garbage",
        b'{"log": {}}',
        b"[1, 2]",
        b'{"schema_version": 1, "drafts": {"x": 5}}',
    ],
)
def test_corrupt_file_is_named_quarantined_and_never_overwritten(filled, factory, relative, content):
    """A damaged file is named (in the error a banner shows) and never overwritten; it only takes its own
    part out of service (see test_storage_quarantine.py for what keeps working)."""
    path = filled / relative
    path.write_bytes(content)
    with TinyDBRepository(filled) as repo:
        damaged = repo.damaged_parts()
        assert [d.file for d in damaged] == [str(path)]
        error = damaged[0].error()
        assert isinstance(error, CorruptData) and error.code == "part_quarantined"
        assert str(path) in error.detail
        assert str(path) in error_message(error, "nl") and "beschadigd" in error_message(error, "nl")
        if "/log/" in relative or relative.endswith("crisis.json"):
            with pytest.raises(CorruptData) as info:  # the part itself refuses, naming the file
                repo.entry_versions("c1")
            assert str(path) in info.value.detail
    with TinyDBRepository(filled) as repo:  # writes that would need the file never overwrite it
        for attempt in (
            lambda: repo.save_crisis(factory.crisis(name="x")),
            lambda: repo.append_entry(factory.entry("I-2")),
            lambda: repo.save_draft(factory.draft()),
            lambda: repo.append_transcript(
                TranscriptLine("t2", "c1", 1, None, "2026-03-02T10:00:00+01:00", "hallo")
            ),
            lambda: repo.save_settings({"lang": "en"}),
        ):
            with contextlib.suppress(CorruptData):
                attempt()
    if relative == "settings.json":  # settings are not evidence: the damaged file is kept aside
        assert (filled / "settings.damaged-1.json").read_bytes() == content
    else:
        assert path.read_bytes() == content


def test_missing_crisis_file_next_to_data_is_quarantined(filled, factory):
    (filled / "crises/c1/crisis.json").unlink()
    (filled / "crises/cut-off").mkdir()  # a crisis whose creation was cut off: ignored
    with TinyDBRepository(filled) as repo:
        assert repo.list_crises() == []  # blocks nothing ...
        damaged = repo.damaged_parts()
        assert [(d.part, d.file) for d in damaged] == [("folder", str(filled / "crises/c1"))]  # ... but is named
        assert "crisis.json" in damaged[0].detail
        with pytest.raises(InvalidInput):  # and its data is never taken over by a new crisis
            repo.save_crisis(factory.crisis())


def test_newer_schema_is_refused(filled):
    path = filled / "crises/c1/log/log-000000.json"
    data = json.loads(path.read_text())
    data["schema_version"] = 99
    path.write_text(json.dumps(data))
    with TinyDBRepository(filled) as repo, pytest.raises(CorruptData) as info:
        repo.entry_versions("c1")
    assert "newer" in info.value.detail and str(path) in info.value.detail


def test_record_missing_a_field_is_corrupt(filled):
    path = filled / "crises/c1/log/log-000000.json"
    data = json.loads(path.read_text())
    del data["log"]["1"]["number"]
    path.write_text(json.dumps(data))
    with TinyDBRepository(filled) as repo, pytest.raises(CorruptData) as info:
        repo.entry_versions("c1")
    assert str(path) in info.value.detail


def test_corrupt_log_in_cli(filled, cli):
    (filled / "crises/c1/log/log-000000.json").write_text("{nope")
    result = cli(filled, "verify")
    assert result.returncode == 1
    assert "BESCHADIGD" in result.stdout and "log-000000.json" in result.stdout
    (filled / "crises/c1/crisis.json").write_text("{nope")
    result = cli(filled, "crises")
    assert result.returncode == 2 and "crisis.json" in result.stderr and "beschadigd" in result.stderr


def test_stale_temp_files_are_removed_by_the_writer_only(filled):
    stale = [filled / ".settings.json.999999.tmp", filled / "crises/c1/log/.log-000000.json.999999.tmp"]
    for path in stale:
        path.write_text("half written")
    with TinyDBRepository(filled, read_only=True) as repo:
        repo.entry_versions("c1")
    assert all(p.exists() for p in stale)  # a reader must not touch a running writer's temp files
    with TinyDBRepository(filled) as repo:
        repo.entry_versions("c1")
    assert not any(p.exists() for p in stale)


# --- mocked OS errors (run anywhere, also without root) -----------------------------------------------------


def _operations(repo: TinyDBRepository, factory):
    """One write of every kind, each a fresh object so a retry is the same call."""
    crisis = repo.get_crisis("demo")
    draft = factory.draft(meeting=3)
    draft = replace(draft, crisis_id="demo")
    versions = repo.entry_versions("demo")
    latest = versions[-1]
    return {
        "append_entry": lambda: repo.append_entry(replace(factory.entry("I-99"), crisis_id="demo")),
        "new_version": lambda: repo.append_entry(
            replace(latest, version=latest.version + 1, change_note="bewerkt")
        ),
        "confirm_draft": lambda: repo.append_entry(
            replace(
                factory.entry("I-98"),
                crisis_id="demo",
                draft_id=repo.list_drafts("demo", DraftState.PENDING)[0].draft_id,
            ),
            repo.list_drafts("demo", DraftState.PENDING)[0],
        ),
        "save_draft": lambda: repo.save_draft(draft),
        "save_meeting": lambda: repo.save_meeting(new_meeting(crisis, 4, NOW)),
        "save_crisis": lambda: repo.save_crisis(crisis.with_changes(name="Brand in gebouw B en C")),
        "new_crisis": lambda: repo.save_crisis(crisis.with_changes(crisis_id="tweede")),
        "transcript": lambda: repo.append_transcript(
            TranscriptLine("new", "demo", 3, None, NOW.isoformat(), "x")
        ),
        "settings": lambda: repo.save_settings({"lang": "en"}),
        "individual": lambda: repo.save_individual(
            replace(repo.list_individual("demo")[0], text="Gewijzigd.")
        ),
    }


@pytest.mark.parametrize(
    "fault",
    [
        ("write", errno.ENOSPC, DiskFull),
        ("write", errno.EDQUOT, DiskFull),
        ("fsync", errno.ENOSPC, DiskFull),
        ("replace", errno.EROFS, ReadOnlyStorage),
        ("open", errno.EACCES, ReadOnlyStorage),
        ("open", errno.EPERM, ReadOnlyStorage),
        ("write", errno.EIO, StorageError),
    ],
)
def test_failed_write_changes_nothing_and_retry_works(
    data_dir, factory, snapshot, disk_snapshot, monkeypatch, fault
):
    where, code, expected = fault
    with TinyDBRepository(data_dir) as repo:
        build_demo_crisis(repo, NOW, crisis_id="demo")
        real = getattr(os, where)

        def failing(*args, **kwargs):
            if where == "open" and not str(args[0]).endswith(".tmp"):
                return real(*args, **kwargs)
            raise OSError(code, os.strerror(code))

        for name, operation in _operations(repo, factory).items():
            before = snapshot(repo)
            monkeypatch.setattr(os, where, failing)
            with pytest.raises(expected) as info:
                operation()
            monkeypatch.undo()
            assert type(info.value) is expected, name
            assert snapshot(repo) == before, f"{name}: memory changed by a failed write"
            assert disk_snapshot(data_dir) == before, f"{name}: disk changed by a failed write"
            assert temp_files(data_dir) == [], name
            operation()  # the retry succeeds ...
            assert snapshot(repo) == disk_snapshot(data_dir) != before, name  # ... and is on disk
        assert repo.verify("demo") == []


# --- a really full disk -------------------------------------------------------------------------------------


def test_full_disk_on_tmpfs(tiny_tmpfs, factory, snapshot, disk_snapshot):
    data_dir = tiny_tmpfs / "data"
    filler = tiny_tmpfs / "filler.bin"
    filler.write_bytes(b"x" * 24 * 1024)
    confirmed = []
    with TinyDBRepository(data_dir) as repo:
        repo.save_crisis(factory.crisis())
        repo.save_meeting(new_meeting(factory.crisis(), 1, NOW))
        for i in range(1, 200):
            entry = factory.entry(f"I-{i}", text=LONG)
            before = snapshot(repo)
            try:
                confirmed.append(repo.append_entry(entry))
            except DiskFull as exc:
                failed, error = entry, exc
                break
        else:
            pytest.fail("the 64 KiB disk never filled up")
        assert len(confirmed) >= 3
        assert "vol" in error_message(error, "nl") and "NIET opgeslagen" in error_message(error, "nl")
        assert snapshot(repo) == before == disk_snapshot(data_dir)
        assert repo.entry_versions("c1") == confirmed
        assert temp_files(tiny_tmpfs) == []
        with pytest.raises(DiskFull):  # other writes fail the same way, and change nothing
            repo.save_meeting(new_meeting(factory.crisis(), 1, NOW).with_changes(ticks={"x": LONG * 100}))
        assert snapshot(repo) == before
        filler.unlink()  # free some space
        retried = repo.append_entry(failed)
        assert retried.seq == len(confirmed) and retried.prev_hash == confirmed[-1].hash
        assert repo.verify("c1") == []
    with TinyDBRepository(data_dir) as repo:
        assert repo.entry_versions("c1") == [*confirmed, retried]


# --- a read-only medium -------------------------------------------------------------------------------------


def test_opening_a_read_only_medium(bind_mount, factory):
    with TinyDBRepository(bind_mount.target / "data") as repo:
        repo.save_crisis(factory.crisis())
        repo.append_entry(factory.entry("I-1"))
    bind_mount.read_only()
    with TinyDBRepository(bind_mount.target / "data") as repo:
        assert repo.read_only
        assert [v.number for v in repo.entry_versions("c1")] == ["I-1"]
        assert repo.verify("c1") == []
        with pytest.raises(ReadOnlyStorage) as info:
            repo.append_entry(factory.entry("I-2"))
        assert "alleen-lezen" in error_message(info.value, "nl")
    with pytest.raises(ReadOnlyStorage):  # a data folder that cannot even be created
        TinyDBRepository(bind_mount.target / "new-data")


def test_medium_becomes_read_only_while_open(bind_mount, factory, snapshot, disk_snapshot):
    """Like a USB stick's write-protect switch or a file system remounted read-only after an I/O error."""
    data_dir = bind_mount.target / "data"
    with TinyDBRepository(data_dir) as repo:
        repo.save_crisis(factory.crisis())
        first = repo.append_entry(factory.entry("I-1"))
        draft = factory.draft()
        repo.save_draft(draft)
        before = snapshot(repo)
        bind_mount.read_only()
        entry = factory.entry("I-2", draft_id=draft.draft_id)
        with pytest.raises(ReadOnlyStorage):
            repo.append_entry(entry, draft)
        with pytest.raises(ReadOnlyStorage):
            repo.save_settings({"lang": "en"})
        assert snapshot(repo) == before == disk_snapshot(data_dir)
        bind_mount.writable()
        second = repo.append_entry(entry, draft)
        assert repo.entry_versions("c1") == [first, second]
        assert repo.get_draft("c1", draft.draft_id).state is DraftState.CONFIRMED
        assert repo.verify("c1") == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions; see the bind-mount tests")
def test_chmod_read_only_folder(data_dir, factory):  # pragma: no cover - only without root
    with TinyDBRepository(data_dir) as repo:
        repo.save_crisis(factory.crisis())
    for path in [data_dir, *data_dir.rglob("*")]:
        if path.is_dir():
            path.chmod(0o555)
    try:
        with TinyDBRepository(data_dir) as repo, pytest.raises(ReadOnlyStorage):
            repo.append_entry(factory.entry("I-1"))
    finally:
        for path in [data_dir, *data_dir.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)


# --- one writer ---------------------------------------------------------------------------------------------


def test_second_open_in_the_same_process_is_locked(repo, data_dir):
    with pytest.raises(StorageLocked) as info:
        TinyDBRepository(data_dir)
    assert f"pid {os.getpid()}" in info.value.detail
    with TinyDBRepository(data_dir, read_only=True) as reader:  # readers need no lock
        assert reader.list_crises() == []
    repo.close()
    TinyDBRepository(data_dir).close()  # free again after close


HOLDER = textwrap.dedent("""
    import sys, time
    from assistant.storage.tinydb_repo import TinyDBRepository
    repo = TinyDBRepository(sys.argv[1])
    print("ready", flush=True)
    time.sleep(60)
""")


def test_second_process_gets_storage_locked(data_dir, factory, cli):
    holder = subprocess.Popen(
        [PYTHON, "-c", HOLDER, str(data_dir)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StorageLocked) as info:
            TinyDBRepository(data_dir)
        assert f"pid {holder.pid}" in info.value.detail
        assert "al in gebruik" in error_message(info.value, "nl")
        result = cli(data_dir, "demo-data", "--force")
        assert result.returncode == 2
        assert "al in gebruik" in result.stderr and str(holder.pid) in result.stderr
        assert cli(data_dir, "crises").returncode == 0  # read-only commands work next to the app
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    with TinyDBRepository(data_dir) as repo:  # a killed holder leaves no stale lock
        repo.save_crisis(factory.crisis())
