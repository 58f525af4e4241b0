"""A Flet 1.0 device that speaks the websocket protocol directly and renders nothing.

Why: a headless Chromium tab costs a few hundred MB and most of a core while Flutter lays out; on
a 2-core laptop 25 of them measure the browsers, not the server. This client costs almost nothing,
so latency and CPU figures taken with it are the server's own (``bench/devices_bench.py``), and
tests can drive many devices cheaply.

The wire format (read from ``flet/messaging/protocol.py`` and ``flet_web/fastapi/flet_app.py``,
checked against what Chromium sends, Flet 1.0.5):

* one websocket at ``ws://host:port/ws``; every binary message is ``0x00`` + MessagePack of
  ``[action, body]`` (``0x01`` frames are data channels, ignored here);
* the device opens with ``[1, {session_id, page_name, page: {route, width, height, media, ...}}]``
  (REGISTER_CLIENT); the answer carries the session id and the whole page as nested dicts; a
  control is a dict with ``_i`` (id) and ``_c`` (type); default values are left out;
* the server then sends ``[2, {id, patch}]`` (PATCH_CONTROL): ``patch = [paths, *ops]`` where
  ``paths`` is a tree ``[index, {key: [index, {...}]}]`` naming the nodes under control ``id`` and
  each op is ``[0 replace | 1 add | 2 remove, node, key, value]`` or ``[3 move, node, key, node, key]``
  (JSON-patch semantics: an add into a list inserts);
* the server may ask ``[5, {control_id, call_id, name, args}]`` (INVOKE_METHOD, e.g.
  SharedPreferences ``get``); the device must answer ``[5, {control_id, call_id, result, error}]``
  or the server waits for its timeout;
* the device reports events as ``[3, {target, name, data}]`` (CONTROL_EVENT: ``click``, ``submit``
  with the text, ``keyboard_event`` on the page ``{key, shift, ctrl, alt, meta}``) and property
  changes as ``[4, {id, props}]`` (UPDATE_CONTROL_PROPS, e.g. a TextField's ``value``);
* reconnecting with the old ``session_id`` (same user agent) re-attaches the server's session:
  its answer carries the current page and the app gets ``on_connect``.

    async with WireClient("http://127.0.0.1:8550", "/wand") as wall:
        await wall.wait_for(lambda c: c.has_text("Besluiten"), timeout=10)
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import msgpack
import websockets
from websockets.asyncio.client import ClientConnection

REGISTER_CLIENT = 1
PATCH_CONTROL = 2
CONTROL_EVENT = 3
UPDATE_CONTROL_PROPS = 4
INVOKE_METHOD = 5
SESSION_CRASHED = 6

OP_REPLACE, OP_ADD, OP_REMOVE, OP_MOVE = 0, 1, 2, 3

USER_AGENT = "flet-wire/1.0 (cmt-assistant bench)"


class WireError(Exception):
    """The server broke the protocol or the session (crash message, no answer in time)."""


def _decode_ext(code: int, data: bytes) -> Any:
    """Flet's MessagePack extensions (datetime, time, duration) stay opaque text: no device logic
    here needs them as objects, and decoding them would import Flet into every client."""
    return data.decode("utf-8", "replace") if code in (1, 2, 4) else int.from_bytes(data, "big")


def unpack(frame: bytes) -> Any:
    """One server frame (``0x00`` + MessagePack) as Python lists and dicts."""
    return msgpack.unpackb(frame[1:], ext_hook=_decode_ext, strict_map_key=False, raw=False)


def pack(action: int, body: Any) -> bytes:
    return b"\x00" + msgpack.packb([action, body])


def page_snapshot(route: str, width: float, height: float) -> dict[str, Any]:
    """What a Chromium tab reports about itself on registration (Flet 1.0.5 web client)."""
    zero = {"top": 0.0, "right": 0.0, "bottom": 0.0, "left": 0.0}
    return {
        "route": route,
        "pwa": False,
        "web": True,
        "debug": False,
        "wasm": True,
        "test": False,
        "multi_view": False,
        "pyodide": False,
        "platform_brightness": "light",
        "width": float(width),
        "height": float(height),
        "platform": "linux",
        "window": {},
        "media": {
            "padding": zero,
            "view_padding": zero,
            "view_insets": zero,
            "device_pixel_ratio": 1.0,
            "orientation": "landscape" if width >= height else "portrait",
            "always_use_24_hour_format": False,
        },
    }


@dataclass
class MarkerWatch:
    """Waits for the first frame whose raw bytes match ``pattern``; ``seen`` is its arrival time."""

    pattern: re.Pattern[bytes]
    seen: float | None = None
    event: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class WireStats:
    frames: int = 0
    bytes: int = 0
    patches: int = 0
    invokes: int = 0


class WireClient:
    """One simulated device: its own Flet session, a mirror of its control tree, no rendering.

    Arrival times are ``time.perf_counter()`` taken before a frame is decoded, so they compare
    with times taken elsewhere in the same process.
    """

    def __init__(
        self,
        base_url: str,
        route: str = "/",
        *,
        width: float = 1280,
        height: float = 800,
        prefs: dict[str, Any] | None = None,
        user_agent: str = USER_AGENT,
        mirror: bool = True,
    ) -> None:
        self.ws_url = base_url.replace("http://", "ws://").rstrip("/") + "/ws"
        self.route = route
        self.width, self.height = width, height
        self.prefs: dict[str, Any] = dict(prefs or {})  # the browser's SharedPreferences
        self.user_agent = user_agent
        self.mirror = mirror  # False: keep no tree (cheapest; only markers and stats)
        self.session_id: str | None = None
        self.page: dict[str, Any] = {}
        self.controls: dict[int, dict[str, Any]] = {}
        self.stats = WireStats()
        self.connected_at: float | None = None
        self.first_screen_at: float | None = None  # the first frame after which a view has an appbar
        self.crashed: str | None = None
        self._ws: ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self._changed = asyncio.Condition()
        self._watches: list[MarkerWatch] = []
        self._registered = asyncio.Event()

    # --- connection -----------------------------------------------------------------------------

    async def connect(self, timeout: float = 30.0) -> WireClient:
        """Open the websocket and register (a new session, or the old one after ``cut``)."""
        self._registered.clear()
        self.connected_at = time.perf_counter()
        self.first_screen_at = None
        self._ws = await websockets.connect(
            self.ws_url, max_size=None, user_agent_header=self.user_agent, open_timeout=timeout
        )
        self._reader = asyncio.create_task(self._read_loop(self._ws))
        page_name = self.route.strip("/").split("/")[0]
        snapshot = page_snapshot(self.route, self.width, self.height)
        body = {"session_id": self.session_id, "page_name": page_name, "page": snapshot}
        await self._ws.send(pack(REGISTER_CLIENT, body))
        try:
            await asyncio.wait_for(self._registered.wait(), timeout)
        except TimeoutError as exc:
            raise WireError(f"no REGISTER_CLIENT answer from {self.ws_url} in {timeout}s") from exc
        return self

    async def close(self) -> None:
        """Close the websocket cleanly (the server keeps the session until its timeout)."""
        ws, self._ws = self._ws, None
        if ws is not None:
            await ws.close()
        await self._stop_reader()

    async def cut(self) -> None:
        """Drop the connection without a closing handshake, as a lost network does."""
        ws, self._ws = self._ws, None
        if ws is not None:
            ws.transport.abort()
        await self._stop_reader()

    async def _stop_reader(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None and not reader.done():
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):  # we cancelled it just above
                await reader

    @property
    def is_open(self) -> bool:
        return self._ws is not None and self._reader is not None and not self._reader.done()

    async def __aenter__(self) -> WireClient:
        return await self.connect()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # --- sending ----------------------------------------------------------------------------------

    async def send_event(self, target: int, name: str, data: Any = None) -> None:
        """A control event as the Flutter client sends it (``click``, ``submit``, ...)."""
        await self._send(CONTROL_EVENT, {"target": target, "name": name, "data": data})

    async def update_props(self, control_id: int, props: dict[str, Any]) -> None:
        await self._send(UPDATE_CONTROL_PROPS, {"id": control_id, "props": props})

    async def press_key(self, key: str, **mods: bool) -> None:
        """A key on the page (``page.on_keyboard_event``), no text field focused."""
        data = {"key": key, **{m: bool(mods.get(m, False)) for m in ("shift", "ctrl", "alt", "meta")}}
        await self.send_event(int(self.page["_i"]), "keyboard_event", data)

    async def click(self, control: dict[str, Any]) -> None:
        await self.send_event(int(control["_i"]), "click")

    async def submit(self, field_control: dict[str, Any], text: str) -> None:
        """Type ``text`` into a TextField and press Enter in it."""
        await self.update_props(int(field_control["_i"]), {"value": text})
        await self.send_event(int(field_control["_i"]), "submit", text)

    async def _send(self, action: int, body: Any) -> None:
        if self._ws is None:
            raise WireError("not connected")
        await self._ws.send(pack(action, body))

    # --- watching ---------------------------------------------------------------------------------

    def watch(self, pattern: str | re.Pattern[bytes]) -> MarkerWatch:
        """Note the arrival of the first frame matching ``pattern`` (a regex on the raw frame: the
        MessagePack strings are plain UTF-8). Register it *before* causing the change."""
        compiled = re.compile(pattern.encode() if isinstance(pattern, str) else pattern.pattern)
        watch = MarkerWatch(compiled)
        self._watches.append(watch)
        return watch

    async def wait_for(self, predicate: Callable[[WireClient], Any], timeout: float = 10.0) -> Any:
        """Wait until ``predicate(self)`` is true, re-checked after every frame."""
        async with self._changed:
            try:
                return await asyncio.wait_for(self._changed.wait_for(lambda: predicate(self)), timeout)
            except TimeoutError as exc:
                raise WireError(f"{self.route}: condition not met in {timeout}s") from exc

    # --- the mirror -------------------------------------------------------------------------------

    def texts(self) -> Iterator[str]:
        """Every string in the mirrored tree (labels, values, button texts)."""
        yield from _strings(self.page)

    def has_text(self, needle: str) -> bool:
        return any(needle in s for s in self.texts())

    def find(self, predicate: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
        """Controls in the current tree (in tree order) for which ``predicate`` holds."""
        return [c for c in _controls(self.page) if predicate(c)]

    def find_by_text(self, pattern: str, kind: str | None = None) -> list[dict[str, Any]]:
        """Controls of type ``kind`` (``_c``, e.g. ``"FilledButton"``) whose own string fields
        (``content``, ``value``, ``label``, ``text``, ...) match the regex ``pattern``."""
        rx = re.compile(pattern)
        return self.find(
            lambda c: (
                (kind is None or c.get("_c") == kind)
                and any(isinstance(v, str) and rx.search(v) for k, v in c.items() if not k.startswith("_"))
            )
        )

    def clickable(self, pattern: str) -> dict[str, Any]:
        """The innermost control with a click handler whose texts (its own or its content's) match
        the regex ``pattern``: a button, a tappable card. Raises ``WireError`` when there is none."""
        rx = re.compile(pattern)
        hits = self.find(lambda c: bool(c.get("on_click")) and any(rx.search(s) for s in _strings(c)))
        if not hits:
            raise WireError(f"{self.route}: nothing clickable matches {pattern!r}")
        return hits[-1]

    def has_screen(self) -> bool:
        views = self.page.get("views") or []
        return bool(views) and isinstance(views[0], dict) and "appbar" in views[0]

    # --- the reader -------------------------------------------------------------------------------

    async def _read_loop(self, ws: ClientConnection) -> None:
        try:
            async for frame in ws:
                arrived = time.perf_counter()
                if not isinstance(frame, bytes) or not frame or frame[0] != 0:
                    continue
                self.stats.frames += 1
                self.stats.bytes += len(frame)
                for watch in self._watches:
                    if watch.seen is None and watch.pattern.search(frame):
                        watch.seen = arrived
                        watch.event.set()
                self._watches = [w for w in self._watches if w.seen is None]
                await self._on_message(unpack(frame), arrived)
        except websockets.ConnectionClosed:
            return  # the server went away or we closed: is_open turns False

    async def _on_message(self, message: list[Any], arrived: float) -> None:
        action, body = message[0], message[1]
        if action == REGISTER_CLIENT:
            if body.get("error"):
                raise WireError(f"registration failed: {body['error']}")
            self.session_id = body["session_id"]
            if self.mirror:
                self.page = body["page_patch"]
                self.controls = {}
                self._index(self.page)
            self._registered.set()
        elif action == PATCH_CONTROL:
            self.stats.patches += 1
            if self.mirror:
                self._apply(int(body["id"]), body["patch"])
        elif action == INVOKE_METHOD:
            self.stats.invokes += 1
            await self._answer(body)
        elif action == SESSION_CRASHED:
            self.crashed = str(body.get("message"))
        if self.first_screen_at is None and self.mirror and self.has_screen():
            self.first_screen_at = arrived
        async with self._changed:
            self._changed.notify_all()

    async def _answer(self, body: dict[str, Any]) -> None:
        """Answer a method call as a browser with its SharedPreferences would; others: None."""
        name, args = body.get("name"), body.get("args") or {}
        key = str(args.get("key"))
        result: Any = None
        if name == "get":
            result = self.prefs.get(key)
        elif name == "set":
            self.prefs[key] = args.get("value")
            result = True
        elif name == "remove":
            self.prefs.pop(key, None)
            result = True
        elif name == "contains_key":
            result = key in self.prefs
        elif name == "push_route":  # the browser changes its URL and reports it, then answers
            await self.navigate(str(args.get("route") or "/"))
        call = {"control_id": body["control_id"], "call_id": body["call_id"]}
        await self._send(INVOKE_METHOD, {**call, "result": result, "error": None})

    async def navigate(self, route: str) -> None:
        """Go to ``route`` as the browser does (address bar, or the server's ``push_route``)."""
        self.route = route
        page_id = int(self.page.get("_i", 1))
        await self.update_props(page_id, {"route": route})
        await self.send_event(page_id, "route_change", {"route": route})

    def _index(self, value: Any) -> None:
        for control in _controls(value):
            self.controls[int(control["_i"])] = control

    def _apply(self, control_id: int, patch: list[Any]) -> None:
        root = self.page if control_id == self.page.get("_i") else self.controls.get(control_id)
        if root is None:
            return  # a control this device never saw (already replaced): the browser drops it too
        paths: dict[int, list[Any]] = {}
        _paths(patch[0], [], paths)
        for op in patch[1:]:
            kind = op[0]
            if kind == OP_MOVE:
                moved = _remove(_walk(root, paths[op[1]]), op[2])
                _add(_walk(root, paths[op[3]]), op[4], moved)
                continue
            parent = _walk(root, paths[op[1]])
            if kind == OP_REPLACE:
                _set(parent, op[2], op[3])
            elif kind == OP_ADD:
                _add(parent, op[2], op[3])
            elif kind == OP_REMOVE:
                _remove(parent, op[2])
            else:
                raise WireError(f"unknown patch operation {kind}")
            if kind != OP_REMOVE:
                self._index(op[3])


def _paths(node: list[Any], prefix: list[Any], out: dict[int, list[Any]]) -> None:
    out[int(node[0])] = prefix
    if len(node) > 1:
        for key, child in node[1].items():
            _paths(child, [*prefix, key], out)


def _walk(root: Any, path: list[Any]) -> Any:
    node = root
    for key in path:
        node = node[int(key)] if isinstance(node, list) else node[key]
    return node


def _set(parent: Any, key: Any, value: Any) -> None:
    if isinstance(parent, list):
        parent[int(key)] = value
    else:
        parent[key] = value


def _add(parent: Any, key: Any, value: Any) -> None:
    if isinstance(parent, list):
        parent.insert(int(key), value)
    else:
        parent[key] = value


def _remove(parent: Any, key: Any) -> Any:
    if isinstance(parent, list):
        return parent.pop(int(key))
    return parent.pop(key, None)


def _controls(value: Any) -> Iterator[dict[str, Any]]:
    """Every control dict (has ``_i`` and ``_c``) inside ``value``, parents before children."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "_i" in node and "_c" in node:
                yield node
            stack.extend(reversed([v for v in node.values() if isinstance(v, dict | list)]))
        elif isinstance(node, list):
            stack.extend(reversed([v for v in node if isinstance(v, dict | list)]))


def _strings(value: Any) -> Iterator[str]:
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


__all__ = ["WireClient", "WireError", "MarkerWatch", "WireStats", "unpack", "pack", "page_snapshot"]
