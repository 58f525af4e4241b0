"""The app shell without a browser: i18n, view registry, live feed, the tab bridge, the run command."""

from __future__ import annotations

import argparse
import asyncio
import socket
import threading
from pathlib import Path

import pytest

from assistant import i18n
from assistant.app.room import RoomChange
from assistant.i18n import UnknownKey, set_strict
from assistant.ui import views
from assistant.ui.bridge import TabBridge, Throttle
from assistant.ui.live import LiveCaption, LiveFeed

# --- i18n ---------------------------------------------------------------------------------------------


def test_t_dutch_default_english_switch_params_and_missing_key():
    assert i18n.t("logger.confirmed_as", number="B-1") == "Bevestigd als B-1"
    assert i18n.t("logger.confirmed_as", "en", number="B-1") == "Confirmed as B-1"
    assert i18n.t("logger.confirmed_as", "fr", number="B-1") == "Bevestigd als B-1"  # unknown language: Dutch
    previous = set_strict(False)  # production: an unknown key shows itself, never a crash
    try:
        assert i18n.t("test.nope") == "test.nope"
    finally:
        set_strict(previous)
    with pytest.raises(UnknownKey):  # tests: a typo fails loudly
        i18n.t("test.nope")
    assert i18n.t("logger.confirmed_as") == "Bevestigd als {number}"  # no params: template as is
    assert not hasattr(i18n, "add_runtime")  # strings come from the TOML files only, never registered in code


def test_every_catalogue_key_has_both_languages():
    for key in i18n.keys(""):
        assert i18n.t(key, "nl").strip() and i18n.t(key, "en").strip(), key


# --- views ------------------------------------------------------------------------------------------


def test_normalise_route_and_role_routes():
    assert views.normalise_route(None) == "/"
    assert views.normalise_route("") == "/"
    assert views.normalise_route("/voorzitter/") == "/voorzitter"
    assert views.normalise_route("voorzitter?x=1#top") == "/voorzitter"
    assert views.role_route("logger") == "/logger"
    assert views.role_route("nobody") is None


def test_register_view_rejects_a_second_owner_and_bad_routes():
    def a(tab):
        return None

    def b(tab):
        return None

    views.register_view("/test-a", a)
    try:
        views.register_view("/test-a", a)  # same builder again: fine (module re-import)
        with pytest.raises(ValueError):
            views.register_view("/test-a", b)
        views.register_view("/test-a", b, replace=True)
        assert views.get_view("/test-a/").builder is b
        with pytest.raises(ValueError):
            views.register_view("no-slash", a)
    finally:
        views.unregister_view("/test-a")


def test_discover_imports_screens_and_not_shell_modules():
    errors = views.discover()
    assert "assistant.ui.chair" not in errors and "assistant.ui.start" not in errors
    assert views.get_view("/voorzitter") is not None
    assert views.get_view("/start") is not None
    assert views.get_view("/voorzitter").role == "voorzitter"


def test_register_service_and_gate(monkeypatch):
    calls = []
    monkeypatch.setattr(views, "_SERVICES", {})  # only this test's service (not the real listening one)

    async def gate(tab):
        return True

    views.register_gate(gate)
    views.register_gate(gate)
    assert views.gates().count(gate) == 1
    views._GATES.remove(gate)
    views.register_service("test-service", lambda ctx: calls.append(ctx) or "svc")
    try:
        from assistant.ui.app import AppContext, close_services, start_services

        ctx = AppContext(room=None)  # type: ignore[arg-type]
        start_services(ctx)
        assert ctx.extras["test-service"] == "svc"
        close_services(ctx)
        assert "test-service" not in ctx.extras
    finally:
        views._SERVICES.pop("test-service", None)


# --- live feed --------------------------------------------------------------------------------------


def test_live_feed_defaults_updates_provider_and_toggle():
    feed = LiveFeed()
    assert feed.get() == LiveCaption()
    assert not feed.can_toggle
    feed.update(listening=True, partial="we besluiten", level=0.4)
    assert feed.get().partial == "we besluiten"
    toggled = []
    feed.attach(toggle=toggled.append)
    assert feed.can_toggle and feed.get().available
    feed.toggle("c1")
    assert toggled == ["c1"]

    class State:
        listening = True
        busy = False
        partial = "opdracht aan"
        last_final = "besluit gebouw dicht"
        level = 1.7
        error_code = None

    feed.attach(provider=lambda: LiveCaption.from_state(State()))
    caption = feed.get()
    assert (caption.final, caption.partial, caption.level, caption.available) == (
        "besluit gebouw dicht",
        "opdracht aan",
        1.0,
        True,
    )

    def broken() -> LiveCaption:
        raise RuntimeError("kapot")

    feed.attach(provider=broken)
    assert feed.get().message("nl") == "Spraakstatus onbekend (kapot)"
    assert feed.get().message("en") == "Speech status unknown (kapot)"
    no_mic = LiveCaption(problem="no_input_device", problem_params=(("device", "USB"),))
    assert no_mic.message("nl") != no_mic.message("en") and LiveCaption().message("en") == ""


# --- bridge -----------------------------------------------------------------------------------------


class FakeRoom:
    def __init__(self) -> None:
        self.listeners = []

    def subscribe(self, listener):
        self.listeners.append(listener)

        def unsubscribe():
            if listener in self.listeners:
                self.listeners.remove(listener)

        return unsubscribe

    def notify(self, change):
        for listener in list(self.listeners):
            listener(change)


class FakePage:
    def __init__(self, loop) -> None:
        self.loop = loop
        self.closed = False

    def run_task(self, handler, *args):
        if self.closed:
            raise AttributeError("'NoneType' object has no attribute 'connection'")
        return asyncio.run_coroutine_threadsafe(handler(*args), self.loop)


def test_bridge_coalesces_changes_from_threads_and_dispatches_on_the_loop():
    async def scenario():
        loop = asyncio.get_running_loop()
        room, page = FakeRoom(), FakePage(loop)
        bridge = TabBridge(page, room, tick_seconds=0.05)
        seen, meeting_only, threads = [], [], []

        async def handler(changes):
            threads.append(threading.get_ident())
            seen.extend(changes)

        bridge.on_change(handler)
        bridge.on_change(lambda changes: meeting_only.extend(changes), topics=["meeting"])
        bridge.start()
        writer = threading.Thread(
            target=lambda: [room.notify(RoomChange("c1", t)) for t in ("meeting", "clock", "log", "meeting")]
        )
        writer.start()
        writer.join()
        for _ in range(50):
            await asyncio.sleep(0.01)
            if len(seen) == 4:
                break
        assert [c.topic for c in seen] == ["meeting", "clock", "log", "meeting"]
        assert [c.topic for c in meeting_only] == ["meeting", "meeting"]
        assert set(threads) == {threading.get_ident()}  # handlers ran on the loop's thread
        assert bridge.dispatches <= 2  # a burst is coalesced
        bridge.stop()
        assert room.listeners == []

    asyncio.run(scenario())


def test_bridge_ticks_every_interval_and_stops():
    async def scenario():
        loop = asyncio.get_running_loop()
        bridge = TabBridge(FakePage(loop), FakeRoom(), tick_seconds=0.05)
        ticks = []
        bridge.on_tick(lambda: ticks.append(loop.time()))
        bridge.on_tick(lambda: 1 / 0)  # a failing handler does not stop the ticker
        bridge.start()
        await asyncio.sleep(0.32)
        bridge.stop()
        count = len(ticks)
        assert 4 <= count <= 8
        await asyncio.sleep(0.15)
        assert len(ticks) == count
        bridge.clear_handlers()
        await bridge.tick_now()

    asyncio.run(scenario())


def test_bridge_unsubscribes_when_the_tab_is_gone():
    async def scenario():
        loop = asyncio.get_running_loop()
        room, page = FakeRoom(), FakePage(loop)
        bridge = TabBridge(page, room)
        bridge.start()
        page.closed = True
        room.notify(RoomChange("c1", "meeting"))  # run_task raises: the bridge lets go
        assert room.listeners == []
        assert not bridge.active
        bridge.stop()

    asyncio.run(scenario())


# --- the run command --------------------------------------------------------------------------------


def test_choose_host_is_loopback_unless_asked():
    from assistant.ui.run_cli import choose_host

    assert choose_host(None, False) == "127.0.0.1"
    assert choose_host("192.168.1.5", False) == "192.168.1.5"
    assert choose_host(None, True) != "127.0.0.1" or True  # a LAN address when one exists


def test_port_free_detects_a_busy_port():
    from assistant.ui.run_cli import port_free

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        assert not port_free("127.0.0.1", port)


def test_run_arguments_and_defaults():
    from assistant.ui import run_cli as cli

    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    args = parser.parse_args([])
    assert (args.port, args.lan, args.host, args.desktop, args.test_hooks) == (
        8550,
        False,
        None,
        False,
        False,
    )
    args = parser.parse_args(["--port", "8561", "--lan", "--test-hooks", "--no-browser"])
    assert (args.port, args.lan, args.test_hooks, args.no_browser) == (8561, True, True, True)


def test_run_reports_a_locked_data_folder_in_one_line(tmp_path: Path, capsys):
    from assistant.cli import main
    from assistant.storage.tinydb_repo import TinyDBRepository

    repo = TinyDBRepository(tmp_path / "data")
    try:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        code = main(["--data-dir", str(tmp_path / "data"), "run", "--port", str(port), "--no-browser"])
    finally:
        repo.close()
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.startswith("fout: De gegevensmap is al in gebruik")
    assert len(err.splitlines()) == 1


def test_run_refuses_a_busy_port(tmp_path: Path, capsys):
    from assistant.cli import main

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        code = main(["--data-dir", str(tmp_path / "data"), "run", "--port", str(port), "--no-browser"])
    assert code == 2
    assert "al in gebruik" in capsys.readouterr().err


def test_desktop_without_client_suggests_web_mode(tmp_path: Path, capsys, monkeypatch):
    import builtins

    from assistant.cli import main

    real_import = builtins.__import__

    def no_desktop(name, *args, **kwargs):
        if name == "flet_desktop":
            raise ImportError("no flet_desktop")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_desktop)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code = main(["--data-dir", str(tmp_path / "data"), "run", "--port", str(port), "--desktop"])
    assert code == 3
    assert "webmodus" in capsys.readouterr().err


def test_app_context_url_and_test_hooks_env(monkeypatch):
    from assistant.ui.app import AppContext, test_hooks_from_env

    assert AppContext(room=None, port=8561).url == "http://127.0.0.1:8561"  # type: ignore[arg-type]
    assert AppContext(room=None, host="0.0.0.0").url == "http://127.0.0.1:8550"  # type: ignore[arg-type]
    monkeypatch.setenv("ASSISTANT_TEST_HOOKS", "1")
    assert test_hooks_from_env()
    monkeypatch.setenv("ASSISTANT_TEST_HOOKS", "0")
    assert not test_hooks_from_env()


class Seconds:
    """An injected monotonic clock for the caption throttle."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_throttle_lets_one_pass_per_interval_and_says_how_long_to_wait():
    seconds = Seconds()
    throttle = Throttle(0.3, seconds)
    assert throttle.wait() == 0.0
    seconds.now += 0.1
    assert throttle.wait() == pytest.approx(0.2)
    assert throttle.wait() == pytest.approx(0.2)  # asking again does not push the turn back
    seconds.now += 0.2
    assert throttle.wait() == 0.0  # its turn: counted as a pass
    seconds.now += 0.29
    assert throttle.wait() == pytest.approx(0.01)


async def settle() -> None:
    """Let the loop run what the bridge handed it (no waiting on the wall clock)."""
    for _ in range(10):
        await asyncio.sleep(0)


def test_bridge_throttles_live_captions_and_skips_screens_without_them():
    async def scenario():
        loop = asyncio.get_running_loop()
        room, page, seconds = FakeRoom(), FakePage(loop), Seconds()
        bridge = TabBridge(page, room, live_seconds=0.3, clock=seconds)
        captions, stored = [], []
        bridge.start()
        # a wall-like screen: no caption handler, so a caption schedules nothing at all
        bridge.on_change(lambda changes: stored.extend(changes), topics=["log"])
        room.notify(RoomChange("c1", "live"))
        await settle()
        assert bridge.dispatches == 0
        # a screen with captions: the first passes at once, the next ones inside the interval wait
        bridge.on_change(lambda changes: captions.append(len(changes)), topics=["live"])
        room.notify(RoomChange("c1", "live"))
        await settle()
        assert captions == [1]
        for _ in range(5):  # a burst of captions inside the interval (the injected clock stands still)
            room.notify(RoomChange("c1", "live"))
        await settle()
        assert captions == [1]  # waiting for their turn
        # a stored change does not wait: dispatched at once, taking the waiting captions along
        room.notify(RoomChange("c1", "log"))
        await settle()
        assert [c.topic for c in stored] == ["log"] and captions == [1, 5]
        bridge.stop()  # the throttled dispatch still waiting delivers nothing after the tab left
        await settle()
        assert captions == [1, 5]

    asyncio.run(scenario())
