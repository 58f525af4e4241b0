"""Fast tier: the pipeline, service, errors and WAV handling with a scripted fake engine (no model)."""

from __future__ import annotations

import importlib.abc
import math
import pickle
import struct
import sys
import threading
import wave
from array import array
from pathlib import Path

import pytest

import speech
from assistant.i18n import catalogue
from assistant.i18n import speech_error_text as text_of
from speech.audio import WavFileSource, list_input_devices
from speech.engine import Recognized
from speech.errors import (
    ERROR_CLASSES,
    AudioLost,
    NoModel,
    PortAudioMissing,
    SpeechError,
)
from speech.events import (
    AudioLevel,
    FinalText,
    ListeningStarted,
    ListeningStopped,
    PartialText,
    Word,
)
from speech.service import SpeechService
from speech.transcriber import AudioRing, Transcriber
from speech.wav import level, read_wav_mono, write_wav

RATE = 16000
BLOCK = 1600  # samples per block (0.1 s)


# -- fakes ---------------------------------------------------------------------------------------------


def tone_block(index: int, n: int = BLOCK) -> bytes:
    """A block whose samples encode its index, so audio slices can be checked exactly."""
    return array("h", [index] * n).tobytes()


class FakeSource:
    """Delivers ``blocks`` blocks (or forever), optionally failing at open or after some blocks."""

    def __init__(
        self, blocks: int | None = 30, *, fail_open: SpeechError | None = None, die_after: int | None = None
    ) -> None:
        self.blocks = blocks
        self.fail_open = fail_open
        self.die_after = die_after
        self.sample_rate = 0
        self.description = "fake mic"
        self.overflows = 0
        self.dropped = 0
        self.sent = 0
        self.closed = False
        self.fed = threading.Event()

    def open(self) -> None:
        if self.fail_open is not None:
            raise self.fail_open
        self.sample_rate = RATE

    def read(self, timeout: float) -> bytes | None:
        if self.die_after is not None and self.sent >= self.die_after:
            raise AudioLost("server gone")
        if self.blocks is not None and self.sent >= self.blocks:
            return b""
        block = tone_block(self.sent)
        self.sent += 1
        if self.sent >= 5:
            self.fed.set()
        return block

    def close(self) -> None:
        self.closed = True


class FakeStream:
    """Ends an utterance every ``every`` blocks; partial text grows every other block."""

    def __init__(self, every: int = 10, fail_at: int | None = None) -> None:
        self.every = every
        self.fail_at = fail_at
        self.n = 0
        self.utterances = 0

    def accept(self, pcm: bytes) -> bool:
        self.n += 1
        if self.fail_at is not None and self.n >= self.fail_at:
            raise RuntimeError("decoder exploded")
        return self.n % self.every == 0

    def partial(self) -> str:
        k = self.n % self.every
        return " ".join(["woord"] * ((k + 1) // 2))

    def _utt(self, first: int, last: int) -> Recognized:
        self.utterances += 1
        t0, t1 = first * 0.1, (last + 1) * 0.1
        words = (Word(f"w{self.utterances}", t0, (t0 + t1) / 2, 0.5), Word("twee", (t0 + t1) / 2, t1, 1.0))
        return Recognized(f"w{self.utterances} twee", words)

    def result(self) -> Recognized:
        return self._utt(self.n - self.every + 2, self.n - 2)  # speech inside the utterance's blocks

    def flush(self) -> Recognized:
        k = self.n % self.every
        if k < 3:
            return Recognized("", ())
        return self._utt(self.n - k + 1, self.n - 1)

    def close(self) -> None:
        return None


class FakeEngine:
    name = "fake"
    path = "/fake"
    lang = "nl"

    def __init__(self, **stream_kw: object) -> None:
        self.stream_kw = stream_kw
        self.streams: list[FakeStream] = []

    def open_stream(self, sample_rate: int) -> FakeStream:
        assert sample_rate == RATE
        stream = FakeStream(**self.stream_kw)  # type: ignore[arg-type]
        self.streams.append(stream)
        return stream


# -- errors -------------------------------------------------------------------------------------------


def test_every_error_code_has_a_dutch_and_english_message() -> None:
    for code, cls in ERROR_CLASSES.items():
        assert f"error.{code}" in catalogue("nl")
        err = cls(
            "detail text",
            path="/x",
            device="mic",
            name="m",
            known="-",
            available="-",
            problems=[("missing_file", "am/final.mdl")],
        )
        assert err.code == code
        nl, en = text_of(err, "nl"), text_of(err, "en")
        assert nl and en and nl != en
        assert "{" not in nl + en, code
        assert err.message == f"{code}: detail text"  # what speech itself says: code and English detail


def test_speech_itself_writes_no_user_prose() -> None:
    err = NoModel("none here", folder="/data/models")
    assert err.message == "no_model: none here"  # all speech says: code and English detail
    assert not any(hasattr(err, name) for name in ("text", "message_nl", "message_en"))
    assert "Installeer" in text_of(err, "nl")  # the app words it


def test_error_is_an_immutable_event_that_survives_pickling() -> None:
    err = NoModel("none here", folder="/data/models")
    assert "/data/models" in text_of(err, "nl") and "models install nl" in text_of(err, "en")
    with pytest.raises(AttributeError):
        err.detail = "changed"  # type: ignore[misc]
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is NoModel and text_of(copy, "en") == text_of(err, "en")
    try:
        raise err
    except SpeechError as caught:
        assert caught.__traceback__ is not None
        assert caught.as_event().__traceback__ is None


def test_events_are_frozen() -> None:
    ev = AudioLevel(-20.0, 0.5)
    with pytest.raises(AttributeError):
        ev.peak = 1.0  # type: ignore[misc]
    final = FinalText("a", (), 1.0, 2.0, 100.0, 0.9, b"\0\0" * 16000, 16000, 0.75)
    assert final.wall_start == 101.0 and final.wall_end == 102.0 and final.audio_seconds == 1.0
    assert "audio=" not in repr(final)  # a long utterance's bytes never flood a log line


# -- WAV ------------------------------------------------------------------------------------------------


def _write_raw_wav(
    path: Path, frames: bytes, *, rate: int, channels: int, bits: int, tag: int = 1, extensible: bool = False
) -> None:
    width = bits // 8
    if extensible:
        fmt = struct.pack(
            "<HHIIHHHHIH14s",
            0xFFFE,
            channels,
            rate,
            rate * channels * width,
            channels * width,
            bits,
            22,
            bits,
            0,
            tag,
            b"\x00\x00\x00\x00\x10\x00\x80\x00\x00\xaa\x00\x38\x9b\x71",
        )
    else:
        fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * channels * width, channels * width, bits)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"LIST" + struct.pack("<I", 4) + b"INFO"
    body += b"data" + struct.pack("<I", len(frames)) + frames
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)


@pytest.mark.parametrize(("bits", "extensible"), [(8, False), (16, False), (24, True), (32, False)])
def test_any_pcm_width_and_stereo_becomes_mono_int16(tmp_path: Path, bits: int, extensible: bool) -> None:
    left = [0, 1000, -1000, 32767, -32768, 256]
    right = [0, 3000, -3000, 32767, -32768, 256]
    frames = bytearray()
    for a, b in zip(left, right, strict=True):
        for v in (a, b):
            if bits == 8:
                frames += bytes([(v >> 8) + 128])
            else:
                frames += (v << (bits - 16)).to_bytes(bits // 8, "little", signed=True)
    path = tmp_path / "x.wav"
    _write_raw_wav(path, bytes(frames), rate=44100, channels=2, bits=bits, extensible=extensible)
    pcm, rate = read_wav_mono(path)
    assert rate == 44100
    got = list(array("h", pcm))
    if bits == 8:
        want = [((a >> 8) + (b >> 8)) * 256 // 2 for a, b in zip(left, right, strict=True)]
    else:
        want = [(a + b) // 2 for a, b in zip(left, right, strict=True)]
    assert got == want


def test_float_wav_and_write_wav_round_trip(tmp_path: Path) -> None:
    floats = array("f", [0.0, 0.5, -0.5, 1.0]).tobytes()
    path = tmp_path / "f.wav"
    _write_raw_wav(path, floats, rate=8000, channels=1, bits=32, tag=3)
    pcm, rate = read_wav_mono(path)
    assert rate == 8000 and list(array("h", pcm)) == [0, 16383, -16383, 32767]
    out = write_wav(tmp_path / "sub" / "u.wav", pcm, rate)
    with wave.open(str(out)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 8000)
        assert w.readframes(10) == pcm


def test_broken_wav_gives_audio_file_invalid(tmp_path: Path) -> None:
    bad = tmp_path / "bad.wav"
    bad.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk")
    src = WavFileSource(bad)
    with pytest.raises(SpeechError) as info:
        src.open()
    assert info.value.code == "audio_file_invalid" and str(bad) in text_of(info.value, "en")
    missing = WavFileSource(tmp_path / "nope.wav")
    with pytest.raises(SpeechError) as info2:
        missing.open()
    assert info2.value.code == "audio_file_invalid"


def test_level_of_silence_and_full_scale() -> None:
    assert level(b"\0\0" * 100) == (-120.0, 0.0)
    rms, peak = level(array("h", [32767, -32768] * 50).tobytes())
    assert abs(rms) < 0.01 and peak == 1.0
    sine = array("h", [int(16384 * math.sin(i / 10)) for i in range(1600)]).tobytes()
    rms, peak = level(sine)
    assert -10.0 < rms < -8.0 and 0.49 < peak < 0.51


def test_wav_source_repeats_and_reports_duration(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "a.wav", tone_block(1, 16000), 16000)
    src = WavFileSource(path, repeat=3)
    src.open()
    total = b""
    while block := src.read(1.0):
        total += block
    src.close()
    assert len(total) == 3 * 32000 and src.duration == 3.0


# -- ring buffer and transcriber --------------------------------------------------------------------


def test_audio_ring_keeps_only_the_last_seconds() -> None:
    ring = AudioRing(RATE, max_seconds=1.0)
    for i in range(50):
        ring.append(tone_block(i))
    assert ring.total == 50 * BLOCK
    assert ring.first >= ring.total - RATE - BLOCK
    start, pcm = ring.slice(45 * BLOCK + 10, 47 * BLOCK)
    assert start == 45 * BLOCK + 10
    samples = array("h", pcm)
    assert samples[0] == 45 and samples[-1] == 46 and len(samples) == 2 * BLOCK - 10
    start, pcm = ring.slice(0, 2 * BLOCK)  # forgotten long ago
    assert pcm == b""


def test_transcriber_event_sequence_partials_finals_and_audio(recorder) -> None:
    Transcriber(
        FakeEngine(),
        FakeSource(35),
        recorder,
        stream_started_at=1000.0,
        audio_padding=0.0,
        level_interval=0.0,
    ).run()
    kinds = [type(e) for e in recorder.events]
    assert kinds[0] is ListeningStarted and kinds[-1] is ListeningStopped
    stopped = recorder.events[-1]
    assert stopped.reason == "end_of_stream" and stopped.audio_seconds == 3.5
    partials = [e.text for e in recorder.of(PartialText)]
    assert all(a != b for a, b in zip(partials, partials[1:], strict=False)), "partials are deduplicated"
    finals = recorder.finals()
    assert [f.text for f in finals] == ["w1 twee", "w2 twee", "w3 twee", "w4 twee"]  # 3 endpoints + flush
    f = finals[1]
    assert (f.start, f.end) == (1.2, 1.9) and f.stream_started_at == 1000.0 and f.wall_start == 1001.2
    assert f.confidence == 0.75 and f.sample_rate == RATE
    samples = array("h", f.audio)
    assert samples[0] == 12 and samples[-1] == 18 and f.audio_start == 1.2
    assert len(recorder.of(AudioLevel)) >= 1


def test_transcriber_survives_a_failing_callback(recorder) -> None:
    def flaky(event: object) -> None:
        recorder(event)
        if isinstance(event, PartialText):
            raise ValueError("UI bug")

    Transcriber(FakeEngine(), FakeSource(25), flaky).run()
    assert len(recorder.finals()) == 3 and isinstance(recorder.events[-1], ListeningStopped)


@pytest.mark.parametrize(
    ("source", "engine", "code"),
    [
        (
            FakeSource(fail_open=speech.errors.UnknownDevice("x", device="x", available="-")),
            FakeEngine(),
            "unknown_device",
        ),
        (FakeSource(None, die_after=12), FakeEngine(), "audio_lost"),
        (FakeSource(30), FakeEngine(fail_at=5), "recognizer_failed"),
    ],
)
def test_transcriber_failures_become_one_error_then_stopped(recorder, source, engine, code: str) -> None:
    t = Transcriber(engine, source, recorder)
    t.start()
    assert t.join(30), "worker must end by itself"
    errors = recorder.of(SpeechError)
    assert [e.code for e in errors] == [code]
    assert isinstance(recorder.events[-1], ListeningStopped) and recorder.events[-1].reason == "error"
    assert len(recorder.of(ListeningStopped)) == 1 and source.closed
    if code == "audio_lost":
        assert [f.text for f in recorder.finals()] == ["w1 twee"]  # what was recognised before is kept


def test_stop_flushes_the_running_utterance_and_works_from_the_callback(recorder) -> None:
    source = FakeSource(None)
    t = Transcriber(FakeEngine(every=10_000), source, recorder)
    t.start()
    assert source.fed.wait(10)
    assert t.stop(10)
    assert recorder.events[-1].reason == "stopped"
    assert [f.text for f in recorder.finals()] == ["w1 twee"]

    rec2: list[object] = []
    box: dict[str, Transcriber] = {}

    def stop_on_first_final(event: object) -> None:
        rec2.append(event)
        if isinstance(event, FinalText):
            box["t"].stop()  # from the worker thread itself: must not deadlock

    box["t"] = Transcriber(FakeEngine(), FakeSource(None), stop_on_first_final)
    box["t"].start()
    assert box["t"].join(10)
    assert isinstance(rec2[-1], ListeningStopped) and rec2[-1].reason == "stopped"


# -- service --------------------------------------------------------------------------------------------


def test_service_start_stop_many_times(recorder) -> None:
    svc = SpeechService(recorder, engine=FakeEngine(), level_interval=None)
    caller = threading.current_thread().name
    for i in range(20):
        source = FakeSource(None)
        assert svc.start(source=source)
        assert svc.is_listening
        assert not svc.start(source=FakeSource(None)), "a second start while listening changes nothing"
        assert source.fed.wait(10)
        assert svc.stop(10) and not svc.is_listening
        recorder.wait_event(ListeningStopped, count=i + 1, timeout=10)
    assert len(recorder.of(ListeningStarted)) == 20
    assert all(e.reason == "stopped" for e in recorder.of(ListeningStopped))
    assert caller not in recorder.threads, "events come from worker threads only"


def test_service_without_model_says_how_to_get_one(recorder, tmp_path: Path) -> None:
    store = speech.ModelStore(tmp_path / "models")
    svc = SpeechService(recorder, models=store)
    assert svc.start(source=FakeSource(5))
    recorder.wait_event(ListeningStopped)
    err = recorder.of(SpeechError)[0]
    assert err.code == "no_model" and "install" in text_of(err, "en")
    assert "installeer" in text_of(err, "nl").lower()
    assert recorder.events[-1].reason == "error"
    assert svc.load_default_model("nl") is False
    recorder.wait_event(SpeechError, count=2)
    assert not svc.model_ready


def test_stopping_while_the_model_still_loads_does_not_hang(recorder, tmp_path: Path) -> None:
    svc = SpeechService(recorder)
    gate = threading.Event()
    svc._loading = gate  # a load in progress that never finishes
    assert svc.start(source=FakeSource(5))
    assert svc.stop(5)
    recorder.wait_event(ListeningStopped)
    assert recorder.events[-1].reason == "stopped" and not recorder.of(ListeningStarted)


# -- PortAudio missing -------------------------------------------------------------------------------------


class _NoPortAudio(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return None


def test_missing_portaudio_is_a_coded_error(monkeypatch: pytest.MonkeyPatch, recorder) -> None:
    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_NoPortAudio(), *sys.meta_path])
    with pytest.raises(PortAudioMissing) as info:
        list_input_devices()
    assert "libportaudio2" in text_of(info.value, "en") and "PortAudio" in text_of(info.value, "nl")
    svc = SpeechService(recorder, engine=FakeEngine())
    with pytest.raises(SpeechError) as info2:
        svc.list_input_devices()
    assert info2.value.code == "portaudio_missing"
    svc.start(device="anything")
    recorder.wait_event(ListeningStopped)
    assert [e.code for e in recorder.of(SpeechError)] == ["portaudio_missing"]


def test_speech_does_not_import_the_app_or_portaudio_eagerly() -> None:
    import subprocess

    code = (
        "import sys, speech, speech.cli, speech.service;"
        "assert 'assistant' not in sys.modules, 'speech must not import assistant';"
        "assert 'sounddevice' not in sys.modules and 'vosk' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    for path in Path(speech.__file__).parent.glob("*.py"):
        text = path.read_text()
        assert "import assistant" not in text and "from assistant" not in text, path
        assert "except Exception: pass" not in text.replace("\n", " ").replace("    ", " ")


def test_start_again_from_the_listening_stopped_callback() -> None:
    """A UI that restarts on ListeningStopped (e.g. after audio_lost) must not be told "busy"."""
    results: list[bool] = []
    stops: list[object] = []
    done, restarted = threading.Event(), threading.Event()
    box: dict[str, SpeechService] = {}

    def on_event(event: object) -> None:
        if isinstance(event, ListeningStopped):
            stops.append(event)
            if len(stops) == 1:
                results.append(box["svc"].start(source=FakeSource(3)))
                restarted.set()
            else:
                done.set()

    box["svc"] = SpeechService(on_event, engine=FakeEngine(), level_interval=None)
    assert box["svc"].start(source=FakeSource(3))
    assert done.wait(10) and restarted.wait(10)
    assert results == [True]
