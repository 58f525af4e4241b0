"""Writer process for the multi-version crash test (not a test module).

Loops over one-write changes: a status change (S-entry plus the task's new version through
``append_entries``) and a typed line's drafts (``save_drafts``, three drafts). Prints ``S-n`` or
``L-n`` only after the call returned. The test SIGKILLs it at random moments.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from assistant.domain.entries import GENESIS_HASH, Draft, EntryContent, EntryKind, LogEntry, Origin, TaskStatus
from assistant.domain.errors import NotFound
from assistant.domain.meeting import Crisis
from assistant.storage.tinydb_repo import TinyDBRepository

DRAFTS_PER_LINE = 3
STATUSES = (TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.OPEN)
TEXT = "Opvang van ontruimde studenten in de aula van gebouw A onder begeleiding van de brandweer. " * 3


def _entry(number: str, content: EntryContent, stamp: str) -> LogEntry:
    status = TaskStatus.OPEN if content.kind.is_task else None
    return LogEntry(uuid.uuid4().hex[:12], "c1", number, 1, 1, stamp, content, status, None, None,
                    "logger", stamp, Origin(), None, "bevestigd", 0, GENESIS_HASH)


def main(data_dir: str, segment_size: int) -> None:
    repo = TinyDBRepository(data_dir, log_segment_size=segment_size)
    start = datetime(2026, 3, 2, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    try:
        repo.get_crisis("c1")
    except NotFound:
        repo.save_crisis(Crisis("c1", "Crashtest", "Universiteit Hoogland", start.isoformat()))
    tasks = {v.entry_id: v for v in repo.entry_versions("c1") if v.kind.is_task}
    if not tasks:
        task = repo.append_entry(_entry("A-1", EntryContent(EntryKind.ACTION, "Lijst", owner="hr"), start.isoformat()))
        tasks[task.entry_id] = task
    numbers = {v.number for v in repo.entry_versions("c1")}
    print("ready", flush=True)
    i = len(repo.entry_versions("c1")) + len(repo.list_drafts("c1"))
    while True:
        i += 1
        stamp = (start + timedelta(seconds=i)).isoformat()
        if i % 2:
            task = tasks[next(iter(tasks))]
            status = STATUSES[task.version % 3]
            number = f"S-{i}"
            s_entry = _entry(number, EntryContent(EntryKind.STATUS, f"{TEXT} {i}", ref=task.number,
                                                  new_status=status), stamp)
            version = replace(task, version=task.version + 1, status=status, confirmed_at=stamp,
                              change_note=f"status via {number}", hash="")
            _, stored = repo.append_entries([s_entry, version], based_on={task.entry_id: task.version})
            tasks[stored.entry_id] = stored
            numbers.add(number)
            print(number, flush=True)
        else:
            tag = f"L-{i}"
            drafts = [
                Draft(uuid.uuid4().hex[:12], "c1", 1, stamp, EntryContent(EntryKind.INFO, f"{tag} {j} {TEXT}"),
                      Origin("typed", tag))
                for j in range(DRAFTS_PER_LINE)
            ]
            repo.save_drafts(drafts)
            print(tag, flush=True)


if __name__ == "__main__":
    import sys

    main(sys.argv[1], int(sys.argv[2]))
