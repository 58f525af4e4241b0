"""Devices in the room: the access gate (core: the shell calls it directly), the join page, identities.

* ``start_access(ctx)``: one ``assistant.app.access.AccessGate`` per process, its codes and secret kept
  in the data folder's settings (so joined devices stay joined across a restart of the app). The
  shell calls it before serving; if it fails, the app does not start (fail closed).
* ``access_gate(tab, route)``: before every route of every tab, on the *same* route the shell then
  shows. It decides who the tab is (``permissions.Actor``), binds the tab's gateways to that actor
  and a revocable ``SessionGrant``, and keeps a joined device on its role's routes. The host (the
  machine's own browser) passes; any other device sees only the join page.
* Joining: the code (typed, or ``?code=`` from the QR code), then the device's name, who uses it
  (from the roster) and its role. The device gets a signed token with that identity, kept in its
  browser; every version it writes records role + person + device.
* The address a tab is judged by is the socket's peer address (``web_guard.peer_address``), never
  the page's ``client_ip`` a client can patch. Test switch: with test hooks (never with ``--lan``),
  ``?as_client=192.0.2.10`` makes a tab *of the host's own browser* count as that LAN client.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import flet as ft

from assistant.app import access
from assistant.app import permissions as perm
from assistant.i18n.names import role_display
from assistant.ui import theme
from assistant.ui.tab import AccessTab
from assistant.ui.views import ROLES, normalise_route, register_view
from assistant.ui.widgets.buttons import action_button

if TYPE_CHECKING:  # the shell imports this module; its context is a type here only
    from assistant.ui.app import AppContext

log = logging.getLogger(__name__)

PREF_TOKEN = "cmt.join_token"
SETTING_ACCESS = "access"
JOIN_ROUTE = "/join"
DEVICES_ROUTE = "/apparaten"

# --- the service -----------------------------------------------------------------------------------


def start_access(ctx: AppContext) -> access.AccessGate:
    """Create the gate (once per process, before the first tab). Raises on failure: the caller
    must not serve without it."""
    own = {ctx.host}
    lan = access.lan_address()
    if lan:
        own.add(lan)
    own = {a for a in own if a and a not in ("0.0.0.0", "::")}
    settings = ctx.room.setup.settings().get(SETTING_ACCESS)
    gate = access.AccessGate.from_settings(
        settings if isinstance(settings, dict) else None,
        own_addresses=frozenset(own),
        code_ttl_seconds=float(getattr(ctx, "code_ttl_seconds", access.DEFAULT_CODE_TTL_SECONDS)),
    )
    save_gate(ctx, gate)
    ctx.join_code = gate.code
    ctx.room.subscribe(lambda change: _on_room_change(ctx, gate, change))
    return gate


def _on_room_change(ctx: AppContext, gate: access.AccessGate, change: Any) -> None:
    """When a crisis closes, its codes end with it: every other device's session ends at once.
    Runs in the writer's thread; the settings are saved from a thread of its own (no nested write)."""
    if getattr(change, "topic", "") != "crisis" or not getattr(change, "crisis_id", None):
        return
    if not getattr(ctx.room.setup.get(change.crisis_id), "closed_at", None) or gate.expired():
        return
    ctx.sessions.end_remote("expired")
    gate.expire()
    threading.Thread(target=save_gate, args=(ctx, gate), name="access-save", daemon=True).start()


def save_gate(ctx: AppContext, gate: access.AccessGate) -> None:
    """Keep codes, secret and revocations in the settings (raw room: this is the process, not a tab)."""
    if ctx.room.setup.settings().get(SETTING_ACCESS) != gate.to_settings():
        ctx.room.setup.update_settings(**{SETTING_ACCESS: gate.to_settings()})


# --- helpers ---------------------------------------------------------------------------------------


def route_query(route: str | None) -> dict[str, str]:
    """``/logger?as_client=1.2.3.4&code=X`` → {"as_client": "1.2.3.4", "code": "X"}."""
    query = urlsplit(route or "").query
    return {k: v[0] for k, v in parse_qs(query).items() if v}


def client_ip(tab: AccessTab) -> str | None:
    """The address this tab is judged by, fixed on first sight: the socket's peer address from the
    web guard. Without the guard only outside ``--lan`` the page's own address is used (desktop
    window, tests); with ``--lan`` an unknown address is remote (fail closed)."""
    if "access.ip" not in tab.state:
        peer = getattr(tab, "peer", None)
        if peer is None:
            peer = "unknown" if tab.app.lan else getattr(tab.page, "client_ip", None)
        test_hooks = bool(tab.app.test_hooks) and not tab.app.lan
        query = route_query(getattr(tab.page, "route", ""))
        tab.state["access.ip"] = access.effective_client_ip(peer, query, test_hooks)
    return tab.state["access.ip"]


async def _stored_token(tab: AccessTab) -> str | None:
    if "access.token" in tab.state:
        return tab.state["access.token"]
    token = None
    with contextlib.suppress(asyncio.TimeoutError, RuntimeError, AttributeError):
        token = await asyncio.wait_for(tab.prefs.get(PREF_TOKEN), timeout=5)
    tab.state["access.token"] = token if isinstance(token, str) else None
    return tab.state["access.token"]


async def _remember(tab: AccessTab, token: str | None) -> None:
    tab.state["access.token"] = token
    with contextlib.suppress(asyncio.TimeoutError, RuntimeError, AttributeError):
        if token:
            await tab.prefs.set(PREF_TOKEN, token)
        else:
            await tab.prefs.remove(PREF_TOKEN)


def _acting_as(tab: AccessTab, route: str) -> str:
    """The role the host's browser acts in: the screen it is about to show, else the role it picked."""
    return next((role for role, path in ROLES if path == route), tab.role or "")


def gate_of(tab: AccessTab) -> access.AccessGate | None:
    return tab.app.extras.get("access")


# --- the gate --------------------------------------------------------------------------------------


async def access_gate(tab: AccessTab, route: str) -> bool:
    """Before every route: True lets the shell show ``route`` (already normalised, the same the shell
    shows); False means this function showed something else (join page, redirect)."""
    gate = gate_of(tab)
    ip = client_ip(tab)
    if gate is None:  # cannot happen when started by the shell; refuse every device but the host
        if access.is_local_client(ip) and not tab.app.lan:
            _bind(tab, perm.host_actor(address=ip or "", acting_as=_acting_as(tab, route)), None)
            return True
        _unbind(tab)
        show_join(tab, None, error=tab.t("join.no_gate"))
        return False
    if gate.is_local(ip):
        acting_as = _acting_as(tab, route)
        if tab.actor is None or not tab.actor.is_host or tab.actor.acting_as != acting_as:
            _bind(tab, perm.host_actor(address=ip or "", acting_as=acting_as), None)
        return True
    token = await _stored_token(tab)
    grant = gate.verify(token)
    if grant is None:
        _unbind(tab)
        pending = tab.state.get("access.pending")
        if pending is not None:
            show_identity(tab, gate, pending)
            return False
        code = route_query(getattr(tab.page, "route", "")).get(access.CODE_PARAM)
        if code:
            decision = gate.decide(ip, code=code)
            if decision.allowed and decision.device is not None:
                tab.state["access.pending"] = decision.device
                show_identity(tab, gate, decision.device)
                return False
            record_join_failure(tab, decision.reason)
            show_join(tab, gate, error=join_error(tab, decision))
            return False
        expired = bool(token) and gate.expired()
        show_join(tab, gate, error=tab.t("join.expired") if expired else None)
        return False
    if tab.actor is None or tab.actor.device_id != grant.device_id or tab.grant is None or not tab.grant.active:
        _bind_device(tab, gate, grant, token or "", ip or "")
    tab.role = grant.role
    if not access.device_route_allowed(grant.role, route):
        if route != "/":
            tab.app.access_log.record(tab.actor.describe(), ip or "", f"route {route}", "route_not_allowed")
        await tab.go(access.device_home(grant.role))
        return False
    return True


def _bind_device(tab: AccessTab, gate: access.AccessGate, grant: access.DeviceGrant, token: str, ip: str) -> None:
    actor = perm.Actor(grant.role, grant.person, grant.name, grant.device_id, ip)

    def still_valid() -> str | None:
        if gate.verify(token) is not None:
            return None
        return "expired" if gate.expired() else "revoked"

    session = perm.SessionGrant(actor, tab.app.access_log.clock(), still_valid)
    tab.app.sessions.add(session)
    session.on_end(lambda reason: _session_ended(tab, session, reason))
    _bind(tab, actor, session)


def _bind(tab: AccessTab, actor: perm.Actor, grant: perm.SessionGrant | None) -> None:
    old = tab.grant
    tab.bind(actor, grant)
    if old is not None and old is not grant:
        old.end("replaced")


def _unbind(tab: AccessTab) -> None:
    """Back to nobody: every room call of this tab is refused from now on."""
    old = tab.grant
    tab.bind(None, None)
    if old is not None:
        old.end("left")


def _session_ended(tab: AccessTab, session: perm.SessionGrant, reason: str) -> None:
    """Revoke, rotation or expiry: show the join page in that tab at once (from any thread)."""
    if reason in ("replaced", "left", "closed"):
        return

    async def show() -> None:
        if tab.grant is not session:
            return
        tab.state["access.token"] = None
        tab.state.pop("access.pending", None)
        _unbind(tab)
        show_join(tab, gate_of(tab), error=tab.t("join.ended"))

    with contextlib.suppress(AttributeError, RuntimeError):  # the tab is already gone
        tab.page.run_task(show)


def record_join_failure(tab: AccessTab, reason: str) -> None:
    tab.app.access_log.record("?", client_ip(tab) or "", "join", reason)


def join_error(tab: AccessTab, decision: access.AccessDecision) -> str:
    if decision.reason == "locked_out":
        return tab.t("join.locked", seconds=int(decision.retry_after) + 1)
    if decision.reason == "expired":
        return tab.t("join.expired")
    return tab.t("join.wrong")


# --- the join pages --------------------------------------------------------------------------------


def _page(tab: AccessTab, parts: list[ft.Control]) -> None:
    content = ft.Container(
        ft.Column(parts, horizontal_alignment=ft.CrossAxisAlignment.CENTER, spacing=18),
        padding=40,
        alignment=ft.Alignment.TOP_CENTER,
    )
    view = ft.View(
        route=JOIN_ROUTE,
        controls=[content],
        padding=12,
        scroll=ft.ScrollMode.AUTO,
        appbar=ft.AppBar(
            title=ft.Text(tab.t("shell.app_title"), size=20, weight=ft.FontWeight.W_600),
            automatically_imply_leading=False,
            toolbar_height=56,
        ),
    )
    tab.page.views.clear()
    tab.page.views.append(view)
    tab.page.update()


def show_join(tab: AccessTab, gate: access.AccessGate | None, error: str | None = None) -> None:
    """Step 1, the only thing a device without a code gets to see."""
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
        decision = gate.decide(client_ip(tab), code=(typed if isinstance(typed, str) else None) or code.value or "")
        if decision.allowed and decision.device is not None:
            tab.state["access.pending"] = decision.device
            show_identity(tab, gate, decision.device)
            return
        record_join_failure(tab, decision.reason)
        message.value = join_error(tab, decision)
        with contextlib.suppress(RuntimeError):
            message.update()

    code.on_submit = tab.handler(submit)
    _page(
        tab,
        [
            ft.Icon(ft.Icons.LOCK_OUTLINE, size=64),
            ft.Text(tab.t("join.title"), size=30, weight=ft.FontWeight.BOLD, text_align=ft.TextAlign.CENTER),
            ft.Text(tab.t("join.body"), size=17, text_align=ft.TextAlign.CENTER, width=560),
            code,
            action_button(tab.t("join.submit"), tab.handler(submit), kind="filled", height=56, text_size=20),
            message,
        ],
    )


def roster_people(tab: AccessTab) -> list[str]:
    """"Name (role)" for every seat of the active crisis's roster (read by the process, not the tab)."""
    room = tab.app.room
    crisis_id = room.setup.active_id()
    if crisis_id is None:
        return []
    people = []
    for role in room.setup.get(crisis_id).roster.roles:
        label = role_display(role, tab.lang)
        people.append(f"{role.person} ({label})" if role.person else label)
    return people


def show_identity(tab: AccessTab, gate: access.AccessGate, pending: access.DeviceGrant) -> None:
    """Step 2, after a right code: the device's name, its person and (edit code) its role."""
    tab.leave()
    requested = access.normalize_role(route_query(getattr(tab.page, "route", "")).get("role"))
    route_role = next((r for r, homes in access.DEVICE_ROUTES.items() if normalise_route(tab.page.route) in homes), None)
    name = ft.TextField(label=tab.t("join.device_name"), hint_text=tab.t("join.device_name_hint"), width=420, autofocus=True)
    people = roster_people(tab)
    person = ft.Dropdown(
        label=tab.t("join.person"), width=420, options=[ft.dropdown.Option(p) for p in people], editable=True
    )
    view_only = pending.scope == access.SCOPE_VIEW
    roles = [access.ROLE_WALL] if view_only else list(access.EDIT_SCOPE_ROLES)
    default = next((r for r in (requested, route_role) if r in roles), roles[0])
    role = ft.RadioGroup(
        value=default,
        content=ft.Column(
            [ft.Radio(value=r, label=tab.t("join.role.lid") if r == access.ROLE_MEMBER else tab.t(f"shell.role.{r}"))
             for r in roles]  # fmt: skip
        ),
    )
    message = ft.Text("", size=16, color=theme.OVERRUN)

    async def submit(_e: Any = None) -> None:
        device_name, who = (name.value or "").strip(), (person.value or "").strip()
        if not device_name or (not who and not view_only):  # a wall screen is used by nobody in particular
            message.value = tab.t("join.need_identity")
            with contextlib.suppress(RuntimeError):
                message.update()
            return
        chosen = role.value if role.value in roles else roles[0]
        token = gate.issue(pending.scope, chosen, person=who, name=device_name, device_id=pending.device_id)
        tab.state.pop("access.pending", None)
        await _remember(tab, token)
        tab.role = chosen
        route = normalise_route(getattr(tab.page, "route", "/"))
        await tab.go(route if access.device_route_allowed(chosen, route) and route != JOIN_ROUTE else access.device_home(chosen))

    name.on_submit = tab.handler(submit)
    parts: list[ft.Control] = [
        ft.Icon(ft.Icons.BADGE_OUTLINED, size=64),
        ft.Text(tab.t("join.who_title"), size=30, weight=ft.FontWeight.BOLD, text_align=ft.TextAlign.CENTER),
        ft.Text(tab.t("join.who_body"), size=17, text_align=ft.TextAlign.CENTER, width=560),
        name,
        person,
    ]
    if view_only:
        parts.append(ft.Text(tab.t("join.view_only"), size=16))
    else:
        parts += [ft.Text(tab.t("join.role"), size=16, weight=ft.FontWeight.W_600), role]
    parts += [
        action_button(tab.t("join.submit"), tab.handler(submit), kind="filled", height=56, text_size=20),
        message,
    ]
    _page(tab, parts)


async def build_join(tab: AccessTab) -> ft.Control:
    """A device that is already in (the host, or one with a token) goes straight on."""
    await tab.go("/")
    return ft.Container()


register_view(JOIN_ROUTE, build_join, title=("Deelnemen", "Join"))

from assistant.ui.join import devices as _devices  # noqa: E402,F401 - registers /apparaten
