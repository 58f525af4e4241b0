"""The chair's screen (/voorzitter)."""

from __future__ import annotations

import flet as ft

from assistant.ui.views import register_view


async def build(tab):  # noqa: ANN001 - stub until the full screen lands
    return ft.Text("Voorzitter: in aanbouw", size=24)


register_view("/voorzitter", build, title=("Voorzitter", "Chair"), role="voorzitter")
