"""A minimal in-memory Repository (same contract as TinyDBRepository) for fast model tests."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from assistant.domain.entries import GENESIS_HASH, Draft, DraftState, LogEntry, verify_chain
from assistant.domain.errors import NotFound


class MemoryRepository:
    def __init__(self, data_dir: Path | None = None) -> None:
        self.data_dir = data_dir or Path("/nonexistent")
        self.lock = threading.RLock()
        self.crises: dict[str, Any] = {}
        self.meetings: dict[tuple[str, int], Any] = {}
        self.drafts: dict[tuple[str, str], Draft] = {}
        self.entries: dict[str, list[LogEntry]] = {}
        self.individual: dict[str, dict[str, Any]] = {}
        self.stakeholders: dict[str, dict[str, Any]] = {}
        self.transcript: dict[str, list[Any]] = {}
        self.settings: dict[str, Any] = {}

    def list_crises(self):
        return list(self.crises.values())

    def get_crisis(self, crisis_id):
        try:
            return self.crises[crisis_id]
        except KeyError:
            raise NotFound(crisis_id) from None

    def save_crisis(self, crisis):
        self.crises[crisis.crisis_id] = crisis

    def list_meetings(self, crisis_id):
        return sorted((m for (c, _), m in self.meetings.items() if c == crisis_id), key=lambda m: m.number)

    def get_meeting(self, crisis_id, number):
        try:
            return self.meetings[(crisis_id, number)]
        except KeyError:
            raise NotFound(f"meeting {number}") from None

    def save_meeting(self, meeting):
        self.meetings[(meeting.crisis_id, meeting.number)] = meeting

    def list_drafts(self, crisis_id, state=None):
        return [
            d for (c, _), d in self.drafts.items() if c == crisis_id and (state is None or d.state is state)
        ]

    def get_draft(self, crisis_id, draft_id):
        return self.drafts[(crisis_id, draft_id)]

    def save_draft(self, draft):
        self.drafts[(draft.crisis_id, draft.draft_id)] = draft

    def append_entry(self, entry: LogEntry, decided_draft: Draft | None = None) -> LogEntry:
        chain = self.entries.setdefault(entry.crisis_id, [])
        prev = chain[-1].hash if chain else GENESIS_HASH
        sealed = replace(entry, seq=len(chain), prev_hash=prev).sealed()
        chain.append(sealed)
        if decided_draft is not None:
            self.save_draft(decided_draft)
        return sealed

    def entry_versions(self, crisis_id):
        return list(self.entries.get(crisis_id, []))

    def verify(self, crisis_id):
        return verify_chain(self.entry_versions(crisis_id))

    def list_individual(self, crisis_id):
        return list(self.individual.get(crisis_id, {}).values())

    def save_individual(self, item):
        self.individual.setdefault(item.crisis_id, {})[item.item_id] = item

    def list_stakeholders(self, crisis_id):
        return list(self.stakeholders.get(crisis_id, {}).values())

    def save_stakeholder(self, stakeholder):
        self.stakeholders.setdefault(stakeholder.crisis_id, {})[stakeholder.stakeholder_id] = stakeholder

    def append_transcript(self, line):
        self.transcript.setdefault(line.crisis_id, []).append(line)

    def update_transcript(self, line):
        lines = self.transcript.setdefault(line.crisis_id, [])
        self.transcript[line.crisis_id] = [line if x.line_id == line.line_id else x for x in lines]

    def list_transcript(self, crisis_id, meeting_number=None, limit=None):
        lines = [
            x
            for x in self.transcript.get(crisis_id, [])
            if meeting_number is None or x.meeting_number == meeting_number
        ]
        return lines[-limit:] if limit else lines

    def get_settings(self):
        return dict(self.settings)

    def save_settings(self, settings):
        self.settings = dict(settings)

    def audio_dir(self, crisis_id):
        return self.data_dir / "audio" / crisis_id

    def close(self):
        return None


__all__ = ["MemoryRepository", "DraftState"]


def memory_copy(repo: Any, crisis_id: str) -> MemoryRepository:
    """What ``repo`` (a real repository, written through the room) holds of one crisis, in memory:
    for tests that then change a stored version behind the repository's back or swap the crisis."""
    memory = MemoryRepository(repo.data_dir)
    memory.save_crisis(repo.get_crisis(crisis_id))
    for meeting in repo.list_meetings(crisis_id):
        memory.save_meeting(meeting)
    for draft in repo.list_drafts(crisis_id):
        memory.save_draft(draft)
    memory.entries[crisis_id] = list(repo.entry_versions(crisis_id))
    for item in repo.list_individual(crisis_id):
        memory.save_individual(item)
    for stakeholder in repo.list_stakeholders(crisis_id):
        memory.save_stakeholder(stakeholder)
    memory.transcript[crisis_id] = list(repo.list_transcript(crisis_id))
    return memory
