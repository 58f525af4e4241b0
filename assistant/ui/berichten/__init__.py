"""The berichtenmanager's screen (/berichten): messages in and out of the crisis team.

``model.py`` reads (worker thread), ``form.py`` is the register dialog, ``screen.py`` draws the quick
entry, the filtered list with status buttons and the communication schema.
"""

from __future__ import annotations

from assistant.ui.berichten.screen import BerichtenScreen
from assistant.ui.tab import Tab
from assistant.ui.views import ViewResult, register_view


async def build(tab: Tab) -> ViewResult:
    return await BerichtenScreen(tab).build()


register_view("/berichten", build, title=("Berichtenmanager", "Message manager"), role="berichtenmanager")
