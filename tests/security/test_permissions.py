"""Server-side permissions: the capability table, the gateway, identities and the access log.

On a real ``Room`` over a real TinyDB data folder: a refused call must leave every data file
byte-for-byte unchanged and must itself be recorded in the access log.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.app import permissions as perm
from assistant.app.permissions import AccessLog, Actor, PermissionDenied, SessionEnded, SessionGrant
from assistant.app.room import ClockAction, Room
from assistant.domain.entries import TaskStatus
from assistant.storage.tinydb_repo import TinyDBRepository

START = datetime(2026, 2, 5, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def room(tmp_path: Path):
    repo = TinyDBRepository(tmp_path / "data")
    room = Room(repo, now=Clock())
    yield room
    repo.close()


@pytest.fixture
def crisis(room: Room):
    crisis = room.setup.create("Brand gebouw B", "Universiteit Oost")
    meeting = room.meetings.plan(crisis.crisis_id)
    room.meetings.clock_action(crisis.crisis_id, meeting.number, ClockAction.START)
    return crisis


def data_fingerprint(room: Room) -> dict[str, str]:
    """SHA-256 of every file in the data folder: 'nothing changed' means byte-for-byte."""
    root = Path(room.repo.data_dir)
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def log_clock() -> float:
    return 1_770_000_000.0


def gateway(room: Room, role: str, grant: SessionGrant | None = None, log: AccessLog | None = None):
    actor = Actor(role, person="Jan Smit", device="Laptop 2", device_id="d1", address="192.0.2.10")
    return perm.room_gateway(room, actor, grant, log or AccessLog(log_clock))


AREAS = ("setup", "meetings", "intake", "ledger", "chair_notes", "messages", "teams")


def public_room_methods(room: Room) -> set[str]:
    """Every public name of a real room and of its areas (``"ledger.set_status"``)."""

    def methods(target: object) -> set[str]:
        return {name for name in dir(target) if not name.startswith("_") and callable(getattr(target, name))}

    names = methods(room) - set(AREAS)
    for area in AREAS:
        names |= {f"{area}.{name}" for name in methods(getattr(room, area))}
    return names


def resolve(gateway: perm.Gateway, action: str):
    """``resolve(gw, "ledger.set_status")`` is ``gw.ledger.set_status``: through every gate on the way."""
    target = gateway
    for part in action.split("."):
        target = getattr(target, part)
    return target


def test_every_public_room_method_is_in_the_table(room: Room) -> None:
    """Fail closed for new code: a room or area method nobody classified is unusable from a screen."""
    missing = public_room_methods(room) - set(perm.ROOM_TABLE) - perm.ROOM_INTERNAL
    assert not missing, f"add these Room methods to permissions.ROOM_TABLE: {sorted(missing)}"
    assert not set(perm.ROOM_TABLE) & perm.ROOM_INTERNAL
    offered = {name for name in perm.ROOM_TABLE if name not in ("export_document", "backup_download")}
    assert offered <= public_room_methods(room), "the table names methods the room does not have"


def test_every_mutating_room_method_needs_more_than_reading(room: Room) -> None:
    known_mutations = {
        "chair_notes.add_individual", "chair_notes.add_stakeholder", "intake.add_typed",
        "intake.add_utterance", "chair_notes.check_individual", "meetings.clock_action",
        "intake.confirm_draft", "setup.create", "intake.edit_draft", "ledger.edit", "meetings.end",
        "chair_notes.mark_informed", "meetings.mark_reflection", "meetings.plan", "intake.promote_line",
        "publish", "intake.reject_draft", "setup.select", "meetings.set_attendance", "ledger.set_status",
        "shift_time", "meetings.tick", "meetings.update_agenda", "setup.update", "setup.update_roster",
        "setup.update_settings",
    }  # fmt: skip
    assert known_mutations <= perm.MUTATING_ROOM_METHODS
    assert known_mutations <= public_room_methods(room)
    for name in known_mutations:
        assert perm.ROOM_TABLE[name] not in (perm.READ, perm.READ_SETTINGS), name


def test_capability_table_per_role() -> None:
    assert perm.capabilities_of(perm.ROLE_HOST) == perm.ALL_CAPABILITIES
    assert perm.capabilities_of(perm.ROLE_WALL) == {perm.READ}
    assert perm.capabilities_of("admin") == frozenset() and perm.capabilities_of(None) == frozenset()
    host_only = {perm.BACKUP, perm.CRISIS_ADMIN, perm.SETTINGS, perm.SPEECH_SETTINGS, perm.DEVICES,
                 perm.READ_SETTINGS, perm.TEST_CLOCK, perm.SPEECH_INPUT}  # fmt: skip
    for role in perm.DEVICE_ROLES:
        assert not (perm.capabilities_of(role) & host_only), role
    assert perm.DRAFTS in perm.capabilities_of(perm.ROLE_LOGGER)
    assert perm.CLOCK in perm.capabilities_of(perm.ROLE_CHAIR)
    assert perm.CLOCK not in perm.capabilities_of(perm.ROLE_LOGGER)
    assert perm.capabilities_of(perm.ROLE_MEMBER) == {perm.READ, perm.EXPORT}


def test_wall_device_attempting_every_mutation_changes_nothing(room: Room, crisis) -> None:
    log = AccessLog(log_clock)
    wall = gateway(room, perm.ROLE_WALL, log=log)
    before = data_fingerprint(room)
    drafts_before = room.intake.drafts(crisis.crisis_id)
    for name in sorted(perm.MUTATING_ROOM_METHODS):
        with pytest.raises(PermissionDenied) as refused:
            resolve(wall, name)(crisis.crisis_id, "x", "y")
        assert refused.value.code == "permission_denied"
    assert data_fingerprint(room) == before
    assert room.intake.drafts(crisis.crisis_id) == drafts_before
    refused_actions = [r.action for r in log.entries()]
    assert sorted(refused_actions) == sorted(perm.MUTATING_ROOM_METHODS)
    assert all(r.reason.startswith("missing:") and r.address == "192.0.2.10" for r in log.entries())
    # reading is what a wall screen is for
    assert wall.ledger.entries(crisis.crisis_id) == room.ledger.entries(crisis.crisis_id)


def test_anything_not_in_the_table_is_refused(room: Room, crisis) -> None:
    log = AccessLog(log_clock)
    host = perm.room_gateway(room, perm.host_actor(), None, log)
    refused = ("repo", "_lock", "no_such_method", "ledger.build_new", "ledger._core", "intake.status_target",
               "confirm_draft", *sorted(perm.ROOM_INTERNAL))  # fmt: skip
    for name in refused:
        with pytest.raises(PermissionDenied):
            resolve(host, name)
    assert [r.reason for r in log.entries()] == ["not_in_table"] * len(refused)
    assert [r.action for r in log.entries()][3:5] == ["ledger.build_new", "ledger._core"]
    with pytest.raises(AttributeError):
        host.actor = perm.host_actor("someone else")  # type: ignore[misc]


def test_by_is_stamped_from_the_actor_not_the_caller(room: Room, crisis) -> None:
    logger = gateway(room, perm.ROLE_LOGGER)
    draft = logger.intake.add_typed(crisis.crisis_id, "besluit het hoofdgebouw blijft vandaag dicht")[0]
    entry = logger.intake.confirm_draft(crisis.crisis_id, draft.draft_id, "voorzitter")  # by by position
    assert entry.confirmed_by == "logger: Jan Smit @ Laptop 2"
    order = logger.intake.add_typed(crisis.crisis_id, "opdracht aan hr lijst aanwezigen voor elf uur")[0]
    task = logger.intake.confirm_draft(crisis.crisis_id, order.draft_id, by="host")  # and by keyword
    done = logger.ledger.set_status(crisis.crisis_id, task.entry_id, TaskStatus.DONE, by="voorzitter")
    assert {task.confirmed_by, done.confirmed_by} == {"logger: Jan Smit @ Laptop 2"}
    chair = gateway(room, perm.ROLE_CHAIR)
    stakeholder = room.chair_notes.stakeholders(crisis.crisis_id)[0]
    informed = chair.chair_notes.mark_informed(
        crisis.crisis_id, stakeholder.stakeholder_id
    )  # default "voorzitter"
    assert "voorzitter: Jan Smit @ Laptop 2" in str(informed)


def test_logger_may_not_run_the_clock_nor_touch_host_things(room: Room, crisis) -> None:
    log = AccessLog(log_clock)
    logger = gateway(room, perm.ROLE_LOGGER, log=log)
    before = data_fingerprint(room)
    meeting = room.meetings.current(crisis.crisis_id)
    attempts = [
        lambda: logger.meetings.clock_action(crisis.crisis_id, meeting.number, ClockAction.NEXT),
        lambda: logger.setup.create("Nep"),
        lambda: logger.setup.select(crisis.crisis_id),
        lambda: logger.setup.update_settings(access={}),
        lambda: logger.setup.settings(),  # holds the join codes
        lambda: logger.backup_download(),
        lambda: logger.shift_time(3600),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert data_fingerprint(room) == before
    assert len(log.entries()) == len(attempts)


def test_ended_grant_refuses_at_once_even_for_a_method_looked_up_before(room: Room, crisis) -> None:
    log = AccessLog(log_clock)
    actor = Actor(perm.ROLE_LOGGER, "Jan Smit", "Laptop 2", "d1", "192.0.2.10")
    grant = SessionGrant(actor, since=0.0)
    ended: list[str] = []
    grant.on_end(ended.append)
    logger = perm.room_gateway(room, actor, grant, log)
    add_typed = logger.intake.add_typed  # a screen holding a bound method from before the revoke
    grant.end("revoked")
    before = data_fingerprint(room)
    with pytest.raises(SessionEnded) as refused:
        add_typed(crisis.crisis_id, "besluit alles dicht")
    assert refused.value.code == "session_ended"
    with pytest.raises(SessionEnded):
        logger.ledger.entries(crisis.crisis_id)  # not even reading
    assert data_fingerprint(room) == before
    assert ended == ["revoked"] and not grant.active
    assert [r.reason for r in log.entries()] == ["session_ended:revoked"] * 2


def test_export_is_a_capability_and_backup_is_host_only(room: Room, crisis) -> None:
    member = gateway(room, perm.ROLE_MEMBER)
    result = member.export_document(crisis.crisis_id, "decisions", "csv")
    assert result.filename.endswith(".csv") and result.data
    with pytest.raises(PermissionDenied):
        member.backup_download()
    with pytest.raises(PermissionDenied):
        gateway(room, perm.ROLE_WALL).export_document(crisis.crisis_id, "decisions", "csv")
    host = perm.room_gateway(room, perm.host_actor(), None, AccessLog(log_clock))
    assert host.backup_download().filename.endswith(".zip")


def test_error_messages_are_dutch_first() -> None:
    from assistant.i18n import error_message

    exc = PermissionDenied("confirm_draft", action="confirm_draft")
    assert error_message(exc, "nl").startswith("Dit apparaat mag dit niet")
    assert error_message(exc, "en").startswith("This device may not do this")
    assert error_message(SessionEnded("x"), "nl").startswith("De toegang van dit apparaat")


def test_actor_by_text() -> None:
    assert Actor("logger", "Jan", "Laptop").by == "logger: Jan @ Laptop"
    assert Actor("wand").by == "wand"
    assert perm.host_actor().by == "host @ host"


def test_the_host_records_the_screen_role_it_acts_in():
    """The host's browser is trusted, but the log still says in which role it wrote (not just 'host')."""
    assert perm.host_actor(acting_as="logger").by == "logger @ host"
    assert perm.host_actor(acting_as="voorzitter").by == "voorzitter @ host"
    assert perm.host_actor().by == "host @ host"
    assert perm.host_actor(acting_as="logger").is_host


def test_the_access_log_survives_a_restart_and_stays_bounded(tmp_path):
    """Refusals are evidence: kept in the data folder (owner-only), read back after a restart, rotated."""
    path = tmp_path / "access-log.jsonl"
    first = AccessLog(lambda: 1_000.0)
    first.attach(path)
    first.record("wand @ Scherm", "10.0.0.7", "ledger.set_status", "missing:log_edit")
    assert path.stat().st_mode & 0o777 == 0o600
    again = AccessLog(lambda: 2_000.0)
    again.attach(path)
    assert [(r.who, r.action, r.at) for r in again.entries()] == [("wand @ Scherm", "ledger.set_status", 1_000.0)]
    with path.open("a", encoding="utf-8") as damaged:
        damaged.write('{"at": 3, "who": \n')  # a torn last line (crash mid-write) is skipped, not fatal
    assert len(AccessLog(lambda: 0.0, limit=10).entries()) == 0
    reread = AccessLog(lambda: 0.0)
    reread.attach(path)
    assert len(reread.entries()) == 1
    small = AccessLog(lambda: 0.0)
    small.MAX_FILE_BYTES = 200  # type: ignore[misc]
    small.attach(tmp_path / "small.jsonl")
    for i in range(10):
        small.record(f"device {i}", "", "intake.add_typed", "missing:drafts")
    assert (tmp_path / "small.jsonl.1").exists() and (tmp_path / "small.jsonl").stat().st_size <= 200
