"""Connect the catalogue to the layers that must not import it (domain, speech).

Why: the domain and the speech package keep codes only; the user text lives here. Two legacy
surfaces still ask for text (``EntryKind.label(lang)``, ``SpeechError.message_nl``); they call the
functions installed by ``install()``. ``import assistant`` installs them, so every process of the
app has them. Once the lead has switched those call sites to ``label()`` / ``speech_error_text()``,
the hooks and this module go away.
"""

from __future__ import annotations

from typing import Any

import speech.errors
from assistant.domain.labels import install_label_source
from assistant.i18n import error_text, label, t


def speech_error_text(err: speech.errors.SpeechError, lang: str | None = "nl") -> str:
    """The user message of a speech error, from its code and params (``error.<code>``)."""
    params: dict[str, Any] = dict(err.params)
    folder = params.get("folder")
    params["where"] = f" ({folder})" if folder else ""
    problems = params.get("problems")
    if isinstance(problems, (list, tuple)):
        params["problems"] = "; ".join(
            t(f"model_problem.{kind}", lang, path=path) for kind, path in problems
        )
    params.pop("detail", None)
    return error_text(err.code, lang, err.detail or err.code, **params)


def install() -> None:
    """Make the domain's ``.label()`` and speech's ``text(lang)`` read this catalogue."""
    install_label_source(label)
    speech.errors.set_message_renderer(speech_error_text)
