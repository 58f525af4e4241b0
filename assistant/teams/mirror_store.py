"""Other teams' confirmed logs as we received them: read-only records, chain-checked on arrival.

One file per team per incident: ``<data>/teams/mirrors/<incident>/<team>.json`` (table ``log``,
document id = seq + 1), written atomically and fsync'd like the own log, append-only. A batch that
does not extend the stored chain exactly (position, link to the previous version, seal, version
number: ``verify_chain``'s rules) is refused whole (``MirrorChainBroken``) and nothing is stored:
a forged or reordered record never enters our files. Only the teams service writes here (one
writer); screens and ``verify`` read.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tinydb import TinyDB
from tinydb.table import Document

from assistant.domain.entries import GENESIS_HASH, ChainProblem, LogEntry, verify_chain
from assistant.storage.atomic import AtomicJSONStorage, make_dirs, read_json_file, remove_stale_temps
from assistant.storage.repository import ChainHead
from assistant.teams.config import TEAMS_DIR
from assistant.teams.errors import MirrorChainBroken

MIRRORS_DIR = "mirrors"
TABLE = "log"


def mirror_file(data_dir: Path, incident: str, team: str) -> Path:
    return data_dir / TEAMS_DIR / MIRRORS_DIR / incident / f"{team}.json"


@dataclass(frozen=True)
class MirrorReport:
    """``verify``'s view of one mirrored chain."""

    team: str
    incident: str
    head: ChainHead
    problems: tuple[ChainProblem, ...]


class MirrorStore:
    """The mirrored log of one other team (one incident)."""

    def __init__(self, data_dir: Path, incident: str, team: str, read_only: bool = False) -> None:
        self.team = team
        self.path = mirror_file(data_dir, incident, team)
        self._lock = threading.Lock()
        if not read_only:
            make_dirs(self.path.parent)
            remove_stale_temps(self.path.parent)
        self._db = TinyDB(self.path, storage=AtomicJSONStorage, read_only=read_only, append_only=True)
        self._versions = [LogEntry.from_dict(doc) for doc in self._raw().values()]
        self._versions.sort(key=lambda v: v.seq)

    def _raw(self) -> dict[str, dict]:
        return self._db.storage.tables().get(TABLE, {})  # type: ignore[attr-defined]

    @property
    def count(self) -> int:
        return len(self._versions)

    @property
    def head(self) -> ChainHead:
        return ChainHead(self.count, self._versions[-1].hash if self._versions else GENESIS_HASH)

    def versions(self) -> list[LogEntry]:
        with self._lock:
            return list(self._versions)

    def append(self, arrived: Sequence[LogEntry]) -> None:
        """Store versions that extend the chain; refuse the whole batch otherwise."""
        if not arrived:
            return
        with self._lock:
            candidate = self._versions + sorted(arrived, key=lambda v: v.seq)
            problems = verify_chain(candidate)
            if problems:
                first = problems[0]
                raise MirrorChainBroken(
                    f"{self.team}: mirrored {first.number} v{first.version} "
                    f"at seq {first.seq}: {first.problem}",
                    team=self.team,
                    seq=first.seq,
                    problem=first.problem,
                )
            docs = [Document(v.to_dict(), doc_id=v.seq + 1) for v in arrived]
            self._db.table(TABLE, cache_size=0).insert_multiple(docs)
            self._versions = candidate

    def close(self) -> None:
        self._db.close()


def read_versions(path: Path) -> list[LogEntry]:
    """A mirror file's versions in chain order, read without opening the store (verify, reports);
    a team we never heard from has no file: no versions."""
    raw = read_json_file(path).get(TABLE, {}) if path.exists() else {}
    return sorted((LogEntry.from_dict(doc) for doc in raw.values()), key=lambda v: v.seq)


def check_mirrors(data_dir: Path) -> list[MirrorReport]:
    """Every mirrored chain straight from the files (for ``assistant verify``)."""
    root = data_dir / TEAMS_DIR / MIRRORS_DIR
    reports = []
    for incident_dir in sorted(p for p in root.glob("*") if p.is_dir()) if root.is_dir() else []:
        for path in sorted(incident_dir.glob("*.json")):
            versions = read_versions(path)
            head = ChainHead(len(versions), versions[-1].hash if versions else GENESIS_HASH)
            reports.append(MirrorReport(path.stem, incident_dir.name, head, tuple(verify_chain(versions))))
    return reports
