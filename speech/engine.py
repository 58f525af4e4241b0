"""The recognition engine behind a small interface (Vosk today).

Why an interface this small: the transcriber only needs "feed audio, tell me when an utterance
ended, give me its words". Keeping Vosk behind it lets the fast test tier drive the transcriber with
a scripted fake engine, and leaves room for another engine later without touching the pipeline.

One loaded ``vosk.Model`` is shared by every stream (Vosk allows several recognizers on one model in
several threads); each stream gets its own ``KaldiRecognizer`` at the source's own sample rate.
"""

from __future__ import annotations

import ctypes
import json
import logging
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from speech.errors import ModelLoadFailed, NoModel, RecognizerFailed
from speech.events import Word

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Recognized:
    """One utterance as the engine saw it: text and timed words (stream seconds)."""

    text: str
    words: tuple[Word, ...]


class RecognizerStream(Protocol):
    """One audio stream being recognised. Used from one thread only."""

    def accept(self, pcm: bytes) -> bool:
        """Feed int16 mono PCM; True when an utterance just ended (then call ``result``)."""
        ...

    def partial(self) -> str:
        """The current guess for the running utterance."""
        ...

    def result(self) -> Recognized:
        """The utterance that just ended."""
        ...

    def flush(self) -> Recognized:
        """End of stream: whatever was still pending."""
        ...

    def close(self) -> None: ...


class Engine(Protocol):
    """A loaded model that can open recognizer streams."""

    name: str
    path: str
    lang: str | None

    def open_stream(self, sample_rate: int) -> RecognizerStream: ...


def _parse(raw: str) -> Recognized:
    try:
        data: dict[str, Any] = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise RecognizerFailed(f"engine returned invalid JSON: {exc}") from exc
    words = tuple(
        Word(str(w["word"]), float(w["start"]), float(w["end"]), float(w.get("conf", 1.0)))
        for w in data.get("result", ())
    )
    return Recognized(str(data.get("text", "")).strip(), words)


class VoskStream:
    """A ``KaldiRecognizer`` with words switched on.

    Memory over a long session: a recognizer's decoding caches keep growing for the first ten
    minutes or so of audio (measured: +40 % of resident memory with the Korean test model). So at the
    first utterance boundary after ``recycle_seconds`` of audio we replace the recognizer with a fresh
    one, shift its word times by the audio already consumed (times keep counting from the stream
    start), and hand the freed heap back to the OS. Vosk itself rebuilds its feature pipeline every
    ~200 s anyway, so this costs no accuracy worth measuring.
    """

    def __init__(self, model: Any, sample_rate: int, *, recycle_seconds: float = 300.0) -> None:
        self._model = model
        self._rate = int(sample_rate)
        self._recycle_samples = int(recycle_seconds * sample_rate)
        self._offset = 0.0  # stream seconds before the current recognizer started
        self._fed = 0  # samples fed to the current recognizer
        self._rec = self._new()

    def _new(self) -> Any:
        import vosk

        rec = vosk.KaldiRecognizer(self._model, float(self._rate))
        rec.SetWords(True)
        return rec

    def accept(self, pcm: bytes) -> bool:
        self._fed += len(pcm) // 2
        try:
            return bool(self._rec.AcceptWaveform(pcm))
        except Exception as exc:  # noqa: BLE001 - vosk raises bare Exception; we give it a code
            raise RecognizerFailed(str(exc)) from exc

    def partial(self) -> str:
        try:
            return str(json.loads(self._rec.PartialResult()).get("partial", "")).strip()
        except json.JSONDecodeError as exc:
            raise RecognizerFailed(f"engine returned invalid JSON: {exc}") from exc

    def _shift(self, rec: Recognized) -> Recognized:
        if not self._offset:
            return rec
        o = self._offset
        return Recognized(rec.text, tuple(Word(w.word, w.start + o, w.end + o, w.conf) for w in rec.words))

    def result(self) -> Recognized:
        out = self._shift(_parse(self._rec.Result()))
        if self._fed >= self._recycle_samples:
            self._offset += self._fed / self._rate
            self._fed = 0
            self._rec = None
            self._rec = self._new()
            trim_heap()
        return out

    def flush(self) -> Recognized:
        return self._shift(_parse(self._rec.FinalResult()))

    def close(self) -> None:
        self._rec = None


_vosk_lock = threading.Lock()


def trim_heap() -> None:
    """Return freed heap pages to the OS (glibc ``malloc_trim``); a no-op elsewhere.

    Why: Kaldi frees a recognizer's caches, but glibc keeps the pages, so resident memory would
    still look like it grows over a meeting day.
    """
    if sys.platform != "linux":
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError) as exc:  # musl or no glibc: nothing to trim
        log.debug("malloc_trim unavailable: %s", exc)


class VoskEngine:
    """A loaded Vosk model (``Model(str(path))``: never by language, which would try to download)."""

    #: Audio seconds after which a stream's recognizer is replaced at the next utterance boundary.
    recycle_seconds: float = 300.0

    def __init__(self, model: Any, path: Path, name: str, lang: str | None, load_seconds: float) -> None:
        self.model = model
        self.path = str(path)
        self.name = name
        self.lang = lang
        self.load_seconds = load_seconds

    @classmethod
    def load(
        cls,
        path: str | Path,
        *,
        lang: str | None = None,
        progress: Callable[[float], None] | None = None,
    ) -> VoskEngine:
        """Validate, pre-read (for honest progress) and load a model folder. Takes seconds.

        Raises ``NoModel`` (no folder), ``ModelInvalid`` (layout wrong, with the precise problems) or
        ``ModelLoadFailed`` (Vosk refused it).
        """
        from speech.models import check_model_dir, guess_language

        folder = Path(path).expanduser()
        if not folder.exists():
            raise NoModel(f"model folder {folder} does not exist", folder=str(folder))
        check = check_model_dir(folder)
        if not check.valid:
            raise check.error()
        started = time.monotonic()
        _preread(folder, progress)
        try:
            import vosk
        except ImportError as exc:
            raise ModelLoadFailed(f"python package vosk missing: {exc}", path=str(folder)) from exc
        with _vosk_lock:  # SetLogLevel is global state of the library
            vosk.SetLogLevel(-1)
        try:
            model = vosk.Model(str(folder))
        except Exception as exc:  # noqa: BLE001 - vosk raises bare Exception("Failed to create a model")
            raise ModelLoadFailed(str(exc), path=str(folder)) from exc
        if progress is not None:
            progress(1.0)
        name = folder.name if folder.name != "model" else folder.parent.name
        return cls(model, folder, name, lang or guess_language(folder), time.monotonic() - started)

    def open_stream(self, sample_rate: int) -> VoskStream:
        return VoskStream(self.model, sample_rate, recycle_seconds=self.recycle_seconds)


def _preread(folder: Path, progress: Callable[[float], None] | None, block: int = 1 << 20) -> None:
    """Read the model files once so the OS caches them, reporting the fraction read.

    Why: on a tablet most of the load time is reading a few hundred MB from storage, which Vosk does
    silently. Reading first gives a real progress bar; Vosk's own load then comes from the cache.
    """
    if progress is None:
        return
    files = [p for p in folder.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files) or 1
    done = 0
    last = -1.0
    progress(0.0)
    for p in files:
        try:
            with open(p, "rb") as fh:
                while chunk := fh.read(block):
                    done += len(chunk)
                    fraction = 0.95 * done / total
                    if fraction - last >= 0.05:
                        last = fraction
                        progress(round(fraction, 3))
        except OSError as exc:
            log.warning("could not pre-read %s: %s", p, exc)
