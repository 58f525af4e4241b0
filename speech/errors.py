"""Errors of the speech package, with stable codes and messages in Dutch and English.

Why one small hierarchy: the app shows a message to a chair in a crisis room, in Dutch or English,
and must be able to react to *what* went wrong (offer to install a model, pick another microphone)
without parsing text. So every error carries a stable ``code`` (the contract), a developer-facing
``detail``, and ready-made ``message_nl`` / ``message_en`` (speech gives both; the app picks).

The same class is also the ``SpeechError`` *event*: a worker thread that fails does not raise into
nowhere, it hands the error to the event callback. Instances are therefore immutable once built
(like the other events), and carry no traceback when sent as events.
"""

from __future__ import annotations

from typing import Any, ClassVar

#: code -> (Dutch template, English template). ``{detail}`` is the developer detail; other fields come
#: from the error's params. The app may register these in its own message table.
MESSAGES: dict[str, tuple[str, str]] = {
    "speech_error": (
        "Spraakherkenning: er ging iets mis ({detail}).",
        "Speech recognition: something went wrong ({detail}).",
    ),
    "no_model": (
        "Er is geen spraakmodel geladen of geïnstalleerd{where}. Installeer er een met "
        "'python -m assistant models install nl' (met internet) of "
        "'python -m assistant models install <zipbestand van USB-stick>'. De rest van de app werkt gewoon.",
        "No speech model is loaded or installed{where}. Install one with "
        "'python -m assistant models install nl' (needs internet) or "
        "'python -m assistant models install <zip file from a USB stick>'. Everything else keeps working.",
    ),
    "model_invalid": (
        "Het spraakmodel in {path} is onvolledig of beschadigd: {problems_nl}. Installeer het model opnieuw.",
        "The speech model in {path} is incomplete or damaged: {problems_en}. Please reinstall the model.",
    ),
    "model_load_failed": (
        "Het spraakmodel in {path} kon niet worden geladen ({detail}). "
        "Installeer het opnieuw of kies een ander model.",
        "The speech model in {path} could not be loaded ({detail}). Reinstall it or choose another model.",
    ),
    "unknown_model": (
        "Onbekend spraakmodel '{name}'. Bekend: {known}. Zie 'models list'.",
        "Unknown speech model '{name}'. Known: {known}. See 'models list'.",
    ),
    "model_exists": (
        "Er is al een model met de naam '{name}' in {path}. Verwijder het eerst met 'models remove {name}'.",
        "A model named '{name}' already exists in {path}. Remove it first with 'models remove {name}'.",
    ),
    "install_failed": (
        "Installeren van het model is mislukt ({detail}). Er is niets half achtergebleven.",
        "Installing the model failed ({detail}). Nothing was left half-installed.",
    ),
    "zip_unsafe": (
        "Het zipbestand is geweigerd omdat het onveilig is: {detail}. Gebruik een officieel Vosk-model.",
        "The zip file was refused because it is unsafe: {detail}. Use an official Vosk model.",
    ),
    "zip_invalid": (
        "Het zipbestand is beschadigd of onvolledig ({detail}). Kopieer of download het opnieuw.",
        "The zip file is damaged or incomplete ({detail}). Copy or download it again.",
    ),
    "download_failed": (
        "Downloaden is mislukt ({detail}). Controleer de internetverbinding, "
        "of installeer vanaf een zipbestand.",
        "The download failed ({detail}). Check the internet connection, or install from a zip file.",
    ),
    "cancelled": (
        "Afgebroken; er is niets half achtergebleven.",
        "Cancelled; nothing was left half-done.",
    ),
    "no_input_device": (
        "Er is geen microfoon gevonden. Sluit een microfoon aan (of zet hem aan) en probeer opnieuw; "
        "handmatig loggen werkt gewoon door.",
        "No microphone was found. Connect (or enable) a microphone and try again; "
        "manual logging keeps working.",
    ),
    "unknown_device": (
        "Microfoon '{device}' bestaat niet (meer). Beschikbaar: {available}.",
        "Microphone '{device}' does not exist (any more). Available: {available}.",
    ),
    "audio_open_failed": (
        "De microfoon '{device}' kon niet worden geopend ({detail}). Kies een andere microfoon.",
        "The microphone '{device}' could not be opened ({detail}). Choose another microphone.",
    ),
    "audio_lost": (
        "De verbinding met de microfoon is weggevallen ({detail}). Controleer de microfoon en start het "
        "luisteren opnieuw; wat al herkend was is bewaard.",
        "The connection to the microphone was lost ({detail}). Check the microphone and start listening "
        "again; what was already recognised is kept.",
    ),
    "portaudio_missing": (
        "De geluidsbibliotheek PortAudio ontbreekt, dus de microfoon kan niet worden gebruikt ({detail}). "
        "Installeer 'libportaudio2' (Debian/Ubuntu: apt-get install libportaudio2).",
        "The PortAudio sound library is missing, so the microphone cannot be used ({detail}). "
        "Install 'libportaudio2' (Debian/Ubuntu: apt-get install libportaudio2).",
    ),
    "audio_file_invalid": (
        "Het geluidsbestand {path} kan niet worden gelezen: {detail}. Gebruik een PCM WAV-bestand.",
        "The audio file {path} cannot be read: {detail}. Use a PCM WAV file.",
    ),
    "recognizer_failed": (
        "De spraakherkenning is onverwacht gestopt ({detail}). Start het luisteren opnieuw.",
        "Speech recognition stopped unexpectedly ({detail}). Start listening again.",
    ),
}


class _SafeDict(dict[str, Any]):
    """Format params that leave a missing placeholder visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class SpeechError(Exception):
    """Base of every error of the speech package; also the ``SpeechError`` event.

    ``code`` is stable (see ``MESSAGES``); ``detail`` is for developers and logs; ``params`` fill the
    message templates (e.g. ``path``, ``device``). Read ``message_nl`` / ``message_en`` or call
    ``text(lang)`` to show it.
    """

    code: ClassVar[str] = "speech_error"
    _FIELDS: ClassVar[frozenset[str]] = frozenset({"detail", "params", "message_nl", "message_en"})

    def __init__(self, detail: str = "", **params: Any) -> None:
        super().__init__(detail or self.code)
        nl, en = MESSAGES.get(self.code, MESSAGES["speech_error"])
        values = _SafeDict(params)
        values.setdefault("detail", detail or self.code)
        object.__setattr__(self, "detail", detail)
        object.__setattr__(self, "params", dict(params))
        object.__setattr__(self, "message_nl", nl.format_map(values))
        object.__setattr__(self, "message_en", en.format_map(values))
        object.__setattr__(self, "_frozen", True)

    detail: str
    params: dict[str, Any]
    message_nl: str
    message_en: str

    def __setattr__(self, name: str, value: Any) -> None:
        # Events are immutable; the interpreter's own bookkeeping (__traceback__, __notes__) still works.
        if name in self._FIELDS and getattr(self, "_frozen", False):
            raise AttributeError(f"{type(self).__name__}.{name} is read-only")
        super().__setattr__(name, value)

    @property
    def message(self) -> str:
        """English message (logs, tests); use ``text(lang)`` for users."""
        return self.message_en

    def text(self, lang: str = "nl") -> str:
        """The user-facing message in ``lang`` ("nl" or "en"; anything else gives English)."""
        return self.message_nl if lang == "nl" else self.message_en

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

    def __init__(self, detail: str = "", **params: Any) -> None:
        folder = params.pop("folder", None)
        params.setdefault("where", f" ({folder})" if folder else "")
        if folder:
            params["folder"] = folder
        super().__init__(detail, **params)


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
