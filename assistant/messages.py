"""User-facing messages for error codes, in Dutch (first) and English.

The edge (CLI, UI) turns an ``AssistantError`` into one of these; the domain never formats text for
users. Keep each message actionable: what happened and what the user can do now.
"""

from __future__ import annotations

from assistant.domain.errors import AssistantError

MESSAGES: dict[str, tuple[str, str]] = {
    "error": ("Er ging iets mis: {detail}", "Something went wrong: {detail}"),
    "invalid_input": ("Ongeldige invoer: {detail}", "Invalid input: {detail}"),
    "not_found": ("Niet gevonden: {detail}", "Not found: {detail}"),
    "invalid_transition": ("Dit kan nu niet: {detail}", "Not possible now: {detail}"),
    "storage_failed": (
        "Opslaan of lezen van de gegevensmap is mislukt ({detail}). Er is niets verloren; probeer het opnieuw.",
        "Could not read or write the data folder ({detail}). Nothing was lost; please try again.",
    ),
    "storage_locked": (
        "De gegevensmap is al in gebruik door een ander programma ({detail}). Sluit dat eerst, of kies een andere map met --data-dir.",
        "The data folder is already in use by another program ({detail}). Close it first, or choose another folder with --data-dir.",
    ),
    "disk_full": (
        "De schijf is vol: de wijziging is NIET opgeslagen maar staat nog op het scherm. Maak ruimte vrij en probeer opnieuw.",
        "The disk is full: the change was NOT saved but is still on screen. Free some space and try again.",
    ),
    "read_only": (
        "De gegevensmap is alleen-lezen ({detail}). Kies een schrijfbare map met --data-dir.",
        "The data folder is read-only ({detail}). Choose a writable folder with --data-dir.",
    ),
    "corrupt_data": (
        "Een gegevensbestand is beschadigd of onbekend ({detail}). Herstel een back-up met 'assistant restore'.",
        "A data file is damaged or unknown ({detail}). Restore a backup with 'assistant restore'.",
    ),
    "log_tampered": (
        "Het logboek is na bevestiging gewijzigd: {detail}",
        "The log was changed after confirmation: {detail}",
    ),
}


def register(code: str, nl: str, en: str) -> None:
    """Let a feature module add its own codes (speech, export ...) without touching this file."""
    MESSAGES[code] = (nl, en)


def message_for(code: str, lang: str = "nl", detail: str = "", **params: object) -> str:
    nl, en = MESSAGES.get(code, MESSAGES["error"])
    template = nl if lang == "nl" else en
    try:
        return template.format(detail=detail, **params)
    except (KeyError, IndexError):
        return template.replace("{detail}", detail)


def error_message(exc: AssistantError, lang: str = "nl") -> str:
    return message_for(exc.code, lang, exc.detail, **exc.params)
