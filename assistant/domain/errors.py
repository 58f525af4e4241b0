"""Error hierarchy with stable codes.

Codes are the contract with the user-facing edge (CLI, UI): they are turned into Dutch or English
messages by ``assistant.i18n.error_message``; the text given here is a developer-facing detail only.
"""

from __future__ import annotations

from typing import Any


class AssistantError(Exception):
    """Base of every error the assistant reports to a user."""

    code: str = "error"

    def __init__(self, detail: str = "", **params: Any) -> None:
        super().__init__(detail or self.code)
        self.detail = detail
        self.params = params


class InvalidInput(AssistantError):
    """Input from a user or a file that cannot be used as given."""

    code = "invalid_input"


class NotFound(AssistantError):
    """A crisis, meeting, entry or draft that does not exist."""

    code = "not_found"


class InvalidTransition(AssistantError):
    """An action that the current state does not allow (e.g. confirming a rejected draft)."""

    code = "invalid_transition"


class StorageError(AssistantError):
    """The data folder could not be read or written."""

    code = "storage_failed"


class StorageLocked(StorageError):
    """Another process already uses the data folder."""

    code = "storage_locked"


class DiskFull(StorageError):
    """No space left on the device holding the data folder."""

    code = "disk_full"


class ReadOnlyStorage(StorageError):
    """The data folder is not writable."""

    code = "read_only"


class CorruptData(StorageError):
    """A data file exists but cannot be parsed or has an unknown schema."""

    code = "corrupt_data"


class LogTampered(AssistantError):
    """The hash chain of the confirmed log does not verify."""

    code = "log_tampered"
