"""The logger's screen (/logger) and the process-wide listening service it shares with the chair.

Registered here (found by the shell's discovery of ``assistant.ui`` packages):

* the view ``/logger`` (role "logger");
* the service ``"listening"``: one ``assistant.app.listening.Listening`` per process, attached to
  ``ctx.live`` so the chair's caption strip shows partial/final text, the toggle and the level.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from assistant.ui.logger import strings  # noqa: F401 - registers the i18n strings
from assistant.ui.views import register_service, register_view

log = logging.getLogger(__name__)


def start_listening(ctx: Any) -> Any:
    """Service factory: runs once before the first tab. The model loads in the background."""
    from assistant.app.listening import Listening, ListeningConfig
    from assistant.ui.live import LiveCaption

    data_dir = getattr(ctx.room.repo, "data_dir", None)
    listening = Listening(ctx.room, ListeningConfig.from_env(Path(data_dir) if data_dir else None))
    ctx.live.attach(provider=lambda: LiveCaption.from_state(listening.state()), toggle=listening.toggle)
    return listening


def stop_listening(listening: Any) -> None:
    listening.close()


async def build(tab: Any) -> Any:
    from assistant.ui.logger.screen import LoggerScreen

    return await LoggerScreen(tab).build()


register_service("listening", start_listening, close=stop_listening)
register_view("/logger", build, title=("Logger", "Logger"), role="logger")
