"""The logger's screen (/logger) and the process-wide listening service it shares with the chair.

Registered here (found by the shell's discovery of ``assistant.ui`` packages):

* the view ``/logger`` (role "logger");
* the service ``"listening"``: one ``assistant.app.listening.Listening`` per process, attached to
  ``ctx.live`` so the chair's caption strip shows partial/final text, the toggle and the level.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.domain.errors import AssistantError
from assistant.ui.logger.screen import LoggerScreen
from assistant.ui.tab import Tab
from assistant.ui.views import ViewResult, register_service, register_view

if TYPE_CHECKING:  # the shell imports this module; its context is a type here only
    from assistant.ui.app import AppContext

log = logging.getLogger(__name__)


def start_listening(ctx: AppContext) -> Any:
    """Service factory: runs once before the first tab. The model loads in the background."""
    from assistant.app.listening import Listening, ListeningConfig
    from assistant.ui.live import LiveCaption

    threading.Thread(target=_warm_parser, args=(ctx.room,), name="parser-warm-up", daemon=True).start()

    data_dir = getattr(ctx.room.repo, "data_dir", None)
    config = ListeningConfig.resolve(ctx.extras.get("args"), Path(data_dir) if data_dir else None)
    listening = Listening(ctx.room, config)
    ctx.live.attach(provider=lambda: LiveCaption.from_state(listening.state()), toggle=listening.toggle)
    return listening


def _warm_parser(room: Any) -> None:
    """Load the phrasebook and build the lexicon for the active roster now, not on the first utterance
    (that first parse would otherwise take a good part of a second)."""
    try:
        from datetime import datetime

        from assistant.domain.parser import parse_utterance

        crisis_id = room.setup.active_id()
        roster = room.setup.get(crisis_id).roster if crisis_id else None
        for lang in ("nl", "en"):
            parse_utterance(
                "opdracht aan hr lijst aanwezigen voor elf uur", now=datetime.now(), roster=roster, lang=lang
            )
    except AssistantError:  # storage trouble reading the crisis, or a phrasebook problem: only a warm-up,
        log.debug("parser warm-up failed", exc_info=True)  # the first parse will report it


def stop_listening(listening: Any) -> None:
    listening.close()


async def build(tab: Tab) -> ViewResult:
    return await LoggerScreen(tab).build()


register_service("listening", start_listening, close=stop_listening)
register_view("/logger", build, title=("Logger", "Logger"), role="logger")
