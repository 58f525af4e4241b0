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
        "Lezen of opslaan in de gegevensmap is mislukt ({detail}). Wat al bevestigd was, is bewaard; "
        "de laatste wijziging staat nog op het scherm. Probeer het opnieuw.",
        "Could not read or write the data folder ({detail}). Everything confirmed earlier is kept; "
        "the last change is still on screen. Please try again.",
    ),
    "storage_locked": (
        "De gegevensmap is al in gebruik door een ander programma ({detail}). Sluit dat eerst, of kies een "
        "andere map met --data-dir.",
        "The data folder is already in use by another program ({detail}). Close it first, or choose another "
        "folder with --data-dir.",
    ),
    "disk_full": (
        "De schijf is vol ({detail}): de wijziging is NIET opgeslagen maar staat nog op het scherm. Eerder "
        "bevestigde gegevens zijn bewaard. Maak ruimte vrij en probeer opnieuw.",
        "The disk is full ({detail}): the change was NOT saved but is still on screen. Everything confirmed "
        "earlier is kept. Free some space and try again.",
    ),
    "read_only": (
        "De gegevensmap is alleen-lezen ({detail}): er kan niets worden opgeslagen. Wat er al stond, is "
        "bewaard. Kies een schrijfbare map met --data-dir.",
        "The data folder is read-only ({detail}): nothing can be saved. What was there is kept. Choose a "
        "writable folder with --data-dir.",
    ),
    "corrupt_data": (
        "Een gegevensbestand is beschadigd of door een nieuwere versie van de app geschreven ({detail}). Er is "
        "niets overschreven. Herstel een back-up met 'assistant restore' of gebruik de nieuwere versie.",
        "A data file is damaged or was written by a newer version of the app ({detail}). Nothing was "
        "overwritten. Restore a backup with 'assistant restore' or use the newer version.",
    ),
    "log_tampered": (
        "Het logboek is na bevestiging gewijzigd: {detail}",
        "The log was changed after confirmation: {detail}",
    ),
}


def register(code: str, nl: str, en: str) -> None:
    """Let a feature module add its own codes (speech, export ...) without touching this file."""
    MESSAGES[code] = (nl, en)


def message_for(
    code: str, lang: str = "nl", detail: str = "", params: dict[str, object] | None = None
) -> str:
    nl, en = MESSAGES.get(code, MESSAGES["error"])
    template = nl if lang == "nl" else en
    try:
        return template.format(detail=detail, **(params or {}))
    except (KeyError, IndexError, ValueError):
        return template.replace("{detail}", detail)


def error_message(exc: AssistantError, lang: str = "nl") -> str:
    params = {k: v for k, v in exc.params.items() if k != "detail"}
    return message_for(exc.code, lang, exc.detail, params)
