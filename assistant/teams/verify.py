"""``assistant verify`` for mirrored chains: other teams' logs as we received them.

Checks each mirror file's chain (positions, links, seals, versions), adds the heads to the
``--json`` anchor under ``"mirrors"``, and with ``--anchor`` checks that each mirror still extends
its anchored head (a mirror that was cut short or rewritten in our files is named).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.i18n import t
from assistant.teams.mirror_store import check_mirrors, mirror_file, read_versions


def anchor_part(data_dir: Path) -> dict[str, Any]:
    return {
        f"{r.incident}/{r.team}": {"count": r.head.count, "head": r.head.head}
        for r in check_mirrors(data_dir)
    }


def print_mirrors(data_dir: Path, lang: str) -> bool:
    """One line per mirrored chain; True when any is broken."""
    failed = False
    for report in check_mirrors(data_dir):
        name = f"{report.team} ({report.incident})"
        if report.problems:
            failed = True
            first = report.problems[0]
            print(
                t(
                    "teams.mirror_broken",
                    lang,
                    name=name,
                    n=len(report.problems),
                    number=first.number,
                    version=first.version,
                    problem=first.problem,
                )
            )
        else:
            print(t("teams.mirror_ok", lang, name=name, n=report.head.count))
    return failed


def check_anchor(data_dir: Path, anchor_file: Path, lang: str) -> bool:
    """True when a mirrored chain no longer extends its anchored head."""
    anchored = json.loads(anchor_file.read_text(encoding="utf-8")).get("mirrors") or {}
    failed = False
    for key, head in sorted(anchored.items()):
        incident, _, team = key.partition("/")
        versions = read_versions(mirror_file(data_dir, incident, team))
        count = int(head.get("count", 0))
        ok = len(versions) >= count and (count == 0 or versions[count - 1].hash == head.get("head"))
        if not ok:
            failed = True
            name = f"{team} ({incident})"
            print(t("teams.mirror_anchor_break", lang, name=name, n=len(versions), count=count))
    return failed
