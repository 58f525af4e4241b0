"""Deadlines: every clock idiom, relative times, day words, next meeting, z.s.m., 12-hour resolution."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from assistant.domain.entries import DeadlineKind
from assistant.domain.parser import parse_deadline, parse_utterance

D = "2026-02-05"
D1 = "2026-02-06"
NEXT = datetime(2026, 2, 5, 10, 0)

# (lang, now "HH:MM", words, expected deadline "YYYY-MM-DDTHH:MM" or None, expected kind)
IDIOMS = [
    ("nl", "13:10", "half drie", f"{D}T14:30", "uiterlijk"),
    ("nl", "09:00", "uiterlijk half elf", f"{D}T10:30", "uiterlijk"),
    ("nl", "09:00", "tien over half twee", f"{D}T13:40", "uiterlijk"),
    ("nl", "08:05", "vijf voor half negen", f"{D}T08:25", "uiterlijk"),
    ("nl", "09:05", "tien voor half tien", f"{D}T09:20", "uiterlijk"),
    ("nl", "09:00", "uiterlijk kwart voor elf", f"{D}T10:45", "uiterlijk"),
    ("nl", "09:00", "kwart over negen", f"{D}T09:15", "uiterlijk"),
    ("nl", "21:30", "om kwart over negen", f"{D1}T09:15", "om"),
    ("nl", "09:00", "veertien uur dertig", f"{D}T14:30", "uiterlijk"),
    ("nl", "09:00", "om veertien uur vijftien", f"{D}T14:15", "om"),
    ("nl", "09:00", "14.30 uur", f"{D}T14:30", "uiterlijk"),
    ("nl", "09:00", "14:30", f"{D}T14:30", "uiterlijk"),
    ("nl", "09:00", "vóór 17.00", f"{D}T17:00", "uiterlijk"),
    ("nl", "09:00", "om zestien uur", f"{D}T16:00", "om"),
    ("nl", "13:10", "om twee uur", f"{D}T14:00", "om"),
    ("nl", "09:00", "om acht uur", f"{D}T20:00", "om"),
    ("nl", "12:30", "twaalf uur", f"{D1}T00:00", "uiterlijk"),
    ("nl", "09:00", "twaalf uur vijfenveertig", f"{D}T12:45", "uiterlijk"),
    ("nl", "09:00", "binnen een uur", f"{D}T10:00", "uiterlijk"),
    ("nl", "09:00", "binnen het uur", f"{D}T10:00", "uiterlijk"),
    ("nl", "09:00", "binnen twee uur", f"{D}T11:00", "uiterlijk"),
    ("nl", "09:00", "binnen anderhalf uur", f"{D}T10:30", "uiterlijk"),
    ("nl", "09:00", "binnen drie kwartier", f"{D}T09:45", "uiterlijk"),
    ("nl", "09:00", "binnen een half uur", f"{D}T09:30", "uiterlijk"),
    ("nl", "09:00", "over een kwartier", f"{D}T09:15", "om"),
    ("nl", "09:00", "over tien minuten", f"{D}T09:10", "om"),
    ("nl", "09:00", "over twintig minuten", f"{D}T09:20", "om"),
    ("nl", "15:00", "morgenochtend om acht uur", f"{D1}T08:00", "om"),
    ("nl", "15:00", "voor morgenochtend acht uur", f"{D1}T08:00", "uiterlijk"),
    ("nl", "09:00", "vanavond om negen uur", f"{D}T21:00", "om"),
    ("nl", "09:00", "vanmiddag om drie uur", f"{D}T15:00", "om"),
    ("nl", "14:00", "vannacht om twee uur", f"{D1}T02:00", "om"),
    ("nl", "01:00", "vannacht om twee uur", f"{D}T02:00", "om"),
    ("nl", "09:00", "morgen om negen uur", f"{D1}T09:00", "om"),
    ("nl", "09:00", "morgen om twee uur", f"{D1}T14:00", "om"),
    ("nl", "09:00", "uiterlijk morgen twaalf uur", f"{D1}T12:00", "uiterlijk"),
    ("nl", "09:00", "drie uur s middags", f"{D}T15:00", "uiterlijk"),
    ("nl", "09:00", "voor het volgende overleg", f"{D}T10:00", "volgend_overleg"),
    ("nl", "09:00", "in het volgende overleg", f"{D}T10:00", "volgend_overleg"),
    ("nl", "09:00", "zo snel mogelijk", None, "zsm"),
    ("nl", "09:00", "z.s.m.", None, "zsm"),
    ("nl", "09:00", "z s m", None, "zsm"),
    ("nl", "09:00", "uiterlijk morgen", f"{D1}T17:00", "uiterlijk"),
    ("en", "09:00", "by half past ten", f"{D}T10:30", "uiterlijk"),
    ("en", "09:00", "quarter to eleven", f"{D}T10:45", "uiterlijk"),
    ("en", "09:00", "at a quarter past nine", f"{D}T09:15", "om"),
    ("en", "09:00", "ten to eleven", f"{D}T10:50", "uiterlijk"),
    ("en", "09:00", "twenty past two", f"{D}T14:20", "uiterlijk"),
    ("en", "09:00", "within the hour", f"{D}T10:00", "uiterlijk"),
    ("en", "09:00", "within two hours", f"{D}T11:00", "uiterlijk"),
    ("en", "09:00", "in half an hour", f"{D}T09:30", "om"),
    ("en", "09:00", "in fifteen minutes", f"{D}T09:15", "om"),
    ("en", "09:00", "asap", None, "zsm"),
    ("en", "09:00", "as soon as possible", None, "zsm"),
    ("en", "09:00", "at 2 pm", f"{D}T14:00", "om"),
    ("en", "09:00", "at 2pm", f"{D}T14:00", "om"),
    ("en", "09:00", "by five pm", f"{D}T17:00", "uiterlijk"),
    ("en", "09:00", "at eight am", f"{D1}T08:00", "om"),
    ("en", "09:00", "at ten thirty", f"{D}T10:30", "om"),
    ("en", "09:00", "by noon", f"{D}T12:00", "uiterlijk"),
    ("en", "09:00", "at midnight", f"{D1}T00:00", "om"),
    ("en", "15:00", "tomorrow at eight", f"{D1}T08:00", "om"),
    ("en", "15:00", "tomorrow morning at seven", f"{D1}T07:00", "om"),
    ("en", "15:00", "tomorrow morning", f"{D1}T08:00", "uiterlijk"),
    ("en", "09:00", "tonight at eleven", f"{D}T23:00", "om"),
    ("en", "09:00", "before the next meeting", f"{D}T10:00", "volgend_overleg"),
    ("en", "09:00", "by 17:00", f"{D}T17:00", "uiterlijk"),
]


def _now(hhmm: str) -> datetime:
    hour, minute = hhmm.split(":")
    return datetime(2026, 2, 5, int(hour), int(minute))


@pytest.mark.parametrize("lang,now,words,deadline,kind", IDIOMS, ids=[f"{c[0]}:{c[2]}" for c in IDIOMS])
def test_parse_deadline_idioms(lang, now, words, deadline, kind):
    result = parse_deadline(words, now=_now(now), next_meeting=NEXT, lang=lang)
    assert result is not None, words
    assert result.deadline == deadline
    assert result.kind is DeadlineKind(kind)
    assert result.words.strip()
    assert 0 < result.confidence <= 1


def test_parse_deadline_nothing_found():
    assert parse_deadline("", now=_now("09:00")) is None
    assert parse_deadline("de pers bellen", now=_now("09:00")) is None
    assert parse_deadline("call the press", now=_now("09:00"), lang="en") is None


def test_parse_deadline_text_is_normalised():
    result = parse_deadline("uiterlijk kwart voor elf", now=_now("09:00"))
    assert result.text == "uiterlijk 10:45"
    result = parse_deadline("morgen om acht uur", now=_now("15:00"))
    assert result.text == "morgen om 08:00"
    result = parse_deadline("by half past ten", now=_now("09:00"), lang="en")
    assert result.text == "by 10:30"
    assert parse_deadline("zsm", now=_now("09:00")).text == "z.s.m."


def test_next_meeting_unknown_gives_kind_without_time():
    result = parse_deadline("voor het volgende overleg", now=_now("09:00"), next_meeting=None)
    assert result.kind is DeadlineKind.NEXT_MEETING
    assert result.deadline is None


def test_default_kind_for_bare_time_can_be_chosen():
    result = parse_deadline("half drie", now=_now("13:10"), default_kind=DeadlineKind.AT)
    assert result.kind is DeadlineKind.AT


def test_aware_now_keeps_its_timezone_and_gives_local_time():
    cet = timezone(timedelta(hours=1))
    now = datetime(2026, 2, 5, 13, 10, tzinfo=cet)
    assert parse_deadline("half drie", now=now).deadline == f"{D}T14:30"
    drafts = parse_utterance("actie voor ict binnen een uur de server herstarten", now=now,
                             next_meeting=datetime(2026, 2, 5, 14, 0, tzinfo=cet))
    assert drafts[0].deadline == f"{D}T14:10"
    # a next meeting in another zone is converted to the zone of now
    utc_next = datetime(2026, 2, 5, 13, 0, tzinfo=UTC)
    drafts = parse_utterance("actie voor ict de server herstarten voor het volgende overleg", now=now,
                             next_meeting=utc_next)
    assert drafts[0].deadline == f"{D}T14:00"


def test_seconds_are_ignored():
    now = datetime(2026, 2, 5, 9, 0, 42)
    assert parse_deadline("over tien minuten", now=now).deadline == f"{D}T09:10"


def test_a_time_equal_to_now_means_the_next_occurrence():
    assert parse_deadline("om tien uur", now=_now("10:00")).deadline == f"{D}T22:00"


def test_voor_before_a_role_is_an_owner_before_a_time_a_deadline():
    drafts = parse_utterance("actie voor hr voor elf uur de lijst rondsturen", now=_now("09:00"))
    assert drafts[0].owner == "hr"
    assert drafts[0].deadline == f"{D}T11:00"
    drafts = parse_utterance("actie voor hr voor twee medewerkers een taxi regelen", now=_now("09:00"))
    assert drafts[0].owner == "hr"
    assert drafts[0].deadline is None


def test_start_times_are_not_deadlines():
    drafts = parse_utterance("actie voor facilitair vanaf twee uur de kantine open houden", now=_now("09:00"))
    assert drafts[0].deadline is None
    assert "14:00" in drafts[0].text


def test_deadline_words_are_kept_on_the_draft():
    drafts = parse_utterance("opdracht aan ict uiterlijk tien over half vier het rapport opleveren",
                             now=_now("08:06"))
    content = drafts[0].content
    assert content.deadline_words == "uiterlijk tien over half vier"
    assert content.deadline_kind is DeadlineKind.BY
    assert content.text == "Het rapport opleveren, uiterlijk 15:40."
