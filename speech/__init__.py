"""Offline speech to typed transcript events (Vosk), for the CMT assistant and anything else.

This package never imports ``assistant`` and knows nothing about the UI: sound goes in (a microphone
or a WAV file), immutable events come out through one callback. Importing it is cheap and works
without PortAudio or a model; those are only needed when used.

Main entry points: ``SpeechService`` (the facade for apps), ``Transcriber`` with ``MicrophoneSource``
/ ``WavFileSource`` (the pipeline), ``ModelStore`` (models on disk), ``write_wav``.
"""

from __future__ import annotations

from speech.audio import AudioSource, InputDevice, MicrophoneSource, WavFileSource, list_input_devices
from speech.engine import Engine, VoskEngine
from speech.errors import ERROR_CLASSES, SpeechError
from speech.events import (
    AudioLevel,
    FinalText,
    ListeningStarted,
    ListeningStopped,
    ModelLoading,
    ModelReady,
    PartialText,
    SpeechEvent,
    Word,
)
from speech.models import CATALOGUE, ModelInfo, ModelStore, check_model_dir
from speech.service import SpeechService
from speech.transcriber import Transcriber
from speech.wav import read_wav_mono, write_wav

__all__ = [
    "CATALOGUE",
    "ERROR_CLASSES",
    "AudioLevel",
    "AudioSource",
    "Engine",
    "FinalText",
    "InputDevice",
    "ListeningStarted",
    "ListeningStopped",
    "MicrophoneSource",
    "ModelInfo",
    "ModelLoading",
    "ModelReady",
    "ModelStore",
    "PartialText",
    "SpeechError",
    "SpeechEvent",
    "SpeechService",
    "Transcriber",
    "VoskEngine",
    "WavFileSource",
    "Word",
    "check_model_dir",
    "list_input_devices",
    "read_wav_mono",
    "write_wav",
]
