"""What a screen may use of its browser tab: the typed ``Tab`` protocol (instead of ``tab: Any``).

The shell's ``assistant.ui.app.Tab`` implements it; screens depend on this protocol only, so they
never import the shell (no import cycle, no imports inside functions) and tests can hand a screen a
small fake tab. Keep it narrow: a member belongs here only when a screen needs it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # types only: the shell imports the screens' registry, never the other way round
    import flet as ft

    from assistant.app.permissions import Actor, SessionGrant
    from assistant.app.room import Room
    from assistant.ui.app import AppContext, TabContext
    from assistant.ui.bridge import TabBridge


class Tab(Protocol):
    """One browser tab as a screen sees it.

    ``page``, ``ctx``, ``room``: the Flet page, the process-wide context and the room.
    ``lang`` / ``theme`` / ``layout``: this browser's choices ("nl"/"en", "dark"/"light",
    "landscape"/"portrait"); ``role``: the role the browser picked (None before it picked one).
    ``state``: per-tab scratch space that outlives one screen (e.g. the chair's chosen section).
    ``bridge``: room changes and the 1-second tick, delivered on the Flet loop.
    ``prefs``: what this browser remembers (role, language, theme, join token).
    """

    page: ft.Page
    ctx: TabContext
    room: Room
    lang: str
    theme: str
    layout: str
    role: str | None
    state: dict[str, Any]
    bridge: TabBridge
    prefs: ft.SharedPreferences

    def t(self, key: str, **params: object) -> str:
        """The string ``key`` in this tab's language."""
        ...

    def error_text(self, exc: BaseException) -> str:
        """What to tell the user about ``exc`` (Dutch or English)."""
        ...

    def toast(self, message: str, *, error: bool = False, seconds: float = 4.0) -> None:
        """A snackbar; ``error`` makes it red and keeps a close button."""
        ...

    def close_dialog(self, dialog: Any) -> None:
        """Close exactly this dialog (not the topmost one: a snackbar may have opened since)."""
        ...

    async def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a blocking (room) call in a worker thread; a domain error becomes a snackbar and
        ``ActionFailed`` so the caller keeps its input."""
        ...

    def handler(self, fn: Callable[..., Any]) -> Callable[..., Awaitable[None]]:
        """Wrap an event handler so a failure becomes a snackbar instead of a broken tab."""
        ...

    async def go(self, route: str) -> None:
        """Navigate to ``route`` (the current screen is disposed first)."""
        ...

    async def render(self, route: str | None = None) -> None:
        """Show ``route`` (default: the current one) again from scratch (the join gate, after a code)."""
        ...

    def leave(self) -> None:
        """Drop the current screen's handlers (the join gate, before it hides the app)."""
        ...


class AccessTab(Tab, Protocol):
    """A tab as the access gate and the host-only ``/apparaten`` page see it: ``Tab`` plus who the
    tab is. Screens never get this: only the shell and the access code bind an identity.

    ``app``: the raw process context (not the tab's gateways); ``peer``: the socket's peer address
    (None without the web guard); ``actor``/``grant``: the identity the gate bound (None before).
    """

    app: AppContext
    peer: str | None
    actor: Actor | None
    grant: SessionGrant | None

    def bind(self, actor: Actor | None, grant: SessionGrant | None) -> None:
        """Who this tab is from now on: new gateways for the screens."""
        ...


__all__ = ["AccessTab", "Tab"]
