"""The confirmed log: the ONLY code that builds entry versions.

Why one place: a confirmed entry is evidence. Version 1 (confirm), version n+1 (edit, status change)
and the status entries that accompany a status change are all built here, so the rules (numbering
per kind, status bookkeeping, change notes) live once. The repository alone seals a version: it
assigns ``seq`` and ``prev_hash`` and computes the hash; the ledger hands it unsealed versions.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from assistant.app.room.core import RoomCore, new_id, stamp
from assistant.app.room.events import LogDetail, RoomChange, Topic
from assistant.domain.clean_text import MAX_FIELD_CHARS, clean_line
from assistant.domain.entries import (
    UNSEALED_SEQ,
    Draft,
    EntryContent,
    EntryEdit,
    EntryKind,
    LogEntry,
    Origin,
    TaskStatus,
    next_number,
)
from assistant.domain.errors import InvalidInput, NotFound
from assistant.domain.meeting import Crisis
from assistant.i18n import label as label_of


@dataclass(frozen=True)
class Whereabouts:
    """Where the crisis is now: the meeting an entry belongs to and the BOBOC phase it was made in."""

    meeting_number: int | None
    phase: str | None


class Ledger:
    """Append-only, versioned log entries of every crisis."""

    def __init__(self, core: RoomCore, whereabouts: Callable[[str], Whereabouts]) -> None:
        self._core = core
        self._whereabouts = whereabouts

    # --- reading ------------------------------------------------------------------------------------

    def entries(self, crisis_id: str) -> list[LogEntry]:
        """Current (latest) version of every entry, in the order they were first recorded."""
        latest: dict[str, LogEntry] = {}
        first_seq: dict[str, int] = {}
        for version in self._core.repo.entry_versions(crisis_id):
            latest[version.entry_id] = version
            first_seq.setdefault(version.entry_id, version.seq)
        return sorted(latest.values(), key=lambda e: first_seq[e.entry_id])

    def by_number(self, crisis_id: str) -> dict[str, LogEntry]:
        return {e.number: e for e in self.entries(crisis_id)}

    def history(self, crisis_id: str, entry_id: str) -> list[LogEntry]:
        versions = [v for v in self._core.repo.entry_versions(crisis_id) if v.entry_id == entry_id]
        if not versions:
            raise NotFound(f"entry {entry_id}")
        return versions

    def open_tasks(self, crisis_id: str) -> list[LogEntry]:
        """Open orders and actions, overdue first, then by deadline, then by number."""
        now = self._core.now(self._core.repo.get_crisis(crisis_id))
        tasks = [e for e in self.entries(crisis_id) if e.kind.is_task and e.status and not e.status.is_closed]

        def key(entry: LogEntry) -> tuple[int, str, int]:
            deadline = entry.content.deadline or "9999"
            return (0 if entry.is_overdue(now) else 1), deadline, int(entry.number.split("-")[1])

        return sorted(tasks, key=key)

    def is_overdue(self, crisis_id: str, entry: LogEntry) -> bool:
        return entry.is_overdue(self._core.now(self._core.repo.get_crisis(crisis_id)))

    # --- building versions (callers hold the room's lock; nothing is written here) ------------------

    def build_new(
        self,
        crisis: Crisis,
        meeting_number: int | None,
        content: EntryContent,
        *,
        by: str,
        at: datetime,
        origin: Origin,
        note: str,
        taken: set[str],
        draft: Draft | None = None,
        recorded_at: str | None = None,
    ) -> LogEntry:
        """Version 1 of a new entry, unsealed. ``taken`` holds the numbers in use (the log's plus those
        built earlier in the same change) and receives the new one, so one change can number two
        entries of one kind."""
        number = next_number(content.kind, taken)
        taken.add(number)
        when = stamp(at)
        status = TaskStatus.OPEN if content.kind.is_task else None
        return LogEntry(
            entry_id=new_id(),
            crisis_id=crisis.crisis_id,
            number=number,
            version=1,
            meeting_number=meeting_number,
            recorded_at=recorded_at or when,
            content=content,
            status=status,
            status_changed_at=when if status else None,
            status_changed_by=by if status else None,
            confirmed_by=by,
            confirmed_at=when,
            origin=origin,
            draft_id=draft.draft_id if draft else None,
            change_note=note,
        )

    def build_version(
        self,
        latest: LogEntry,
        by: str,
        at: datetime,
        *,
        content: EntryContent,
        note: str,
        status: TaskStatus | None = None,
    ) -> LogEntry:
        """Version n+1 of ``latest`` (the newest stored version) with new content and/or status, unsealed."""
        when = stamp(at)
        status_changed = status is not None and status != latest.status
        return replace(
            latest,
            version=latest.version + 1,
            content=content,
            status=status if status is not None else latest.status,
            status_changed_at=when if status_changed else latest.status_changed_at,
            status_changed_by=by if status_changed else latest.status_changed_by,
            confirmed_by=by,
            confirmed_at=when,
            change_note=note,
            seq=UNSEALED_SEQ,
            prev_hash="",
            hash="",
        )

    def build_status_version(
        self,
        latest: LogEntry,
        status: TaskStatus,
        by: str,
        at: datetime,
        note: str,
        new_deadline: str | None = None,
    ) -> LogEntry:
        content = latest.content.with_changes(deadline=new_deadline) if new_deadline else latest.content
        return self.build_version(latest, by, at, content=content, status=status, note=note)

    def taken_numbers(self, crisis_id: str) -> set[str]:
        return {v.number for v in self._core.repo.entry_versions(crisis_id)}

    def write(
        self,
        versions: Sequence[LogEntry],
        draft: Draft | None = None,
        based_on: Mapping[str, int] | None = None,
    ) -> list[LogEntry]:
        """Every version of ONE change in one atomic write: all of them survive a crash, or none.

        The repository seals (``seq``, ``prev_hash``, ``hash``) and checks ``based_on``."""
        return self._core.repo.append_entries(list(versions), draft, based_on=based_on)

    def status_target(self, crisis_id: str, content: EntryContent) -> LogEntry:
        """The order or action a status entry refers to (``ref``), or a clear refusal."""
        if not content.ref:
            raise InvalidInput("a status update needs the entry it refers to (e.g. A-4)", field="ref")
        current = self.by_number(crisis_id).get(content.ref.upper())
        if current is None:
            raise NotFound(f"no entry {content.ref} in this crisis", field="ref")
        if not takes_status(current, content.new_status):
            raise InvalidInput(f"{current.number} is not an order or action", field="ref")
        return current

    # --- operations (take the lock, notify) -----------------------------------------------------------

    def edit(
        self,
        crisis_id: str,
        entry_id: str,
        by: str,
        edit: EntryEdit,
        note: str = "",
        based_on: int | None = None,
    ) -> LogEntry:
        """Correct a confirmed entry: a new version; the old one stays readable.

        ``based_on`` is the version the user saw when editing: when another version was stored
        meanwhile the repository raises ``VersionConflict`` and nothing is written (never a silent
        last-writer-wins). Text fields are cleaned and capped like every input."""
        edit = clean_edit(edit)
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id)
            current = core.repo.latest_version(crisis_id, entry_id)
            content = edit.apply(current.content)
            if content.kind != current.content.kind:
                raise InvalidInput(
                    "the kind of a confirmed entry cannot change; reject and re-enter it", field="kind"
                )
            content.validate()
            if content == current.content:
                return current
            changed = edit.changed_fields(current.content)
            version = self.build_version(
                current, by, core.now(crisis), content=content, note=note or "bewerkt: " + ", ".join(changed)
            )
            entry = self.write(
                [version], based_on={entry_id: current.version if based_on is None else based_on}
            )[0]
        core.notify(RoomChange(crisis_id, Topic.LOG, LogDetail.ENTRY, entry.number))
        return entry

    def build_status_change(
        self,
        crisis: Crisis,
        current: LogEntry,
        status: TaskStatus,
        by: str,
        now: datetime,
        note: str,
        taken: set[str],
        new_deadline: str | None = None,
    ) -> list[LogEntry]:
        """A status change, unsealed: the status entry ("O-3: vervallen. reden") and the task's next
        version. ``current`` may itself be unsealed (an order declined as it is confirmed: both in the
        same write)."""
        where = self._whereabouts(crisis.crisis_id)
        text = f"{current.number}: {label_of(status, 'nl')}"
        if new_deadline:
            text += f", nieuwe deadline {new_deadline.replace('T', ' ')}"
        text += f". {note}" if note else "."
        content = EntryContent(
            EntryKind.STATUS, text, phase=where.phase, ref=current.number, new_status=status
        )
        status_entry = self.build_new(
            crisis, where.meeting_number, content,
            by=by, at=now, origin=Origin("typed"), note="status", taken=taken,
        )  # fmt: skip
        task_version = self.build_status_version(
            current, status, by, now, f"status via {status_entry.number}", new_deadline
        )
        return [status_entry, task_version]

    def set_status(
        self,
        crisis_id: str,
        entry_id: str,
        status: TaskStatus,
        by: str,
        new_deadline: str | None = None,
        note: str = "",
        based_on: int | None = None,
    ) -> LogEntry:
        """Status of an order/action (Controle buttons): a status entry plus the task's new version,
        in one write. Returns the status entry.

        Idempotent: the status the task already has (no new deadline, no note) writes nothing and
        returns the task's current version, so a double tap writes once. ``based_on`` (the task
        version shown) turns a status set elsewhere meanwhile into ``VersionConflict``."""
        note = clean_line(note, MAX_FIELD_CHARS)
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id)
            current = core.repo.latest_version(crisis_id, entry_id)
            if not takes_status(current, status):
                raise InvalidInput(f"{current.number} is not an order or action", field="status")
            if is_same_status(current, status, new_deadline, note):
                return current
            now, taken = core.now(crisis), self.taken_numbers(crisis_id)
            versions = self.build_status_change(crisis, current, status, by, now, note, taken, new_deadline)
            stored = self.write(
                versions,
                based_on={entry_id: current.version if based_on is None else based_on},
            )
        core.notify(RoomChange(crisis_id, Topic.LOG, LogDetail.ENTRY, current.number))
        return stored[0]


def takes_status(entry: LogEntry, status: TaskStatus | None) -> bool:
    """Orders and actions take every status; a decision only "vervallen": revoked, no longer in force
    (the status entry names why; the export shows the decision as revoked)."""
    return entry.kind.is_task or (entry.kind is EntryKind.DECISION and status is TaskStatus.CANCELLED)


def is_same_status(current: LogEntry, status: TaskStatus, new_deadline: str | None, note: str) -> bool:
    """Nothing new: the task already has this status and neither a deadline nor a note is added."""
    same_deadline = not new_deadline or new_deadline == current.content.deadline
    return current.status is status and same_deadline and not note.strip()


def clean_edit(edit: EntryEdit) -> EntryEdit:
    """An edit's text fields cleaned of invisible characters and capped (``LineTooLong`` when longer)."""
    changes = {
        name: clean_line(value, MAX_FIELD_CHARS) if isinstance(value, str) and name in _TEXT_FIELDS else value
        for name, value in edit.changes.items()
    }
    return EntryEdit(changes)


#: Free-text content fields a user types (cleaned and capped on every edit).
_TEXT_FIELDS = frozenset(
    {"text", "reason", "info_source", "deadline_words", "owner", "ref", "linked_decision"}
)
