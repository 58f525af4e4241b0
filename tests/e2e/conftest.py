"""Fixtures for end-to-end tests in headless Chromium against the real app (see harness.py).

* ``browser``: one headless Chromium for the whole session;
* ``app_factory``: ``app_factory(data_dir=None, **kwargs)`` starts ``python -m assistant run`` on a
  free port with a temporary data folder (``--test-hooks`` on by default) and stops it by pid at
  the end of the test; use it in a module-scoped fixture to share one app per module;
* ``seed_room``: ``with seed_room(data_dir) as room: ...`` prepares data through the real ``Room``
  before the app starts (the app takes the folder's lock, so seed first); ``read_repo(data_dir)``
  opens the folder read-only (no lock) to check what a running app stored.

Tests are marked ``@pytest.mark.e2e`` (``-m "not e2e"`` skips them). Without Chromium or Playwright
they are skipped with the reason.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import CHROMIUM, AppProcess, Browser  # tests/e2e is on sys.path (no __init__.py)


def _missing() -> str | None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (set CHROMIUM=...)"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    reason = _missing()
    if reason:
        pytest.skip(reason)
    with Browser() as b:
        yield b


@contextlib.contextmanager
def _apps(base: Path) -> Iterator[Callable[..., AppProcess]]:
    started: list[AppProcess] = []
    counter = [0]

    def make(data_dir: Path | str | None = None, **kwargs: Any) -> AppProcess:
        counter[0] += 1
        folder = Path(data_dir) if data_dir else base / f"data{counter[0]}"
        app = AppProcess(folder, log_path=base / f"app{counter[0]}.log", **kwargs)
        started.append(app)
        return app.start()

    try:
        yield make
    finally:
        for app in started:
            app.stop()


@pytest.fixture
def app_factory(tmp_path: Path) -> Iterator[Callable[..., AppProcess]]:
    with _apps(tmp_path) as make:
        yield make


@pytest.fixture(scope="module")
def module_app_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., AppProcess]]:
    with _apps(tmp_path_factory.mktemp("app")) as make:
        yield make


@contextlib.contextmanager
def _seed(
    data_dir: Path, now: Callable[[], Any] | None = None, parser: Callable[..., Any] | None = None
) -> Iterator[Any]:
    from assistant.app.room import Room
    from assistant.storage.tinydb_repo import TinyDBRepository

    repo = TinyDBRepository(Path(data_dir))
    kwargs: dict[str, Any] = {"parser": parser} if parser else {}
    if now:
        kwargs["now"] = now
    try:
        yield Room(repo, **kwargs)
    finally:
        repo.close()


@pytest.fixture
def seed_room() -> Callable[..., Any]:
    return _seed


@contextlib.contextmanager
def _read(data_dir: Path) -> Iterator[Any]:
    from assistant.storage.tinydb_repo import TinyDBRepository

    repo = TinyDBRepository(Path(data_dir), read_only=True)
    try:
        yield repo
    finally:
        repo.close()


@pytest.fixture(scope="session")
def read_repo() -> Callable[..., Any]:
    return _read


@pytest.fixture(scope="session")
def seed() -> Callable[..., Any]:
    """Session-scoped twin of ``seed_room`` for module-scoped fixtures."""
    return _seed


ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", "/tmp/e2e-artifacts"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    """On a failure, save a screenshot and the semantics tree of every open tab (E2E_ARTIFACTS)."""
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed or "browser" not in getattr(item, "fixturenames", ()):
        return
    try:
        from harness import semantics_dump

        b = item.funcargs.get("browser") or item._request.getfixturevalue("browser")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        n = 0
        for context in b.browser.contexts:
            for page in context.pages:
                n += 1
                stem = ARTIFACTS / f"{item.name}-{n}"
                page.screenshot(path=str(stem.with_suffix(".png")))
                stem.with_suffix(".txt").write_text(f"{page.url}\n{semantics_dump(page)}")
        report.sections.append(("e2e artifacts", f"{n} tab(s) saved under {ARTIFACTS}/{item.name}-*"))
    except Exception as exc:  # noqa: BLE001 - never hide the real failure
        report.sections.append(("e2e artifacts", f"could not save: {exc}"))
