"""PCM WAV reading and writing, and the small sample maths speech needs (no numpy).

Why our own RIFF reader instead of ``wave``: on Python 3.11 ``wave`` refuses
WAVE_FORMAT_EXTENSIBLE, which sox and many recorders write for 24-bit or multichannel files. A
recording a user brings on a USB stick must simply work, whatever its rate, width or channels.
Conversion to mono int16 happens here; the sample *rate* is never changed (Vosk resamples itself).
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from speech.errors import AudioFileInvalid

_PCM = 1
_FLOAT = 3
_EXTENSIBLE = 0xFFFE
_BIG_ENDIAN = sys.byteorder == "big"
_FLIP_SIGN = bytes(((b + 128) & 0xFF) for b in range(256))  # unsigned 8-bit <-> signed


@dataclass(frozen=True, slots=True)
class WavFormat:
    """What the ``fmt `` chunk says, plus where the samples are."""

    sample_rate: int
    channels: int
    sample_width: int  # bytes per sample of one channel
    is_float: bool
    data_offset: int
    data_bytes: int

    @property
    def frame_bytes(self) -> int:
        return self.channels * self.sample_width

    @property
    def frames(self) -> int:
        return self.data_bytes // self.frame_bytes

    @property
    def duration(self) -> float:
        return self.frames / self.sample_rate


def read_wav_format(fh: BinaryIO, path: str = "") -> WavFormat:
    """Parse the RIFF header of an open file; raise ``AudioFileInvalid`` with the reason."""

    def bad(reason: str) -> AudioFileInvalid:
        return AudioFileInvalid(reason, path=path)

    head = fh.read(12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        raise bad("not a RIFF/WAVE file")
    fmt: tuple[int, int, int, int] | None = None
    while True:
        chunk = fh.read(8)
        if len(chunk) < 8:
            raise bad("no 'data' chunk" if fmt else "no 'fmt ' chunk")
        cid, size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
        if cid == b"fmt ":
            body = fh.read(size + (size & 1))
            if len(body) < 16:
                raise bad("short 'fmt ' chunk")
            tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", body[:16])
            if tag == _EXTENSIBLE and len(body) >= 26:
                tag = struct.unpack("<H", body[24:26])[0]  # first two bytes of the SubFormat GUID
            fmt = (tag, channels, rate, bits)
        elif cid == b"data":
            if fmt is None:
                raise bad("'data' before 'fmt '")
            tag, channels, rate, bits = fmt
            if tag not in (_PCM, _FLOAT):
                raise bad(f"compressed format {tag:#x}, not PCM")
            width = (bits + 7) // 8
            if tag == _PCM and width not in (1, 2, 3, 4):
                raise bad(f"{bits}-bit PCM is not supported")
            if tag == _FLOAT and width not in (4, 8):
                raise bad(f"{bits}-bit float is not supported")
            if channels < 1 or rate < 1000 or rate > 384000:
                raise bad(f"implausible format: {channels} channels at {rate} Hz")
            offset = fh.tell()
            fh.seek(0, 2)
            available = fh.tell() - offset
            fh.seek(offset)
            data_bytes = min(size, available)  # streaming writers put 0 or 0xFFFFFFFF here
            if size in (0, 0xFFFFFFFF):
                data_bytes = available
            frame = channels * width
            return WavFormat(rate, channels, width, tag == _FLOAT, offset, data_bytes - data_bytes % frame)
        else:
            fh.seek(size + (size & 1), 1)


def to_mono_int16(data: bytes, fmt: WavFormat) -> bytes:
    """Convert whole frames of ``fmt`` to mono int16 little-endian (channels averaged)."""
    width = fmt.sample_width
    if fmt.is_float:
        floats = array("f" if width == 4 else "d")
        floats.frombytes(data)
        if _BIG_ENDIAN:
            floats.byteswap()
        ints = array("h", (max(-32768, min(32767, int(x * 32767.0))) for x in floats))
    else:
        if width == 2:
            raw = data
        else:
            out = bytearray(len(data) // width * 2)
            if width == 1:
                out[1::2] = data.translate(_FLIP_SIGN)
            else:  # keep the two most significant bytes of 24- or 32-bit samples
                out[0::2] = data[width - 2 :: width]
                out[1::2] = data[width - 1 :: width]
            raw = bytes(out)
        ints = array("h")
        ints.frombytes(raw)
        if _BIG_ENDIAN:
            ints.byteswap()
    n = fmt.channels
    if n > 1:
        columns = [ints[c::n] for c in range(n)]
        ints = array("h", (sum(frame) // n for frame in zip(*columns, strict=True)))
    if _BIG_ENDIAN:
        ints.byteswap()
    return ints.tobytes()


def level(pcm: bytes) -> tuple[float, float]:
    """RMS in dBFS (-120 for silence) and peak (0..1) of int16 mono PCM."""
    samples = array("h")
    samples.frombytes(pcm[: len(pcm) - len(pcm) % 2])
    if not samples:
        return -120.0, 0.0
    if _BIG_ENDIAN:
        samples.byteswap()
    peak = max(max(samples), -min(samples)) / 32768.0
    mean_square = math.fsum(x * x for x in samples) / len(samples)
    if mean_square <= 0:
        return -120.0, peak
    return max(-120.0, 10.0 * math.log10(mean_square / (32768.0 * 32768.0))), min(1.0, peak)


def read_wav_mono(path: str | Path) -> tuple[bytes, int]:
    """The whole file as mono int16 PCM and its sample rate (for tests, tools and benchmarks)."""
    with open(path, "rb") as fh:
        fmt = read_wav_format(fh, str(path))
        data = fh.read(fmt.data_bytes)
    return to_mono_int16(data[: len(data) - len(data) % fmt.frame_bytes], fmt), fmt.sample_rate


def write_wav(path: str | Path, audio: bytes, rate: int) -> Path:
    """Write int16 mono PCM (e.g. ``FinalText.audio``) as a standard WAV file; return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(target), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(int(rate))
        out.writeframes(audio)
    return target
