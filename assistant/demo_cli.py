"""``assistant demo-data [--force]``: fill the data folder with the demo crisis to try the app."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from assistant.i18n import normalise_lang, t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help="also when the data folder is not empty (adds a crisis; never deletes anything)",
    )


def _is_empty(folder: Path) -> bool:
    return not folder.exists() or all(p.name == ".lock" for p in folder.iterdir())


def run(args: argparse.Namespace) -> int:
    from assistant.demo import TIMEZONE, build_demo_crisis
    from assistant.domain.entries import DraftState
    from assistant.storage.paths import resolve_data_dir
    from assistant.storage.tinydb_repo import TinyDBRepository

    lang = normalise_lang(getattr(args, "lang", None))
    folder = resolve_data_dir(getattr(args, "data_dir", None))
    if not args.force and not _is_empty(folder):
        print(t("cli.demo.not_empty", lang, folder=folder), file=sys.stderr)
        return 1
    with TinyDBRepository(folder) as repo:
        crisis = build_demo_crisis(repo, datetime.now(ZoneInfo(TIMEZONE)))
        versions = repo.entry_versions(crisis.crisis_id)
        print(
            t(
                "cli.demo.done",
                lang,

                name=crisis.name,
                id=crisis.crisis_id,
                folder=folder,
                meetings=len(repo.list_meetings(crisis.crisis_id)),
                entries=len({v.entry_id for v in versions}),
                versions=len(versions),
                pending=len(repo.list_drafts(crisis.crisis_id, DraftState.PENDING)),
            )
        )
    return 0
