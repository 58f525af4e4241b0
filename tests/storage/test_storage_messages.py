"""The message register on real TinyDB files: versions round trip, the "messages" chain verifies,
and tampering (a hand edit, a re-sealed chain, a removed tail) is caught by ``verify``/anchors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.domain.entries import GENESIS_HASH
from assistant.domain.messages import Channel, CommLink, Direction, Message, Party, PartyKind, Urgency
from assistant.storage.chains import ChainRecord
from assistant.storage.errors import VersionConflict
from assistant.storage.integrity import check_folder
from assistant.storage.tinydb_repo import TinyDBRepository

AT = "2026-03-02T10:15:00+01:00"
GEMEENTE = Party(PartyKind.STAKEHOLDER, "Gemeente (burgemeester)", "s1")


def first(number: str = "M-1", **kw) -> Message:
    kw.setdefault("subject", "Wil om drie uur een update")
    return Message(f"m{number[2:]}", "c1", number, 1, AT, Direction.INCOMING, Channel.PHONE, GEMEENTE,
                   Party(PartyKind.ROLE, "Berichtenmanager", "berichtenmanager"), registered_at=AT,
                   changed_at=AT, changed_by="berichtenmanager", **kw)


@pytest.fixture
def with_messages(data_dir: Path, factory) -> Path:
    with TinyDBRepository(data_dir) as repo:
        repo.save_crisis(factory.crisis())
        m1 = first(urgency=Urgency.URGENT, for_cmt=True)
        repo.save_message(m1)
        repo.save_message(m1.routed("voorzitter", at="2026-03-02T10:16:00+01:00", by="berichtenmanager"))
        repo.save_message(first("M-2", subject="Persbericht"))
        repo.save_comm_link(CommLink("l1", "c1", "voorzitter", "Gemeente", stakeholder_id="s1", frequency="elk uur"))
    return data_dir


def test_round_trip_newest_versions_and_full_history(with_messages: Path) -> None:
    with TinyDBRepository(with_messages, read_only=True) as repo:
        latest = {m.number: m for m in repo.list_messages("c1")}
        versions = repo.message_versions("c1")
        links = repo.list_comm_links("c1")
        heads = repo.chain_heads("c1")
    assert latest["M-1"].version == 2 and latest["M-1"].routed_to == "voorzitter"
    assert latest["M-1"].urgency is Urgency.URGENT and latest["M-1"].sender == GEMEENTE
    assert [(v.number, v.version) for v in versions] == [("M-1", 1), ("M-1", 2), ("M-2", 1)]
    assert versions[0].status.value == "open"  # the old version stays readable
    assert links == [CommLink("l1", "c1", "voorzitter", "Gemeente", stakeholder_id="s1", frequency="elk uur")]
    assert heads["messages"].count == 4  # three message versions and one schema line


def test_versions_are_append_only(with_messages: Path) -> None:
    with TinyDBRepository(with_messages) as repo:
        stale = first()  # version 1 again: somebody else already stored version 2
        with pytest.raises(VersionConflict) as refused:
            repo.save_message(stale)
        assert refused.value.code == "version_conflict"
        with pytest.raises(VersionConflict):
            repo.save_message(first("M-3").routed("hr", at=AT, by="x"))  # version 2 of an unknown message
        assert len(repo.message_versions("c1")) == 3


def test_chain_verifies_intact(with_messages: Path) -> None:
    report = check_folder(with_messages)
    crisis = report.crises[0]
    assert crisis.problems["messages"] == [] and len(crisis.hashes["messages"]) == 4


def test_hand_edited_working_record_is_named(with_messages: Path, cli) -> None:
    path = with_messages / "crises/c1/crisis.json"
    path.write_text(path.read_text().replace("Persbericht", "Persbericht (aangepast)"))
    result = cli(with_messages, "verify")
    assert result.returncode == 1
    assert "berichten" in result.stdout and "message m2" in result.stdout


def test_resealed_chain_and_removed_tail_break_the_anchor(with_messages: Path, cli, tmp_path: Path) -> None:
    anchored = cli(with_messages, "verify", "--json")
    assert anchored.returncode == 0, anchored.stdout + anchored.stderr
    assert json.loads(anchored.stdout)["crises"]["c1"]["chains"]["messages"]["count"] == 4
    anchor = tmp_path / "anker.json"
    anchor.write_text(anchored.stdout)
    chain_file = with_messages / "crises/c1/chains/messages/messages-000000.json"
    data = json.loads(chain_file.read_text())
    prev = GENESIS_HASH
    for key in sorted(data["chain"], key=int):  # a forger changes the urgency and re-seals every hash
        doc = data["chain"][key]
        if doc["data"].get("urgency") == "spoed":
            doc["data"]["urgency"] = "normaal"
        doc["prev_hash"] = prev
        doc["hash"] = ChainRecord.from_dict(doc).compute_hash()
        prev = doc["hash"]
    chain_file.write_text(json.dumps(data))
    result = cli(with_messages, "verify", "--anchor", str(anchor))
    assert result.returncode == 1
    assert "ANKER GEBROKEN: Brand in gebouw B [c1]: berichten" in result.stdout


def test_a_crash_between_chain_and_working_file_is_repaired_from_the_chain(with_messages: Path) -> None:
    path = with_messages / "crises/c1/crisis.json"
    data = json.loads(path.read_text())
    m1 = next(k for k, v in data["messages"].items() if v["number"] == "M-1")
    data["messages"][m1]["version"] = 1  # the working file still holds version 1 ...
    data["messages"][m1]["status"] = "open"
    data["messages"][m1]["routed_to"] = None
    data["messages"][m1]["changed_at"] = AT
    data["messages"][m1]["change_note"] = "geregistreerd"
    path.write_text(json.dumps(data))
    with TinyDBRepository(with_messages) as repo:  # ... a writable open copies version 2 back
        assert {m.number: m.version for m in repo.list_messages("c1")}["M-1"] == 2
