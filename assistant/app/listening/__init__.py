"""Listening: the one audio + speech worker of the app process, wired to the room.

``config`` (what to listen with, passed explicitly), ``models`` (which models exist), ``retention``
(what audio is kept), ``state`` (what tabs show), ``service`` (the worker itself).
"""

from assistant.app.listening.config import (
    FILE_DEVICE_PREFIX,
    SETTING_DEVICE,
    SETTING_MODEL,
    SETTING_RETENTION,
    ListeningConfig,
    add_cli_arguments,
)
from assistant.app.listening.models import MODEL_CODES, ModelChoice, discover_models
from assistant.app.listening.retention import (
    RETENTION_AFTER_CONFIRM,
    RETENTION_KEEP,
    RETENTION_NEVER,
    RETENTIONS,
    Retention,
)
from assistant.app.listening.service import Listening
from assistant.app.listening.state import ListenStatus, LiveState, ModelStatus

__all__ = [
    "FILE_DEVICE_PREFIX",
    "MODEL_CODES",
    "RETENTIONS",
    "RETENTION_AFTER_CONFIRM",
    "RETENTION_KEEP",
    "RETENTION_NEVER",
    "SETTING_DEVICE",
    "SETTING_MODEL",
    "SETTING_RETENTION",
    "ListenStatus",
    "Listening",
    "ListeningConfig",
    "LiveState",
    "ModelChoice",
    "ModelStatus",
    "Retention",
    "add_cli_arguments",
    "discover_models",
]
