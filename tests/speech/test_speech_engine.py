"""Real tier: the Vosk engine with the Korean test model on Korean speech made by espeak-ng."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assistant.i18n import speech_error_text as text_of
from speech.audio import BLOCK_SECONDS, WavFileSource
from speech.engine import VoskEngine
from speech.errors import SpeechError
from speech.events import (
    FinalText,
    ListeningStarted,
    ListeningStopped,
    ModelLoading,
    ModelReady,
    PartialText,
)
from speech.service import SpeechService
from speech.transcriber import Transcriber
from speech.wav import read_wav_mono
from tests.speech.helpers import KO_SENTENCES, make_korean_wav, similarity, vosk_direct, vosk_direct_fresh

pytestmark = pytest.mark.slow


def transcribe(engine: VoskEngine, wav: Path, recorder, **kw) -> list[FinalText]:
    Transcriber(engine, WavFileSource(wav), recorder, stream_started_at=0.0, **kw).run()
    assert isinstance(recorder.events[-1], ListeningStopped) and recorder.events[-1].reason == "end_of_stream"
    return recorder.finals()


def _ours_and_direct(model_path: Path, wav: Path, *extra: str) -> tuple[list[dict], list[str]]:
    """``python -m speech transcribe`` and raw Vosk on the same file, side by side in two fresh processes."""
    with ThreadPoolExecutor(2) as pool:
        ours = pool.submit(
            subprocess.run,
            [sys.executable, "-m", "speech", "transcribe", "--model", str(model_path), str(wav), *extra],
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
            env={**os.environ, "PYTHONPATH": os.getcwd()},
        )
        direct = pool.submit(vosk_direct_fresh, model_path, wav, BLOCK_SECONDS)
        return [json.loads(line) for line in ours.result().stdout.splitlines()], direct.result()


def test_file_transcription_equals_driving_vosk_directly(
    model_path: Path, talk_wav: Path, tmp_path: Path
) -> None:
    """``python -m speech transcribe`` (WavFileSource + Transcriber) vs raw Vosk, each in a fresh process."""
    rows, expected = _ours_and_direct(model_path, talk_wav, "--save-audio", str(tmp_path / "utt"))
    assert len(expected) >= 3, "the test audio must make several utterances"
    assert [r["text"] for r in rows] == expected
    for r in rows:
        assert {"text", "start", "end", "words", "confidence"} <= r.keys() and r["words"][0]["word"]
        assert r["start"] < r["end"] and Path(r["audio"]).is_file()


def test_stereo_44khz_24bit_file_equals_vosk_on_the_same_samples(model_path: Path, speech_dir: Path) -> None:
    wav = make_korean_wav(speech_dir, KO_SENTENCES[1:2], rate=44100, channels=2, bits=24, name="stereo44.wav")
    rows, expected = _ours_and_direct(model_path, wav)
    assert rows and [r["text"] for r in rows] == expected


def test_final_text_has_words_times_confidence_and_its_audio(
    engine: VoskEngine, talk_wav: Path, recorder
) -> None:
    finals = transcribe(engine, talk_wav, recorder, audio_padding=0.25)
    last_end = 0.0
    for f in finals:
        assert f.words and " ".join(w.word for w in f.words) == f.text
        assert f.start == f.words[0].start and f.end == f.words[-1].end and f.start < f.end
        assert f.start >= last_end - 1e-6, "utterances follow each other on the stream clock"
        last_end = f.end
        assert all(a.start <= b.start for a, b in zip(f.words, f.words[1:], strict=False))
        assert 0.0 < f.confidence <= 1.0 and f.sample_rate == 16000
        assert f.audio_start <= f.start and f.audio_start + f.audio_seconds >= f.end
        assert abs(f.audio_seconds - (f.end - f.start + 0.5)) < 0.05
    pcm, rate = read_wav_mono(talk_wav)
    first = finals[0]
    a = round(first.audio_start * rate) * 2
    assert first.audio == pcm[a : a + len(first.audio)], "the utterance audio is exactly the input audio"


def test_transcribe_command_without_model_explains(tmp_path: Path, talk_wav: Path) -> None:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "speech",
            "--lang",
            "en",
            "transcribe",
            "--models-dir",
            str(tmp_path / "none"),
            str(talk_wav),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    assert out.returncode == 2 and "No speech model" in out.stderr and "models install" in out.stderr


def test_service_loads_a_model_in_the_background_with_progress(model_path: Path, recorder) -> None:
    svc = SpeechService(recorder)
    svc.load_model(model_path)  # returns at once
    ready = recorder.wait_event(ModelReady, timeout=120)
    assert ready.lang == "ko" and ready.path == str(model_path) and ready.load_seconds > 0
    progress = [e.progress for e in recorder.of(ModelLoading) if e.progress is not None]
    assert progress and progress == sorted(progress) and progress[-1] == 1.0
    assert svc.model_ready and svc.model_lang == "ko"


def _linked_model(src: Path, dst: Path, leave_out: str) -> Path:
    """A model folder of symlinks to the real files, with one file left out (a half-copied model)."""
    for f in src.rglob("*"):
        rel = f.relative_to(src)
        if f.is_dir():
            (dst / rel).mkdir(parents=True, exist_ok=True)
        elif rel.as_posix() != leave_out:
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            (dst / rel).symlink_to(f)
    return dst


@pytest.mark.parametrize("missing", ["graph/Gr.fst", "am/final.mdl", "conf/mfcc.conf"])
def test_a_model_with_a_missing_file_says_which(
    model_path: Path, tmp_path: Path, recorder, missing: str
) -> None:
    broken = _linked_model(model_path, tmp_path / "vosk-model-small-ko-broken", missing)
    svc = SpeechService(recorder)
    svc.load_model(broken)
    err = recorder.wait_event(SpeechError, timeout=30)
    assert err.code == "model_invalid"
    dutch = text_of(err, "nl")
    assert missing in text_of(err, "en") and missing in dutch and "ontbreekt" in dutch
    assert not svc.model_ready and not recorder.of(ModelReady)


def test_no_model_folder_and_start_without_model(tmp_path: Path, recorder, talk_wav: Path) -> None:
    svc = SpeechService(recorder)
    svc.load_model(tmp_path / "does-not-exist")
    err = recorder.wait_event(SpeechError, timeout=30)
    assert err.code == "no_model" and "models install" in text_of(err, "en")
    svc.start(source=WavFileSource(talk_wav))
    recorder.wait_event(ListeningStopped, timeout=30)
    assert [e.code for e in recorder.of(SpeechError)] == ["no_model", "no_model"]


def test_replay_start_stop_restart_many_times(engine: VoskEngine, talk_wav: Path, recorder) -> None:
    svc = SpeechService(recorder, engine=engine)
    for i in range(4):
        assert svc.start(source=WavFileSource(talk_wav, repeat=50), stream_started_at=1000.0 * i)
        recorder.wait_event(PartialText, count=len(recorder.of(PartialText)) + 1, timeout=30)
        assert svc.stop(10)
        stopped = recorder.wait_event(ListeningStopped, count=i + 1, timeout=10)
        assert stopped.reason == "stopped" and not svc.is_listening
    assert [e.stream_started_at for e in recorder.of(ListeningStarted)] == [0.0, 1000.0, 2000.0, 3000.0]
    # and a full replay to the end still gives every utterance
    n = len(recorder.finals())
    assert svc.start(source=WavFileSource(talk_wav))
    recorder.wait_event(ListeningStopped, count=5, timeout=60)
    pcm, rate = read_wav_mono(talk_wav)
    texts = [f.text for f in recorder.finals()[n:]]
    expected = vosk_direct(engine, pcm, rate, int(rate * BLOCK_SECONDS))
    # same engine, already used: equal up to Vosk's own small run-to-run variation (see vosk_direct_fresh)
    assert len(texts) == len(expected) and similarity(texts, expected) > 0.6
