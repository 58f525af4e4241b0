"""Start screen (/start): pick or create a crisis, set up the roster, prepare and start a meeting."""

from assistant.ui.start.screen import build
from assistant.ui.views import register_view

register_view("/start", build, title=("Crisis en overleg", "Crisis and meeting"))

__all__ = ["build"]
