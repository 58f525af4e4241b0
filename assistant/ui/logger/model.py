"""What the logger's screen computes, without Flet: filters, labels, confidence marks.

(Keys live in ``keys.py``, the screen's own state and selection rules in ``state.py``.)

Kept pure so it is unit-tested (tests/app/test_logger_model.py) and the screen stays a thin drawing
of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from assistant.domain.entries import DeadlineKind, EntryContent, EntryKind, LogEntry, TaskStatus
from assistant.i18n import label as label_of

#: The four kinds a transcript line can be promoted to with one action.
PROMOTE_KINDS = (EntryKind.DECISION, EntryKind.ORDER, EntryKind.ACTION, EntryKind.INFO)

LOW_CONFIDENCE = 0.6


# --- the confirmed log: views and filters ----------------------------------------------------------

VIEW_LOG = "log"
VIEW_DECISIONS = "decisions"
VIEW_ACTIONS = "actions"
VIEWS = (VIEW_LOG, VIEW_DECISIONS, VIEW_ACTIONS)


@dataclass(frozen=True)
class LogFilter:
    """Filters of the confirmed log. ``None`` means "all"."""

    view: str = VIEW_LOG
    meeting: int | None = None
    kind: str | None = None
    owner: str | None = None
    status: str | None = None
    query: str = ""

    def matches(self, entry: LogEntry) -> bool:
        if self.view == VIEW_DECISIONS and entry.kind is not EntryKind.DECISION:
            return False
        if self.view == VIEW_ACTIONS and not entry.kind.is_task:
            return False
        if self.meeting is not None and entry.meeting_number != self.meeting:
            return False
        if self.kind and entry.kind.value != self.kind:
            return False
        if self.owner and entry.content.owner != self.owner:
            return False
        if self.status:
            if self.status == "open_all":
                if not entry.kind.is_task or entry.status is None or entry.status.is_closed:
                    return False
            elif entry.status is None or entry.status.value != self.status:
                return False
        if self.query.strip():
            haystack = " ".join(
                [
                    entry.number,
                    entry.content.text,
                    entry.content.reason,
                    entry.content.owner or "",
                    entry.content.deadline_words,
                    entry.content.info_source,
                    entry.origin.transcript,
                ]
            ).lower()
            if not all(word in haystack for word in self.query.lower().split()):
                return False
        return True

    def apply(self, entries: Iterable[LogEntry]) -> list[LogEntry]:
        chosen = [e for e in entries if self.matches(e)]
        if self.view == VIEW_LOG:
            return list(reversed(chosen))  # newest first while logging
        return sorted(chosen, key=_number_key)


def _number_key(entry: LogEntry) -> tuple[str, int]:
    prefix, _, digits = entry.number.partition("-")
    return prefix, int(digits) if digits.isdigit() else 0


# --- labels ------------------------------------------------------------------------------------------


def clock_time(iso: str | None) -> str:
    """``2026-02-05T14:05:12+01:00`` → ``14:05`` (the local time as stored)."""
    if not iso:
        return ""
    try:
        return datetime.fromisoformat(iso).strftime("%H:%M")
    except ValueError:
        return iso[11:16]


def deadline_label(content: EntryContent, lang: str = "nl", today: str | None = None) -> str:
    """ "uiterlijk 14:30", "om 09:00 (6-2)", "z.s.m.", "volgend overleg (12:00)" or ""."""
    kind = content.deadline_kind
    if kind is DeadlineKind.ASAP:
        return label_of(kind, lang)
    if not content.deadline:
        return content.deadline_words
    day, _, time_part = content.deadline.partition("T")
    when = time_part[:5]
    if today and day != today:
        try:
            date = datetime.strptime(day, "%Y-%m-%d")
            when += f" ({date.day}-{date.month})"
        except ValueError:
            pass
    if kind is DeadlineKind.NEXT_MEETING:
        return f"{label_of(kind, lang)} ({when})"
    prefix = label_of(kind or DeadlineKind.BY, lang)
    return f"{prefix} {when}"


def status_label(status: TaskStatus | None, lang: str = "nl") -> str:
    return label_of(status, lang) if status else ""


def confidence_spans(
    text: str,
    words: Iterable[dict[str, Any]] = (),
    low_words: Iterable[str] = (),
    threshold: float = LOW_CONFIDENCE,
) -> list[tuple[str, bool]]:
    """Split ``text`` into (piece, is_low_confidence) runs for marking doubtful words.

    ``words`` are the recogniser's words with ``conf``; ``low_words`` (from ``Origin``) is used when
    the per-word list is not at hand. Words are matched in order, so a word that occurs twice is only
    marked where the recogniser doubted it.
    """
    low_sequence: list[bool] = []
    word_list = list(words)
    if word_list:
        low_sequence = [
            float(w.get("conf", 1.0) if w.get("conf") is not None else 1.0) < threshold for w in word_list
        ]
        recognised = [str(w.get("word", "")).lower() for w in word_list]
    else:
        recognised = []
    low_set = {w.lower() for w in low_words}
    out: list[tuple[str, bool]] = []
    cursor = 0
    last_end = 0
    for match in re.finditer(r"\S+", text):
        token = match.group(0)
        bare = token.strip(".,!?;:").lower()
        low = False
        if recognised:
            probe = cursor
            while probe < len(recognised) and recognised[probe] != bare:
                probe += 1
            if probe < len(recognised):
                low = low_sequence[probe]
                cursor = probe + 1
        elif bare in low_set:
            low = True
        if match.start() > last_end:
            _append(out, text[last_end : match.start()], False)
        _append(out, token, low)
        last_end = match.end()
    if last_end < len(text):
        _append(out, text[last_end:], False)
    return out


def _append(out: list[tuple[str, bool]], piece: str, low: bool) -> None:
    if out and out[-1][1] == low:
        out[-1] = (out[-1][0] + piece, low)
    else:
        out.append((piece, low))


def entry_summary(entry: LogEntry, lang: str = "nl", owner_label: str | None = None) -> str:
    """One line for lists and accessible names: "O-1 Opdracht: ... (HR, uiterlijk 11:00, open)"."""
    parts = []
    if owner_label or entry.content.owner:
        parts.append(owner_label or entry.content.owner or "")
    deadline = deadline_label(entry.content, lang)
    if deadline:
        parts.append(deadline)
    if entry.status:
        parts.append(label_of(entry.status, lang))
    extra = f" ({', '.join(parts)})" if parts else ""
    return f"{entry.number} {label_of(entry.kind, lang)}: {entry.content.text}{extra}"
