"""The reports' section with other teams' decisions ("Besluiten van team Centraal"), marked as theirs.

Read from the mirrored logs this laptop keeps (``assistant.teams.mirror_store``: chain-checked on
arrival, read-only), one section per linked team, only for the crisis the link is for; nothing when
this laptop is not linked. Their numbers and texts are shown as they wrote them, under their team's
name, with a note that they are not our team's: a reader can never take them for our decisions.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path

from assistant.domain.entries import EntryKind
from assistant.export.document import Block, Column, Heading, L, Table, Text, fmt_dt
from assistant.i18n import t
from assistant.teams.config import load_config
from assistant.teams.mirror_store import mirror_file, read_versions
from assistant.teams.orders import latest_versions, team_label


def other_teams_blocks(data_dir: Path | None, crisis_id: str, lang: str, tz: tzinfo) -> list[Block]:
    """One heading, note and decision table per linked team (none when not linked to this crisis)."""
    config = load_config(data_dir) if data_dir is not None else None
    if config is None or config.crisis_id != crisis_id:
        return []
    blocks: list[Block] = []
    for team in config.others:
        current = latest_versions(read_versions(mirror_file(data_dir, config.incident, team))).values()
        decisions = sorted((v for v in current if v.kind is EntryKind.DECISION), key=lambda v: v.seq)
        name = team_label(team)
        blocks += [
            Heading(t("teams.report_section", lang, team=name)),
            Text(t("teams.report_note", lang, team=name), "muted"),
            Table(
                [
                    Column("nr", L("nr", lang), 0.6),
                    Column("text", L("decision", lang), 3.0),
                    Column("reason", L("reason", lang), 2.0),
                    Column("at", L("time", lang), 1.0),
                ],
                [
                    [d.number, d.content.text, d.content.reason or "", _when(d.recorded_at, lang, tz)]
                    for d in decisions
                ],
                muted={i for i, d in enumerate(decisions) if d.status is not None and d.status.is_closed},
                empty=t("teams.nothing_yet", lang),
            ),
        ]
    return blocks


def _when(recorded_at: str, lang: str, tz: tzinfo) -> str:
    try:
        return fmt_dt(datetime.fromisoformat(recorded_at).astimezone(tz), lang, year=False)
    except ValueError:
        return recorded_at
