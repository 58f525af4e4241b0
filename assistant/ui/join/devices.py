"""``/apparaten``, host only: join codes and QR codes, connected devices with revoke, the access log.

Why host only: whoever holds this page can rotate the codes (locking everyone else out) and read the
edit code. The route is refused to every joined device by the gate (``access.device_route_allowed``)
and the page itself checks the ``DEVICES`` capability on the server again before showing anything.

Rotation and revoke end the affected sessions at once (``SessionRegistry``): their gateways refuse
every further call and their tabs show the join page.
"""

from __future__ import annotations

import io
import time
from typing import TYPE_CHECKING, Any

import flet as ft

from assistant.app import access
from assistant.app import permissions as perm
from assistant.app.lan import base_urls, default_route_address, reachable_addresses
from assistant.ui import theme
from assistant.ui.setup.readiness_panel import ReadinessPanel
from assistant.ui.tab import AccessTab
from assistant.ui.views import ViewResult, register_view
from assistant.ui.widgets.buttons import action_button

if TYPE_CHECKING:  # the shell imports this module; its context is a type here only
    from assistant.ui.app import AppContext

DEVICES_ROUTE = "/apparaten"

def qr_png(text: str, scale: int = 8) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=2, dark="#000000", light="#FFFFFF")
    return buffer.getvalue()


def public_host(ctx: AppContext) -> str:
    """The address the QR code carries: one other devices can reach (the bound address, or with
    ``--host ::``/``0.0.0.0`` the default route's, else any non-loopback one); loopback only when
    the app serves this machine alone."""
    reachable = reachable_addresses(ctx.host, preferred=default_route_address())
    if reachable:
        return reachable[0]
    return access.lan_address() or ctx.host or "127.0.0.1"


def hhmm(epoch: float) -> str:
    return time.strftime("%d-%m %H:%M", time.localtime(epoch))


def rotate_codes(ctx: AppContext) -> int:
    """New codes, saved; every session of another device ends at once. Returns how many ended."""
    gate: access.AccessGate = ctx.extras["access"]
    ended = ctx.sessions.end_remote("rotated")  # first: they end as "rotated", not as "revoked" later
    gate.rotate()
    from assistant.ui.join import save_gate

    save_gate(ctx, gate)
    ctx.join_code = gate.code
    return ended


def revoke_device(ctx: AppContext, device_id: str) -> int:
    """This device's token stops working (saved) and its sessions end at once."""
    gate: access.AccessGate = ctx.extras["access"]
    ended = ctx.sessions.end_device(device_id, "revoked")
    gate.revoke(device_id)  # a session opened in between fails its next check of the token
    from assistant.ui.join import save_gate

    save_gate(ctx, gate)
    return ended


def _code_card(tab: AccessTab, label_key: str, code_key: str, code: str, link: str) -> ft.Control:
    return ft.Container(
        ft.Column(
            [
                ft.Text(tab.t(label_key), size=18, weight=ft.FontWeight.BOLD),
                ft.Image(src=qr_png(link), width=220, height=220, semantics_label=tab.t(label_key)),
                ft.Text(tab.t(code_key), size=16, text_align=ft.TextAlign.CENTER),
                ft.Text(
                    access.format_code(code),
                    size=40,
                    weight=ft.FontWeight.BOLD,
                    semantics_label=f"{tab.t(code_key)}: {access.format_code(code)}",
                ),
                ft.Text(link, size=13, color=theme.muted(tab.theme)),
            ],
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            spacing=10,
        ),
        padding=20,
        bgcolor=theme.surface(tab.theme),
        border_radius=16,
        width=400,
    )


def _device_rows(tab: AccessTab, on_revoke: Any) -> list[ft.Control]:
    grants = [g for g in tab.app.sessions.active() if not g.actor.is_host]
    if not grants:
        return [ft.Text(tab.t("devices.none"), size=15, color=theme.muted(tab.theme))]
    rows: list[ft.Control] = []
    for grant in grants:
        actor = grant.actor
        text = tab.t(
            "devices.row",
            name=actor.device or "?",
            role=actor.role,
            person=actor.person or "?",
            address=actor.address or "?",
            since=hhmm(grant.since),
        )
        rows.append(
            ft.Row(
                [
                    ft.Text(text, size=15, expand=True),
                    action_button(
                        tab.t("devices.revoke"),
                        tab.handler(lambda e, d=actor.device_id, n=actor.device: on_revoke(d, n)),
                        icon=ft.Icons.BLOCK,
                        kind="outlined",
                    ),
                ],
                spacing=12,
            )
        )
    return rows


def _log_rows(tab: AccessTab) -> list[ft.Control]:
    refusals = tab.app.access_log.entries()[-20:]
    if not refusals:
        return [ft.Text(tab.t("devices.log_empty"), size=14, color=theme.muted(tab.theme))]
    return [
        ft.Text(f"{hhmm(r.at)} · {r.address or '?'} · {r.who} · {r.action} · {r.reason}", size=13)
        for r in reversed(refusals)
    ]


async def build_devices(tab: AccessTab) -> ViewResult:
    gate: access.AccessGate | None = tab.app.extras.get("access")
    actor = tab.actor or perm.Actor("")
    try:
        perm.authorize(actor, perm.DEVICES, "devices_page", tab.grant, tab.app.access_log)
    except perm.PermissionDenied:
        return ViewResult(ft.Text(tab.t("devices.host_only"), size=18), title=tab.t("devices.title"))
    if gate is None:
        return ViewResult(ft.Text(tab.t("join.no_gate")), title=tab.t("devices.title"))
    host, port = public_host(tab.app), tab.app.port
    column = ft.Column(spacing=16, horizontal_alignment=ft.CrossAxisAlignment.CENTER)

    def fill() -> None:
        url = ", ".join(base_urls(tab.app.host, port)) or f"http://{host}:{port}"
        lan_text = tab.t("devices.lan_on", url=url) if tab.app.lan else tab.t("devices.lan_off")
        parts: list[ft.Control] = []
        alert = gate.failure_alert()
        if alert:
            parts.append(ft.Text(tab.t("devices.alert", count=alert), size=18, color=theme.OVERRUN))
        parts.append(
            ft.Text(lan_text, size=17, text_align=ft.TextAlign.CENTER, width=820, color=None if tab.app.lan else theme.WARNING)
        )
        if gate.expired():
            parts.append(ft.Text(tab.t("devices.expired"), size=17, color=theme.OVERRUN))
        else:
            parts.append(ft.Text(tab.t("devices.expires", time=hhmm(gate.expires_at)), size=15))
        cards = [
            _code_card(tab, "devices.qr", "devices.code", gate.code, access.join_url(host, port, gate.code)),
            _code_card(
                tab, "devices.qr_wall", "devices.view_code", gate.view_code,
                access.join_url(host, port, gate.view_code, role=access.ROLE_WALL),
            ),
        ]  # fmt: skip
        parts.append(ft.Row(cards, spacing=20, wrap=True, alignment=ft.MainAxisAlignment.CENTER))
        parts.append(
            ft.Row(
                [
                    action_button(tab.t("devices.rotate"), tab.handler(rotate), icon=ft.Icons.REFRESH, kind="outlined"),
                    action_button(tab.t("devices.teams"), tab.handler(lambda e: tab.go("/teams")), icon=ft.Icons.HUB, kind="outlined"),
                    action_button(tab.t("devices.back"), tab.handler(lambda e: tab.go("/")), kind="filled"),
                ],
                spacing=12,
                alignment=ft.MainAxisAlignment.CENTER,
            )
        )
        parts.append(ft.Text(tab.t("devices.connected"), size=20, weight=ft.FontWeight.BOLD))
        parts.append(ft.Container(ft.Column(_device_rows(tab, revoke), spacing=8), width=900))
        parts.append(ft.Text(tab.t("devices.log"), size=20, weight=ft.FontWeight.BOLD))
        parts.append(ft.Container(ft.Column(_log_rows(tab), spacing=4), width=900))
        column.controls = parts

    def refresh() -> None:
        fill()
        column.update()

    async def rotate(_e: Any = None) -> None:
        perm.authorize(tab.actor, perm.DEVICES, "rotate", tab.grant, tab.app.access_log)
        await tab.call(rotate_codes, tab.app)
        refresh()
        tab.toast(tab.t("devices.rotated"))

    async def revoke(device_id: str, name: str) -> None:
        perm.authorize(tab.actor, perm.DEVICES, "revoke", tab.grant, tab.app.access_log)
        await tab.call(revoke_device, tab.app, device_id)
        refresh()
        tab.toast(tab.t("devices.revoked", name=name))

    async def on_change(_changes: Any = None) -> None:
        refresh()

    tab.bridge.on_tick(_every(5, on_change))  # connected devices and refusals, without a reload
    fill()
    readiness = ReadinessPanel(tab)  # "Klaar voor het overleg": which devices still have to join
    await readiness.start()
    return ViewResult(
        ft.Container(
            ft.Column([ft.Container(readiness.control, width=900), column], spacing=16, horizontal_alignment=ft.CrossAxisAlignment.CENTER),
            padding=20,
            alignment=ft.Alignment.TOP_CENTER,
        ),
        title=tab.t("devices.title"),
        scroll=True,
    )


def _every(seconds: int, handler: Any) -> Any:
    """A tick handler that runs ``handler`` every ``seconds`` ticks (the bridge ticks once a second)."""
    count = {"n": 0}

    async def tick() -> None:
        count["n"] += 1
        if count["n"] % seconds == 0:
            await handler()

    return tick


register_view(DEVICES_ROUTE, build_devices, title=("Apparaten", "Devices"))
