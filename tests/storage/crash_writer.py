"""Writer process for the crash test (not a test module).

Confirms entries in a loop — typed entries, drafts confirmed with their entry, status versions of
tasks, plus transcript and meeting writes in between — and prints ``NUMBER VERSION DRAFT_ID`` for
each entry only after ``append_entry`` returned. The test SIGKILLs it at random moments.

Usage: python crash_writer.py DATA_DIR LOG_SEGMENT_SIZE
"""

from __future__ import annotations

import sys
import uuid
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from assistant.domain.entries import (
    GENESIS_HASH,
    Draft,
    EntryContent,
    EntryKind,
    LogEntry,
    Origin,
    TaskStatus,
    next_number,
)
from assistant.domain.errors import NotFound
from assistant.domain.meeting import Crisis, new_meeting
from assistant.storage.repository import TranscriptLine
from assistant.storage.tinydb_repo import TinyDBRepository

TEXT = (
    "Opvang van ontruimde studenten in de aula van gebouw A; de brandweer staat kort betreden van gebouw B "
    "onder begeleiding toe. "
)
STATUSES = (TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.OPEN)


def main(data_dir: str, segment_size: int) -> None:
    repo = TinyDBRepository(data_dir, log_segment_size=segment_size)
    start = datetime(2026, 3, 2, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    try:
        crisis = repo.get_crisis("c1")
    except NotFound:
        crisis = Crisis("c1", "Crashtest", "Universiteit Hoogland", start.isoformat())
        repo.save_crisis(crisis)
        repo.save_meeting(new_meeting(crisis, 1, start))
    latest: dict[str, LogEntry] = {}
    for version in repo.entry_versions("c1"):
        latest[version.entry_id] = version
    numbers = {v.number for v in latest.values()}
    tasks = [v.entry_id for v in latest.values() if v.kind.is_task]
    print("ready", flush=True)
    i = len(repo.entry_versions("c1"))
    while True:
        i += 1
        stamp = (start + timedelta(seconds=i)).isoformat()
        draft_id = "-"
        if i % 4 == 0 and tasks:
            current = latest[tasks[i % len(tasks)]]
            stored = repo.append_entry(
                replace(
                    current,
                    version=current.version + 1,
                    status=STATUSES[current.version % 3],
                    confirmed_at=stamp,
                    change_note="status",
                    hash="",
                )
            )
        else:
            kind = EntryKind.ACTION if i % 3 == 0 else EntryKind.INFO
            content = EntryContent(kind, f"{TEXT}({i})", owner="hr" if kind.is_task else None)
            draft = None
            if i % 2:
                draft = Draft(
                    uuid.uuid4().hex[:12], "c1", 1, stamp, content, Origin("speech", content.text.lower())
                )
                repo.save_draft(draft)
                draft_id = draft.draft_id
            entry = LogEntry(
                uuid.uuid4().hex[:12],
                "c1",
                next_number(kind, numbers),
                1,
                1,
                stamp,
                content,
                TaskStatus.OPEN if kind.is_task else None,
                None,
                None,
                "logger",
                stamp,
                draft.origin if draft else Origin(),
                draft.draft_id if draft else None,
                "bevestigd",
                0,
                GENESIS_HASH,
            )
            decided = draft.confirm(entry.entry_id, "logger", stamp) if draft else None
            stored = repo.append_entry(entry, decided)
            numbers.add(stored.number)
            if kind.is_task:
                tasks.append(stored.entry_id)
        latest[stored.entry_id] = stored
        print(f"{stored.number} {stored.version} {draft_id}", flush=True)
        if i % 5 == 0:
            repo.append_transcript(TranscriptLine(uuid.uuid4().hex[:12], "c1", 1, None, stamp, f"zin {i}"))
            meeting = repo.get_meeting("c1", 1)
            repo.save_meeting(meeting.tick(f"item.{i}", stamp))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
