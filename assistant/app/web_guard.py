"""ASGI guard around the Flet web app: Host and Origin allow-lists, the real peer address, clean frames.

Why: the app's websocket carries everything (the log, the controls, the events). Without this,

* any web page open in the host's browser (``http://evil.example``) could open a websocket to
  ``127.0.0.1:8550``: the browser sends the page's ``Origin``, and Flet accepts any. We refuse every
  request whose ``Origin`` is not one of the app's own (also on loopback, also without ``--lan``);
* DNS rebinding (``evil.example`` resolving to 127.0.0.1) would make the browser treat our app as
  same-origin with the attacker's page: we refuse every ``Host`` header not in the allow-list;
* a device speaking Flet's protocol directly can patch the page's ``client_ip`` property (the
  protocol lets a client patch any property of any control): we drop ``client_ip`` and
  ``client_user_agent`` from every client frame, and publish the *socket's* peer address in
  ``peer_address`` (a context variable that Flet's session task inherits), which the access gate
  trusts instead.

Wire format (flet_web 1.0 ``FletApp``): one websocket binary frame per message, ``[type:u8][payload]``;
type 0x00 is MsgPack ``[action, body]`` (action 1 = register client with ``body["page"]`` a patch of
the page, 3 = control event, 4 = update control props ``{"id", "props"}``); 0x01 is a raw data channel.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from contextvars import ContextVar
from typing import Any

import msgpack

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Refused = Callable[[str, str, str], Any]  # (address, what, reason)

#: The TCP peer address of the request being served (None outside the guard: not trusted).
peer_address: ContextVar[str | None] = ContextVar("peer_address", default=None)

ACTION_REGISTER_CLIENT = 1
ACTION_UPDATE_CONTROL_PROPS = 4
#: Page properties only the server may set: the client's claims about itself.
SERVER_ONLY_PROPS = frozenset({"client_ip", "client_user_agent"})


def host_port(host: str, port: int) -> str:
    """``("::1", 8550)`` → ``"[::1]:8550"``: how the address appears in ``Host`` and ``Origin``."""
    host = host.strip().strip("[]").lower()
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def allowed_hosts(port: int, addresses: Iterable[str]) -> frozenset[str]:
    """The ``Host`` values the app answers to: loopback names plus this machine's given addresses."""
    names = {"127.0.0.1", "localhost", "::1", *addresses}
    return frozenset(host_port(n, port) for n in names if n and n not in ("0.0.0.0", "::"))


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or []:
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


def check_request(scope: Scope, hosts: frozenset[str]) -> str | None:
    """None when the request may pass, else the reason (``bad_host`` / ``foreign_origin``)."""
    host = (_header(scope, b"host") or "").lower()
    if host not in hosts:
        return "bad_host"
    origin = _header(scope, b"origin")
    if origin is not None:
        origin = origin.lower().rstrip("/")
        if origin == "null" or not any(origin == f"{scheme}://{h}" for h in hosts for scheme in ("http", "https")):
            return "foreign_origin"
    return None


def clean_frame(data: bytes) -> bytes:
    """A client frame without the properties only the server may set (anything else unchanged)."""
    if not data or data[0] != 0x00:
        return data
    try:
        message = msgpack.unpackb(data[1:], raw=False, strict_map_key=False, ext_hook=msgpack.ExtType)
    except (ValueError, msgpack.UnpackException, TypeError):
        return data  # Flet rejects it itself; nothing of ours to protect in a frame it cannot read
    if not isinstance(message, list) or len(message) < 2 or not isinstance(message[1], dict):
        return data
    action, body = message[0], message[1]
    if action == ACTION_REGISTER_CLIENT:
        patch = body.get("page")
    elif action == ACTION_UPDATE_CONTROL_PROPS:
        patch = body.get("props")
    else:
        return data
    if not isinstance(patch, dict) or not (SERVER_ONLY_PROPS & set(patch)):
        return data
    for key in SERVER_ONLY_PROPS:
        patch.pop(key, None)
    return b"\x00" + msgpack.packb(message, use_bin_type=True)


class WebGuard:
    """ASGI middleware: refuse foreign Host/Origin (HTTP 403, websocket closed before accept), publish
    the peer address, clean client frames. ``on_refused`` records refusals (the access log)."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str], on_refused: Refused | None = None) -> None:
        self.app = app
        self.hosts = hosts
        self.on_refused = on_refused

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope.get("type")
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)  # lifespan
            return
        client = scope.get("client")
        address = str(client[0]) if client else ""
        reason = check_request(scope, self.hosts)
        if reason is not None:
            self._refused(address, scope, reason)
            if kind == "websocket":
                await send({"type": "websocket.close", "code": 1008})  # before accept: HTTP 403
            else:
                await _forbidden(send)
            return
        token = peer_address.set(address)
        try:
            if kind == "websocket":
                await self.app(scope, _cleaning(receive), send)
            else:
                await self.app(scope, receive, send)
        finally:
            peer_address.reset(token)

    def _refused(self, address: str, scope: Scope, reason: str) -> None:
        what = f"{scope.get('type')} {scope.get('path', '')} host={_header(scope, b'host')} origin={_header(scope, b'origin')}"
        if self.on_refused is None:
            log.warning("refused %s from %s: %s", what, address, reason)
            return
        self.on_refused(address, what, reason)


def _cleaning(receive: Receive) -> Receive:
    async def wrapped() -> Message:
        message = await receive()
        if message.get("type") == "websocket.receive" and message.get("bytes"):
            message["bytes"] = clean_frame(message["bytes"])
        return message

    return wrapped


async def _forbidden(send: Send) -> None:
    body = "Verboden: deze pagina hoort niet bij de CMT-assistent. / Forbidden.".encode()
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
