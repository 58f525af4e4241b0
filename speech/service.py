"""``SpeechService``: the one object the app talks to.

Why a facade: the app (Flet, asyncio) must never block on a model load or a device, and must not
know about Vosk, PortAudio, threads or queues. It calls ``load_model``, ``start``, ``stop`` from its
event handlers (each returns at once) and receives typed events through one callback, called from
worker threads and never with a lock held: hand them to the UI loop (``page.run_task``).

Lifecycle::

    svc = SpeechService(on_event)
    svc.load_model(path)            # ModelLoading(progress)... then ModelReady or SpeechError
    svc.start(device="USB mic")     # ListeningStarted, AudioLevel, PartialText, FinalText ...
    svc.stop()                      # ... ListeningStopped (always exactly one per start)
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from speech import audio as _audio
from speech.audio import AudioSource, InputDevice, MicrophoneSource
from speech.engine import Engine, VoskEngine
from speech.errors import NoModel, SpeechError
from speech.events import ListeningStopped, ModelLoading, ModelReady, SpeechEvent
from speech.models import ModelStore
from speech.transcriber import Transcriber, _call

log = logging.getLogger(__name__)


class SpeechService:
    """Background model loading, start/stop listening any number of times, device listing.

    ``on_event`` receives every ``SpeechEvent``. ``keep_audio_seconds`` bounds the ring buffer that
    final utterances take their audio from; ``level_interval`` throttles ``AudioLevel`` events
    (0.1 s: about ten per second; None: none). ``model_wait`` is how long a ``start`` issued while
    the model is still loading waits for it. ``engine`` is an already loaded model to share (tests,
    several services in one process); otherwise call ``load_model``.
    """

    def __init__(
        self,
        on_event: Callable[[SpeechEvent], None],
        *,
        models: ModelStore | None = None,
        keep_audio_seconds: float = 120.0,
        level_interval: float | None = 0.1,
        model_wait: float = 120.0,
        clock: Callable[[], float] = time.time,
        engine: Engine | None = None,
    ) -> None:
        self._on_event = on_event
        self.models = models or ModelStore()
        self.keep_audio_seconds = keep_audio_seconds
        self.level_interval = level_interval
        self.model_wait = model_wait
        self._clock = clock
        self._lock = threading.Lock()  # guards the fields below; never held while emitting
        self._engine: Engine | None = engine  # a loaded engine may be shared by several services
        self._loading: threading.Event | None = None  # set when the current load ended
        self._load_error: SpeechError | None = None
        self._load_generation = 0
        self._session: _Session | None = None

    # -- model --------------------------------------------------------------------------------------
    def load_model(self, path: str | Path, *, lang: str | None = None) -> None:
        """Load a model folder in the background; returns at once.

        Emits ``ModelLoading`` (with progress 0..1) and then ``ModelReady`` or a ``SpeechError``
        (``no_model``, ``model_invalid``, ``model_load_failed``). The model in use stays available
        until the new one is ready.
        """
        done = threading.Event()
        with self._lock:
            self._load_generation += 1
            generation = self._load_generation
            self._loading = done
            self._load_error = None
        folder = Path(path).expanduser()
        thread = threading.Thread(
            target=self._load, args=(folder, lang, generation, done), name="speech-model-load", daemon=True
        )
        thread.start()

    def load_default_model(self, lang: str = "nl") -> bool:
        """Load the default model for ``lang`` from the models folders; False (and a ``no_model``
        event telling the user how to get one) if there is none."""
        info = self.models.default_model(lang)
        if info is None:
            err = NoModel(f"no valid model for language {lang!r}", folder=str(self.models.install_dir))
            with self._lock:
                self._load_error = err
            self._emit_async(err)
            return False
        self.load_model(info.path, lang=info.lang)
        return True

    def _load(self, folder: Path, lang: str | None, generation: int, done: threading.Event) -> None:
        name = folder.name
        emit = self._on_event
        try:
            _call(emit, ModelLoading(str(folder), name, None))

            def progress(fraction: float) -> None:
                _call(emit, ModelLoading(str(folder), name, fraction))

            engine = VoskEngine.load(folder, lang=lang, progress=progress)
        except SpeechError as exc:
            with self._lock:
                if generation == self._load_generation:
                    self._load_error = exc
            done.set()
            _call(emit, exc.as_event())
            return
        with self._lock:
            current = generation == self._load_generation
            if current:
                self._engine = engine
        done.set()
        if current:
            _call(emit, ModelReady(engine.path, engine.name, engine.lang, round(engine.load_seconds, 3)))

    @property
    def model_ready(self) -> bool:
        with self._lock:
            return self._engine is not None

    @property
    def model_path(self) -> str | None:
        with self._lock:
            return self._engine.path if self._engine else None

    @property
    def model_lang(self) -> str | None:
        with self._lock:
            return self._engine.lang if self._engine else None

    def wait_model(self, timeout: float | None = None) -> bool:
        """Block until the current load ended (tests, command line); True if a model is ready."""
        with self._lock:
            loading = self._loading
        if loading is not None:
            loading.wait(timeout)
        return self.model_ready

    # -- listening ------------------------------------------------------------------------------------
    def start(
        self,
        device: str | int | None = None,
        source: AudioSource | None = None,
        *,
        stream_started_at: float | None = None,
    ) -> bool:
        """Start listening on ``device`` (name, index or None for the default) or on ``source``
        (e.g. a ``WavFileSource`` for replay and demos). Returns at once.

        Returns False if already listening (nothing changes). Every failure arrives as a
        ``SpeechError`` event followed by ``ListeningStopped(reason="error")``.
        ``stream_started_at`` (epoch seconds) defaults to the wall clock when the stream opens.
        """
        with self._lock:
            if self._session is not None and self._session.alive:
                return False
            session = _Session(self, device, source, stream_started_at)
            self._session = session
        session.start()
        return True

    def stop(self, timeout: float = 5.0) -> bool:
        """Stop listening (the running utterance is flushed as a final); True when fully stopped."""
        with self._lock:
            session = self._session
        if session is None:
            return True
        return session.stop(timeout)

    @property
    def is_listening(self) -> bool:
        """True from ``start()`` until its ``ListeningStopped`` is emitted."""
        with self._lock:
            return self._session is not None and self._session.alive

    # -- devices ----------------------------------------------------------------------------------
    def list_input_devices(self) -> list[InputDevice]:
        """The microphones to choose from; raises ``SpeechError`` (``no_input_device``,
        ``portaudio_missing``)."""
        return _audio.list_input_devices()

    def refresh_devices(self) -> None:
        """Re-scan devices (after plugging in a microphone). Not while listening."""
        if self.is_listening:
            return
        _audio.refresh_devices()

    def close(self, timeout: float = 5.0) -> None:
        """Stop listening; the loaded model is released when the service is dropped."""
        self.stop(timeout)

    # -- internals ----------------------------------------------------------------------------------
    def _emit_async(self, event: SpeechEvent) -> None:
        """Emit from a short worker thread, keeping the promise that events never arrive on the
        caller's thread (so a UI handler never re-enters itself)."""
        threading.Thread(target=_call, args=(self._on_event, event), name="speech-event", daemon=True).start()

    def _engine_for_start(self, stop: threading.Event) -> Engine | None:
        """The engine to listen with, waiting for a load in progress (None if stopped meanwhile).
        Runs on the session thread."""
        with self._lock:
            loading, engine = self._loading, self._engine
        if engine is None and loading is not None:
            deadline = time.monotonic() + self.model_wait
            while not loading.wait(0.1):
                if stop.is_set():
                    return None
                if time.monotonic() > deadline:
                    break
            with self._lock:
                engine, error = self._engine, self._load_error
            if engine is None and error is not None:
                raise error
        if engine is None:
            raise NoModel("no model loaded; call load_model first", folder=str(self.models.install_dir))
        return engine


class _Session:
    """One ``start``: a worker thread that waits for the model, opens the source and transcribes."""

    def __init__(
        self,
        service: SpeechService,
        device: str | int | None,
        source: AudioSource | None,
        stream_started_at: float | None,
    ) -> None:
        self.service = service
        self.device = device
        self.source = source
        self.stream_started_at = stream_started_at
        self.stop_event = threading.Event()
        self.finished = threading.Event()
        self.thread = threading.Thread(target=self._run, name="speech-session", daemon=True)

    @property
    def alive(self) -> bool:
        # Over as soon as ListeningStopped is on its way: a consumer that reacts to it by calling
        # start() again must not be told "already listening" by a thread that is merely returning.
        return self.thread.is_alive() and not self.finished.is_set()

    def _emit(self, event: SpeechEvent) -> None:
        if isinstance(event, ListeningStopped):
            self.finished.set()
        _call(self.service._on_event, event)

    def start(self) -> None:
        self.thread.start()

    def stop(self, timeout: float) -> bool:
        self.stop_event.set()
        if self.thread is threading.current_thread():
            return False
        self.thread.join(timeout)
        return not self.thread.is_alive()

    def _run(self) -> None:
        svc = self.service
        emit = self._emit
        try:
            engine = svc._engine_for_start(self.stop_event)
        except SpeechError as exc:
            _call(emit, exc.as_event())
            _call(emit, ListeningStopped("error"))
            return
        if engine is None:
            _call(emit, ListeningStopped("stopped"))
            return
        source = self.source if self.source is not None else MicrophoneSource(self.device)
        Transcriber(
            engine,
            source,
            emit,
            stream_started_at=self.stream_started_at,
            keep_audio_seconds=svc.keep_audio_seconds,
            level_interval=svc.level_interval,
            stop_event=self.stop_event,
            clock=svc._clock,
        ).run()
