"""The parser's public API: drafts, confidence, ratifying proposals, phrasebooks, roster names."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from assistant.domain.entries import EntryContent, EntryKind, Reliability, TaskStatus
from assistant.domain.errors import InvalidInput
from assistant.domain.parser import (
    DeadlineResult,
    ParsedDraft,
    detect_language,
    load_phrasebook,
    parse_deadline,
    parse_utterance,
)
from assistant.domain.roster import Role, Roster

NOW = datetime(2026, 2, 5, 9, 30)
NEXT = datetime(2026, 2, 5, 10, 0)


def parse(text: str, **kw) -> list[ParsedDraft]:
    kw.setdefault("now", NOW)
    kw.setdefault("next_meeting", NEXT)
    return parse_utterance(text, **kw)


def test_public_names():
    import assistant.domain.parser as parser

    for name in ("parse_utterance", "parse_deadline", "detect_language", "load_phrasebook", "ParsedDraft",
                 "DeadlineResult", "Phrasebook"):
        assert hasattr(parser, name)
    assert DeadlineResult.__dataclass_params__.frozen
    assert ParsedDraft.__dataclass_params__.frozen


def test_draft_holds_entry_content_and_confidence_per_field():
    [draft] = parse("opdracht aan facilitair zorg voor drinkwater in de sporthal uiterlijk half elf")
    assert isinstance(draft.content, EntryContent)
    draft.content.validate()
    assert draft.kind is EntryKind.ORDER
    assert draft.owner == "facilitair"
    assert draft.deadline == "2026-02-05T10:30"
    assert draft.text == "Zorg voor drinkwater in de sporthal, uiterlijk 10:30."
    for key in ("kind", "owner", "deadline", "text"):
        assert 0.0 < draft.field_confidence[key] <= 1.0
    data = draft.to_dict()
    assert data["kind"] == "order" and data["deadline_kind"] == "uiterlijk"
    assert set(data["confidence"]) >= {"kind", "owner", "deadline"}


def test_weak_owner_guess_has_lower_confidence_than_a_named_owner():
    [named] = parse("actie voor hr de roosters aanpassen")
    [unnamed] = parse("actiepunt de roosters aanpassen")
    assert unnamed.owner is None
    assert unnamed.field_confidence["owner"] < named.field_confidence["owner"]


def test_ordinary_talk_gives_no_drafts():
    assert parse("") == []
    assert parse("   ") == []
    assert parse("eh even kijken waar was ik") == []
    assert parse("sorry i did not catch that", lang="en") == []


def test_status_update_refers_to_the_entry():
    [draft] = parse("actie vier is gereed")
    assert draft.kind is EntryKind.STATUS
    assert draft.content.ref == "A-4"
    assert draft.content.new_status is TaskStatus.DONE
    draft.content.validate()
    [draft] = parse("opdracht twee loopt nog")
    assert (draft.content.ref, draft.content.new_status) == ("O-2", TaskStatus.IN_PROGRESS)
    [draft] = parse("action four is done", lang="en")
    assert (draft.content.ref, draft.content.new_status) == ("A-4", TaskStatus.DONE)


def test_information_reliability_and_source():
    [draft] = parse("onbevestigd er zou een journalist in het gebouw zijn")
    assert draft.content.reliability is Reliability.UNCONFIRMED
    [draft] = parse("bevestigd het gebouw is volledig ontruimd")
    assert draft.content.reliability is Reliability.CONFIRMED
    assert draft.text == "Het gebouw is volledig ontruimd."
    [draft] = parse("volgens de politie is de verdachte aangehouden")
    assert draft.content.info_source == "de politie"
    [draft] = parse("aanname de schade blijft beperkt tot de kelder")
    assert draft.content.reliability is Reliability.ASSUMPTION


def test_third_party_decision_is_information_not_a_decision():
    [draft] = parse("de gemeente heeft besloten de weg af te sluiten")
    assert draft.kind is EntryKind.INFO
    assert draft.content.info_source == "de gemeente"


def test_ratifying_the_previous_proposal():
    [proposal] = parse("ik stel voor om de pers pas na de familie te informeren "
                       "omdat de familie eerst moet horen")
    assert proposal.kind is EntryKind.PROPOSAL
    assert proposal.content.reason
    [decision] = parse("akkoord zo besloten", previous=proposal)
    assert decision.kind is EntryKind.DECISION
    assert decision.ratifies
    assert decision.text == proposal.text
    assert decision.content.reason == proposal.content.reason
    # without a proposal before it, the agreement itself is still a decision
    [alone] = parse("akkoord zo besloten")
    assert alone.kind is EntryKind.DECISION and alone.text == "Akkoord zo besloten."
    # a previous entry that is not a proposal is not ratified
    [order] = parse("opdracht aan hr de familie bellen")
    [decision] = parse("akkoord", previous=order)
    assert decision.text == "Akkoord."


def test_ratifying_in_english():
    [proposal] = parse("my proposal is to restart tomorrow at eight", lang="en")
    [decision] = parse("agreed so decided", lang="en", previous=proposal)
    assert decision.kind is EntryKind.DECISION and decision.text == proposal.text


def test_two_entries_in_one_utterance():
    drafts = parse("besluit de kantine gaat dicht en actie voor facilitair bordjes ophangen voor tien uur")
    assert [d.kind for d in drafts] == [EntryKind.DECISION, EntryKind.ACTION]
    assert drafts[0].text == "De kantine gaat dicht."
    assert drafts[1].owner == "facilitair" and drafts[1].deadline == "2026-02-05T10:00"
    assert drafts[0].span[1] <= drafts[1].span[0]


def test_reason_and_priority():
    [draft] = parse("besluit we sluiten het lab want er is een gaslek")
    assert draft.text == "We sluiten het lab."
    assert draft.content.reason == "Er is een gaslek."
    [draft] = parse("actie voor ict met hoge prioriteit de mailserver herstellen")
    assert draft.content.priority.value == "hoog"


def test_phase_is_recorded():
    [draft] = parse("besluit het gebouw blijft dicht", phase="besluitvorming")
    assert draft.content.phase == "besluitvorming"


def test_roster_names_and_labels():
    roster = Roster((
        Role("voorzitter", "Voorzitter", person="Marieke de Vries"),
        Role("ict", "ICT", person="Bram Vos"),
        Role("zorg", "Zorgcoördinator", person="Noor Bos", synonyms=("de zorgcoördinator", "zorg")),
    ))
    [draft] = parse("bram kun jij de printers controleren", roster=roster)
    assert draft.owner == "ict"
    [draft] = parse("actie voor noor bos de slachtofferhulp bellen", roster=roster)
    assert draft.owner == "zorg"
    [draft] = parse("opdracht aan de zorgcoördinator de huisarts bellen", roster=roster)
    assert draft.owner == "zorg"
    # roles that are not in the roster are not owners
    [draft] = parse("actie voor juridisch de polis lezen", roster=roster)
    assert draft.owner is None


def test_extra_phrasebook_extends_without_code(tmp_path: Path):
    extra = tmp_path / "org.toml"
    extra.write_text(
        '[meta]\nlang = "nl"\n\n[roles]\nfacilitair = ["de kwartiermaker"]\n\n'
        '[[rules]]\nkind = "action"\nat = "start"\nweight = 90\npatterns = ["klusje voor {role}"]\n',
        encoding="utf-8")
    pb = load_phrasebook("nl", extra)
    [draft] = parse("klusje voor de kwartiermaker extra tafels neerzetten", phrasebook=pb)
    assert draft.kind is EntryKind.ACTION and draft.owner == "facilitair"
    assert draft.text == "Extra tafels neerzetten."
    # the built-in phrasebook is unchanged
    assert parse("klusje voor de kwartiermaker extra tafels neerzetten") == [] or \
        parse("klusje voor de kwartiermaker extra tafels neerzetten")[0].owner != "facilitair"
    # a path works too
    [draft] = parse("klusje voor de kwartiermaker extra tafels neerzetten", phrasebook=extra)
    assert draft.owner == "facilitair"


def test_extra_phrasebook_errors_are_clear(tmp_path: Path):
    with pytest.raises(InvalidInput):
        load_phrasebook("nl", tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[roles\n", encoding="utf-8")
    with pytest.raises(InvalidInput):
        load_phrasebook("nl", bad)


def test_phrasebooks_are_cached():
    assert load_phrasebook("nl") is load_phrasebook("nl")
    assert load_phrasebook("en").lang == "en"


@pytest.mark.parametrize("text,lang", [
    ("opdracht aan facilitair zorg voor drinkwater", "nl"),
    ("actie voor hr binnen een uur de roosters aanpassen", "nl"),
    ("action for it reset all admin passwords within two hours", "en"),
    ("we have decided to cancel all visits", "en"),
    ("the ministry has decided to close all schools", "en"),
    ("besluit het hoofdgebouw blijft vandaag dicht", "nl"),
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_auto_language():
    [draft] = parse_utterance("action for legal check the policy by quarter past ten", now=NOW, lang="auto")
    assert draft.owner == "juridisch" and draft.deadline == "2026-02-05T10:15"


def test_parse_deadline_uses_roster_free_defaults():
    result = parse_deadline("half drie", now=datetime(2026, 2, 5, 13, 10))
    assert result.deadline == "2026-02-05T14:30" and result.text == "uiterlijk 14:30"
