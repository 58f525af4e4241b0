"""The chair's screen (/voorzitter)."""

from assistant.ui.chair.screen import build
from assistant.ui.views import register_view

register_view("/voorzitter", build, title=("Voorzitter", "Chair"), role="voorzitter")

__all__ = ["build"]
