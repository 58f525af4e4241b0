"""Shim: user-facing messages for error codes, now in the catalogue (``[error]`` in ``assistant/i18n``).

The edge (CLI, UI) turns an ``AssistantError`` into a message; the domain never formats text for
users. New code calls ``assistant.i18n.error_text(code, lang, detail, **params)`` directly.
"""

from __future__ import annotations

from assistant.domain.errors import AssistantError
from assistant.i18n import add_runtime, error_text


def register(code: str, nl: str, en: str) -> None:
    """Legacy: a feature module's codes belong in the catalogue; this checks they agree."""
    add_runtime({f"error.{code}": (nl, en)})


def message_for(
    code: str, lang: str = "nl", detail: str = "", params: dict[str, object] | None = None
) -> str:
    return error_text(code, lang, detail, **(params or {}))


def error_message(exc: AssistantError, lang: str = "nl") -> str:
    params = {k: v for k, v in exc.params.items() if k != "detail"}
    return message_for(exc.code, lang, exc.detail, params)
