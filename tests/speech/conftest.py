"""Fixtures for the speech tests: the real Korean test model, Korean speech made with espeak-ng, an
event recorder, a private PulseAudio room and a local HTTP server for model downloads.

Two tiers: most tests use a scripted fake engine and need nothing; the ``engine`` fixture loads the
real Vosk model once per session (about 2-5 s, 600 MB) for the tests that check the real thing.
"""

from __future__ import annotations

import http.server
import sys
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # plain `pytest` (not `python -m pytest`) does not put the repo on the path
    sys.path.insert(0, str(_ROOT))

from speech.engine import VoskEngine  # noqa: E402
from tests.speech.helpers import KO_SENTENCES, Recorder, ko_model_path, make_korean_wav  # noqa: E402
from tests.support.pulse import PulseServer, pulse_missing, shared_room  # noqa: E402


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


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


# -- PulseAudio room ---------------------------------------------------------------------------------


@pytest.fixture
def room() -> PulseServer:
    """The private PulseAudio room (null sink ``cmt``; PortAudio's "pulse" device records its monitor),
    running (a previous test may have stopped it). One daemon for the whole test process."""
    reason = pulse_missing()
    if reason:
        pytest.skip(reason)
    return shared_room()


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
