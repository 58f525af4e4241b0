"""Tidying spoken text before parsing: hesitations out, split compounds rejoined, self-corrections applied.

People in a crisis room do not dictate. They hesitate ("eh"), correct themselves ("om vier uur nee
half vijf", "kees of nee fatima jij regelt ..."), and speech recognition splits compounds ("nood
stroom"). The cue rules of the parser are written for the words that were *meant*, so this pass
rewrites the utterance into what the speaker meant first. All vocabulary comes from the phrasebook's
``[speech]`` table; this module only holds the mechanics.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

from assistant.domain.parser.lexicon import Lexicon, PhraseSet, RoleHit
from assistant.domain.parser.phrasebook import Phrasebook
from assistant.domain.parser.text import Token, fold, join_compounds, tokenize
from assistant.domain.parser.timeparse import TimeMatch, TimeScanner

_MAX_CORRECTIONS = 3
_CONTENT_WINDOW = 6  # how far back a corrected word may stand ("van zondag terug sorry ik bedoel van zaterdag")
_CONTENT_MAX = 4  # a content correction replaces at most this many words


@dataclass(frozen=True)
class SpeechWords:
    """The ``[speech]`` vocabulary of one phrasebook, compiled."""

    hesitations: frozenset[str]  # removed anywhere ("eh", "uhm")
    asides: PhraseSet  # removed anywhere ("nou", "o ja", "even kijken")
    corrections: PhraseSet  # value: True when the marker alone may correct content words
    leads: PhraseSet  # opening words of the corrected part ("laten we zeggen", "dat doet")
    written: PhraseSet  # spoken (split) form -> written form ("pers bericht" -> "persbericht")
    compound_words: frozenset[str]  # joined words that exist ("noodstroom")
    heads: frozenset[str]  # first parts never said alone ("nood", "flex")
    # the written form of a split form once its parts are glued ("bhvers" -> "bhv'ers"): compound
    # repair may glue the parts before the written forms are applied
    glued_written: Mapping[str, str] = field(default_factory=dict)


def _words(values: object) -> frozenset[str]:
    return frozenset(fold(str(v)) for v in (values or []))  # type: ignore[union-attr]


@lru_cache(maxsize=16)
def speech_words(pb: Phrasebook) -> SpeechWords:
    sec = pb.section("speech")
    corrections = sec.get("corrections") or {}
    written = dict(sec.get("written") or {})
    return SpeechWords(
        hesitations=_words(sec.get("hesitations")),
        asides=PhraseSet((p, True) for p in sec.get("asides", [])),
        corrections=PhraseSet((k, v == "any") for k, v in corrections.items()),
        leads=PhraseSet((p, True) for p in sec.get("correction_leads", [])),
        written=PhraseSet(written.items()),
        compound_words=_words(sec.get("compounds")),
        heads=_words(sec.get("compound_heads")),
        glued_written={fold(k).replace(" ", ""): str(v) for k, v in written.items() if " " in str(k)},
    )


@dataclass(slots=True)
class _Piece:
    """One word of the tidied utterance: its written form and, for analysis, a token."""

    text: str
    token: Token


def _pieces(text: str, tokens: list[Token]) -> list[_Piece]:
    out: list[_Piece] = []
    last: tuple[int, int] | None = None
    for tok in tokens:
        span = (tok.start, tok.end)
        if span == last:  # a contraction expanded into several tokens: write it once
            out.append(_Piece("", tok))
            continue
        last = span
        out.append(_Piece(text[tok.start:tok.end], tok))
    return out


def _render(text: str, pieces: list[_Piece]) -> str:
    """The pieces as text: original spacing and punctuation between words that stayed neighbours."""
    out: list[str] = []
    prev: _Piece | None = None
    for p in pieces:
        if not p.text:
            continue
        if prev is not None:
            gap = text[prev.token.end:p.token.start]
            if p.token.start >= prev.token.end and len(gap) <= 3 and not gap.strip(" ,.;:!?-'’"):
                out.append(gap if gap else " ")
            else:
                out.append((prev.token.brk if prev.token.brk not in ("", "-") else "") + " ")
        out.append(p.text)
        prev = p
    if prev is not None and prev.token.brk and prev.token.brk != "-":
        out.append(prev.token.brk)
    return "".join(out)


def _join_heads(pieces: list[_Piece], sw: SpeechWords, stop: frozenset[str]) -> list[_Piece]:
    """Glue a first part that never stands alone to the next word ("nood uitgang" -> "nooduitgang")."""
    out: list[_Piece] = []
    i = 0
    while i < len(pieces):
        p = pieces[i]
        if (i + 1 < len(pieces) and p.token.kind == "word" and not p.token.brk
                and (p.token.norm in sw.heads) and pieces[i + 1].token.kind == "word"
                and pieces[i + 1].token.norm not in stop):
            nxt = pieces[i + 1]
            tok = Token(p.token.norm + nxt.token.norm, p.token.start, nxt.token.end, "word", None, nxt.token.brk)
            out.append(_Piece(p.text + nxt.text, tok))
            i += 2
            continue
        out.append(p)
        i += 1
    return out


def _rewrite_written(pieces: list[_Piece], sw: SpeechWords) -> list[_Piece]:
    """Spoken forms with a fixed written form ("back up" -> "back-up", "onderneming straat" -> "ondernemingsraad")."""
    if not sw.written:
        return pieces
    tokens = [p.token for p in pieces]
    out: list[_Piece] = []
    i = 0
    while i < len(pieces):
        m = sw.written.match(tokens, i)
        if m is not None and not any(t.brk for t in tokens[i:m[1] - 1]):
            value, end = m
            written = str(value)
            tok = Token(fold(written).replace("-", "").replace(" ", ""), tokens[i].start, tokens[end - 1].end,
                        "word", None, tokens[end - 1].brk)
            out.append(_Piece(written, tok))
            i = end
            continue
        out.append(pieces[i])
        i += 1
    return out


def _drop_fillers(pieces: list[_Piece], sw: SpeechWords) -> list[_Piece]:
    tokens = [p.token for p in pieces]
    keep: list[_Piece] = []
    i = 0
    while i < len(pieces):
        if tokens[i].norm in sw.hesitations:
            if keep and tokens[i].brk and not keep[-1].token.brk:
                keep[-1].token.brk = tokens[i].brk
            i += 1
            continue
        m = sw.asides.match(tokens, i)
        if m is not None and 0 < i and m[1] < len(tokens):  # only inside: at the start they may be cues
            i = m[1]
            continue
        keep.append(pieces[i])
        i += 1
    return keep


# ------------------------------------------------------------------------------------------------
# self-corrections


def _role(lex: Lexicon, tokens: list[Token], i: int, hi: int) -> RoleHit | None:
    hit = lex.roles.at(tokens, i, hi)
    if hit is None or hit.slot_only or (hit.weak and not hit.is_name):
        return None
    return hit


def _last_role(lex: Lexicon, tokens: list[Token], hi: int) -> RoleHit | None:
    found = None
    i = 0
    while i < hi:
        hit = _role(lex, tokens, i, hi)
        if hit is not None:
            found = hit
            i = hit.end
        else:
            i += 1
    return found


def _time_at(scanner: TimeScanner, i: int, hi: int) -> TimeMatch | None:
    m = scanner.match_at(i, hi)
    if m is None or m.category not in ("clock", "relative", "day", "next"):
        return None
    return m


def _correct_once(pieces: list[_Piece], lex: Lexicon, sw: SpeechWords, now: datetime,
                  next_meeting: datetime | None) -> list[_Piece] | None:
    """Apply the first self-correction found; None when there is none."""
    tokens = [p.token for p in pieces]
    n = len(tokens)
    for c in range(1, n - 1):
        m = sw.corrections.match(tokens, c)
        if m is None:
            continue
        any_content, y = bool(m[0]), m[1]
        lead = sw.leads.match(tokens, y)
        if lead is not None:
            y = lead[1]
        if y >= n:
            continue
        head = pieces[:c]
        # a corrected person or role: "kees of nee fatima jij regelt ...", "peter regelt ... of nee dat doet ahmed"
        new_role = _role(lex, tokens, y, n)
        if new_role is not None:
            old = _last_role(lex, tokens, c)
            if old is None:
                continue
            return (head[:old.start] + pieces[y:new_role.end] + head[old.end:]
                    + pieces[new_role.end:])
        # a corrected time: "om vier uur nee half vijf", "om acht uur ... nee wacht om kwart over acht"
        scanner = TimeScanner(lex, tokens, now, next_meeting)
        new_time = _time_at(scanner, y, n)
        if new_time is not None:
            olds = [t for t in scanner.scan(0, c) if t.category in ("clock", "relative", "day", "next")]
            if not olds:
                continue
            old_t = olds[-1]
            start = old_t.start
            if not new_time.has_marker and old_t.clock_span is not None:
                start = old_t.clock_span[0]  # keep "om" of "om vier uur"
            return (head[:start] + pieces[y:new_time.end] + head[old_t.end:]
                    + pieces[new_time.end:])
        # a corrected word: "de back-up van zondag terug sorry ik bedoel van zaterdag"
        if not any_content or n - y > _CONTENT_MAX:
            continue
        first = tokens[y].norm
        for k in range(c - 1, max(-1, c - 1 - _CONTENT_WINDOW), -1):
            if tokens[k].norm == first:
                width = min(n - y, c - k)
                return head[:k] + pieces[y:] + head[k + width:]
    return None


# ------------------------------------------------------------------------------------------------
# public


def tidy_speech(text: str, lex: Lexicon, now: datetime, next_meeting: datetime | None = None) -> str:
    """The utterance as meant: hesitations and asides out, compounds rejoined, self-corrections applied.

    Returns ``text`` unchanged when there is nothing to tidy, so typed entries keep their exact form.
    """
    sw = speech_words(lex.pb)
    tokens = tokenize(text, lex.contractions)
    if not tokens:
        return text
    joined = join_compounds(tokens, lex.vocab | sw.compound_words, lex.stopwords)
    pieces = _pieces(text, tokens)
    if len(joined) != len(tokens):
        pieces = _merge_joined(text, pieces, joined, sw)
    pieces = _join_heads(pieces, sw, lex.stopwords)
    pieces = _rewrite_written(pieces, sw)
    pieces = _drop_fillers(pieces, sw)
    for _ in range(_MAX_CORRECTIONS):
        corrected = _correct_once(pieces, lex, sw, now, next_meeting)
        if corrected is None:
            break
        pieces = corrected
    out = _render(text, pieces).strip()
    return text if out == text.strip() else out


def _merge_joined(text: str, pieces: list[_Piece], joined: list[Token], sw: SpeechWords) -> list[_Piece]:
    """Pieces for tokens that join_compounds glued ("nood stroom" -> one word "noodstroom"), in their
    written form where the phrasebook has one ("bhv ers" -> "bhv'ers", not "bhvers")."""
    by_start = {p.token.start: p for p in pieces}
    out: list[_Piece] = []
    for tok in joined:
        piece = by_start.get(tok.start)
        if piece is not None and piece.token.end == tok.end:
            out.append(piece)
            continue
        glued = "".join(text[tok.start:tok.end].split())
        out.append(_Piece(sw.glued_written.get(fold(glued), glued), tok))
    return out

