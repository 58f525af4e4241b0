"""Audio in: input devices, the microphone source and the WAV file source.

Why sources look the way they do: the transcriber pulls blocks of mono int16 PCM with
``read(timeout)`` from one worker thread, whatever the origin. A microphone pushes blocks from
PortAudio's thread; a file is read on demand (optionally paced like a live microphone). The pull side
can then notice a dead stream (audio server gone) with a timeout instead of hanging.

``sounddevice`` is imported lazily: without the PortAudio C library its import raises ``OSError``,
and the app must still start (manual logging works without a microphone). Every PortAudio failure is
turned into a ``SpeechError`` with a stable code.
"""

from __future__ import annotations

import importlib
import logging
import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Protocol, runtime_checkable

from speech.errors import (
    AudioFileInvalid,
    AudioLost,
    AudioOpenFailed,
    NoInputDevice,
    PortAudioMissing,
    SpeechError,
    UnknownDevice,
)
from speech.wav import WavFormat, read_wav_format, to_mono_int16

log = logging.getLogger(__name__)

BLOCK_SECONDS = 0.1


def sounddevice_module() -> ModuleType:
    """Import ``sounddevice`` on first use; a missing PortAudio becomes ``PortAudioMissing``."""
    try:
        return importlib.import_module("sounddevice")
    except OSError as exc:  # 'PortAudio library not found'
        raise PortAudioMissing(str(exc)) from exc
    except ImportError as exc:  # sounddevice itself not installed
        raise PortAudioMissing(f"python package sounddevice missing: {exc}") from exc


@dataclass(frozen=True, slots=True)
class InputDevice:
    """An audio input as the user can choose it (by ``name`` or ``index``)."""

    index: int
    name: str
    hostapi: str
    max_input_channels: int
    default_samplerate: int
    is_default: bool


def list_input_devices() -> list[InputDevice]:
    """All devices that can record; raise ``NoInputDevice`` if there are none."""
    sd = sounddevice_module()
    try:
        devices = sd.query_devices()
        hostapis = sd.query_hostapis()
        default_in = _default_input_index(sd)
    except sd.PortAudioError as exc:
        raise NoInputDevice(str(exc)) from exc
    result = [
        InputDevice(
            index=int(dev["index"]),
            name=str(dev["name"]),
            hostapi=str(hostapis[dev["hostapi"]]["name"]),
            max_input_channels=int(dev["max_input_channels"]),
            default_samplerate=int(dev["default_samplerate"]),
            is_default=int(dev["index"]) == default_in,
        )
        for dev in devices
        if dev["max_input_channels"] > 0
    ]
    if not result:
        raise NoInputDevice("PortAudio lists no input device")
    return result


def refresh_devices() -> None:
    """Re-scan devices (PortAudio reads the list once, at import): call after plugging a microphone.

    Must not be called while a stream is open.
    """
    sd = sounddevice_module()
    try:
        sd._terminate()  # sounddevice's documented way to re-initialise PortAudio
        sd._initialize()
    except sd.PortAudioError as exc:  # the audio server went away: callers get a coded SpeechError
        raise NoInputDevice(str(exc)) from exc


def _default_input_index(sd: ModuleType) -> int:
    index = sd.default.device[0]  # an (input, output) pair; -1 when there is no default input
    return int(index) if index is not None else -1


def resolve_input_device(device: str | int | None) -> InputDevice:
    """Find the device to record from: by index, by exact name, by unique part of its name, or the default.

    Raises ``NoInputDevice`` when nothing can record, ``UnknownDevice`` when ``device`` matches none (or
    several) of them.
    """
    devices = list_input_devices()
    names = ", ".join(f"{d.index}: {d.name}" for d in devices)
    if device is None or device == "":
        for d in devices:
            if d.is_default:
                return d
        return devices[0]
    if isinstance(device, int) or (isinstance(device, str) and device.strip().isdigit()):
        index = int(device)
        for d in devices:
            if d.index == index:
                return d
        raise UnknownDevice(f"no input device with index {index}", device=str(device), available=names)
    wanted = device.strip()
    exact = [d for d in devices if d.name == wanted]
    if exact:
        return exact[0]
    partial = [d for d in devices if wanted.lower() in d.name.lower()]
    if len(partial) == 1:
        return partial[0]
    reason = "matches several input devices" if partial else "matches no input device"
    raise UnknownDevice(f"{wanted!r} {reason}", device=wanted, available=names)


@runtime_checkable
class AudioSource(Protocol):
    """Blocks of mono int16 PCM, pulled by one transcriber thread.

    ``open()`` may raise ``SpeechError``; afterwards ``sample_rate`` is known. ``read(timeout)`` returns
    a block, ``None`` when nothing arrived within ``timeout`` (call again), or ``b""`` at the end of the
    stream; it raises ``AudioLost`` when a live stream died. ``close()`` is idempotent and never blocks
    for long.
    """

    sample_rate: int
    description: str
    overflows: int
    dropped: int

    def open(self) -> None: ...

    def read(self, timeout: float) -> bytes | None: ...

    def close(self) -> None: ...


class MicrophoneSource:
    """Records from an input device with ``sounddevice.RawInputStream`` at the device's own rate.

    The PortAudio callback only copies and enqueues (it must never block or raise: an exception there
    silently stops the stream). Input overflows and blocks dropped because the queue was full are
    counted. A stream that PortAudio finishes on its own, or that delivers nothing for
    ``stall_timeout`` seconds, is reported as ``AudioLost``.
    """

    def __init__(
        self,
        device: str | int | None = None,
        *,
        samplerate: int | None = None,
        block_seconds: float = BLOCK_SECONDS,
        max_queue_seconds: float = 30.0,
        stall_timeout: float = 5.0,
    ) -> None:
        self.device = device
        self.sample_rate = int(samplerate or 0)
        self.description = str(device) if device is not None else "default"
        self.block_seconds = block_seconds
        self.stall_timeout = stall_timeout
        self.overflows = 0
        self.dropped = 0
        self._queue: queue.Queue[bytes] = queue.Queue(maxsize=max(1, int(max_queue_seconds / block_seconds)))
        self._stream: Any = None
        self._finished = threading.Event()
        self._closing = False
        self._last_data = 0.0
        self.input_device: InputDevice | None = None

    def open(self) -> None:
        sd = sounddevice_module()
        dev = resolve_input_device(self.device)
        self.input_device = dev
        self.description = dev.name
        rate = self.sample_rate or dev.default_samplerate or 16000
        try:
            stream = sd.RawInputStream(
                device=dev.index,
                samplerate=rate,
                channels=1,
                dtype="int16",
                blocksize=max(1, int(rate * self.block_seconds)),
                callback=self._callback,
                finished_callback=self._finished.set,
            )
            stream.start()
        except sd.PortAudioError as exc:
            raise AudioOpenFailed(str(exc), device=dev.name) from exc
        except ValueError as exc:  # invalid settings for this device
            raise AudioOpenFailed(str(exc), device=dev.name) from exc
        self._stream = stream
        self.sample_rate = int(stream.samplerate)
        self._last_data = time.monotonic()

    def _callback(self, indata: Any, frames: int, time_info: Any, status: Any) -> None:
        # Runs on PortAudio's thread: copy, enqueue, count. Nothing else.
        if status.input_overflow:
            self.overflows += 1
        try:
            self._queue.put_nowait(bytes(indata))
        except queue.Full:
            self.dropped += 1

    def read(self, timeout: float) -> bytes | None:
        try:
            block = self._queue.get(timeout=timeout)
        except queue.Empty:
            now = time.monotonic()
            if self._finished.is_set() and not self._closing:
                raise AudioLost("the input stream was closed by the audio system") from None
            if now - self._last_data > self.stall_timeout:
                raise AudioLost(f"no audio for {now - self._last_data:.1f} s") from None
            return None
        self._last_data = time.monotonic()
        return block

    def close(self) -> None:
        self._closing = True
        stream, self._stream = self._stream, None
        if stream is None:
            return
        # Closing a stream whose server vanished can block inside PortAudio; never let it hang us.
        closer = threading.Thread(target=_close_stream, args=(stream,), name="speech-mic-close", daemon=True)
        closer.start()
        closer.join(timeout=3.0)
        if closer.is_alive():
            log.warning("closing the input stream did not finish within 3 s; left to a daemon thread")


def _close_stream(stream: Any) -> None:
    sd = sounddevice_module()  # already imported: the stream exists
    try:
        stream.abort()
        stream.close()
    except sd.PortAudioError as exc:  # a stream on a dead audio server may fail to close; we only log it
        log.info("input stream close: %s", exc)


class WavFileSource:
    """Any PCM WAV file (mono or stereo, any rate, 8/16/24/32-bit or float), as mono int16 blocks.

    With ``realtime=True`` a block is released only when it would have been fully captured by a
    microphone (for demos, replay and latency measurements); otherwise as fast as it is read.
    ``repeat`` plays the file several times in a row (long-session tests).
    """

    def __init__(
        self,
        path: str | Path,
        *,
        realtime: bool = False,
        block_seconds: float = BLOCK_SECONDS,
        repeat: int = 1,
    ) -> None:
        self.path = Path(path)
        self.realtime = realtime
        self.block_seconds = block_seconds
        self.repeat = max(1, int(repeat))
        self.description = self.path.name
        self.sample_rate = 0
        self.overflows = 0
        self.dropped = 0
        self.clock_origin: float | None = None  # monotonic time of audio second 0 when paced
        self._fh: Any = None
        self._fmt: WavFormat | None = None
        self._frames_per_block = 0
        self._blocks = 0
        self._remaining = 0
        self._loops_left = 0

    def open(self) -> None:
        try:
            fh = open(self.path, "rb")  # noqa: SIM115 - kept open across reads, closed in close()
        except OSError as exc:
            raise AudioFileInvalid(exc.strerror or str(exc), path=str(self.path)) from exc
        try:
            fmt = read_wav_format(fh, str(self.path))
        except SpeechError:
            fh.close()
            raise
        self._fh, self._fmt = fh, fmt
        self.sample_rate = fmt.sample_rate
        self._frames_per_block = max(1, int(fmt.sample_rate * self.block_seconds))
        self._remaining = fmt.data_bytes
        self._loops_left = self.repeat - 1
        self._blocks = 0

    @property
    def duration(self) -> float:
        """Seconds of audio this source will deliver in total (all repeats)."""
        return self._fmt.duration * self.repeat if self._fmt else 0.0

    def read(self, timeout: float) -> bytes | None:
        fmt, fh = self._fmt, self._fh
        if fmt is None or fh is None:
            return b""
        if self.realtime:
            if self.clock_origin is None:
                self.clock_origin = time.monotonic()
            due = self.clock_origin + (self._blocks + 1) * self._frames_per_block / fmt.sample_rate
            wait = due - time.monotonic()
            if wait > timeout:
                time.sleep(max(0.0, timeout))
                return None
            if wait > 0:
                time.sleep(wait)
        if self._remaining <= 0:
            if self._loops_left <= 0:
                return b""
            self._loops_left -= 1
            fh.seek(fmt.data_offset)
            self._remaining = fmt.data_bytes
        want = min(self._remaining, self._frames_per_block * fmt.frame_bytes)
        data = fh.read(want)
        if len(data) < want:  # the file shrank under us: deliver what is whole, then end
            self._remaining = 0
            data = data[: len(data) - len(data) % fmt.frame_bytes]
        else:
            self._remaining -= want
        self._blocks += 1
        return to_mono_int16(data, fmt) if data else b""

    def close(self) -> None:
        fh, self._fh = self._fh, None
        if fh is not None:
            fh.close()
