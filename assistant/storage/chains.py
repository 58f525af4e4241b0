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

import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from assistant.domain.entries import GENESIS_HASH, ChainProblem
from assistant.domain.errors import CorruptData, InvalidInput
from assistant.domain.records import Sealed, record_from_dict
from assistant.domain.records import canonical_digest as digest
from assistant.storage.atomic import make_dirs, read_json_file, remove_stale_temps

CHAINS_DIR = "chains"
CHAIN_NAMES = ("drafts", "transcript", "individual", "messages")
CHAIN_TABLE = "chain"
_SEGMENT = re.compile(r"^([a-z]+)-(\d+)\.json$")


@dataclass(frozen=True)
class ChainRecord(Sealed):
    """One sealed version of a working record (a draft, a transcript line, an individual item)."""

    seq: int
    prev_hash: str
    record_type: str  # "draft" | "transcript" | "individual" | "stakeholder" | "message" | "comm_link"
    record_id: str
    data: dict[str, Any]
    hash: str = ""

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChainRecord:
        if not isinstance(data.get("data"), dict):
            raise ValueError("chain record without data")
        return record_from_dict(cls, data)


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
class Segment:
    """One append-only segment file (of the log or a side chain): its TinyDB, its table, how many
    records it holds."""

    db: TinyDB
    table: Table
    count: int


def append_to_segments(
    segments: list[Segment],
    size: int,
    new_path: Path,
    open_db: Callable[[Path], TinyDB],
    table: str,
    docs: Sequence[Document],
) -> None:
    """Store ``docs`` (doc id = seq + 1) in ONE file write: in the last segment, or in a new one at
    ``new_path`` when the last is full. A full segment is never written again; the docs of one call
    always share a segment (it may so hold a few more than ``size``). Shared by the log and the side
    chains, so both keep the same rules for segments."""
    kind = new_path.parent.name
    new_segment = not segments or segments[-1].count >= size
    if new_segment:
        make_dirs(new_path.parent)
        if new_path.exists():
            raise CorruptData(
                f"{new_path}: {kind} segment exists but is not the last one", file=str(new_path)
            )
        db = open_db(new_path)
        segment = Segment(db, db.table(table, cache_size=0), 0)
    else:
        segment = segments[-1]
    try:
        segment.table.insert_multiple(docs)
    except ValueError as exc:  # doc id taken: the file was edited by hand
        raise CorruptData(f"{new_path.parent}: seq {docs[0].doc_id - 1} already stored ({exc})") from exc
    if new_segment:
        segments.append(segment)
    segment.count += len(docs)


class Chain:
    """One append-only chain of a crisis, cached: the newest version of every record by id."""

    def __init__(
        self, crisis_folder: Path, name: str, open_db: Callable[[Path], TinyDB], read_only: bool, size: int
    ) -> None:
        self.name = name
        self.folder = crisis_folder / CHAINS_DIR / name
        self.open_db = open_db
        self.segment_size = size
        self.segments: list[Segment] = []
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
            self.segments.append(Segment(db, db.table(CHAIN_TABLE, cache_size=0), len(raw)))
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
        docs = [Document(r.to_dict(), doc_id=r.seq + 1) for r in sealed]
        path = self.folder / f"{self.name}-{self.count:06d}.json"
        append_to_segments(self.segments, self.segment_size, path, self.open_db, CHAIN_TABLE, docs)
        for record in sealed:
            self._index(record)
        return sealed


def encode_record(obj: Any) -> dict[str, Any]:
    """``obj.to_dict()`` as fresh JSON data, as the chain and the working file store it."""
    try:
        return json.loads(json.dumps(obj.to_dict(), ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"{type(obj).__name__} cannot be stored: {exc}") from exc
