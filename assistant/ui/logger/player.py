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

from assistant.ui.flet_errors import CLIENT_CALL_FAILED

log = logging.getLogger(__name__)


def wav_seconds(path: Path) -> float | None:
    try:
        with wave.open(str(path)) as w:
            return w.getnframes() / float(w.getframerate())
    except (OSError, wave.Error, EOFError):
        return None


class Player:
    """One recording at a time; a new ``flet_audio.Audio`` per recording (the web player takes its
    source when it is created), the previous one released."""

    def __init__(self, on_duration: Callable[[str, float], Any] | None = None) -> None:
        self._audio: Any = None
        self._current: str | None = None
        self._on_duration = on_duration
        self._task: asyncio.Task[Any] | None = None

    def _duration_changed(self, key: str, e: Any) -> None:
        duration = getattr(e, "duration", None)
        if duration is None or self._on_duration is None:
            return
        self._on_duration(key, duration.in_microseconds / 1e6)

    async def play(self, key: str, path: Path) -> bool:
        """Play ``path``; False when no player is available (flet-audio missing)."""
        try:
            import flet_audio
        except ImportError:
            return False
        data = await asyncio.to_thread(path.read_bytes)
        old, self._audio = self._audio, None
        if old is not None:
            with contextlib.suppress(*CLIENT_CALL_FAILED):  # the old player is dropped either way
                await asyncio.wait_for(old.release(), timeout=2)
        self._current = key
        self._audio = flet_audio.Audio(src=data, on_duration_change=lambda e: self._duration_changed(key, e))
        # play() answers only when the browser finished starting; never hold up the tab for it
        self._task = asyncio.get_running_loop().create_task(self._play(self._audio))
        return True

    @staticmethod
    async def _play(audio: Any) -> None:
        try:
            await asyncio.wait_for(audio.play(), timeout=20)
        except CLIENT_CALL_FAILED as exc:  # the browser could not play (no sound device) or left
            log.debug("audio play: %s", exc)

    def close(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._audio = None
