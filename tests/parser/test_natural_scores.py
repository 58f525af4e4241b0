"""Natural meeting speech, scored end to end: `assistant parse` + ../shared/tools/score_natural.py.

natural_dev is the team's shared corpus; tests/data/natural_own.jsonl is our own third set (other
scenarios, other roster names, English), written before the parser was tuned. The floors are the
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
                    {"clean_accept": 0.8, "kind_acc": 0.84, "owner_acc": 0.94, "deadline_acc": 0.97,
                     "text_ok": 0.89, "split_acc": 0.75}),
    "natural_own": (DATA / "natural_own.jsonl", DATA / "natural_own_roster.json",
                    {"clean_accept": 0.9, "kind_acc": 0.9, "owner_acc": 0.95, "deadline_acc": 0.99,
                     "text_ok": 0.95, "split_acc": 1.0}),
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


def test_own_set_is_natural_speech_of_its_own():
    """The third set must stay a real test: enough utterances, English among them, other names."""
    rows = [json.loads(line) for line in (DATA / "natural_own.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    assert len(rows) >= 60
    assert sum(r["lang"] == "en" for r in rows) >= 6
    own = {r["name"].split()[0].lower() for r in json.loads((DATA / "natural_own_roster.json").read_text())}
    dev = {r["name"].split()[0].lower()
           for r in json.loads((SHARED / "corpus" / "roster.json").read_text())} if SHARED.exists() else set()
    assert not own & dev
