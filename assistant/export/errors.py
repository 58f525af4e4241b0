"""Error codes of exports, backup and restore, with their Dutch and English messages."""

from __future__ import annotations

from assistant.domain.errors import AssistantError, InvalidInput, NotFound
from assistant.messages import register


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


register("export_failed", "Exporteren is mislukt: {detail}", "Export failed: {detail}")
register(
    "export_unknown_document",
    "Onbekend document {detail}. Kies uit: meeting, decisions, actions, handover, log, individual.",
    "Unknown document {detail}. Choose from: meeting, decisions, actions, handover, log, individual.",
)
register(
    "export_unsupported_format",
    "Dit formaat kan niet voor dit document: {detail}",
    "This format is not available for this document: {detail}",
)
register(
    "export_meeting_required",
    "Geef het overleg op met --meeting N ({detail}).",
    "Name the meeting with --meeting N ({detail}).",
)
register(
    "export_crisis_not_found",
    "Crisis niet gevonden: {detail}. Bekijk de crises met 'assistant crises'.",
    "Crisis not found: {detail}. List the crises with 'assistant crises'.",
)
register(
    "export_crisis_ambiguous",
    "Kies een crisis met --crisis NAAM of ID ({detail}).",
    "Choose a crisis with --crisis NAME or ID ({detail}).",
)
register(
    "export_output_exists",
    "Het bestand bestaat al: {detail}. Kies een andere naam of gebruik --force.",
    "The file already exists: {detail}. Choose another name or use --force.",
)
register("backup_failed", "Back-up of herstel mislukt: {detail}", "Backup or restore failed: {detail}")
register(
    "backup_damaged",
    "Het back-upbestand is beschadigd of geen zip-bestand ({detail}). Er is niets hersteld.",
    "The backup file is damaged or not a zip file ({detail}). Nothing was restored.",
)
register(
    "backup_foreign",
    "Dit is geen back-up van de CMT-assistent ({detail}). Er is niets hersteld.",
    "This is not a CMT assistant backup ({detail}). Nothing was restored.",
)
register(
    "backup_checksum",
    "De back-up is gewijzigd of beschadigd: controlegetal klopt niet ({detail}). Er is niets hersteld.",
    "The backup was changed or damaged: checksum mismatch ({detail}). Nothing was restored.",
)
register(
    "backup_unsafe",
    "De back-up bevat een onveilig pad of een link ({detail}). Er is niets hersteld.",
    "The backup contains an unsafe path or a link ({detail}). Nothing was restored.",
)
register(
    "backup_too_large",
    "De back-up is onredelijk groot ({detail}). Er is niets hersteld.",
    "The backup is unreasonably large ({detail}). Nothing was restored.",
)
register(
    "backup_newer_schema",
    "De back-up komt uit een nieuwere versie van de assistent ({detail}). Werk de assistent eerst bij.",
    "The backup comes from a newer version of the assistant ({detail}). Update the assistant first.",
)
register(
    "restore_target_not_empty",
    "De gegevensmap is niet leeg: {detail}. Herstellen overschrijft alles; "
    "gebruik --force als dat de bedoeling is.",
    "The data folder is not empty: {detail}. Restoring replaces everything; use --force if that is intended.",
)
