"""Listening: the one audio + speech worker of the app process, wired to the room.

Why one object per process: the room has one microphone and one loaded model (about 600 MB), and
every device in the room (chair's tablet, logger's laptop, wall screen) is a browser tab of the same
process. So any tab may start or stop listening, and every tab shows the same live state.

Threads (nothing here ever runs on Flet's event loop, and no method blocks for long):

* the *control* thread loads models and starts/stops the transcriber (model load takes seconds);
* the speech package's transcriber thread decodes audio and calls ``_on_event``, which only updates
  the live state and queues work;
* the *utterance* thread saves each final utterance's audio as a WAV under
  ``repo.audio_dir(crisis_id)`` and calls ``room.intake.add_utterance`` (disk I/O, the parser);
* the *publisher* thread announces live-state changes with ``room.publish(crisis_id, "live", ...)``,
  at most ``publish_hz`` times a second (level meter, partial text), at once for state changes.

Failures never escape: no model, no microphone, a microphone that disappears mid-meeting or a disk
error become a ``LiveState.error_code`` with a Dutch and an English message (a banner in the UI);
typed logging keeps working, and ``start()`` may be called again when the device is back.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from assistant.app.listening.config import (
    SETTING_DEVICE,
    SETTING_MODEL,
    SETTING_RETENTION,
    ListeningConfig,
    default_source,
)
from assistant.app.listening.models import (
    MODEL_CODES,
    ModelChoice,
    choose_model,
    discover_models,
)
from assistant.app.listening.retention import (
    Retention,
    audio_path,
    decided_audio_refs,
    save_utterance_audio,
)
from assistant.app.listening.state import HEARD_DBFS, ListenStatus, LiveState, ModelStatus, PublishGate
from assistant.app.observers import Observers
from assistant.app.room import DraftsDetail, Room, RoomChange, Topic, UtteranceInput
from assistant.domain.errors import AssistantError

log = logging.getLogger(__name__)

#: No problem to show (the state after a successful start).
NO_PROBLEM = {"error_code": None, "error_detail": "", "error_params": ()}
#: What a new session clears: the last problem, the running guess and the check's recognised text.
FRESH_SESSION = {**NO_PROBLEM, "partial": "", "check_text": ""}
#: A session's meter and count before its first sound.
QUIET_METER = {"level_dbfs": -120.0, "peak": 0.0, "utterances": 0}


class Listening:
    """The app's listening service, wrapping ``speech.SpeechService``. One per process; ``close()`` at exit.

    Public methods return at once (work goes to the control thread) except the few marked as reading
    the disk or PortAudio; call those from a worker thread, not the Flet loop.
    """

    def __init__(
        self,
        room: Room,
        config: ListeningConfig | None = None,
        *,
        source_factory: Callable[[str | None], Any] | None = None,
        publish_hz: float = 10.0,
        autoload: bool = True,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        from speech.models import ModelStore
        from speech.service import SpeechService

        self.room = room
        data_dir = getattr(room.repo, "data_dir", None)
        self.config = config or ListeningConfig.from_env(Path(data_dir) if data_dir else None)
        dirs = [Path(d) for d in self.config.models_dirs]
        self.store = ModelStore(dirs[0] if dirs else None, extra_dirs=dirs[1:])
        self.store.folders = dirs  # exactly the configured folders (from_env adds the repository's models/)
        self.speech = SpeechService(self._on_event, models=self.store)
        self._source_factory = source_factory or default_source
        self._wall = wall_clock
        self._lock = threading.RLock()
        self._state = LiveState()
        self._crisis_id: str | None = None
        self._device: str | None = self.config.device
        self._model_wanted: str | None = self.config.model
        self._loaded_path: str | None = None
        self._retention: Retention | None = (
            Retention(self.config.retention) if self.config.retention else None
        )
        self._closed = False
        self._checking = False  # the running session is a microphone check (nothing is logged)
        self._listeners: Observers[Callable[[LiveState, str], None]] = Observers()
        # publisher
        self._pub_cond = threading.Condition()
        self._pub_details: set[str] = set()
        self._pub_urgent = False
        self._gate = PublishGate(1.0 / publish_hz if publish_hz > 0 else 0.0)
        # workers
        self._control: queue.Queue[tuple[str, tuple[Any, ...]] | None] = queue.Queue()
        self._work: queue.Queue[tuple[str, tuple[Any, ...]] | None] = queue.Queue()
        self._idle = threading.Event()
        self._idle.set()
        self._threads = [
            threading.Thread(target=self._control_loop, name="listening-control", daemon=True),
            threading.Thread(target=self._work_loop, name="listening-utterances", daemon=True),
            threading.Thread(target=self._publish_loop, name="listening-publish", daemon=True),
        ]
        for thread in self._threads:
            thread.start()
        self._unsubscribe = room.subscribe(self._on_room_change)
        if autoload:
            self.load_model()

    # --- public API (non-blocking; safe from any thread) -------------------------------------------

    def state(self) -> LiveState:
        with self._lock:
            return self._state

    @property
    def crisis_id(self) -> str | None:
        return self._crisis_id

    def add_listener(self, listener: Callable[[LiveState, str], None]) -> Callable[[], None]:
        """In-process observers (besides ``room.publish``); called from the publisher thread."""
        return self._listeners.add(listener)

    def load_model(self, model: str | None = None) -> None:
        """Load (or switch to) a model in the background: a folder or an installed model's name;
        ``None``: the configured one, else the setting, else the default for the language."""
        if model is not None:
            self._model_wanted = model
        self._idle.clear()
        self._control.put(("load", (self._model_wanted,)))

    def start(self, crisis_id: str | None = None, device: str | None = None) -> None:
        """Start listening for ``crisis_id`` (default: the active crisis), loading the model if needed."""
        if device is not None:
            self._device = device or None
        self._idle.clear()
        self._control.put(("start", (crisis_id,)))

    def start_check(self) -> None:
        """Microphone check before the meeting: listen on the chosen device and show the level and
        what was recognised (``LiveState.check_text``) without writing anything into the log."""
        self._idle.clear()
        self._control.put(("check", ()))

    def stop_check(self) -> None:
        """End a microphone check (a real listening session is left alone)."""
        if self._checking:
            self.stop()

    def stop(self) -> None:
        """Stop listening; the utterance being spoken is still recognised and saved."""
        self._idle.clear()
        self._control.put(("stop", ()))

    def toggle(self, crisis_id: str | None = None) -> None:
        state = self.state()
        if state.listening or state.status is ListenStatus.STARTING:
            self.stop()
        else:
            self.start(crisis_id)

    def set_device(self, device: str | None) -> None:
        """Choose the input (name, index, or ``file:/path.wav``); a running stream moves to it."""
        self._device = device or None
        self._idle.clear()
        self._control.put(("restart_if_running", ()))

    @property
    def device(self) -> str | None:
        return self._device

    def retention(self) -> Retention:
        """keep | after_confirm | never (configured, else the installation setting; default keep).
        May read the disk."""
        if self._retention is not None:
            return self._retention
        value = self._setting(SETTING_RETENTION)
        return Retention(value) if value in set(Retention) else Retention.KEEP

    def set_retention(self, retention: Retention | str) -> None:
        """Blocks on disk (settings write): call from a worker thread."""
        if retention not in set(Retention):
            raise ValueError(f"retention must be one of {[r.value for r in Retention]}")
        self._retention = Retention(retention)
        self.room.setup.update_settings(**{SETTING_RETENTION: self._retention.value})

    def models(self) -> list[ModelChoice]:
        """Installed models (and the forced one). Reads the disk."""
        return discover_models(self.store, extra=[self._model_wanted] if self._model_wanted else [])

    def devices(self) -> list[str]:
        """Names of input devices ([] when there are none or PortAudio is missing). Reads PortAudio."""
        from speech.errors import SpeechError

        try:
            return [d.name for d in self.speech.list_input_devices()]
        except SpeechError as exc:  # no_input_device / portaudio_missing (speech converts PortAudioError)
            log.info("no input devices: %s", exc)
            return []

    def audio_path(self, audio_ref: str | None) -> Path | None:
        """The WAV of an utterance (``Origin.audio_ref`` / ``TranscriptLine.audio_ref``) if it exists."""
        return audio_path(Path(getattr(self.room.repo, "data_dir", ".")), audio_ref)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Tests and shutdown: wait until queued control work (load/start/stop) is done."""
        return self._idle.wait(timeout)

    def drain(self, timeout: float = 10.0) -> bool:
        """Tests: wait until every queued utterance has reached the room."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._work.unfinished_tasks == 0:
                return True
            time.sleep(0.02)
        return False

    def close(self, timeout: float = 5.0) -> None:
        """Stop listening and end the worker threads (the pending utterance is still saved)."""
        if self._closed:
            return
        self._unsubscribe()
        self.speech.close(timeout)
        self._closed = True
        self._control.put(None)
        self._threads[0].join(timeout)
        self._work.put(None)
        self._threads[1].join(timeout)
        with self._pub_cond:
            self._pub_cond.notify_all()
        self._threads[2].join(timeout)

    # --- state and announcements -----------------------------------------------------------------

    def _update(self, detail: str, urgent: bool = True, **changes: Any) -> LiveState:
        with self._lock:
            self._state = replace(self._state, version=self._state.version + 1, **changes)
            state = self._state
        with self._pub_cond:
            self._pub_details.add(detail)
            self._pub_urgent = self._pub_urgent or urgent
            self._pub_cond.notify()
        return state

    def _error(
        self, code: str, detail: str = "", params: Mapping[str, Any] | None = None, **changes: Any
    ) -> None:
        """Show a problem to every tab as code, detail and params: each tab words it in its language."""
        self._update(
            "error",
            error_code=code,
            error_detail=detail,
            error_params=tuple(sorted((params or {}).items())),
            **changes,
        )

    def _publish_loop(self) -> None:
        while True:
            with self._pub_cond:
                while not self._pub_details and not self._closed:
                    self._pub_cond.wait()
                if self._closed and not self._pub_details:
                    return
                wait = self._gate.wait(time.monotonic(), self._pub_urgent)
                if wait > 0 and not self._closed:
                    self._pub_cond.wait(wait)
                    if self._gate.wait(time.monotonic(), self._pub_urgent) > 0:
                        continue
                details, self._pub_details = self._pub_details, set()
                self._pub_urgent = False
                self._gate.sent(time.monotonic())
            detail = ",".join(sorted(details))
            state = self.state()
            crisis_id = self._crisis_id or self._active_crisis()
            try:
                self.room.publish(crisis_id, Topic.LIVE, detail)
            except Exception:  # noqa: BLE001 - subscribers are every tab's code: one bug must not stop
                log.exception("publishing live state failed")  # announcements to the others; logged in full
            for listener in self._listeners.snapshot():
                try:
                    listener(state, detail)
                except Exception:  # noqa: BLE001 - the same boundary for listeners; logged in full
                    log.exception("live-state listener failed")

    # --- control thread ------------------------------------------------------------------------------

    def _control_loop(self) -> None:
        while True:
            item = self._control.get()
            if item is None:
                return
            command, args = item
            try:
                if command == "load":
                    self._do_load(*args)
                elif command == "start":
                    self._do_start(*args)
                elif command == "check":
                    self._do_start(None, check=True)
                elif command == "stop":
                    self._do_stop()
                elif command == "restart_if_running" and self.speech.is_listening:
                    self._do_stop()
                    self._do_start(self._crisis_id)
            except Exception as exc:  # noqa: BLE001 - the thread's boundary: it must never die; logged in full
                log.exception("listening %s failed", command)
                self._error(
                    "speech_error", f"{type(exc).__name__}: {exc}", listening=False, status=ListenStatus.ERROR
                )
            finally:
                if self._control.empty():
                    self._idle.set()

    def _preferred_lang(self) -> str:
        if self.config.lang:
            return self.config.lang
        lang = self._setting("language")
        return lang if lang in ("nl", "en") else "nl"

    def _choose_model(self, wanted: str | None) -> ModelChoice | None:
        """Explicit choice (folder or name), else the setting, else the default for the language."""
        return choose_model(self.store, wanted, self._setting(SETTING_MODEL), self._preferred_lang())

    def _setting(self, key: str) -> Any:
        """An installation setting, or None when the settings cannot be read: a storage problem
        (``AssistantError``: damaged or unreadable file) must not stop speech; it is shown elsewhere."""
        try:
            return self.room.setup.settings().get(key)
        except AssistantError:
            log.warning("reading the setting %s failed", key, exc_info=True)
            return None

    def _active_crisis(self) -> str | None:
        """The active crisis, or None when it cannot be read (the same storage problems as above)."""
        try:
            return self.room.setup.active_id()
        except AssistantError:
            log.warning("reading the active crisis failed", exc_info=True)
            return None

    def _do_load(self, wanted: str | None) -> bool:
        choice = self._choose_model(wanted)
        if choice is None:
            from speech.errors import NoModel

            where = ", ".join(str(d) for d in self.store.folders) or str(self.store.install_dir)
            err = NoModel(f"no {self._preferred_lang()} model in the models folders", folder=where)
            self._update(
                "model",
                model_status=ModelStatus.NONE,
                model_name="",
                model_path="",
                error_code=err.code,
                error_detail=err.detail,
                error_params=tuple(sorted(err.params.items())),
            )
            return False
        if self._loaded_path == choice.path and self.speech.model_ready:
            return True
        self._update(
            "model",
            model_status=ModelStatus.LOADING,
            model_name=choice.name,
            model_path=choice.path,
            model_lang=choice.lang,
            model_progress=0.0,
            error_code=None,
            error_detail="",
            error_params=(),
        )
        self._loaded_path = choice.path
        self.speech.load_model(choice.path, lang=choice.lang)
        return True

    def _do_start(self, crisis_id: str | None, *, check: bool = False) -> None:
        if self.speech.is_listening:
            if not (self._checking and not check):
                return
            self._do_stop()  # the meeting starts while the microphone is being checked: listen for real
        if not check:
            crisis_id = crisis_id or self._crisis_id or self._active_crisis()
            if crisis_id is None:
                self._error("no_crisis", listening=False, status=ListenStatus.ERROR)
                return
            self._crisis_id = crisis_id
        self._checking = check
        self._update("state", status=ListenStatus.STARTING, checking=check, **FRESH_SESSION)
        if (
            not self.speech.model_ready
            and self.state().model_status is not ModelStatus.LOADING
            and not self._do_load(self._model_wanted)
        ):
            self._update("state", status=ListenStatus.ERROR, listening=False)
            return
        device = self._device or self._setting(SETTING_DEVICE) or None
        from speech.errors import SpeechError

        try:
            source = self._source_factory(device)
        except (SpeechError, OSError, ValueError) as exc:  # a WAV that cannot be read (``file:``), a
            # bad ``#repeat=``; anything else reaches the control loop's boundary and is logged there
            self._error(
                getattr(exc, "code", "audio_open_failed"),
                getattr(exc, "detail", None) or str(exc),
                getattr(exc, "params", None),
                listening=False,
                status=ListenStatus.ERROR,
            )
            return
        if source is None:
            try:  # a microphone plugged in, or the audio server back
                self.speech.refresh_devices()
            except SpeechError as exc:  # PortAudio missing or failing: start() below reports it
                log.info("refreshing input devices failed: %s", exc)
        self.speech.start(device=device if source is None else None, source=source)

    def _do_stop(self) -> None:
        if not self.speech.is_listening:
            if self.state().status in (ListenStatus.ERROR, ListenStatus.STARTING):
                self._update("state", status=ListenStatus.IDLE, listening=False)
            return
        self._update("state", status=ListenStatus.STOPPING)
        if not self.speech.stop(8.0):
            log.warning("speech worker did not stop within 8 s")

    # --- events from the speech worker threads -----------------------------------------------------

    def _on_event(self, event: Any) -> None:
        """Runs on speech's threads: update the live state and queue work, nothing slow."""
        from speech.errors import SpeechError
        from speech.events import (
            AudioLevel,
            FinalText,
            ListeningStarted,
            ListeningStopped,
            ModelLoading,
            ModelReady,
            PartialText,
        )

        if isinstance(event, PartialText):
            if event.text != self._state.partial:
                self._update("partial", urgent=False, partial=event.text)
        elif isinstance(event, AudioLevel):
            self._update(
                "level",
                urgent=False,
                level_dbfs=event.rms_dbfs,
                peak=event.peak,
                overflows=event.overflows,
                heard=self._state.heard or event.rms_dbfs > HEARD_DBFS,
            )
        elif isinstance(event, FinalText) and self._checking:
            self._update("final", partial="", check_text=event.text, heard=True)
        elif isinstance(event, FinalText):
            self._update("final", partial="", last_final=event.text, last_final_at=event.wall_end)
            self._work.put(("utterance", (event, self._crisis_id, self.retention())))
        elif isinstance(event, ListeningStarted):
            started = {"listening": True, "status": ListenStatus.LISTENING, "device": event.source}
            self._update("state", **started, **NO_PROBLEM, **QUIET_METER)
        elif isinstance(event, ModelLoading):
            self._update(
                "model",
                urgent=event.progress in (None, 0.0),
                model_status=ModelStatus.LOADING,
                model_progress=event.progress,
            )
        elif isinstance(event, ModelReady):
            self._update(
                "model",
                model_status=ModelStatus.READY,
                model_name=event.name,
                model_path=event.path,
                model_lang=event.lang or self.state().model_lang,
                model_progress=1.0,
            )
            if self.state().error_code in MODEL_CODES:
                self._update("error", **NO_PROBLEM)
        elif isinstance(event, SpeechError):
            changes: dict[str, Any] = {}
            if event.code in MODEL_CODES:
                self._loaded_path = None if not self.speech.model_ready else self._loaded_path
                if not self.speech.model_ready:
                    changes = {
                        "model_status": ModelStatus.NONE if event.code == "no_model" else ModelStatus.ERROR,
                        "model_progress": None,
                    }
            self._error(event.code, event.detail, event.params, **changes)
        elif isinstance(event, ListeningStopped):
            failed = event.reason == "error"
            self._checking = False
            self._update(
                "state",
                checking=False,
                listening=False,
                status=ListenStatus.ERROR if failed else ListenStatus.IDLE,
                partial="",
                level_dbfs=-120.0,
                peak=0.0,
            )

    # --- utterance thread --------------------------------------------------------------------------

    def _work_loop(self) -> None:
        while True:
            item = self._work.get()
            try:
                if item is None:
                    return
                command, args = item
                if command == "utterance":
                    self._save_utterance(*args)
                elif command == "sweep":
                    self._sweep_audio(*args)
            except Exception as exc:  # noqa: BLE001 - the thread's boundary: one utterance's failure (disk,
                # parser, a bug) must not stop listening; logged in full and shown as utterance_not_saved
                log.exception("handling %s failed", item[0] if item else "?")
                code = getattr(exc, "code", "")
                detail = str(getattr(exc, "detail", "") or exc)
                self._error("utterance_not_saved", f"{code or type(exc).__name__}: {detail}")
            finally:
                self._work.task_done()

    def _save_utterance(self, event: Any, crisis_id: str | None, retention: str) -> None:
        if crisis_id is None:
            return
        audio_ref = None
        if retention is not Retention.NEVER and event.audio:
            folder = Path(self.room.repo.audio_dir(crisis_id))
            data_dir = Path(getattr(self.room.repo, "data_dir", folder))
            audio_ref = save_utterance_audio(
                folder, data_dir, event.audio, event.sample_rate, event.wall_start
            )
        ago = max(0.0, self._wall() - event.wall_start)
        spoken_at = self.room.now() - timedelta(seconds=ago)
        words = tuple({"word": w.word, "start": w.start, "end": w.end, "conf": w.conf} for w in event.words)
        utterance = UtteranceInput(
            event.text,
            spoken_at,
            event.confidence,
            words,
            audio_ref,
            event.audio_start,
            round(event.audio_start + event.audio_seconds, 3),
        )
        self.room.intake.add_utterance(crisis_id, utterance, lang=self._parser_lang())
        with self._lock:
            count = self._state.utterances + 1
        self._update("final", urgent=False, utterances=count)

    def _parser_lang(self) -> str:
        if self.config.lang:
            return self.config.lang
        return "en" if (self.state().model_lang or "").startswith("en") else "nl"

    # --- audio retention ------------------------------------------------------------------------

    def _on_room_change(self, change: RoomChange) -> None:
        """Called in whichever thread changed the room: only queue work here."""
        if (
            change.topic == Topic.DRAFTS
            and change.detail in (DraftsDetail.CONFIRMED, DraftsDetail.REJECTED)
            and change.crisis_id
            and self.retention() is Retention.AFTER_CONFIRM
        ):
            self._work.put(("sweep", (change.crisis_id,)))

    def _sweep_audio(self, crisis_id: str) -> None:
        """Delete the audio of utterances whose drafts are all decided (setting: after confirmation)."""
        drafts = self.room.intake.drafts(crisis_id, None)
        for ref in decided_audio_refs(self.room.intake.transcript(crisis_id, limit=None), drafts):
            path = self.audio_path(ref)
            if path is not None:
                with contextlib.suppress(OSError):
                    path.unlink()
