"""What the parser may know about the meeting beyond one utterance: a pure, immutable value.

A crisis team refers back: "akkoord" ratifies the proposal just made, "het persbericht is de deur
uit" closes the open order about the press release, "o twee loopt nog" is O-2. The room builds a
``ParseContext`` from its log (roster, open orders and actions, the last proposal, the clock) and
passes it with each utterance; the parser never reads the log itself.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from difflib import SequenceMatcher

from assistant.domain.parser.model import ParsedDraft
from assistant.domain.parser.text import fold
from assistant.domain.roster import Roster

_MIN_WORD = 4  # shorter words ("de", "uit") say nothing about which task is meant
_WORD_SIMILAR = 0.8  # "persbericht" ~ "persberichten", ASR "pers bericht" joined
_TASK_MATCH = 0.5  # share of the subject's content words found in one task's text


@dataclass(frozen=True)
class OpenTask:
    """An open order or action as the parser needs it: its number, text and owner."""

    ref: str  # "O-2", "A-3"
    text: str
    owner: str | None = None


@dataclass(frozen=True)
class ParseContext:
    """The meeting around an utterance. Build a new one per utterance (``with_proposal`` etc.)."""

    now: datetime
    next_meeting: datetime | None = None
    roster: Roster | None = None
    open_tasks: tuple[OpenTask, ...] = ()
    last_proposal: ParsedDraft | None = None
    phase: str | None = None

    def at(self, now: datetime, next_meeting: datetime | None = None) -> ParseContext:
        """The same meeting a moment later."""
        return replace(self, now=now, next_meeting=next_meeting or self.next_meeting)

    def after(self, drafts: list[ParsedDraft]) -> ParseContext:
        """The context for the next utterance: a proposal just made is what "akkoord" ratifies."""
        proposals = [d for d in drafts if d.kind.value == "proposal"]
        return replace(self, last_proposal=proposals[-1] if proposals else None)

    def task(self, ref: str) -> OpenTask | None:
        return next((t for t in self.open_tasks if t.ref == ref), None)

    def match_task(self, words: str, stopwords: frozenset[str] = frozenset(),
                   owner: str | None = None) -> tuple[OpenTask, float] | None:
        """The open task that ``words`` most likely refer to, with a 0..1 score; None below the bar.

        Fuzzy on content words, so ASR variants ("pers bericht", "persberichten") still match;
        an owner named with it ("die opdracht van communicatie") narrows the choice.
        """
        subject = _content(words, stopwords)
        candidates = [t for t in self.open_tasks if owner is None or t.owner == owner]
        if owner is not None and len(candidates) == 1 and not subject:
            return candidates[0], 0.7
        if not subject:
            return None
        best: tuple[OpenTask, float] | None = None
        for task in candidates:
            score = _overlap(subject, _content(task.text, stopwords))
            if best is None or score > best[1]:
                best = (task, score)
        if best is None or best[1] < _TASK_MATCH:
            return None
        return best


def _content(text: str, stopwords: frozenset[str]) -> list[str]:
    words = [fold(w.strip(".,;:!?")) for w in text.split()]
    return [w for w in words if len(w) >= _MIN_WORD and w not in stopwords]


def _similar(a: str, b: str) -> bool:
    if a == b or (len(a) >= 6 and (b.startswith(a) or a.startswith(b))):
        return True
    return SequenceMatcher(None, a, b).ratio() >= _WORD_SIMILAR


def _overlap(subject: list[str], task_words: list[str]) -> float:
    if not subject or not task_words:
        return 0.0
    found = sum(1 for w in subject if any(_similar(w, t) for t in task_words))
    return found / len(subject)
