"""The pipeline: one audio source -> one recognizer stream -> typed events, in one worker thread.

Why a pull loop in one thread: decoding (which releases the GIL) and all bookkeeping for a stream
happen in one place, so the stream needs no locks, and stopping is a flag checked between blocks.
Everything that leaves is an immutable event handed to one callback; no lock is held while calling
it, and an exception raised by the callback is logged, never allowed to kill the stream.

Each final utterance carries its own audio, cut from a ring buffer of the last ``keep_audio_seconds``
of audio, so the logger can replay exactly what was said.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable

from speech.audio import AudioSource
from speech.engine import Engine, Recognized, RecognizerStream
from speech.errors import RecognizerFailed, SpeechError
from speech.events import (
    AudioLevel,
    FinalText,
    ListeningStarted,
    ListeningStopped,
    PartialText,
    SpeechEvent,
)
from speech.wav import level

log = logging.getLogger(__name__)

EventCallback = Callable[[SpeechEvent], None]


class AudioRing:
    """The last ``max_seconds`` of int16 mono audio, addressed by absolute sample number.

    A deque of blocks, so appending and forgetting are O(1) and memory stays bounded however long the
    meeting lasts.
    """

    def __init__(self, sample_rate: int, max_seconds: float) -> None:
        self.sample_rate = sample_rate
        self.max_samples = max(1, int(max_seconds * sample_rate))
        self._blocks: collections.deque[tuple[int, bytes]] = collections.deque()
        self._held = 0
        self.total = 0  # samples appended since the start

    def append(self, pcm: bytes) -> None:
        n = len(pcm) // 2
        self._blocks.append((self.total, pcm))
        self.total += n
        self._held += n
        while self._blocks and self._held - len(self._blocks[0][1]) // 2 >= self.max_samples:
            _, old = self._blocks.popleft()
            self._held -= len(old) // 2

    @property
    def first(self) -> int:
        """Sample number of the oldest sample still held."""
        return self._blocks[0][0] if self._blocks else self.total

    def slice(self, start: int, end: int) -> tuple[int, bytes]:
        """Audio of samples [start, end) as far as still held; returns (actual start, pcm)."""
        start = max(start, self.first)
        end = min(end, self.total)
        if end <= start:
            return start, b""
        parts = []
        for first, pcm in self._blocks:
            last = first + len(pcm) // 2
            if last <= start:
                continue
            if first >= end:
                break
            a = max(start, first) - first
            b = min(end, last) - first
            parts.append(pcm[a * 2 : b * 2])
        return start, b"".join(parts)


def _call(on_event: EventCallback, event: SpeechEvent) -> None:
    """Deliver one event; a failing consumer is logged, and the stream goes on."""
    try:
        on_event(event)
    except Exception:  # noqa: BLE001 - the consumer's bug must not kill recognition; it is logged in full
        log.exception("speech event callback raised on %s", type(event).__name__)


class Transcriber:
    """Runs one recognizer over one audio source and emits events.

    Use ``start()``/``stop()`` for a background worker thread, or ``run()`` to work in the calling
    thread (command line). Every run emits ``ListeningStarted`` (once the source is open), then any
    ``PartialText``/``FinalText``/``AudioLevel``, optionally one ``SpeechError``, and always exactly
    one ``ListeningStopped`` at the end.
    """

    def __init__(
        self,
        engine: Engine,
        source: AudioSource,
        on_event: EventCallback,
        *,
        stream_started_at: float | None = None,
        keep_audio_seconds: float = 120.0,
        audio_padding: float = 0.25,
        level_interval: float | None = 0.1,
        partials: bool = True,
        partial_interval: float = 0.2,
        stop_event: threading.Event | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.engine = engine
        self.source = source
        self.on_event = on_event
        self.stream_started_at = stream_started_at
        self.keep_audio_seconds = keep_audio_seconds
        self.audio_padding = audio_padding
        self.level_interval = level_interval
        self.partials = partials
        self.partial_interval = partial_interval
        self.clock = clock
        self._stop = stop_event or threading.Event()
        self._thread: threading.Thread | None = None

    # -- thread control -------------------------------------------------------------------------
    def start(self) -> None:
        """Run in a new worker thread (daemon: a stuck device never keeps the app from exiting)."""
        if self._thread is not None:
            raise RuntimeError("a Transcriber runs once; create a new one to listen again")
        self._thread = threading.Thread(target=self.run, name="speech-transcriber", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 5.0) -> bool:
        """Ask the worker to finish (the pending utterance is flushed); True if it has ended.

        Safe to call from the event callback (it then only sets the flag).
        """
        self._stop.set()
        if self._thread is None or self._thread is threading.current_thread():
            return self._thread is None or not self._thread.is_alive()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def join(self, timeout: float | None = None) -> bool:
        if self._thread is not None:
            self._thread.join(timeout)
            return not self._thread.is_alive()
        return True

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- the loop ---------------------------------------------------------------------------------
    def run(self) -> None:
        """Open the source, recognise until the end or ``stop()``, then close. Never raises."""
        emit = self.on_event
        source = self.source
        reason = "error"
        audio_seconds = 0.0
        stream: RecognizerStream | None = None
        try:
            source.open()
            started_at = self.stream_started_at if self.stream_started_at is not None else self.clock()
            self.stream_started_at = started_at
            rate = int(source.sample_rate)
            stream = self.engine.open_stream(rate)
            ring = AudioRing(rate, self.keep_audio_seconds)
            _call(emit, ListeningStarted(source.description, rate, started_at))
            last_partial = ""
            next_level = next_partial = 0.0
            while True:
                if self._stop.is_set():
                    reason = "stopped"
                    break
                block = source.read(0.2)
                if block is None:
                    continue
                if not block:
                    reason = "end_of_stream"
                    break
                ring.append(block)
                if self.level_interval is not None:
                    now = time.monotonic()
                    if now >= next_level:
                        next_level = now + self.level_interval
                        rms, peak = level(block)
                        _call(emit, AudioLevel(round(rms, 1), round(peak, 4), source.overflows))
                if stream.accept(block):
                    self._emit_final(stream.result(), ring, started_at)
                    last_partial = ""
                elif self.partials and time.monotonic() >= next_partial:
                    # At most one partial guess per ``partial_interval`` (wall clock): a UI cannot show
                    # more, and each guess walks the decoder's whole current utterance.
                    next_partial = time.monotonic() + self.partial_interval
                    text = stream.partial()
                    if text and text != last_partial:
                        last_partial = text
                        _call(emit, PartialText(text, started_at))
            self._emit_final(stream.flush(), ring, started_at)
            audio_seconds = ring.total / rate if rate else 0.0
        except SpeechError as exc:
            reason = "error"
            _call(emit, exc.as_event())
        except Exception as exc:  # noqa: BLE001 - any engine/driver surprise becomes a coded event
            log.exception("speech worker failed")
            reason = "error"
            _call(emit, RecognizerFailed(f"{type(exc).__name__}: {exc}"))
        finally:
            if stream is not None:
                stream.close()
            try:
                source.close()
            except OSError as exc:
                log.warning("closing audio source failed: %s", exc)
            _call(
                emit,
                ListeningStopped(reason, round(audio_seconds, 3), source.overflows, source.dropped),
            )

    def _emit_final(self, rec: Recognized, ring: AudioRing, started_at: float) -> None:
        if not rec.text:
            return  # Vosk ends silent stretches with an empty result: nothing was said
        rate = ring.sample_rate
        if rec.words:
            start, end = rec.words[0].start, rec.words[-1].end
            confidence = sum(w.conf for w in rec.words) / len(rec.words)
        else:
            end = ring.total / rate
            start, confidence = max(0.0, end - 1.0), 1.0
        pad = self.audio_padding
        audio_start_sample, audio = ring.slice(round((start - pad) * rate), round((end + pad) * rate))
        _call(
            self.on_event,
            FinalText(
                text=rec.text,
                words=rec.words,
                start=round(start, 3),
                end=round(end, 3),
                stream_started_at=started_at,
                confidence=round(confidence, 4),
                audio=audio,
                sample_rate=rate,
                audio_start=round(audio_start_sample / rate, 3),
            ),
        )
