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
import contextlib
import copy
import errno
import fcntl
import functools
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

from tinydb import TinyDB
from tinydb.table import Document

from assistant.domain.entries import (
    GENESIS_HASH,
    ChainProblem,
    Draft,
    DraftState,
    EntryKind,
    LogEntry,
    verify_chain,
)
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
from assistant.domain.messages import CommLink, Message
from assistant.storage.atomic import (
    AtomicJSONStorage,
    fsync_dir,
    make_dirs,
    read_json_file,
    remove_stale_temps,
    storage_error,
)
from assistant.storage.chains import CHAIN_NAMES, Chain, Segment, append_to_segments, digest, read_chain
from assistant.storage.errors import PartQuarantined, VersionConflict
from assistant.storage.permissions import secure_tree
from assistant.storage.repository import ChainHead, DamagedPart, TranscriptLine

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
_PARTITION_FILE = re.compile(r"^((?:meeting-\d+|outside)(?:\.\d+)?)\.json$")

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
        self.decoder = decoder
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

    def put_many(self, objs: Sequence[T]) -> None:
        """Insert or replace several records in one atomic file write (all or none)."""
        encoded = [(self.key(obj), _encode(obj), obj) for obj in objs]
        new_ids: dict[str, int] = {}
        next_id = self.next_id
        for k, _, _ in encoded:
            if k not in self.doc_ids and k not in new_ids:
                new_ids[k] = next_id
                next_id += 1

        def updater(table: dict[int, Any]) -> None:
            for k, data, _ in encoded:
                table[self.doc_ids.get(k) or new_ids[k]] = data

        self.table._update_table(updater)  # one read-modify-write of the file (TinyDB 4 internal)
        self.doc_ids.update(new_ids)
        self.next_id = next_id
        for k, _, obj in encoded:
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
        self.damaged: dict[str, CorruptData] = {}  # quarantined partition files, kept as they are
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
                try:
                    records = self.parts[part] = self._open(part)
                except CorruptData as exc:  # only this file's records are out of service
                    log.info("quarantined %s: %s", folder / name, exc.detail)
                    self.damaged[part] = exc
                    continue
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

    def _target(self, obj: T) -> str:
        """The partition file a record goes to; next to a damaged file, a fresh ``<part>.<n>`` file."""
        k = self.key(obj)
        part = self.where.get(k) or _partition(self.meeting_of(obj))
        if part not in self.damaged:
            return part
        base, n = part.split(".")[0], 1
        while f"{base}.{n}" in self.damaged or (
            f"{base}.{n}" not in self.parts and (self.folder / f"{base}.{n}.json").exists()
        ):
            n += 1
        return f"{base}.{n}"

    def _records(self, part: str) -> _Records[T]:
        records = self.parts.get(part)
        if records is None:
            make_dirs(self.folder)
            records = self._open(part)
        return records

    def put(self, obj: T) -> None:
        self.put_many([obj])

    def put_many(self, objs: Sequence[T]) -> None:
        """Store records; those of one partition in one atomic write (a typed line's drafts)."""
        groups: dict[str, list[T]] = {}
        for obj in objs:
            groups.setdefault(self._target(obj), []).append(obj)
        for part, group in groups.items():
            records = self._records(part)
            records.put_many(group)
            self.parts.setdefault(part, records)
            for obj in group:
                self._place(obj, part, records)

    def _place(self, obj: T, part: str, records: _Records[T]) -> None:
        k = self.key(obj)
        self.where[k] = part
        sort_key = self._sort_key(obj, part, records.doc_ids[k])
        if self.sort_keys.get(k) != sort_key:
            if k in self.sort_keys:
                self.order.remove(k)
            self.sort_keys[k] = sort_key
            bisect.insort(self.order, k, key=self.sort_keys.__getitem__)


class _Log:
    """The confirmed log of one crisis: append-only segment files, cached as sealed ``LogEntry``s."""

    def __init__(self, folder: Path, opts: _Options, segment_size: int) -> None:
        self.folder = folder
        self.opts = opts
        self.segment_size = segment_size
        self.segments: list[Segment] = []
        self.entries: list[LogEntry] = []
        self.last_version: dict[str, int] = {}
        self.latest: dict[str, LogEntry] = {}  # entry_id -> newest version
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
            self.segments.append(Segment(db, table, len(raw)))
        self.entries.sort(key=lambda e: e.seq)

    def _index(self, entry: LogEntry) -> None:
        self.entries.append(entry)
        if entry.version >= self.last_version.get(entry.entry_id, 0):
            self.latest[entry.entry_id] = entry
        self.last_version[entry.entry_id] = max(entry.version, self.last_version.get(entry.entry_id, 0))
        self.number_of.setdefault(entry.entry_id, entry.number)
        self.entry_of_number.setdefault(entry.number, entry.entry_id)
        if entry.draft_id:
            self.by_draft.setdefault(entry.draft_id, entry)

    def _open_segment(self, path: Path) -> TinyDB:
        return self.opts.open_db(path, append_only=True)

    def append(self, sealed: LogEntry) -> LogEntry:
        return self.append_many([sealed])[0]

    def append_many(self, sealed: Sequence[LogEntry]) -> list[LogEntry]:
        """Store sealed versions in ONE atomic file write: after a crash all of them are there or none.

        The versions of one call always go into one segment file (a segment may so hold a few more
        than ``segment_size``); a full segment is never written again."""
        datas = [_encode(version) for version in sealed]
        stored = [LogEntry.from_dict(data) for data in datas]
        for version, back in zip(sealed, stored, strict=True):
            if back.compute_hash() != version.hash:
                raise InvalidInput(f"entry {version.number} does not survive storage unchanged (hash differs)")
        docs = [Document(data, doc_id=v.seq + 1) for data, v in zip(datas, sealed, strict=True)]
        path = self.folder / f"log-{sealed[0].seq:06d}.json"
        append_to_segments(self.segments, self.segment_size, path, self._open_segment, "log", docs)
        for version in stored:
            self._index(version)
        return stored

    def seal(self, versions: Sequence[LogEntry]) -> list[LogEntry]:
        """Chain ``versions`` after the current head: the repository alone assigns seq and prev_hash."""
        previous = self.entries[-1] if self.entries else None
        seq = previous.seq + 1 if previous else 0
        prev_hash = previous.hash if previous else GENESIS_HASH
        sealed = []
        for version in versions:
            version = replace(version, seq=seq, prev_hash=prev_hash, hash="").sealed()
            sealed.append(version)
            seq, prev_hash = seq + 1, version.hash
        return sealed


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
    """Everything of one crisis; drafts, log, transcript and side chains are loaded when first needed.

    Drafts, transcript lines, individual items and stakeholders are journaled: each change is first
    sealed into the crisis's side chain of that stream (``chains.py``), then written to its working
    file. On a writable open the working files are reconciled with their chains (a crash between the
    two writes) and records written before chains existed are adopted into them."""

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
        self.messages = _Records(db, "messages", lambda m: m.message_id, Message.from_dict, path)
        self.comm_links = _Records(db, "comm_links", lambda c: c.link_id, CommLink.from_dict, path)
        if db.storage.exists and not self.crisis.items:  # type: ignore[attr-defined]
            raise CorruptData(f"{path}: no crisis record", file=str(path))
        self._log: _Log | None = None
        self._drafts: _Partitioned[Draft] | None = None
        self._transcript: _Partitioned[TranscriptLine] | None = None
        self._chains: dict[str, Chain] = {}

    @property
    def record(self) -> Crisis:
        return next(iter(self.crisis.items.values()))

    # --- chains ------------------------------------------------------------------------------------

    def chain(self, name: str) -> Chain:
        chain = self._chains.get(name)
        if chain is None:
            chain = Chain(
                self.folder, name, lambda p: self.opts.open_db(p, append_only=True), self.opts.read_only,
                self.segment_size,
            )
            self._chains[name] = chain
            if name == "individual":
                self._reconcile(chain, "individual", self.individual)
                self._reconcile(chain, "stakeholder", self.stakeholders)
            if name == "messages":
                self._reconcile(chain, "message", self.messages)
                self._reconcile(chain, "comm_link", self.comm_links)
        return chain

    def journal(self, chain_name: str, record_type: str, store: Any, objs: Sequence[Any]) -> None:
        """Seal the changed records into their chain (one write), then write them (one write per file).

        A record equal to its chain's newest version is not sealed again (a retry adds nothing)."""
        chain = self.chain(chain_name)
        changes = []
        for obj in objs:
            data = _encode(obj)
            key = store.key(obj)
            if chain.latest.get((record_type, key)) != data:
                changes.append((record_type, key, data))
        chain.append(changes)
        store.put_many(objs)

    def _reconcile(self, chain: Chain, record_type: str, store: Any) -> None:
        """Working file vs chain after opening: copy a newer chain version back (a crash between the two
        writes); adopt records of a chain-less (older) data folder. Records that differ from every
        version their chain holds were changed by hand: left alone for ``verify`` to name."""
        if self.opts.read_only:
            return
        behind, unknown = [], []
        current = {store.key(obj): obj for obj in store.values()}
        for (kind, key), data in chain.latest.items():
            if kind != record_type:
                continue
            obj = current.get(key)
            stored = None if obj is None else _encode(obj)
            if stored is None or (stored != data and digest(stored) in chain.seen[(kind, key)]):
                behind.append(_decode(store.decoder, data, chain.folder, f"{kind} {key}"))
        known_type = any(kind == record_type for kind, _ in chain.latest)
        unknown = [obj for key, obj in current.items() if (record_type, key) not in chain.latest]
        try:
            if unknown and not known_type:
                chain.append([(record_type, store.key(obj), _encode(obj)) for obj in unknown])
                log.info("adopted %d %s records of %s into their chain", len(unknown), record_type, self.folder)
            if behind:
                store.put_many(behind)
                log.info("repaired %d %s records of %s from their chain", len(behind), record_type, self.folder)
        except StorageError as exc:
            log.warning("could not reconcile %s records of %s (%s); retried on next open", record_type, self.folder, exc)

    def heads(self) -> dict[str, ChainHead]:
        """Count and head hash of the log and of every side chain (from the cache)."""
        log_ = self.log()
        heads = {"log": ChainHead(len(log_.entries), log_.entries[-1].hash if log_.entries else GENESIS_HASH)}
        for name in CHAIN_NAMES:
            chain = self.chain(name)
            heads[name] = ChainHead(chain.count, chain.head)
        return heads

    # --- streams -----------------------------------------------------------------------------------

    def log(self) -> _Log:
        if self._log is None:
            self._log = _Log(self.folder / LOG_DIR, self.opts, self.segment_size)
            if not self.opts.read_only:
                self._repair_status_pairs(self._log)
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
            self._reconcile(self.chain("drafts"), "draft", self._drafts)
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
            self._reconcile(self.chain("transcript"), "transcript", self._transcript)
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
        fixed = [f for d in self._drafts.values() if (f := self.effective(d)) is not d]
        if not fixed:
            return
        try:
            self.journal("drafts", "draft", self._drafts, fixed)
            log.info("repaired %d drafts: confirmed in the log", len(fixed))
        except StorageError as exc:
            log.warning("could not repair %d drafts (%s); they are reported confirmed anyway", len(fixed), exc)

    def _repair_status_pairs(self, log_: _Log) -> None:
        """Files of older versions wrote a status entry and its task's new version in two steps: add the
        task version a failure between them left out (one write, marked as repaired)."""
        missing = missing_status_versions(log_)
        if not missing:
            return
        try:
            log_.append_many(log_.seal(missing))
            log.warning("repaired %d task versions missing after their status entry", len(missing))
        except StorageError as exc:
            log.warning("could not repair missing task versions (%s); retried on next open", exc)


def missing_status_versions(log_: _Log) -> list[LogEntry]:
    """The task version an S-entry announced but that was never written (two-step writes of old versions).

    Conservative on purpose: only for the newest version of the log (where a crash or a full disk between
    the two writes leaves it), only when the task is not already in the announced status, and never
    when a version of the task mentions this S-entry. An S-entry further back without a task version
    may be how older logs recorded a status (exports read it as a status update): left alone."""
    if not log_.entries:
        return []
    repairs: list[LogEntry] = []
    latest = dict(log_.latest)
    for status_entry in log_.entries[-1:]:
        content = status_entry.content
        if content.kind is not EntryKind.STATUS or not content.ref or content.new_status is None:
            continue
        target_id = log_.entry_of_number.get(content.ref.strip().upper())
        target = latest.get(target_id) if target_id else None
        if target is None or not target.kind.is_task:
            continue
        note = f"via {status_entry.number}"
        if target.seq > status_entry.seq or any(
            v.entry_id == target_id and note in v.change_note for v in log_.entries
        ):
            continue
        if target.status is content.new_status:
            continue
        repairs.append(
            replace(
                target,
                version=target.version + 1,
                status=content.new_status,
                status_changed_at=status_entry.confirmed_at,
                status_changed_by=status_entry.confirmed_by,
                confirmed_by=status_entry.confirmed_by,
                confirmed_at=status_entry.confirmed_at,
                change_note=f"status {note} (hersteld bij openen)",
                hash="",
            )
        )
        latest[target_id] = repairs[-1]  # a second S-entry for the same task sees this one
    return repairs


def _take_lock(data_dir: Path) -> tuple[int | None, bool]:
    """Exclusive flock on ``<data>/.lock``. Returns (fd, writable). The fd is opened read-only so the
    folder's medium can still be remounted read-only under a running app (writes then fail cleanly)."""
    path = data_dir / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CREAT, 0o600)
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
                secure_tree(self.data_dir)
            else:
                log.warning("data folder %s is read-only: opened without writing", self.data_dir)
        self._opts = _Options(self.read_only, fsync)
        self._segment_size = log_segment_size
        self._settings_db: TinyDB | None = None
        self._settings: _Records[Any] | None = None
        self._stores: dict[str, _CrisisStore] = {}
        self._quarantined: dict[str, PartQuarantined] = {}  # crisis_id -> why it is out of service
        self._stray: dict[str, DamagedPart] = {}  # folders in crises/ that hold data but no crisis
        self._settings_damage: CorruptData | None = None
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
            if name in self._stores or name in self._quarantined or name.startswith("."):
                continue
            folder = root / name
            if _SAFE_ID.match(name) and (folder / CRISIS_FILE).is_file():
                with contextlib.suppress(PartQuarantined):  # recorded; the other crises stay usable
                    self._open_store(name)
            elif _holds_data(folder):
                # data without its crisis record: never hidden, but it blocks nothing else either
                missing = folder / CRISIS_FILE
                self._stray[name] = DamagedPart(
                    None, "folder", str(folder), f"{missing}: missing, but {folder} holds data"
                )
                log.info("quarantined folder %s: no %s", folder, CRISIS_FILE)
        self._scanned = True

    def _open_store(self, crisis_id: str) -> _CrisisStore:
        folder = self._crisis_folder(crisis_id)
        try:
            store = _CrisisStore(folder, self._opts, self._segment_size)
        except CorruptData as exc:
            damaged = str(exc.params.get("file") or folder / CRISIS_FILE)
            error = PartQuarantined(
                f"crisis {crisis_id}: {exc.detail}", crisis_id=crisis_id, part="crisis", file=damaged
            )
            self._quarantined[crisis_id] = error
            log.info("quarantined crisis %s: %s", crisis_id, exc.detail)
            raise error from exc
        self._stores[crisis_id] = store
        return store

    def _store(self, crisis_id: str) -> _CrisisStore:
        store = self._stores.get(crisis_id)
        if store is not None:
            return store
        if crisis_id in self._quarantined:
            raise self._quarantined[crisis_id]
        if isinstance(crisis_id, str) and _SAFE_ID.match(crisis_id):
            if (self._crisis_folder(crisis_id) / CRISIS_FILE).is_file():
                return self._open_store(crisis_id)
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
            if _holds_data(folder):
                raise InvalidInput(f"{folder} already holds data of another crisis", field="crisis_id") from None
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
        store.journal("drafts", "draft", store.drafts(), [draft])

    @_locked
    def save_drafts(self, drafts: Sequence[Draft]) -> None:
        """Several drafts (those of one typed line or utterance): one chain write plus one file write."""
        self._check_writable()
        if not drafts:
            return
        if len({d.crisis_id for d in drafts}) != 1 or len({d.draft_id for d in drafts}) != len(drafts):
            raise InvalidInput("save_drafts takes distinct drafts of one crisis", field="drafts")
        store = self._store(drafts[0].crisis_id)
        for draft in drafts:
            self._check_draft_transition(store, draft)
        store.journal("drafts", "draft", store.drafts(), list(drafts))

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
        return self.append_entries([entry], decided_draft)[0]

    @_locked
    def append_entries(
        self,
        versions: Sequence[LogEntry],
        decided_draft: Draft | None = None,
        based_on: Mapping[str, int] | None = None,
    ) -> list[LogEntry]:
        """Seal and store several versions of one crisis in ONE atomic file write (all or none).

        For one change that needs more than one version: a status entry plus the task's new version,
        closing a meeting, a phase change. The repository alone assigns ``seq`` and ``prev_hash``.
        ``decided_draft`` belongs to the version carrying its ``draft_id`` (else the first new entry).
        ``based_on`` maps entry_id → the version the user's edit started from: when that is no longer
        the newest stored version, ``VersionConflict`` and nothing is written (a double tap, an edit
        crossing another one)."""
        self._check_writable()
        versions = list(versions)
        if not versions:
            raise InvalidInput("nothing to append", field="versions")
        crisis_id = versions[0].crisis_id
        if any(v.crisis_id != crisis_id for v in versions):
            raise InvalidInput("one call appends versions of one crisis", field="versions")
        store = self._store(crisis_id)
        log_ = store.log()
        if decided_draft is not None:
            i = _decided_index(versions, decided_draft)
            versions[i], decided_draft = self._prepare_decided(store, versions[i], decided_draft)
        _check_versions(log_, versions, based_on or {})
        stored = log_.append_many(log_.seal(versions))  # durable from here on; raises before anything shows
        if decided_draft is not None:
            try:
                store.journal("drafts", "draft", store.drafts(), [decided_draft])
            except StorageError as exc:
                # The entries are confirmed and durable; the draft is reported confirmed from the log.
                log.warning(
                    "entry %s stored, but its draft %s was not updated (%s); repaired on next open",
                    stored[0].number,
                    decided_draft.draft_id,
                    exc,
                )
        return stored

    @_locked
    def latest_version(self, crisis_id: str, entry_id: str) -> LogEntry:
        """The newest stored version of an entry (to make "same status again" a no-op, to fill
        ``based_on``)."""
        latest = self._store(crisis_id).log().latest.get(entry_id)
        if latest is None:
            raise NotFound(f"entry {entry_id}", crisis_id=crisis_id, entry_id=entry_id)
        return latest

    @_locked
    def chain_heads(self, crisis_id: str) -> dict[str, ChainHead]:
        """Count and head hash of the log (``"log"``) and of every side chain, for anchors and screens."""
        return self._store(crisis_id).heads()

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
        store = self._store(item.crisis_id)
        store.journal("individual", "individual", store.individual, [item])

    @_locked
    def list_stakeholders(self, crisis_id: str) -> list[Stakeholder]:
        return self._store(crisis_id).stakeholders.values()

    @_locked
    def save_stakeholder(self, stakeholder: Stakeholder) -> None:
        self._check_writable()
        store = self._store(stakeholder.crisis_id)
        store.journal("individual", "stakeholder", store.stakeholders, [stakeholder])

    # --- message register and communication schema ------------------------------------------------

    @_locked
    def list_messages(self, crisis_id: str) -> list[Message]:
        store = self._store(crisis_id)
        store.chain("messages")  # reconciles the working records with their chain on first use
        return store.messages.values()

    @_locked
    def message_versions(self, crisis_id: str) -> list[Message]:
        """Every stored version of every message, in the order they were sealed (from the chain files)."""
        store = self._store(crisis_id)
        return [
            _decode(Message.from_dict, r.data, store.folder, f"message {r.record_id}")
            for r in read_chain(store.folder, "messages")
            if r.record_type == "message"
        ]

    @_locked
    def save_message(self, message: Message) -> None:
        """Append a message version: version 1 for a new message, else exactly one more than stored
        (``VersionConflict`` otherwise: another device stored a version meanwhile)."""
        self._check_writable()
        store = self._store(message.crisis_id)
        store.chain("messages")
        current = store.messages.get(message.message_id)
        expected = current.version + 1 if current else 1
        if message.version != expected:
            raise VersionConflict(
                f"message {message.number} is at version {expected - 1}, not {message.version - 1}",
                number=message.number, based_on=message.version - 1, current=expected - 1,
            )
        store.journal("messages", "message", store.messages, [message])

    @_locked
    def list_comm_links(self, crisis_id: str) -> list[CommLink]:
        store = self._store(crisis_id)
        store.chain("messages")
        return store.comm_links.values()

    @_locked
    def save_comm_link(self, link: CommLink) -> None:
        self._check_writable()
        store = self._store(link.crisis_id)
        store.journal("messages", "comm_link", store.comm_links, [link])

    # --- transcript ----------------------------------------------------------------------------------

    @_locked
    def append_transcript(self, line: TranscriptLine) -> None:
        self._check_writable()
        store = self._store(line.crisis_id)
        transcript = store.transcript()
        if transcript.get(line.line_id) is not None:
            raise InvalidInput(f"transcript line {line.line_id} already exists", field="line_id")
        store.journal("transcript", "transcript", transcript, [line])

    @_locked
    def update_transcript(self, line: TranscriptLine) -> None:
        self._check_writable()
        store = self._store(line.crisis_id)
        transcript = store.transcript()
        if transcript.get(line.line_id) is None:
            raise NotFound(f"transcript line {line.line_id}", line_id=line.line_id)
        store.journal("transcript", "transcript", transcript, [line])

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
        """The installation settings; a damaged ``settings.json`` reads as empty (defaults) and is
        reported by ``damaged_parts`` instead of blocking every crisis."""
        try:
            current = self._settings_records().get("settings")
        except CorruptData as exc:
            self._settings_damage = exc
            log.info("settings quarantined: %s", exc.detail)
            return {}
        return copy.deepcopy(current.values) if current else {}

    @_locked
    def save_settings(self, settings: dict[str, Any]) -> None:
        """Store the settings. Over a damaged file: that file is first kept aside as
        ``settings.damaged-N.json`` (never overwritten), then the new settings are written."""
        self._check_writable()
        if not isinstance(settings, dict):
            raise InvalidInput("settings must be a dict", field="settings")
        try:
            records = self._settings_records()
        except CorruptData:
            self._set_damaged_settings_aside()
            records = self._settings_records()
        records.put(_Settings(copy.deepcopy(settings)))

    def _set_damaged_settings_aside(self) -> None:
        path = self.data_dir / SETTINGS_FILE
        n = 1
        while (aside := self.data_dir / f"settings.damaged-{n}.json").exists():
            n += 1
        try:
            os.rename(path, aside)
        except OSError as exc:
            raise storage_error(exc, path, "move aside") from exc
        fsync_dir(self.data_dir)
        log.warning("damaged %s kept as %s; new settings start from defaults", path, aside)
        self._settings_damage = None

    # --- files ---------------------------------------------------------------------------------------

    @_locked
    def audio_dir(self, crisis_id: str) -> Path:
        folder = self._store(crisis_id).folder / AUDIO_DIR
        if not self.read_only:
            make_dirs(folder)
        return folder

    # --- quarantine ----------------------------------------------------------------------------------

    @_locked
    def damaged_parts(self, crisis_id: str | None = None) -> list[DamagedPart]:
        """Every part out of service because a file is damaged (for a banner and ``verify``).

        Opens the crisis's log, drafts and transcript to find out (all crises without ``crisis_id``)."""
        self._scan()
        found: list[DamagedPart] = []
        if crisis_id is None:
            found += self._stray.values()
            self.get_settings()
            if self._settings_damage is not None:
                exc = self._settings_damage
                found.append(DamagedPart(None, "settings", str(exc.params.get("file", "")), exc.detail))
        ids = [crisis_id] if crisis_id is not None else sorted({*self._stores, *self._quarantined})
        for cid in ids:
            found += self._damaged_in(cid)
        return found

    def _damaged_in(self, crisis_id: str) -> list[DamagedPart]:
        if crisis_id in self._quarantined:
            error = self._quarantined[crisis_id]
            return [DamagedPart(crisis_id, "crisis", str(error.params.get("file")), error.detail)]
        store = self._store(crisis_id)
        found: dict[str, DamagedPart] = {}  # by file: a damaged log also stops reading drafts
        for part, loader in (("log", store.log), ("drafts", store.drafts), ("transcript", store.transcript)):
            try:
                loaded = loader()
            except CorruptData as exc:
                file = str(exc.params.get("file", store.folder))
                found.setdefault(file, DamagedPart(crisis_id, part, file, exc.detail))
                continue
            for exc in getattr(loaded, "damaged", {}).values():
                file = str(exc.params.get("file", ""))
                found.setdefault(file, DamagedPart(crisis_id, part, file, exc.detail))
        return list(found.values())

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


def _holds_data(folder: Path) -> bool:
    """A folder with anything but dot-files in it (an empty folder is a cut-off crisis creation)."""
    try:
        return folder.is_dir() and any(not name.startswith(".") for name in os.listdir(folder))
    except OSError:
        return True


def _decided_index(versions: Sequence[LogEntry], draft: Draft) -> int:
    """Which version a decided draft belongs to: the one naming it, else the first new entry."""
    for i, version in enumerate(versions):
        if version.draft_id == draft.draft_id:
            return i
    for i, version in enumerate(versions):
        if version.version == 1 and version.draft_id is None:
            return i
    raise InvalidInput(f"no new entry in this change for draft {draft.draft_id}", field="draft")


def _check_versions(log_: _Log, versions: Sequence[LogEntry], based_on: Mapping[str, int]) -> None:
    """Confirmed versions are never overwritten: each must follow the newest stored (or earlier in this
    call) version of its entry; numbers stay unique and unchanged. Raises before anything is written."""
    last = dict(log_.last_version)
    numbers = dict(log_.number_of)
    owners = dict(log_.entry_of_number)
    for entry_id, version in based_on.items():
        stored = last.get(entry_id, 0)
        if stored != version:
            number = numbers.get(entry_id, entry_id)
            raise VersionConflict(
                f"{number}: edit based on version {version}, stored is {stored}",
                number=number, based_on=version, current=stored, field="version",
            )
    for entry in versions:
        stored = last.get(entry.entry_id, 0)
        if entry.version != stored + 1:
            raise VersionConflict(
                f"{entry.number}: version {entry.version} does not follow stored version {stored}; "
                "confirmed versions are never overwritten",
                number=entry.number, based_on=entry.version - 1, current=stored, field="version",
            )
        if stored == 0:
            owner = owners.get(entry.number)
            if owner is not None and owner != entry.entry_id:
                raise InvalidInput(f"number {entry.number} is already used in this crisis", field="number")
            numbers[entry.entry_id] = entry.number
            owners[entry.number] = entry.entry_id
        elif numbers[entry.entry_id] != entry.number:
            raise InvalidInput(f"a new version cannot change the number {numbers[entry.entry_id]}", field="number")
        last[entry.entry_id] = entry.version


def open_repository(data_dir: str | Path | None = None, *, read_only: bool = False) -> TinyDBRepository:
    """Open the installation's data folder (``--data-dir`` / ``$ASSISTANT_DATA_DIR`` / platform default)."""
    from assistant.storage.paths import resolve_data_dir

    return TinyDBRepository(
        resolve_data_dir(None if data_dir is None else str(data_dir)), read_only=read_only
    )
