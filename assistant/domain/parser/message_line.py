"""The berichtenmanager's one-line quick entry: a typed line → the fields of a message.

"binnen: gemeente belt, wil om drie uur een update" becomes an incoming phone message from the
stakeholder Gemeente, an information request with deadline 15:00. Same style as the utterance
parser: the words are data (``assistant/phrasebook/messages.toml``), deadlines go through the
parser's own time parsing (``parse_deadline``), and the result is a proposal the form shows for
checking, never a stored message. Pure: time is passed in.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from assistant.domain.messages import Channel, Direction, Party, PartyKind, Urgency, fold_name
from assistant.domain.parser.core import parse_deadline
from assistant.domain.parser.text import fold

_WORD = re.compile(r"[\w'’-]+", re.UNICODE)


@dataclass(frozen=True)
class QuickMessage:
    """What the line says; ``None`` where it says nothing (the form keeps its default)."""

    direction: Direction
    channel: Channel | None
    party: Party
    subject: str
    urgency: Urgency | None = None
    request: bool = False
    deadline: str | None = None  # local "YYYY-MM-DDTHH:MM"
    deadline_words: str = ""
    for_cmt: bool | None = None


@dataclass(frozen=True)
class Vocabulary:
    incoming: frozenset[tuple[str, ...]]
    outgoing: frozenset[tuple[str, ...]]
    channel: dict[Channel, frozenset[tuple[str, ...]]]
    urgency: dict[Urgency, frozenset[tuple[str, ...]]]
    request: frozenset[tuple[str, ...]]
    cmt: frozenset[tuple[str, ...]]
    skip: frozenset[str]
    stop: frozenset[str]


@cache
def vocabulary(lang: str = "nl") -> Vocabulary:
    """The quick-entry words of ``lang`` (Dutch when the language has none)."""
    raw = tomllib.loads(resources.files("assistant").joinpath("phrasebook", "messages.toml").read_text("utf-8"))
    data: dict[str, Any] = raw.get(lang) or raw["nl"]

    def phrases(words: Sequence[str]) -> frozenset[tuple[str, ...]]:
        return frozenset(tuple(fold(w) for w in word.split()) for word in words)

    return Vocabulary(
        incoming=phrases(data.get("incoming", ())),
        outgoing=phrases(data.get("outgoing", ())),
        channel={Channel(k): phrases(v) for k, v in data.get("channel", {}).items()},
        urgency={Urgency(k): phrases(v) for k, v in data.get("urgency", {}).items()},
        request=phrases(data.get("request", {}).get("words", ())),
        cmt=phrases(data.get("cmt", {}).get("words", ())),
        skip=frozenset(fold(w) for w in data.get("skip", {}).get("words", ())),
        stop=frozenset(fold(w) for w in data.get("stop", {}).get("words", ())),
    )


@dataclass(frozen=True)
class Known:
    """A party the line may name: a stakeholder of the crisis or a roster role."""

    party: Party
    words: frozenset[str]  # folded words of its name(s) that identify it


def known_parties(
    stakeholders: Sequence[tuple[str, str]], roles: Sequence[tuple[str, str, str]] = ()
) -> list[Known]:
    """``stakeholders``: (id, name); ``roles``: (id, Dutch label, English label). Stakeholders first."""
    known = [Known(Party(PartyKind.STAKEHOLDER, name, sid), _name_words(name)) for sid, name in stakeholders]
    for role_id, label_nl, label_en in roles:
        words = _name_words(label_nl) | _name_words(label_en) | _name_words(role_id)
        known.append(Known(Party(PartyKind.ROLE, label_nl, role_id), words))
    return known


def _name_words(name: str) -> frozenset[str]:
    return frozenset(w for w in fold_name(name).split() if len(w) >= 3)


def parse_message_line(
    line: str, *, now: datetime, known: Sequence[Known] = (), lang: str = "nl"
) -> QuickMessage:
    """The fields of a message in a quick-entry line. Never raises on ordinary text: an unknown party
    becomes free text, an unknown direction is incoming (what a berichtenmanager mostly types)."""
    vocab = vocabulary(lang)
    head, rest = _split_head(line, vocab)
    head_urgency = next((u for u, cues in vocab.urgency.items() if head in cues), None)
    direction = Direction.OUTGOING if head in vocab.outgoing else Direction.INCOMING
    words = [fold(w) for w in _WORD.findall(rest)]
    channel = _first_said(words, vocab.channel)
    urgency = head_urgency or next((u for u, cues in vocab.urgency.items() if _has_any(words, cues)), None)
    request = _has_any(words, vocab.request)
    for_cmt = True if _has_any(words, vocab.cmt) else None
    found = parse_deadline(rest, now=now, lang=lang) if rest.strip() else None
    party = _party(rest, words, known, vocab)
    subject = _sentence(rest)
    return QuickMessage(
        direction=direction,
        channel=channel,
        party=party,
        subject=subject,
        urgency=urgency,
        request=request or found is not None and direction is Direction.INCOMING,
        deadline=found.deadline if found else None,
        deadline_words=found.words if found else "",
        for_cmt=for_cmt,
    )


def _split_head(line: str, vocab: Vocabulary) -> tuple[tuple[str, ...], str]:
    """The direction word ("binnen:", "uit:") and the rest of the line."""
    text = line.strip()
    if ":" in text:
        head, rest = text.split(":", 1)
        folded = tuple(fold(w) for w in _WORD.findall(head))
        if folded in vocab.incoming or folded in vocab.outgoing or _is_urgency(folded, vocab):
            return folded, rest.strip()
    first = _WORD.match(text)
    if first:
        word = (fold(first.group(0)),)
        if word in vocab.incoming or word in vocab.outgoing:
            return word, text[first.end():].lstrip(" :,")
    return (), text


def _is_urgency(words: tuple[str, ...], vocab: Vocabulary) -> bool:
    return any(words in cues for cues in vocab.urgency.values())


def _first_said(words: Sequence[str], table: dict[Channel, frozenset[tuple[str, ...]]]) -> Channel | None:
    """The channel whose cue comes first in the line ("mailt: graag terugbellen" is a mail)."""
    best: tuple[int, Channel] | None = None
    for channel, phrases in table.items():
        for phrase in phrases:
            n = len(phrase)
            at = next((i for i in range(len(words) - n + 1) if tuple(words[i : i + n]) == phrase), None)
            if at is not None and (best is None or at < best[0]):
                best = (at, channel)
    return best[1] if best else None


def _has_any(words: Sequence[str], phrases: frozenset[tuple[str, ...]]) -> bool:
    for phrase in phrases:
        n = len(phrase)
        if any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1)):
            return True
    return False


def _party(rest: str, words: Sequence[str], known: Sequence[Known], vocab: Vocabulary) -> Party:
    """A known party named in the first clause; else the first clause's own words, as free text."""
    clause = re.split(r"[,;.]", rest, maxsplit=1)[0]
    clause_words = [fold(w) for w in _WORD.findall(clause)]
    for candidate in known:
        if any(w in candidate.words for w in clause_words):
            return candidate.party
    cues = {w for phrases in vocab.channel.values() for phrase in phrases for w in phrase}
    kept = [w for w, f in zip(_WORD.findall(clause), clause_words, strict=True) if f not in vocab.skip]
    name_words: list[str] = []
    for word in kept:
        if fold(word) in cues or fold(word) in vocab.stop:
            break
        name_words.append(word)
    name = " ".join(name_words[:4])
    return Party.free(name[:1].upper() + name[1:]) if name else Party.free("")


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:] if text else ""
