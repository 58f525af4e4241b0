"""`python -m assistant parse` end to end, and scored on the shared dev corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "dev_utterances.jsonl"
ROSTER = SHARED / "corpus" / "roster.json"
SCORER = SHARED / "tools" / "score_parser.py"


def _python() -> str:
    venv = REPO / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def run_parse(stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([_python(), "-m", "assistant", "parse", *args], input=stdin, text=True,
                          capture_output=True, cwd=REPO, timeout=120)


def _line(**item) -> str:
    base = {"lang": "nl", "now": "2026-02-05T09:30", "next_meeting": "2026-02-05T10:00"}
    base.update(item)
    return json.dumps(base)


@pytest.fixture()
def roster_file(tmp_path: Path) -> Path:
    path = tmp_path / "roster.json"
    path.write_text(json.dumps([
        {"role": "communicatie", "label": "Communicatie", "name": "Eva Visser"},
        {"role": "hr", "label": "HR", "name": "Peter de Boer"},
        {"role": "ict", "label": "ICT", "name": "Lotte Smit"},
        {"role": "facilitair", "label": "Facilitair", "name": "Kees Mulder"},
    ]), encoding="utf-8")
    return path


def test_one_json_line_per_input(roster_file: Path):
    stdin = "\n".join([
        _line(id="a", text="actie voor ict de server herstarten binnen een uur", extra="ignored"),
        _line(id="b", text="sorry ik verstond je niet"),
        _line(id="c", text="besluit de kantine gaat dicht en actie voor facilitair bordjes ophangen"),
        "",
        _line(id="d", lang="en", text="action four is done"),
    ]) + "\n"
    proc = run_parse(stdin, "--roster", str(roster_file))
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", "c", "d"]
    a, b, c, d = out
    assert (a["kind"], a["owner"], a["deadline"], a["deadline_kind"]) == ("action", "ict", "2026-02-05T10:30",
                                                                          "uiterlijk")
    assert a["text"].endswith("uiterlijk 10:30.") and a["confidence"]["owner"] > 0.5
    assert "drafts" not in a
    assert b["kind"] == "none" and b["owner"] is None and b["deadline"] is None
    assert c["kind"] == "decision" and [x["kind"] for x in c["drafts"]] == ["decision", "action"]
    assert c["drafts"][1]["owner"] == "facilitair"
    assert (d["kind"], d["ref"], d["new_status"]) == ("status", "A-4", "done")


def test_a_proposal_is_ratified_by_the_next_line(roster_file: Path):
    stdin = "\n".join([
        _line(id="p", text="ik stel voor om de pers om drie uur te informeren"),
        _line(id="r", text="akkoord zo besloten"),
    ]) + "\n"
    out = [json.loads(line) for line in run_parse(stdin, "--roster", str(roster_file)).stdout.splitlines()]
    assert out[0]["kind"] == "proposal"
    assert out[1]["kind"] == "decision" and out[1]["text"] == out[0]["text"] and out[1]["ratifies"]


def test_bad_lines_give_an_error_object_and_the_run_continues(roster_file: Path):
    stdin = "\n".join([
        "{not json",
        json.dumps(["a", "list"]),
        _line(id="x", text=None),
        _line(id="y", now="gisteren", text="actie voor hr bellen"),
        _line(id="z", text="actie voor hr de roosters aanpassen"),
    ]) + "\n"
    proc = run_parse(stdin, "--roster", str(roster_file))
    assert proc.returncode == 0
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(out) == 5
    assert all("error" in o for o in out[:4])
    assert [o["id"] for o in out[2:4]] == ["x", "y"]
    assert out[4]["kind"] == "action" and out[4]["owner"] == "hr"


def test_unreadable_roster_is_an_error_exit(tmp_path: Path):
    proc = run_parse(_line(id="a", text="besluit x") + "\n", "--roster", str(tmp_path / "missing.json"))
    assert proc.returncode != 0
    assert "roster" in proc.stderr.lower()
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert run_parse("", "--roster", str(bad)).returncode != 0


def test_extra_phrasebook_option(tmp_path: Path, roster_file: Path):
    extra = tmp_path / "org.toml"
    extra.write_text('[roles]\nfacilitair = ["de kwartiermaker"]\n', encoding="utf-8")
    proc = run_parse(_line(id="a", text="actie voor de kwartiermaker tafels neerzetten") + "\n",
                     "--roster", str(roster_file), "--phrasebook", str(extra))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["owner"] == "facilitair"


@pytest.mark.skipif(not (CORPUS.exists() and ROSTER.exists() and SCORER.exists()),
                    reason=f"shared dev corpus not found next to the repo ({SHARED})")
def test_dev_corpus_scores_at_least_095(tmp_path: Path):
    proc = run_parse(CORPUS.read_text(encoding="utf-8"), "--roster", str(ROSTER))
    assert proc.returncode == 0, proc.stderr
    pred = tmp_path / "pred.jsonl"
    pred.write_text(proc.stdout, encoding="utf-8")
    score = subprocess.run([_python(), str(SCORER), str(CORPUS), str(pred)], capture_output=True, text=True,
                           timeout=120)
    summary = json.loads(score.stdout.strip().splitlines()[-1])
    assert summary["missing"] == 0
    for metric in ("kind_acc", "owner_acc", "deadline_acc"):
        assert summary[metric] >= 0.95, summary
