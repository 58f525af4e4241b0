"""View registry: every screen plugs in here without editing the shell.

A screen module registers its route at import time::

    # assistant/ui/logger/__init__.py
    from assistant.ui.views import register_view

    async def build(tab):              # tab: assistant.ui.app.Tab (page, ctx, lang, bridge, run ...)
        ...
        return ft.Column([...])        # the view's content (or a ViewResult for title/actions)

    register_view("/logger", build, title=("Logger", "Logger"), role="logger")

The shell imports every sub-module/package of ``assistant.ui`` that is not shell infrastructure
(see ``discover``), so a new ``assistant/ui/<name>`` package is found automatically. Routes nobody
registered yet show a clear placeholder.

Two more hooks for process-wide wiring:

* ``register_service(name, factory, close=None)``: ``factory(ctx)`` runs once when the app starts
  (before the first tab), its result is stored in ``ctx.extras[name]`` (e.g. the listening service);
  ``close(obj)`` runs at exit.
* ``register_gate(gate)``: ``await gate(tab)`` runs before routing every tab; returning False means
  the gate showed its own content (e.g. the join-code page for LAN devices) and routing stops.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

Builder = Callable[[Any], Any]  # (tab) -> Control | ViewResult, sync or async
Gate = Callable[[Any], Awaitable[bool]]


@dataclass
class ViewResult:
    """What a builder may return instead of a bare control."""

    content: Any
    title: str | None = None  # shown in the top bar (already translated)
    actions: list[Any] = field(default_factory=list)  # extra top-bar controls
    on_dispose: Callable[[], Any] | None = None  # called when the tab leaves the route
    padding: int = 12
    scroll: bool = False  # let the shell's View scroll (else the content manages its own scrolling)


@dataclass(frozen=True)
class ViewSpec:
    route: str
    builder: Builder
    title: tuple[str, str]  # (nl, en)
    role: str | None = None  # role id this route serves (voorzitter / logger / wand), if any
    module: str = ""


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    factory: Callable[[Any], Any]
    close: Callable[[Any], Any] | None = None


_VIEWS: dict[str, ViewSpec] = {}
_GATES: list[Gate] = []
_SERVICES: dict[str, ServiceSpec] = {}
_DISCOVERY_ERRORS: dict[str, str] = {}

#: The roles a browser can take on first open: (role id, route). Routes may be registered later.
ROLES: tuple[tuple[str, str], ...] = (
    ("voorzitter", "/voorzitter"),
    ("logger", "/logger"),
    ("berichtenmanager", "/berichten"),
    ("wand", "/wand"),
)

#: Shell modules that are not screens (never imported by discovery).
SHELL_MODULES = frozenset(
    {"app", "bridge", "chair_model", "cli", "i18n", "live", "theme", "views", "widgets", "assets"}
)


def register_view(
    route: str,
    builder: Builder,
    *,
    title: tuple[str, str] = ("", ""),
    role: str | None = None,
    replace: bool = False,
) -> None:
    if not route.startswith("/"):
        raise ValueError(f"route {route!r} must start with '/'")
    if route in _VIEWS and not replace and _VIEWS[route].builder is not builder:
        raise ValueError(f"route {route!r} is already registered by {_VIEWS[route].module}")
    _VIEWS[route] = ViewSpec(route, builder, title, role, getattr(builder, "__module__", ""))


def unregister_view(route: str) -> None:
    _VIEWS.pop(route, None)


def get_view(route: str) -> ViewSpec | None:
    return _VIEWS.get(normalise_route(route))


def views() -> dict[str, ViewSpec]:
    return dict(_VIEWS)


def register_gate(gate: Gate) -> None:
    if gate not in _GATES:
        _GATES.append(gate)


def gates() -> list[Gate]:
    return list(_GATES)


def register_service(
    name: str, factory: Callable[[Any], Any], close: Callable[[Any], Any] | None = None
) -> None:
    _SERVICES[name] = ServiceSpec(name, factory, close)


def services() -> list[ServiceSpec]:
    return list(_SERVICES.values())


def normalise_route(route: str | None) -> str:
    """ "/voorzitter?x=1" -> "/voorzitter"; "" -> "/"; trailing slash removed."""
    path = (route or "/").split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/"):
        path = "/" + path
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return path


def role_route(role: str | None) -> str | None:
    return next((route for rid, route in ROLES if rid == role), None)


def discover(package: str = "assistant.ui") -> dict[str, str]:
    """Import every screen module under ``package`` (once). Returns {module: error} for failures:
    a broken screen module must not take the other screens down."""
    pkg = importlib.import_module(package)
    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name in SHELL_MODULES or info.name.startswith("_"):
            continue
        name = f"{package}.{info.name}"
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - reported on the placeholder
            log.exception("screen module %s failed to import", name)
            _DISCOVERY_ERRORS[name] = f"{type(exc).__name__}: {exc}"
    return dict(_DISCOVERY_ERRORS)


def discovery_errors() -> dict[str, str]:
    return dict(_DISCOVERY_ERRORS)
