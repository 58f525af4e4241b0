"""'Klaar voor het overleg': the readiness panel on the start screen and on ``/apparaten`` (host).

The rule is ``assistant.app.readiness`` (pure); this panel only reads the facts in a worker thread,
draws one line per step (green tick or open circle) and puts the fix one tap away.
"""

from __future__ import annotations

import contextlib
from typing import Any

import flet as ft

from assistant.app.readiness import Check, checklist, gather_facts, is_ready
from assistant.ui import theme
from assistant.ui.tab import Tab
from assistant.ui.widgets.buttons import action_button

#: Room topics after which the facts may have changed (``live``: model loaded, microphone heard).
TOPICS = ("crisis", "meeting", "settings", "live")
#: Live details that never change a step (the tick catches "heard" within a few seconds).
LIVE_ONLY = frozenset({"level", "partial", "install"})
#: Joined devices are not room changes: look again every few seconds.
DEVICE_POLL_TICKS = 3


def host_can_see(tab: Tab) -> bool:
    actor = getattr(tab, "actor", None)
    return bool(actor is not None and actor.is_host)


def joined_roles(tab: Tab) -> list[str]:
    """Roles of the devices that joined with a code and are connected now (host only)."""
    app = getattr(tab, "app", None)
    sessions = getattr(app, "sessions", None)
    if sessions is None:
        return []
    return [g.actor.role for g in sessions.active() if not g.actor.is_host]


class ReadinessPanel:
    """Build, put ``control`` on screen, then ``await start()`` (reads once, then follows changes)."""

    def __init__(self, tab: Tab) -> None:
        self.tab = tab
        self.title = ft.Text(tab.t("setup.ready.title"), size=22, weight=ft.FontWeight.BOLD)
        self.summary = ft.Text("", size=15)
        self.rows = ft.Column(spacing=6)
        self.control = ft.Container(
            ft.Column([self.title, self.summary, self.rows], spacing=10),
            padding=20,
            border_radius=16,
            bgcolor=theme.surface(tab.theme),
        )
        self._checks: tuple[Check, ...] = ()
        self._ticks = 0

    async def start(self) -> None:
        await self.refresh(update=False)
        self.tab.bridge.on_change(self._changed, TOPICS)
        self.tab.bridge.on_tick(self._tick)

    async def refresh(self, *, update: bool = True) -> None:
        listening = self.tab.ctx.extras.get("listening")
        live = listening.state() if listening is not None else None
        facts = await self.tab.call(gather_facts, self.tab.room, live, joined_roles(self.tab))
        checks = checklist(facts)
        if checks == self._checks:
            return
        self._checks = checks
        self._draw(checks)
        if update:
            with contextlib.suppress(RuntimeError, AttributeError):  # the tab may be closing
                self.control.update()

    def _draw(self, checks: tuple[Check, ...]) -> None:
        t = self.tab.t
        done = sum(1 for c in checks if c.done)
        self.summary.value = t("setup.ready.all") if is_ready(checks) else t("setup.ready.count", done=done, total=len(checks))
        self.summary.color = theme.OK if is_ready(checks) else None
        self.rows.controls = [self._row(c) for c in checks]

    def _row(self, check: Check) -> ft.Control:
        t = self.tab.t
        name = t(f"setup.ready.{check.step.value}")
        state = t("setup.ready.done") if check.done else t("setup.ready.open")
        parts: list[ft.Control] = [
            ft.Icon(
                ft.Icons.CHECK_CIRCLE if check.done else ft.Icons.RADIO_BUTTON_UNCHECKED,
                color=theme.OK if check.done else theme.muted(self.tab.theme),
            ),
            ft.Text(name, size=16, expand=True, semantics_label=f"{name}: {state}"),
        ]
        if not check.done:
            parts.append(
                action_button(
                    t("setup.ready.fix"),
                    self.tab.handler(lambda e, r=check.fix_route: self.tab.go(r)),
                    kind="text",
                    semantics=t("setup.ready.fix_named", step=name),
                    height=40,
                )
            )
        return ft.Row(parts, spacing=10, vertical_alignment=ft.CrossAxisAlignment.CENTER)

    async def _changed(self, changes: list[Any]) -> None:
        """Level and partial text change ten times a second: those alone never change a step."""
        if all(set(str(c.detail).split(",")) <= LIVE_ONLY for c in changes if str(c.topic) == "live") and all(
            str(c.topic) == "live" for c in changes
        ):
            return
        await self.refresh()

    async def _tick(self) -> None:
        self._ticks += 1
        if self._ticks % DEVICE_POLL_TICKS == 0:
            await self.refresh()
