"""Crash safety of one-write changes: SIGKILL a writer at random moments while it writes status changes
(S-entry + the task's new version) and a typed line's drafts. After every kill each change is there
completely or not at all, everything reported done is there, and every chain verifies."""

from __future__ import annotations

import os
import random
from collections import Counter
from pathlib import Path

import crash_multi_writer

from assistant.domain.entries import EntryKind
from assistant.storage.integrity import check_crisis
from assistant.storage.tinydb_repo import TinyDBRepository
from tests.support.crash import kill_after

KILLS = 30
SEGMENT_SIZE = 7  # small: changes often start a new segment file


def _forked_writer(data_dir: Path, delay: float) -> str:
    return kill_after(lambda: crash_multi_writer.main(str(data_dir), SEGMENT_SIZE), delay)


def _check_all_or_none(data_dir: Path, reported: set[str], where: str) -> None:
    with TinyDBRepository(data_dir, read_only=True) as repo:  # the files exactly as the crash left them
        versions = repo.entry_versions("c1")
        statuses = {v.number for v in versions if v.kind is EntryKind.STATUS}
        task_notes = {v.change_note.removeprefix("status via ") for v in versions if v.kind.is_task and v.version > 1}
        assert statuses == task_notes, f"half a status change in {where}"
        per_line = Counter(d.origin.transcript for d in repo.list_drafts("c1"))
        assert set(per_line.values()) <= {crash_multi_writer.DRAFTS_PER_LINE}, f"half a line in {where}"
        present = statuses | set(per_line)
    assert reported <= present, f"lost {sorted(reported - present)} in {where}"
    report = check_crisis(data_dir / "crises/c1")
    assert report.ok, (where, report.problems, report.damaged)


def test_sigkill_mid_change_leaves_all_or_none(tmp_path):
    data_dir = tmp_path / "data"
    seed = int(os.environ.get("CRASH_SEED", "20260311"))
    rng = random.Random(seed)
    reported: set[str] = set()
    in_flight = 0
    for round_no in range(KILLS):
        out = _forked_writer(data_dir, rng.uniform(0.02, 0.25))
        reported |= {line.strip() for line in out.splitlines(keepends=True) if line.endswith("\n")}
        if any(p.name.endswith(".tmp") for p in data_dir.rglob("*")):
            in_flight += 1
        _check_all_or_none(data_dir, reported, f"round {round_no} (seed {seed})")
        with TinyDBRepository(data_dir) as repo:  # the next start: repairs, then still all or none
            assert repo.verify("c1") == []
        _check_all_or_none(data_dir, reported, f"round {round_no} after reopening (seed {seed})")
    print(f"\nmulti-version crash test: {KILLS} SIGKILLs, {in_flight} mid-write, {len(reported)} changes kept")
    assert len(reported) > KILLS and in_flight > 0
