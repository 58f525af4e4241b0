"""Listening's configuration and audio retention rules: passed explicitly, no hidden environment."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from assistant.app.listening import ListeningConfig, ListenStatus, LiveState, Retention, add_cli_arguments
from assistant.app.listening.retention import audio_path, decided_audio_refs
from assistant.domain.entries import Draft, DraftState, EntryContent, EntryKind
from assistant.domain.transcript import TranscriptLine


def _parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_cli_arguments(parser)
    return parser.parse_args(list(argv))


def test_flags_become_configuration_without_touching_the_environment(tmp_path: Path) -> None:
    before = dict(os.environ)
    args = _parse("--model", "/models/nl", "--audio-device", "file:/x.wav", "--audio-retention", "never")
    assert dict(os.environ) == before  # nothing written for someone to read back later
    environ = {"ASSISTANT_MODEL": "from-env", "ASSISTANT_MODELS_DIR": str(tmp_path / "extra")}
    config = ListeningConfig.resolve(args, tmp_path / "data", environ, repo_root=tmp_path)
    assert config.model == "/models/nl" and config.device == "file:/x.wav"
    assert config.retention is Retention.NEVER
    assert config.models_dirs == [tmp_path / "extra", tmp_path / "models", tmp_path / "data" / "models"]


def test_environment_fills_what_the_flags_leave_open(tmp_path: Path) -> None:
    environ = {"ASSISTANT_MODEL": "from-env", "ASSISTANT_AUDIO_RETENTION": "after_confirm"}
    config = ListeningConfig.resolve(_parse(), None, environ, repo_root=tmp_path)
    assert (
        config.model == "from-env" and config.retention is Retention.AFTER_CONFIRM and config.device is None
    )
    unknown = ListeningConfig.resolve(
        None, None, {"ASSISTANT_AUDIO_RETENTION": "sometimes"}, repo_root=tmp_path
    )
    assert unknown.retention is None


def _draft(draft_id: str, state: DraftState) -> Draft:
    return Draft(
        draft_id, "c1", 1, "2026-02-05T10:00:00+01:00", EntryContent(EntryKind.INFO, "x"), state=state
    )


def _line(line_id: str, audio: str | None, drafts: tuple[str, ...]) -> TranscriptLine:
    return TranscriptLine(
        line_id, "c1", 1, None, "2026-02-05T10:00:00+01:00", "x", audio_ref=audio, draft_ids=drafts
    )


def test_only_audio_of_fully_decided_lines_may_go() -> None:
    drafts = [
        _draft("d1", DraftState.CONFIRMED),
        _draft("d2", DraftState.PENDING),
        _draft("d3", DraftState.REJECTED),
    ]
    lines = [
        _line("l1", "audio/a.wav", ("d1", "d3")),  # all decided
        _line("l2", "audio/b.wav", ("d1", "d2")),  # one still pending
        _line("l3", "audio/c.wav", ()),  # no draft: the logger may still promote it
        _line("l4", None, ("d1",)),  # nothing recorded
        _line("l5", "audio/e.wav", ("gone",)),  # an unknown draft: keep, do not guess
    ]
    assert decided_audio_refs(lines, drafts) == ["audio/a.wav"]


def test_audio_paths_never_leave_the_data_folder(tmp_path: Path) -> None:
    (tmp_path / "audio").mkdir()
    (tmp_path / "audio" / "a.wav").write_bytes(b"RIFF")
    (tmp_path.parent / "outside.wav").write_bytes(b"RIFF")
    assert audio_path(tmp_path, "audio/a.wav") == (tmp_path / "audio" / "a.wav").resolve()
    assert audio_path(tmp_path, "../outside.wav") is None
    assert audio_path(tmp_path, "audio/missing.wav") is None and audio_path(tmp_path, None) is None


def test_live_state_statuses_are_typed() -> None:
    state = LiveState(status=ListenStatus.STARTING)
    assert state.busy and state.status == "starting" and not LiveState().busy
