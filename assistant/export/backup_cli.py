"""``assistant backup PATH.zip``: the whole data folder in one zip, with a manifest of SHA-256 checksums.

Safe next to the running app: files are only ever replaced atomically, so each file in the zip is
whole. For one consistent moment across files, make the backup from the app (export menu).
"""

from __future__ import annotations

import argparse

from assistant.i18n import normalise_lang, t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH.zip", help="the backup file to write")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")


def run(args: argparse.Namespace) -> int:
    from assistant.export.backup import create_backup
    from assistant.storage.paths import resolve_data_dir

    lang = normalise_lang(getattr(args, "lang", None))
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    info = create_backup(data_dir, args.path, force=args.force)
    size = f"{info.total_bytes / 1024:.0f} kB"
    print(t("cli.backup.written", lang, path=info.path, files=info.files, size=size, folder=data_dir))
    return 0
