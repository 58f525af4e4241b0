"""The message register's model and routing rules (pure domain, time passed in)."""

from __future__ import annotations

import pytest

from assistant.domain.errors import InvalidInput, InvalidTransition
from assistant.domain.messages import (
    Channel,
    CommLink,
    Direction,
    Message,
    MessageFilter,
    MessageStatus,
    Party,
    PartyKind,
    Urgency,
    for_table,
    last_contact,
    next_message_number,
    previous_meeting_end,
    schema_role_for,
    since_previous_meeting,
    suggest_routing,
)

GEMEENTE = Party(PartyKind.STAKEHOLDER, "Gemeente (burgemeester)", "s1")
TEAM = Party(PartyKind.ROLE, "Berichtenmanager", "berichtenmanager")


def message(number: str = "M-1", at: str = "2026-02-05T10:00:00+01:00", **kw) -> Message:
    kw.setdefault("direction", Direction.INCOMING)
    kw.setdefault("channel", Channel.PHONE)
    kw.setdefault("sender", GEMEENTE)
    kw.setdefault("recipient", TEAM)
    kw.setdefault("subject", "Wil om drie uur een update")
    return Message(f"id-{number}", "c1", number, 1, at, **kw)


def test_round_trip_keeps_every_field() -> None:
    original = message(urgency=Urgency.URGENT, for_cmt=True, request=True, deadline="2026-02-05T15:00",
                       deadline_words="om drie uur", routed_to="communicatie", status=MessageStatus.ROUTED,
                       meeting_number=2, registered_at="2026-02-05T10:01:00+01:00")
    assert Message.from_dict(original.to_dict()) == original
    original.validate()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"subject": "", "content": " "}, "subject"),
        ({"sender": Party.free("")}, "sender"),
        ({"at": "2026-02-05T10:00"}, "at"),
        ({"deadline": "drie uur"}, "deadline"),
        ({"status": MessageStatus.ROUTED}, "routed_to"),
    ],
)
def test_validation_names_the_field(changes: dict, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        message(**changes).validate()
    assert refused.value.params["field"] == field


def test_outgoing_needs_a_recipient_not_a_sender() -> None:
    out = message(direction=Direction.OUTGOING, sender=TEAM, recipient=Party.free(""))
    with pytest.raises(InvalidInput) as refused:
        out.validate()
    assert refused.value.params["field"] == "recipient"
    assert message(direction=Direction.OUTGOING, sender=Party.free(""), recipient=GEMEENTE).counterpart == GEMEENTE


def test_a_change_is_a_new_version_and_the_old_one_stays() -> None:
    first = message()
    routed = first.routed("communicatie", at="2026-02-05T10:05:00+01:00", by="berichtenmanager: Els")
    assert (first.version, first.status) == (1, MessageStatus.OPEN)
    assert (routed.version, routed.status, routed.routed_to) == (2, MessageStatus.ROUTED, "communicatie")
    assert routed.changed_by == "berichtenmanager: Els" and routed.change_note == "doorgezet: communicatie"
    handled = routed.handled(at="2026-02-05T10:30:00+01:00", by="x")
    assert handled.version == 3 and handled.status is MessageStatus.HANDLED
    with pytest.raises(InvalidTransition):
        handled.handled(at="2026-02-05T10:31:00+01:00", by="x")
    with pytest.raises(InvalidTransition):
        handled.routed("hr", at="2026-02-05T10:31:00+01:00", by="x")
    assert handled.reopened(at="2026-02-05T10:32:00+01:00", by="x").status is MessageStatus.ROUTED


def test_edit_refuses_identity_fields_and_coerces_enum_values() -> None:
    first = message()
    with pytest.raises(InvalidInput):
        first.next_version(at=first.at, by="x", note="bewerkt", number="M-9")
    edited = first.next_version(at=first.at, by="x", note="bewerkt", urgency="spoed", channel="email")
    assert edited.urgency is Urgency.URGENT and edited.channel is Channel.EMAIL
    with pytest.raises(InvalidInput):
        first.next_version(at=first.at, by="x", note="bewerkt", urgency="heel erg")


def test_link_to_a_log_entry_only_once() -> None:
    linked = message().linked_to("IB-3", at="2026-02-05T10:10:00+01:00", by="logger")
    assert linked.entry_number == "IB-3"
    with pytest.raises(InvalidTransition):
        linked.linked_to("I-4", at="2026-02-05T10:11:00+01:00", by="logger")


def test_numbering() -> None:
    assert next_message_number([]) == "M-1"
    assert next_message_number(["M-1", "M-10", "M-3", "B-40"]) == "M-11"


def test_alert_is_an_unhandled_urgent_incoming_message() -> None:
    assert message(urgency=Urgency.URGENT).is_alert
    assert not message(urgency=Urgency.HIGH).is_alert
    assert not message(urgency=Urgency.URGENT, direction=Direction.OUTGOING, recipient=GEMEENTE).is_alert
    routed = message(urgency=Urgency.URGENT).routed("hr", at="2026-02-05T10:05:00+01:00", by="x")
    assert routed.is_alert
    assert not routed.handled(at="2026-02-05T10:06:00+01:00", by="x").is_alert


SCHEMA = (
    CommLink("l1", "c1", "communicatie", "Pers en omroep", Channel.PHONE, "elk uur"),
    CommLink("l2", "c1", "voorzitter", "Gemeente", Channel.PHONE, "na elk overleg", stakeholder_id="s1"),
    CommLink("l3", "c1", "hr", "Ondernemingsraad", active=False),
)


def test_schema_names_the_role_for_a_party() -> None:
    assert schema_role_for(GEMEENTE, SCHEMA) == "voorzitter"
    assert schema_role_for(Party.free("Omroep Oost / pers en omroep"), SCHEMA) == "communicatie"
    assert schema_role_for(Party.free("Ondernemingsraad"), SCHEMA) is None  # removed line
    assert schema_role_for(Party.free("Buurtbewoner"), SCHEMA) is None


@pytest.mark.parametrize(
    ("direction", "urgency", "asks", "expected_cmt"),
    [
        (Direction.INCOMING, Urgency.URGENT, False, True),
        (Direction.INCOMING, Urgency.HIGH, False, True),
        (Direction.INCOMING, Urgency.NORMAL, True, True),
        (Direction.INCOMING, Urgency.NORMAL, False, False),
        (Direction.OUTGOING, Urgency.URGENT, False, False),
    ],
)
def test_routing_rules(direction: Direction, urgency: Urgency, asks: bool, expected_cmt: bool) -> None:
    routing = suggest_routing(direction, urgency, asks, GEMEENTE, SCHEMA)
    assert routing.for_cmt is expected_cmt
    assert routing.routed_to == ("voorzitter" if direction is Direction.INCOMING else None)


def test_routing_respects_what_the_berichtenmanager_chose() -> None:
    routing = suggest_routing(Direction.INCOMING, Urgency.URGENT, False, GEMEENTE, SCHEMA, for_cmt=False,
                              routed_to="hr")
    assert routing == type(routing)(False, "hr")


def test_since_previous_meeting_takes_cmt_messages_after_the_last_closed_meeting_spoed_first() -> None:
    boundary = previous_meeting_end(["2026-02-05T09:30:00+01:00", None, "2026-02-05T08:30:00+01:00"])
    assert boundary == "2026-02-05T09:30:00+01:00"
    old = message("M-1", "2026-02-05T09:00:00+01:00", for_cmt=True)
    not_cmt = message("M-2", "2026-02-05T09:40:00+01:00")
    normal = message("M-3", "2026-02-05T09:45:00+01:00", for_cmt=True)
    urgent = message("M-4", "2026-02-05T09:50:00+01:00", for_cmt=True, urgency=Urgency.URGENT)
    chosen = since_previous_meeting([old, not_cmt, normal, urgent], boundary)
    assert [m.number for m in chosen] == ["M-4", "M-3"]
    assert [m.number for m in since_previous_meeting([old, normal], None)] == ["M-1", "M-3"]
    assert previous_meeting_end([None]) is None


def test_for_table_leaves_out_logged_and_handled_messages() -> None:
    logged = message("M-1", for_cmt=True, entry_number="I-2")
    waiting = message("M-2", for_cmt=True)
    handled = message("M-3", for_cmt=True, status=MessageStatus.HANDLED)
    assert [m.number for m in for_table([logged, waiting, handled])] == ["M-2"]


def test_filter() -> None:
    urgent = message("M-1", urgency=Urgency.URGENT, for_cmt=True)
    out = message("M-2", direction=Direction.OUTGOING, recipient=Party.free("Omroep Oost"), subject="Persbericht")
    both = [urgent, out]
    assert [m.number for m in both if MessageFilter(direction=Direction.OUTGOING).matches(m)] == ["M-2"]
    assert [m.number for m in both if MessageFilter(only_cmt=True).matches(m)] == ["M-1"]
    assert [m.number for m in both if MessageFilter(text="omroep").matches(m)] == ["M-2"]
    assert [m.number for m in both if MessageFilter(urgency=Urgency.URGENT).matches(m)] == ["M-1"]
    assert [m.number for m in both if MessageFilter(status=MessageStatus.HANDLED).matches(m)] == []


def test_last_contact_per_stakeholder() -> None:
    early = message("M-1", "2026-02-05T09:00:00+01:00")
    late = message("M-2", "2026-02-05T11:00:00+01:00", direction=Direction.OUTGOING, sender=TEAM,
                   recipient=GEMEENTE)
    other = message("M-3", "2026-02-05T12:00:00+01:00", sender=Party.free("Omroep"))
    assert last_contact([early, late, other], "s1") == late
    assert last_contact([other], "s1") is None
    assert last_contact([other], "s9", "omroep") == other
