"""Anchors: ``verify --json`` then ``verify --anchor`` catches what the chain alone cannot: a careful forger
who edits history and re-seals every later hash, and a deleted tail. Also for the side chains."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.domain.entries import GENESIS_HASH, EntryKind, LogEntry, TaskStatus
from assistant.storage.chains import ChainRecord
from assistant.storage.tinydb_repo import TinyDBRepository


def _log_file(data_dir: Path, crisis: str = "c1") -> Path:
    return data_dir / f"crises/{crisis}/log/log-000000.json"


@pytest.fixture
def two_crises(data_dir, factory):
    """Crisis c1 with five versions, drafts (one rejected) and transcript; crisis c2 with one entry."""
    with TinyDBRepository(data_dir) as repo:
        repo.save_crisis(factory.crisis())
        repo.append_entry(factory.entry("I-1", text="Brand op de tweede verdieping."))
        repo.append_entry(factory.entry("B-1", EntryKind.DECISION, text="Opvang in de aula.", reason="dichtbij"))
        a1 = repo.append_entry(factory.entry("A-1", EntryKind.ACTION, text="Lijst aanwezigen.", owner="hr"))
        repo.append_entry(replace(a1, version=2, status=TaskStatus.DONE, change_note="status: gereed"))
        repo.append_entry(factory.entry("I-2", text="Brand is meester."))
        draft = factory.draft()
        repo.save_draft(draft)
        repo.save_draft(draft.reject("dubbel", "logger", "2026-03-02T10:20:00+01:00"))
        other = replace(factory, crisis_id="c2")
        repo.save_crisis(other.crisis(name="Stroomstoring"))
        repo.append_entry(other.entry("I-1"))
    return data_dir


def _anchor(cli, data_dir: Path, tmp_path: Path) -> Path:
    result = cli(data_dir, "verify", "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    path = tmp_path / "anker.json"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def _reseal_log(path: Path, change) -> None:
    """What a careful forger does: change a version, then recompute every hash and link after it."""
    data = json.loads(path.read_text())
    docs = [data["log"][k] for k in sorted(data["log"], key=int)]
    prev = GENESIS_HASH
    for doc in docs:
        change(doc)
        doc["prev_hash"] = prev
        doc["hash"] = LogEntry.from_dict(doc).compute_hash()
        prev = doc["hash"]
    path.write_text(json.dumps(data))


def test_anchor_json_has_count_and_head_of_every_chain(two_crises, cli, tmp_path):
    anchor = json.loads(_anchor(cli, two_crises, tmp_path).read_text())
    assert anchor["format"] == "cmt-assistant.anchor" and anchor["intact"] is True
    with TinyDBRepository(two_crises, read_only=True) as repo:
        versions = repo.entry_versions("c1")
        heads = repo.chain_heads("c1")
    c1 = anchor["crises"]["c1"]
    assert c1["name"] == "Brand in gebouw B"
    assert c1["chains"]["log"] == {"count": 5, "head": versions[-1].hash}
    assert c1["chains"]["drafts"] == {"count": 2, "head": heads["drafts"].head}  # created, rejected
    assert {name: (h.count, h.head) for name, h in heads.items()} == {
        name: (mark["count"], mark["head"]) for name, mark in c1["chains"].items()
    }
    assert anchor["crises"]["c2"]["chains"]["log"]["count"] == 1


def test_resealed_forgery_passes_verify_but_not_the_anchor(two_crises, cli, tmp_path):
    anchor = _anchor(cli, two_crises, tmp_path)

    def forge(doc):
        if doc["number"] == "B-1":
            doc["content"]["text"] = "Opvang in de kantine."

    _reseal_log(_log_file(two_crises), forge)
    plain = cli(two_crises, "verify")
    assert plain.returncode == 0, plain.stdout  # the chain alone cannot tell: it was re-sealed
    result = cli(two_crises, "verify", "--anchor", str(anchor))
    assert result.returncode == 1
    assert "ANKER GEBROKEN: Brand in gebouw B [c1]" in result.stdout and "herschreven" in result.stdout
    assert "ANKER OK: Stroomstoring [c2]" in result.stdout  # the other crisis is named as fine


def test_truncated_tail_is_caught_by_the_anchor(two_crises, cli, tmp_path):
    anchor = _anchor(cli, two_crises, tmp_path)
    path = _log_file(two_crises)
    data = json.loads(path.read_text())
    del data["log"]["5"]  # the newest version: what is left is a valid chain
    path.write_text(json.dumps(data))
    assert cli(two_crises, "verify").returncode == 0
    result = cli(two_crises, "--lang", "en", "verify", "--anchor", str(anchor))
    assert result.returncode == 1
    assert "ANCHOR BROKEN: Brand in gebouw B [c1]" in result.stdout
    assert "now has 4 records, the anchor had 5" in result.stdout


def test_a_growing_log_still_extends_its_anchor(two_crises, cli, tmp_path, factory):
    anchor = _anchor(cli, two_crises, tmp_path)
    with TinyDBRepository(two_crises) as repo:
        repo.append_entry(factory.entry("I-3"))
        repo.save_draft(factory.draft())
    result = cli(two_crises, "verify", "--anchor", str(anchor))
    assert result.returncode == 0, result.stdout
    assert "ANKER OK: Brand in gebouw B [c1]" in result.stdout


def test_removed_crisis_is_named(two_crises, cli, tmp_path):
    anchor = _anchor(cli, two_crises, tmp_path)
    import shutil

    shutil.rmtree(two_crises / "crises/c2")
    result = cli(two_crises, "verify", "--anchor", str(anchor))
    assert result.returncode == 1 and "ANKER GEBROKEN: Stroomstoring [c2]" in result.stdout


def test_resealed_drafts_chain_is_caught_and_a_hand_edit_is_named(two_crises, cli, tmp_path):
    anchor = _anchor(cli, two_crises, tmp_path)
    chain_file = two_crises / "crises/c1/chains/drafts/drafts-000000.json"
    data = json.loads(chain_file.read_text())
    prev = GENESIS_HASH
    for key in sorted(data["chain"], key=int):  # rewrite the rejection reason, re-seal the chain
        doc = data["chain"][key]
        if doc["data"]["reject_reason"]:
            doc["data"]["reject_reason"] = "was geen besluit"
        doc["prev_hash"] = prev
        doc["hash"] = ChainRecord.from_dict(doc).compute_hash()
        prev = doc["hash"]
    chain_file.write_text(json.dumps(data))
    result = cli(two_crises, "verify", "--anchor", str(anchor))
    assert result.returncode == 1
    assert "ANKER GEBROKEN: Brand in gebouw B [c1]: concepten" in result.stdout
    # the working file still says "dubbel": that version is in no chain any more
    assert "werkbestand wijkt af" in result.stdout


def test_hand_edited_transcript_is_named_by_verify(two_crises, cli, factory):
    from assistant.storage.repository import TranscriptLine

    with TinyDBRepository(two_crises) as repo:
        repo.append_transcript(TranscriptLine("t1", "c1", 1, None, "2026-03-02T10:00:00+01:00", "hallo"))
    path = two_crises / "crises/c1/transcript/meeting-0001.json"
    path.write_text(path.read_text().replace("hallo", "vaarwel"))
    result = cli(two_crises, "verify")
    assert result.returncode == 1
    assert "transcript t1" in result.stdout and "met de hand gewijzigd" in result.stdout


def test_not_an_anchor_file(two_crises, cli, tmp_path):
    bad = tmp_path / "x.json"
    bad.write_text('{"hello": 1}')
    result = cli(two_crises, "verify", "--anchor", str(bad))
    assert result.returncode == 2 and "anchor" in result.stderr
