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
from assistant.app.room.ledger import Ledger, clean_edit
from assistant.app.room.meetings import Meetings
from assistant.domain.clean_text import MAX_FIELD_CHARS, MAX_LINE_CHARS, cap_drafts, clean_line, clean_text
from assistant.domain.entries import (
    Draft,
    DraftState,
    DraftTally,
    EntryContent,
    EntryEdit,
    EntryKind,
    LogEntry,
    Origin,
    TaskStatus,
    tally_drafts,
)
from assistant.domain.errors import InvalidInput, NotFound
from assistant.domain.meeting import Crisis
from assistant.domain.parser import OpenTask, ParseContext, ParsedDraft
from assistant.domain.transcript import TranscriptLine
from assistant.teams.orders import sender_team

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

    def add_typed(self, crisis_id: str, text: str, lang: str | None = None) -> LineDrafts:
        """Typed entry line: goes through the same parser; plain text becomes an info draft.

        Bounded (issue 11): the line is cleaned and capped BEFORE the room lock (``LineTooLong``, nothing
        stored), parsed OUTSIDE the lock (a long line never stalls speech or other devices), at most
        ``MAX_DRAFTS_PER_LINE`` drafts are kept (``left_out`` tells the user) and written in one write."""
        line = clean_line(text)
        if not line:
            raise InvalidInput("empty entry", field="text")
        core = self._core
        crisis = core.repo.get_crisis(crisis_id)
        now = core.now(crisis)
        context = self.parse_context(crisis, now)
        contents = self._parse_to_contents(line, context, lang or self.lang)
        if not contents:
            contents = [
                (EntryContent(EntryKind.INFO, _as_sentence(line), phase=context.phase), {"kind": 0.3})
            ]
        kept, left_out = cap_drafts(contents)
        origin = Origin("typed", transcript=line)
        with core.lock:
            drafts = self._save_drafts(crisis, kept, origin, now)
        core.notify(RoomChange(crisis_id, Topic.DRAFTS, DraftsDetail.TYPED))
        return LineDrafts(drafts, left_out)

    def add_utterance(
        self, crisis_id: str, utterance: UtteranceInput, lang: str | None = None
    ) -> tuple[TranscriptLine, list[Draft]]:
        """A final utterance from speech: into the transcript, and into drafts when log-worthy.

        Speech is bounded like typing, but never refused (nobody can retype what was said): cleaned,
        cut at ``MAX_LINE_CHARS`` at a word boundary, parsed outside the lock, drafts capped."""
        core = self._core
        crisis = core.repo.get_crisis(crisis_id)
        spoken_at = utterance.spoken_at.astimezone(ZoneInfo(crisis.timezone))
        text = _capped_speech(utterance.text)
        context = self.parse_context(crisis, spoken_at)
        contents = self._parse_to_contents(text, context, lang or self.lang) if text else []
        contents, _left_out = cap_drafts(contents)
        low = tuple(w.get("word", "") for w in utterance.words if (w.get("conf") or 1.0) < LOW_CONFIDENCE)
        origin = Origin(
            "speech",
            text,
            utterance.audio_ref,
            utterance.audio_start,
            utterance.audio_end,
            utterance.confidence,
            low,
        )
        with core.lock:
            meeting = self._meetings.current(crisis_id)
            phase = self._meetings.current_phase(crisis_id)
            drafts = self._save_drafts(crisis, contents, origin, spoken_at)
            line = TranscriptLine(
                new_id(),
                crisis_id,
                meeting.number if meeting else None,
                phase,
                stamp(spoken_at),
                text,
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
        crisis = core.repo.get_crisis(crisis_id)
        line = next((ln for ln in core.repo.list_transcript(crisis_id) if ln.line_id == line_id), None)
        if line is None:
            raise NotFound(f"transcript line {line_id}")
        context = replace(self.parse_context(crisis, line.spoken_at_time), phase=line.phase)
        parsed = self._parse_to_contents(_capped_speech(line.text), context, lang or self.lang)
        if parsed:
            content = replace(parsed[0][0], kind=kind)
        else:
            content = EntryContent(kind, _as_sentence(clean_text(line.text)), phase=line.phase)
        if kind is not EntryKind.STATUS and not kind.is_task:
            content = replace(content, new_status=None)
        origin = Origin("speech", line.text, line.audio_ref, confidence=line.confidence)
        with core.lock:
            draft = self._save_drafts(crisis, [(content, {"kind": 1.0})], origin, core.now(crisis))[0]
            core.repo.update_transcript(replace(line, draft_ids=(*line.draft_ids, draft.draft_id)))
        core.notify(
            RoomChange(crisis_id, Topic.DRAFTS, DraftsDetail.PROMOTED),
            RoomChange(crisis_id, Topic.TRANSCRIPT, TranscriptDetail.PROMOTED),
        )
        return draft

    # --- deciding drafts ----------------------------------------------------------------------------

    def edit_draft(self, crisis_id: str, draft_id: str, edit: EntryEdit) -> Draft:
        """The logger's correction; the changed fields are recorded on the draft (measured in use)."""
        edit = clean_edit(edit)
        core = self._core
        with core.lock:
            draft = core.repo.get_draft(crisis_id, draft_id).edited(edit)
            core.repo.save_draft(draft)
        core.notify(RoomChange(crisis_id, Topic.DRAFTS, DraftsDetail.EDITED))
        return draft

    def reject_draft(self, crisis_id: str, draft_id: str, by: str, reason: str = "") -> Draft:
        reason = clean_line(reason, MAX_FIELD_CHARS)
        core = self._core
        with core.lock:
            crisis = core.repo.get_crisis(crisis_id)
            draft = core.repo.get_draft(crisis_id, draft_id)
            if sender_team(draft) is not None:  # another team waits for an answer: room.teams.decline
                raise InvalidInput("an order from another team is declined with a reason", field="draft")
            draft = draft.reject(reason, by, stamp(core.now(crisis)))
            core.repo.save_draft(draft)
        core.notify(RoomChange(crisis_id, Topic.DRAFTS, DraftsDetail.REJECTED))
        return draft

    def confirm_draft(
        self,
        crisis_id: str,
        draft_id: str,
        by: str,
        edit: EntryEdit | None = None,
        closed_as: tuple[TaskStatus, str] | None = None,
    ) -> LogEntry:
        """Confirm a draft (with last edits): it becomes a numbered, sealed log entry.

        A status draft also makes a new version of the order/action it refers to; the S-entry, the
        task's version and the decided draft go in ONE write (all or none after a crash). ``closed_as``
        (status, note) confirms an order and closes it in that same write: another team's order that
        we decline is recorded as ours, *vervallen*, with the reason (``room.teams.decline``). A status the
        task already has writes the S-entry only (what was said is recorded; the task is unchanged).
        """
        edit = clean_edit(edit) if edit else None
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
            taken = ledger.taken_numbers(crisis_id)  # build_new adds the entry's number to it
            entry = ledger.build_new(
                crisis,
                draft.meeting_number,
                draft.content,
                by=by,
                at=now,
                origin=draft.origin,
                draft=draft,
                note="bevestigd",
                recorded_at=draft.created_at,
                taken=taken,
            )
            versions, based_on = [entry], {}
            if closed_as is not None:
                closing, reason = closed_as
                versions += ledger.build_status_change(crisis, entry, closing, by, now, reason, taken)
            status = draft.content.new_status
            if target is not None and status is not None and target.status is not status:
                versions.append(
                    ledger.build_status_version(target, status, by, now, f"status via {entry.number}")
                )
                based_on[target.entry_id] = target.version
            entry = ledger.write(versions, draft, based_on)[0]
        core.notify(
            RoomChange(crisis_id, Topic.DRAFTS, DraftsDetail.CONFIRMED),
            RoomChange(crisis_id, Topic.LOG, LogDetail.ENTRY, entry.number),
        )
        return entry

    def tally(self, crisis_id: str, meeting_number: int | None = None) -> DraftTally:
        """How the drafts were decided (of one meeting, or all): the share confirmed unedited."""
        drafts = self._core.repo.list_drafts(crisis_id, None)
        if meeting_number is not None:
            drafts = [d for d in drafts if d.meeting_number == meeting_number]
        return tally_drafts(drafts)

    # --- the parser -----------------------------------------------------------------------------------

    def parse_context(self, crisis: Crisis, when: datetime) -> ParseContext:
        """The meeting around an utterance, in the crisis's wall-clock time (the parser reads "om elf
        uur" as local time): roster, open orders and actions, the last proposal, the next meeting,
        the phase. Read without the room lock (each read is consistent on its own; a guess may see a
        task confirmed a moment later, which the logger then sees too)."""
        crisis_id = crisis.crisis_id
        next_meeting = self._meetings.next_meeting_at(crisis_id)
        entries = self._ledger.entries(crisis_id)
        open_tasks = tuple(
            OpenTask(e.number, e.text, e.content.owner)
            for e in entries
            if e.kind.is_task and e.status is not None and not e.status.is_closed
        )
        return ParseContext(
            now=when.replace(tzinfo=None),
            next_meeting=next_meeting.astimezone(when.tzinfo).replace(tzinfo=None) if next_meeting else None,
            roster=crisis.roster,
            open_tasks=open_tasks,
            last_proposal=self._last_proposal(crisis_id, entries),
            phase=self._meetings.current_phase(crisis_id),
        )

    def _parse_to_contents(
        self, text: str, context: ParseContext, lang: str
    ) -> list[tuple[EntryContent, dict[str, float]]]:
        parsed = self._parse(text, lang=lang, context=context)
        previous = context.last_proposal
        out = []
        for p in parsed:
            content = replace(p.content, phase=p.content.phase or context.phase)
            if p.ratifies and previous is not None and previous.content.ref:
                content = replace(content, ref=previous.content.ref)  # the proposal's number, e.g. V-3
            out.append((content, dict(p.field_confidence)))
        return out

    def _last_proposal(self, crisis_id: str, entries: list[LogEntry]) -> ParsedDraft | None:
        """The latest proposal of the running meeting (draft or entry), so "akkoord, zo besloten"
        ratifies what was just proposed and never something from hours ago."""
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
            for e in entries
            if e.kind is EntryKind.PROPOSAL and e.meeting_number == number
        ]
        if not candidates:
            return None
        _, content, proposal_number = max(candidates, key=lambda c: c[0])
        return ParsedDraft(content=replace(content, ref=proposal_number), field_confidence={})

    def _save_drafts(
        self,
        crisis: Crisis,
        contents: list[tuple[EntryContent, dict[str, float]]],
        origin: Origin,
        at: datetime,
    ) -> list[Draft]:
        """The drafts of one line or utterance, in one write (callers hold the room's lock)."""
        meeting = self._meetings.current(crisis.crisis_id)
        drafts = [
            Draft(
                new_id(),
                crisis.crisis_id,
                meeting.number if meeting else None,
                stamp(at),
                content,
                origin,
                confidence,
            )
            for content, confidence in contents
        ]
        self._core.repo.save_drafts(drafts)
        return drafts


class LineDrafts(list[Draft]):
    """The drafts made from one typed line (a list, as before) plus how many were left out by the cap,
    so the screen can tell the logger."""

    def __init__(self, drafts: list[Draft], left_out: int = 0) -> None:
        super().__init__(drafts)
        self.left_out = left_out


def _capped_speech(text: str) -> str:
    """Recognised text cleaned and, if ever longer than a line may be, cut at the last word boundary."""
    cleaned = clean_text(text).strip()
    if len(cleaned) <= MAX_LINE_CHARS:
        return cleaned
    cut = cleaned[:MAX_LINE_CHARS]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def _as_sentence(text: str) -> str:
    """Plain words as a log sentence: capital first letter, closing full stop."""
    plain = text.strip()
    plain = plain[:1].upper() + plain[1:]
    return plain if plain[-1:] in (".", "!", "?") else plain + "."
