"""``TinyDBRepository``: the Repository contract over TinyDB files in one data folder.

Layout (every JSON file carries ``schema_version`` and is written atomically, see ``atomic.py``)::

    <data>/
      .lock                          OS lock (flock) + pid of the process using the folder
      settings.json                  installation settings (one document)
      crises/<crisis_id>/
        crisis.json                  crisis, meetings, chair's individual log, stakeholders
        log/log-000000.json          confirmed entry versions seq 0..249 (append-only)
        log/log-000250.json          seq 250..499, ... a full segment is never written again
        drafts/meeting-0001.json     drafts made during meeting 1 (drafts/outside.json: between meetings)
        transcript/meeting-0001.json transcript lines of meeting 1 (transcript/outside.json)
        audio/                       utterance WAVs (created on demand)

Why split files: TinyDB rewrites a whole file on every write, so the cost of a write grows with the
file. Segmenting the log and partitioning drafts/transcript per meeting keeps each write small and
its latency flat however long the crisis runs (see ``bench/store_bench.py``).

Crash safety of a confirmation: the entry version is written (and fsync'd) first, carrying its
``draft_id``; only then the draft's decided state. A crash in between leaves a draft stored as
pending whose id appears in the log: every read reports it as confirmed (with the entry's id,
confirmer and time), and the next writable open repairs the stored draft. So a draft is never
reported confirmed without its entry, and a confirmed entry is never lost.

Concurrency: one ``threading.RLock`` around every public method; an exclusive, non-blocking
``fcntl.flock`` on ``<data>/.lock`` makes a second process fail with ``StorageLocked``. A folder
opened with ``read_only=True`` (CLI ``verify``/``crises``) takes no lock and never writes: safe to
run next to the app because files are only ever replaced atomically.
"""

from __future__ import annotations

import bisect
import copy
import errno
import fcntl
import functools
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from tinydb import TinyDB
from tinydb.table import Document, Table

from assistant.domain.entries import GENESIS_HASH, ChainProblem, Draft, DraftState, LogEntry, verify_chain
from assistant.domain.errors import (
    AssistantError,
    CorruptData,
    InvalidInput,
    InvalidTransition,
    NotFound,
    ReadOnlyStorage,
    StorageError,
    StorageLocked,
)
from assistant.domain.individual import IndividualItem, Stakeholder
from assistant.domain.meeting import Crisis, Meeting
from assistant.storage.atomic import (
    AtomicJSONStorage,
    make_dirs,
    read_json_file,
    remove_stale_temps,
    storage_error,
)
from assistant.storage.repository import TranscriptLine

log = logging.getLogger(__name__)

LOG_SEGMENT_SIZE = 250
LOCK_FILE = ".lock"
SETTINGS_FILE = "settings.json"
CRISES_DIR = "crises"
CRISIS_FILE = "crisis.json"
LOG_DIR = "log"
DRAFTS_DIR = "drafts"
TRANSCRIPT_DIR = "transcript"
AUDIO_DIR = "audio"
OUTSIDE_PARTITION = "outside"

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")
_LOG_FILE = re.compile(r"^log-(\d+)\.json$")
_PARTITION_FILE = re.compile(r"^(meeting-\d+|outside)\.json$")

T = TypeVar("T")


def _encode(obj: Any) -> dict[str, Any]:
    """``obj.to_dict()`` as fresh JSON data (no shared references; unstorable values caught early)."""
    try:
        return json.loads(json.dumps(obj.to_dict(), ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"{type(obj).__name__} cannot be stored: {exc}") from exc


def _decode(decoder: Callable[[dict[str, Any]], T], doc: dict[str, Any], where: Path, what: str) -> T:
    try:
        return decoder(doc)
    except (KeyError, ValueError, TypeError, AttributeError, AssistantError) as exc:
        raise CorruptData(
            f"{where}: {what} cannot be read ({type(exc).__name__}: {exc})", file=str(where)
        ) from exc


def _replace_with(data: dict[str, Any]) -> Callable[[MutableMapping[Any, Any]], None]:
    def replacer(doc: MutableMapping[Any, Any]) -> None:
        doc.clear()
        doc.update(data)

    return replacer


def _partition(meeting_number: int | None) -> str:
    return OUTSIDE_PARTITION if meeting_number is None else f"meeting-{int(meeting_number):04d}"


def _time_key(iso: str | None) -> float:
    try:
        return datetime.fromisoformat(iso).timestamp() if iso else 0.0
    except (TypeError, ValueError):
        return 0.0


def _check_id(value: str, what: str) -> None:
    if not isinstance(value, str) or not _SAFE_ID.match(value):
        raise InvalidInput(f"{what} {value!r} may only contain letters, digits, '-', '_' and '.'", field=what)


def _locked(method: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(method)
    def wrapper(self: TinyDBRepository, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            if self._closed:
                raise StorageError("the repository is closed")
            return method(self, *args, **kwargs)

    return wrapper


class _Options:
    def __init__(self, read_only: bool, fsync: bool) -> None:
        self.read_only = read_only
        self.fsync = fsync

    def open_db(self, path: Path, append_only: bool = False) -> TinyDB:
        return TinyDB(
            path,
            storage=AtomicJSONStorage,
            fsync=self.fsync,
            read_only=self.read_only,
            append_only=append_only,
        )


class _Records(Generic[T]):
    """Records of one type in one TinyDB table, keyed by a string id; cached as domain objects.

    The cache changes only after the file write succeeded."""

    def __init__(
        self,
        db: TinyDB,
        name: str,
        key: Callable[[T], str],
        decoder: Callable[[dict[str, Any]], T],
        path: Path,
    ) -> None:
        self.table = db.table(name, cache_size=0)
        self.key = key
        self.path = path
        self.doc_ids: dict[str, int] = {}
        self.items: dict[str, T] = {}
        raw = db.storage.tables().get(name, {})  # type: ignore[attr-defined]
        for doc_id, doc in sorted(raw.items(), key=lambda kv: int(kv[0])):
            obj = _decode(decoder, doc, path, f"{name} record {doc_id}")
            k = key(obj)
            self.doc_ids[k] = int(doc_id)
            self.items[k] = obj
        self.next_id = max(self.doc_ids.values(), default=0) + 1

    def get(self, k: str) -> T | None:
        return self.items.get(k)

    def values(self) -> list[T]:
        return list(self.items.values())

    def put(self, obj: T) -> None:
        k = self.key(obj)
        data = _encode(obj)
        doc_id = self.doc_ids.get(k)
        if doc_id is None:
            self.table.insert(Document(data, doc_id=self.next_id))
            self.doc_ids[k] = self.next_id
            self.next_id += 1
        elif not self.table.update(_replace_with(data), doc_ids=[doc_id]):
            raise StorageError(f"{self.path}: record {k} vanished from the file")
        self.items[k] = obj


class _Partitioned(Generic[T]):
    """Mutable records spread over one file per meeting (drafts, transcript lines).

    Listed in time order (``time_of``), ties broken by file and position in the file, so the order is
    the same whether the records were just written or read back from disk."""

    def __init__(
        self,
        folder: Path,
        table: str,
        key: Callable[[T], str],
        decoder: Callable[[dict[str, Any]], T],
        meeting_of: Callable[[T], int | None],
        time_of: Callable[[T], str | None],
        opts: _Options,
    ) -> None:
        self.folder = folder
        self.table_name = table
        self.key = key
        self.decoder = decoder
        self.meeting_of = meeting_of
        self.time_of = time_of
        self.opts = opts
        self.parts: dict[str, _Records[T]] = {}
        self.where: dict[str, str] = {}
        self.sort_keys: dict[str, tuple[float, str, int]] = {}
        self.order: list[str] = []
        if folder.is_dir():
            if not opts.read_only:
                remove_stale_temps(folder)
            for name in sorted(os.listdir(folder)):
                match = _PARTITION_FILE.match(name)
                if not match:
                    continue
                part = match.group(1)
                records = self.parts[part] = self._open(part)
                for k, obj in records.items.items():
                    self.where[k] = part
                    self.sort_keys[k] = self._sort_key(obj, part, records.doc_ids[k])
        self.order = sorted(self.sort_keys, key=self.sort_keys.__getitem__)

    def _open(self, part: str) -> _Records[T]:
        path = self.folder / f"{part}.json"
        return _Records(self.opts.open_db(path), self.table_name, self.key, self.decoder, path)

    def _sort_key(self, obj: T, part: str, doc_id: int) -> tuple[float, str, int]:
        return (_time_key(self.time_of(obj)), part, doc_id)

    def get(self, k: str) -> T | None:
        part = self.where.get(k)
        return self.parts[part].get(k) if part else None

    def values(self) -> list[T]:
        return [self.parts[self.where[k]].items[k] for k in self.order]

    def put(self, obj: T) -> None:
        k = self.key(obj)
        part = self.where.get(k) or _partition(self.meeting_of(obj))
        records = self.parts.get(part)
        if records is None:
            make_dirs(self.folder)
            records = self._open(part)
        records.put(obj)
        self.parts.setdefault(part, records)
        self.where[k] = part
        sort_key = self._sort_key(obj, part, records.doc_ids[k])
        if self.sort_keys.get(k) != sort_key:
            if k in self.sort_keys:
                self.order.remove(k)
            self.sort_keys[k] = sort_key
            bisect.insort(self.order, k, key=self.sort_keys.__getitem__)


@dataclass
class _Segment:
    """One log segment file: its TinyDB, its table and how many versions it holds."""

    db: TinyDB
    table: Table
    count: int


class _Log:
    """The confirmed log of one crisis: append-only segment files, cached as sealed ``LogEntry``s."""

    def __init__(self, folder: Path, opts: _Options, segment_size: int) -> None:
        self.folder = folder
        self.opts = opts
        self.segment_size = segment_size
        self.segments: list[_Segment] = []
        self.entries: list[LogEntry] = []
        self.last_version: dict[str, int] = {}
        self.number_of: dict[str, str] = {}  # entry_id -> number
        self.entry_of_number: dict[str, str] = {}  # number -> entry_id
        self.by_draft: dict[str, LogEntry] = {}  # draft_id -> first version confirmed from it
        if folder.is_dir() and not opts.read_only:
            remove_stale_temps(folder)
        for path in log_segment_paths(folder):
            db = opts.open_db(path, append_only=True)
            table = db.table("log", cache_size=0)
            raw = db.storage.tables().get("log", {})  # type: ignore[attr-defined]
            for doc_id, doc in sorted(raw.items(), key=lambda kv: int(kv[0])):
                self._index(_decode(LogEntry.from_dict, doc, path, f"log version {doc_id}"))
            self.segments.append(_Segment(db, table, len(raw)))
        self.entries.sort(key=lambda e: e.seq)

    def _index(self, entry: LogEntry) -> None:
        self.entries.append(entry)
        self.last_version[entry.entry_id] = max(entry.version, self.last_version.get(entry.entry_id, 0))
        self.number_of.setdefault(entry.entry_id, entry.number)
        self.entry_of_number.setdefault(entry.number, entry.entry_id)
        if entry.draft_id:
            self.by_draft.setdefault(entry.draft_id, entry)

    def append(self, sealed: LogEntry) -> LogEntry:
        data = _encode(sealed)
        stored = LogEntry.from_dict(data)
        if stored.compute_hash() != sealed.hash:
            raise InvalidInput(f"entry {sealed.number} does not survive storage unchanged (hash differs)")
        new_segment = not self.segments or self.segments[-1].count >= self.segment_size
        if new_segment:
            make_dirs(self.folder)
            path = self.folder / f"log-{sealed.seq:06d}.json"
            if path.exists():
                raise CorruptData(f"{path}: log segment exists but is not the last one", file=str(path))
            db = self.opts.open_db(path, append_only=True)
            segment = _Segment(db, db.table("log", cache_size=0), 0)
        else:
            segment = self.segments[-1]
        try:
            segment.table.insert(Document(data, doc_id=sealed.seq + 1))
        except ValueError as exc:  # doc id taken: the file was edited by hand
            raise CorruptData(f"{self.folder}: seq {sealed.seq} already stored ({exc})") from exc
        if new_segment:
            self.segments.append(segment)
        segment.count += 1
        self._index(stored)
        return stored


def log_segment_paths(folder: Path) -> list[Path]:
    """The log segment files of a crisis, in append order."""
    if not folder.is_dir():
        return []
    found = [(int(m.group(1)), folder / name) for name in os.listdir(folder) if (m := _LOG_FILE.match(name))]
    return [path for _, path in sorted(found)]


def read_log_versions(crisis_folder: Path) -> list[LogEntry]:
    """Every stored version read straight from the files (bypassing any cache), in ``seq`` order."""
    versions: list[LogEntry] = []
    for path in log_segment_paths(crisis_folder / LOG_DIR):
        tables = read_json_file(path)
        for doc_id, doc in sorted(tables.get("log", {}).items(), key=lambda kv: int(kv[0])):
            versions.append(_decode(LogEntry.from_dict, doc, path, f"log version {doc_id}"))
    return sorted(versions, key=lambda e: e.seq)


class _CrisisStore:
    """Everything of one crisis; drafts, log and transcript are loaded when first needed."""

    def __init__(self, folder: Path, opts: _Options, segment_size: int) -> None:
        self.folder = folder
        self.opts = opts
        self.segment_size = segment_size
        path = folder / CRISIS_FILE
        if not opts.read_only:
            remove_stale_temps(folder)
        db = opts.open_db(path)
        self.crisis = _Records(db, "crisis", lambda c: c.crisis_id, Crisis.from_dict, path)
        self.meetings = _Records(db, "meetings", lambda m: str(m.number), Meeting.from_dict, path)
        self.individual = _Records(db, "individual", lambda i: i.item_id, IndividualItem.from_dict, path)
        self.stakeholders = _Records(
            db, "stakeholders", lambda s: s.stakeholder_id, Stakeholder.from_dict, path
        )
        if db.storage.exists and not self.crisis.items:  # type: ignore[attr-defined]
            raise CorruptData(f"{path}: no crisis record", file=str(path))
        self._log: _Log | None = None
        self._drafts: _Partitioned[Draft] | None = None
        self._transcript: _Partitioned[TranscriptLine] | None = None

    @property
    def record(self) -> Crisis:
        return next(iter(self.crisis.items.values()))

    def log(self) -> _Log:
        if self._log is None:
            self._log = _Log(self.folder / LOG_DIR, self.opts, self.segment_size)
        return self._log

    def drafts(self) -> _Partitioned[Draft]:
        if self._drafts is None:
            self._drafts = _Partitioned(
                self.folder / DRAFTS_DIR,
                "drafts",
                lambda d: d.draft_id,
                Draft.from_dict,
                lambda d: d.meeting_number,
                lambda d: d.created_at,
                self.opts,
            )
            self._repair_drafts()
        return self._drafts

    def transcript(self) -> _Partitioned[TranscriptLine]:
        if self._transcript is None:
            self._transcript = _Partitioned(
                self.folder / TRANSCRIPT_DIR,
                "transcript",
                lambda t: t.line_id,
                TranscriptLine.from_dict,
                lambda t: t.meeting_number,
                lambda t: t.spoken_at,
                self.opts,
            )
        return self._transcript

    def effective(self, draft: Draft) -> Draft:
        """A draft as the log says it is: pending on disk but present in the log → confirmed."""
        if draft.state is DraftState.PENDING:
            entry = self.log().by_draft.get(draft.draft_id)
            if entry is not None:
                return replace(
                    draft,
                    state=DraftState.CONFIRMED,
                    entry_id=entry.entry_id,
                    decided_by=entry.confirmed_by,
                    decided_at=entry.confirmed_at,
                )
        return draft

    def _repair_drafts(self) -> None:
        """Persist the confirmed state of drafts whose write was cut off by a crash (best effort)."""
        if self.opts.read_only or self._drafts is None:
            return
        for draft in self._drafts.values():
            fixed = self.effective(draft)
            if fixed is not draft:
                try:
                    self._drafts.put(fixed)
                    log.info("repaired draft %s: confirmed as %s", draft.draft_id, fixed.entry_id)
                except StorageError as exc:
                    log.warning(
                        "could not repair draft %s (%s); it is reported confirmed anyway", draft.draft_id, exc
                    )
                    return


def _take_lock(data_dir: Path) -> tuple[int | None, bool]:
    """Exclusive flock on ``<data>/.lock``. Returns (fd, writable). The fd is opened read-only so the
    folder's medium can still be remounted read-only under a running app (writes then fail cleanly)."""
    path = data_dir / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o644)
    except OSError as exc:
        if exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise storage_error(exc, path, "open") from exc
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return None, False  # read-only medium without a lock file: nobody can be writing
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        try:
            pid = path.read_text(encoding="utf-8").strip() or "?"
        except OSError:
            pid = "?"
        os.close(fd)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise StorageLocked(f"pid {pid}, {data_dir}", pid=pid, path=str(data_dir)) from exc
        raise storage_error(exc, path, "lock") from exc
    try:
        pid_fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
        try:
            os.write(pid_fd, f"{os.getpid()}\n".encode())
        finally:
            os.close(pid_fd)
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return fd, False
        log.warning("could not write pid to %s: %s", path, exc)  # e.g. disk full: the lock still holds
    return fd, True


class TinyDBRepository:
    """The Repository contract over TinyDB files. See the module docstring for layout and guarantees.

    ``TinyDBRepository(data_dir)`` creates the folder if needed and takes the folder's lock
    (``StorageLocked`` if another process has it). On a read-only medium it opens read-only
    (``repo.read_only`` is True; writes raise ``ReadOnlyStorage``). ``read_only=True`` opens
    without a lock and never writes (for ``verify``, ``crises``, exports next to a running app).
    Returned domain objects are shared with the cache: treat them as immutable (they are frozen).
    """

    def __init__(
        self,
        data_dir: Path | str,
        *,
        read_only: bool = False,
        log_segment_size: int = LOG_SEGMENT_SIZE,
        fsync: bool = True,
    ) -> None:
        if log_segment_size < 1:
            raise InvalidInput("log_segment_size must be positive", field="log_segment_size")
        self.data_dir = Path(data_dir)
        self._lock = threading.RLock()
        self._closed = False
        self._lock_fd: int | None = None
        self.read_only = read_only
        if not read_only:
            make_dirs(self.data_dir)
            self._lock_fd, writable = _take_lock(self.data_dir)
            self.read_only = not writable
            if writable:
                remove_stale_temps(self.data_dir)
            else:
                log.warning("data folder %s is read-only: opened without writing", self.data_dir)
        self._opts = _Options(self.read_only, fsync)
        self._segment_size = log_segment_size
        self._settings_db: TinyDB | None = None
        self._settings: _Records[Any] | None = None
        self._stores: dict[str, _CrisisStore] = {}
        self._scanned = False

    # --- lifecycle ---------------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._lock_fd is not None:
                try:
                    fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
                finally:
                    os.close(self._lock_fd)
                    self._lock_fd = None

    def __enter__(self) -> TinyDBRepository:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyStorage(str(self.data_dir), path=str(self.data_dir))

    # --- crises ------------------------------------------------------------------------------------

    def _crisis_folder(self, crisis_id: str) -> Path:
        return self.data_dir / CRISES_DIR / crisis_id

    def _scan(self) -> None:
        if self._scanned:
            return
        root = self.data_dir / CRISES_DIR
        names = sorted(os.listdir(root)) if root.is_dir() else []
        for name in names:
            if name in self._stores or not _SAFE_ID.match(name):
                continue
            folder = root / name
            if (folder / CRISIS_FILE).is_file():
                self._stores[name] = _CrisisStore(folder, self._opts, self._segment_size)
            elif folder.is_dir() and any(not entry.startswith(".") for entry in os.listdir(folder)):
                # data without its crisis record: never hide it (an empty folder is a cut-off creation)
                missing = folder / CRISIS_FILE
                raise CorruptData(f"{missing}: missing, but {folder} holds data", file=str(missing))
        self._scanned = True

    def _store(self, crisis_id: str) -> _CrisisStore:
        store = self._stores.get(crisis_id)
        if store is not None:
            return store
        if isinstance(crisis_id, str) and _SAFE_ID.match(crisis_id):
            folder = self._crisis_folder(crisis_id)
            if (folder / CRISIS_FILE).is_file():
                store = self._stores[crisis_id] = _CrisisStore(folder, self._opts, self._segment_size)
                return store
        raise NotFound(f"crisis {crisis_id}", crisis_id=crisis_id)

    @_locked
    def list_crises(self) -> list[Crisis]:
        self._scan()
        return sorted(
            (s.record for s in self._stores.values()), key=lambda c: (_time_key(c.started_at), c.crisis_id)
        )

    @_locked
    def get_crisis(self, crisis_id: str) -> Crisis:
        return self._store(crisis_id).record

    @_locked
    def save_crisis(self, crisis: Crisis) -> None:
        self._check_writable()
        _check_id(crisis.crisis_id, "crisis_id")
        try:
            store = self._store(crisis.crisis_id)
        except NotFound:
            folder = self._crisis_folder(crisis.crisis_id)
            make_dirs(folder)
            store = _CrisisStore(folder, self._opts, self._segment_size)
            store.crisis.put(crisis)
            self._stores[crisis.crisis_id] = store
            return
        store.crisis.put(crisis)

    # --- meetings ----------------------------------------------------------------------------------

    @_locked
    def list_meetings(self, crisis_id: str) -> list[Meeting]:
        return sorted(self._store(crisis_id).meetings.values(), key=lambda m: m.number)

    @_locked
    def get_meeting(self, crisis_id: str, number: int) -> Meeting:
        meeting = self._store(crisis_id).meetings.get(str(number))
        if meeting is None:
            raise NotFound(f"meeting {number} of crisis {crisis_id}", crisis_id=crisis_id, number=number)
        return meeting

    @_locked
    def save_meeting(self, meeting: Meeting) -> None:
        self._check_writable()
        if int(meeting.number) < 1:
            raise InvalidInput("meeting numbers start at 1", field="number")
        self._store(meeting.crisis_id).meetings.put(meeting)

    # --- drafts ------------------------------------------------------------------------------------

    @_locked
    def list_drafts(self, crisis_id: str, state: DraftState | None = None) -> list[Draft]:
        store = self._store(crisis_id)
        drafts = [store.effective(d) for d in store.drafts().values()]
        return [d for d in drafts if state is None or d.state is state]

    @_locked
    def get_draft(self, crisis_id: str, draft_id: str) -> Draft:
        store = self._store(crisis_id)
        draft = store.drafts().get(draft_id)
        if draft is None:
            raise NotFound(f"draft {draft_id}", crisis_id=crisis_id, draft_id=draft_id)
        return store.effective(draft)

    @_locked
    def save_draft(self, draft: Draft) -> None:
        self._check_writable()
        store = self._store(draft.crisis_id)
        self._check_draft_transition(store, draft)
        store.drafts().put(draft)

    def _check_draft_transition(self, store: _CrisisStore, draft: Draft) -> None:
        entry = store.log().by_draft.get(draft.draft_id)
        if entry is not None and draft.state is not DraftState.CONFIRMED:
            raise InvalidTransition(f"draft {draft.draft_id} was already confirmed as {entry.number}")
        if entry is None and draft.state is DraftState.CONFIRMED:
            raise InvalidTransition(
                f"draft {draft.draft_id} can only be confirmed together with its entry "
                "(append_entry with decided_draft)"
            )
        stored = store.drafts().get(draft.draft_id)
        if stored is not None:
            stored = store.effective(stored)
            if stored.state is not DraftState.PENDING and draft.state is not stored.state:
                raise InvalidTransition(f"draft {draft.draft_id} is already {stored.state.value}")

    # --- confirmed log -----------------------------------------------------------------------------

    @_locked
    def append_entry(self, entry: LogEntry, decided_draft: Draft | None = None) -> LogEntry:
        self._check_writable()
        store = self._store(entry.crisis_id)
        log_ = store.log()
        if decided_draft is not None:
            entry, decided_draft = self._prepare_decided(store, entry, decided_draft)
        last = log_.last_version.get(entry.entry_id, 0)
        if entry.version != last + 1:
            raise InvalidInput(
                f"{entry.number}: version {entry.version} does not follow stored version {last}; "
                "confirmed versions are never overwritten",
                field="version",
            )
        if last == 0:
            owner = log_.entry_of_number.get(entry.number)
            if owner is not None and owner != entry.entry_id:
                raise InvalidInput(f"number {entry.number} is already used in this crisis", field="number")
        elif log_.number_of[entry.entry_id] != entry.number:
            raise InvalidInput(
                f"a new version cannot change the number {log_.number_of[entry.entry_id]}", field="number"
            )
        previous = log_.entries[-1] if log_.entries else None
        sealed = replace(
            entry,
            seq=previous.seq + 1 if previous else 0,
            prev_hash=previous.hash if previous else GENESIS_HASH,
            hash="",
        ).sealed()
        stored = log_.append(sealed)  # durable from here on; raises before anything is visible
        if decided_draft is not None:
            try:
                store.drafts().put(decided_draft)
            except StorageError as exc:
                # The entry is confirmed and durable; the draft is reported confirmed from the log.
                log.warning(
                    "entry %s stored, but its draft %s was not updated (%s); repaired on next open",
                    stored.number,
                    decided_draft.draft_id,
                    exc,
                )
        return stored

    def _prepare_decided(self, store: _CrisisStore, entry: LogEntry, draft: Draft) -> tuple[LogEntry, Draft]:
        if draft.crisis_id != entry.crisis_id:
            raise InvalidInput("the draft belongs to another crisis", field="draft")
        if entry.draft_id is None:
            entry = replace(entry, draft_id=draft.draft_id)
        elif entry.draft_id != draft.draft_id:
            raise InvalidInput(
                f"entry {entry.number} came from draft {entry.draft_id}, not {draft.draft_id}", field="draft"
            )
        if draft.state is DraftState.REJECTED:
            raise InvalidTransition(f"draft {draft.draft_id} was rejected")
        if draft.state is DraftState.PENDING:
            draft = draft.confirm(entry.entry_id, entry.confirmed_by, entry.confirmed_at)
        elif draft.entry_id not in (None, entry.entry_id):
            raise InvalidInput(f"draft {draft.draft_id} is confirmed as another entry", field="draft")
        elif draft.entry_id is None:
            draft = replace(draft, entry_id=entry.entry_id)
        earlier = store.log().by_draft.get(draft.draft_id)
        if earlier is not None:
            raise InvalidTransition(f"draft {draft.draft_id} was already confirmed as {earlier.number}")
        stored = store.drafts().get(draft.draft_id)
        if stored is not None and stored.state is not DraftState.PENDING:
            raise InvalidTransition(f"draft {draft.draft_id} is already {stored.state.value}")
        _encode(draft)  # fail now, not after the entry is stored, if the draft cannot be stored
        return entry, draft

    @_locked
    def entry_versions(self, crisis_id: str) -> list[LogEntry]:
        return list(self._store(crisis_id).log().entries)

    @_locked
    def verify(self, crisis_id: str) -> list[ChainProblem]:
        """Check the log as it is on disk now (re-read from the files, not from the cache).

        Besides ``verify_chain``'s problems, a version this process stored that is gone from disk is
        reported as ``"missing"`` (removing the newest versions does not break the chain itself)."""
        store = self._store(crisis_id)
        on_disk = read_log_versions(store.folder)
        problems = verify_chain(on_disk)
        if store._log is not None:
            present = {v.seq for v in on_disk}
            problems += [
                ChainProblem(v.seq, v.number, v.version, "missing")
                for v in store._log.entries
                if v.seq not in present
            ]
        return problems

    # --- individual log and stakeholders -------------------------------------------------------------

    @_locked
    def list_individual(self, crisis_id: str) -> list[IndividualItem]:
        return self._store(crisis_id).individual.values()

    @_locked
    def save_individual(self, item: IndividualItem) -> None:
        self._check_writable()
        self._store(item.crisis_id).individual.put(item)

    @_locked
    def list_stakeholders(self, crisis_id: str) -> list[Stakeholder]:
        return self._store(crisis_id).stakeholders.values()

    @_locked
    def save_stakeholder(self, stakeholder: Stakeholder) -> None:
        self._check_writable()
        self._store(stakeholder.crisis_id).stakeholders.put(stakeholder)

    # --- transcript ----------------------------------------------------------------------------------

    @_locked
    def append_transcript(self, line: TranscriptLine) -> None:
        self._check_writable()
        transcript = self._store(line.crisis_id).transcript()
        if transcript.get(line.line_id) is not None:
            raise InvalidInput(f"transcript line {line.line_id} already exists", field="line_id")
        transcript.put(line)

    @_locked
    def update_transcript(self, line: TranscriptLine) -> None:
        self._check_writable()
        transcript = self._store(line.crisis_id).transcript()
        if transcript.get(line.line_id) is None:
            raise NotFound(f"transcript line {line.line_id}", line_id=line.line_id)
        transcript.put(line)

    @_locked
    def list_transcript(
        self, crisis_id: str, meeting_number: int | None = None, limit: int | None = None
    ) -> list[TranscriptLine]:
        lines = self._store(crisis_id).transcript().values()
        if meeting_number is not None:
            lines = [ln for ln in lines if ln.meeting_number == meeting_number]
        if limit is not None:
            lines = lines[-limit:] if limit > 0 else []
        return lines

    # --- settings ------------------------------------------------------------------------------------

    def _settings_records(self) -> _Records[Any]:
        if self._settings is None:
            path = self.data_dir / SETTINGS_FILE
            self._settings_db = self._opts.open_db(path)
            self._settings = _Records(
                self._settings_db, "settings", lambda s: "settings", _Settings.from_dict, path
            )
        return self._settings

    @_locked
    def get_settings(self) -> dict[str, Any]:
        current = self._settings_records().get("settings")
        return copy.deepcopy(current.values) if current else {}

    @_locked
    def save_settings(self, settings: dict[str, Any]) -> None:
        self._check_writable()
        if not isinstance(settings, dict):
            raise InvalidInput("settings must be a dict", field="settings")
        self._settings_records().put(_Settings(copy.deepcopy(settings)))

    # --- files ---------------------------------------------------------------------------------------

    @_locked
    def audio_dir(self, crisis_id: str) -> Path:
        folder = self._store(crisis_id).folder / AUDIO_DIR
        if not self.read_only:
            make_dirs(folder)
        return folder

    # --- extra helpers (not in the contract) ---------------------------------------------------------

    @_locked
    def crisis_folder(self, crisis_id: str) -> Path:
        """The folder holding a crisis's files (for backup/export)."""
        return self._store(crisis_id).folder

    def data_files(self) -> Iterable[Path]:
        """Every data file of the folder (JSON and audio), for backups; excludes the lock and temp files."""
        if not self.data_dir.is_dir():
            return []
        return sorted(
            p
            for p in self.data_dir.rglob("*")
            if p.is_file() and p.name != LOCK_FILE and not p.name.startswith(".")
        )


class _Settings:
    """Wrapper so the settings dict is stored like any other record."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def to_dict(self) -> dict[str, Any]:
        return self.values

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> _Settings:
        return cls(dict(data))


def open_repository(data_dir: str | Path | None = None, *, read_only: bool = False) -> TinyDBRepository:
    """Open the installation's data folder (``--data-dir`` / ``$ASSISTANT_DATA_DIR`` / platform default)."""
    from assistant.storage.paths import resolve_data_dir

    return TinyDBRepository(
        resolve_data_dir(None if data_dir is None else str(data_dir)), read_only=read_only
    )
