"""``assistant run``: start the app (web mode on http://127.0.0.1:8550 by default).

One process serves every device in the room. Loopback only unless ``--lan``; ``--host`` picks the
address explicitly (Flet binds *all* interfaces when given no host, so a host is always passed).

Web mode serves Flet's ASGI app through ``assistant.app.web_guard.WebGuard`` (Host and Origin
allow-lists, the real peer address) with uvicorn, also on loopback. Fail closed: ``--lan`` refuses
to start without the access gate, and test hooks are refused together with ``--lan``.

Desktop mode (``--desktop``) has no web server to guard: Flet 1.0 talks to its desktop client over a
socket of its own (``flet/messaging/flet_socket_server.py``), a TCP port on ``localhost`` when a port
is given, else a Unix socket. We give it the Unix socket, in a fresh folder only this OS user may
enter (``desktop_socket``), so no browser, web page or other device can reach it; and we refuse the
two cases in which Flet would instead serve its own unguarded web server (``desktop_refusal``).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from assistant.i18n import normalise_lang, t

DEFAULT_PORT = 8550
log = logging.getLogger(__name__)


def _msg(key: str, lang: str, **params: object) -> str:
    return t("cli.run." + key, lang, **params)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("ASSISTANT_PORT", DEFAULT_PORT)),
        help=f"TCP port (default {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--lan", action="store_true", help="serve the local network on purpose (default: this machine only)"
    )
    parser.add_argument(
        "--host",
        default=None,
        help="address to bind (default 127.0.0.1; with --lan this machine's LAN address)",
    )
    parser.add_argument(
        "--desktop",
        action="store_true",
        help="open the native desktop window (needs the Flet desktop client)",
    )
    parser.add_argument(
        "--no-browser", action="store_true", help="do not open a browser window (servers, tests)"
    )
    parser.add_argument(
        "--test-hooks",
        action="store_true",
        help="show test controls (e.g. move the clock forward); also ASSISTANT_TEST_HOOKS=1",
    )
    parser.add_argument(
        "--code-ttl",
        type=float,
        default=24.0,
        metavar="HOURS",
        help="join codes expire after this many hours (default 24; new codes on /apparaten)",
    )
    from assistant.app.listening import add_cli_arguments  # --model, --audio-device, --audio-retention

    add_cli_arguments(parser)
    from assistant.teams.cli import add_cli_arguments as add_teams_arguments  # --team, --link, ...

    add_teams_arguments(parser)


def lan_address() -> str:
    """Best guess of this machine's address on the local network (no packets are sent)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.connect(("10.255.255.255", 1))
        return str(sock.getsockname()[0])
    except OSError:
        return "0.0.0.0"
    finally:
        sock.close()


def choose_host(host: str | None, lan: bool) -> str:
    if host:
        return host
    return lan_address() if lan else "127.0.0.1"


def port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def open_room(data_dir: str | None):  # -> tuple[Room, Path]
    """Open the data folder and create the one ``Room`` of this process (raises AssistantError)."""
    from assistant.app.room import Room
    from assistant.storage.paths import resolve_data_dir
    from assistant.storage.tinydb_repo import TinyDBRepository

    path = resolve_data_dir(data_dir)
    repo = TinyDBRepository(path)
    try:
        room = Room(repo)
    except ImportError:  # parser not installed: typed entries become plain info drafts
        log.warning("utterance parser unavailable; typed entries are not parsed")
        room = Room(repo, parser=lambda *a, **k: [])
    return room, path


def run(args: argparse.Namespace) -> int:
    import flet as ft

    from assistant.app.quiet_gc import QuietCollector
    from assistant.ui.app import AppContext, close_services, make_main, start_services, test_hooks_from_env

    lang = normalise_lang(getattr(args, "lang", None))
    logging.basicConfig(level=os.environ.get("ASSISTANT_LOG_LEVEL", "WARNING"))
    test_hooks = bool(args.test_hooks) or test_hooks_from_env()
    if args.lan and test_hooks:
        print(_msg("lan_test_hooks", lang), file=sys.stderr)
        return 2
    if args.lan and args.desktop:  # the desktop socket is this machine's only; devices need web mode
        print(_msg("desktop_lan", lang), file=sys.stderr)
        return 2
    host = choose_host(args.host, args.lan)
    if not port_free(host, args.port):
        print(_msg("port_busy", lang, port=args.port, host=host), file=sys.stderr)
        return 2
    room, path = open_room(
        getattr(args, "data_dir", None)
    )  # StorageLocked etc. -> one line via assistant.cli
    ctx = AppContext(
        extras={"args": args},  # plug-ins may read their own command-line options
        room=room,
        lang=lang,
        lan=bool(args.lan),
        host=host,
        port=args.port,
        test_hooks=test_hooks,
        code_ttl_seconds=max(0.01, float(getattr(args, "code_ttl", 24.0))) * 3600,
    )
    collector = QuietCollector(room)
    try:
        try:
            errors = start_services(ctx)
        except Exception as exc:  # noqa: BLE001 - whatever stops the access gate: never serve without it
            log.exception("the access gate did not start")
            print(_msg("no_gate", lang, detail=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
            return 4
        if "access" not in ctx.extras:
            print(_msg("no_gate", lang, detail="access"), file=sys.stderr)
            return 4
        for name, err in errors.items():
            print(
                f"{t('cli.warning_prefix', lang)}: {name}: {err}", file=sys.stderr
            )
        print(_msg("data", lang, path=path), flush=True)
        if os.environ.get(QUIET_GC_ENV, "on").strip().lower() != "off":  # off: bench comparison only
            collector.start()  # full garbage collections only when the room is quiet (issue 15)
        if ctx.test_hooks:
            print(_msg("test_hooks", lang), flush=True)
        if args.desktop:
            return _run_desktop(ft, ctx, make_main(ctx), lang)
        print(_msg("lan" if args.lan else "url", lang, url=_shown_urls(ctx)), flush=True)
        serve_guarded(ft, ctx, make_main(ctx), open_browser=not args.no_browser)
        return 0
    finally:
        collector.stop()
        close_services(ctx)
        room.repo.close()


def serve_guarded(ft, ctx, main, *, open_browser: bool) -> None:  # noqa: ANN001
    """Flet's ASGI app behind the web guard, served by uvicorn (blocks until Ctrl+C / SIGTERM)."""
    import threading
    import webbrowser

    import uvicorn

    from assistant.app import access
    from assistant.app.web_guard import WebGuard, allowed_hosts

    from assistant.app.lan import reachable_addresses
    from assistant.ui.setup.uploads import guarded_flet_app

    own = {ctx.host}
    if ctx.lan:
        own.add(access.lan_address() or "")
        own.update(reachable_addresses(ctx.host))  # every address a device may use (--host ::)
    hosts = allowed_hosts(ctx.port, own)

    def refused(address: str, what: str, reason: str) -> None:
        ctx.access_log.record("?", address, what, reason)

    app = WebGuard(guarded_flet_app(ft, ctx, main), hosts, refused)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(ctx.url,)).start()
    uvicorn.run(
        app, host=ctx.host, port=ctx.port, ws="websockets-sansio", log_level="warning", proxy_headers=False
    )  # proxy_headers off: no X-Forwarded-For can change the peer address the gate trusts


def _shown_urls(ctx) -> str:  # noqa: ANN001
    """With --lan: every address other devices can reach (not the loopback one); else the local URL."""
    if not ctx.lan:
        return str(ctx.url)
    from assistant.app.lan import base_urls

    return ", ".join(base_urls(ctx.host, ctx.port)) or str(ctx.url)


#: ``ASSISTANT_QUIET_GC=off`` leaves garbage collection to CPython (``bench/devices_bench.py --gc both``).
QUIET_GC_ENV = "ASSISTANT_QUIET_GC"

#: Flet's environment switches that would move the desktop transport to TCP or another interface.
FLET_TRANSPORT_ENV = ("FLET_SERVER_PORT", "FLET_SERVER_IP")


def desktop_refusal(env: Mapping[str, str]) -> str | None:
    """Why desktop mode must not start here, or None. Flet 1.0 silently serves its *own* web server
    (without our web guard, on our port) instead of the desktop socket when ``FLET_FORCE_WEB_SERVER``
    is set or on a Linux machine without a display (``flet.utils.is_linux_server``)."""
    from flet.utils import get_bool_env_var, is_linux_server

    if get_bool_env_var("FLET_FORCE_WEB_SERVER") or env.get("FLET_FORCE_WEB_SERVER"):
        return "FLET_FORCE_WEB_SERVER would serve an unguarded web server"
    if is_linux_server():
        return "no display: Flet would serve an unguarded web server"
    return None


def desktop_socket(env: dict[str, str]) -> Path:
    """Point Flet's desktop transport at a Unix socket in a new folder of mode 0700 (``mkdtemp``):
    only processes of this OS user can connect; no TCP port is opened. Changes ``env`` in place."""
    path = Path(tempfile.mkdtemp(prefix="cmt-desktop-")) / "flet.sock"
    for name in FLET_TRANSPORT_ENV:
        env.pop(name, None)
    env["FLET_SERVER_UDS_PATH"] = str(path)
    return path


def _run_desktop(ft, ctx, main, lang: str) -> int:  # noqa: ANN001
    try:
        import flet_desktop  # noqa: F401 - only a probe: never let Flet pip-install it at run time
    except ImportError:
        print(_msg("no_desktop", lang, detail="flet-desktop", url=ctx.url), file=sys.stderr)
        return 3
    refusal = desktop_refusal(os.environ)
    if refusal is not None:
        print(_msg("no_desktop", lang, detail=refusal, url=ctx.url), file=sys.stderr)
        return 3
    socket_path = desktop_socket(os.environ)  # type: ignore[arg-type] - os.environ is a mutable mapping
    try:
        ft.run(main, view=ft.AppView.FLET_APP, port=0, no_cdn=True)  # port 0: the Unix socket, not TCP
    except Exception as exc:  # noqa: BLE001 - the edge: the client download fails offline, and
        log.exception("the desktop window failed")  # whatever else stops it is logged in full
        print(_msg("no_desktop", lang, detail=f"{type(exc).__name__}: {exc}", url=ctx.url), file=sys.stderr)
        return 3
    finally:
        shutil.rmtree(socket_path.parent, ignore_errors=True)  # the private folder and a stale socket
    return 0
