"""Quarantine: a damaged file takes down only its own part, is kept byte for byte, and is named."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.domain.errors import CorruptData
from assistant.i18n import error_message
from assistant.storage.errors import PartQuarantined
from assistant.storage.repository import TranscriptLine
from assistant.storage.tinydb_repo import TinyDBRepository

GARBAGE = b'{"schema_version": 1, "transcript": {"1": {"line'


@pytest.fixture
def two(data_dir, factory):
    other = replace(factory, crisis_id="c2")
    with TinyDBRepository(data_dir) as repo:
        for f in (factory, other):
            repo.save_crisis(f.crisis(name=f"Crisis {f.crisis_id}"))
            repo.append_entry(f.entry("I-1"))
            repo.save_draft(f.draft())
            repo.append_transcript(
                TranscriptLine(f"t-{f.crisis_id}", f.crisis_id, 1, None, "2026-03-02T10:00:00+01:00", "hallo")
            )
        repo.save_settings({"lang": "nl", "active_crisis": "c2"})
    return data_dir


def test_damaged_crisis_file_blocks_only_its_crisis(two, factory):
    path = two / "crises/c1/crisis.json"
    path.write_bytes(b"{nope")
    with TinyDBRepository(two) as repo:
        assert [c.crisis_id for c in repo.list_crises()] == ["c2"]
        repo.append_entry(replace(factory, crisis_id="c2").entry("I-2", entry_id="new"))  # the other crisis works on
        with pytest.raises(PartQuarantined) as info:
            repo.get_crisis("c1")
        assert info.value.params["part"] == "crisis" and info.value.params["file"] == str(path)
        assert "apart gezet" in error_message(info.value, "nl") and str(path) in error_message(info.value, "nl")
        with pytest.raises(PartQuarantined):
            repo.save_crisis(factory.crisis(name="overschreven?"))
    assert path.read_bytes() == b"{nope"


def test_stray_folder_blocks_nothing(two):
    stray = two / "crises/zomaar"
    stray.mkdir()
    (stray / "notities.txt").write_text("iets")
    with TinyDBRepository(two) as repo:
        assert [c.crisis_id for c in repo.list_crises()] == ["c1", "c2"]
        [damaged] = repo.damaged_parts()
        assert (damaged.part, damaged.file) == ("folder", str(stray))


def test_damaged_transcript_keeps_speech_and_the_log_working(two, cli):
    path = two / "crises/c1/transcript/meeting-0001.json"
    path.write_bytes(GARBAGE)
    with TinyDBRepository(two) as repo:
        assert [v.number for v in repo.entry_versions("c1")] == ["I-1"]
        assert len(repo.list_drafts("c1")) == 1
        # the damaged file's lines come back from the transcript's chain, into a fresh file beside it
        assert [ln.text for ln in repo.list_transcript("c1")] == ["hallo"]
        repo.append_transcript(TranscriptLine("t2", "c1", 1, None, "2026-03-02T10:01:00+01:00", "verder"))
        assert [ln.text for ln in repo.list_transcript("c1")] == ["hallo", "verder"]
        [damaged] = repo.damaged_parts("c1")
        assert (damaged.part, damaged.file) == ("transcript", str(path))
        assert isinstance(damaged.error(), CorruptData)
    assert path.read_bytes() == GARBAGE  # kept for whoever investigates
    with TinyDBRepository(two) as repo:
        assert [ln.text for ln in repo.list_transcript("c1")] == ["hallo", "verder"]
    result = cli(two, "verify")
    assert result.returncode == 1 and "meeting-0001.json" in result.stdout and "BESCHADIGD" in result.stdout
    assert "Crisis c2 [c2]: OK" in result.stdout


def test_damaged_settings_block_no_crisis_and_are_kept_aside(two):
    path = two / "settings.json"
    path.write_bytes(b"\x00garbage")
    with TinyDBRepository(two) as repo:
        assert repo.get_settings() == {}
        assert [c.crisis_id for c in repo.list_crises()] == ["c1", "c2"]
        assert [d.part for d in repo.damaged_parts()] == ["settings"]
        repo.save_settings({"lang": "en"})
        assert repo.get_settings() == {"lang": "en"}
        assert repo.damaged_parts() == []
    assert (two / "settings.damaged-1.json").read_bytes() == b"\x00garbage"
