"""How the listening service is set up: model folders, forced model, device, retention, language.

Why explicit: the command line, the environment and tests each make a ``ListeningConfig`` and hand it
to ``Listening``; nothing is smuggled through ``os.environ`` (an argparse action used to write there).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from assistant.app.listening.retention import Retention

#: Device strings starting with this prefix play a WAV file as if it were the microphone (demo, bench).
FILE_DEVICE_PREFIX = "file:"

#: Settings keys (installation settings, ``room.settings()``).
SETTING_DEVICE = "audio_device"
SETTING_MODEL = "speech_model"
SETTING_RETENTION = "audio_retention"


@dataclass
class ListeningConfig:
    """Where models live and the explicit choices from the command line / environment."""

    models_dirs: list[Path] = field(default_factory=list)
    model: str | None = None  # folder (or name) forced by --model / ASSISTANT_MODEL
    device: str | None = None  # forced by --audio-device / ASSISTANT_AUDIO_DEVICE
    retention: Retention | None = None
    lang: str | None = None  # parser language; default from the model ("en" models → "en"), else "nl"

    def __post_init__(self) -> None:
        if self.retention is not None:
            self.retention = Retention(self.retention)  # "never" from a flag or a test: the enum

    @classmethod
    def resolve(
        cls,
        args: Any = None,
        data_dir: Path | None = None,
        environ: Mapping[str, str] | None = None,
        repo_root: Path | None = None,
    ) -> ListeningConfig:
        """The configuration from parsed command-line arguments (``add_cli_arguments``), falling back
        to the environment: passed explicitly, never written back into ``os.environ``."""
        config = cls.from_env(data_dir, repo_root, environ)
        flags = {
            "model": getattr(args, "model", None),
            "device": getattr(args, "audio_device", None),
            "retention": getattr(args, "audio_retention", None),
        }
        return replace(config, **{name: value for name, value in flags.items() if value})

    @classmethod
    def from_env(
        cls,
        data_dir: Path | None = None,
        repo_root: Path | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> ListeningConfig:
        env = os.environ if environ is None else environ
        root = repo_root or Path(__file__).resolve().parents[3]
        dirs = [root / "models"]
        if data_dir is not None:
            dirs.append(Path(data_dir) / "models")
        extra = env.get("ASSISTANT_MODELS_DIR")
        if extra:
            dirs.insert(0, Path(extra))
        retention_name = env.get("ASSISTANT_AUDIO_RETENTION") or None
        retention = Retention(retention_name) if retention_name in set(Retention) else None
        return cls(
            dirs,
            env.get("ASSISTANT_MODEL") or None,
            env.get("ASSISTANT_AUDIO_DEVICE") or None,
            retention,
            env.get("ASSISTANT_SPEECH_LANG") or None,
        )


def default_source(device: str | None) -> Any:
    """``file:/path.wav`` (optionally ``#repeat=N``) plays a WAV as if spoken; else None (the microphone)."""
    if device and device.startswith(FILE_DEVICE_PREFIX):
        from speech.audio import WavFileSource

        spec = device[len(FILE_DEVICE_PREFIX) :]
        path, _, repeat = spec.partition("#repeat=")
        return WavFileSource(path, realtime=True, repeat=int(repeat or 1))
    return None


# --- command line ------------------------------------------------------------------------------------


def add_cli_arguments(parser: Any) -> None:
    """``assistant run`` options for speech: ``--model DIR|NAME``, ``--audio-device NAME|file:WAV``,
    ``--audio-retention keep|after_confirm|never``. They only fill the parsed arguments; the service's
    configuration is made from them by ``ListeningConfig.resolve(args, ...)`` (flags win over the
    environment variables ASSISTANT_MODEL, ASSISTANT_AUDIO_DEVICE, ASSISTANT_AUDIO_RETENTION)."""
    parser.add_argument(
        "--model",
        default=None,
        metavar="DIR|NAME",
        help="speech model folder or installed model name (default: the Dutch default model)",
    )
    parser.add_argument(
        "--audio-device",
        default=None,
        metavar="NAME",
        help="microphone by name or index; 'file:speech.wav' plays a WAV as if spoken (demos, tests)",
    )
    parser.add_argument(
        "--audio-retention",
        default=None,
        choices=[r.value for r in Retention],
        help="keep utterance recordings (default), delete them after confirmation, or never record",
    )
