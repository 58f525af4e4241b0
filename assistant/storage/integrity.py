"""Integrity of a data folder as it is on disk: every chain, every working file, anchors.

Used by ``assistant verify`` (also ``--json`` and ``--anchor``) and by ``restore`` (to check a backup
before it replaces anything). Reads files only; never writes and takes no lock.

An **anchor** is an earlier ``verify --json`` output: per crisis and per chain, the number of records
and the hash of the newest one. A chain still *extends* its anchor when it holds at least that many
records and the record at the anchor's position still has the anchor's hash (the chain links prove
everything before it unchanged). A forger who edits history and re-seals every later hash, or who
deletes the newest versions, produces a chain that verifies on its own but no longer extends the anchor.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.domain.entries import GENESIS_HASH, ChainProblem, verify_chain
from assistant.domain.errors import CorruptData, StorageError
from assistant.storage.atomic import read_json_file
from assistant.storage.chains import CHAIN_NAMES, digest, read_chain, verify_records
from assistant.storage.repository import ChainHead, DamagedPart
from assistant.storage.tinydb_repo import (
    CRISES_DIR,
    CRISIS_FILE,
    DRAFTS_DIR,
    SETTINGS_FILE,
    TRANSCRIPT_DIR,
    _PARTITION_FILE,
    _SAFE_ID,
    read_log_versions,
)

ANCHOR_FORMAT = "cmt-assistant.anchor"
ANCHOR_VERSION = 1
ALL_CHAINS = ("log", *CHAIN_NAMES)
_WORKING = {  # side chain -> (record_type, id field, where the working records are)
    "drafts": (("draft", "draft_id", DRAFTS_DIR, "drafts"),),
    "transcript": (("transcript", "line_id", TRANSCRIPT_DIR, "transcript"),),
    "individual": (
        ("individual", "item_id", None, "individual"),
        ("stakeholder", "stakeholder_id", None, "stakeholders"),
    ),
    "messages": (
        ("message", "message_id", None, "messages"),
        ("comm_link", "link_id", None, "comm_links"),
    ),
}


@dataclass
class CrisisReport:
    """What ``verify`` found for one crisis folder."""

    crisis_id: str
    name: str = ""
    started_at: str | None = None
    hashes: dict[str, list[str]] = field(default_factory=dict)  # chain -> every record's hash, in order
    problems: dict[str, list[ChainProblem]] = field(default_factory=dict)
    damaged: list[DamagedPart] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.damaged and not any(self.problems.values())

    def head(self, chain: str) -> ChainHead:
        hashes = self.hashes.get(chain, [])
        return ChainHead(len(hashes), hashes[-1] if hashes else GENESIS_HASH)

    def to_anchor(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "started_at": self.started_at,
            "intact": self.ok,
            "chains": {
                name: {"count": self.head(name).count, "head": self.head(name).head}
                for name in ALL_CHAINS
                if name in self.hashes
            },
        }


@dataclass
class FolderReport:
    crises: list[CrisisReport]
    damaged: list[DamagedPart]  # installation files and stray folders

    @property
    def ok(self) -> bool:
        return not self.damaged and all(c.ok for c in self.crises)

    def to_anchor(self, generated_at: str | None = None) -> dict[str, Any]:
        return {
            "format": ANCHOR_FORMAT,
            "format_version": ANCHOR_VERSION,
            "generated_at": generated_at,
            "intact": self.ok,
            "crises": {c.crisis_id: c.to_anchor() for c in self.crises},
            "damaged": [
                {"crisis_id": d.crisis_id, "part": d.part, "file": d.file, "detail": d.detail}
                for d in self.damaged + [d for c in self.crises for d in c.damaged]
            ],
        }


@dataclass(frozen=True)
class AnchorBreak:
    """A chain that no longer extends its anchor."""

    crisis_id: str
    name: str
    chain: str
    reason: str  # "crisis_missing" | "truncated" | "rewritten" | "unreadable"
    anchored: int  # records at anchor time
    now: int  # records now


def check_folder(data_dir: Path, crisis_id: str | None = None) -> FolderReport:
    """Check every crisis (or one) of a data folder, plus its installation files."""
    root = data_dir / CRISES_DIR
    damaged: list[DamagedPart] = []
    reports = []
    names = sorted(os.listdir(root)) if root.is_dir() else []
    if crisis_id is not None:
        names = [crisis_id]
    for name in names:
        folder = root / name
        if name.startswith(".") or not folder.is_dir():
            continue
        if not _SAFE_ID.match(name) or not (folder / CRISIS_FILE).is_file():
            if any(not entry.startswith(".") for entry in os.listdir(folder)):
                detail = f"{folder / CRISIS_FILE}: missing, but {folder} holds data"
                damaged.append(DamagedPart(None, "folder", str(folder), detail))
            continue
        reports.append(check_crisis(folder))
    if crisis_id is None:
        settings = data_dir / SETTINGS_FILE
        if settings.exists():
            try:
                read_json_file(settings)
            except StorageError as exc:
                damaged.append(DamagedPart(None, "settings", str(settings), exc.detail))
    return FolderReport(reports, damaged)


def check_crisis(folder: Path) -> CrisisReport:
    """Every chain of one crisis (links, seals, positions) and every working record against its chain."""
    report = CrisisReport(folder.name)
    try:
        tables = read_json_file(folder / CRISIS_FILE)
        crisis = next(iter(tables.get("crisis", {}).values()))
        report.name, report.started_at = str(crisis.get("name", "")), crisis.get("started_at")
    except (StorageError, StopIteration, AttributeError) as exc:
        detail = getattr(exc, "detail", f"{folder / CRISIS_FILE}: no crisis record")
        report.damaged.append(DamagedPart(folder.name, "crisis", str(folder / CRISIS_FILE), detail))
        tables = {}
    try:
        versions = read_log_versions(folder)
        report.hashes["log"] = [v.hash for v in versions]
        report.problems["log"] = verify_chain(versions)
    except StorageError as exc:
        report.damaged.append(DamagedPart(folder.name, "log", str(exc.params.get("file", folder)), exc.detail))
    for chain in CHAIN_NAMES:
        _check_side_chain(folder, chain, tables, report)
    return report


def _check_side_chain(folder: Path, chain: str, tables: dict[str, Any], report: CrisisReport) -> None:
    try:
        records = read_chain(folder, chain)
    except StorageError as exc:
        report.damaged.append(DamagedPart(folder.name, chain, str(exc.params.get("file", folder)), exc.detail))
        return
    report.hashes[chain] = [r.hash for r in records]
    problems = verify_records(records)
    seen: dict[tuple[str, str], set[str]] = {}
    for record in records:
        seen.setdefault((record.record_type, record.record_id), set()).add(digest(record.data))
    for record_type, id_field, sub_dir, table in _WORKING[chain]:
        for doc in _working_records(folder, sub_dir, table, tables, report, chain):
            key = (record_type, str(doc.get(id_field)))
            if seen and digest(doc) not in seen.get(key, set()):
                problems.append(ChainProblem(-1, f"{record_type} {key[1]}", 0, "not_in_chain"))
    report.problems[chain] = problems


def _working_records(
    folder: Path, sub_dir: str | None, table: str, tables: dict[str, Any], report: CrisisReport, chain: str
) -> list[dict[str, Any]]:
    if sub_dir is None:
        return list(tables.get(table, {}).values())
    docs: list[dict[str, Any]] = []
    part_folder = folder / sub_dir
    names = sorted(os.listdir(part_folder)) if part_folder.is_dir() else []
    for name in names:
        if not _PARTITION_FILE.match(name):
            continue
        try:
            docs += read_json_file(part_folder / name).get(table, {}).values()
        except CorruptData as exc:
            report.damaged.append(DamagedPart(folder.name, chain, str(part_folder / name), exc.detail))
    return docs


def compare_anchor(anchor: dict[str, Any], report: FolderReport) -> list[AnchorBreak]:
    """Every chain of the anchor that the data folder no longer extends (empty list: all extend)."""
    if not isinstance(anchor, dict) or anchor.get("format") != ANCHOR_FORMAT:
        raise CorruptData("not an anchor file (format cmt-assistant.anchor expected)")
    by_id = {c.crisis_id: c for c in report.crises}
    breaks = []
    for crisis_id, anchored in sorted((anchor.get("crises") or {}).items()):
        name = str(anchored.get("name", ""))
        current = by_id.get(crisis_id)
        if current is None:
            breaks.append(AnchorBreak(crisis_id, name, "*", "crisis_missing", 0, 0))
            continue
        for chain, mark in sorted((anchored.get("chains") or {}).items()):
            breaks += _compare_chain(current, crisis_id, name, chain, mark)
    return breaks


def _compare_chain(
    current: CrisisReport, crisis_id: str, name: str, chain: str, mark: dict[str, Any]
) -> list[AnchorBreak]:
    count, head = int(mark.get("count", 0)), str(mark.get("head", ""))
    if chain not in current.hashes:
        return [AnchorBreak(crisis_id, name, chain, "unreadable", count, 0)]
    hashes = current.hashes[chain]
    if len(hashes) < count:
        return [AnchorBreak(crisis_id, name, chain, "truncated", count, len(hashes))]
    if count and hashes[count - 1] != head:
        return [AnchorBreak(crisis_id, name, chain, "rewritten", count, len(hashes))]
    if current.problems.get(chain):  # the prefix is only proven by intact links
        return [AnchorBreak(crisis_id, name, chain, "rewritten", count, len(hashes))]
    return []
