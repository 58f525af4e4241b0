"""Confirm-entry latency of the storage at 100, 1,000 and 5,000 entries in one crisis.

Three ways to store the same data, side by side:

* ``ours``: ``TinyDBRepository`` — atomic writes with fsync (temp file, fsync, rename, fsync folder),
  log in append-only segments of 250 versions, drafts in one file per meeting. One confirmation =
  ``append_entry(entry, decided_draft)``: the entry version, then the draft's decided state (its
  chain record, then its meeting file). Also measured: a status change (S-entry and the task's new
  version in one write, ``append_entries``) and a typed line's five drafts (``save_drafts``).
* ``atomic_one_file``: the same atomic storage (with fsync), but the log and the drafts in one file
  (what the whole-file rewrite costs when nothing is split).
* ``plain_jsonstorage``: TinyDB's default ``JSONStorage``, one file rewritten in place (it does fsync,
  but a kill mid-write can leave a corrupt file) and re-read from disk on every operation.

Each confirmation writes the entry and updates its draft (2 writes). Prefilled entries come with a
draft each, 100 per meeting. Ends with one JSON line of all figures.

Usage: python bench/store_bench.py [--sizes 100,1000,5000] [--runs 60] [--baseline-runs 15] [--dir DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tinydb import Query, TinyDB  # noqa: E402
from tinydb.storages import JSONStorage  # noqa: E402
from tinydb.table import Document  # noqa: E402

from assistant.domain.entries import (  # noqa: E402
    GENESIS_HASH,
    Draft,
    EntryContent,
    EntryKind,
    LogEntry,
    Origin,
    Reliability,
    TaskStatus,
    next_number,
)
from assistant.domain.meeting import Crisis  # noqa: E402
from assistant.storage.atomic import AtomicJSONStorage  # noqa: E402
from assistant.storage.tinydb_repo import LOG_SEGMENT_SIZE, TinyDBRepository  # noqa: E402

STAMP = "2026-03-02T14:05:00+01:00"
PER_MEETING = 100
KINDS = (
    EntryKind.INFO,
    EntryKind.ACTION,
    EntryKind.DECISION,
    EntryKind.ORDER,
    EntryKind.INFO,
    EntryKind.BOTTLENECK,
)
SPOKEN = "actie voor facilitair de aula van gebouw a inrichten als opvanglocatie uiterlijk kwart over twee"


class Maker:
    """Realistic drafts and entries (about 1.3 KB of JSON per version)."""

    def __init__(self) -> None:
        self.numbers: set[str] = set()
        self.i = 0

    def pair(self) -> tuple[Draft, LogEntry]:
        self.i += 1
        kind = KINDS[self.i % len(KINDS)]
        content = EntryContent(
            kind,
            f"Aula gebouw A inrichten als opvanglocatie met koffie, thee, water en dekens ({self.i}).",
            phase="opdracht",
            reason="Buiten de rookzone en verwarmd." if kind is EntryKind.DECISION else "",
            reliability=Reliability.CONFIRMED if kind is EntryKind.INFO else None,
            owner="facilitair" if kind.is_task else None,
            deadline="2026-03-02T14:15" if kind.is_task else None,
        )
        meeting = self.i // PER_MEETING + 1
        origin = Origin("speech", SPOKEN, f"audio/m{meeting}/u{self.i}.wav", 812.4, 818.9, 0.83, ("kwart",))
        draft = Draft(
            uuid.uuid4().hex[:12], "c1", meeting, STAMP, content, origin, {"kind": 0.92, "owner": 0.8}
        )
        number = next_number(kind, self.numbers)
        self.numbers.add(number)
        entry = LogEntry(
            uuid.uuid4().hex[:12],
            "c1",
            number,
            1,
            meeting,
            STAMP,
            content,
            TaskStatus.OPEN if kind.is_task else None,
            STAMP if kind.is_task else None,
            "logger" if kind.is_task else None,
            "logger",
            STAMP,
            origin,
            draft.draft_id,
            "bevestigd",
            0,
            GENESIS_HASH,
        )
        return draft, entry


def stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": round(statistics.median(ordered) * 1000, 2), "p95": round(p95 * 1000, 2)}


def prefill_ours(folder: Path, n: int, maker: Maker) -> None:
    """Write ``n`` confirmed entries (each with its confirmed draft) straight into the repository's file
    layout, one write per file (appending them one by one would take minutes). ``verify`` checks it."""
    with TinyDBRepository(folder) as repo:
        repo.save_crisis(Crisis("c1", "Brand in gebouw B", "Universiteit Hoogland", STAMP))
    crisis_dir = folder / "crises" / "c1"
    (crisis_dir / "log").mkdir()
    (crisis_dir / "drafts").mkdir()
    entries: list[LogEntry] = []
    drafts: dict[int, list[dict]] = {}
    for seq in range(n):
        draft, entry = maker.pair()
        entry = replace(entry, seq=seq, prev_hash=entries[-1].hash if entries else GENESIS_HASH).sealed()
        entries.append(entry)
        drafts.setdefault(draft.meeting_number or 0, []).append(
            draft.confirm(entry.entry_id, "logger", STAMP).to_dict()
        )
    for start in range(0, n, LOG_SEGMENT_SIZE):
        db = TinyDB(crisis_dir / "log" / f"log-{start:06d}.json", storage=AtomicJSONStorage, append_only=True)
        db.table("log").insert_multiple(
            Document(e.to_dict(), doc_id=e.seq + 1) for e in entries[start : start + LOG_SEGMENT_SIZE]
        )
    for meeting, docs in drafts.items():
        db = TinyDB(crisis_dir / "drafts" / f"meeting-{meeting:04d}.json", storage=AtomicJSONStorage)
        db.table("drafts").insert_multiple(docs)


def bench_one_write_changes(repo: TinyDBRepository, maker: Maker, runs: int) -> dict[str, dict[str, float]]:
    """One-write changes: a status change (S-entry + the task's new version, ``append_entries``) and a
    typed line's five drafts (``save_drafts``: its chain, then its meeting file)."""
    task = next(v for v in reversed(repo.entry_versions("c1")) if v.kind.is_task)
    status_samples, line_samples = [], []
    for i in range(runs):
        status = (TaskStatus.IN_PROGRESS, TaskStatus.DONE)[i % 2]
        number = next_number(EntryKind.STATUS, {v.number for v in repo.entry_versions("c1")})
        s_entry = replace(
            maker.pair()[1], number=number, status=None,
            content=EntryContent(EntryKind.STATUS, f"{task.number}: {status.value}", ref=task.number, new_status=status),
        )
        version = replace(task, version=task.version + 1, status=status, change_note=f"status via {number}")
        t = time.perf_counter()
        task = repo.append_entries([s_entry, version], based_on={task.entry_id: task.version})[1]
        status_samples.append(time.perf_counter() - t)
        drafts = [maker.pair()[0] for _ in range(5)]
        t = time.perf_counter()
        repo.save_drafts(drafts)
        line_samples.append(time.perf_counter() - t)
    return {"status_change": stats(status_samples), "line_of_5_drafts": stats(line_samples)}


def bench_ours(folder: Path, n: int, runs: int) -> tuple[dict[str, float], float]:
    maker = Maker()
    prefill_ours(folder, n, maker)
    start = time.perf_counter()
    repo = TinyDBRepository(folder)
    repo.entry_versions("c1")
    repo.list_drafts("c1")
    open_seconds = time.perf_counter() - start
    samples = []
    try:
        assert repo.verify("c1") == [] and len(repo.entry_versions("c1")) == n
        for _ in range(runs):
            draft, entry = maker.pair()
            repo.save_draft(draft)  # the draft exists before the logger confirms it (not timed)
            decided = draft.confirm(entry.entry_id, "logger", STAMP)
            t = time.perf_counter()
            repo.append_entry(entry, decided)
            samples.append(time.perf_counter() - t)
        assert repo.verify("c1") == []
        extra = bench_one_write_changes(repo, maker, max(5, runs // 3))
        assert repo.verify("c1") == []
    finally:
        repo.close()
    return {**stats(samples), **extra}, round(open_seconds * 1000, 1)


def bench_one_file(path: Path, n: int, runs: int, make_db: Callable[[Path], TinyDB]) -> dict[str, float]:
    maker = Maker()
    drafts, entries = [], []
    for seq in range(n):
        draft, entry = maker.pair()
        entry = entry.__class__.from_dict({**entry.to_dict(), "seq": seq})
        drafts.append(draft.confirm(entry.entry_id, "logger", STAMP).to_dict())
        entries.append(entry.sealed().to_dict())
    db = make_db(path)
    db.table("log").insert_multiple(entries)
    db.table("drafts").insert_multiple(drafts)
    samples = []
    for _ in range(runs):
        draft, entry = maker.pair()
        db.table("drafts").insert(draft.to_dict())
        decided = draft.confirm(entry.entry_id, "logger", STAMP).to_dict()
        t = time.perf_counter()
        db.table("log").insert(entry.sealed().to_dict())
        db.table("drafts").update(decided, Query().draft_id == draft.draft_id)
        samples.append(time.perf_counter() - t)
    db.close()
    return stats(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000")
    parser.add_argument("--runs", type=int, default=60, help="confirmations measured per size (ours)")
    parser.add_argument(
        "--baseline-runs",
        type=int,
        default=15,
        help="confirmations measured per size for the two one-file baselines (slow)",
    )
    parser.add_argument("--dir", default=None, help="where to write (default: a temp folder)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    root = Path(tempfile.mkdtemp(prefix="store-bench-", dir=args.dir))
    results: dict[str, dict[str, object]] = {}
    try:
        print(
            f"confirm-entry latency in ms, median / p95 "
            f"({args.runs} runs ours, {args.baseline_runs} baselines), "
            f"data in {root}"
        )
        print(
            f"{'entries':>8}  {'ours (atomic+fsync, split)':>28}  {'atomic one file (fsync)':>24}  "
            f"{'plain JSONStorage':>18}  {'open ours':>9}"
        )
        for n in sizes:
            ours, open_ms = bench_ours(root / f"ours-{n}", n, args.runs)
            one_file = bench_one_file(
                root / f"atomic-{n}.json",
                n,
                args.baseline_runs,
                lambda p: TinyDB(p, storage=AtomicJSONStorage),
            )
            plain = bench_one_file(
                root / f"plain-{n}.json", n, args.baseline_runs, lambda p: TinyDB(p, storage=JSONStorage)
            )
            results[str(n)] = {
                "ours": ours,
                "atomic_one_file": one_file,
                "plain_jsonstorage": plain,
                "open_ours_ms": open_ms,
            }
            print(
                f"{n:>8}  {ours['median']:>13.2f} / {ours['p95']:<12.2f}  {one_file['median']:>10.2f} / "
                f"{one_file['p95']:<11.2f}  {plain['median']:>7.2f} / {plain['p95']:<8.2f}  {open_ms:>9.1f}"
            )
            print(
                f"{'':>8}  status change (2 versions, one write) {ours['status_change']['median']:.2f} / "
                f"{ours['status_change']['p95']:.2f}; a line's 5 drafts {ours['line_of_5_drafts']['median']:.2f} / "
                f"{ours['line_of_5_drafts']['p95']:.2f}"
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(
        json.dumps(
            {
                "bench": "store",
                "unit": "ms",
                "runs": args.runs,
                "baseline_runs": args.baseline_runs,
                "results": results,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
