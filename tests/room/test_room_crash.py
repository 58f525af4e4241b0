"""Crash safety of the room's multi-version changes: SIGKILL a process that runs a real ``Room`` while
it confirms spoken status drafts, sets statuses and closes meetings (anchor + next meeting). After every
kill each change is there completely or not at all, everything reported done is there, and the chain
verifies (the storage-level twin is tests/storage/test_storage_crash_multi.py)."""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from assistant.app.room import Room
from assistant.app.room.meetings import ANCHOR_PREFIX
from assistant.domain.entries import EntryKind, TaskStatus
from assistant.domain.errors import NotFound
from assistant.storage.tinydb_repo import TinyDBRepository

KILLS = 20
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _writer(data_dir: Path) -> None:
    """The child: loops over multi-version changes through the room; prints each one once it returned."""
    repo = TinyDBRepository(data_dir, log_segment_size=7)
    steps = [0]

    def now() -> datetime:
        steps[0] += 1
        return START + timedelta(seconds=steps[0])

    room = Room(repo, now=now)
    try:
        cid = repo.get_crisis("c1").crisis_id
    except NotFound:
        cid = room.setup.create("Crashtest", "Universiteit Hoogland", crisis_id="c1").crisis_id
    steps[0] = 10 * len(repo.entry_versions(cid))  # time moves on across restarts
    if room.meetings.current(cid) is None or room.meetings.current(cid).ended_at:
        meeting = room.meetings.plan(cid)
        room.meetings.clock_action(cid, meeting.number, "start")
    meeting = room.meetings.current(cid)
    if not meeting.started_at:
        room.meetings.clock_action(cid, meeting.number, "start")
    tasks = [e for e in room.ledger.entries(cid) if e.kind.is_task]
    if not tasks:
        draft = room.intake.add_typed(cid, "actie voor hr lijst aanwezigen maken voor twaalf uur")[0]
        tasks = [room.intake.confirm_draft(cid, draft.draft_id, "logger")]
    task = tasks[0]
    print("ready", flush=True)
    i = 0
    while True:
        i += 1
        current = repo.latest_version(cid, task.entry_id)
        if i % 5 == 0:
            meeting = room.meetings.current(cid)
            room.meetings.end(cid, meeting.number, None)
            print(f"M-{meeting.number}", flush=True)
            meeting = room.meetings.plan(cid)
            room.meetings.clock_action(cid, meeting.number, "start")
        elif current.status is TaskStatus.DONE:
            entry = room.ledger.set_status(cid, task.entry_id, TaskStatus.OPEN, "voorzitter")
            print(entry.number, flush=True)
        else:
            said = "a een loopt nog" if current.status is TaskStatus.OPEN else "a een is gereed"
            draft = room.intake.add_typed(cid, said)[0]
            entry = room.intake.confirm_draft(cid, draft.draft_id, "logger")
            print(entry.number, flush=True)


def _run_and_kill(data_dir: Path, delay: float) -> str:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        try:
            os.close(read_fd)
            os.dup2(write_fd, 1)
            os.close(write_fd)
            sys.stdout = open(1, "w", buffering=1, closefd=False)  # noqa: SIM115 (child exits below)
            _writer(data_dir)
        finally:
            os._exit(1)
    os.close(write_fd)
    with os.fdopen(read_fd) as reader:
        ready = reader.readline()
        time.sleep(delay)
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        out = reader.read()
    assert ready == "ready\n"
    return out


def _check_all_or_none(data_dir: Path, reported: set[str], where: str) -> None:
    with TinyDBRepository(data_dir, read_only=True) as repo:
        versions = repo.entry_versions("c1")
        assert repo.verify("c1") == [], where
    statuses = {v.number for v in versions if v.kind is EntryKind.STATUS}
    task_notes = {
        v.change_note.removeprefix("status via ") for v in versions if v.kind.is_task and v.version > 1
    }
    assert statuses == task_notes, f"half a status change in {where}"
    closed = set()
    for k, version in enumerate(versions):
        if version.text.startswith(ANCHOR_PREFIX):
            assert k + 1 < len(versions), f"anchor without its closing entry in {where}"
            follower = versions[k + 1]
            assert follower.kind is EntryKind.PROCESS and follower.meeting_number == version.meeting_number, (
                where
            )
            closed.add(f"M-{version.meeting_number}")
    present = statuses | closed
    assert reported <= present, f"lost {sorted(reported - present)} in {where}"


def test_sigkill_during_room_changes_leaves_all_or_none(tmp_path):
    data_dir = tmp_path / "data"
    seed = int(os.environ.get("CRASH_SEED", "20260312"))
    rng = random.Random(seed)
    reported: set[str] = set()
    for round_no in range(KILLS):
        out = _run_and_kill(data_dir, rng.uniform(0.05, 0.4))
        reported |= {line.strip() for line in out.splitlines(keepends=True) if line.endswith("\n")}
        _check_all_or_none(data_dir, reported, f"round {round_no} (seed {seed})")
    print(f"\nroom crash test: {KILLS} SIGKILLs, {len(reported)} changes kept")
    assert any(r.startswith("M-") for r in reported) and any(r.startswith("S-") for r in reported)
