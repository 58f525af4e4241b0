"""Fixtures for the storage tier: real TinyDB files in temporary folders."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assistant.domain.entries import (
    GENESIS_HASH,
    Draft,
    EntryContent,
    EntryKind,
    LogEntry,
    Origin,
    TaskStatus,
)
from assistant.domain.meeting import Crisis
from assistant.storage.tinydb_repo import TinyDBRepository

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
STAMP = "2026-03-02T10:15:00+01:00"


@dataclass
class Factory:
    """Builds domain objects for one crisis with unique ids."""

    crisis_id: str = "c1"

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)

    def next_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids)}"

    def crisis(self, **changes: Any) -> Crisis:
        crisis = Crisis(self.crisis_id, "Brand in gebouw B", "Universiteit Hoogland", STAMP)
        return crisis.with_changes(**changes) if changes else crisis

    def content(
        self, kind: EntryKind = EntryKind.INFO, text: str = "Brand op de tweede verdieping.", **fields: Any
    ) -> EntryContent:
        return EntryContent(kind, text, **fields)

    def entry(
        self,
        number: str,
        kind: EntryKind = EntryKind.INFO,
        text: str | None = None,
        *,
        entry_id: str | None = None,
        version: int = 1,
        draft_id: str | None = None,
        meeting: int | None = 1,
        **fields: Any,
    ) -> LogEntry:
        status = TaskStatus.OPEN if kind.is_task else None
        return LogEntry(
            entry_id=entry_id or self.next_id("e"),
            crisis_id=self.crisis_id,
            number=number,
            version=version,
            meeting_number=meeting,
            recorded_at=STAMP,
            content=EntryContent(kind, text or f"Regel {number}.", **fields),
            status=status,
            status_changed_at=STAMP if status else None,
            status_changed_by="logger" if status else None,
            confirmed_by="logger",
            confirmed_at=STAMP,
            origin=Origin("typed"),
            draft_id=draft_id,
            change_note="bevestigd",
            seq=0,
            prev_hash=GENESIS_HASH,
        )

    def draft(
        self,
        kind: EntryKind = EntryKind.INFO,
        text: str = "Ter informatie: de brand is meester.",
        *,
        meeting: int | None = 1,
        **fields: Any,
    ) -> Draft:
        return Draft(
            self.next_id("d"),
            self.crisis_id,
            meeting,
            STAMP,
            EntryContent(kind, text, **fields),
            Origin("speech", text.lower(), None, 1.0, 3.5, 0.81, ("meester",)),
            {"kind": 0.9},
        )


@pytest.fixture
def factory() -> Factory:
    return Factory()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def repo(data_dir: Path) -> Iterator[TinyDBRepository]:
    repository = TinyDBRepository(data_dir)
    yield repository
    repository.close()


@pytest.fixture
def crisis_repo(repo: TinyDBRepository, factory: Factory) -> TinyDBRepository:
    repo.save_crisis(factory.crisis())
    return repo


def run_cli(
    data_dir: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m assistant --data-dir D ...`` in a subprocess."""
    full_env = dict(os.environ)
    full_env.pop("ASSISTANT_DATA_DIR", None)
    full_env.pop("ASSISTANT_LANG", None)
    full_env.update(env or {})
    return subprocess.run(
        [PYTHON, "-m", "assistant", "--data-dir", str(data_dir), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
    )


@pytest.fixture
def cli():
    return run_cli


def _mount(*args: str) -> bool:
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def _umount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True)


@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs (a really full disk). Skipped where mounting is not allowed."""
    target = tmp_path / "tiny"
    target.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=64k", "tmpfs", str(target)):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield target
    _umount(target)


@dataclass
class BindMount:
    source: Path
    target: Path

    def read_only(self) -> None:
        assert _mount("-o", "remount,bind,ro", str(self.target)), "remount read-only failed"

    def writable(self) -> None:
        assert _mount("-o", "remount,bind,rw", str(self.target)), "remount read-write failed"


@pytest.fixture
def bind_mount(tmp_path: Path) -> Iterator[BindMount]:
    """A bind mount of a folder that can be switched read-only (a write-protected medium)."""
    source, target = tmp_path / "src", tmp_path / "mnt"
    source.mkdir()
    target.mkdir()
    if not _mount("--bind", str(source), str(target)):
        pytest.skip("cannot bind-mount here (needs root)")
    yield BindMount(source, target)
    _umount(target)


def take_snapshot(repo: TinyDBRepository) -> dict[str, Any]:
    """Everything the repository returns, to compare memory with what a fresh open reads from disk."""
    out: dict[str, Any] = {"crises": repo.list_crises(), "settings": repo.get_settings()}
    for crisis in out["crises"]:
        cid = crisis.crisis_id
        out[cid] = {
            "meetings": repo.list_meetings(cid),
            "drafts": repo.list_drafts(cid),
            "log": repo.entry_versions(cid),
            "individual": repo.list_individual(cid),
            "stakeholders": repo.list_stakeholders(cid),
            "transcript": repo.list_transcript(cid),
        }
    return out


@pytest.fixture
def snapshot():
    return take_snapshot


@pytest.fixture
def disk_snapshot():
    """What a fresh, read-only open of the folder sees (the state on disk)."""

    def read(data_dir: Path) -> dict[str, Any]:
        with TinyDBRepository(data_dir, read_only=True) as fresh:
            return take_snapshot(fresh)

    return read
