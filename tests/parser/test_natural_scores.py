"""Natural meeting speech, scored end to end: `assistant parse` + ../shared/tools/score_natural.py.

natural_dev is the team's shared corpus; tests/data/natural_own.jsonl is our own third set (other
scenarios, other roster names, English), written before the parser was tuned; natural_more.jsonl is a
fourth (bomb threat, data leak, care-home heat; yet another roster), written before the second round of
tuning to check that it generalises. The floors are the
scores reached, so a change that makes the parser worse on natural speech fails here.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.parser.test_parser_cli import SHARED, _python, run_parse

DATA = Path(__file__).resolve().parents[1] / "data"
SCORER = SHARED / "tools" / "score_natural.py"
SETS = {
    "natural_dev": (SHARED / "corpus" / "natural_dev.jsonl", SHARED / "corpus" / "roster.json",
                    {"clean_accept": 0.98, "kind_acc": 0.99, "owner_acc": 1.0, "deadline_acc": 1.0,
                     "text_ok": 0.99, "split_acc": 1.0}),
    "natural_own": (DATA / "natural_own.jsonl", DATA / "natural_own_roster.json",
                    {"clean_accept": 0.98, "kind_acc": 0.97, "owner_acc": 0.99, "deadline_acc": 1.0,
                     "text_ok": 0.98, "split_acc": 1.0}),
    "natural_more": (DATA / "natural_more.jsonl", DATA / "natural_more_roster.json",
                     {"clean_accept": 0.97, "kind_acc": 0.98, "owner_acc": 1.0, "deadline_acc": 1.0,
                      "text_ok": 0.97, "split_acc": 0.83}),
}


def _score(gold: Path, roster: Path, tmp_path: Path) -> dict:
    proc = run_parse(gold.read_text(encoding="utf-8"), "--roster", str(roster))
    assert proc.returncode == 0, proc.stderr
    pred = tmp_path / "pred.jsonl"
    pred.write_text(proc.stdout, encoding="utf-8")
    score = subprocess.run([_python(), str(SCORER), str(gold), str(pred)], capture_output=True, text=True,
                           timeout=120)
    return json.loads(score.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", sorted(SETS))
def test_natural_speech_scores_hold_their_floor(name: str, tmp_path: Path):
    gold, roster, floors = SETS[name]
    if not (gold.exists() and roster.exists() and SCORER.exists()):
        pytest.skip(f"natural-speech corpus or scorer not found ({gold}, {SCORER})")
    summary = _score(gold, roster, tmp_path)
    assert "error" not in summary, summary
    assert summary["missing"] == 0
    low = {m: (summary[m], floor) for m, floor in floors.items() if summary[m] < floor}
    assert not low, f"{name}: below floor {low}; all: {summary}"


def _first_names(roster: Path) -> set[str]:
    return {r["name"].split()[0].lower() for r in json.loads(roster.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("name", ["natural_own", "natural_more"])
def test_own_sets_are_natural_speech_of_their_own(name: str):
    """Our sets must stay real tests: enough utterances, English among them, names no other set uses."""
    gold, roster, _ = SETS[name]
    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 60
    assert sum(r["lang"] == "en" for r in rows) >= 6
    others = set()
    for other, (_, other_roster, _) in SETS.items():
        if other != name and other_roster.exists():
            others |= _first_names(other_roster)
    assert not _first_names(roster) & others
