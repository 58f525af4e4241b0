"""Side chains: every version of drafts, transcript lines and the chair's individual log, hash-chained.

The confirmed log has its own chain (``LogEntry``). The records around it (drafts with their
rejection reasons, what was heard, the chair's own log and stakeholders) are mutable working
records, stored per meeting for speed. To make them evidence too, every change is first appended
to a chain of its own, then written to the working file:

    crises/<id>/chains/drafts/drafts-000000.json         (append-only segments, like the log)
    crises/<id>/chains/transcript/transcript-000000.json
    crises/<id>/chains/individual/individual-000000.json (individual items and stakeholders)
    crises/<id>/chains/messages/messages-000000.json     (the message register and communication schema)

A crash between the two writes leaves the chain one step ahead; the next writable open copies the
chain's newest version back into the working file. A working record that differs from every
version its chain holds was edited by hand: ``verify`` names it. Records written before chains
existed are adopted into the chain on the first writable open.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from assistant.domain.entries import GENESIS_HASH, ChainProblem
from assistant.domain.errors import CorruptData, InvalidInput
from assistant.storage.atomic import make_dirs, read_json_file, remove_stale_temps

CHAINS_DIR = "chains"
CHAIN_NAMES = ("drafts", "transcript", "individual", "messages")
CHAIN_TABLE = "chain"
_SEGMENT = re.compile(r"^([a-z]+)-(\d+)\.json$")


@dataclass(frozen=True)
class ChainRecord:
    """One sealed version of a working record (a draft, a transcript line, an individual item)."""

    seq: int
    prev_hash: str
    record_type: str  # "draft" | "transcript" | "individual" | "stakeholder" | "message" | "comm_link"
    record_id: str
    data: dict[str, Any]
    hash: str = ""

    def payload(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "prev_hash": self.prev_hash,
            "record_type": self.record_type,
            "record_id": self.record_id,
            "data": self.data,
        }

    def compute_hash(self) -> str:
        canonical = json.dumps(self.payload(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        return {**self.payload(), "hash": self.hash}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChainRecord:
        if not isinstance(data.get("data"), dict):
            raise ValueError("chain record without data")
        return cls(
            int(data["seq"]),
            str(data["prev_hash"]),
            str(data["record_type"]),
            str(data["record_id"]),
            data["data"],
            str(data.get("hash", "")),
        )


def verify_records(records: Sequence[ChainRecord]) -> list[ChainProblem]:
    """Same checks as the log's ``verify_chain``: positions, links and seals. Empty list: intact."""
    problems: list[ChainProblem] = []
    prev = GENESIS_HASH
    versions: dict[tuple[str, str], int] = {}
    for expected, record in enumerate(sorted(records, key=lambda r: r.seq)):
        key = (record.record_type, record.record_id)
        versions[key] = versions.get(key, 0) + 1
        name = f"{record.record_type} {record.record_id}"
        if record.seq != expected:
            problems.append(ChainProblem(record.seq, name, versions[key], "gap"))
        if record.prev_hash != prev:
            problems.append(ChainProblem(record.seq, name, versions[key], "broken_link"))
        if record.compute_hash() != record.hash:
            problems.append(ChainProblem(record.seq, name, versions[key], "hash_mismatch"))
        prev = record.hash
    return problems


def segment_paths(folder: Path, name: str) -> list[Path]:
    """The segment files of one chain, in append order."""
    if not folder.is_dir():
        return []
    found = []
    for file_name in os.listdir(folder):
        match = _SEGMENT.match(file_name)
        if match and match.group(1) == name:
            found.append((int(match.group(2)), folder / file_name))
    return [path for _, path in sorted(found)]


def read_chain(crisis_folder: Path, name: str) -> list[ChainRecord]:
    """Every record of a chain straight from the files, in ``seq`` order (for ``verify``)."""
    records: list[ChainRecord] = []
    for path in segment_paths(crisis_folder / CHAINS_DIR / name, name):
        for doc_id, doc in read_json_file(path).get(CHAIN_TABLE, {}).items():
            records.append(_decode(doc, path, doc_id))
    return sorted(records, key=lambda r: r.seq)


def _decode(doc: dict[str, Any], path: Path, doc_id: str) -> ChainRecord:
    try:
        return ChainRecord.from_dict(doc)
    except (KeyError, ValueError, TypeError) as exc:
        raise CorruptData(f"{path}: chain record {doc_id} cannot be read ({exc})", file=str(path)) from exc


@dataclass
class _ChainSegment:
    db: TinyDB
    count: int


class Chain:
    """One append-only chain of a crisis, cached: the newest version of every record by id."""

    def __init__(
        self, crisis_folder: Path, name: str, open_db: Callable[[Path], TinyDB], read_only: bool, size: int
    ) -> None:
        self.name = name
        self.folder = crisis_folder / CHAINS_DIR / name
        self.open_db = open_db
        self.segment_size = size
        self.segments: list[_ChainSegment] = []
        self.count = 0
        self.head = GENESIS_HASH
        self.latest: dict[tuple[str, str], dict[str, Any]] = {}
        self.seen: dict[tuple[str, str], set[str]] = {}  # digests of every version (repair decisions)
        if self.folder.is_dir() and not read_only:
            remove_stale_temps(self.folder)
        records: list[ChainRecord] = []
        for path in segment_paths(self.folder, name):
            db = open_db(path)
            raw = db.storage.tables().get(CHAIN_TABLE, {})  # type: ignore[attr-defined]
            records += [_decode(doc, path, doc_id) for doc_id, doc in raw.items()]
            self.segments.append(_ChainSegment(db, len(raw)))
        for record in sorted(records, key=lambda r: r.seq):
            self._index(record)

    def _index(self, record: ChainRecord) -> None:
        key = (record.record_type, record.record_id)
        self.latest[key] = record.data
        self.seen.setdefault(key, set()).add(digest(record.data))
        self.count = record.seq + 1
        self.head = record.hash

    def append(self, changes: Sequence[tuple[str, str, dict[str, Any]]]) -> list[ChainRecord]:
        """Seal and store ``(record_type, record_id, data)`` changes in one atomic file write."""
        if not changes:
            return []
        sealed: list[ChainRecord] = []
        prev, seq = self.head, self.count
        for record_type, record_id, data in changes:
            record = replace(ChainRecord(seq, prev, record_type, record_id, data), hash="")
            record = replace(record, hash=record.compute_hash())
            sealed.append(record)
            prev, seq = record.hash, seq + 1
        new_segment = not self.segments or self.segments[-1].count >= self.segment_size
        if new_segment:
            make_dirs(self.folder)
            path = self.folder / f"{self.name}-{self.count:06d}.json"
            if path.exists():
                raise CorruptData(f"{path}: chain segment exists but is not the last one", file=str(path))
            segment = _ChainSegment(self.open_db(path), 0)
        else:
            segment = self.segments[-1]
        docs = [Document(r.to_dict(), doc_id=r.seq + 1) for r in sealed]
        try:
            segment.db.table(CHAIN_TABLE, cache_size=0).insert_multiple(docs)
        except ValueError as exc:  # doc id taken: the file was edited by hand
            raise CorruptData(f"{self.folder}: seq {self.count} already stored ({exc})") from exc
        if new_segment:
            self.segments.append(segment)
        segment.count += len(sealed)
        for record in sealed:
            self._index(record)
        return sealed


def encode_record(obj: Any) -> dict[str, Any]:
    """``obj.to_dict()`` as fresh JSON data, as the chain and the working file store it."""
    try:
        return json.loads(json.dumps(obj.to_dict(), ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"{type(obj).__name__} cannot be stored: {exc}") from exc


def canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def digest(data: dict[str, Any]) -> str:
    """Short fingerprint of a record's data (to compare a working record with its chain's versions)."""
    return hashlib.sha256(canonical(data).encode("utf-8")).hexdigest()
