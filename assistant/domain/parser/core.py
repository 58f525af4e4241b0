"""The utterance parser: one recognised or typed utterance -> zero or more draft log entries.

Everything language-specific lives in the phrasebook (``assistant/phrasebook/<lang>.toml``); this
module holds the language-neutral machinery: cue rules with weights, role slots, deadlines, and
the entry text as a logger would write it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import replace as with_fields
from datetime import datetime
from pathlib import Path

from assistant.domain.entries import (
    DeadlineKind,
    EntryContent,
    EntryKind,
    Priority,
    Reliability,
    TaskStatus,
)
from assistant.domain.errors import InvalidInput, NotFound
from assistant.domain.parser.context import ParseContext
from assistant.domain.parser.lexicon import Lexicon, RoleHit, Rule, get_lexicon
from assistant.domain.parser.model import DeadlineResult, FollowUp, ParsedDraft
from assistant.domain.parser.phrasebook import LANGUAGES, Phrasebook, load_phrasebook
from assistant.domain.parser.speech import tidy_speech
from assistant.domain.parser.text import Token, finish_sentence, fold, join_compounds, tokenize
from assistant.domain.parser.timeparse import TimeMatch, TimeScanner, best_deadline, deadline_text, fmt
from assistant.domain.roster import Roster

DEFAULT_ROSTER = Roster.default()
_TASKS = ("order", "action")
#: A decision chosen with less weight than this came from an opener or a heuristic, not a decision cue.
IMPLICIT_DECISION = 75.0
_UNSET = object()
_STATUS = {"done": TaskStatus.DONE, "in_progress": TaskStatus.IN_PROGRESS, "cancelled": TaskStatus.CANCELLED,
           "open": TaskStatus.OPEN}
_RELIABILITY = {"bevestigd": Reliability.CONFIRMED, "onbevestigd": Reliability.UNCONFIRMED,
                "aanname": Reliability.ASSUMPTION, "confirmed": Reliability.CONFIRMED,
                "unconfirmed": Reliability.UNCONFIRMED, "assumption": Reliability.ASSUMPTION}
_PRIORITY = {"hoog": Priority.HIGH, "middel": Priority.MEDIUM, "laag": Priority.LOW, "high": Priority.HIGH,
             "medium": Priority.MEDIUM, "low": Priority.LOW}
_DETERMINERS = frozenset({"de", "het", "een", "the", "a", "an", "onze", "our"})


@dataclass(slots=True)
class RuleMatch:
    rule: Rule
    start: int
    end: int
    cues: tuple[int, ...]
    role: RoleHit | None
    num: float | None

    @property
    def key(self) -> tuple[float, int, int]:
        return (self.rule.weight, self.end - self.start, -self.start)


@dataclass(slots=True)
class Choice:
    """The kind chosen for a segment, with what the winning cue captured."""

    kind: str
    weight: float
    match: RuleMatch | None = None
    role: RoleHit | None = None  # owner (tasks) or source (info) named by the cue
    cues: tuple[int, ...] = ()
    keep: bool = False
    ratify: bool = False


class Utterance:
    """Tokens of one utterance plus per-utterance caches."""

    def __init__(self, text: str, lex: Lexicon, now: datetime, next_meeting: datetime | None) -> None:
        self.text = text
        self.lex = lex
        self.now = now
        self.next_meeting = next_meeting
        tokens = tokenize(text, lex.contractions)
        self.tokens: list[Token] = join_compounds(tokens, lex.vocab, lex.stopwords)
        self.n = len(self.tokens)
        self._roles: list[object] = [_UNSET] * self.n
        self._best: dict[tuple[int, int], RuleMatch | None] = {}
        self.scanner = TimeScanner(lex, self.tokens, now, next_meeting)

    # -- lookups -------------------------------------------------------------------------------

    def role_at(self, i: int, hi: int | None = None) -> RoleHit | None:
        hi = self.n if hi is None else hi
        if i >= hi:
            return None
        cached = self._roles[i]
        if cached is _UNSET:
            hit = self.lex.roles.at(self.tokens, i, self.n)
            self._roles[i] = hit
        else:
            hit = cached  # type: ignore[assignment]
        if hit is not None and hit.end > hi:
            return self.lex.roles.at(self.tokens, i, hi)
        return hit

    def skip_fillers(self, s: int, e: int) -> int:
        fillers = self.lex.fillers
        start = s
        while s < e:
            m = fillers.match(self.tokens, s, e)
            if not m or m[1] >= e:
                break
            s = m[1]
        return s if s < e else start

    def trim_end(self, s: int, e: int) -> int:
        fillers = self.lex.fillers
        while e - 1 > s and (fillers.phrases.get((self.tokens[e - 1].norm,)) is not None):
            e -= 1
        return e

    def span_text(self, s: int, e: int) -> str:
        if s >= e:
            return ""
        return self.text[self.tokens[s].start:self.tokens[e - 1].end]

    # -- cue rules -----------------------------------------------------------------------------

    def match_rule(self, rule: Rule, i: int, hi: int) -> RuleMatch | None:
        elems = rule.elems
        tokens = self.tokens
        numbers = self.lex.numbers
        n_el = len(elems)

        def rec(ei: int, ti: int, cues: tuple[int, ...], role: RoleHit | None, num: float | None):
            if ei == n_el:
                return ti, cues, role, num
            el = elems[ei]
            if el.kind == "lit":
                if ti < hi and tokens[ti].norm in el.alts:
                    r = rec(ei + 1, ti + 1, cues + (ti,), role, num)
                    if r:
                        return r
                return rec(ei + 1, ti, cues, role, num) if el.opt else None
            if el.kind == "grp":
                for seq in el.seqs:
                    n = len(seq)
                    if ti + n <= hi and all(tokens[ti + k].norm == seq[k] for k in range(n)):
                        r = rec(ei + 1, ti + n, cues + tuple(range(ti, ti + n)), role, num)
                        if r:
                            return r
                return rec(ei + 1, ti, cues, role, num) if el.opt else None
            if el.kind == "role":
                hit = self.role_at(ti, hi)
                if hit is not None:
                    r = rec(ei + 1, hit.end, cues + tuple(range(ti, hit.end)), hit, num)
                    if r:
                        return r
                return rec(ei + 1, ti, cues, role, num) if el.opt else None
            if el.kind == "num":
                got = numbers.at(tokens, ti, hi)
                if got is not None:
                    r = rec(ei + 1, got[1], cues + tuple(range(ti, got[1])), role, got[0])
                    if r:
                        return r
                return rec(ei + 1, ti, cues, role, num) if el.opt else None
            # gap: lazily up to 8 words; a gap that ends an "end"/"whole" pattern runs to the end
            gaps = range(0, min(8, hi - ti) + 1)
            if ei == n_el - 1 and rule.at in ("end", "whole"):
                gaps = range(min(8, hi - ti), -1, -1)
            for g in gaps:
                r = rec(ei + 1, ti + g, cues, role, num)
                if r:
                    return r
            return None

        r = rec(0, i, (), None, None)
        if r is None or r[0] == i:
            return None
        return RuleMatch(rule, i, r[0], r[1], r[2], r[3])

    def candidates(self, i: int, hi: int) -> list[Rule]:
        lex = self.lex
        norm = self.tokens[i].norm
        out = list(lex.by_token.get(norm, ()))
        if i + 1 < hi:
            out.extend(lex.by_pair.get((norm, self.tokens[i + 1].norm), ()))
        if lex.role_first and self.role_at(i, hi) is not None:
            out.extend(lex.role_first)
        if lex.num_first and lex.numbers.at(self.tokens, i, hi) is not None:
            out.extend(lex.num_first)
        return out

    def best_rule(self, s: int, e: int) -> RuleMatch | None:
        key = (s, e)
        if key not in self._best:
            self._best[key] = self._best_rule(s, e)
        return self._best[key]

    def after_fronted_time(self, s2: int, e: int) -> int | None:
        """Where the inverted verb stands after a time said first ("om vijf uur | moet ict de server
        herstarten"): ``at = "fronted"`` rules match there and nowhere else."""
        ends = {m.start: m.end for m in self.scanner.scan(s2, e, set())}
        if s2 not in ends:
            return None
        pos = s2
        while pos in ends and ends[pos] > pos:  # "morgen | om negen": one time said in parts
            pos = ends[pos]
        return pos if pos < e else None

    def _best_rule(self, s: int, e: int) -> RuleMatch | None:
        s2 = self.skip_fillers(s, e)
        e2 = self.trim_end(s2, e)
        starts = {s, s2}
        voc = self.role_at(s2, e)
        if voc is not None and not voc.slot_only and voc.end < e:
            starts.add(self.skip_fillers(voc.end, e))  # "sanne, noteer als besluit ..."
        fronted = self.after_fronted_time(s2, e)
        best: RuleMatch | None = None
        for i in range(s, e):
            for rule in self.candidates(i, e):
                if rule.at in ("start", "whole") and i not in starts:
                    continue
                if rule.at == "fronted" and i != fronted:
                    continue
                m = self.match_rule(rule, i, e)
                if m is None:
                    continue
                if rule.at in ("end", "whole") and m.end not in (e, e2):
                    continue
                if best is None or m.key > best.key:
                    best = m
        return best


# ------------------------------------------------------------------------------------------------
# segmentation: two entries in one utterance


def _split(utt: Utterance) -> list[tuple[int, int]]:
    lex = utt.lex
    tokens = utt.tokens
    n = utt.n
    segments: list[tuple[int, int]] = []
    s = 0
    first = utt.best_rule(0, n)
    search = max(1, first.end if first and first.start <= utt.skip_fillers(0, n) else 1)
    j = search
    while j < n:
        prev = tokens[j - 1]
        sep_word = prev.norm in lex.separators
        sep = sep_word or prev.brk in (".", ";", "!", "?", ":") or (j >= 2 and tokens[j - 2].brk and sep_word)
        cut = None
        for rule in utt.candidates(j, n):
            if not rule.split:
                continue
            m = utt.match_rule(rule, j, n)
            if m is None:
                continue
            if rule.at in ("end", "whole"):
                if m.end in (n, utt.trim_end(j, n)) and j - s >= 2:
                    cut = m
                    break
                continue
            if sep or (rule.has_role and rule.first_lit and rule.kind in _TASKS
                       and (utt.best_rule(s, j) is not None or _status_at(utt, s, j) is not None)):
                cut = m
                break
        if cut is None and j - s >= 3:
            cut = _addressed_at(utt, j, n, sep)
        if cut is None and sep and _status_at(utt, j, n) is not None:
            cut = RuleMatch(Rule("status", 99, "start", False, True, False, (), ""), j, j + 1, (), None, None)
        if cut is not None:
            end = j - 1 if sep_word else j
            if end > s:
                segments.append((s, end))
                s = j
                j = max(cut.end, j + 1)
                continue
        j += 1
    segments.append((s, n))
    return segments


def _addressed_at(utt: Utterance, j: int, n: int, sep: bool) -> RuleMatch | None:
    """A person addressed mid-utterance starts a new entry: "... en lotte jij geeft om half tien een update",
    "... voor de avonddienst peter kun jij dat oplossen" (without "en" only before an address word)."""
    hit = utt.role_at(j, n)
    if hit is None or not hit.is_name or hit.weak or n - hit.end < 2:
        return None
    nxt = utt.tokens[hit.end].norm
    if not sep and nxt not in utt.lex.address_words:
        return None
    if nxt in utt.lex.info_verbs or nxt in utt.lex.not_instructions:
        return None
    return RuleMatch(Rule("order", 50, "start", False, True, False, (), ""), j, hit.end, (), hit, None)


# ------------------------------------------------------------------------------------------------
# status updates ("actie vier is gereed")


@dataclass(slots=True)
class StatusHit:
    ref: str | None
    noun_prefix: str
    status: TaskStatus
    start: int
    ref_end: int
    phrase_start: int
    phrase_end: int
    confidence: float


def _status_at(utt: Utterance, i: int, e: int) -> StatusHit | None:
    lex = utt.lex
    tokens = utt.tokens
    if not lex.status_nouns or i >= e:
        return None
    j = i
    det = False
    if tokens[j].norm in lex.status_determiners:
        det = True
        j += 1
        if j >= e:
            return None
    tok = tokens[j]
    prefix: str | None = None
    number: int | None = None
    k = j + 1
    if tok.kind == "ref":
        prefix, number = tok.value
    elif tok.norm in lex.status_nouns:
        prefix = lex.status_nouns[tok.norm]
        while k < e and tokens[k].norm in lex.numbers.prefix:
            k += 1
        got = lex.numbers.at(tokens, k, e)
        if got is not None and got[0] == int(got[0]) and got[0] > 0:
            number = int(got[0])
            k = got[1]
        elif not det:
            return None
    elif (tok.kind == "word" and tok.norm.upper() in lex.status_nouns.values() and k < e
          and tokens[k].kind == "num" and tokens[k].start == tok.end):
        prefix, number = tok.norm.upper(), int(tokens[k].value)
        k += 1
    else:
        return None
    found = lex.status_phrases.find(tokens, k, e)
    if found is None:
        return None
    value, ps, pe = found
    if number is None and e - pe > 2:
        return None
    ref = f"{prefix}-{number}" if number is not None else None
    conf = 0.95 if number is not None else 0.6
    return StatusHit(ref, prefix or "", _STATUS[str(value)], i, k, ps, pe, conf)


# ------------------------------------------------------------------------------------------------
# the parser


class _SegmentParser:
    def __init__(self, utt: Utterance, s: int, e: int, phase: str | None, lang: str) -> None:
        self.utt = utt
        self.lex = utt.lex
        self.tokens = utt.tokens
        self.s = s
        self.e = e
        self.s2 = utt.skip_fillers(s, e)
        self.phase = phase
        self.lang = lang

    # -- kind ----------------------------------------------------------------------------------

    def choose(self) -> Choice | None:
        utt, lex, tokens = self.utt, self.lex, self.tokens
        s, s2, e = self.s, self.s2, self.e
        best: Choice | None = None
        rm = utt.best_rule(s, e)
        if rm is not None:
            best = Choice(rm.rule.kind, rm.rule.weight, rm, rm.role, rm.cues, rm.rule.keep, rm.rule.ratify)
        # heuristics, weaker than explicit cues
        heur: list[Choice] = []
        if tokens[e - 1].brk == "?" or tokens[s2].norm in lex.question_words:
            heur.append(Choice("none", 70))
        hit = utt.role_at(s2, e)
        if hit is not None and not hit.slot_only and hit.end < e and tokens[hit.end - 1].brk != "?":
            nxt = tokens[hit.end].norm
            last = tokens[e - 1].norm
            participle = (last.startswith("ge") and len(last) > 5 and last.endswith(("d", "t", "en"))
                          and last not in lex.not_participles)
            if nxt in lex.report_verbs or (nxt in lex.info_verbs and participle):
                heur.append(Choice("info", 55, role=hit, keep=True))
            elif (nxt not in lex.question_words and nxt not in lex.info_verbs
                  and nxt not in lex.not_instructions and lex.fillers.match(tokens, hit.end, e) is None
                  and e - hit.end >= 2 and not (hit.weak and nxt in lex.stopwords)):
                heur.append(Choice("order", 50 if not hit.weak else 48, role=hit,
                                   cues=tuple(range(s2, hit.end))))
        # a plain statement about the incident is information
        if (e - s2 >= 4 and tokens[e - 1].brk != "?" and tokens[s2].norm not in lex.question_words
                and tokens[s2].norm not in lex.first_persons
                and lex.topic_words.find(tokens, s2, e) is not None):
            heur.append(Choice("info", 45, keep=True))
        if tokens[s2].norm in lex.we_words and s2 + 1 < e:
            bonus = 5 if self.phase == "besluitvorming" else 0
            if tokens[s2 + 1].norm in lex.decision_verbs:
                heur.append(Choice("decision", 60 + bonus, keep=True))
            elif lex.future_aux.match(tokens, s2 + 1, e) is not None and any(
                    t.norm in lex.decision_verbs for t in tokens[s2 + 2:min(e, s2 + 9)]):
                # "we gaan de school sluiten", "we will close the building"
                heur.append(Choice("decision", 55 + bonus, keep=True))
        j = s2 + 1 if tokens[s2].norm in _DETERMINERS else s2
        if lex.parties.match(tokens, j, e):
            heur.append(Choice("info", 58, keep=True))
        heur.extend(self.plain_talk())
        for h in heur:
            if best is None or h.weight > best.weight:
                best = h
        implicit = best is not None and best.kind == "decision" and best.weight < IMPLICIT_DECISION
        if implicit and self.reports_done():
            return Choice("info", best.weight, role=best.role, keep=True)
        return best

    def reports_done(self) -> bool:
        """A completed act in the perfect tense ("we hebben de school gesloten", "we have isolated
        the servers"): one of the phrasebook's auxiliaries with a past participle a few words on."""
        lex, tokens = self.lex, self.tokens
        for k in range(self.s2, self.e):
            if tokens[k].norm not in lex.done_aux:
                continue
            if any(_participle(t.norm, lex) for t in tokens[k + 1:min(self.e, k + 8)]):
                return True
        return False

    def plain_talk(self) -> list[Choice]:
        """Talk without a cue word: chit-chat is nothing, a question about the incident an information
        need, a statement of some length information (weaker than every cue)."""
        lex, tokens, s2, e = self.lex, self.tokens, self.s2, self.e
        if lex.chitchat.find(tokens, self.s, e) is not None:
            return [Choice("none", 76)]
        question = tokens[e - 1].brk == "?" or tokens[s2].norm in lex.question_words or (
            s2 + 1 < e and tokens[s2 + 1].norm in lex.question_words)
        if question:
            return [Choice("info_need", 52, keep=True)] if e - s2 >= 4 else []
        first = tokens[s2].norm
        ours = any(t.norm in lex.markers_lang for t in tokens[s2:e])  # not words of another language
        if (e - s2 >= lex.statement_min_words and ours
                and (first not in lex.first_persons or first in lex.we_words)):
            return [Choice("info", 42, keep=True)]  # not "ik heb een vraag", "dat is een goed punt"
        return []

    # -- fields --------------------------------------------------------------------------------

    def owner_fallback(self, removed: set[int]) -> tuple[RoleHit, float, bool] | None:
        utt, lex, tokens = self.utt, self.lex, self.tokens
        for i in range(self.s, self.e - 1):
            if i in removed or tokens[i].norm not in lex.owner_before:
                continue
            hit = utt.role_at(i + 1, self.e)
            if hit is None or hit.slot_only or (hit.weak and tokens[i].norm not in lex.owner_before_weak):
                continue
            if not any(k in removed for k in range(i + 1, hit.end)):
                return RoleHit(hit.role, i, hit.end, hit.weak, hit.slot_only, hit.is_name), 0.8, True
        for i in range(self.s, self.e):
            if i in removed:
                continue
            hit = utt.role_at(i, self.e)
            if hit is None or hit.weak or hit.slot_only:
                continue
            if i > self.s and tokens[i - 1].norm in lex.not_owner_before:
                continue
            return hit, 0.55, False
        return None

    def noun_phrase(self, j: int) -> tuple[str, int] | None:
        """A source after "volgens" etc.: a role label, or (determiner +) one or two words."""
        utt, tokens, e = self.utt, self.tokens, self.e
        if j >= e:
            return None
        hit = utt.role_at(j, e)
        if hit is not None and not hit.weak and not hit.slot_only:
            return self.lex.roles.label(hit.role), hit.end
        k = j
        if tokens[k].norm in _DETERMINERS:
            k += 1
        if k >= e or tokens[k].kind != "word" or tokens[k].norm in self.lex.stopwords:
            return None
        k += 1
        if k < e and not tokens[k - 1].brk and tokens[k].kind == "word":
            raw = utt.text[tokens[k].start:tokens[k].end]
            if raw[:1].isupper() and tokens[k].norm not in self.lex.stopwords:
                k += 1
        return utt.span_text(j, k), k

    def build_text(self, removed: set[int], replace: dict[int, tuple[int, str]], lo: int, hi: int,
                   infinitive: bool = False) -> str:
        tokens = self.tokens
        text = self.utt.text
        pieces: list[tuple[int, int, str, int, int]] = []
        i = lo
        while i < hi:
            if i in replace:
                j, txt = replace[i]
                pieces.append((tokens[i].start, tokens[j - 1].end, txt, i, j - 1))
                i = j
                continue
            if i in removed:
                i += 1
                continue
            t = tokens[i]
            pieces.append((t.start, t.end, text[t.start:t.end], i, i))
            i += 1
        out = ""
        prev = None
        for piece in pieces:
            if prev is not None and piece[0] < prev[1]:
                continue  # same characters (contractions)
            if prev is None:
                out = piece[2]
            elif piece[3] == prev[4] + 1:
                out += text[prev[1]:piece[0]] + piece[2]
            else:
                out += " " + piece[2]
            prev = piece
        return self.clean(out, infinitive)

    def clean(self, text: str, infinitive: bool = False) -> str:
        lex = self.lex
        words = text.split()
        edge = " ,;:.-–—!?"

        def key(w: str) -> str:
            return fold(w.strip(edge))

        while words and (key(words[0]) in lex.dangling_start or not words[0].strip(edge)):
            words.pop(0)
        while words and (key(words[-1]) in lex.dangling_end or not words[-1].strip(edge)):
            words.pop()
        if (infinitive and len(words) >= 3 and key(words[1]) in lex.drop_pronouns
                and words[1] == words[1].strip(edge)):
            del words[1]  # "bel jij de burgemeester" -> "bel de burgemeester"
        marker = lex.infinitive_marker
        if infinitive and marker:
            # "de polisvoorwaarden na te lezen" -> "de polisvoorwaarden nalezen"
            for idx in range(len(words) - 1):
                if key(words[idx]) != marker or words[idx] != words[idx].strip(edge):
                    continue
                verb = words[idx + 1]
                bare = verb.rstrip(edge).lower()
                if not (bare.endswith("en") or bare in ("doen", "gaan", "zien", "staan", "slaan")):
                    continue
                prev = words[idx - 1] if idx else ""
                if prev and key(prev) in lex.particles and prev == prev.strip(edge):
                    words[idx - 1:idx + 2] = [prev + verb]
                else:
                    words[idx:idx + 2] = [verb]
                break
        return " ".join(words).strip(edge + " ")

    # -- one segment -> one draft --------------------------------------------------------------

    def parse(self) -> tuple[ParsedDraft | None, bool]:
        utt, lex, tokens = self.utt, self.lex, self.tokens
        s, s2, e = self.s, self.s2, self.e
        status = _status_at(utt, s2, e)
        if status is not None:
            return self.status_draft(status), False
        choice = self.choose()
        if choice is None or choice.kind in ("none", "status"):
            return None, False
        kind = choice.kind
        removed: set[int] = set(range(s, s2))
        if not choice.keep:
            removed |= set(choice.cues)
            m = choice.match
            if m is not None and m.rule.at in ("start", "whole") and m.start > s2:
                removed |= set(range(s2, m.start))  # the person addressed: "sanne, noteer als besluit ..."
            if choice.match is not None and tokens[choice.match.end - 1].brk == "?" and choice.match.end == e:
                pass
        conf: dict[str, float] = {}
        w = choice.weight
        conf["kind"] = 0.92 if w >= 85 else 0.8 if w >= 70 else 0.65 if w >= 55 else 0.55
        owner: str | None = None
        co_owner = ""
        source = ""
        role_hit = choice.role
        if kind in _TASKS:
            if role_hit is not None:
                owner = role_hit.role
                conf["owner"] = 0.95 if not role_hit.weak else 0.85
                removed |= set(range(role_hit.start, role_hit.end))
                k = role_hit.end
                if k + 1 < e and tokens[k].norm in lex.separators:
                    second = utt.role_at(k + 1, e)
                    if second is not None and second.role != owner:
                        # "actie voor hr en ict ...": one owner, the other named in the text
                        removed |= set(range(k, second.end))
                        co_owner = lex.co_owner.format(label=lex.roles.label(second.role))
                        conf["owner"] = 0.7
            else:
                fb = self.owner_fallback(removed)
                if fb is not None:
                    hit, c, drop = fb
                    owner = hit.role
                    conf["owner"] = c
                    first_kept = next((k for k in range(s2, e) if k not in removed), e)
                    if drop or (hit.is_name and hit.start == first_kept):  # "fatima, de portier moet ..."
                        removed |= set(range(hit.start, hit.end))
                else:
                    conf["owner"] = 0.5
        elif kind == "info" and role_hit is not None:
            source = lex.roles.label(role_hit.role)
            if not choice.keep:
                removed |= set(range(role_hit.start, role_hit.end))
        if kind == "info" and not source:
            strip = lex.source_strip.match(tokens, s2, e)
            if strip is not None:
                np = self.noun_phrase(strip[1])
                if np is not None:
                    source = np[0]
                    removed |= set(range(s2, np[1]))
        # priority
        priority = None
        found = lex.priority.find(tokens, s2, e)
        if found is not None and choice.keep and any(k in choice.cues for k in range(found[1], found[2])):
            found = None  # "onze hoogste prioriteit is ...": part of the decision, not a priority field
        if found is not None:
            priority = _PRIORITY.get(str(found[0]))
            removed |= set(range(found[1], found[2]))
            conf["priority"] = 0.85
        # deadlines and clock times
        skip = set(range(role_hit.start, role_hit.end)) if role_hit is not None else set()
        # cue words are skipped while scanning, so "de opdracht om vóór 13.30 uur ..." still finds
        # the time right after the cue's "om"
        matches = utt.scanner.scan(s, e, skip | removed)
        replace: dict[int, tuple[int, str]] = {}
        deadline: TimeMatch | None = None
        if kind in _TASKS or kind in ("info_need", "process"):
            if kind == "process":  # "het volgende overleg is om elf uur": the clock time counts
                deadline = best_deadline([m for m in matches if m.category in ("clock", "relative")])
            else:
                deadline = best_deadline(matches)
        tail = ""
        for m in matches:
            if kind in _TASKS and (m is deadline or (m.category == "asap" and deadline is not None)):
                removed |= set(range(m.start, m.end))
            elif m.clock_span is not None and m.when is not None:
                replace[m.clock_span[0]] = (m.clock_span[1], m.when.strftime("%H:%M"))
        if kind in _TASKS and deadline is not None:
            tail = deadline_text(lex, deadline, utt.now)
        # reason (decisions, proposals)
        reason = ""
        cue_end = max(choice.cues) + 1 if choice.cues else s2
        if kind in ("decision", "proposal"):
            for ph, keep in ((lex.reason_markers, False), (lex.reason_keep, True)):
                got = ph.find(tokens, max(cue_end, s2 + 1), e)
                if got is not None:
                    _, rs, re_ = got
                    reason_tokens = set(range(rs if keep else re_, e))
                    reason = self.build_text(removed, replace, rs if keep else re_, e)
                    reason = finish_sentence(reason if keep else main_clause(reason, lex))  # "omdat X is"
                    removed |= set(range(rs, e)) | reason_tokens
                    conf["reason"] = 0.75
                    break
        # information: reliability and source
        reliability = None
        if kind == "info":
            got = lex.reliability.find(tokens, s, e)
            if got is not None:
                reliability = _RELIABILITY.get(str(got[0]))
                conf["reliability"] = 0.85
                phrase = tuple(t.norm for t in tokens[got[1]:got[2]])
                first_kept = next((k for k in range(s, e) if k not in removed), e)
                if phrase in lex.reliability_remove and got[1] == first_kept:
                    removed |= set(range(got[1], got[2]))
            if not source:
                source = self.find_source(removed)
            if source:
                conf["info_source"] = 0.7
        infinitive = (kind in _TASKS or kind in ("decision", "proposal")) and not choice.keep
        text = self.build_text(removed, replace, s, e, infinitive=infinitive)
        first_kept = next((k for k in range(s, e) if k not in removed), e)
        if any(tokens[k].norm in lex.inversion_openers for k in range(s, min(first_kept + 1, e))):
            text = subject_first(text, lex)  # "dan gaat de vlag halfstok" -> "de vlag gaat halfstok"
        if kind in ("decision", "proposal") and self.subclause_after(choice.cues):
            text = main_clause(text, lex)
        elif kind in _TASKS and text and lex.see_to and self.subclause_after(choice.cues):
            # "kees zorgt ervoor dat de buren een brief krijgen": the task is to see to it
            text = lex.see_to.format(clause=text[0].lower() + text[1:] if text[1:2].islower() else text)
        conf["text"] = 0.8
        if kind in _TASKS:
            if co_owner:
                text = f"{text} ({co_owner})" if text else co_owner
            if deadline is not None:
                conf["deadline"] = round(max(0.3, deadline.confidence), 2)
            else:
                conf["deadline"] = 0.85
            if text and tail:
                text = f"{text}, {tail}"
            elif tail:
                text = tail
                conf["text"] = 0.4  # nothing but the deadline was said
        body = finish_sentence(text)
        asked = choice.match is not None and choice.match.rule.question
        if kind == "info_need" and body.endswith(".") and (asked or tokens[next(
                (k for k in range(s, e) if k not in removed), s)].norm in lex.question_words):
            body = body[:-1] + "?"
        ratify_fallback = False
        if not body:
            body = finish_sentence(utt.span_text(s if choice.ratify else s2, e))
            conf["text"] = 0.4
            ratify_fallback = choice.ratify
        if not body:
            return None, False
        content = EntryContent(
            kind=EntryKind(kind),
            text=body,
            phase=self.phase,
            reason=reason,
            reliability=reliability,
            info_source=source,
            owner=owner,
            deadline=fmt(deadline.when) if deadline is not None else None,
            deadline_kind=deadline.kind if deadline is not None else None,
            deadline_words=utt.span_text(deadline.start, deadline.end) if deadline is not None else "",
            priority=priority,
        )
        span = (tokens[s].start, tokens[e - 1].end)
        follow_up = self.points_back(removed, deadline, tail) if kind in _TASKS else None
        draft = ParsedDraft(content, conf, ratifies=ratify_fallback, span=span, lang=self.lang,
                            follow_up=follow_up)
        return draft, ratify_fallback

    def points_back(self, removed: set[int], deadline: TimeMatch | None, tail: str) -> FollowUp | None:
        """An order that says nothing but "(you) do that": a pointer ("dat") and one of the phrasebook's
        follow-up verbs, among words that may stand around them. The owner, cue and deadline words
        are already taken out (``removed``); what is left must be nothing else."""
        lex, tokens, s, e = self.lex, self.tokens, self.s, self.e
        said = [tokens[k].norm for k in range(s, e)]
        if not lex.follow_up_pointers.intersection(said):
            return None
        verbs = [lex.follow_up_verbs[w] for w in said if w in lex.follow_up_verbs]
        if not verbs:
            return None
        in_deadline = range(deadline.start, deadline.end) if deadline is not None else range(0)
        allowed = lex.follow_up_pointers | lex.follow_up_around | lex.drop_pronouns | lex.particles
        for k in range(s, e):
            word = tokens[k].norm
            if k in removed or k in in_deadline or word in allowed or word in lex.follow_up_verbs:
                continue
            if tokens[k].kind == "word":
                return None  # a word of its own: the order says what to do itself
        return FollowUp(verbs[-1], tail)

    def subclause_after(self, cues: tuple[int, ...]) -> bool:
        """Whether the cue ends in, or is followed by, "dat": then the entry is a subordinate clause."""
        if not cues:
            return False
        last = max(cues)
        openers = self.lex.subclause_openers
        return self.tokens[last].norm in openers or (last + 1 < self.e and self.tokens[last + 1].norm in openers)

    def find_source(self, removed: set[int]) -> str:
        lex, tokens, s2, e = self.lex, self.tokens, self.s2, self.e
        got = lex.source_before.find(tokens, s2, e)
        if got is not None:
            np = self.noun_phrase(got[2])
            if np:
                return np[0]
        got = lex.source_verbs.find(tokens, s2 + 1, e)
        if got is not None:
            first = next((k for k in range(s2, got[1]) if k not in removed), got[1])
            if 0 < got[1] - first <= 4:
                hit = self.utt.role_at(first, got[1])
                if hit is not None and hit.end == got[1]:
                    return lex.roles.label(hit.role)
                return self.utt.span_text(first, got[1])
        return ""

    def status_draft(self, hit: StatusHit) -> ParsedDraft:
        utt = self.utt
        label = self.lex.status_labels.get(hit.status.value, hit.status.value)
        rest = ""
        if hit.phrase_end < self.e:
            rest = self.build_text(set(), {}, hit.phrase_end, self.e)
        if hit.ref:
            text = f"{hit.ref} {label}"
        else:
            text = self.clean(utt.span_text(hit.start, hit.phrase_start)) + f": {label}"
        if rest:
            text += f": {rest}"
        conf = {"kind": 0.92 if hit.ref else 0.7, "ref": hit.confidence, "new_status": 0.9, "text": 0.85}
        content = EntryContent(kind=EntryKind.STATUS, text=finish_sentence(text), phase=self.phase,
                               ref=hit.ref, new_status=hit.status)
        span = (self.tokens[self.s].start, self.tokens[self.e - 1].end)
        return ParsedDraft(content, conf, span=span, lang=self.lang)


def _participle(word: str, lex: Lexicon) -> bool:
    """A past participle by its form: Dutch "ge...d/t/en" (also after a particle: "opgeschaald"),
    English "...ed", or one of the phrasebook's irregular ones."""
    if word in lex.decided_participles:
        return False
    if word in lex.done_participles:
        return True
    prefix, endings = lex.participle_prefix, lex.participle_endings
    if not endings:
        return False
    stem = next((word[len(p):] for p in lex.particles if prefix and word.startswith(p + prefix)), word)
    return stem.startswith(prefix) and len(stem) > len(prefix) + 2 and stem.endswith(endings)


def subject_first(text: str, lex: Lexicon) -> str:
    """Main-clause order once the word that inverted it is left out: a known finite verb followed by
    its subject (one pronoun, or a determiner and its noun) moves behind that subject ("gaat de vlag
    morgen halfstok" -> "de vlag gaat morgen halfstok"). Anything else is left as it is."""
    words = text.split()
    if len(words) < 3 or fold(words[0]) not in lex.finite_verbs:
        return text
    second = fold(words[1])
    if second in lex.subject_pronouns:
        size = 1
    elif second in lex.subject_determiners and len(words) >= 4 and fold(words[2]) not in lex.stopwords:
        size = 2
    else:
        return text
    verb, subject, rest = words[0], words[1:1 + size], words[1 + size:]
    return " ".join([*subject, verb.lower(), *rest])


def main_clause(text: str, lex: Lexicon) -> str:
    """A subordinate clause as a logger writes it: "het stadskantoor morgen dicht blijft" (after "we
    besluiten dat") becomes "het stadskantoor blijft morgen dicht": the finite verb at the end moves
    to just after the subject (a determiner and its noun, or one pronoun). Unknown verbs stay put."""
    words = text.split()
    if len(words) < 3:
        return text
    last = fold(words[-1].strip(" ,;:.!?"))
    if last not in lex.finite_verbs or words[-1] != words[-1].strip(" ,;:.!?"):
        return text
    first = fold(words[0])
    subject = 2 if first in lex.subject_determiners and len(words) > 3 else 1
    if subject == 1 and first not in lex.subject_pronouns:
        return text
    return " ".join(words[:subject] + [words[-1]] + words[subject:-1])


def _ratified(decision: ParsedDraft, proposal: ParsedDraft, replace_text: bool) -> ParsedDraft:
    content = decision.content
    changes: dict[str, object] = {}
    if replace_text:
        changes["text"] = proposal.content.text
        conf = dict(decision.field_confidence)
        conf["text"] = proposal.field_confidence.get("text", 0.8)
    else:
        conf = dict(decision.field_confidence)
    if not content.reason and proposal.content.reason:
        changes["reason"] = proposal.content.reason
    if proposal.content.ref:
        changes["ref"] = proposal.content.ref
    conf["kind"] = max(conf.get("kind", 0.0), 0.9)
    new_content = content.with_changes(**changes) if changes else content
    return ParsedDraft(new_content, conf, ratifies=True, span=decision.span, lang=decision.lang)


# ------------------------------------------------------------------------------------------------
# public API


def _phrasebook(lang: str, phrasebook: Phrasebook | Path | str | None) -> Phrasebook:
    if isinstance(phrasebook, Phrasebook):
        return phrasebook
    return load_phrasebook(lang, phrasebook)


def parse_utterance(
    text: str,
    *,
    now: datetime | None = None,
    next_meeting: datetime | None = None,
    phase: str | None = None,
    roster: Roster | None = None,
    lang: str = "nl",
    previous: ParsedDraft | None = None,
    phrasebook: Phrasebook | Path | str | None = None,
    context: ParseContext | None = None,
) -> list[ParsedDraft]:
    """Draft log entries in one utterance; an empty list for ordinary discussion.

    ``now`` is when it was said (naive or aware; deadlines are local "YYYY-MM-DDTHH:MM" in the tz
    of ``now``). ``previous`` is the last proposal, so "akkoord, zo besloten" ratifies it.
    ``phrasebook`` is a loaded phrasebook or the path of an organisation's extra phrasebook file.
    ``context`` carries the meeting around the utterance (clock, roster, open tasks, last
    proposal); explicit arguments win over its fields.
    """
    if context is not None:
        now = now or context.now
        next_meeting = next_meeting or context.next_meeting
        roster = roster or context.roster
        phase = phase or context.phase
        previous = previous or context.last_proposal
    if now is None:
        raise InvalidInput("parse_utterance needs the time it was said (now or context)", field="now")
    if not text or not text.strip():
        return []
    if not lang or lang == "auto":
        lang = detect_language(text)
    pb = _phrasebook(lang, phrasebook)
    lex = get_lexicon(pb, roster or DEFAULT_ROSTER)
    if next_meeting is not None and now.tzinfo is not None and next_meeting.tzinfo is None:
        next_meeting = next_meeting.replace(tzinfo=now.tzinfo)
    elif next_meeting is not None and now.tzinfo is not None:
        next_meeting = next_meeting.astimezone(now.tzinfo)
    utt = Utterance(tidy_speech(text, lex, now, next_meeting), lex, now, next_meeting)
    if utt.n == 0:
        return []
    drafts: list[ParsedDraft] = []
    before: _SegmentParser | None = None  # the segment just before this one
    before_draft: ParsedDraft | None = None  # and its draft, if it held an entry
    for s, e in _split(utt):
        seg = _SegmentParser(utt, s, e, phase, pb.lang)
        draft, empty_ratify = seg.parse()
        if draft is not None and draft.ratifies and draft.kind is EntryKind.DECISION:
            if before_draft is not None and before_draft.kind is EntryKind.PROPOSAL:
                drafts.remove(before_draft)
                draft = _ratified(draft, before_draft, replace_text=True)
            elif before is not None and empty_ratify and (
                    before_draft is None or before_draft.kind.value not in _TASKS + ("status",)):
                # "het gebouw blijft dicht, zo besloten": the words before are the decision
                if before_draft is not None:
                    drafts.remove(before_draft)
                text = finish_sentence(before.clean(utt.span_text(before.s2, before.e), infinitive=True))
                if text:
                    conf = dict(draft.field_confidence, text=0.75, kind=0.9)
                    draft = ParsedDraft(draft.content.with_changes(text=text), conf, ratifies=False,
                                        span=(utt.tokens[before.s].start, draft.span[1]), lang=draft.lang)
            elif previous is not None and previous.kind is EntryKind.PROPOSAL and empty_ratify:
                draft = _ratified(draft, previous, replace_text=True)
            else:  # agreement with nothing to ratify: the words themselves are the decision
                draft = ParsedDraft(draft.content, draft.field_confidence, ratifies=False, span=draft.span,
                                    lang=draft.lang)
        before, before_draft = seg, draft
        if draft is not None:
            drafts.append(draft)
    drafts = _follow_ups(drafts, lex)
    if context is not None and context.open_tasks:
        drafts = [_resolve_task(d, utt, context) for d in drafts]
    return drafts


def _follow_ups(drafts: list[ParsedDraft], lex: Lexicon) -> list[ParsedDraft]:
    """An order that only points back ("... en kees, jij regelt dat") gets the entry before it as its
    text ("Regelen: de vlag gaat morgen halfstok."): in the action list it must make sense alone."""
    out = list(drafts)
    for i in range(1, len(out)):
        draft, before = out[i], out[i - 1]
        if draft.follow_up is None or before.kind.value in _TASKS + ("status",):
            continue
        referent = before.content.text.rstrip(" .!?")
        if not referent:
            continue
        first = referent.split(" ", 1)[0]
        if first[1:] == first[1:].lower() and first != "I":  # not "BHV'ers", "ICT"
            referent = referent[0].lower() + referent[1:]  # "De vlag ..." -> "...: de vlag ..."
        text = lex.follow_up_text.format(verb=draft.follow_up.verb, referent=referent)
        if draft.follow_up.tail:
            text = f"{text}, {draft.follow_up.tail}"
        conf = dict(draft.field_confidence, text=0.7)
        content = draft.content.with_changes(text=finish_sentence(text))
        out[i] = with_fields(draft, content=content, field_confidence=conf)
    return out


def _resolve_task(draft: ParsedDraft, utt: Utterance, context: ParseContext) -> ParsedDraft:
    """A status update without a number, or a report that closes a task, tied to the open task meant.

    "die opdracht van communicatie is klaar", "het persbericht is de deur uit": the subject is matched
    (fuzzy) against the open tasks' texts and owners.
    """
    if draft.kind not in (EntryKind.STATUS, EntryKind.INFO) or draft.content.ref:
        return draft
    lex, tokens = utt.lex, utt.tokens
    lo = next((k for k, t in enumerate(tokens) if t.start >= draft.span[0]), 0)
    hi = next((k for k, t in enumerate(tokens) if t.end > draft.span[1]), utt.n)
    found = lex.status_phrases.find(tokens, lo, hi)
    if found is None:
        return draft
    value, ps, pe = found
    owner = None
    subject: list[str] = []
    k = lo
    while k < ps:
        hit = utt.role_at(k, ps)
        if hit is not None and not hit.slot_only:
            owner = hit.role
            k = hit.end
            continue
        if tokens[k].norm not in lex.status_nouns:
            subject.append(tokens[k].norm)
        k += 1
    match = context.match_task(" ".join(subject), lex.stopwords, owner)
    if match is None:
        return draft
    task, score = match
    status = _STATUS[str(value)]
    rest = finish_sentence(utt.span_text(pe, hi)) if pe < hi else ""
    text = f"{task.ref} {lex.status_labels.get(status.value, status.value)}" + (f": {rest}" if rest else ".")
    content = EntryContent(kind=EntryKind.STATUS, text=finish_sentence(text), phase=draft.content.phase,
                           ref=task.ref, new_status=status)
    conf = {"kind": 0.8, "ref": round(min(0.95, score), 2), "new_status": 0.85, "text": 0.8}
    return ParsedDraft(content, conf, span=draft.span, lang=draft.lang)


def parse_deadline(
    words: str,
    *,
    now: datetime,
    next_meeting: datetime | None = None,
    lang: str = "nl",
    default_kind: DeadlineKind = DeadlineKind.BY,
    roster: Roster | None = None,
    phrasebook: Phrasebook | Path | str | None = None,
) -> DeadlineResult | None:
    """The deadline in words a logger typed or said ("half drie", "14:30", "binnen een uur").

    Without a marker word the deadline kind is ``default_kind`` (uiterlijk). None when no time is found.
    """
    if not words or not words.strip():
        return None
    pb = _phrasebook(lang or "nl", phrasebook)
    lex = get_lexicon(pb, roster or DEFAULT_ROSTER)
    tokens = join_compounds(tokenize(words, lex.contractions), lex.vocab, lex.stopwords)
    scanner = TimeScanner(lex, tokens, now, next_meeting, assume_marker=True, day_defaults=True)
    matches = scanner.scan(0, len(tokens))
    best = best_deadline(matches)
    if best is None:
        return None
    kind = best.kind
    if best.category in ("clock", "day") and not best.has_marker:
        kind = default_kind
    best.kind = kind
    start = tokens[best.start].start
    end = tokens[best.end - 1].end
    return DeadlineResult(
        deadline=fmt(best.when), kind=kind, words=words[start:end], text=deadline_text(lex, best, now),
        confidence=round(best.confidence, 2), start=start, end=end,
    )


_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """"nl" or "en", by counting frequent words of each phrasebook (ties: "nl")."""
    words = {fold(w) for w in _WORD.findall(text)}
    best, best_score = "nl", -1
    for lang in LANGUAGES:
        try:
            lex_markers = _markers(lang)
        except NotFound:  # pragma: no cover - a language without a phrasebook just does not vote
            continue
        score = len(words & lex_markers)
        if score > best_score:
            best, best_score = lang, score
    return best


_MARKERS: dict[str, frozenset[str]] = {}


def _markers(lang: str) -> frozenset[str]:
    cached = _MARKERS.get(lang)
    if cached is None:
        pb = load_phrasebook(lang)
        cached = frozenset(fold(w) for w in pb.get("meta", "markers", []))
        _MARKERS[lang] = cached
    return cached
