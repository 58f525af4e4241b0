"""Sessions end at once: rotation, revoke and a closing crisis (real Room, real TinyDB, no browser)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.app import access
from assistant.app import permissions as perm
from assistant.app.room import Room
from assistant.storage.tinydb_repo import TinyDBRepository
from assistant.ui.join import start_access
from assistant.ui.join.devices import revoke_device, rotate_codes


@pytest.fixture
def ctx(tmp_path: Path):
    repo = TinyDBRepository(tmp_path / "data")
    room = Room(repo)
    context = SimpleNamespace(
        host="127.0.0.1", room=room, code_ttl_seconds=3600.0, sessions=perm.SessionRegistry(), join_code=None,
        extras={},
    )  # fmt: skip
    context.extras["access"] = start_access(context)
    yield context
    repo.close()


def open_session(ctx, role: str, device_id: str) -> tuple[perm.SessionGrant, list[str]]:
    gate: access.AccessGate = ctx.extras["access"]
    token = gate.issue(access.SCOPE_EDIT, role, person="Jan", name=device_id, device_id=device_id)
    actor = perm.Actor(role, "Jan", device_id, device_id, "192.0.2.10")
    grant = ctx.sessions.add(perm.SessionGrant(actor, 0.0, lambda: None if gate.verify(token) else "revoked"))
    ended: list[str] = []
    grant.on_end(ended.append)
    return grant, ended


def test_revoke_ends_only_that_device_and_is_saved(ctx) -> None:
    one, ended_one = open_session(ctx, "logger", "dev-1")
    two, ended_two = open_session(ctx, "voorzitter", "dev-2")
    assert revoke_device(ctx, "dev-1") == 1
    assert ended_one == ["revoked"] and not one.active
    assert two.active and ended_two == []
    assert "dev-1" in ctx.room.setup.settings()["access"]["revoked"]
    assert [g.actor.device_id for g in ctx.sessions.active()] == ["dev-2"]


def test_rotation_ends_every_other_device_but_not_the_host(ctx) -> None:
    one, ended = open_session(ctx, "logger", "dev-1")
    host = ctx.sessions.add(perm.SessionGrant(perm.host_actor(), 0.0))
    old_code = ctx.extras["access"].code
    assert rotate_codes(ctx) == 1
    assert ended == ["rotated"] and host.active
    assert ctx.room.setup.settings()["access"]["code"] != old_code


def test_a_closing_crisis_expires_the_codes_and_ends_sessions(ctx) -> None:
    crisis = ctx.room.setup.create("Brand gebouw B")
    one, ended = open_session(ctx, "logger", "dev-1")
    gateway = perm.room_gateway(ctx.room, one.actor, one, perm.AccessLog(lambda: 0.0))
    ctx.room.setup.update(crisis.crisis_id, closed_at="2026-02-05T18:00:00+01:00")
    assert ctx.extras["access"].expired()
    assert ended == ["expired"]
    with pytest.raises(perm.SessionEnded):
        gateway.intake.add_typed(crisis.crisis_id, "besluit alles dicht")
