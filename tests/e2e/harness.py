"""Reusable end-to-end harness: the real app in a subprocess, driven by headless Chromium.

Flutter draws on a canvas; with its semantics tree switched on, every labelled control becomes a
DOM node with a role and a name, so Playwright can find "button Volgend agendapunt" or the text
"Resterende tijd 04:59, op schema".

    with AppProcess(tmp_path / "data", test_hooks=True) as app, Browser() as browser:
        page = browser.open(app.url + "/voorzitter")
        click(page, "Volgend agendapunt")
        wait_label(page, re.compile(r"Resterende tijd"))

Facts (Flet 1.0.5 web, Chromium 1xx): a ``Button`` is ``role=button`` named by its text; an
``IconButton`` only when its icon has ``semantics_label``; a ``Checkbox``/``Switch``/``Radio`` by its
label; a ``TextField`` is an ``<input aria-label=…>`` (role textbox); a ``Text`` is plain text (its
``semantics_label`` replaces the visible text). A page reload reconnects to the *same* Flet session
(``main`` does not run again); a new tab is a new session.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
LANDSCAPE = {"width": 1280, "height": 800}
PORTRAIT = {"width": 800, "height": 1280}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_port(host: str, port: int, timeout: float = 30.0, proc: subprocess.Popen[Any] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"app exited with {proc.returncode} before listening on {port}")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(0.5)
            if sock.connect_ex((host, port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {host}:{port} after {timeout}s")


class AppProcess:
    """``python -m assistant --data-dir DIR run --port N --no-browser`` as a subprocess."""

    def __init__(
        self,
        data_dir: Path | str,
        *,
        port: int | None = None,
        test_hooks: bool = True,
        extra_args: list[str] | None = None,
        env: dict[str, str] | None = None,
        log_path: Path | str | None = None,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.host = "127.0.0.1"
        self.test_hooks = test_hooks
        self.extra_args = list(extra_args or [])
        self.env = dict(env or {})
        self.log_path = Path(log_path) if log_path else self.data_dir.parent / f"app-{self.port}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 40.0) -> AppProcess:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        args = [
            PYTHON,
            "-m",
            "assistant",
            "--data-dir",
            str(self.data_dir),
            "run",
            "--port",
            str(self.port),
            "--no-browser",
        ]
        if self.test_hooks:
            args.append("--test-hooks")
        args += self.extra_args
        env = dict(os.environ)
        env.pop("FLET_SERVER_PORT", None)
        env.pop("FLET_SERVER_IP", None)
        env.update(self.env)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            args, cwd=REPO, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_port(self.host, self.port, timeout, self.proc)
        except Exception:
            self.stop()
            raise
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the app by its pid (SIGTERM, then SIGKILL)."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def kill(self) -> None:
        """Simulate a crash: SIGKILL, no clean shutdown."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def __enter__(self) -> AppProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- the browser ---------------------------------------------------------------------------------------


class Browser:
    """Headless Chromium via Playwright (sync API). One context = one browser profile (shared
    localStorage: the stored role, language and theme)."""

    def __init__(self) -> None:
        self._pw: Any = None
        self.browser: Any = None

    def start(self) -> Browser:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        return self

    def context(self, viewport: dict[str, int] | None = None) -> Any:
        return self.browser.new_context(
            viewport=viewport or LANDSCAPE, locale="nl-NL", timezone_id="Europe/Amsterdam"
        )

    def open(self, url: str, viewport: dict[str, int] | None = None, context: Any = None) -> Any:
        ctx = context or self.context(viewport)
        page = ctx.new_page()
        goto(page, url)
        return page

    def close(self) -> None:
        with contextlib.suppress(Exception):
            if self.browser is not None:
                self.browser.close()
        with contextlib.suppress(Exception):
            if self._pw is not None:
                self._pw.stop()
        self.browser = self._pw = None

    def __enter__(self) -> Browser:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def enable_semantics(page: Any, timeout: float = 30_000) -> None:
    """Switch on Flutter's accessibility tree (once per page load)."""
    if page.locator("flt-semantics").count():
        return
    page.wait_for_selector("flt-semantics-placeholder", state="attached", timeout=timeout)
    page.evaluate("document.querySelector('flt-semantics-placeholder')?.click()")
    page.wait_for_selector("flt-semantics", state="attached", timeout=timeout)


def goto(page: Any, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    enable_semantics(page)


def reload(page: Any) -> None:
    page.reload(wait_until="networkidle")
    enable_semantics(page)


# --- finding things --------------------------------------------------------------------------------

Name = str | re.Pattern[str]


def button(page: Any, name: Name, exact: bool = True) -> Any:
    return page.get_by_role("button", name=name, exact=exact if isinstance(name, str) else None)


def click(page: Any, name: Name, role: str = "button", exact: bool = True, timeout: float = 10_000) -> None:
    locator = page.get_by_role(role, name=name, exact=exact if isinstance(name, str) else None).first
    locator.wait_for(state="visible", timeout=timeout)
    locator.click(timeout=timeout)


def fill(page: Any, label: Name, value: str, timeout: float = 10_000) -> None:
    """Type into a TextField (found by its label)."""
    locator = page.get_by_role("textbox", name=label).first
    locator.wait_for(state="attached", timeout=timeout)
    locator.click(timeout=timeout)
    locator.fill(value, timeout=timeout)


def text(page: Any, value: Name) -> Any:
    """Text on screen: a text node, or a node whose accessible label holds the text (Flutter merges
    the texts of a bordered box or a tappable area into one labelled node)."""
    return page.get_by_text(value).or_(page.get_by_label(value))


def wait_text(page: Any, value: Name, timeout: float = 10_000) -> Any:
    locator = text(page, value).first
    locator.wait_for(state="attached", timeout=timeout)
    return locator


def text_of(page: Any, pattern: Name, timeout: float = 10_000) -> str:
    """The full text (or accessible label) of the first node matching ``pattern``."""
    locator = wait_text(page, pattern, timeout)
    return str(locator.text_content() or locator.get_attribute("aria-label") or "")


def checkbox(page: Any, name: Name) -> Any:
    return page.get_by_role("checkbox", name=name, exact=isinstance(name, str) or None).first


def is_checked(page: Any, name: Name, timeout: float = 10_000) -> bool:
    locator = checkbox(page, name)
    locator.wait_for(state="attached", timeout=timeout)
    return locator.get_attribute("aria-checked") == "true"


def wait_until(predicate: Any, timeout: float = 10.0, interval: float = 0.2, message: str = "") -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = predicate()
            if last:
                return last
        except Exception as exc:  # noqa: BLE001 - keep polling until the deadline
            last = exc
        time.sleep(interval)
    raise AssertionError(message or f"condition not met within {timeout}s (last: {last!r})")


def semantics_dump(page: Any) -> str:
    """Role | label | text of every semantics node: print it when a test cannot find something."""
    return str(
        page.evaluate(
            """() => Array.from(document.querySelectorAll('flt-semantics')).map(e => [
        e.getAttribute('role') || '', e.getAttribute('aria-label') || '',
        e.childElementCount == 0 ? e.textContent : ''].join(' | '))
        .filter(s => s != ' |  | ').join('\\n')"""
        )
    )
