"""A held-out set written apart from the parser's own cases: does the parser generalise?

The sentences vary roles (woordvoerder, personeelszaken, bhv, facilitaire dienst), verbs, clock idioms
and sentence shapes that are not in the dev corpus. Each must give the expected kind, owner and
deadline (the same scoring rules as ../shared/tools/score_parser.py).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from assistant.domain.parser import parse_utterance
from assistant.domain.roster import Roster

DATA = Path(__file__).resolve().parents[1] / "data"
ROSTER = Roster.from_list(json.loads((DATA / "roster.json").read_text(encoding="utf-8")))
CASES = [
    json.loads(line)
    for line in (DATA / "parser_holdout.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_holdout_utterance(case):
    drafts = parse_utterance(
        case["text"],
        now=datetime.fromisoformat(case["now"]),
        next_meeting=datetime.fromisoformat(case["next_meeting"]),
        roster=ROSTER,
        lang=case["lang"],
    )
    expect = case["expect"]
    kind = drafts[0].content.kind.value if drafts else "none"
    assert kind in set(expect.get("accept_kinds") or []) | {expect["kind"]}, case["text"]
    if expect["kind"] in ("order", "action"):
        first = drafts[0].content
        assert first.owner == expect["owner"], case["text"]
        assert (first.deadline or None) == expect["deadline"], case["text"]
