"""The storage contract: everything the app persists goes through a ``Repository``.

The implementation (``TinyDBRepository``) keeps one data folder per installation. Rules every
implementation keeps:

* Confirmed entries are append-only: ``append_entry`` never overwrites; each version is sealed
  with a SHA-256 hash chained to the previous version of the same crisis.
* Every write is atomic and fsync'd before the call returns: when a method returns, the change
  survives a crash or power loss. When it raises, nothing was written and the caller still holds
  its data (so the UI can keep it on screen and retry).
* Drafts (with rejections), transcript lines and the chair's individual log are journaled in side
  chains of their own (``chains.py``); ``chain_heads`` gives every chain's count and head for anchors.
* A damaged file takes only its own part out of service (``damaged_parts``, ``PartQuarantined``).
* One writer: methods are thread-safe (one lock), and a second process on the same folder gets
  ``StorageLocked``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from assistant.domain.entries import ChainProblem, Draft, DraftState, LogEntry
from assistant.domain.errors import AssistantError
from assistant.domain.individual import IndividualItem, Stakeholder
from assistant.domain.meeting import Crisis, Meeting
from assistant.domain.messages import CommLink, Message
from assistant.domain.transcript import TranscriptLine  # noqa: F401 - moved to the domain; re-exported

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class ChainHead:
    """Where a chain stands: how many records and the hash of the newest (the anchor of a report)."""

    count: int
    head: str  # 64 hex digits; GENESIS_HASH ("0" * 64) for an empty chain

    @property
    def fingerprint(self) -> str:
        """Short form for screens and report footers: ``"a1b2c3d4e5f6 · 42"``."""
        return f"{self.head[:12]} · {self.count}"


@dataclass(frozen=True)
class DamagedPart:
    """A part out of service because a file is damaged; the file itself is kept as it was."""

    crisis_id: str | None  # None: an installation file or a stray folder
    part: str  # "crisis" | "log" | "drafts" | "transcript" | "settings" | "folder"
    file: str
    detail: str

    def error(self) -> AssistantError:
        """The typed error (code ``part_quarantined``) a UI turns into a banner."""
        from assistant.storage.errors import PartQuarantined

        return PartQuarantined(self.detail, crisis_id=self.crisis_id, part=self.part, file=self.file)


class Repository(Protocol):
    """Persistence of crises and everything in them. All methods may raise ``StorageError`` subtypes."""

    data_dir: Any  # pathlib.Path of the data folder

    # crises --------------------------------------------------------------------------------------
    def list_crises(self) -> list[Crisis]: ...
    def get_crisis(self, crisis_id: str) -> Crisis: ...
    def save_crisis(self, crisis: Crisis) -> None: ...

    # meetings ------------------------------------------------------------------------------------
    def list_meetings(self, crisis_id: str) -> list[Meeting]: ...
    def get_meeting(self, crisis_id: str, number: int) -> Meeting: ...
    def save_meeting(self, meeting: Meeting) -> None: ...

    # drafts (mutable until decided; decided drafts are kept, never deleted) -----------------------
    def list_drafts(self, crisis_id: str, state: DraftState | None = None) -> list[Draft]: ...
    def get_draft(self, crisis_id: str, draft_id: str) -> Draft: ...
    def save_draft(self, draft: Draft) -> None: ...
    def save_drafts(self, drafts: Sequence[Draft]) -> None:
        """Several drafts of one crisis (one typed line's) in one durable step."""
        ...

    # confirmed log (append-only, hash-chained) ---------------------------------------------------
    def append_entry(self, entry: LogEntry, decided_draft: Draft | None = None) -> LogEntry:
        """Seal ``entry`` (assigns ``seq``, ``prev_hash``, ``hash``) and store it durably.

        With ``decided_draft`` the draft's confirmed state is stored in the same durable step,
        so a crash never leaves a confirmed draft without its entry. Returns the sealed entry.
        """
        ...

    def append_entries(
        self,
        versions: Sequence[LogEntry],
        decided_draft: Draft | None = None,
        based_on: Mapping[str, int] | None = None,
    ) -> list[LogEntry]:
        """Seal and store several versions in one atomic write (all or none); the repository assigns
        ``seq``/``prev_hash``. ``based_on`` (entry_id → version the edit started from) raises
        ``VersionConflict`` when another version was stored meanwhile."""
        ...

    def latest_version(self, crisis_id: str, entry_id: str) -> LogEntry: ...
    def chain_heads(self, crisis_id: str) -> dict[str, ChainHead]:
        """``{"log": ChainHead, "drafts": ..., "transcript": ..., "individual": ..., "messages": ...}``."""
        ...

    def damaged_parts(self, crisis_id: str | None = None) -> list[DamagedPart]:
        """Parts out of service because a file is damaged (each blocks only itself)."""
        ...

    def entry_versions(self, crisis_id: str) -> list[LogEntry]:
        """Every stored version, in ``seq`` (append) order."""
        ...

    def verify(self, crisis_id: str) -> list[ChainProblem]: ...

    # chair's individual log and stakeholders ------------------------------------------------------
    def list_individual(self, crisis_id: str) -> list[IndividualItem]: ...
    def save_individual(self, item: IndividualItem) -> None: ...
    def list_stakeholders(self, crisis_id: str) -> list[Stakeholder]: ...
    def save_stakeholder(self, stakeholder: Stakeholder) -> None: ...

    # the berichtenmanager's message register (every version chained in "messages") -------------------
    def list_messages(self, crisis_id: str) -> list[Message]:
        """The newest version of every message."""
        ...

    def message_versions(self, crisis_id: str) -> list[Message]:
        """Every version of every message, in the order they were stored."""
        ...

    def save_message(self, message: Message) -> None:
        """Append a version (1 for a new message, else newest + 1; ``VersionConflict`` otherwise)."""
        ...

    def list_comm_links(self, crisis_id: str) -> list[CommLink]: ...
    def save_comm_link(self, link: CommLink) -> None: ...

    # transcript ---------------------------------------------------------------------------------
    def append_transcript(self, line: TranscriptLine) -> None: ...
    def update_transcript(self, line: TranscriptLine) -> None: ...
    def list_transcript(
        self, crisis_id: str, meeting_number: int | None = None, limit: int | None = None
    ) -> list[TranscriptLine]: ...

    # installation settings (language, theme, audio device, audio retention ...) ------------------
    def get_settings(self) -> dict[str, Any]: ...
    def save_settings(self, settings: dict[str, Any]) -> None: ...

    def audio_dir(self, crisis_id: str) -> Any:
        """Folder for utterance WAVs of a crisis (created on demand)."""
        ...

    def close(self) -> None: ...
