"""Intake: what enters the log's front door. Typed lines, spoken utterances, promoted transcript
lines become drafts (through the same parser); the logger edits, rejects or confirms them.

Why drafts first: speech recognition and the parser guess; only the logger makes a guess evidence.
Confirming hands the draft to the ledger, which builds the entry version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from assistant.app.room.core import RoomCore, new_id, stamp
from assistant.app.room.events import (
    DraftsDetail,
    LogDetail,
    RoomChange,
    Topic,
    TranscriptDetail,
    UtteranceInput,
)
from assistant.app.room.ledger import Ledger
from assistant.app.room.meetings import Meetings
from assistant.domain.entries import Draft, DraftState, EntryContent, EntryEdit, EntryKind, LogEntry, Origin
from assistant.domain.errors import InvalidInput, NotFound
from assistant.domain.meeting import Crisis
from assistant.domain.transcript import TranscriptLine

Parser = Callable[..., list[Any]]

#: A word the recogniser was less sure of than this is shown to the logger as doubtful.
LOW_CONFIDENCE = 0.6


class Intake:
    """Drafts and the transcript of every crisis."""

    def __init__(self, core: RoomCore, meetings: Meetings, ledger: Ledger, parser: Parser, lang: str) -> None:
        self._core = core
        self._meetings = meetings
        self._ledger = ledger
        self._parse = parser
        self.lang = lang  # the language spoken and typed in the room (the parser's phrasebook)

    # --- reading ------------------------------------------------------------------------------------

    def drafts(self, crisis_id: str, state: DraftState | None = DraftState.PENDING) -> list[Draft]:
        return sorted(self._core.repo.list_drafts(crisis_id, state), key=lambda d: d.created_at)

    def transcript(
        self, crisis_id: str, meeting_number: int | None = None, limit: int | None = 200
    ) -> list[TranscriptLine]:
        return self._core.repo.list_transcript(crisis_id, meeting_number, limit)

    # --- new drafts ------------------------------------------------------------------------------

    def add_typed(self, crisis_id: str, text: str, lang: str | None = None) -> list[Draft]:
        """Typed entry line: goes through the same parser; plain text becomes an info draft."""
        if not text.strip():
            raise InvalidInput("empty entry", field="text")
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id)
            now = core.now(crisis)
            phase = self._meetings.current_phase(crisis_id)
            contents = self._parse_to_contents(crisis, text, now, phase, lang or self.lang)
            if not contents:
                contents = [(EntryContent(EntryKind.INFO, _as_sentence(text), phase=phase), {"kind": 0.3})]
            origin = Origin("typed", transcript=text.strip())
            drafts = [self._save_draft(crisis, content, conf, origin, now) for content, conf in contents]
        core.notify(RoomChange(crisis_id, Topic.DRAFTS, DraftsDetail.TYPED))
        return drafts

    def add_utterance(
        self, crisis_id: str, utterance: UtteranceInput, lang: str | None = None
    ) -> tuple[TranscriptLine, list[Draft]]:
        """A final utterance from speech: into the transcript, and into drafts when log-worthy."""
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id)
            spoken_at = utterance.spoken_at.astimezone(ZoneInfo(crisis.timezone))
            meeting = self._meetings.current(crisis_id)
            phase = self._meetings.current_phase(crisis_id)
            contents = (
                self._parse_to_contents(crisis, utterance.text, spoken_at, phase, lang or self.lang)
                if utterance.text.strip()
                else []
            )
            low = tuple(w.get("word", "") for w in utterance.words if (w.get("conf") or 1.0) < LOW_CONFIDENCE)
            origin = Origin(
                "speech",
                utterance.text,
                utterance.audio_ref,
                utterance.audio_start,
                utterance.audio_end,
                utterance.confidence,
                low,
            )
            drafts = [
                self._save_draft(crisis, content, conf, origin, spoken_at) for content, conf in contents
            ]
            line = TranscriptLine(
                new_id(),
                crisis_id,
                meeting.number if meeting else None,
                phase,
                stamp(spoken_at),
                utterance.text,
                utterance.confidence,
                utterance.words,
                utterance.audio_ref,
                "speech",
                contents[0][0].kind.value if contents else "none",
                tuple(d.draft_id for d in drafts),
            )
            core.repo.append_transcript(line)
        changes = [RoomChange(crisis_id, Topic.TRANSCRIPT, TranscriptDetail.FINAL)]
        if drafts:
            changes.append(RoomChange(crisis_id, Topic.DRAFTS, DraftsDetail.SPEECH))
        core.notify(*changes)
        return line, drafts

    def promote_line(self, crisis_id: str, line_id: str, kind: EntryKind, lang: str | None = None) -> Draft:
        """Make a draft of any transcript line ("maak besluit / opdracht / actie / info").

        The line is parsed again in the room's language (``lang`` overrides it) so owner and deadline
        are kept; the logger's choice of kind wins.
        """
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id)
            line = next((ln for ln in core.repo.list_transcript(crisis_id) if ln.line_id == line_id), None)
            if line is None:
                raise NotFound(f"transcript line {line_id}")
            parsed = self._parse_to_contents(
                crisis, line.text, line.spoken_at_time, line.phase, lang or self.lang
            )
            if parsed:
                content = replace(parsed[0][0], kind=kind)
            else:
                content = EntryContent(kind, _as_sentence(line.text), phase=line.phase)
            if kind is not EntryKind.STATUS and not kind.is_task:
                content = replace(content, new_status=None)
            origin = Origin("speech", line.text, line.audio_ref, confidence=line.confidence)
            draft = self._save_draft(crisis, content, {"kind": 1.0}, origin, core.now(crisis))
            core.repo.update_transcript(replace(line, draft_ids=(*line.draft_ids, draft.draft_id)))
        core.notify(
            RoomChange(crisis_id, Topic.DRAFTS, DraftsDetail.PROMOTED),
            RoomChange(crisis_id, Topic.TRANSCRIPT, TranscriptDetail.PROMOTED),
        )
        return draft

    # --- deciding drafts ----------------------------------------------------------------------------

    def edit_draft(self, crisis_id: str, draft_id: str, edit: EntryEdit) -> Draft:
        core = self._core
        with core.lock:
            draft = core.repo.get_draft(crisis_id, draft_id).edited(edit)
            core.repo.save_draft(draft)
        core.notify(RoomChange(crisis_id, Topic.DRAFTS, DraftsDetail.EDITED))
        return draft

    def reject_draft(self, crisis_id: str, draft_id: str, by: str, reason: str = "") -> Draft:
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id)
            draft = core.repo.get_draft(crisis_id, draft_id).reject(
                reason.strip(), by, stamp(core.now(crisis))
            )
            core.repo.save_draft(draft)
        core.notify(RoomChange(crisis_id, Topic.DRAFTS, DraftsDetail.REJECTED))
        return draft

    def confirm_draft(
        self, crisis_id: str, draft_id: str, by: str, edit: EntryEdit | None = None
    ) -> LogEntry:
        """Confirm a draft (with last edits): it becomes a numbered, sealed log entry.

        A status draft also writes a new version of the order/action it refers to.
        """
        core = self._core
        ledger = self._ledger
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id)
            draft = core.repo.get_draft(crisis_id, draft_id)
            if edit:
                draft = draft.edited(edit)
            draft.content.validate()
            now = core.now(crisis)
            is_status = draft.content.kind is EntryKind.STATUS
            target = ledger.status_target(crisis_id, draft.content) if is_status else None
            entry = ledger.append_new(
                crisis,
                draft.meeting_number,
                draft.content,
                by=by,
                at=now,
                origin=draft.origin,
                draft=draft,
                note="bevestigd",
                recorded_at=draft.created_at,
            )
            if target is not None and draft.content.new_status is not None:
                ledger.append_status_version(
                    target, draft.content.new_status, by, now, f"status via {entry.number}"
                )
        core.notify(
            RoomChange(crisis_id, Topic.DRAFTS, DraftsDetail.CONFIRMED),
            RoomChange(crisis_id, Topic.LOG, LogDetail.ENTRY, entry.number),
        )
        return entry

    # --- the parser -----------------------------------------------------------------------------------

    def _parse_to_contents(
        self, crisis: Crisis, text: str, when: datetime, phase: str | None, lang: str
    ) -> list[tuple[EntryContent, dict[str, float]]]:
        """Parse in the crisis's wall-clock time (the parser reads "om elf uur" as local time)."""
        next_meeting = self._meetings.next_meeting_at(crisis.crisis_id)
        previous = self._last_proposal(crisis.crisis_id)
        parsed = self._parse(
            text,
            now=when.replace(tzinfo=None),
            next_meeting=(
                next_meeting.astimezone(when.tzinfo).replace(tzinfo=None) if next_meeting else None
            ),
            phase=phase,
            roster=crisis.roster,
            lang=lang,
            previous=previous,
        )
        out = []
        for p in parsed:
            content = replace(p.content, phase=p.content.phase or phase)
            if p.ratifies and previous is not None and previous.content.ref:
                content = replace(content, ref=previous.content.ref)  # the proposal's number, e.g. V-3
            out.append((content, dict(p.field_confidence)))
        return out

    def _last_proposal(self, crisis_id: str) -> Any:
        """The latest proposal of the running meeting (draft or entry), so "akkoord, zo besloten"
        ratifies what was just proposed and never something from hours ago."""
        from assistant.domain.parser import ParsedDraft

        meeting = self._meetings.current(crisis_id)
        number = meeting.number if meeting else None
        candidates: list[tuple[str, EntryContent, str | None]] = [
            (d.created_at, d.content, None)
            for d in self._core.repo.list_drafts(crisis_id, None)
            if d.content.kind is EntryKind.PROPOSAL
            and d.state is DraftState.PENDING
            and d.meeting_number == number
        ]
        candidates += [
            (e.recorded_at, e.content, e.number)
            for e in self._ledger.entries(crisis_id)
            if e.kind is EntryKind.PROPOSAL and e.meeting_number == number
        ]
        if not candidates:
            return None
        _, content, proposal_number = max(candidates, key=lambda c: c[0])
        return ParsedDraft(content=replace(content, ref=proposal_number), field_confidence={})

    def _save_draft(
        self,
        crisis: Crisis,
        content: EntryContent,
        confidence: dict[str, float],
        origin: Origin,
        at: datetime,
    ) -> Draft:
        meeting = self._meetings.current(crisis.crisis_id)
        draft = Draft(
            new_id(),
            crisis.crisis_id,
            meeting.number if meeting else None,
            stamp(at),
            content,
            origin,
            confidence,
        )
        self._core.repo.save_draft(draft)
        return draft


def _as_sentence(text: str) -> str:
    """Plain words as a log sentence: capital first letter, closing full stop."""
    plain = text.strip()
    plain = plain[:1].upper() + plain[1:]
    return plain if plain[-1:] in (".", "!", "?") else plain + "."
