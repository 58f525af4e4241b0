"""``assistant restore PATH.zip [--force] [--check]``: put a backup back as the data folder.

Refuses a damaged, tampered or foreign archive, a backup with a crisis whose chains do not verify,
and a non-empty data folder without ``--force``. Before anything is replaced it shows every crisis
in the backup (name, creation time, versions, head of the log). The replaced folder is kept beside
it as ``<dir>.before-restore-<timestamp>``. ``--check`` does every check and shows the same, without
restoring. Stop the app first: a data folder in use is refused. Join codes are not in backups: the
app makes new ones after a restore.
"""

from __future__ import annotations

import argparse
from datetime import datetime

from assistant.i18n import normalise_lang, t


def _t(key: str, lang: str, **params: object) -> str:
    return t("cli.restore." + key, lang, **params)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH.zip", help="the backup file to restore")
    parser.add_argument("--force", action="store_true", help="replace a data folder that already holds data")
    parser.add_argument("--check", action="store_true", help="only check the archive and its chains; change nothing")


def _print_crises(info, lang: str) -> None:  # type: ignore[no-untyped-def]
    for crisis in info.crises:
        print(
            _t(
                "crisis", lang, name=crisis.name, id=crisis.crisis_id, started=crisis.started_at or "?",
                n=crisis.versions, head=f"{crisis.head[:12]}…",
            )
        )


def run(args: argparse.Namespace) -> int:
    from assistant.export.backup import check_backup, restore_backup
    from assistant.storage.paths import resolve_data_dir

    lang = normalise_lang(getattr(args, "lang", None))
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    if args.check:
        work = data_dir.parent if data_dir.parent.is_dir() else None
        info = check_backup(args.path, work_dir=work)
        created = info.manifest.get("created_at", "?")
        print(_t("checked", lang, files=info.files, created=created, crises=len(info.crises)))
        _print_crises(info, lang)
        return 0
    info = restore_backup(args.path, data_dir, force=args.force, now=datetime.now().astimezone())
    created = info.manifest.get("created_at", "?")
    print(_t("restored", lang, files=info.files, folder=data_dir, created=created))
    _print_crises(info, lang)
    if info.kept is not None:
        print(_t("kept", lang, kept=info.kept))
    print(_t("codes", lang))
    return 0
