"""The room's messages area on a real TinyDB folder: register, route, handle, log, inform, schema."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assistant.app.room import Room, RoomChange
from assistant.app.room.events import MessagesDetail, Topic
from assistant.app.room.messages import MessageDraft
from assistant.domain.entries import EntryKind
from assistant.domain.errors import InvalidInput, InvalidTransition, NotFound
from assistant.domain.messages import Channel, Direction, MessageStatus, Party, PartyKind, Urgency
from assistant.storage.errors import VersionConflict
from tests.support.clock import START


@pytest.fixture
def changes(room: Room) -> list[RoomChange]:
    seen: list[RoomChange] = []
    room.subscribe(seen.append)
    return seen


def gemeente(room: Room, crisis_id: str) -> Party:
    found = next(s for s in room.chair_notes.stakeholders(crisis_id) if s.name.startswith("Gemeente"))
    return Party(PartyKind.STAKEHOLDER, found.name, found.stakeholder_id)


def test_quick_line_registers_an_info_request_for_the_table(room, crisis, changes) -> None:
    message = room.messages.register_line(crisis.crisis_id, "binnen: gemeente belt, wil om drie uur een update",
                                          by="berichtenmanager: Els")
    assert (message.number, message.version, message.direction) == ("M-1", 1, Direction.INCOMING)
    assert message.sender == gemeente(room, crisis.crisis_id) and message.channel is Channel.PHONE
    assert message.request and message.deadline == "2026-02-05T15:00" and message.for_cmt  # routing rule
    assert message.at == "2026-02-05T10:00:00+01:00" and message.changed_by == "berichtenmanager: Els"
    assert [(c.topic, c.detail, c.ref) for c in changes] == [(Topic.MESSAGES, MessagesDetail.REGISTERED, "M-1")]
    assert room.messages.for_table(crisis.crisis_id) == [message]
    with pytest.raises(InvalidInput):
        room.messages.register_line(crisis.crisis_id, "  ")


def test_spoed_raises_an_alert_and_routing_follows_the_schema(room, crisis, changes) -> None:
    cid = crisis.crisis_id
    room.messages.add_link(cid, "communicatie", "Omroep Oost", Channel.PHONE, "elk uur")
    draft = MessageDraft(Direction.INCOMING, Channel.PHONE, Party.free("Omroep Oost"), "Wil reactie op brand",
                         urgency=Urgency.URGENT)
    message = room.messages.register(cid, draft, by="berichtenmanager")
    assert message.routed_to == "communicatie" and message.status is MessageStatus.ROUTED
    assert MessagesDetail.ALERT in [c.detail for c in changes]
    assert room.messages.alerts(cid) == [message]
    handled = room.messages.mark_handled(cid, message.message_id, by="berichtenmanager")
    assert handled.version == 3 - 1 and room.messages.alerts(cid) == []
    assert [v.version for v in room.messages.history(cid, message.message_id)] == [1, 2]
    with pytest.raises(InvalidTransition):
        room.messages.mark_handled(cid, message.message_id)
    assert room.messages.reopen(cid, message.message_id).status is MessageStatus.ROUTED


def test_route_and_edit_are_new_versions_with_an_optimistic_check(room, crisis) -> None:
    cid = crisis.crisis_id
    message = room.messages.register_line(cid, "in: buurtbewoner belt over rook")
    routed = room.messages.route(cid, message.message_id, "facilitair", by="berichtenmanager")
    assert (routed.version, routed.routed_to, routed.status) == (2, "facilitair", MessageStatus.ROUTED)
    with pytest.raises(NotFound):
        room.messages.route(cid, message.message_id, "brandweercommandant")
    edited = room.messages.edit(cid, message.message_id, {"urgency": "hoog", "content": "Rook bij C"}, based_on=2)
    assert (edited.version, edited.urgency, edited.change_note) == (3, Urgency.HIGH, "bewerkt: content, urgency")
    with pytest.raises(VersionConflict):
        room.messages.edit(cid, message.message_id, {"subject": "x"}, based_on=2)


def test_logger_turns_a_message_into_an_info_need_linked_both_ways(room, crisis, changes) -> None:
    cid = crisis.crisis_id
    meeting = room.meetings.plan(cid)
    room.meetings.clock_action(cid, meeting.number, "start")
    message = room.messages.register_line(cid, "binnen: gemeente belt, wil om drie uur een update")
    entry = room.messages.to_entry(cid, message.message_id, EntryKind.INFO_NEED, by="logger: Jan")
    assert entry.number == "IB-1" and entry.confirmed_by == "logger: Jan"
    assert entry.content.deadline == "2026-02-05T15:00" and entry.content.info_source.endswith("(M-1)")
    assert entry.origin.source == "message" and entry.origin.transcript.startswith("M-1: ")
    assert entry.text.startswith("Gemeente (burgemeester): Gemeente belt")
    linked = room.messages.get(cid, message.message_id)
    assert linked.entry_number == "IB-1" and linked.version == 2
    assert room.messages.for_table(cid) == []
    assert (Topic.LOG, "IB-1") in [(c.topic, c.ref) for c in changes]
    with pytest.raises(InvalidInput):
        room.messages.to_entry(cid, message.message_id, EntryKind.INFO)
    with pytest.raises(InvalidInput):
        room.messages.to_entry(cid, message.message_id, EntryKind.DECISION)
    assert room.ledger.entries(cid)[-1].number == "IB-1"


def test_outgoing_message_to_a_stakeholder_marks_them_informed(room, crisis, clock, changes) -> None:
    cid = crisis.crisis_id
    clock.advance(minutes=30)
    party = gemeente(room, cid)
    draft = MessageDraft(Direction.OUTGOING, Channel.PHONE, party, "Update brand gegeven")
    message = room.messages.register(cid, draft, by="berichtenmanager: Els")
    assert message.recipient == party and not message.for_cmt and message.routed_to is None
    stakeholder = next(s for s in room.chair_notes.stakeholders(cid) if s.stakeholder_id == party.key)
    assert stakeholder.last_informed_at == "2026-02-05T10:30:00+01:00"
    assert stakeholder.last_informed_by == "berichtenmanager: Els"
    assert (Topic.STAKEHOLDERS, "informed") in [(c.topic, c.detail) for c in changes]
    assert room.messages.last_contacts(cid) == {party.key: message}


def test_since_previous_meeting_uses_the_last_closed_meeting(room, crisis, clock) -> None:
    cid = crisis.crisis_id
    before = room.messages.register_line(cid, "binnen: spoed gemeente belt")
    meeting = room.meetings.plan(cid)
    room.meetings.clock_action(cid, meeting.number, "start")
    clock.advance(minutes=20)
    room.meetings.end(cid, meeting.number, START + timedelta(hours=2))
    clock.advance(minutes=5)
    after = room.messages.register_line(cid, "binnen: veiligheidsregio mailt, wil voor elf uur een beeld")
    clock.advance(minutes=1)
    room.messages.register_line(cid, "binnen: buurtbewoner belt")  # not for the table
    assert before.for_cmt and after.for_cmt
    assert [m.number for m in room.messages.since_previous_meeting(cid)] == [after.number]


def test_schema_lines_are_never_erased(room, crisis) -> None:
    cid = crisis.crisis_id
    link = room.messages.add_link(cid, "voorzitter", "Gemeente", "telefoon", "na elk overleg")
    room.messages.update_link(cid, link.link_id, frequency="elk uur")
    assert room.messages.schema(cid)[0].frequency == "elk uur"
    room.messages.remove_link(cid, link.link_id)
    assert room.messages.schema(cid) == []
    assert room.repo.chain_heads(cid)["messages"].count == 3
    with pytest.raises(NotFound):
        room.messages.add_link(cid, "brandweer", "Gemeente")
    with pytest.raises(InvalidInput):
        room.messages.add_link(cid, "voorzitter", " ")
