"""Error codes of exports, backup and restore (their messages: ``[error]`` in ``assistant/i18n``)."""

from __future__ import annotations

from assistant.domain.errors import AssistantError, InvalidInput, NotFound


class ExportError(AssistantError):
    code = "export_failed"


class UnknownDocument(InvalidInput):
    code = "export_unknown_document"


class UnsupportedFormat(InvalidInput):
    code = "export_unsupported_format"


class MeetingRequired(InvalidInput):
    code = "export_meeting_required"


class CrisisNotFound(NotFound):
    code = "export_crisis_not_found"


class CrisisAmbiguous(InvalidInput):
    code = "export_crisis_ambiguous"


class OutputExists(InvalidInput):
    code = "export_output_exists"


class BackupError(AssistantError):
    """Base of every refusal to read or write a backup archive."""

    code = "backup_failed"


class BackupDamaged(BackupError):
    code = "backup_damaged"


class BackupForeign(BackupError):
    code = "backup_foreign"


class BackupChecksum(BackupError):
    code = "backup_checksum"


class BackupUnsafe(BackupError):
    code = "backup_unsafe"


class BackupTooLarge(BackupError):
    code = "backup_too_large"


class BackupNewerSchema(BackupError):
    code = "backup_newer_schema"


class RestoreTargetNotEmpty(BackupError):
    code = "restore_target_not_empty"
