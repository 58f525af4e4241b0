"""``assistant export``: write a report of a crisis to a file (PDF, CSV, JSON or Markdown).

    python -m assistant export --crisis "Brand lab" --what decisions --format csv --out besluiten.csv
    python -m assistant export --what meeting --meeting 3 --out verslag.pdf     # only one crisis: no --crisis
    python -m assistant --lang en export --what handover --out handover.pdf

Opens the data folder read-only (no lock), so it works next to the running app.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from assistant.domain.errors import InvalidInput
from assistant.i18n import normalise_lang
from assistant.storage.atomic import atomic_write_bytes

WHATS = ("meeting", "decisions", "actions", "handover", "log", "individual", "messages")
FORMATS = ("pdf", "csv", "json", "md")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--crisis",
        metavar="NAME|ID",
        help="crisis name (case-insensitive) or id; optional if the data folder holds one crisis",
    )
    parser.add_argument("--what", required=True, choices=WHATS, help="which document")
    parser.add_argument(
        "--meeting",
        type=int,
        metavar="N",
        help="meeting number (required for --what meeting; limits decisions/actions to one meeting)",
    )
    parser.add_argument(
        "--format", dest="fmt", default="pdf", choices=FORMATS, help="file format (default pdf)"
    )
    parser.add_argument(
        "--out",
        metavar="PATH",
        help="output file, or a folder for the suggested file name, "
        "or - for stdout (default: suggested name in the current folder)",
    )
    parser.add_argument(
        "--lang",
        choices=["nl", "en"],
        default=argparse.SUPPRESS,
        help="language of the document (default nl)",
    )
    footer = parser.add_mutually_exclusive_group()
    footer.add_argument(
        "--footer",
        default="VERTROUWELIJK",
        metavar="TEXT",
        help="confidentiality footer on every PDF page (default VERTROUWELIJK)",
    )
    footer.add_argument("--no-footer", action="store_true", help="no confidentiality footer")
    parser.add_argument(
        "--now",
        metavar="ISO",
        help="report moment (default: now), e.g. 2025-03-14T12:15+01:00; "
        "the same data and moment give the same file",
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing output file")


def _now(value: str | None) -> datetime:
    if not value:
        return datetime.now().astimezone()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise InvalidInput(f"--now {value!r} is geen ISO-tijd / not an ISO time", field="now") from exc
    return parsed if parsed.tzinfo else parsed.astimezone()




def run(args: argparse.Namespace) -> int:
    from assistant.export.errors import OutputExists
    from assistant.export.service import check_request, export_document, resolve_crisis
    from assistant.storage.paths import resolve_data_dir
    from assistant.storage.tinydb_repo import TinyDBRepository

    lang = normalise_lang(getattr(args, "lang", None))
    check_request(args.what, args.fmt, args.meeting)
    now = _now(args.now)
    footer = None if args.no_footer else (args.footer or None)
    with TinyDBRepository(resolve_data_dir(getattr(args, "data_dir", None)), read_only=True) as repo:
        crisis = resolve_crisis(repo, args.crisis)
        result = export_document(
            repo,
            crisis.crisis_id,
            args.what,
            args.fmt,
            meeting=args.meeting,
            lang=lang,
            now=now,
            confidential_footer=footer,
        )
    if args.out == "-":
        sys.stdout.buffer.write(result.data)
        sys.stdout.buffer.flush()
        return 0
    out = Path(args.out) if args.out else Path.cwd()
    if out.is_dir():
        out = out / result.filename
    if out.exists() and not args.force:
        raise OutputExists(str(out), path=str(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, result.data)  # the storage layer's one atomic write (temp, fsync, replace)
    print(out)
    return 0
