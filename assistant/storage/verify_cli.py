"""``assistant verify [--crisis ID] [--json] [--anchor FILE]``: check every chain of the data folder.

Prints one line per crisis ("OK: N versies, keten intact") or names every broken version (number,
version, sequence number, problem); the side chains (drafts, transcript, individual log) and damaged
files of any kind are reported too. ``--json`` prints an anchor (per crisis and chain: count and head
hash); ``--anchor FILE`` checks that every chain still extends such an earlier anchor and names the
crisis whose history was rewritten or cut short. Exit code 0 when all is well, 1 otherwise. Opens
the data folder read-only (no lock): safe next to a running app.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.domain.errors import CorruptData, InvalidInput
from assistant.i18n import error_message

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
    "not_in_chain": (
        "werkbestand wijkt af van elke versie in zijn keten (met de hand gewijzigd)",
        "working file differs from every version in its chain (changed by hand)",
    ),
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
    "side_ok": ("  overige ketens intact: {chains}", "  other chains intact: {chains}"),
    "side_broken": ("  FOUT in keten {chain} ({n} problemen)", "  BROKEN chain {chain} ({n} problems)"),
    "anchor_ok": (
        "ANKER OK: {name} [{crisis}] verlengt het anker ({chains})",
        "ANCHOR OK: {name} [{crisis}] extends the anchor ({chains})",
    ),
    "anchor_break": ("ANKER GEBROKEN: {name} [{crisis}]: {why}", "ANCHOR BROKEN: {name} [{crisis}]: {why}"),
}
CHAIN_LABELS = {
    "log": ("logboek", "log"),
    "drafts": ("concepten", "drafts"),
    "transcript": ("transcript", "transcript"),
    "individual": ("individueel logboek", "individual log"),
}
BREAKS = {
    "crisis_missing": ("crisis ontbreekt in de gegevensmap", "crisis missing from the data folder"),
    "truncated": (
        "{chain} heeft nu {now} records, het anker had er {anchored}: het einde is verwijderd",
        "{chain} now has {now} records, the anchor had {anchored}: the tail was removed",
    ),
    "rewritten": (
        "{chain}: record {anchored} heeft niet meer de hash van het anker: geschiedenis herschreven",
        "{chain}: record {anchored} no longer has the anchor's hash: history rewritten",
    ),
    "unreadable": ("{chain} kan niet worden gelezen", "{chain} cannot be read"),
}


def _t(key: str, lang: str, **params: object) -> str:
    nl, en = TEXT[key]
    return (nl if lang == "nl" else en).format(**params)


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "nl" else pair[1]


def problem_text(problem: str, lang: str = "nl") -> str:
    return _pick(PROBLEMS.get(problem, (problem, problem)), lang)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--crisis", metavar="ID", help="only this crisis (default: all crises)")
    parser.add_argument("--json", action="store_true", help="print an anchor: per crisis and chain, count and head")
    parser.add_argument("--anchor", metavar="FILE", help="fail unless every chain still extends this earlier --json")


def run(args: argparse.Namespace) -> int:
    from assistant.storage.integrity import check_folder
    from assistant.storage.paths import resolve_data_dir

    lang = getattr(args, "lang", "nl")
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    if args.crisis:
        _require_crisis(data_dir, args.crisis)
    report = check_folder(data_dir, args.crisis)
    if args.json:
        now = datetime.now().astimezone().isoformat(timespec="seconds")
        print(json.dumps(report.to_anchor(now), ensure_ascii=False, indent=1))
        return 0 if report.ok else 1
    for part in report.damaged:
        print(_t("corrupt", lang, message=error_message(part.error(), lang)))
    if not report.crises and not report.damaged:
        print(_t("none", lang, folder=data_dir))
    for crisis in report.crises:
        print_crisis(crisis, lang)
    failed = not report.ok
    if args.anchor:
        failed = _check_anchor(Path(args.anchor), report, lang) or failed
    return 1 if failed else 0


def _require_crisis(data_dir: Path, crisis_id: str) -> None:
    from assistant.storage.tinydb_repo import TinyDBRepository

    with TinyDBRepository(data_dir, read_only=True) as repo:
        repo.get_crisis(crisis_id)  # NotFound (or PartQuarantined) with the usual message


def print_crisis(crisis: Any, lang: str) -> None:
    """The log's line as before, then the side chains and any damaged file of this crisis."""
    header = f"{crisis.name} [{crisis.crisis_id}]: "
    log_problems = crisis.problems.get("log", [])
    if "log" not in crisis.hashes:
        pass  # reported below as damaged
    elif log_problems:
        print(header + _t("broken", lang, n=len(log_problems)))
        for p in log_problems:
            print(_t("line", lang, number=p.number, version=p.version, seq=p.seq, problem=problem_text(p.problem, lang)))
    elif crisis.hashes["log"]:
        head = crisis.head("log")
        print(header + _t("ok", lang, n=head.count) + _t("head", lang, head=head.head[:16]))
    else:
        print(header + _t("empty", lang))
    for part in crisis.damaged:
        print(header + _t("corrupt", lang, message=error_message(part.error(), lang)))
    intact = []
    for chain in ("drafts", "transcript", "individual"):
        problems = crisis.problems.get(chain)
        label = _pick(CHAIN_LABELS[chain], lang)
        if problems:
            print(_t("side_broken", lang, chain=label, n=len(problems)))
            for p in problems:
                seq = p.seq if p.seq >= 0 else "-"
                print(_t("line", lang, number=p.number, version=p.version, seq=seq, problem=problem_text(p.problem, lang)))
        elif problems is not None:
            intact.append(f"{label} {crisis.head(chain).count}")
    if intact:
        print(_t("side_ok", lang, chains=", ".join(intact)))


def _check_anchor(path: Path, report: Any, lang: str) -> bool:
    """Print the anchor comparison; True when any chain no longer extends the anchor."""
    from assistant.storage.integrity import compare_anchor

    try:
        anchor = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"anchor {path}: {exc}", field="anchor") from exc
    try:
        breaks = compare_anchor(anchor, report)
    except CorruptData as exc:
        raise InvalidInput(f"{path}: {exc.detail}", field="anchor") from exc
    broken = {b.crisis_id for b in breaks}
    for b in breaks:
        chain = _pick(CHAIN_LABELS.get(b.chain, (b.chain, b.chain)), lang)
        why = _pick(BREAKS[b.reason], lang).format(chain=chain, now=b.now, anchored=b.anchored)
        print(_t("anchor_break", lang, name=b.name or b.crisis_id, crisis=b.crisis_id, why=why))
    for crisis_id, anchored in sorted((anchor.get("crises") or {}).items()):
        if crisis_id not in broken:
            chains = ", ".join(
                f"{_pick(CHAIN_LABELS.get(c, (c, c)), lang)} {m.get('count', 0)}"
                for c, m in sorted((anchored.get("chains") or {}).items())
            )
            print(_t("anchor_ok", lang, name=anchored.get("name", ""), crisis=crisis_id, chains=chains))
    return bool(breaks)
