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
from assistant.i18n import code_label, error_message, normalise_lang, t


SIDE_CHAINS = ("drafts", "transcript", "individual", "messages")  # every chain besides the log


def _t(key: str, lang: str, **params: object) -> str:
    return t("cli.verify." + key, lang, **params)


def problem_text(problem: str, lang: str = "nl") -> str:
    return code_label("cli.verify.problem", problem, lang)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--crisis", metavar="ID", help="only this crisis (default: all crises)")
    parser.add_argument("--json", action="store_true", help="print an anchor: per crisis and chain, count and head")
    parser.add_argument("--anchor", metavar="FILE", help="fail unless every chain still extends this earlier --json")


def run(args: argparse.Namespace) -> int:
    from assistant.storage.integrity import check_folder
    from assistant.storage.paths import resolve_data_dir

    lang = normalise_lang(getattr(args, "lang", None))
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    if args.crisis:
        _require_crisis(data_dir, args.crisis)
    report = check_folder(data_dir, args.crisis)
    from assistant.teams import verify as teams_verify  # other teams' mirrored logs

    if args.json:
        now = datetime.now().astimezone().isoformat(timespec="seconds")
        anchor = report.to_anchor(now)
        mirrors = teams_verify.anchor_part(data_dir)
        if mirrors:
            anchor["mirrors"] = mirrors
        print(json.dumps(anchor, ensure_ascii=False, indent=1))
        return 0 if report.ok else 1
    for part in report.damaged:
        print(_t("corrupt", lang, message=error_message(part.error(), lang)))
    if not report.crises and not report.damaged:
        print(_t("none", lang, folder=data_dir))
    for crisis in report.crises:
        print_crisis(crisis, lang)
    failed = not report.ok
    failed = teams_verify.print_mirrors(data_dir, lang) or failed
    if args.anchor:
        failed = _check_anchor(Path(args.anchor), report, lang) or failed
        failed = teams_verify.check_anchor(data_dir, Path(args.anchor), lang) or failed
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
    for chain in SIDE_CHAINS:
        problems = crisis.problems.get(chain)
        label = code_label("cli.verify.chain", chain, lang)
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
        chain = code_label("cli.verify.chain", b.chain, lang)
        why = t("cli.verify.break." + b.reason, lang, chain=chain, now=b.now, anchored=b.anchored)
        print(_t("anchor_break", lang, name=b.name or b.crisis_id, crisis=b.crisis_id, why=why))
    for crisis_id, anchored in sorted((anchor.get("crises") or {}).items()):
        if crisis_id not in broken:
            chains = ", ".join(
                f"{code_label('cli.verify.chain', c, lang)} {m.get('count', 0)}"
                for c, m in sorted((anchored.get("chains") or {}).items())
            )
            print(_t("anchor_ok", lang, name=anchored.get("name", ""), crisis=crisis_id, chains=chains))
    return bool(breaks)
