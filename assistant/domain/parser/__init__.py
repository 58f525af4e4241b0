"""Utterance parser: recognised speech or typed text -> draft log entries (pure domain code).

Public API::

    parse_utterance(text, *, now=None, next_meeting=None, phase=None, roster=None, lang="nl",
                    previous=None, phrasebook=None, context=None) -> list[ParsedDraft]
    ParseContext(now, next_meeting, roster, open_tasks=(OpenTask(ref, text, owner), ...),
                 last_proposal, phase)   # the meeting around an utterance
    parse_deadline(words, *, now, next_meeting=None, lang="nl") -> DeadlineResult | None
    detect_language(text) -> "nl" | "en"
    load_phrasebook(lang, extra=None) -> Phrasebook

Cue words, role synonyms, number words and clock idioms live in ``assistant/phrasebook/<lang>.toml``.
"""

from assistant.domain.parser.context import OpenTask, ParseContext
from assistant.domain.parser.core import detect_language, parse_deadline, parse_utterance
from assistant.domain.parser.model import DeadlineResult, ParsedDraft
from assistant.domain.parser.phrasebook import LANGUAGES, Phrasebook, load_phrasebook

__all__ = [
    "LANGUAGES",
    "OpenTask",
    "ParseContext",
    "DeadlineResult",
    "ParsedDraft",
    "Phrasebook",
    "detect_language",
    "load_phrasebook",
    "parse_deadline",
    "parse_utterance",
]
