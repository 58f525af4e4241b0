"""Devices in the room: the join gate for LAN clients, the join page and the devices page.

* Service ``"access"``: one ``assistant.app.access.AccessGate`` per process, its codes and secret kept
  in the data folder's settings (so joined devices stay joined across a restart of the app).
* Gate (runs before every route of every tab): the host itself passes; any other device sees only
  the join page until it presents a code (typed, or ``?code=`` from the QR code). Its token is kept
  in the browser (``SharedPreferences``). A device that joined with the wall-screen code may only
  open ``/wand``.
* ``/apparaten``: the codes, QR codes and whether the app serves the LAN at all (``--lan``).
* ``/join``: what a QR code opens; on a device that is already in, it just goes on to the app.

Test switch: with test hooks on (``--test-hooks``), ``?as_client=192.0.2.10`` makes a tab count as
that LAN client (``access.effective_client_ip``); without test hooks the parameter is ignored.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
from typing import Any
from urllib.parse import parse_qs, urlsplit

import flet as ft

from assistant.app import access
from assistant.ui import theme
from assistant.ui.logger import strings as _strings  # noqa: F401 - registers the join strings
from assistant.ui.tab import Tab
from assistant.ui.views import ViewResult, normalise_route, register_gate, register_service, register_view
from assistant.ui.widgets.buttons import action_button

log = logging.getLogger(__name__)

PREF_TOKEN = "cmt.join_token"
SETTING_ACCESS = "access"
JOIN_ROUTE = "/join"
DEVICES_ROUTE = "/apparaten"


# --- the service -----------------------------------------------------------------------------------


def start_access(ctx: Any) -> access.AccessGate:
    """Service factory (once per process, before the first tab)."""
    own = {ctx.host}
    lan = access.lan_address()
    if lan:
        own.add(lan)
    own = {a for a in own if a and a not in ("0.0.0.0", "::")}
    settings = ctx.room.settings().get(SETTING_ACCESS)
    gate = access.AccessGate.from_settings(
        settings if isinstance(settings, dict) else None, own_addresses=frozenset(own)
    )
    if settings != gate.to_settings():
        ctx.room.update_settings(**{SETTING_ACCESS: gate.to_settings()})
    ctx.join_code = gate.code
    return gate


# --- helpers ---------------------------------------------------------------------------------------


def route_query(route: str | None) -> dict[str, str]:
    """``/logger?as_client=1.2.3.4&code=X`` → {"as_client": "1.2.3.4", "code": "X"}."""
    query = urlsplit(route or "").query
    return {k: v[0] for k, v in parse_qs(query).items() if v}


def qr_png(text: str, scale: int = 8) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(
        buffer, kind="png", scale=scale, border=2, dark="#000000", light="#FFFFFF"
    )
    return buffer.getvalue()


def public_host(ctx: Any) -> str:
    """The address other devices use: the bound LAN address, else this machine's LAN address."""
    if ctx.host and not access.is_local_client(ctx.host) and ctx.host not in ("0.0.0.0", "::"):
        return str(ctx.host)
    return access.lan_address() or ctx.host or "127.0.0.1"


def client_ip(tab: Tab) -> str | None:
    """The address this tab is judged by, fixed on first sight (later routes lose the query)."""
    if "access.ip" not in tab.state:
        query = route_query(getattr(tab.page, "route", ""))
        tab.state["access.ip"] = access.effective_client_ip(
            getattr(tab.page, "client_ip", None), query, bool(tab.ctx.test_hooks)
        )
    return tab.state["access.ip"]


async def _stored_token(tab: Tab) -> str | None:
    if "access.token" in tab.state:
        return tab.state["access.token"]
    token = None
    with contextlib.suppress(Exception):
        token = await asyncio.wait_for(tab.prefs.get(PREF_TOKEN), timeout=5)
    tab.state["access.token"] = token if isinstance(token, str) else None
    return tab.state["access.token"]


async def _remember(tab: Tab, token: str | None) -> None:
    tab.state["access.token"] = token
    if token:
        with contextlib.suppress(Exception):
            await tab.prefs.set(PREF_TOKEN, token)


# --- the gate --------------------------------------------------------------------------------------


async def access_gate(tab: Tab) -> bool:
    """Before every route: True lets the shell route; False means the join page is shown instead."""
    gate: access.AccessGate | None = tab.ctx.extras.get("access")
    ip = client_ip(tab)
    route = normalise_route(getattr(tab.page, "route", "/"))
    if gate is None:
        # the access service failed to start: the host may go on, every other device is refused
        if access.is_local_client(ip):
            return True
        _show_join(tab, None, error=tab.t("join.wrong"))
        return False
    if gate.is_local(ip):
        tab.state["access.scope"] = access.SCOPE_EDIT
        tab.state["can_edit"] = True
        return True
    query = route_query(getattr(tab.page, "route", ""))
    token = await _stored_token(tab)
    decision = gate.decide(
        ip, tab.role, token=token, code=query.get(access.CODE_PARAM) if not gate.token_valid(token) else None
    )
    tab.state["access.scope"] = decision.scope
    tab.state["can_edit"] = decision.allowed and decision.scope == access.SCOPE_EDIT
    if not decision.allowed:
        message = None
        if decision.reason == "wrong_code":
            message = tab.t("join.wrong")
        elif decision.reason == "locked_out":
            message = tab.t("join.locked", seconds=int(decision.retry_after) + 1)
        _show_join(tab, gate, error=message)
        return False
    if decision.token and decision.token != token:
        await _remember(tab, decision.token)
    if not access.allowed_route(decision.scope, route):
        tab.role = access.ROLE_WALL
        await tab.go("/wand")
        return False
    return True


def _show_join(tab: Tab, gate: access.AccessGate | None, error: str | None = None) -> None:
    """The only thing a device without a code gets to see."""
    tab.leave()  # drop the current screen's handlers: nothing else of the app may reach this device
    code = ft.TextField(
        label=tab.t("join.code"),
        autofocus=True,
        width=320,
        text_size=28,
        capitalization=ft.TextCapitalization.CHARACTERS,
        text_align=ft.TextAlign.CENTER,
    )
    message = ft.Text(error or "", size=16, color=theme.OVERRUN)

    async def submit(e: Any = None) -> None:
        if gate is None:
            return
        typed = getattr(e, "data", None) if getattr(e, "control", None) is code else None
        decision = gate.decide(
            client_ip(tab), tab.role, code=(typed if isinstance(typed, str) else None) or code.value or ""
        )
        if decision.allowed:
            await _remember(tab, decision.token)
            route = normalise_route(getattr(tab.page, "route", "/"))
            if decision.scope == access.SCOPE_VIEW:
                tab.role = access.ROLE_WALL
                await tab.go("/wand")
            elif route == JOIN_ROUTE:
                await tab.go("/")
            else:
                await tab.render()
            return
        message.value = (
            tab.t("join.locked", seconds=int(decision.retry_after) + 1)
            if decision.reason == "locked_out"
            else tab.t("join.wrong")
        )
        with contextlib.suppress(Exception):
            message.update()

    code.on_submit = tab.handler(submit)
    content = ft.Container(
        ft.Column(
            [
                ft.Icon(ft.Icons.LOCK_OUTLINE, size=64),
                ft.Text(
                    tab.t("join.title"), size=30, weight=ft.FontWeight.BOLD, text_align=ft.TextAlign.CENTER
                ),
                ft.Text(tab.t("join.body"), size=17, text_align=ft.TextAlign.CENTER, width=560),
                code,
                action_button(
                    tab.t("join.submit"), tab.handler(submit), kind="filled", height=56, text_size=20
                ),
                message,
            ],
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            spacing=18,
        ),
        padding=40,
        alignment=ft.Alignment.TOP_CENTER,
    )
    view = ft.View(
        route=JOIN_ROUTE,
        controls=[content],
        padding=12,
        appbar=ft.AppBar(
            title=ft.Text(tab.t("shell.app_title"), size=20, weight=ft.FontWeight.W_600),
            automatically_imply_leading=False,
            toolbar_height=56,
        ),
    )
    tab.page.views.clear()
    tab.page.views.append(view)
    tab.page.update()


# --- pages -----------------------------------------------------------------------------------------


async def build_join(tab: Tab) -> Any:
    """A device that is already in (the host, or one with a token) goes straight on."""
    await tab.go("/")
    return ft.Container()


async def build_devices(tab: Tab) -> ViewResult:
    gate: access.AccessGate | None = tab.ctx.extras.get("access")
    muted = theme.muted(tab.theme)
    if gate is None:
        return ViewResult(ft.Text(tab.t("join.wrong")), title=tab.t("devices.title"))
    host = public_host(tab.ctx)
    port = tab.ctx.port
    column = ft.Column(spacing=16, horizontal_alignment=ft.CrossAxisAlignment.CENTER)

    def fill() -> None:
        url = f"http://{host}:{port}"
        lan_text = tab.t("devices.lan_on", url=url) if tab.ctx.lan else tab.t("devices.lan_off")
        cards: list[ft.Control] = []
        for label_key, code_key, code, role in (
            ("devices.qr", "devices.code", gate.code, None),
            ("devices.qr_wall", "devices.view_code", gate.view_code, access.ROLE_WALL),
        ):
            link = access.join_url(host, port, code, role=role)
            cards.append(
                ft.Container(
                    ft.Column(
                        [
                            ft.Text(tab.t(label_key), size=18, weight=ft.FontWeight.BOLD),
                            ft.Image(
                                src=qr_png(link), width=220, height=220, semantics_label=tab.t(label_key)
                            ),
                            ft.Text(tab.t(code_key), size=16, text_align=ft.TextAlign.CENTER),
                            ft.Text(
                                access.format_code(code),
                                size=40,
                                weight=ft.FontWeight.BOLD,
                                semantics_label=f"{tab.t(code_key)}: {access.format_code(code)}",
                            ),
                            ft.Text(link, size=13, color=muted),
                        ],
                        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                        spacing=10,
                    ),
                    padding=20,
                    bgcolor=theme.surface(tab.theme),
                    border_radius=16,
                    width=400,
                )
            )
        column.controls = [
            ft.Text(
                lan_text,
                size=17,
                text_align=ft.TextAlign.CENTER,
                width=820,
                color=None if tab.ctx.lan else theme.WARNING,
            ),
            ft.Row(cards, spacing=20, wrap=True, alignment=ft.MainAxisAlignment.CENTER),
            ft.Row(
                [
                    action_button(
                        tab.t("devices.rotate"), tab.handler(rotate), icon=ft.Icons.REFRESH, kind="outlined"
                    ),
                    action_button(tab.t("devices.back"), tab.handler(lambda e: tab.go("/")), kind="filled"),
                ],
                spacing=12,
                alignment=ft.MainAxisAlignment.CENTER,
            ),
        ]

    async def rotate(_e: Any = None) -> None:
        gate.rotate()
        await tab.call(tab.room.update_settings, **{SETTING_ACCESS: gate.to_settings()})
        tab.ctx.join_code = gate.code
        fill()
        column.update()
        tab.toast(tab.t("devices.rotated"))

    fill()
    return ViewResult(
        ft.Container(column, padding=20, alignment=ft.Alignment.TOP_CENTER),
        title=tab.t("devices.title"),
        scroll=True,
    )


register_service("access", start_access)
register_gate(access_gate)
register_view(JOIN_ROUTE, build_join, title=("Deelnemen", "Join"))
register_view(DEVICES_ROUTE, build_devices, title=("Apparaten", "Devices"))
