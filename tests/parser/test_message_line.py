"""The berichtenmanager's quick entry: one typed line → the fields of a message (table of cases)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from assistant.domain.messages import Channel, Direction, PartyKind, Urgency
from assistant.domain.parser.message_line import known_parties, parse_message_line

NOW = datetime(2026, 2, 5, 10, 12, tzinfo=ZoneInfo("Europe/Amsterdam"))
KNOWN = known_parties(
    [("s1", "Gemeente (burgemeester)"), ("s2", "Veiligheidsregio"), ("s3", "College van bestuur / directie")],
    [("hr", "HR", "HR"), ("communicatie", "Communicatie", "Communications")],
)

CASES = [
    # line, direction, channel, (party kind, party name), urgency, request, deadline, for_cmt
    ("binnen: gemeente belt, wil om drie uur een update", Direction.INCOMING, Channel.PHONE,
     (PartyKind.STAKEHOLDER, "Gemeente (burgemeester)"), None, True, "2026-02-05T15:00", None),
    ("uit: persbericht naar veiligheidsregio gemaild", Direction.OUTGOING, Channel.EMAIL,
     (PartyKind.STAKEHOLDER, "Veiligheidsregio"), None, False, None, None),
    ("spoed: buurtbewoner aan de deur, rook bij gebouw C", Direction.INCOMING, Channel.IN_PERSON,
     (PartyKind.FREE, "Buurtbewoner"), Urgency.URGENT, False, None, None),
    ("in: Omroep Oost appt, wil voor 11 uur een reactie voor het cmt", Direction.INCOMING, Channel.APP,
     (PartyKind.FREE, "Omroep Oost"), None, True, "2026-02-05T11:00", True),
    ("directie mailt: graag dringend terugbellen", Direction.INCOMING, Channel.EMAIL,
     (PartyKind.STAKEHOLDER, "College van bestuur / directie"), Urgency.URGENT, True, None, None),
    ("uit: communicatie portofoon aan beveiliging", Direction.OUTGOING, Channel.RADIO,
     (PartyKind.ROLE, "Communicatie"), None, False, None, None),
    ("brandweer ter plaatse, belangrijk", Direction.INCOMING, None,
     (PartyKind.FREE, "Brandweer ter plaatse"), Urgency.HIGH, False, None, None),
]


@pytest.mark.parametrize(("line", "direction", "channel", "party", "urgency", "asks", "deadline", "cmt"), CASES)
def test_quick_entry_table(line, direction, channel, party, urgency, asks, deadline, cmt) -> None:
    parsed = parse_message_line(line, now=NOW, known=KNOWN)
    assert parsed.direction is direction
    assert parsed.channel is channel
    assert (parsed.party.kind, parsed.party.name) == party
    assert parsed.urgency is urgency
    assert parsed.request is asks
    assert parsed.deadline == deadline
    assert parsed.for_cmt is cmt
    assert parsed.subject and parsed.subject[0].isupper()


def test_deadline_words_are_kept_as_said() -> None:
    parsed = parse_message_line("binnen: gemeente belt, wil om drie uur een update", now=NOW, known=KNOWN)
    assert parsed.deadline_words == "om drie uur"
    assert parsed.party.key == "s1"


def test_english_vocabulary() -> None:
    parsed = parse_message_line("in: the mayor calls, wants an update by three o'clock", now=NOW, lang="en")
    assert parsed.direction is Direction.INCOMING and parsed.channel is Channel.PHONE and parsed.request
    assert parsed.party.name == "Mayor"


def test_empty_line_is_an_incoming_message_without_a_party() -> None:
    parsed = parse_message_line("   ", now=NOW)
    assert parsed.direction is Direction.INCOMING and parsed.party.is_empty and parsed.subject == ""
