"""``assistant crises [--json]``: list the crises in the data folder (read-only, no lock)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from assistant.i18n import error_message, normalise_lang, t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="one JSON object per crisis, one per line")


def run(args: argparse.Namespace) -> int:
    from assistant.storage.paths import resolve_data_dir
    from assistant.storage.tinydb_repo import TinyDBRepository

    lang = normalise_lang(getattr(args, "lang", None))
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    rows: list[dict[str, Any]] = []
    with TinyDBRepository(data_dir, read_only=True) as repo:
        for crisis in repo.list_crises():
            versions = repo.entry_versions(crisis.crisis_id)
            rows.append(
                {
                    "id": crisis.crisis_id,
                    "name": crisis.name,
                    "organisation": crisis.organisation,
                    "started_at": crisis.started_at,
                    "meetings": len(repo.list_meetings(crisis.crisis_id)),
                    "entries": len({v.entry_id for v in versions}),
                    "versions": len(versions),
                    "closed_at": crisis.closed_at,
                }
            )
        damaged = repo.damaged_parts()
    prefix = t("cli.error_prefix", lang)
    for part in damaged:  # quarantined parts block nothing else, but are never hidden
        print(f"{prefix}: {error_message(part.error(), lang)}", file=sys.stderr)
    status = 2 if damaged else 0
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return status
    if not rows:
        print(t("cli.crises.none", lang, folder=data_dir))
        return status
    table = [tuple(t("cli.crises.headers", lang).split("|"))] + [
        (
            r["id"],
            r["name"],
            r["organisation"],
            r["started_at"][:16].replace("T", " "),
            str(r["meetings"]),
            str(r["entries"]),
            str(r["versions"]),
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))]
    for row in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return status
