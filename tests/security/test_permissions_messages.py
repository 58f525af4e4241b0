"""Permissions of the message register through the real gateway on a real Room and TinyDB folder:
a berichtenmanager registers but cannot confirm log entries; the wall never reads message content."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

import pytest

from assistant.app import permissions as perm
from assistant.app.permissions import AccessLog, Actor, PermissionDenied
from assistant.app.room import Room
from assistant.domain.entries import EntryKind
from assistant.storage.tinydb_repo import TinyDBRepository

START = datetime(2026, 2, 5, 9, 0, tzinfo=timezone.utc)
READERS = [name for name, cap in perm.ROOM_TABLE.items() if cap == perm.READ_MESSAGES]


@pytest.fixture
def room(tmp_path: Path):
    repo = TinyDBRepository(tmp_path / "data")
    room = Room(repo, now=lambda: START)
    yield room
    repo.close()


@pytest.fixture
def crisis(room: Room):
    crisis = room.setup.create("Brand gebouw B", "Universiteit Oost")
    meeting = room.meetings.plan(crisis.crisis_id)
    room.meetings.clock_action(crisis.crisis_id, meeting.number, "start")
    return crisis


def gateway(room: Room, role: str, log: AccessLog):
    actor = Actor(role, person="Els de Vries", device="Laptop 3", device_id="d3", address="192.0.2.30")
    return perm.room_gateway(room, actor, None, log)


def through(gw: perm.Gateway, action: str):
    """``through(gw, "messages.all")`` is ``gw.messages.all``: the area's gate, then the method's."""
    area, _, method = action.partition(".")
    return getattr(getattr(gw, area), method)


def fingerprint(room: Room) -> dict[str, str]:
    root = Path(room.repo.data_dir)
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.endswith(".lock")}


def test_berichtenmanager_registers_with_stamped_by_but_cannot_confirm_entries(room: Room, crisis) -> None:
    log = AccessLog(lambda: 0.0)
    desk = gateway(room, perm.ROLE_MESSAGES, log)
    cid = crisis.crisis_id
    message = desk.messages.register_line(cid, "binnen: gemeente belt, wil om drie uur een update", by="voorzitter")
    assert message.changed_by == "berichtenmanager: Els de Vries @ Laptop 3"  # from the actor, not the caller
    assert desk.messages.all(cid) == [message]
    room.intake.add_typed(cid, "besluit het hoofdgebouw blijft dicht")
    draft = room.intake.drafts(cid)[0]
    before = fingerprint(room)
    with pytest.raises(PermissionDenied):
        desk.messages.to_entry(cid, message.message_id, EntryKind.INFO_NEED)
    with pytest.raises(PermissionDenied):
        desk.intake.confirm_draft(cid, draft.draft_id, "x")
    with pytest.raises(PermissionDenied):
        desk.meetings.clock_action(cid, 1, "next")
    assert fingerprint(room) == before
    assert [r.action for r in log.entries()] == ["messages.to_entry", "intake.confirm_draft", "meetings.clock_action"]
    assert perm.DRAFTS not in perm.capabilities_of(perm.ROLE_MESSAGES)


def test_wall_reads_no_message_content_and_changes_nothing(room: Room, crisis) -> None:
    cid = crisis.crisis_id
    message = room.messages.register_line(cid, "spoed: buurtbewoner aan de deur, rook bij gebouw C")
    log = AccessLog(lambda: 0.0)
    wall = gateway(room, perm.ROLE_WALL, log)
    before = fingerprint(room)
    for name in READERS:
        with pytest.raises(PermissionDenied):
            through(wall, name)(cid, message.message_id)
    for name in sorted(n for n in perm.MUTATING_ROOM_METHODS if n.startswith("messages.")):
        with pytest.raises(PermissionDenied):
            through(wall, name)(cid, message.message_id, "x")
    with pytest.raises(PermissionDenied):
        wall.export_document(cid, "messages", "csv")
    with pytest.raises(PermissionDenied):
        wall.messages.repo  # not in the table: refused, not reachable
    assert fingerprint(room) == before
    reasons = {r.action: r.reason for r in log.entries()}
    assert reasons["messages.all"] == "missing:read_messages"
    assert reasons["messages.repo"] == "not_in_table"
    assert reasons["export_document"] == "missing:export"
    member_log = AccessLog(lambda: 0.0)
    member = gateway(room, perm.ROLE_MEMBER, member_log)  # may export the log, not the message register
    with pytest.raises(PermissionDenied):
        member.export_document(cid, "messages", "csv")
    assert [(r.action, r.reason) for r in member_log.entries()] == [("export_document:messages", "missing:read_messages")]
    assert wall.ledger.entries(cid) == room.ledger.entries(cid)  # the log itself stays readable


def test_logger_reads_and_turns_messages_into_entries(room: Room, crisis) -> None:
    cid = crisis.crisis_id
    message = room.messages.register_line(cid, "binnen: gemeente belt, wil om drie uur een update")
    logger = gateway(room, perm.ROLE_LOGGER, AccessLog(lambda: 0.0))
    assert logger.messages.for_table(cid) == [message]
    entry = logger.messages.to_entry(cid, message.message_id, EntryKind.INFO_NEED)
    assert entry.confirmed_by == "logger: Els de Vries @ Laptop 3"
    with pytest.raises(PermissionDenied):
        logger.messages.register_line(cid, "uit: gemeente gebeld")


def test_every_public_method_of_the_area_is_in_the_table() -> None:
    from assistant.app.room.messages import Messages

    public = {f"messages.{name}" for name in dir(Messages) if not name.startswith("_")}
    assert public == {name for name in perm.ROOM_TABLE if name.startswith("messages.")}
    for name in public:
        assert perm.ROOM_TABLE[name] != perm.READ, f"{name}: message content needs read_messages"
