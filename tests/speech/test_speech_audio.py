"""Microphone path through a real PortAudio input: a private PulseAudio "room" (null sink ``cmt``),
speech played into it with paplay, recorded from its monitor by ``MicrophoneSource``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.i18n import speech_error_text as text_of
from speech.audio import WavFileSource, list_input_devices, resolve_input_device
from speech.engine import VoskEngine
from speech.errors import SpeechError
from speech.events import AudioLevel, FinalText, ListeningStarted, ListeningStopped
from speech.service import SpeechService
from speech.transcriber import Transcriber
from tests.speech.helpers import Recorder, similarity
from tests.support.pulse import PulseServer

pytestmark = [pytest.mark.audio, pytest.mark.slow]


def test_devices_include_the_room_and_one_default(room: PulseServer) -> None:
    devices = list_input_devices()
    names = [d.name for d in devices]
    assert "pulse" in names
    assert sum(d.is_default for d in devices) == 1
    pulse = resolve_input_device("pulse")
    assert resolve_input_device(pulse.index) == pulse and pulse.default_samplerate > 0
    out = subprocess.run(
        [sys.executable, "-m", "speech", "devices", "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.getcwd()},
    )
    assert "pulse" in [d["name"] for d in json.loads(out.stdout)]


def test_unknown_device_name_or_index(room: PulseServer, engine: VoskEngine, recorder: Recorder) -> None:
    with pytest.raises(SpeechError) as info:
        resolve_input_device("Nonexistent USB microphone")
    assert info.value.code == "unknown_device" and "pulse" in text_of(info.value, "en")
    svc = SpeechService(recorder, engine=engine)
    svc.start(device=999)
    recorder.wait_event(ListeningStopped, timeout=30)
    assert [e.code for e in recorder.of(SpeechError)] == ["unknown_device"]
    assert recorder.events[-1].reason == "error" and not svc.is_listening
    assert "999" in text_of(recorder.of(SpeechError)[0], "nl")


def test_microphone_hears_the_room_like_the_file(
    room: PulseServer, engine: VoskEngine, short_wav: Path, recorder: Recorder
) -> None:
    file_events = Recorder()
    Transcriber(engine, WavFileSource(short_wav), file_events).run()
    file_texts = [f.text for f in file_events.finals()]
    assert len(file_texts) >= 2

    svc = SpeechService(recorder, engine=engine)
    assert svc.start(device="pulse")
    started = recorder.wait_event(ListeningStarted, timeout=30)
    assert (
        started.source == "pulse" and started.sample_rate == resolve_input_device("pulse").default_samplerate
    )
    room.play(short_wav)  # "someone speaks in the room": returns when played
    recorder.wait_for(
        lambda evs: sum(isinstance(e, FinalText) for e in evs) >= len(file_texts),
        timeout=60,
        what="as many finals as the file path gave",
    )
    assert svc.stop(10)
    mic_texts = [f.text for f in recorder.finals()]
    assert similarity(mic_texts, file_texts) > 0.6, (mic_texts, file_texts)
    loud = [e for e in recorder.of(AudioLevel) if e.peak > 0.05]
    assert loud and all(-120.0 <= e.rms_dbfs <= 0.0 for e in recorder.of(AudioLevel))
    final = recorder.finals()[0]
    assert final.sample_rate == started.sample_rate and final.audio_seconds > 0.5
    stopped = recorder.of(ListeningStopped)[-1]
    assert stopped.reason == "stopped" and stopped.audio_seconds > 5


def test_audio_server_going_away_then_listening_again(
    room: PulseServer, engine: VoskEngine, recorder: Recorder
) -> None:
    svc = SpeechService(recorder, engine=engine)
    assert svc.start(device="pulse")
    recorder.wait_event(ListeningStarted, timeout=30)
    recorder.wait_event(AudioLevel, timeout=30)  # audio is flowing
    room.stop()  # the audio server dies mid-stream
    err = recorder.wait_event(SpeechError, timeout=30)
    assert err.code == "audio_lost" and "microfoon" in text_of(err, "nl")
    stopped = recorder.wait_event(ListeningStopped, timeout=30)
    assert stopped.reason == "error"
    assert svc.stop(5) and not svc.is_listening, "no hung worker thread"

    room.start()  # the server is back: the same service listens again
    n_levels = len(recorder.of(AudioLevel))
    assert svc.start(device="pulse")
    recorder.wait_event(ListeningStarted, count=2, timeout=30)
    recorder.wait_event(AudioLevel, count=n_levels + 1, timeout=30)
    assert svc.stop(10)
    assert recorder.of(ListeningStopped)[-1].reason == "stopped"


_NO_DEVICE_SCRIPT = r"""
import json, threading
from speech.errors import SpeechError
from speech.service import SpeechService
out = {}
try:
    SpeechService(lambda e: None).list_input_devices()
except SpeechError as exc:
    out["list"] = exc.code
events, done = [], threading.Event()
def on_event(e):
    events.append(type(e).__name__ + ":" + getattr(e, "code", getattr(e, "reason", "")))
    if type(e).__name__ == "ListeningStopped":
        done.set()
class Engine:
    name = path = "fake"; lang = None
    def open_stream(self, rate): raise AssertionError("never reached")
svc = SpeechService(on_event, engine=Engine())
svc.start()
out["done"] = done.wait(30)
out["events"] = events
out["listening"] = svc.is_listening
print(json.dumps(out))
"""


def test_no_input_device_at_all(tmp_path: Path) -> None:
    """A machine without any microphone (no audio server, no sound card), in a fresh process."""
    env = {**os.environ, "PYTHONPATH": os.getcwd(), "PULSE_SERVER": f"unix:{tmp_path}/no-server"}
    out = subprocess.run(
        [sys.executable, "-c", _NO_DEVICE_SCRIPT],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if "list" not in result:
        pytest.skip("this machine has a real sound card, so 'no input device at all' cannot be staged")
    assert result == {
        "list": "no_input_device",
        "done": True,
        "events": ["NoInputDevice:no_input_device", "ListeningStopped:error"],
        "listening": False,
    }
