"""Normalising and tokenising one utterance (speech-recognised or typed)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_APOSTROPHES = "'’‘`´"
_TOKEN = re.compile(
    r"""
    (?P<time>(?<![\d.:])\d{1,2}(?:[:.]\d{2}|u\d{2}|h\d{2})(?![\d]|[.:]\d))
   |(?P<abbr>(?:[^\W\d_]\.){2,}(?![^\W\d_]))
   |(?P<ref>(?<![\w-])[A-Za-z]{1,2}-\d{1,3}(?![\w-]))
   |(?P<num>\d+(?:,\d+)?)
   |(?P<word>['’‘]?[^\W\d_]+(?:['’‘&][^\W\d_]+)*)
   |(?P<punct>[.;:!?,]|\s-\s|–|—)
    """,
    re.VERBOSE,
)
_BREAKS = {".", ";", ":", "!", "?", "-", "–", "—"}


@lru_cache(maxsize=4096)
def fold(word: str) -> str:
    """Lower case, accents folded, apostrophes removed, '&' read as 'en' ("P&O" -> "peno")."""
    text = unicodedata.normalize("NFKD", word.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for ch in _APOSTROPHES:
        text = text.replace(ch, "")
    return text.replace("&", "en")


def norm_phrase(phrase: str) -> tuple[str, ...]:
    """A phrasebook phrase as a tuple of normalised words."""
    return tuple(t.norm for t in tokenize(phrase) if t.norm)


@dataclass(slots=True)
class Token:
    norm: str  # normalised word ("voor", "1015" for times is not used: see value)
    start: int  # character span in the original text
    end: int
    kind: str  # "word" | "num" | "time" | "ref"
    value: Any = None  # int/float for num; (hour, minute, explicit_24h) for time; (prefix, n) for ref
    brk: str = ""  # punctuation right after this token ("," "." "?" ...)
    caps: bool = False  # typed in capitals ("IT", "HR"): an acronym, not a pronoun


def tokenize(text: str, contractions: dict[str, tuple[str, ...]] | None = None) -> list[Token]:
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        s, e = m.span()
        raw = m.group()
        if kind == "punct":
            mark = raw.strip()
            if tokens and not tokens[-1].brk:
                tokens[-1].brk = mark
            continue
        if kind == "time":
            digits = re.split(r"[:.uh]", raw)
            hour, minute = int(digits[0]), int(digits[1])
            if hour > 24 or minute > 59:
                tokens.append(Token(raw, s, e, "num", float(raw.replace(":", ".")) if "." in raw else None))
                continue
            explicit = hour >= 13 or hour == 0 or (len(digits[0]) == 2 and digits[0].startswith("0"))
            tokens.append(Token(raw.replace(":", "."), s, e, "time", (hour, minute, explicit)))
        elif kind == "abbr":
            tokens.append(Token(fold(raw.replace(".", "")), s, e, "word"))
        elif kind == "ref":
            prefix, number = raw.split("-")
            tokens.append(Token(fold(raw), s, e, "ref", (prefix.upper(), int(number))))
        elif kind == "num":
            value: float | int = float(raw.replace(",", ".")) if "," in raw else int(raw)
            tokens.append(Token(raw, s, e, "num", value))
        else:
            low = fold(raw)
            if contractions:
                key = raw.lower().replace("’", "'").replace("‘", "'")
                expanded = contractions.get(key)
                if expanded:
                    for part in expanded:
                        tokens.append(Token(part, s, e, "word"))
                    continue
            if low:
                tokens.append(Token(low, s, e, "word", caps=len(raw) >= 2 and raw.isupper()))
    return tokens


def join_compounds(tokens: list[Token], vocab: frozenset[str], stopwords: frozenset[str]) -> list[Token]:
    """Repair compounds that speech recognition split ("actie punt" -> "actiepunt")."""
    if len(tokens) < 2:
        return tokens
    out: list[Token] = []
    i = 0
    n = len(tokens)
    while i < n:
        tok = tokens[i]
        if tok.kind == "word" and tok.norm not in stopwords and not tok.brk:
            joined = None
            for k in (3, 2):
                if i + k > n:
                    continue
                parts = tokens[i:i + k]
                if any(p.kind != "word" or p.norm in stopwords for p in parts):
                    continue
                if any(p.brk for p in parts[:-1]):
                    continue
                cand = "".join(p.norm for p in parts)
                if cand in vocab:
                    joined = Token(cand, parts[0].start, parts[-1].end, "word", None, parts[-1].brk)
                    i += k
                    break
            if joined is not None:
                out.append(joined)
                continue
        out.append(tok)
        i += 1
    return out


def capitalise(text: str) -> str:
    for idx, ch in enumerate(text):
        if ch.isalpha():
            return text[:idx] + ch.upper() + text[idx + 1:]
        if ch.isdigit():
            return text
    return text


_EDGE = " \t,;:-–—"


def finish_sentence(text: str) -> str:
    """First letter capital, a period at the end (no double punctuation)."""
    text = re.sub(r"\s+", " ", text).strip(_EDGE)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    if not text:
        return ""
    text = capitalise(text)
    if text[-1] in "?!":
        return text
    if text[-1] != ".":
        text += "."
    return text
