"""Export benchmark: time to export the full log (PDF and JSON) for 100, 1,000 and 5,000 entries.

Each size gets its own data folder written through the real ``TinyDBRepository`` (fsync off while
filling, to keep set-up short); the export then opens the folder read-only, cold, as the CLI does,
so the figures include reading and verifying the log. Roughly one entry in six has a second
version (an edit or a status change) and half come from speech with a transcript.

    .venv/bin/python bench/export_bench.py [--sizes 100,1000,5000] [--repeat 1]

Ends with one JSON line of its figures.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.domain.entries import (  # noqa: E402
    DeadlineKind,
    EntryContent,
    EntryKind,
    LogEntry,
    Origin,
    Reliability,
    TaskStatus,
)
from assistant.domain.meeting import Crisis, new_meeting  # noqa: E402
from assistant.export.service import export_document  # noqa: E402
from assistant.storage.tinydb_repo import TinyDBRepository  # noqa: E402

TZ = ZoneInfo("Europe/Amsterdam")
START = datetime(2025, 3, 14, 8, 0, tzinfo=TZ)
NOW = START + timedelta(days=3)
KINDS = [EntryKind.INFO] * 4 + [
    EntryKind.DECISION,
    EntryKind.ORDER,
    EntryKind.ACTION,
    EntryKind.ACTION,
    EntryKind.BOTTLENECK,
    EntryKind.INFO_NEED,
]
OWNERS = ["crisiscoordinator", "communicatie", "hr", "facilitair", "ict", "juridisch", "security"]
TEXTS = [
    "De crisiscoördinator meldt dat de ontruiming van gebouw B volledig is afgerond",
    "Brandweer verwacht het pand vanavond vrij te geven; stand van zaken volgt om 16:00",
    "Communicatie stelt een persbericht op en stemt af met de gemeente en de veiligheidsregio",
    "HR regelt opvang en nazorg voor medewerkers die getuige waren van de brand",
    "ICT controleert de back-ups van de servers in de kelder en meldt de status",
]


def fill(repo: TinyDBRepository, entries: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    crisis = Crisis(
        "bench", f"Benchmark {entries} regels", "Universiteit Hoogland", START.isoformat(), TZ.key
    )
    repo.save_crisis(crisis)
    counters: dict[EntryKind, int] = {}
    written: list[LogEntry] = []
    t = START
    per_meeting = 25
    for i in range(entries):
        meeting = i // per_meeting + 1
        if i % per_meeting == 0:
            repo.save_meeting(new_meeting(crisis, meeting, t))
        t += timedelta(seconds=rng.randint(20, 90))
        kind = rng.choice(KINDS)
        counters[kind] = counters.get(kind, 0) + 1
        fields: dict = {"phase": "beeldvorming"}
        if kind is EntryKind.INFO:
            fields.update(reliability=rng.choice(list(Reliability)), info_source="Brandweer")
        if kind is EntryKind.DECISION:
            fields.update(reason="Veiligheid gaat voor; de brandweer adviseert dit", phase="besluitvorming")
        if kind.is_task or kind is EntryKind.INFO_NEED:
            deadline = t + timedelta(minutes=rng.randint(15, 240))
            fields.update(
                owner=rng.choice(OWNERS),
                deadline=deadline.strftime("%Y-%m-%dT%H:%M"),
                deadline_kind=DeadlineKind.BY,
                phase="opdracht",
            )
        text = f"{rng.choice(TEXTS)} ({i + 1})"
        speech = rng.random() < 0.5
        origin = (
            Origin("speech", text.lower(), f"audio/bench/u{i}.wav", i * 10.0, i * 10.0 + 4, 0.9)
            if speech
            else Origin()
        )
        entry = LogEntry(
            f"e{i}",
            "bench",
            f"{kind.prefix}-{counters[kind]}",
            1,
            meeting,
            t.isoformat(),
            EntryContent(kind, text, **fields),
            TaskStatus.OPEN if kind.is_task else None,
            None,
            None,
            "logger",
            (t + timedelta(seconds=30)).isoformat(),
            origin,
            f"d{i}",
            "aangemaakt",
            0,
            "",
        )
        written.append(repo.append_entry(entry))
        if rng.random() < 1 / 6 and written:
            old = rng.choice(written[-20:])
            when = (t + timedelta(seconds=45)).isoformat()
            if old.kind.is_task:
                new = replace(
                    old,
                    version=old.version + 1,
                    status=TaskStatus.DONE,
                    status_changed_at=when,
                    status_changed_by="logger",
                    confirmed_at=when,
                    change_note="status: gereed",
                    seq=0,
                    prev_hash="",
                    hash="",
                )
            else:
                new = replace(
                    old,
                    version=old.version + 1,
                    content=old.content.with_changes(text=old.text + " (bijgewerkt)"),
                    confirmed_at=when,
                    change_note="bewerkt: tekst",
                    seq=0,
                    prev_hash="",
                    hash="",
                )
            written[written.index(old)] = repo.append_entry(new)
    return crisis.crisis_id


def measure(size: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="export-bench-") as tmp:
        folder = Path(tmp) / "data"
        t0 = time.perf_counter()
        with TinyDBRepository(folder, fsync=False) as repo:
            crisis_id = fill(repo, size)
        fill_s = time.perf_counter() - t0
        figures: dict = {"entries": size, "fill_s": round(fill_s, 2)}
        for fmt in ("json", "pdf"):
            walls, cpus = [], []
            for _ in range(repeat):
                with TinyDBRepository(folder, read_only=True) as repo:  # cold: read + verify included
                    start, cpu = time.perf_counter(), time.process_time()
                    result = export_document(repo, crisis_id, "log", fmt, now=NOW)
                    walls.append(time.perf_counter() - start)
                    cpus.append(time.process_time() - cpu)
            figures[f"{fmt}_s"] = round(min(walls), 3)
            figures[f"{fmt}_cpu_s"] = round(min(cpus), 3)
            figures[f"{fmt}_bytes"] = len(result.data)
            if fmt == "json":
                figures["versions"] = json.loads(result.data)["verification"]["checked_versions"]
            else:
                figures["pdf_pages"] = len(re.findall(rb"/Type /Page[^s]", result.data))
        return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="comma-separated entry counts")
    parser.add_argument("--repeat", type=int, default=1, help="runs per export (the fastest counts)")
    args = parser.parse_args()
    results = []
    print("wall seconds, with this process's CPU seconds in brackets (they differ on a busy machine)")
    head = ("entries", "versions", "JSON s", "JSON kB", "PDF s", "pages", "PDF kB")
    print("{:>8} {:>8} {:>16} {:>8} {:>16} {:>6} {:>8}".format(*head))
    for size in (int(s) for s in args.sizes.split(",")):
        r = measure(size, args.repeat)
        results.append(r)
        json_s = f"{r['json_s']:.3f} ({r['json_cpu_s']:.3f})"
        pdf_s = f"{r['pdf_s']:.2f} ({r['pdf_cpu_s']:.2f})"
        print(
            f"{r['entries']:>8} {r['versions']:>8} {json_s:>16} {r['json_bytes'] / 1024:>8.0f} "
            f"{pdf_s:>16} {r['pdf_pages']:>6} {r['pdf_bytes'] / 1024:>8.0f}",
            flush=True,
        )
    print(json.dumps({"bench": "export_full_log", "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
