"""Typed, immutable events: the only thing ``speech`` hands to the rest of the app.

Why frozen dataclasses (as in the Wyoming protocol): events cross threads (emitted by worker
threads, consumed on a UI loop), so they must not change after they are sent; and a closed set of
small types lets the app ``match`` on them without knowing anything about Vosk or PortAudio.

Times: ``start``/``end`` are seconds since the start of the audio stream; ``stream_started_at`` is
the wall clock (``time.time()``) of that start, so ``wall_start`` = ``stream_started_at + start``
places an utterance on the meeting's clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from speech.errors import SpeechError


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised word with its times (stream seconds) and the engine's confidence (0..1)."""

    word: str
    start: float
    end: float
    conf: float


@dataclass(frozen=True, slots=True)
class ModelLoading:
    """A model is being loaded; ``progress`` is 0..1 (bytes of model files read), None if unknown."""

    path: str
    name: str
    progress: float | None = None


@dataclass(frozen=True, slots=True)
class ModelReady:
    """The model is loaded and listening can start."""

    path: str
    name: str
    lang: str | None = None
    load_seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class ListeningStarted:
    """The audio stream is open; ``source`` describes it (device name or file)."""

    source: str
    sample_rate: int
    stream_started_at: float


@dataclass(frozen=True, slots=True)
class PartialText:
    """The running guess for the current utterance; only sent when the text changed."""

    text: str
    stream_started_at: float = 0.0


@dataclass(frozen=True, slots=True)
class FinalText:
    """One finished utterance, with its words, times, confidence and its own audio.

    ``audio`` is int16 mono little-endian PCM at ``sample_rate``, starting at stream second
    ``audio_start`` (a little before ``start``); save it with ``speech.write_wav`` if wanted.
    """

    text: str
    words: tuple[Word, ...]
    start: float
    end: float
    stream_started_at: float
    confidence: float
    audio: bytes = field(repr=False)
    sample_rate: int
    audio_start: float

    @property
    def wall_start(self) -> float:
        """Wall-clock time (epoch seconds) at which the utterance began."""
        return self.stream_started_at + self.start

    @property
    def wall_end(self) -> float:
        """Wall-clock time (epoch seconds) at which the utterance ended."""
        return self.stream_started_at + self.end

    @property
    def audio_seconds(self) -> float:
        return len(self.audio) / 2 / self.sample_rate if self.sample_rate else 0.0


@dataclass(frozen=True, slots=True)
class AudioLevel:
    """Input level for a level meter, about ten per second.

    ``rms_dbfs`` is the RMS in dB relative to full scale (-120 for digital silence, 0 = full scale);
    ``peak`` is the absolute peak as a fraction of full scale (0..1); ``overflows`` counts input
    overflows of the device since listening started (non-zero means audio was lost).
    """

    rms_dbfs: float
    peak: float
    overflows: int = 0


@dataclass(frozen=True, slots=True)
class ListeningStopped:
    """The end of every ``start``: always sent once, also after an error.

    ``reason`` is "stopped" (asked to stop), "end_of_stream" (a file ended) or "error" (a
    ``SpeechError`` event came just before). ``overflows``/``dropped`` count lost audio blocks.
    """

    reason: str
    audio_seconds: float = 0.0
    overflows: int = 0
    dropped: int = 0


SpeechEvent = (
    ModelLoading
    | ModelReady
    | ListeningStarted
    | PartialText
    | FinalText
    | AudioLevel
    | ListeningStopped
    | SpeechError
)

__all__ = [
    "AudioLevel",
    "FinalText",
    "ListeningStarted",
    "ListeningStopped",
    "ModelLoading",
    "ModelReady",
    "PartialText",
    "SpeechError",
    "SpeechEvent",
    "Word",
]
