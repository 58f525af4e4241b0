"""A device that speaks Flet's websocket protocol directly (no browser, no Flutter): the attacker.

Wire format (flet_web 1.0): each websocket binary frame is ``[0x00][msgpack [action, body]]``.
Client → server: 1 register ``{session_id, page_name, page}``, 3 control event ``{target, name, data}``,
4 update control props ``{id, props}``, 5 answer to an invoke ``{control_id, call_id, result, error}``.
Server → client: 1 register answer (the page), 2 patches (controls as dicts with ``_i`` id and ``_c``
type), 5 invoke a client method (e.g. ``SharedPreferences.get``).

The client remembers every control and every string it was sent, so a test can assert what a
device got to see, and can fire events at any control id (also ones it was never sent).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import msgpack
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

REGISTER, PATCH, EVENT, UPDATE_PROPS, INVOKE = 1, 2, 3, 4, 5


def pack(action: int, body: dict[str, Any]) -> bytes:
    return b"\x00" + msgpack.packb([action, body], use_bin_type=True)


def unpack(frame: bytes) -> Any:
    return msgpack.unpackb(frame[1:], raw=False, strict_map_key=False, ext_hook=msgpack.ExtType)


class HostileClient:
    def __init__(self, port: int, *, origin: str | None = "same", host: str = "127.0.0.1") -> None:
        self.port = port
        headers = {}
        if origin == "same":
            headers["Origin"] = f"http://{host}:{port}"
        elif origin is not None:
            headers["Origin"] = origin
        self.ws: ClientConnection = connect(
            f"ws://{host}:{port}/ws", additional_headers=headers, open_timeout=10, max_size=None
        )
        self.controls: dict[int, dict[str, Any]] = {}
        self.texts: list[str] = []
        self.prefs: dict[str, Any] = {}
        self.session_id = ""
        self.closed = False

    # --- sending ------------------------------------------------------------------------------------

    def register(self, route: str, **page: Any) -> None:
        body = {"route": route, "width": 1280, "height": 800, "platform": "linux", "web": True, **page}
        self.ws.send(pack(REGISTER, {"session_id": self.session_id, "page_name": "", "page": body}))

    def type_into(self, control_id: int | None, text: str) -> None:
        """What the browser does while someone types: the field's value, then the submit event."""
        assert control_id is not None
        self.patch(control_id, {"value": text})
        self.event(control_id, "submit", text)

    def event(self, target: int, name: str, data: Any = None) -> None:
        self.ws.send(pack(EVENT, {"target": target, "name": name, "data": data}))

    def patch(self, control_id: int, props: dict[str, Any]) -> None:
        self.ws.send(pack(UPDATE_PROPS, {"id": control_id, "props": props}))

    def route_change(self, route: str) -> None:
        """What a browser sends on navigation, but without patching the page's ``route`` first."""
        self.event(1, "route_change", {"route": route})

    # --- receiving ----------------------------------------------------------------------------------

    def pump(self, seconds: float, until: Callable[[], bool] | None = None) -> bool:
        """Read for up to ``seconds`` (answering the server's invokes); True once ``until()`` holds."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if until is not None and until():
                return True
            try:
                frame = self.ws.recv(timeout=max(0.05, min(0.5, deadline - time.monotonic())))
            except TimeoutError:
                continue
            except ConnectionClosed:
                self.closed = True
                break
            if isinstance(frame, bytes) and frame[:1] == b"\x00":
                self._handle(unpack(frame))
        return bool(until and until())

    def _handle(self, message: list[Any]) -> None:
        action, body = message[0], message[1]
        if action == REGISTER:
            self.session_id = body.get("session_id") or ""
        if action == INVOKE:
            self._answer(body)
        self._walk(body)

    def _answer(self, body: dict[str, Any]) -> None:
        args = body.get("args") or {}
        result: Any = None
        if body.get("name") == "get":
            result = self.prefs.get(args.get("key"))
        elif body.get("name") == "set":
            self.prefs[args.get("key")] = args.get("value")
            result = True
        elif body.get("name") == "remove":
            self.prefs.pop(args.get("key"), None)
            result = True
        reply = {"control_id": body["control_id"], "call_id": body["call_id"], "result": result, "error": None}
        self.ws.send(pack(INVOKE, reply))
        if body.get("name") == "push_route":  # a browser follows the navigation, as Flutter's router does
            self.patch(1, {"route": args.get("route")})
            self.route_change(args.get("route"))

    def _walk(self, value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("_i"), int) and "_c" in value:
                self.controls.setdefault(value["_i"], {}).update(value)
            for item in value.values():
                self._walk(item)
        elif isinstance(value, list):
            for item in value:
                self._walk(item)
        elif isinstance(value, str) and len(value) > 1:
            self.texts.append(value)

    # --- questions ----------------------------------------------------------------------------------

    def saw(self, text: str) -> bool:
        return any(text in t for t in self.texts)

    def find(self, kind: str, **props: Any) -> int | None:
        """The id of the last control of type ``kind`` with these properties, if it was sent."""
        found = None
        for cid, control in self.controls.items():
            if control.get("_c") == kind and all(control.get(k) == v for k, v in props.items()):
                found = cid
        return found

    def forget(self) -> None:
        """Start a fresh record of what was sent (e.g. before a forged navigation)."""
        self.texts.clear()

    def close(self) -> None:
        try:
            self.ws.close()
        except ConnectionClosed:
            pass


def refused_by_origin(port: int, origin: str, host: str = "127.0.0.1") -> int:
    """The HTTP status the websocket handshake got with this ``Origin`` (403 when refused)."""
    try:
        client = HostileClient(port, origin=origin, host=host)
    except InvalidStatus as exc:
        return exc.response.status_code
    client.close()
    return 101
