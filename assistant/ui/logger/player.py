"""Replay of utterance recordings in the browser (flet-audio; its Flutter side is in the web client).

One player per tab. The WAV is read in a worker thread and sent as bytes (a few seconds of 16 kHz
mono is ~100 KB); the browser reports the duration it decoded, which the screen shows, so a logger
(and a test) can see that what plays is the whole utterance.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import wave
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def wav_seconds(path: Path) -> float | None:
    try:
        with wave.open(str(path)) as w:
            return w.getnframes() / float(w.getframerate())
    except (OSError, wave.Error, EOFError):
        return None


class Player:
    def __init__(self, on_duration: Callable[[str, float], Any] | None = None) -> None:
        self._audio: Any = None
        self._current: str | None = None
        self._on_duration = on_duration
        self._task: asyncio.Task[Any] | None = None

    def _ensure(self) -> Any:
        if self._audio is None:
            try:
                import flet_audio
            except ImportError:
                return None
            self._audio = flet_audio.Audio(on_duration_change=self._duration_changed)
        return self._audio

    def _duration_changed(self, e: Any) -> None:
        duration = getattr(e, "duration", None)
        if duration is None or self._current is None or self._on_duration is None:
            return
        seconds = duration.in_microseconds / 1e6 if hasattr(duration, "in_microseconds") else (
            duration.microseconds / 1e6 + duration.milliseconds / 1e3 + duration.seconds + duration.minutes * 60)
        self._on_duration(self._current, seconds)

    async def play(self, key: str, path: Path) -> bool:
        """Play ``path``; False when no player is available (flet-audio missing)."""
        data = await asyncio.to_thread(path.read_bytes)
        audio = self._ensure()
        if audio is None:
            return False
        self._current = key
        audio.src = data
        with contextlib.suppress(Exception):
            audio.update()
        # play() answers only when the browser finished starting; never hold up the tab for it
        self._task = asyncio.get_running_loop().create_task(self._play(audio))
        return True

    @staticmethod
    async def _play(audio: Any) -> None:
        try:
            await asyncio.wait_for(audio.play(), timeout=20)
        except Exception as exc:  # noqa: BLE001 - no sound device, tab closed ...: nothing to do
            log.debug("audio play: %s", exc)

    def close(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
