"""Speech set-up from the app: install a model (zip from a USB stick, or a download), verify it, make
it the default; list, switch and remove models.

Why here and not in the screen: installing takes seconds to minutes (unpacking 40-900 MB, loading
the model to verify it), so it runs in its own worker thread, and what it has done so far is one
immutable ``InstallProgress`` that any tab may read. Each step is announced with
``room.publish(None, Topic.LIVE, "install")``; tabs hear it through their bridge (``page.run_task``)
and re-read ``progress()``. The safety checks are the command line's own (``speech.models``: zip
vetting, sizes, CRCs, layout, all-or-nothing staging), plus two of our own: a download must be
``https`` (or a catalogue name, whose address is https), and a model only becomes the default after
the real engine has loaded it ("verified"); a model that does not load is removed again.
"""

from __future__ import annotations

import logging
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from assistant.app.listening.config import SETTING_MODEL
from assistant.app.listening.state import LiveState, ModelStatus
from assistant.app.room import Topic
from assistant.domain.errors import AssistantError

log = logging.getLogger(__name__)

#: The ``RoomChange.detail`` of install announcements (topic ``Topic.LIVE``).
INSTALL_DETAIL = "install"


class InstallStage(StrEnum):
    """Where an install is. ``busy`` stages show a progress bar and a cancel button."""

    IDLE = "idle"
    UPLOAD = "upload"  # the browser sends the zip to the host
    DOWNLOAD = "download"
    EXTRACT = "extract"
    COPY = "copy"
    VERIFY = "verify"  # the engine loads the new model
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


BUSY_STAGES = frozenset(
    {InstallStage.UPLOAD, InstallStage.DOWNLOAD, InstallStage.EXTRACT, InstallStage.COPY, InstallStage.VERIFY}
)


@dataclass(frozen=True)
class InstallProgress:
    """One moment of an install; ``fraction`` is 0..1 within the stage (None: not known)."""

    stage: InstallStage = InstallStage.IDLE
    fraction: float | None = None
    source: str = ""  # file name or catalogue name, as the user chose it
    model: str = ""  # the installed model's name, once known
    error_code: str | None = None
    detail: str = ""
    version: int = 0

    @property
    def busy(self) -> bool:
        return self.stage in BUSY_STAGES


@dataclass(frozen=True)
class InstalledModel:
    """A model as the set-up page lists it."""

    name: str
    lang: str | None
    size_bytes: int
    is_default: bool
    in_use: bool
    valid: bool


class SetupError(AssistantError):
    """The speech set-up refused something; the text is ``error.<code>`` in the catalogue."""

    code = "speech_setup"


class NotHttps(SetupError):
    code = "download_not_https"


class ModelInUse(SetupError):
    code = "model_in_use"


class InstallBusy(SetupError):
    code = "install_busy"


class ModelSetup:
    """Install, verify, switch and remove models for one ``Listening`` service (one per process).

    Every public method returns at once except ``models`` and ``remove`` (disk: call them from a
    worker thread). ``verify_timeout`` bounds how long loading a new model may take.
    """

    def __init__(self, listening: Any, *, verify_timeout: float = 300.0) -> None:
        self.listening = listening
        self.store = listening.store
        self.verify_timeout = verify_timeout
        self._lock = threading.Lock()
        self._progress = InstallProgress()
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None
        self._published_fraction = -1.0
        self.upload_dir: Path | None = None  # where browser uploads land (set by the shell)

    # --- reading ---------------------------------------------------------------------------------

    def progress(self) -> InstallProgress:
        with self._lock:
            return self._progress

    def models(self) -> list[InstalledModel]:
        """Installed models, the default per language marked, and the one loaded now. Reads the disk."""
        loaded = _resolved(self.listening.state().model_path)
        return [
            InstalledModel(
                info.name,
                info.lang,
                info.size_bytes,
                info.is_default,
                bool(loaded) and _resolved(str(info.path)) == loaded,
                info.valid,
            )
            for info in self.store.list()
        ]

    # --- the browser upload (the page reports it; no disk here) ----------------------------------

    def begin_upload(self, file_name: str) -> None:
        """The browser starts sending ``file_name``; refused while another install runs."""
        with self._lock:
            if self._progress.busy:
                raise InstallBusy(self._progress.source)
            self._cancel.clear()
        self._set(InstallProgress(InstallStage.UPLOAD, 0.0, source=file_name), urgent=True)

    def upload_progress(self, fraction: float) -> None:
        progress = self.progress()
        if progress.stage is InstallStage.UPLOAD:
            self._set(replace(progress, fraction=max(0.0, min(1.0, fraction))))

    def upload_failed(self, detail: str) -> None:
        self._set(replace(self.progress(), stage=InstallStage.FAILED, error_code="install_failed", detail=detail))

    # --- installing ------------------------------------------------------------------------------

    def install_file(self, path: Path, *, delete_after: bool = False) -> None:
        """Install from a zip (or model folder) on the host, in the background.

        ``delete_after``: the file is an upload of ours and goes once installed (or refused).
        After a cancel during the upload nothing is installed and the upload is deleted.
        """
        progress = self.progress()
        if self._cancel.is_set() and progress.stage is InstallStage.CANCELLED:
            if delete_after:
                Path(path).unlink(missing_ok=True)
            return
        self._start(str(path), progress.source or Path(path).name, delete_after=Path(path) if delete_after else None)

    def install_upload(self, stored_name: str) -> None:
        """Install a zip the browser uploaded into ``upload_dir`` (only a bare file name is taken, so
        nothing outside that folder can be named); the upload is deleted afterwards."""
        if self.upload_dir is None:
            raise SetupError("uploads are not enabled in this process")
        self.install_file(self.upload_dir / Path(stored_name).name, delete_after=True)

    def download(self, source: str) -> None:
        """Download a catalogue model (``nl``, ``vosk-model-small-nl-0.22``) or an https zip."""
        source = source.strip()
        scheme = urllib.parse.urlparse(source).scheme.lower()
        if scheme and scheme != "https" and "://" in source:
            raise NotHttps(source)
        if not scheme:
            from speech.models import catalogue_entry

            if catalogue_entry(source) is None:
                from speech.errors import UnknownModel

                raise UnknownModel(source, name=source, known="nl, en")
        self._start(source, source, delete_after=None)

    def cancel(self) -> None:
        """Stop the install in progress; nothing half-installed remains (``speech.models`` staging)."""
        self._cancel.set()
        progress = self.progress()
        if progress.stage is InstallStage.UPLOAD:
            self._set(replace(progress, stage=InstallStage.CANCELLED, error_code="cancelled"), urgent=True)

    def use(self, name: str) -> None:
        """Switch to an installed model: it is loaded (verified) first, then made the default."""
        info = self.store.get(name)
        with self._lock:
            if self._progress.busy:
                raise InstallBusy(self._progress.source)
            self._cancel.clear()
        self._set(InstallProgress(InstallStage.VERIFY, None, source=name, model=name), urgent=True)
        self._spawn(lambda: self._verify_and_choose(info.name, Path(info.path), remove_on_failure=False))

    def remove(self, name: str) -> None:
        """Delete an installed model; refused for the one loaded now (switch first). Reads the disk."""
        if any(m.name == name and m.in_use for m in self.models()):
            raise ModelInUse(name, name=name)
        self.store.remove(name)
        self._announce(urgent=True)

    # --- the worker ------------------------------------------------------------------------------

    def _start(self, source: str, shown: str, *, delete_after: Path | None) -> None:
        with self._lock:
            if self._progress.busy and self._progress.stage is not InstallStage.UPLOAD:
                raise InstallBusy(self._progress.source)
            self._cancel.clear()
        self._set(InstallProgress(InstallStage.EXTRACT, 0.0, source=shown), urgent=True)
        self._spawn(lambda: self._install(source, delete_after))

    def _spawn(self, work: Callable[[], None]) -> None:
        thread = threading.Thread(target=work, name="speech-model-install", daemon=True)
        with self._lock:
            self._thread = thread
        thread.start()

    def _install(self, source: str, delete_after: Path | None) -> None:
        from speech.errors import SpeechError

        try:
            info = self.store.install(
                source, progress=self._on_progress, cancel=self._cancel, make_default=False
            )
        except SpeechError as exc:
            self._fail(exc.code, exc.detail)
            return
        finally:
            if delete_after is not None:
                delete_after.unlink(missing_ok=True)
        self._set(replace(self.progress(), stage=InstallStage.VERIFY, fraction=None, model=info.name), urgent=True)
        self._verify_and_choose(info.name, Path(info.path), remove_on_failure=True)

    def _on_progress(self, stage: str, done: int, total: int | None) -> None:
        """``speech.models`` progress (its worker thread): announce at most every whole per cent."""
        fraction = done / total if total else None
        current = self.progress()
        step = InstallStage(stage) if stage in set(InstallStage) else current.stage
        if step is current.stage and fraction is not None and fraction - self._published_fraction < 0.01:
            return
        self._published_fraction = fraction if fraction is not None else -1.0
        self._set(replace(current, stage=step, fraction=fraction), urgent=step is not current.stage)

    def _verify_and_choose(self, name: str, path: Path, *, remove_on_failure: bool) -> None:
        """Load the model with the real engine; only then make it the default (and the setting)."""
        from speech.errors import SpeechError  # lazily, as everywhere here: speech loads vosk

        previous = self.listening.state().model_path
        state = self._load_and_wait(path)
        if state is None or state.model_status is not ModelStatus.READY:
            code = (state.error_code if state is not None else None) or "model_load_failed"
            detail = (state.error_detail if state is not None else "") or f"{name} did not load"
            if remove_on_failure:
                try:
                    self.store.remove(name)
                except SpeechError as exc:  # unknown_model / install_failed: the load failure below
                    log.warning("removing the failed model %s: %s", name, exc)  # is what the user hears
            if previous and _resolved(previous) != _resolved(str(path)):
                self.listening.load_model(previous)
            self._fail(code, detail)
            return
        try:
            self.store.set_default(name)  # SpeechError when its language is unknown
            self.listening.room.setup.update_settings(**{SETTING_MODEL: name})
        except (AssistantError, SpeechError, OSError) as exc:
            self._fail(getattr(exc, "code", "install_failed"), str(exc))
            return
        self._set(replace(self.progress(), stage=InstallStage.DONE, fraction=1.0, model=name), urgent=True)

    def _load_and_wait(self, path: Path) -> LiveState | None:
        """Ask the listening service to load ``path``; wait (this worker thread) until it is ready or
        failed. Returns the state that ended the wait, None on time-out or cancel."""
        wanted = _resolved(str(path))
        done = threading.Event()
        result: list[LiveState] = []

        def settled(state: LiveState) -> bool:
            if _resolved(state.model_path) != wanted:
                return False
            return state.model_status in (ModelStatus.READY, ModelStatus.ERROR, ModelStatus.NONE)

        def listener(state: LiveState, _detail: str) -> None:
            if settled(state) and not done.is_set():
                result.append(state)
                done.set()

        remove = self.listening.add_listener(listener)
        try:
            self.listening.load_model(str(path))
            waited = 0.0
            while not done.wait(0.2):
                waited += 0.2
                now = self.listening.state()
                if now.model_status is not ModelStatus.LOADING and settled(now) and waited > 1.0:
                    result.append(now)
                    break
                if self._cancel.is_set() or waited > self.verify_timeout:
                    return None
                if now.model_progress is not None:
                    self._set(replace(self.progress(), fraction=now.model_progress))
        finally:
            remove()
        return result[0] if result else None

    def _fail(self, code: str, detail: str) -> None:
        stage = InstallStage.CANCELLED if code == "cancelled" else InstallStage.FAILED
        self._set(replace(self.progress(), stage=stage, error_code=code, detail=detail), urgent=True)

    # --- state and announcements -----------------------------------------------------------------

    def _set(self, progress: InstallProgress, *, urgent: bool = False) -> None:
        with self._lock:
            self._progress = replace(progress, version=self._progress.version + 1)
        self._announce(urgent=urgent)

    def _announce(self, *, urgent: bool = False) -> None:
        """Tell every tab (they re-read ``progress()``); never lets a tab's failure stop the install."""
        try:
            self.listening.room.publish(None, Topic.LIVE, INSTALL_DETAIL)
        except Exception:  # noqa: BLE001 - subscribers are every tab's code: one bug must not stop the
            # install; the state is kept either way and the failure logged in full
            log.exception("announcing install progress failed")


def _resolved(path: str | None) -> str:
    if not path:
        return ""
    try:
        return str(Path(path).resolve())
    except OSError:
        return str(path)
