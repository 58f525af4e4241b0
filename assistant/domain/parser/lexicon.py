"""A phrasebook plus a roster, compiled into fast lookup structures (cached)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from assistant.domain.parser.phrasebook import Phrasebook
from assistant.domain.parser.text import Token, fold, norm_phrase
from assistant.domain.roster import Roster

try:  # pure-Python text helper; optional fallback for number words outside the phrasebook
    from text_to_num import text2num as _text2num
except ImportError:  # pragma: no cover - the parser works without it
    _text2num = None


# ------------------------------------------------------------------------------------------------
# phrase sets


class PhraseSet:
    """Multi-word phrases with a value each; longest match at a token position."""

    __slots__ = ("index", "phrases")

    def __init__(self, items: Iterable[tuple[str, Any]] = ()) -> None:
        self.index: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self.phrases: dict[tuple[str, ...], Any] = {}
        for phrase, value in items:
            words = norm_phrase(str(phrase))
            if words and words not in self.phrases:
                self.phrases[words] = value
                self.index.setdefault(words[0], []).append((words, value))
        for entries in self.index.values():
            entries.sort(key=lambda e: -len(e[0]))

    def match(self, tokens: list[Token], i: int, hi: int | None = None) -> tuple[Any, int] | None:
        hi = len(tokens) if hi is None else hi
        if i >= hi:
            return None
        entries = self.index.get(tokens[i].norm)
        if not entries:
            return None
        for words, value in entries:
            k = len(words)
            if i + k > hi:
                continue
            ok = True
            for off in range(1, k):
                if tokens[i + off].norm != words[off]:
                    ok = False
                    break
            if ok:
                return value, i + k
        return None

    def find(self, tokens: list[Token], lo: int, hi: int) -> tuple[Any, int, int] | None:
        """First match in [lo, hi): (value, start, end)."""
        for i in range(lo, hi):
            m = self.match(tokens, i, hi)
            if m:
                return m[0], i, m[1]
        return None

    def words(self) -> set[str]:
        return {w for words in self.phrases for w in words}

    def __bool__(self) -> bool:
        return bool(self.phrases)


def _phrases(value: Any, default: Any = True) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        return [(k, v) for k, v in value.items()]
    if isinstance(value, list):
        return [(k, default) for k in value]
    return []


# ------------------------------------------------------------------------------------------------
# numbers


class Numbers:
    def __init__(self, pb: Phrasebook) -> None:
        words: dict[str, float] = {}
        for word, value in pb.section("numbers").items():
            words[fold(word)] = value
        rules = pb.section("number_rules")
        self.style = rules.get("compound", "unit_en_tens")
        self.joiner = fold(rules.get("joiner", "en"))
        units = {w: v for w, v in words.items() if isinstance(v, int) and 1 <= v <= 9}
        tens = {w: v for w, v in words.items() if isinstance(v, int) and v in range(20, 100, 10)}
        self.units = units
        self.tens = tens
        if self.style == "unit_en_tens":
            for uw, uv in units.items():
                for tw, tv in tens.items():
                    words.setdefault(f"{uw}{self.joiner}{tw}", uv + tv)
        elif self.style == "tens_unit":
            for tw, tv in tens.items():
                for uw, uv in units.items():
                    words.setdefault(f"{tw}{uw}", tv + uv)
        self.and_half = [norm_phrase(p) for p in rules.get("and_half", [])]
        for uw, uv in units.items():
            for phrase in self.and_half:
                if len(phrase) == 1:
                    words.setdefault(uw + phrase[0], uv + 0.5)
        self.words = words
        self.prefix = {fold(w) for w in rules.get("number_prefix", [])}
        self.lang = pb.lang

    def word_value(self, word: str) -> float | None:
        value = self.words.get(word)
        if value is not None:
            return value
        return _fallback(word, self.lang)

    def at(self, tokens: list[Token], i: int, hi: int) -> tuple[float, int] | None:
        if i >= hi:
            return None
        tok = tokens[i]
        if tok.kind == "num":
            return (tok.value, i + 1) if tok.value is not None else None
        if tok.kind != "word":
            return None
        value = self.words.get(tok.norm)
        if value is None:
            return None
        end = i + 1
        if (self.style == "unit_en_tens" and tok.norm in self.units and end + 1 < hi
                and tokens[end].norm == self.joiner and tokens[end + 1].norm in self.tens):
            return value + self.tens[tokens[end + 1].norm], end + 2
        if (self.style == "tens_unit" and tok.norm in self.tens and end < hi
                and tokens[end].norm in self.units):
            return value + self.units[tokens[end].norm], end + 1
        for phrase in self.and_half:
            k = len(phrase)
            if k > 1 and end + k <= hi and tuple(t.norm for t in tokens[end:end + k]) == phrase:
                return value + 0.5, end + k
        return value, end


@lru_cache(maxsize=2048)
def _fallback(word: str, lang: str) -> float | None:
    if _text2num is None or not word.isalpha() or len(word) < 4:
        return None
    try:
        value = _text2num(word, lang)
    except (ValueError, TypeError):
        return None
    return value if isinstance(value, int) else None


# ------------------------------------------------------------------------------------------------
# roles


@dataclass(frozen=True, slots=True)
class RoleHit:
    role: str
    start: int
    end: int
    weak: bool
    slot_only: bool
    is_name: bool


_SOUNDS = (("ph", "f"), ("th", "t"), ("ck", "k"), ("ch", "g"), ("ij", "ei"), ("y", "i"), ("ie", "i"),
           ("c", "k"), ("dt", "t"), ("z", "s"), ("w", "v"))


def sound_key(word: str) -> str:
    """A rough Dutch sound key for names: spellings that sound alike ("Priya"/"pria", "Esther"/"ester",
    "Thijs"/"tijs") get the same key; doubled letters and a final -d/-t count as one, and so do a
    final unstressed -a and -e after a consonant ("Linda" heard as "linde")."""
    key = fold(word)
    for written, sound in _SOUNDS:
        key = key.replace(written, sound)
    out: list[str] = []
    for ch in key:
        if not out or out[-1] != ch:
            out.append(ch)
    key = "".join(out)
    if len(key) > 3 and key[-1] == "a" and key[-2] not in "aeiou":
        key = key[:-1] + "e"
    return key[:-1] + "t" if key.endswith("d") else key


class Roles:
    MAX_WINDOW = 4

    def __init__(self, pb: Phrasebook, roster: Roster, common: set[str]) -> None:
        rw = pb.section("role_words")
        weak = {"".join(norm_phrase(w)) for w in rw.get("weak", [])}
        slot_only = {"".join(norm_phrase(w)) for w in rw.get("slot_only", [])}
        self.prefixes = PhraseSet(_phrases(rw.get("prefixes", [])))
        self.strong_prefixes = {"".join(norm_phrase(w)) for w in rw.get("prefixes", [])} - {
            fold(w) for w in ("de", "het", "onze", "ons", "mijn", "jullie", "the", "our", "my", "your")}
        suffixes = {"".join(norm_phrase(w)) for w in rw.get("suffixes", [])}
        self.suffixes = sorted(suffixes, key=len, reverse=True)
        self.suffix_set = set(self.suffixes)
        # joined spoken form -> (role id, weak, slot only, is a name)
        self.joined: dict[str, tuple[str, bool, bool, bool]] = {}
        # how a person's name sounds -> roles: "pria" is Priya, "ester" is Esther (speech recognition
        # spells a name it does not know by its sound)
        self.sounds: dict[str, set[str]] = {}
        self.common = common
        self.labels: dict[str, str] = {}
        ids = set(roster.ids())
        pb_roles = pb.section("roles")
        for role in roster.roles:
            # the role's own name in the phrasebook's language (the English one is optional)
            self.labels[role.id] = {"en": role.label_en}.get(pb.lang) or role.label
            spoken = [role.id, role.label, role.label_en, *role.synonyms, *pb_roles.get(role.id, [])]
            for phrase in spoken:
                key = self._key(phrase)
                if key and key not in self.joined:
                    self.joined[key] = (role.id, key in weak, key in slot_only, False)
        for role in roster.roles:
            person = role.person.strip()
            if not person:
                continue
            parts = [fold(p) for p in person.split() if fold(p)]
            names = {"".join(parts)}
            if parts:
                names.add(parts[0])
            if len(parts) > 1:
                names.add("".join(parts[1:]))
            for name in names:
                if len(name) < 2:
                    continue
                current = self.joined.get(name)
                if current is None or current[3]:
                    self.joined[name] = (role.id, name in common, False, True)
            first = parts[0] if parts else ""
            sound = sound_key(first)
            if len(first) >= 4 and sound not in common:  # first names only: "bakker" may be a baker
                self.sounds.setdefault(sound, set()).add(role.id)
        self.ids = ids
        self._miss: set[str] = set()

    def _sounds_like(self, key: str) -> tuple[str, bool, bool, bool] | None:
        if len(key) < 3 or key in self.common:
            return None
        roles = self.sounds.get(sound_key(key))
        if roles is None or len(roles) != 1:
            return None
        return next(iter(roles)), False, False, True

    @staticmethod
    def _key(phrase: str) -> str:
        return "".join(norm_phrase(str(phrase)))

    def _lookup(self, key: str, single: bool = True) -> tuple[str, bool, bool, bool] | None:
        hit = self.joined.get(key)
        if hit is not None or not single:
            return hit
        if key in self._miss:
            return None
        found = self._strip(key) or self._sounds_like(key)
        if found is None:
            if len(self._miss) > 50000:
                self._miss.clear()
            self._miss.add(key)
        return found

    def _strip(self, key: str) -> tuple[str, bool, bool, bool] | None:
        for suffix in self.suffixes:
            if len(key) > len(suffix) + 1 and key.endswith(suffix):
                stem = key[: -len(suffix)]
                hit = self.joined.get(stem) or (self.joined.get(stem[:-1]) if stem.endswith("s") else None)
                if hit is not None and not hit[3]:
                    return hit[0], False, False, False
        return None

    def at(self, tokens: list[Token], i: int, hi: int) -> RoleHit | None:
        starts = [(i, False)]
        pre = self.prefixes.match(tokens, i, hi)
        if pre:
            strong = "".join(t.norm for t in tokens[i:pre[1]]) in self.strong_prefixes
            starts.append((pre[1], strong))
            pre2 = self.prefixes.match(tokens, pre[1], hi)
            if pre2:
                strong2 = strong or "".join(t.norm for t in tokens[pre[1]:pre2[1]]) in self.strong_prefixes
                starts.append((pre2[1], strong2))
        for start, strong_prefix in starts:
            limit = min(self.MAX_WINDOW, hi - start)
            for k in range(limit, 0, -1):
                parts = tokens[start:start + k]
                if any(p.kind != "word" for p in parts) or any(p.brk for p in parts[:-1]):
                    continue
                hit = self._lookup("".join(p.norm for p in parts), k == 1)
                if hit is None:
                    continue
                role, weak, slot_only, is_name = hit
                if slot_only and all(p.caps for p in parts):
                    slot_only = weak = False  # "IT" typed in capitals is the department
                end = start + k
                if (end < hi and tokens[end].norm in self.suffix_set and not tokens[end - 1].brk
                        and not is_name):
                    end += 1
                    weak = slot_only = False
                if strong_prefix:
                    weak = False
                return RoleHit(role, i, end, weak, slot_only, is_name)
        return None

    def label(self, role_id: str) -> str:
        return self.labels.get(role_id, role_id)


# ------------------------------------------------------------------------------------------------
# patterns


@dataclass(frozen=True, slots=True)
class Elem:
    kind: str  # "lit" | "grp" | "role" | "num" | "gap"
    alts: frozenset[str] = frozenset()  # lit: the words; grp: all words of its sequences
    opt: bool = False
    seqs: tuple[tuple[str, ...], ...] = ()  # grp: word sequences, longest first


@dataclass(frozen=True)
class Rule:
    kind: str
    weight: float
    at: str  # start | any | end | whole | fronted (right after a time said first)
    keep: bool
    split: bool
    ratify: bool
    elems: tuple[Elem, ...]
    source: str  # the pattern as written
    has_role: bool = False
    first_lit: bool = False
    question: bool = False  # the entry text is the question as asked: it ends in "?"


_PART = re.compile(r"\([^()]*\)\??|\S+")


def compile_pattern(pattern: str) -> tuple[Elem, ...]:
    """Compile a phrasebook pattern (syntax in nl.toml): words, a|b, (a b|c), ?, {role}, {num}, *."""
    elems: list[Elem] = []
    for part in _PART.findall(pattern):
        opt = part.endswith("?") and len(part) > 1
        if opt:
            part = part[:-1]
        if part.startswith("(") and part.endswith(")"):
            seqs = {norm_phrase(alt) for alt in part[1:-1].split("|")}
            if () in seqs:
                opt = True
                seqs.discard(())
            if not seqs:
                continue
            if all(len(seq) == 1 for seq in seqs):
                elems.append(Elem("lit", frozenset(seq[0] for seq in seqs), opt))
            else:
                ordered = tuple(sorted(seqs, key=lambda q: (-len(q), q)))
                elems.append(Elem("grp", frozenset(w for q in ordered for w in q), opt, ordered))
        elif part == "*":
            elems.append(Elem("gap"))
        elif part in ("{role}", "{name}"):
            elems.append(Elem("role", opt=opt))
        elif part == "{num}":
            elems.append(Elem("num", opt=opt))
        else:
            alts = frozenset(w for a in part.split("|") for w in ["".join(norm_phrase(a)) or fold(a)] if w)
            if alts:
                elems.append(Elem("lit", alts, opt))
    return tuple(elems)


def _prefixes(elems: tuple[Elem, ...], i: int = 0, depth: int = 2) -> set[tuple[str, ...]]:
    """The possible first (up to two) literal words of a pattern; shorter where a slot comes first."""
    if depth == 0 or i == len(elems):
        return {()}
    el = elems[i]
    out: set[tuple[str, ...]] = set()
    if el.kind == "lit":
        rest = _prefixes(elems, i + 1, depth - 1)
        out |= {(alt,) + r for alt in el.alts for r in rest}
    elif el.kind == "grp":
        for seq in el.seqs:
            if len(seq) >= depth:
                out.add(seq[:depth])
            else:
                out |= {seq + r for r in _prefixes(elems, i + 1, depth - len(seq))}
    else:  # a slot or a gap: the prefix ends here ("dus * gaat" is found by "dus")
        out.add(())
    if el.opt:
        out |= _prefixes(elems, i + 1, depth)
    return out


def _first_set(elems: tuple[Elem, ...]) -> tuple[set[str], bool, bool]:
    words: set[str] = set()
    role = num = False
    for el in elems:
        if el.kind == "lit":
            words |= el.alts
        elif el.kind == "grp":
            words |= {seq[0] for seq in el.seqs}
        elif el.kind == "role":
            role = True
        elif el.kind == "num":
            num = True
        if not el.opt:
            break
    return words, role, num


# ------------------------------------------------------------------------------------------------
# clock idioms


@dataclass(frozen=True)
class Idiom:
    elems: tuple[tuple[str, frozenset[str]], ...]  # ("h"|"m"|"lit", alts)
    offset: tuple[tuple[int, bool], ...]  # terms: (sign*value, uses_m)
    bare: bool  # only number slots: needs a marker
    needs_boundary: bool
    m_max: int


def _compile_offset(expr: str) -> tuple[tuple[int, bool], ...]:
    terms: list[tuple[int, bool]] = []
    for sign, term in re.findall(r"([+-]?)\s*(\d+|m)", str(expr).replace(" ", "")):
        factor = -1 if sign == "-" else 1
        terms.append((factor, True) if term == "m" else (factor * int(term), False))
    return tuple(terms)


def compile_idioms(pb: Phrasebook) -> list[Idiom]:
    clock = pb.section("clock")
    hour_words = {fold(w) for w in clock.get("hour_words", ["uur"])}
    rel_words = {fold(w) for w in clock.get("relative_words", ["over", "voor"])}
    out: list[Idiom] = []
    for item in clock.get("idioms", []):
        pattern, expr = item[0], item[1]
        elems: list[tuple[str, frozenset[str]]] = []
        for part in str(pattern).split():
            if part == "{h}":
                elems.append(("h", frozenset()))
            elif part == "{m}":
                elems.append(("m", frozenset()))
            else:
                elems.append(("lit", frozenset(fold(a) for a in part.split("|"))))
        lits = [e for e in elems if e[0] == "lit"]
        bare = not lits
        slots = sum(1 for e in elems if e[0] != "lit")
        needs_boundary = (bare and slots == 1) or (len(elems) >= 2 and elems[-1][0] != "lit" and elems[-2][0] == "lit"
                                  and bool(elems[-2][1] & hour_words))
        m_max = 29 if any(e[1] & rel_words for e in lits) else 59
        out.append(Idiom(tuple(elems), _compile_offset(expr), bare, needs_boundary, m_max))
    return out


# ------------------------------------------------------------------------------------------------
# the lexicon


@dataclass
class Lexicon:
    pb: Phrasebook
    lang: str
    numbers: Numbers
    roles: Roles
    rules: list[Rule]
    by_token: dict[str, list[Rule]]
    by_pair: dict[tuple[str, str], list[Rule]]
    role_first: list[Rule]
    num_first: list[Rule]
    vocab: frozenset[str]
    stopwords: frozenset[str]
    fillers: PhraseSet
    boundary: frozenset[str]
    question_words: frozenset[str]
    first_persons: frozenset[str]
    info_verbs: frozenset[str]
    report_verbs: frozenset[str]
    not_instructions: frozenset[str]
    not_participles: frozenset[str]
    topic_words: PhraseSet
    not_owner_before: frozenset[str]
    owner_before: frozenset[str]
    owner_before_weak: frozenset[str]
    contractions: dict[str, tuple[str, ...]]
    idioms: list[Idiom]
    noon: PhraseSet
    midnight: PhraseSet
    suffixes: PhraseSet
    markers: PhraseSet
    days: PhraseSet
    need_marker: frozenset[str]
    day_markers: frozenset[str]
    default_time: dict[str, tuple[int, int]]
    working_day_start: int
    not_before_clock: frozenset[str]
    rel_markers: PhraseSet
    rel_units: dict[str, float]
    rel_phrases: PhraseSet
    next_meeting: PhraseSet
    asap: PhraseSet
    deadline_text: dict[str, str]
    status_nouns: dict[str, str]
    status_phrases: PhraseSet
    status_labels: dict[str, str]  # status value -> its word in this language ("done" -> "gereed")
    status_determiners: frozenset[str]
    priority: PhraseSet
    reason_markers: PhraseSet
    reason_keep: PhraseSet
    reliability: PhraseSet
    reliability_remove: frozenset[tuple[str, ...]]
    source_before: PhraseSet
    source_strip: PhraseSet
    source_verbs: PhraseSet
    parties: PhraseSet
    decision_verbs: frozenset[str]
    we_words: frozenset[str]
    future_aux: PhraseSet
    separators: frozenset[str]
    dangling_start: frozenset[str]
    dangling_end: frozenset[str]
    infinitive_marker: str
    drop_pronouns: frozenset[str]
    co_owner: str
    particles: frozenset[str]
    markers_lang: frozenset[str]
    extra: dict[str, Any] = field(default_factory=dict)
    # times said without a marker or an hour: "eind van de middag" -> 17:00, "om kwart over" -> hh:15
    day_times: PhraseSet = field(default_factory=PhraseSet)
    hourless: PhraseSet = field(default_factory=PhraseSet)
    chitchat: PhraseSet = field(default_factory=PhraseSet)  # talk that is never logged
    address_words: frozenset[str] = frozenset()  # after a name they address the person ("peter kun jij")
    statement_min_words: int = 5  # a plain statement this long is information
    # main-clause word order after "we besluiten dat ..." (core.main_clause)
    subclause_openers: frozenset[str] = frozenset()
    finite_verbs: frozenset[str] = frozenset()
    subject_determiners: frozenset[str] = frozenset()
    subject_pronouns: frozenset[str] = frozenset()
    done_aux: frozenset[str] = frozenset()  # "we have isolated ...": reported, not decided
    done_participles: frozenset[str] = frozenset()  # irregular participles (regular ones by form)
    decided_participles: frozenset[str] = frozenset()  # "we have agreed that ...": still a decision
    participle_prefix: str = ""
    participle_endings: tuple[str, ...] = ()
    inversion_openers: frozenset[str] = frozenset()  # "dan gaat de vlag ..." (core.subject_first)
    see_to: str = ""  # a task whose cue ends in "dat": "zorgen dat {clause}"
    # an order that only points back at the entry before it ("kees, jij regelt dat"): core.follow_up
    follow_up_text: str = "{verb}: {referent}"
    follow_up_pointers: frozenset[str] = frozenset()
    follow_up_around: frozenset[str] = frozenset()
    follow_up_verbs: dict[str, str] = field(default_factory=dict)  # form said -> infinitive written


def _time_value(text: str) -> tuple[int, int]:
    hour, minute = str(text).split(":")
    return int(hour), int(minute)


def build_lexicon(pb: Phrasebook, roster: Roster) -> Lexicon:
    text = pb.section("text")
    stopwords = frozenset(fold(w) for w in text.get("stopwords", []))
    boundary = frozenset(fold(w) for w in text.get("boundary", []))
    fillers = PhraseSet(_phrases(text.get("fillers", [])))
    numbers = Numbers(pb)
    common = set(stopwords) | set(boundary) | fillers.words() | set(numbers.words) | {
        fold(w) for w in pb.get("meta", "markers", [])}
    roles = Roles(pb, roster, common)
    rules: list[Rule] = []
    for raw in pb.data.get("rules", []):
        for pattern in raw.get("patterns", []):
            elems = compile_pattern(str(pattern))
            if not elems:
                continue
            rules.append(Rule(
                kind=str(raw.get("kind", "none")), weight=float(raw.get("weight", 50)),
                at=str(raw.get("at", "any")),
                keep=bool(raw.get("keep", False)), split=bool(raw.get("split", False)),
                ratify=bool(raw.get("ratify", False)), elems=elems, source=pattern,
                has_role=any(e.kind == "role" for e in elems),
                first_lit=elems[0].kind == "lit", question=bool(raw.get("question", False)),
            ))
    by_token: dict[str, list[Rule]] = {}
    by_pair: dict[tuple[str, str], list[Rule]] = {}
    role_first: list[Rule] = []
    num_first: list[Rule] = []
    vocab: set[str] = set()
    for rule in rules:
        _words, role, num = _first_set(rule.elems)
        for prefix in _prefixes(rule.elems):
            if len(prefix) == 2:
                bucket = by_pair.setdefault((prefix[0], prefix[1]), [])
            elif len(prefix) == 1:
                bucket = by_token.setdefault(prefix[0], [])
            else:
                continue
            if not bucket or bucket[-1] is not rule:
                bucket.append(rule)
        if role:
            role_first.append(rule)
        if num:
            num_first.append(rule)
        for el in rule.elems:
            vocab |= el.alts
    clock = pb.section("clock")
    days_sec = pb.section("days")
    day_items: list[tuple[str, Any]] = []
    for key, value in days_sec.items():
        if isinstance(value, dict) and "offset" in value:
            day_items.append((key, (int(value["offset"]), value.get("part"), None)))
    for idx, name in enumerate(days_sec.get("weekdays", [])):
        day_items.append((name, (None, None, idx)))
    days = PhraseSet(day_items)
    rel = pb.section("relative")
    nm = pb.section("next_meeting")
    status = pb.section("status")
    info = pb.section("info")
    reason = pb.section("reason")
    roles_words = pb.section("role_words")
    contractions = {str(k).lower(): tuple(fold(w) for w in str(v).split())
                    for k, v in (text.get("contractions") or {}).items()}
    for phrase_set_words in (days.words(), PhraseSet(_phrases(status.get("nouns", {}))).words()):
        vocab |= phrase_set_words
    for key in roles.joined:
        vocab.add(key)
    for words in (nm.get("phrases", []),):
        for p in words:
            vocab |= set(norm_phrase(p))
    vocab = {w for w in vocab if w.isalpha() and len(w) > 3}
    lex = Lexicon(
        pb=pb,
        lang=pb.lang,
        numbers=numbers,
        roles=roles,
        rules=rules,
        by_token=by_token,
        by_pair=by_pair,
        role_first=role_first,
        num_first=num_first,
        vocab=frozenset(vocab),
        stopwords=stopwords,
        fillers=fillers,
        boundary=boundary,
        question_words=frozenset(fold(w) for w in text.get("question_words", [])),
        first_persons=frozenset(fold(w) for w in text.get("first_persons", [])),
        info_verbs=frozenset(fold(w) for w in roles_words.get("info_verbs", [])),
        report_verbs=frozenset(fold(w) for w in roles_words.get("report_verbs", [])),
        not_instructions=frozenset(fold(w) for w in roles_words.get("not_instructions", [])),
        not_participles=frozenset(fold(w) for w in roles_words.get("not_participles", [])),
        topic_words=PhraseSet(_phrases(info.get("topic_words", []))),
        not_owner_before=frozenset(fold(w) for w in roles_words.get("not_owner_before", [])),
        owner_before=frozenset(fold(w) for w in roles_words.get("owner_before", [])),
        owner_before_weak=frozenset(fold(w) for w in roles_words.get("owner_before_weak", [])),
        contractions=contractions,
        idioms=compile_idioms(pb),
        noon=PhraseSet(_phrases(clock.get("noon", []))),
        midnight=PhraseSet(_phrases(clock.get("midnight", []))),
        suffixes=PhraseSet(_phrases(clock.get("suffixes", {}))),
        markers=PhraseSet(_phrases(clock.get("markers", {}))),
        days=days,
        need_marker=frozenset(fold(w) for w in days_sec.get("need_marker", [])),
        day_markers=frozenset(fold(w) for w in days_sec.get("day_markers", [])),
        default_time={k: _time_value(v) for k, v in (days_sec.get("default_time") or {}).items()},
        working_day_start=int(clock.get("working_day_start", 7)),
        not_before_clock=frozenset(fold(w) for w in clock.get("not_before", [])),
        rel_markers=PhraseSet(_phrases(rel.get("markers", {}))),
        rel_units={fold(k): float(v) for k, v in (rel.get("units") or {}).items()},
        rel_phrases=PhraseSet(_phrases(rel.get("phrases", {}))),
        next_meeting=PhraseSet(_phrases(nm.get("phrases", []))),
        asap=PhraseSet(_phrases(pb.get("asap", "phrases", []))),
        deadline_text=dict(pb.section("deadline_text")),
        status_nouns={fold(k): str(v) for k, v in (status.get("nouns") or {}).items()},
        status_phrases=PhraseSet(_phrases(status.get("phrases", {}))),
        status_labels={str(k): str(v) for k, v in (status.get("labels") or {}).items()},
        status_determiners=frozenset(fold(w) for w in status.get("determiners", [])),
        priority=PhraseSet(_phrases(pb.get("priority", "phrases", {}))),
        reason_markers=PhraseSet(_phrases(reason.get("markers", []))),
        reason_keep=PhraseSet(_phrases(reason.get("keep", []))),
        reliability=PhraseSet(_phrases(info.get("reliability", {}))),
        reliability_remove=frozenset(norm_phrase(p) for p in info.get("remove_cues", [])),
        source_before=PhraseSet(_phrases(info.get("source_before", []))),
        source_strip=PhraseSet(_phrases(info.get("source_strip", []))),
        source_verbs=PhraseSet(_phrases(info.get("source_verbs", []))),
        parties=PhraseSet(_phrases(info.get("parties", []))),
        decision_verbs=frozenset(fold(w) for w in pb.get("decision", "verbs", [])),
        we_words=frozenset(fold(w) for w in pb.get("decision", "we", ["we", "wij"])),
        future_aux=PhraseSet(_phrases(pb.get("decision", "future", []))),
        separators=frozenset(fold(w) for w in text.get("separators", ["en", "and"])),
        dangling_start=frozenset(fold(w) for w in text.get("dangling_start", [])),
        dangling_end=frozenset(fold(w) for w in text.get("dangling_end", [])),
        infinitive_marker=fold(text.get("infinitive_marker", "")),
        drop_pronouns=frozenset(fold(w) for w in text.get("drop_pronouns", [])),
        co_owner=str(text.get("co_owner", "+ {label}")),
        particles=frozenset(fold(w) for w in text.get("particles", [])),
        markers_lang=frozenset(fold(w) for w in pb.get("meta", "markers", [])),
        day_times=PhraseSet((k, _time_value(v)) for k, v in (days_sec.get("said_times") or {}).items()),
        hourless=PhraseSet(_phrases(clock.get("hourless", {}))),
        chitchat=PhraseSet(_phrases(pb.get("talk", "chitchat", []))),
        address_words=frozenset(fold(w) for w in pb.get("talk", "address_words", [])),
        statement_min_words=int(pb.get("talk", "statement_min_words", 5)),
        subclause_openers=frozenset(fold(w) for w in pb.get("word_order", "subclause_openers", [])),
        finite_verbs=frozenset(fold(w) for w in pb.get("word_order", "finite_verbs", [])),
        subject_determiners=frozenset(fold(w) for w in pb.get("word_order", "subject_determiners", [])),
        subject_pronouns=frozenset(fold(w) for w in pb.get("word_order", "subject_pronouns", [])),
        done_aux=frozenset(fold(w) for w in pb.get("decision", "done_aux", [])),
        done_participles=frozenset(fold(w) for w in pb.get("decision", "done_participles", [])),
        decided_participles=frozenset(fold(w) for w in pb.get("decision", "decided_participles", [])),
        participle_prefix=fold(str(pb.get("decision", "participle_prefix", ""))),
        participle_endings=tuple(fold(w) for w in pb.get("decision", "participle_endings", [])),
        see_to=str(pb.get("word_order", "see_to", "")),
        inversion_openers=frozenset(fold(w) for w in pb.get("word_order", "inversion_openers", [])),
        follow_up_text=str(pb.get("follow_up", "text", "{verb}: {referent}")),
        follow_up_pointers=frozenset(fold(w) for w in pb.get("follow_up", "pointers", [])),
        follow_up_around=frozenset(fold(w) for w in pb.get("follow_up", "around", [])),
        follow_up_verbs={
            fold(form): str(verb)
            for verb, forms in (pb.get("follow_up", "verbs", {}) or {}).items()
            for form in forms
        },
    )
    return lex


_CACHE: dict[tuple[int, Roster], Lexicon] = {}


def get_lexicon(pb: Phrasebook, roster: Roster) -> Lexicon:
    key = (id(pb), roster)
    lex = _CACHE.get(key)
    if lex is None or lex.pb is not pb:
        if len(_CACHE) > 64:
            _CACHE.clear()
        lex = build_lexicon(pb, roster)
        _CACHE[key] = lex
    return lex
