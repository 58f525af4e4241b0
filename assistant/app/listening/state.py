"""What every tab shows about listening: one immutable snapshot per change, with typed statuses."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

#: A level above this (dBFS, RMS of one block) counts as "the microphone heard something": well above
#: a quiet room's hiss (about -60), well below normal speech at a table microphone (about -30).
HEARD_DBFS = -50.0


class ListenStatus(StrEnum):
    """The listening service's life cycle (``StrEnum``: screens may still compare with strings)."""

    IDLE = "idle"
    LOADING = "loading"
    STARTING = "starting"
    LISTENING = "listening"
    STOPPING = "stopping"
    ERROR = "error"


class ModelStatus(StrEnum):
    NONE = "none"
    LOADING = "loading"
    READY = "ready"
    ERROR = "error"


@dataclass(frozen=True)
class LiveState:
    """What every tab shows about listening. Immutable: a new snapshot per change."""

    listening: bool = False
    status: ListenStatus = ListenStatus.IDLE
    model_status: ModelStatus = ModelStatus.NONE
    model_name: str = ""
    model_path: str = ""
    model_lang: str | None = None
    model_progress: float | None = None
    device: str = ""  # what we listen to (device name or file)
    partial: str = ""  # running guess (grey)
    last_final: str = ""  # the last finished utterance (solid)
    last_final_at: float = 0.0  # epoch seconds
    level_dbfs: float = -120.0
    peak: float = 0.0
    overflows: int = 0
    error_code: str | None = None  # the problem to show (``error.<code>`` in the catalogue), if any
    error_detail: str = ""  # English, for logs; the catalogue text may include it
    error_params: tuple[tuple[str, Any], ...] = ()  # what the text needs (folder, device, ...)
    utterances: int = 0  # final utterances handed to the room since start
    checking: bool = False  # a microphone check: recognised text is shown, never logged
    check_text: str = ""  # what the microphone check recognised last
    heard: bool = False  # the microphone delivered sound above HEARD_DBFS since the app started
    version: int = 0  # increases with every change (tabs can skip redraws)

    @property
    def level(self) -> float:
        """Level for a meter, 0..1 (-60 dBFS and below is 0)."""
        if not self.listening:
            return 0.0
        return max(0.0, min(1.0, (self.level_dbfs + 60.0) / 60.0))

    @property
    def busy(self) -> bool:
        return self.status in (ListenStatus.LOADING, ListenStatus.STARTING, ListenStatus.STOPPING)

    @property
    def banner_code(self) -> str | None:
        """What the banner should say, if anything: an error, or "no_model" when none is loaded."""
        return self.error_code


@dataclass
class PublishGate:
    """When the next live-state announcement may go out: at most one per ``interval`` seconds (the
    level meter and partial text change many times a second; every tab redraws per announcement),
    at once for an urgent change (listening started or stopped, an error). Time is passed in, so
    the rule is tested without threads or sleeping; the publisher thread feeds it ``monotonic()``."""

    interval: float
    last: float = float("-inf")

    def wait(self, now: float, urgent: bool = False) -> float:
        """Seconds to hold the pending announcement back (0: send now)."""
        if urgent or self.interval <= 0:
            return 0.0
        return max(0.0, self.last + self.interval - now)

    def sent(self, now: float) -> None:
        self.last = now
