"""Errors of the speech package, with stable codes and an English developer detail.

Why one small hierarchy: the app shows a message to a chair in a crisis room, in Dutch or English,
and must be able to react to *what* went wrong (offer to install a model, pick another microphone)
without parsing text. So every error carries a stable ``code`` (the contract), an English
``detail`` for developers and logs, and ``params`` (``path``, ``device``, ``problems`` ...). The
speech package writes no user prose: the app turns ``code`` + ``params`` into Dutch or English
(``assistant.i18n``, keys ``error.<code>``).

The same class is also the ``SpeechError`` *event*: a worker thread that fails does not raise into
nowhere, it hands the error to the event callback. Instances are therefore immutable once built
(like the other events), and carry no traceback when sent as events.
"""

from __future__ import annotations

from typing import Any, ClassVar


class SpeechError(Exception):
    """Base of every error of the speech package; also the ``SpeechError`` event.

    ``code`` is stable (the app's catalogue has ``error.<code>``); ``detail`` is English for
    developers and logs; ``params`` carry what a message needs (e.g. ``path``, ``device``).
    """

    code: ClassVar[str] = "speech_error"
    _FIELDS: ClassVar[frozenset[str]] = frozenset({"detail", "params"})

    def __init__(self, detail: str = "", **params: Any) -> None:
        super().__init__(detail or self.code)
        object.__setattr__(self, "detail", detail)
        object.__setattr__(self, "params", dict(params))
        object.__setattr__(self, "_frozen", True)

    detail: str
    params: dict[str, Any]

    def __setattr__(self, name: str, value: Any) -> None:
        # Events are immutable; the interpreter's own bookkeeping (__traceback__, __notes__) still works.
        if name in self._FIELDS and getattr(self, "_frozen", False):
            raise AttributeError(f"{type(self).__name__}.{name} is read-only")
        super().__setattr__(name, value)

    @property
    def message(self) -> str:
        """English developer text (logs, the speech CLI): the code and the detail."""
        return f"{self.code}: {self.detail}" if self.detail else self.code

    def as_event(self) -> SpeechError:
        """This error without its traceback, so a long-lived event holds no stack frames."""
        return self.with_traceback(None)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, detail={self.detail!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.detail, self.params))


def _rebuild(cls: type[SpeechError], detail: str, params: dict[str, Any]) -> SpeechError:
    return cls(detail, **params)


class NoModel(SpeechError):
    """No model is loaded or installed: the app keeps working without speech."""

    code = "no_model"


class ModelInvalid(SpeechError):
    """A model folder whose layout is wrong; ``problems`` says precisely what is missing."""

    code = "model_invalid"


class ModelLoadFailed(SpeechError):
    """Vosk refused a folder that looked complete."""

    code = "model_load_failed"


class UnknownModel(SpeechError):
    """A model name that is neither installed nor in the catalogue."""

    code = "unknown_model"


class ModelExists(SpeechError):
    """Installing would overwrite an existing model."""

    code = "model_exists"


class InstallFailed(SpeechError):
    """Installing failed for a local reason (disk full, permissions ...)."""

    code = "install_failed"


class ZipUnsafe(SpeechError):
    """A zip entry escapes the target, is a link, or is absurdly large: zips are untrusted."""

    code = "zip_unsafe"


class ZipInvalid(SpeechError):
    """A truncated or corrupt zip file."""

    code = "zip_invalid"


class DownloadFailed(SpeechError):
    """The network, the server or the received file let us down."""

    code = "download_failed"


class Cancelled(SpeechError):
    """The user interrupted a long operation; it was rolled back."""

    code = "cancelled"


class NoInputDevice(SpeechError):
    """No audio input device exists at all."""

    code = "no_input_device"


class UnknownDevice(SpeechError):
    """The chosen input device (by name or index) does not exist."""

    code = "unknown_device"


class AudioOpenFailed(SpeechError):
    """The device exists but could not be opened (busy, unsupported format ...)."""

    code = "audio_open_failed"


class AudioLost(SpeechError):
    """The audio stream died mid-way (device unplugged, audio server gone)."""

    code = "audio_lost"


class PortAudioMissing(SpeechError):
    """``import sounddevice`` failed: the PortAudio C library (or sounddevice) is missing."""

    code = "portaudio_missing"


class AudioFileInvalid(SpeechError):
    """A WAV file that is missing, not PCM, or damaged."""

    code = "audio_file_invalid"


class RecognizerFailed(SpeechError):
    """The recognition engine raised during decoding."""

    code = "recognizer_failed"


ERROR_CLASSES: dict[str, type[SpeechError]] = {
    cls.code: cls
    for cls in (
        SpeechError,
        NoModel,
        ModelInvalid,
        ModelLoadFailed,
        UnknownModel,
        ModelExists,
        InstallFailed,
        ZipUnsafe,
        ZipInvalid,
        DownloadFailed,
        Cancelled,
        NoInputDevice,
        UnknownDevice,
        AudioOpenFailed,
        AudioLost,
        PortAudioMissing,
        AudioFileInvalid,
        RecognizerFailed,
    )
}
