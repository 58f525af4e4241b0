"""Keeping utterance audio: where each WAV goes, and which recordings may go after confirmation.

Why apart: the recordings are personal data next to the evidence. What is kept, and when it may be
deleted, is a policy of its own (an installation setting), separate from recognising speech.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from assistant.domain.entries import Draft, DraftState
from assistant.domain.transcript import TranscriptLine


class Retention(StrEnum):
    """keep every recording | delete it once its drafts are decided | never record."""

    KEEP = "keep"
    AFTER_CONFIRM = "after_confirm"
    NEVER = "never"


RETENTION_KEEP = Retention.KEEP
RETENTION_AFTER_CONFIRM = Retention.AFTER_CONFIRM
RETENTION_NEVER = Retention.NEVER
RETENTIONS = tuple(Retention)


def save_utterance_audio(
    folder: Path, data_dir: Path, audio: bytes, sample_rate: int, wall_start: float
) -> str:
    """Write one utterance's WAV under ``folder``; returns its reference relative to the data folder."""
    from speech.wav import write_wav

    stamp = datetime.fromtimestamp(wall_start).strftime("%Y%m%d-%H%M%S")
    target = folder / f"{stamp}-{uuid.uuid4().hex[:6]}.wav"
    write_wav(target, audio, sample_rate)
    return relative_ref(target, data_dir)


def relative_ref(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def audio_path(data_dir: Path, audio_ref: str | None) -> Path | None:
    """The WAV of an utterance if it exists and lies inside the data folder (never outside it)."""
    if not audio_ref:
        return None
    base = Path(data_dir).resolve()
    path = (base / audio_ref).resolve()
    if base not in path.parents or not path.is_file():
        return None
    return path


def decided_audio_refs(lines: Iterable[TranscriptLine], drafts: Iterable[Draft]) -> list[str]:
    """Recordings whose drafts are all decided (confirmed or rejected): these may go.

    Lines that made no draft keep their audio: the logger may still promote them.
    """
    by_id = {d.draft_id: d for d in drafts}
    refs = []
    for line in lines:
        if not line.audio_ref or not line.draft_ids:
            continue
        if all(d in by_id and by_id[d].state is not DraftState.PENDING for d in line.draft_ids):
            refs.append(line.audio_ref)
    return refs
