"""``assistant verify [--crisis ID]``: check the hash chain of the confirmed log.

Prints one line per crisis ("OK: N versies, keten intact") or names every broken version (number,
version, sequence number, problem). Exit code 0 when every chain is intact, 1 when any log was
changed, damaged or cannot be read. Opens the data folder read-only (no lock): safe next to a
running app.
"""

from __future__ import annotations

import argparse

from assistant.domain.errors import CorruptData
from assistant.messages import error_message

HELP = "check the hash chain of the confirmed log"

PROBLEMS = {
    "hash_mismatch": (
        "inhoud gewijzigd na bevestiging (hash klopt niet)",
        "content changed after confirmation (hash mismatch)",
    ),
    "broken_link": (
        "schakel naar de vorige versie verbroken (versie verwijderd, ingevoegd of gewijzigd)",
        "link to the previous version broken (a version was removed, inserted or changed)",
    ),
    "gap": (
        "volgnummer ontbreekt of klopt niet (versie verwijderd of verplaatst)",
        "sequence number missing or out of place (a version was removed or moved)",
    ),
    "bad_version": (
        "versienummer klopt niet (versie verwijderd of dubbel)",
        "version number out of order (a version was removed or duplicated)",
    ),
    "missing": ("versie ontbreekt in het bestand", "version missing from the file"),
}

TEXT = {
    "ok": ("OK: {n} versies, keten intact", "OK: {n} versions, chain intact"),
    "empty": ("OK: nog geen bevestigde regels", "OK: no confirmed entries yet"),
    "broken": ("FOUT: keten verbroken ({n} problemen)", "BROKEN: chain does not verify ({n} problems)"),
    "line": (
        "  {number} versie {version} (volgnummer {seq}): {problem}",
        "  {number} version {version} (seq {seq}): {problem}",
    ),
    "corrupt": ("BESCHADIGD: {message}", "DAMAGED: {message}"),
    "none": ("Geen crises in {folder}.", "No crises in {folder}."),
    "head": (" (laatste hash {head}…)", " (last hash {head}…)"),
}


def _t(key: str, lang: str, **params: object) -> str:
    nl, en = TEXT[key]
    return (nl if lang == "nl" else en).format(**params)


def problem_text(problem: str, lang: str = "nl") -> str:
    nl, en = PROBLEMS.get(problem, (problem, problem))
    return nl if lang == "nl" else en


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--crisis", metavar="ID", help="only this crisis (default: all crises)")


def run(args: argparse.Namespace) -> int:
    from assistant.storage.paths import resolve_data_dir
    from assistant.storage.tinydb_repo import TinyDBRepository

    lang = getattr(args, "lang", "nl")
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    failed = False
    with TinyDBRepository(data_dir, read_only=True) as repo:
        crises = [repo.get_crisis(args.crisis)] if args.crisis else repo.list_crises()
        if not crises:
            print(_t("none", lang, folder=data_dir))
            return 0
        for crisis in crises:
            header = f"{crisis.name} [{crisis.crisis_id}]: "
            try:
                versions = repo.entry_versions(crisis.crisis_id)
                problems = repo.verify(crisis.crisis_id)
            except CorruptData as exc:
                print(header + _t("corrupt", lang, message=error_message(exc, lang)))
                failed = True
                continue
            if problems:
                failed = True
                print(header + _t("broken", lang, n=len(problems)))
                for p in problems:
                    print(
                        _t(
                            "line",
                            lang,
                            number=p.number,
                            version=p.version,
                            seq=p.seq,
                            problem=problem_text(p.problem, lang),
                        )
                    )
            elif versions:
                print(
                    header + _t("ok", lang, n=len(versions)) + _t("head", lang, head=versions[-1].hash[:16])
                )
            else:
                print(header + _t("empty", lang))
    return 1 if failed else 0
