"""Crash safety of the room's multi-version changes: SIGKILL a process that runs a real ``Room`` while
it confirms spoken status drafts, sets statuses and closes meetings (anchor + next meeting). After every
kill each change is there completely or not at all, everything reported done is there, and the chain
verifies (the storage-level twin is tests/storage/test_storage_crash_multi.py). And closing a meeting,
killed exactly at each of its two writes: never a closed meeting without its closing entries."""

from __future__ import annotations

import os
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.app.room import Room
from assistant.app.room.meetings import ANCHOR_PREFIX, CLOSING_NOTE
from assistant.domain.entries import EntryKind, TaskStatus
from assistant.domain.errors import NotFound
from assistant.storage.tinydb_repo import TinyDBRepository
from tests.support.crash import die, kill_after, until_killed

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
        out = kill_after(lambda: _writer(data_dir), rng.uniform(0.05, 0.4))
        reported |= {line.strip() for line in out.splitlines(keepends=True) if line.endswith("\n")}
        _check_all_or_none(data_dir, reported, f"round {round_no} (seed {seed})")
    print(f"\nroom crash test: {KILLS} SIGKILLs, {len(reported)} changes kept")
    assert any(r.startswith("M-") for r in reported) and any(r.startswith("S-") for r in reported)


# --- closing a meeting: the log's closing entries before the meeting record (issue 11) ------------------


def _close_dying_at(data_dir: Path, write: str) -> None:
    """The child: close meeting 1, SIGKILLed at the start of the repository's ``write`` (the other
    file's write has then fully returned, fsync'd, or not happened at all)."""
    repo = TinyDBRepository(data_dir)
    setattr(repo, write, lambda *args, **kwargs: die())  # the power cut, at that write
    room = Room(repo, now=lambda: START + timedelta(minutes=40))
    room.meetings.end("c1", 1, START + timedelta(hours=2))
    print("closed without dying", flush=True)  # never reached: until_killed fails on it


def _closing(data_dir: Path) -> tuple[bool, list[str]]:
    """Meeting 1 as the files hold it: (ended, its closing entries' texts)."""
    with TinyDBRepository(data_dir, read_only=True) as repo:
        assert repo.verify("c1") == []
        ended = repo.get_meeting("c1", 1).ended_at is not None
        versions = repo.entry_versions("c1")
    texts = [v.text for v in versions if v.meeting_number == 1 and v.change_note == CLOSING_NOTE]
    return ended, texts


@pytest.mark.parametrize("write", ["append_entries", "save_meeting"])
def test_a_crash_while_closing_never_leaves_a_closed_meeting_without_its_closing_entries(tmp_path, write):
    data_dir = tmp_path / "data"
    with TinyDBRepository(data_dir) as repo:
        room = Room(repo, now=lambda: START)
        room.setup.create("Crashtest", "Universiteit Hoogland", crisis_id="c1")
        room.meetings.clock_action("c1", room.meetings.plan("c1").number, "start")
    until_killed(lambda: _close_dying_at(data_dir, write))
    ended, texts = _closing(data_dir)
    assert not ended, "the meeting record was written before its evidence"
    if write == "append_entries":  # killed at the first write: nothing of the close is stored
        assert texts == []
    else:  # killed between the two writes: the log holds the whole close, the meeting is still open
        assert len(texts) == 2 and texts[0].startswith(ANCHOR_PREFIX)
        assert texts[1] == "Volgend overleg om 12:00."
    with TinyDBRepository(data_dir) as repo:  # the restart: the chair closes the meeting again
        room = Room(repo, now=lambda: START + timedelta(minutes=45))
        room.meetings.end("c1", 1, START + timedelta(hours=2))
    ended, again = _closing(data_dir)
    assert ended
    assert sum(t.startswith(ANCHOR_PREFIX) for t in again) == 1  # one anchor, also after a cut-short close
    assert again.count("Volgend overleg om 12:00.") == 1
