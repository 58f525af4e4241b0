"""Live speech state shown on screens (caption strip, level meter, listening toggle).

The shell owns one ``LiveFeed`` per process (``AppContext.live``). The listening service (logger
issue) feeds it from its own threads and tells the tabs::

    ctx.live.attach(toggle=lambda crisis_id: listening.toggle(crisis_id))   # enables the toggle
    ctx.live.update(listening=True, partial="we besluiten", level=0.4)      # any thread
    room.publish(crisis_id, "live")                                         # every tab redraws

or, instead of pushing values, give the feed a provider that converts the service's own state::

    ctx.live.attach(provider=lambda: LiveCaption.from_state(listening.state()), toggle=...)

Screens only read ``ctx.live.get()`` on the Flet loop; nothing here touches controls.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from assistant.app.listening.models import MODEL_CODES
from assistant.i18n import speech_error_message

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LiveCaption:
    """What the caption strip shows. ``available`` is False until a listening service is attached."""

    available: bool = False
    listening: bool = False
    busy: bool = False  # loading a model, starting or stopping
    partial: str = ""  # running guess: grey
    final: str = ""  # last finished utterance: solid
    level: float = 0.0  # 0..1 for the level meter
    problem: str | None = None  # the problem to show as an error code (e.g. no microphone), if any
    problem_detail: str = ""
    problem_params: tuple[tuple[str, Any], ...] = ()

    def message(self, lang: str = "nl") -> str:
        """The problem in ``lang``: worded here, at the edge, from its code (empty when none)."""
        if not self.problem:
            return ""
        return speech_error_message(self.problem, lang, self.problem_detail, dict(self.problem_params))

    @classmethod
    def from_state(cls, state: Any) -> LiveCaption:
        """Duck-typed conversion of a listening service's state (``partial``, ``last_final``,
        ``level``, ``listening``, ``busy``, ``error_code``/``error_detail``/``error_params``)."""
        level = getattr(state, "level", 0.0)
        banner_says_it = getattr(state, "error_code", None) in MODEL_CODES  # the speech banner's line
        return cls(
            available=True,
            listening=bool(getattr(state, "listening", False)),
            busy=bool(getattr(state, "busy", False)),
            partial=str(getattr(state, "partial", "") or ""),
            final=str(getattr(state, "last_final", "") or getattr(state, "final", "") or ""),
            level=max(0.0, min(1.0, float(level or 0.0))),
            problem=None if banner_says_it else getattr(state, "error_code", None) or None,
            problem_detail="" if banner_says_it else str(getattr(state, "error_detail", "") or ""),
            problem_params=() if banner_says_it else tuple(getattr(state, "error_params", ()) or ()),
        )


class LiveFeed:
    """Thread-safe holder of the current ``LiveCaption`` (one per process)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._caption = LiveCaption()
        self._provider: Callable[[], LiveCaption] | None = None
        self._toggle: Callable[[str | None], Any] | None = None

    def attach(
        self,
        *,
        provider: Callable[[], LiveCaption] | None = None,
        toggle: Callable[[str | None], Any] | None = None,
    ) -> None:
        """Wire a listening service: ``provider`` (optional) computes the caption on demand;
        ``toggle(crisis_id)`` starts/stops listening (called from a worker thread, may block)."""
        with self._lock:
            self._provider = provider
            self._toggle = toggle
            self._caption = replace(self._caption, available=True)

    def get(self) -> LiveCaption:
        with self._lock:
            provider, caption = self._provider, self._caption
        if provider is not None:
            try:
                return provider()
            except Exception as exc:  # noqa: BLE001 - a boundary: every screen reads this on each redraw,
                # so a provider's failure (any: it is another layer's code) shows "status unknown" there
                # instead of breaking every screen; it is a bug, so it is logged in full
                log.exception("live caption provider failed")
                return replace(caption, problem="speech_status_unknown", problem_detail=str(exc))
        return caption

    def set(self, caption: LiveCaption) -> None:
        with self._lock:
            self._caption = caption

    def update(self, **changes: Any) -> LiveCaption:
        with self._lock:
            self._caption = replace(self._caption, **changes)
            return self._caption

    @property
    def can_toggle(self) -> bool:
        with self._lock:
            return self._toggle is not None

    def toggle(self, crisis_id: str | None) -> None:
        """Blocking: call from a worker thread (``asyncio.to_thread``)."""
        with self._lock:
            toggle = self._toggle
        if toggle is not None:
            toggle(crisis_id)
