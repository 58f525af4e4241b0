"""``assistant restore PATH.zip [--force]``: put a backup back as the data folder.

Refuses a damaged, tampered or foreign archive, and a non-empty data folder without ``--force``.
Stop the app first: a data folder in use is refused.
"""

from __future__ import annotations

import argparse

HELP = "restore a backup zip into the data folder"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH.zip", help="the backup file to restore")
    parser.add_argument("--force", action="store_true", help="replace a data folder that already holds data")
    parser.add_argument("--check", action="store_true", help="only check the archive; change nothing")


def run(args: argparse.Namespace) -> int:
    from assistant.export.backup import restore_backup, verify_archive
    from assistant.storage.paths import resolve_data_dir

    lang = "en" if getattr(args, "lang", "nl") == "en" else "nl"
    if args.check:
        manifest = verify_archive(args.path)
        n, created = len(manifest["files"]), manifest.get("created_at", "?")
        print(
            f"Back-up in orde: {n} bestanden, gemaakt {created}"
            if lang == "nl"
            else f"Backup OK: {n} files, created {created}"
        )
        return 0
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    info = restore_backup(args.path, data_dir, force=args.force)
    created = info.manifest.get("created_at", "?")
    if lang == "nl":
        print(f"Hersteld: {info.files} bestanden in {data_dir} (back-up van {created})")
    else:
        print(f"Restored: {info.files} files into {data_dir} (backup of {created})")
    return 0
