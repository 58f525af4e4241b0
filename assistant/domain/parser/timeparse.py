"""Deadlines and clock times in Dutch and English speech ("half drie", "binnen een uur", "by half past ten").

Rules come from the phrasebook: clock idioms, markers ("uiterlijk", "om", "voor"), day words,
relative durations, next-meeting and z.s.m. phrases. A spoken 12-hour time resolves to its first
future occurrence after the moment of speaking; day words override the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from assistant.domain.entries import DeadlineKind
from assistant.domain.parser.lexicon import Lexicon
from assistant.domain.parser.text import Token

_KINDS = {"uiterlijk": DeadlineKind.BY, "om": DeadlineKind.AT, "volgend_overleg": DeadlineKind.NEXT_MEETING,
          "zsm": DeadlineKind.ASAP}


@dataclass(slots=True)
class TimeMatch:
    start: int  # token range
    end: int
    category: str  # clock | day | relative | next | asap
    kind: DeadlineKind | None
    when: datetime | None
    confidence: float
    clock_span: tuple[int, int] | None = None  # tokens replaced by "HH:MM" when normalising in place
    is_start: bool = False  # "vanaf 14.00 uur": a start time, not a deadline
    has_marker: bool = False

    @property
    def rank(self) -> float:
        if self.is_start:
            return -1.0
        if self.category in ("next", "relative"):
            return 3.0
        if self.category == "clock":
            if self.kind is DeadlineKind.BY:
                return 3.0
            return 2.5 if self.has_marker else 1.5
        if self.category == "day":
            return 2.0
        return 1.0  # asap


def fmt(dt: datetime | None) -> str | None:
    return dt.strftime("%Y-%m-%dT%H:%M") if dt is not None else None


def _minute(now: datetime) -> datetime:
    return now.replace(second=0, microsecond=0)


def _at(day: date, minutes: int, now: datetime) -> datetime:
    extra, minutes = divmod(minutes, 1440)
    return datetime.combine(day + timedelta(days=extra), time(minutes // 60, minutes % 60), tzinfo=now.tzinfo)


def resolve_clock(now: datetime, total: int, ambiguous: bool, *, day_offset: int | None = None,
                  part: str | None = None, working_day_start: int = 7) -> tuple[datetime, float]:
    """The datetime meant by a clock time said at ``now`` (minutes since midnight, maybe 12-hour)."""
    now = _minute(now)
    today = now.date()
    minutes = total % 1440 if total != 1440 else 1440
    if ambiguous:
        minutes %= 720
        if part in ("afternoon", "evening"):
            minutes += 720
            ambiguous = False
        elif part == "night":
            if minutes >= 360:
                minutes += 720
            ambiguous = False
        elif part == "morning":
            ambiguous = False
    if day_offset is not None:
        if ambiguous and minutes < working_day_start * 60:
            minutes += 720
        dt = _at(today + timedelta(days=day_offset), minutes, now)
        if part == "night" and day_offset == 0 and dt <= now:
            dt += timedelta(days=1)
        return dt, 0.9
    candidates = [minutes, minutes + 720] if ambiguous else [minutes]
    for offset in (0, 1, 2):
        for cand in candidates:
            dt = _at(today + timedelta(days=offset), cand, now)
            if dt > now:
                return dt, (0.88 if ambiguous else 0.95)
    return _at(today + timedelta(days=1), minutes, now), 0.6  # pragma: no cover


class TimeScanner:
    def __init__(self, lex: Lexicon, tokens: list[Token], now: datetime, next_meeting: datetime | None,
                 assume_marker: bool = False, day_defaults: bool = False) -> None:
        self.lex = lex
        self.tokens = tokens
        self.now = now
        self.next_meeting = next_meeting
        self.assume_marker = assume_marker
        # a day without a clock time ("voor morgen") gets the phrasebook's default time only when
        # parsing a deadline field; in an utterance it stays words for the logger to settle
        self.day_defaults = day_defaults

    # -- pieces --------------------------------------------------------------------------------

    def _boundary(self, k: int, hi: int) -> bool:
        toks = self.tokens
        if k >= hi or toks[k - 1].brk:
            return True
        norm = toks[k].norm
        lex = self.lex
        return (norm in lex.boundary or norm in lex.markers.index or norm in lex.days.index
                or norm in lex.suffixes.index or toks[k].kind != "word")

    def clock_at(self, j: int, hi: int, allow_bare: bool) -> tuple[int, bool, int] | None:
        """(minutes since midnight, ambiguous 12-hour, end) of a clock time at token j."""
        toks = self.tokens
        if j >= hi:
            return None
        tok = toks[j]
        lex = self.lex
        if tok.kind == "time":
            hour, minute, explicit = tok.value
            end = j + 1
            if end < hi and toks[end].norm in ("uur", "u", "h", "hrs", "hours", "hour"):
                end += 1
            return hour * 60 + minute, (not explicit and 1 <= hour <= 12), end
        for phrases, minutes in ((lex.noon, 720), (lex.midnight, 1440)):
            m = phrases.match(toks, j, hi)
            if m:
                return minutes, False, m[1]
        numbers = lex.numbers
        for idiom in lex.idioms:
            if idiom.bare and not allow_bare:
                continue
            k = j
            hour = minute = None
            ok = True
            for typ, alts in idiom.elems:
                if typ == "lit":
                    if k < hi and toks[k].norm in alts and not (k > j and toks[k - 1].brk):
                        k += 1
                        continue
                    ok = False
                    break
                got = numbers.at(toks, k, hi)
                if got is None or got[0] != int(got[0]) or (k > j and toks[k - 1].brk):
                    ok = False
                    break
                value = int(got[0])
                if typ == "h":
                    if not 0 <= value <= 24:
                        ok = False
                        break
                    hour = value
                else:
                    if not 1 <= value <= idiom.m_max:
                        ok = False
                        break
                    minute = value
                k = got[1]
            if not ok or hour is None:
                continue
            if idiom.needs_boundary and not self._boundary(k, hi):
                continue
            offset = 0
            for value, uses_m in idiom.offset:
                offset += value * (minute or 0) if uses_m else value
            total = hour * 60 + offset
            return total, 1 <= hour <= 12, k
        return None

    def duration_at(self, j: int, hi: int) -> tuple[float, int] | None:
        lex = self.lex
        toks = self.tokens
        m = lex.rel_phrases.match(toks, j, hi)
        if m:
            return float(m[0]), m[1]
        got = lex.numbers.at(toks, j, hi)
        if got is None:
            return None
        value, k = got
        if k < hi and toks[k].norm in lex.rel_units:
            minutes = value * lex.rel_units[toks[k].norm]
            end = k + 1
            more = lex.numbers.and_half
            for phrase in more:
                n = len(phrase)
                if n > 1 and end + n <= hi and tuple(t.norm for t in toks[end:end + n]) == phrase:
                    minutes += 0.5 * lex.rel_units[toks[k].norm]
                    end += n
                    break
            if end + 1 < hi and toks[end].norm in lex.separators:  # "een uur en een kwartier"
                more_dur = self.duration_at(end + 1, hi)
                if more_dur is not None:
                    return minutes + more_dur[0], more_dur[1]
            return minutes, end
        return None

    # -- one expression ------------------------------------------------------------------------

    def match_at(self, i: int, hi: int) -> TimeMatch | None:
        lex = self.lex
        toks = self.tokens
        now = self.now
        special = self._special(i, hi, [])
        if special:
            return special
        j = i
        kinds: list[str] = []
        while len(kinds) < 3:
            mk = lex.markers.match(toks, j, hi)
            if not mk or toks[j].brk:
                break
            kinds.append(str(mk[0]))
            j = mk[1]
        if kinds:
            special = self._special(j, hi, kinds, start=i)
            if special:
                return special
        if j < hi and toks[j].norm in lex.day_markers and lex.days.match(toks, j + 1, hi):
            kinds.append("om")  # "op maandag"
            j += 1
        day = lex.days.match(toks, j, hi)
        day_info = None
        if day:
            day_info = day
            j = day[1]
            while len(kinds) < 4:
                mk = lex.markers.match(toks, j, hi)
                if not mk:
                    break
                kinds.append(str(mk[0]))
                j = mk[1]
        explicit = bool(kinds)
        has_marker = explicit or bool(self.assume_marker)
        if not has_marker and day_info is None and j > 0 and toks[j - 1].norm in lex.not_before_clock:
            return None  # "de komende twee uur": a duration, not a time
        clock = self.clock_at(j, hi, allow_bare=has_marker or day_info is not None)
        part: str | None = None
        if clock:
            total, ambiguous, end = clock
            clock_span = (j, end)
            sfx = lex.suffixes.match(toks, end, hi)
            if sfx:
                part = str(sfx[0])
                end = sfx[1]
            if day_info is None:
                after = lex.days.match(toks, end, hi)
                if after:
                    day_info = after
                    end = after[1]
        else:
            if day_info is None:
                return None
            # a day (part) without a clock time counts only after a marker ("uiterlijk morgen")
            if not has_marker or not self.day_defaults:
                return None
            end = day_info[1]
            clock_span = None
        offset, day_part, weekday = day_info[0] if day_info else (None, None, None)
        if weekday is not None:
            delta = (int(weekday) - now.weekday()) % 7
            offset = delta or 7
        part = part or day_part
        kind = self._kind(kinds)
        is_start = bool(kinds) and all(k == "start" for k in kinds)
        if clock:
            when, conf = resolve_clock(now, total, ambiguous, day_offset=offset, part=part,
                                       working_day_start=lex.working_day_start)
            if not has_marker:
                conf -= 0.1
            return TimeMatch(i, end, "clock", kind, when, conf, clock_span, is_start, explicit)
        hour, minute = lex.default_time.get(part or "day", (17, 0))
        when = _at(_minute(now).date() + timedelta(days=offset or 0), hour * 60 + minute, now)
        return TimeMatch(i, end, "day", kind, when, 0.5, None, is_start, explicit)

    def _kind(self, kinds: list[str]) -> DeadlineKind:
        if "uiterlijk" in kinds:
            return DeadlineKind.BY
        if "om" in kinds:
            return DeadlineKind.AT
        if self.assume_marker and isinstance(self.assume_marker, DeadlineKind):
            return self.assume_marker
        return DeadlineKind.AT

    def _special(self, j: int, hi: int, kinds: list[str], start: int | None = None) -> TimeMatch | None:
        """Next meeting, z.s.m. and relative times at token j (after markers at ``start``)."""
        lex = self.lex
        toks = self.tokens
        i = j if start is None else start
        m = lex.next_meeting.match(toks, j, hi)
        if m:
            when = self.next_meeting
            return TimeMatch(i, m[1], "next", DeadlineKind.NEXT_MEETING, when, 0.95 if when else 0.5,
                             has_marker=True)
        m = lex.day_times.match(toks, j, hi)
        if m and not (kinds and all(k == "start" for k in kinds)):
            hour, minute = m[0]
            when = _at(_minute(self.now).date(), hour * 60 + minute, self.now)
            kind = DeadlineKind.BY if "uiterlijk" in kinds or not kinds else DeadlineKind.AT
            return TimeMatch(i, m[1], "day", kind, when, 0.7, has_marker=True)
        m = lex.hourless.match(toks, j, hi) if kinds else None
        if m and (m[1] >= hi or lex.numbers.at(toks, m[1], hi) is None):
            # "om kwart over": the next quarter past the hour
            now = _minute(self.now)
            when = now.replace(minute=int(m[0]) % 60)
            while when <= now:
                when += timedelta(hours=1)
            return TimeMatch(i, m[1], "clock", self._kind(kinds), when, 0.8, (j, m[1]), has_marker=True)
        m = lex.asap.match(toks, j, hi)
        if m:
            return TimeMatch(i, m[1], "asap", DeadlineKind.ASAP, None, 0.9, has_marker=True)
        rm = lex.rel_markers.match(toks, j, hi)
        if rm:
            dur = self.duration_at(rm[1], hi)
            if dur:
                minutes, end = dur
                kind = _KINDS.get(str(rm[0]), DeadlineKind.BY)
                if "uiterlijk" in kinds:
                    kind = DeadlineKind.BY
                when = _minute(self.now) + timedelta(minutes=minutes)
                return TimeMatch(i, end, "relative", kind, when, 0.92, has_marker=True)
        return None

    # -- all expressions -----------------------------------------------------------------------

    def scan(self, lo: int, hi: int, skip: set[int] | None = None) -> list[TimeMatch]:
        out: list[TimeMatch] = []
        i = lo
        while i < hi:
            if skip and i in skip:
                i += 1
                continue
            m = self.match_at(i, hi)
            if m and not (skip and any(k in skip for k in range(m.start, m.end))):
                out.append(m)
                i = m.end
            else:
                i += 1
        return out


def best_deadline(matches: list[TimeMatch]) -> TimeMatch | None:
    best = None
    for m in matches:
        if m.is_start:
            continue
        if best is None or m.rank > best.rank:
            best = m
    return best


def deadline_text(lex: Lexicon, match: TimeMatch, now: datetime) -> str:
    """How the logger writes the deadline: "uiterlijk 10:45", "morgen om 07:00", "z.s.m."."""
    tpl = lex.deadline_text
    if match.kind is DeadlineKind.ASAP:
        return tpl.get("zsm", "z.s.m.")
    if match.kind is DeadlineKind.NEXT_MEETING:
        if match.when is None:
            return tpl.get("volgend_overleg_unknown", "vóór het volgende overleg")
        return tpl.get("volgend_overleg", "vóór het volgende overleg ({time})").format(
            time=match.when.strftime("%H:%M"))
    if match.when is None:
        return ""
    days = (match.when.date() - now.date()).days
    clock = match.when.strftime("%H:%M")
    key = "uiterlijk" if match.kind is DeadlineKind.BY else "om"
    if days == 0:
        return tpl.get(key, key + " {time}").format(time=clock)
    if days == 1:
        day = tpl.get("tomorrow", "morgen")
    elif days == 2:
        day = tpl.get("day_after", "overmorgen")
    else:
        day = match.when.strftime("%d-%m")
    return tpl.get(key + "_day", key + " {day} {time}").format(day=day, time=clock)
