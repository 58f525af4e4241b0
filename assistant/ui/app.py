"""The app shell: one ``AppContext`` per process, one ``Tab`` per browser tab, routing by role.

``make_main(ctx)`` returns the async ``main(page)`` that Flet calls for every new tab (session).
Per tab: read the browser's stored choices (role, language, theme) from ``ft.SharedPreferences``,
open a ``TabBridge`` (room changes + 1-second ticker), and show the route:

* ``/``      the stored role's route, or the role picker on first open;
* ``/rol``   the role picker (to switch);
* any registered route (``assistant.ui.views.register_view``), e.g. ``/voorzitter``, ``/start``;
* an unregistered role route (``/logger``, ``/wand`` until their modules land): a placeholder.

Access (issue #10): before every route the shell calls the core access gate
(``assistant.ui.join.access_gate``, imported directly: if it cannot be imported the app does not
start) on the *same* normalised route it then shows. The gate decides the tab's ``Actor``; screens
get ``tab.room`` and ``tab.ctx`` as *gateways* bound to that actor (``assistant.app.permissions``),
never the raw ``Room``: every call is checked on the server against the capability table.

Screens get the ``Tab``: ``tab.t(key)`` for strings, ``await tab.call(fn, ...)`` to run a blocking
``Room`` method in a worker thread (an ``AssistantError`` becomes a Dutch/English snackbar and
``ActionFailed``), ``tab.handler(fn)`` to wrap event handlers so nothing crashes the tab.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import logging
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import flet as ft

from assistant.app import permissions as perm
from assistant.app import web_guard
from assistant.app.access import DEFAULT_CODE_TTL_SECONDS
from assistant.app.room import Room
from assistant.domain.errors import AssistantError
from assistant.i18n import LANGS, error_message, normalise_lang, pick, t
from assistant.ui import room_view, theme, views
from assistant.ui.bridge import TabBridge
from assistant.ui.flet_errors import CLIENT_CALL_FAILED, CONTROL_GONE, TAB_GONE
from assistant.ui.join import access_gate, start_access
from assistant.ui.live import LiveFeed
from assistant.ui.widgets.banner import with_quarantine_banner
from assistant.ui.widgets.buttons import action_button, icon_action

log = logging.getLogger(__name__)

PREF_ROLE = "cmt.role"
PREF_LANG = "cmt.lang"
PREF_THEME = "cmt.theme"

ROLE_PICKER_ROUTE = "/rol"
ACCESS_LOG_FILE = "access-log.jsonl"  # refusals, kept across restarts (see permissions.AccessLog)


@dataclass
class AppContext:
    """Process-wide state shared by every tab. Create once in ``assistant.ui.run_cli``."""

    room: Room
    lang: str = "nl"  # default UI language for a browser that has not chosen one
    lan: bool = False  # serving the local network on purpose (--lan)
    host: str = "127.0.0.1"
    port: int = 8550
    join_code: str | None = None  # the current edit code (set by the access service)
    test_hooks: bool = False  # show "Test: +1 minuut" etc. (--test-hooks / ASSISTANT_TEST_HOOKS=1)
    live: LiveFeed = field(default_factory=LiveFeed)  # speech captions for every screen
    extras: dict[str, Any] = field(default_factory=dict)  # services by name (e.g. "listening")
    code_ttl_seconds: float = DEFAULT_CODE_TTL_SECONDS  # join codes expire (--code-ttl)
    access_log: perm.AccessLog = field(default_factory=lambda: perm.AccessLog(time.time))
    sessions: perm.SessionRegistry = field(default_factory=perm.SessionRegistry)

    @property
    def url(self) -> str:
        shown = self.host if self.host not in ("0.0.0.0", "::") else "127.0.0.1"
        return f"http://{shown}:{self.port}"


def test_hooks_from_env() -> bool:
    return os.environ.get("ASSISTANT_TEST_HOOKS", "").strip().lower() in ("1", "true", "yes", "on")


# --- process-wide services -------------------------------------------------------------------------


def start_services(ctx: AppContext) -> dict[str, str]:
    """Start the access gate, discover screen modules and start registered services (once, before the
    first tab). The gate is not a plug-in: if it fails, this raises and the app does not serve."""
    if "access" not in ctx.extras and ctx.room is not None:
        data_dir = getattr(ctx.room.repo, "data_dir", None)
        if data_dir is not None:
            ctx.access_log.attach(Path(data_dir) / ACCESS_LOG_FILE)
        ctx.extras["access"] = start_access(ctx)
    errors = views.discover()
    for spec in views.services():
        if spec.name in ctx.extras:
            continue
        try:
            ctx.extras[spec.name] = spec.factory(ctx)
        except Exception as exc:  # noqa: BLE001 - a plug-in boundary: any failing service is logged in full
            log.exception("service %s failed to start", spec.name)
            errors[f"service:{spec.name}"] = f"{type(exc).__name__}: {exc}"
    return errors


def close_services(ctx: AppContext) -> None:
    for spec in reversed(views.services()):
        obj = ctx.extras.pop(spec.name, None)
        if obj is None:
            continue
        try:
            if spec.close is not None:
                spec.close(obj)
            elif hasattr(obj, "close"):
                obj.close()
        except Exception:  # noqa: BLE001 - shutdown: one failing service must not keep the others open
            log.exception("service %s failed to close", spec.name)


# --- per tab ---------------------------------------------------------------------------------------


class ActionFailed(Exception):
    """A room call failed and the user has been told (snackbar); the caller keeps its input."""


class TabContext:
    """The process context as one tab sees it: the same settings, but ``room``, ``live`` and the
    ``listening`` service are gateways for the tab's actor, and other services are not reachable."""

    def __init__(self, app: AppContext, actor: perm.Actor, grant: perm.SessionGrant | None) -> None:
        self._app = app
        self.room = perm.room_gateway(app.room, actor, grant, app.access_log)
        self.live = perm.Gateway(app.live, perm.LIVE_TABLE, actor, grant, app.access_log)
        self.view, self.settle_view = room_view.gated_view(app.room, actor, grant, app.access_log)
        self.extras: dict[str, Any] = {}
        listening = app.extras.get("listening")
        if listening is not None:
            self.extras["listening"] = perm.Gateway(listening, perm.LISTENING_TABLE, actor, grant, app.access_log)
        speech_setup = app.extras.get("speech_setup")
        if speech_setup is not None:
            self.extras["speech_setup"] = perm.Gateway(
                speech_setup, perm.SPEECH_SETUP_TABLE, actor, grant, app.access_log
            )

    def __getattr__(self, name: str) -> Any:
        if name in ("lang", "lan", "host", "port", "test_hooks", "url", "code_ttl_seconds"):
            return getattr(self._app, name)
        raise AttributeError(f"{name} is not available to a screen")


#: The language switch's label per target language (named in the language it switches to).
_LANG_SWITCH = {"nl": "shell.lang_nl", "en": "shell.lang_en"}

NOBODY = perm.Actor("")  # before the gate has decided: every call is refused


class Tab:
    """One browser tab: the page, its preferences, its actor and its (guarded) bridge to the room."""

    def __init__(self, page: ft.Page, ctx: AppContext, peer: str | None = None) -> None:
        self.page = page
        self.app = ctx  # the process context: shell and access code only, never screens
        self.peer = peer  # the socket's peer address (web guard), None without the guard
        self.actor: perm.Actor | None = None
        self.grant: perm.SessionGrant | None = None
        self.ctx: TabContext = TabContext(ctx, NOBODY, None)
        self.room: Any = self.ctx.room
        self.lang = normalise_lang(ctx.lang)
        self.theme = theme.DARK
        self.role: str | None = None
        self.route = "/"
        self.bridge = TabBridge(page, ctx.room)
        self.prefs = ft.SharedPreferences()
        self._dispose: Callable[[], Any] | None = None
        self._render_lock = asyncio.Lock()
        self.layout = "landscape"  # or "portrait" (set from the page size; re-rendered on rotation)
        self.state: dict[str, Any] = {}  # per-tab scratch space for screens (e.g. reminders shown)

    def bind(self, actor: perm.Actor | None, grant: perm.SessionGrant | None) -> None:
        """Who this tab is from now on (called by the access gate): new gateways for the screens."""
        self.actor, self.grant = actor, grant
        self.ctx = TabContext(self.app, actor or NOBODY, grant)
        self.room = self.ctx.room

    # --- strings and errors -------------------------------------------------------------------------

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def error_text(self, exc: BaseException) -> str:
        if isinstance(exc, AssistantError):
            return error_message(exc, self.lang)
        return self.t("shell.view_failed", detail=f"{type(exc).__name__}: {exc}")

    def toast(self, message: str, *, error: bool = False, seconds: float = 4.0) -> None:
        bar = ft.SnackBar(
            content=ft.Text(message, size=16, color=ft.Colors.WHITE if error else None),
            bgcolor=theme.OVERRUN if error else None,
            duration=ft.Duration(milliseconds=int(seconds * 1000)),
            show_close_icon=error,
            close_icon_color=ft.Colors.WHITE,
        )
        try:
            self.page.show_dialog(bar)
        except CONTROL_GONE:  # the tab is closing: nobody is left to read it
            log.debug("could not show snackbar", exc_info=True)

    def close_dialog(self, dialog: Any) -> None:
        """Close this dialog (not just the topmost one: a snackbar may have opened since)."""
        if getattr(dialog, "open", False):
            dialog.open = False
            with contextlib.suppress(*CONTROL_GONE):  # a dialog already taken off the page is closed
                dialog.update()

    async def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Run a blocking call in a worker thread; on an ``AssistantError`` tell the user and raise
        ``ActionFailed`` (inputs stay as typed: nothing on screen is cleared)."""
        try:
            return await asyncio.to_thread(fn, *args, **kwargs)
        except AssistantError as exc:
            self.toast(error_message(exc, self.lang), error=True, seconds=8)
            raise ActionFailed(str(exc)) from exc

    def handler(self, fn: Callable[..., Any]) -> Callable[..., Awaitable[None]]:
        """Wrap an event handler: ``ActionFailed`` is silent (already shown), anything else becomes a
        snackbar instead of a broken tab."""

        @functools.wraps(fn)
        async def wrapped(*args: Any, **kwargs: Any) -> None:
            try:
                result = fn(*args, **kwargs)
                if inspect.isawaitable(result):
                    await result
            except ActionFailed:
                pass
            except Exception as exc:  # noqa: BLE001 - the event boundary: logged in full, shown, the tab lives
                log.exception("handler failed")
                self.toast(self.error_text(exc), error=True, seconds=8)

        return wrapped

    # --- navigation ---------------------------------------------------------------------------------

    async def go(self, route: str) -> None:
        """Navigate. The current screen's handlers stop at once, so no late update of the screen being
        left races with the navigation."""
        self.leave()
        await self.page.push_route(route)

    async def set_role(self, role: str) -> None:
        self.role = role
        await self._remember(PREF_ROLE, role)
        await self.go(views.role_route(role) or "/")

    async def set_lang(self, lang: str) -> None:
        self.lang = normalise_lang(lang)
        await self._remember(PREF_LANG, self.lang)
        await self.render()

    async def set_theme(self, mode: str) -> None:
        self.theme = theme.normalise_theme(mode)
        theme.apply_theme(self.page, self.theme)
        await self._remember(PREF_THEME, self.theme)
        await self.render()

    async def _remember(self, key: str, value: str) -> None:
        """Store a choice in the browser; without storage there, it lasts only this session."""
        with contextlib.suppress(*CLIENT_CALL_FAILED):
            await self.prefs.set(key, value)

    async def load_prefs(self) -> None:
        async def get(key: str) -> Any:
            try:
                return await asyncio.wait_for(self.prefs.get(key), timeout=5)
            except CLIENT_CALL_FAILED:  # no storage in this browser, or no answer: defaults
                return None

        role, lang, mode = await get(PREF_ROLE), await get(PREF_LANG), await get(PREF_THEME)
        self.role = role if isinstance(role, str) and views.role_route(role) else None
        self.lang = normalise_lang(lang if isinstance(lang, str) else self.ctx.lang)
        self.theme = theme.normalise_theme(mode if isinstance(mode, str) else None)

    # --- rendering ----------------------------------------------------------------------------------

    async def render(self, route: str | None = None) -> None:
        """Show ``route`` (default: the current one) from scratch."""
        async with self._render_lock:
            await self._render(views.normalise_route(route if route is not None else self.page.route))

    async def _render(self, route: str) -> None:
        try:
            allowed = await access_gate(self, route)
        except Exception:  # noqa: BLE001 - whatever breaks the gate must fail closed, logged in full
            log.exception("access gate failed")
            self.bind(None, None)
            self._show(route, ft.Text(self.t("shell.view_failed", detail="gate")), title=None)
            return
        if not allowed:
            return
        for gate in views.gates():
            try:
                if not await gate(self):
                    return
            except Exception:  # noqa: BLE001 - whatever breaks a gate must fail closed, logged in full
                log.exception("gate failed")
                self._show(route, ft.Text(self.t("shell.view_failed", detail="gate")), title=None)
                return
        if route == "/":
            target = views.role_route(self.role) if self.role else None
            if target:
                await self.go(target)
                return
            route = ROLE_PICKER_ROUTE
        self.route = route
        self.leave()
        if route == ROLE_PICKER_ROUTE:
            self._show(route, self._role_picker(), title=self.t("shell.app_title"))
            return
        spec = views.get_view(route)
        if spec is None:
            role = next((rid for rid, r in views.ROLES if r == route), None)
            if role is not None:
                self._show(route, self._placeholder(route), title=self.t(f"shell.role.{role}"))
            else:
                self._show(
                    ROLE_PICKER_ROUTE,
                    self._role_picker(self.t("shell.not_found", route=route)),
                    title=self.t("shell.app_title"),
                )
            return
        title = pick(self.lang, *spec.title) or self.t("shell.app_title")
        try:
            result = spec.builder(self)
            if inspect.isawaitable(result):
                result = await result
        except Exception as exc:  # noqa: BLE001 - a screen's bug: logged in full, shown, the tab lives on
            log.exception("view %s failed", route)
            self.bridge.clear_handlers()
            self._show(route, self._failed(exc), title=title)
            return
        if isinstance(result, views.ViewResult):
            self._dispose = result.on_dispose
            self._show(
                route,
                await with_quarantine_banner(self, result.content),
                title=result.title or title,
                actions=result.actions,
                padding=result.padding,
                scroll=result.scroll,
            )
        else:
            self._show(route, result, title=title)
        await self.bridge.tick_now()

    def leave(self) -> None:
        self.bridge.clear_handlers()
        dispose, self._dispose = self._dispose, None
        if dispose is not None:
            try:
                dispose()
            except Exception:  # noqa: BLE001 - a screen's bug must not block navigation; logged in full
                log.exception("disposing the screen failed")

    def _show(
        self,
        route: str,
        content: ft.Control,
        *,
        title: str | None,
        actions: list[Any] | None = None,
        padding: int = 12,
        scroll: bool = True,
    ) -> None:
        bar_actions = list(actions or []) + self._shell_actions()
        appbar = ft.AppBar(
            title=ft.Text(
                title or self.t("shell.app_title"),
                size=20,
                weight=ft.FontWeight.W_600,
                overflow=ft.TextOverflow.ELLIPSIS,
                max_lines=1,
            ),
            actions=bar_actions,
            toolbar_height=56,
            automatically_imply_leading=False,
        )
        view = ft.View(
            route=route,
            controls=[content],
            appbar=appbar,
            padding=padding,
            scroll=ft.ScrollMode.AUTO if scroll else None,
            spacing=0,
        )
        self.page.views.clear()
        self.page.views.append(view)
        self.page.update()

    def _shell_actions(self) -> list[ft.Control]:
        other = next(code for code in LANGS if code != self.lang)
        light = self.theme == theme.LIGHT
        return [
            action_button(
                self.t(_LANG_SWITCH[other]),
                self.handler(lambda e: self.set_lang(other)),
                kind="text",
            ),
            icon_action(
                ft.Icons.DARK_MODE if light else ft.Icons.LIGHT_MODE,
                self.t("shell.theme_dark") if light else self.t("shell.theme_light"),
                self.handler(lambda e: self.set_theme(theme.DARK if light else theme.LIGHT)),
            ),
            icon_action(
                ft.Icons.SWITCH_ACCOUNT,
                self.t("shell.switch_role"),
                self.handler(lambda e: self.go(ROLE_PICKER_ROUTE)),
            ),
            ft.Container(width=8),
        ]

    # --- built-in pages -----------------------------------------------------------------------------

    def _role_picker(self, notice: str | None = None) -> ft.Control:
        cards = []
        icons = {
            "voorzitter": ft.Icons.TIMER,
            "logger": ft.Icons.EDIT_NOTE,
            "berichtenmanager": ft.Icons.MAIL,
            "wand": ft.Icons.TV,
        }
        for role, _route in views.ROLES:
            cards.append(
                ft.Container(
                    content=ft.Column(
                        [
                            ft.Icon(icons.get(role, ft.Icons.PERSON), size=56),
                            action_button(
                                self.t(f"shell.role.{role}"),
                                self.handler(functools.partial(self._pick, role)),
                                kind="filled",
                                height=64,
                                text_size=22,
                            ),
                            ft.Text(
                                self.t(f"shell.role.{role}.hint"),
                                size=15,
                                text_align=ft.TextAlign.CENTER,
                                color=theme.muted(self.theme),
                            ),
                        ],
                        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                        spacing=12,
                    ),
                    padding=24,
                    border_radius=16,
                    bgcolor=theme.surface(self.theme),
                    width=320,
                    height=240,
                )
            )
        parts: list[ft.Control] = [
            ft.Text(self.t("shell.pick_role"), size=30, weight=ft.FontWeight.BOLD),
            ft.Text(self.t("shell.pick_role_hint"), size=16, color=theme.muted(self.theme)),
        ]
        if notice:
            parts.append(ft.Text(notice, size=16, color=theme.WARNING))
        parts.append(
            ft.Row(cards, wrap=True, spacing=20, run_spacing=20, alignment=ft.MainAxisAlignment.CENTER)
        )
        return ft.Container(
            ft.Column(parts, spacing=20, horizontal_alignment=ft.CrossAxisAlignment.CENTER),
            padding=24,
            alignment=ft.Alignment.TOP_CENTER,
        )

    async def _pick(self, role: str, _e: Any = None) -> None:
        await self.set_role(role)

    def _placeholder(self, route: str) -> ft.Control:
        errors = [f"{name}: {err}" for name, err in views.discovery_errors().items()]
        parts: list[ft.Control] = [
            ft.Icon(ft.Icons.CONSTRUCTION, size=64, color=theme.WARNING),
            ft.Text(self.t("shell.placeholder_title"), size=26, weight=ft.FontWeight.BOLD),
            ft.Text(self.t("shell.placeholder_body", route=route), size=18),
            action_button(
                self.t("shell.switch_role"), self.handler(lambda e: self.go(ROLE_PICKER_ROUTE)), kind="filled"
            ),
        ]
        parts += [ft.Text(err, size=13, color=theme.muted(self.theme)) for err in errors]
        return ft.Container(
            ft.Column(parts, spacing=16, horizontal_alignment=ft.CrossAxisAlignment.CENTER),
            padding=40,
            alignment=ft.Alignment.TOP_CENTER,
        )

    def _failed(self, exc: BaseException) -> ft.Control:
        return ft.Container(
            ft.Column(
                [
                    ft.Icon(ft.Icons.ERROR_OUTLINE, size=56, color=theme.OVERRUN),
                    ft.Text(self.error_text(exc), size=18),
                    action_button(
                        self.t("shell.switch_role"), self.handler(lambda e: self.go(ROLE_PICKER_ROUTE))
                    ),
                ],
                spacing=16,
                horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            ),
            padding=40,
        )


ALERT_EVERY_SECONDS = 60.0


def _alert_host(tab: Tab, refusal: perm.Refusal) -> None:
    """A banner on the host's screens after repeated failed joins (at most once a minute per tab).
    Runs in whichever thread recorded the refusal: the tab is only touched through ``run_task``."""
    gate = tab.app.extras.get("access")
    if tab.actor is None or not tab.actor.is_host or gate is None or refusal.action != "join":
        return
    count = gate.failure_alert()
    if not count or refusal.at - tab.state.get("access.alerted", -ALERT_EVERY_SECONDS) < ALERT_EVERY_SECONDS:
        return
    tab.state["access.alerted"] = refusal.at

    async def show() -> None:
        tab.toast(tab.t("devices.alert", count=count), error=True, seconds=15)

    with contextlib.suppress(*TAB_GONE):  # the tab is gone
        tab.page.run_task(show)


def make_main(ctx: AppContext) -> Callable[[ft.Page], Awaitable[None]]:
    """The Flet entry point for this process: ``ft.run(make_main(ctx), ...)``."""

    async def main(page: ft.Page) -> None:
        tab = Tab(page, ctx, web_guard.peer_address.get())  # the session task inherits the guard's context
        page.data = tab  # screens and tests can find the tab from the page
        page.title = t("shell.app_title", ctx.lang)
        theme.apply_theme(page, theme.DARK)  # dark from the first frame (no white flash in a dim room)
        page.update()
        await tab.load_prefs()
        if tab.theme != theme.DARK:
            theme.apply_theme(page, tab.theme)
        page.title = tab.t("shell.app_title")
        unsubscribe = ctx.access_log.subscribe(lambda refusal: _alert_host(tab, refusal))

        async def on_route_change(e: Any) -> None:
            await tab.render(getattr(e, "route", None) or page.route)

        async def on_disconnect(e: Any) -> None:
            tab.bridge.stop()

        async def on_connect(e: Any) -> None:
            tab.bridge.start()
            await tab.render()  # re-read everything: changes may have happened while away

        async def on_close(e: Any) -> None:
            tab.bridge.stop()
            tab.leave()
            unsubscribe()
            if tab.grant is not None:
                tab.grant.end("closed")

        def layout_of(width: Any, height: Any) -> str:
            w, h = float(width or 1280), float(height or 800)
            return "landscape" if w >= 1000 and w > h else "portrait"

        tab.layout = layout_of(page.width, page.height)

        async def on_resize(e: Any) -> None:
            layout = layout_of(
                getattr(e, "width", None) or page.width, getattr(e, "height", None) or page.height
            )
            if layout != tab.layout:  # rotation: lay the screen out again
                tab.layout = layout
                await tab.render()

        page.on_route_change = on_route_change
        page.on_resize = on_resize
        page.on_disconnect = on_disconnect
        page.on_connect = on_connect
        page.on_close = on_close
        tab.bridge.start()
        await tab.render(page.route)

    return main


__all__ = ["AppContext", "Tab", "ActionFailed", "make_main", "start_services", "close_services"]
