"""Texts of the listening layer's own error codes (the speech package brings its own for its codes).

Kept in one small module so the string catalogue can take them over in one move.
"""

from __future__ import annotations

#: Messages of the listening layer itself (the speech package brings its own for its codes).
_OWN_MESSAGES: dict[str, tuple[str, str]] = {
    "no_crisis": (
        "Er is geen crisis gekozen: kies of maak eerst een crisis, dan kan het luisteren starten.",
        "No crisis is selected: choose or create a crisis first, then listening can start.",
    ),
    "utterance_not_saved": (
        "Een uitspraak kon niet worden opgeslagen ({detail}). Het luisteren gaat door; "
        "typ het zo nodig zelf in.",
        "An utterance could not be saved ({detail}). Listening goes on; type it in yourself if needed.",
    ),
}


def speech_message(code: str, lang: str, detail: str = "") -> str:
    if code in _OWN_MESSAGES:
        nl, en = _OWN_MESSAGES[code]
        return (nl if lang == "nl" else en).format(detail=detail)
    from speech.errors import ERROR_CLASSES, SpeechError

    cls = ERROR_CLASSES.get(code, SpeechError)
    err = cls(detail)
    return err.text(lang)
