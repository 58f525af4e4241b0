"""Issue 17 at the gateway: answering another team's order and the link settings, per role.

Real rooms on real TinyDB files: "centraal" logs an order for team noord; noord holds the draft the
teams service makes of it (``incoming_draft``, the same function the service calls). Every call goes
through ``room_gateway`` for a device's ``Actor``: the wall and a member may read but never answer or
touch the link settings; the logger and the chair may answer, stamped with their own identity; only
the host sees and saves the settings. A refusal changes nothing on disk.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from assistant.app import permissions as perm
from assistant.app.permissions import AccessLog, Actor, PermissionDenied
from assistant.app.room import Room
from assistant.domain.entries import EntryEdit, TaskStatus
from assistant.domain.errors import InvalidInput
from assistant.teams.area import TeamsSettings
from assistant.teams.config import config_path, load_config
from assistant.teams.errors import TeamsConfigInvalid
from assistant.teams.orders import answers, incoming_draft, owner_for_team
from tests.teams.conftest import START, open_room


@pytest.fixture
def sites(tmp_path: Path):
    central, central_id = open_room(tmp_path / "centraal")
    noord, noord_id = open_room(tmp_path / "noord")
    yield central, central_id, noord, noord_id
    central.repo.close()
    noord.repo.close()


def order_for_noord(central: Room, central_id: str, text: str):
    draft = central.intake.add_typed(central_id, f"opdracht aan hr {text}")[0]
    return central.intake.confirm_draft(
        central_id, draft.draft_id, "voorzitter", EntryEdit({"owner": owner_for_team("noord")})
    )


def arrive(noord: Room, noord_id: str, order) -> str:
    """What the teams service does with a mirrored order for us: a pending draft."""
    draft = incoming_draft("centraal", order, noord_id, START)
    noord.repo.save_draft(draft)
    return draft.draft_id


def device(room: Room, role: str, log: AccessLog | None = None) -> perm.Gateway:
    actor = Actor(role, person="Jan Smit", device="Laptop 3", device_id="d3", address="192.0.2.30")
    return perm.room_gateway(room, actor, None, log or AccessLog(lambda: 0.0))


def files(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


@pytest.mark.parametrize("role", [perm.ROLE_WALL, perm.ROLE_MEMBER, perm.ROLE_MESSAGES])
def test_wall_member_and_berichtenmanager_cannot_answer_another_teams_order(sites, role) -> None:
    central, central_id, noord, noord_id = sites
    draft_id = arrive(noord, noord_id, order_for_noord(central, central_id, "lijst aanwezigen"))
    before = files(Path(noord.repo.data_dir))
    log = AccessLog(lambda: 0.0)
    gateway = device(noord, role, log)
    with pytest.raises(PermissionDenied):
        gateway.teams.accept(noord_id, draft_id, "voorzitter", "hr")
    with pytest.raises(PermissionDenied):
        gateway.teams.decline(noord_id, draft_id, "voorzitter", "geen zin")
    assert files(Path(noord.repo.data_dir)) == before
    assert [r.action for r in log.entries()] == ["teams.accept", "teams.decline"]
    assert all(r.reason == "missing:drafts" for r in log.entries())
    assert gateway.teams.linked() is False  # reading is allowed (chips, pictures)
    assert gateway.teams.link_status() == [] and gateway.teams.pictures() == []


@pytest.mark.parametrize("role", [perm.ROLE_LOGGER, perm.ROLE_CHAIR])
def test_logger_and_chair_accept_stamped_by_the_server_and_central_sees_the_answer(sites, role) -> None:
    central, central_id, noord, noord_id = sites
    order = order_for_noord(central, central_id, "lijst aanwezigen")
    draft_id = arrive(noord, noord_id, order)
    entry = device(noord, role).teams.accept(noord_id, draft_id, "iemand anders", "facilitair")
    assert entry.confirmed_by == f"{role}: Jan Smit @ Laptop 3"  # the device's identity, not what it passed
    assert (entry.content.owner, entry.content.ref, entry.content.text) == (
        "facilitair",
        f"centraal/{order.number}",
        order.content.text,
    )
    answered = answers(
        "centraal", central.repo.entry_versions(central_id), {"noord": noord.repo.entry_versions(noord_id)}
    )
    assert [(a.number, a.their_number, a.status, a.declined) for a in answered] == [
        (order.number, entry.number, TaskStatus.OPEN, False)
    ]


def test_decline_needs_a_reason_and_is_an_answer_in_our_own_log(sites) -> None:
    central, central_id, noord, noord_id = sites
    order = order_for_noord(central, central_id, "sluit de kantine")
    draft_id = arrive(noord, noord_id, order)
    logger = device(noord, perm.ROLE_LOGGER)
    with pytest.raises(InvalidInput):
        logger.teams.decline(noord_id, draft_id, "", "   ")
    assert [d.draft_id for d in noord.intake.drafts(noord_id)] == [draft_id]  # still waiting
    declined = logger.teams.decline(noord_id, draft_id, "", "geen personeel beschikbaar")
    assert declined.status is TaskStatus.CANCELLED and declined.content.ref == f"centraal/{order.number}"
    history = noord.ledger.history(noord_id, declined.entry_id)
    assert [v.status for v in history] == [TaskStatus.OPEN, TaskStatus.CANCELLED]
    status_line = [e for e in noord.ledger.entries(noord_id) if e.kind.value == "status"][-1]
    assert "geweigerd: geen personeel beschikbaar" in status_line.content.text
    answered = answers(
        "centraal", central.repo.entry_versions(central_id), {"noord": noord.repo.entry_versions(noord_id)}
    )
    assert answered[0].declined is True
    assert all(v.crisis_id == central_id for v in central.repo.entry_versions(central_id))


def test_only_orders_from_another_team_are_answered_and_team_owners_must_be_linked(sites) -> None:
    central, central_id, noord, noord_id = sites
    own = noord.intake.add_typed(noord_id, "opdracht aan hr bel de bewoners")[0]
    logger = device(noord, perm.ROLE_LOGGER)
    with pytest.raises(InvalidInput):
        logger.teams.accept(noord_id, own.draft_id, "", "hr")
    draft_id = arrive(noord, noord_id, order_for_noord(central, central_id, "lijst aanwezigen"))
    with pytest.raises(InvalidInput):  # passing it on to a team we are not linked to
        logger.teams.accept(noord_id, draft_id, "", owner_for_team("zuid"))
    assert len(noord.intake.drafts(noord_id)) == 2


def test_link_settings_are_host_only_validated_and_saved_for_the_next_start(sites, tmp_path) -> None:
    _central, _cid, noord, noord_id = sites
    data = Path(noord.repo.data_dir)
    form = TeamsSettings(team="Lokaal Noord", teams="centraal, lokaal noord", incident="brand_b",
                         link="tls://lokaal_noord:geheim123@10.0.0.5:7422")  # fmt: skip
    for role in perm.DEVICE_ROLES:
        gateway = device(noord, role)
        with pytest.raises(PermissionDenied):
            gateway.teams.settings()
        with pytest.raises(PermissionDenied):
            gateway.teams.save_settings(form, noord_id)
    assert not config_path(data).exists()

    host = perm.room_gateway(noord, perm.host_actor(), None, AccessLog(lambda: 0.0))
    for bad, field in (
        (TeamsSettings(team="!!!", teams="centraal,noord"), "team"),
        (TeamsSettings(team="noord", teams="centraal,zuid"), "teams"),
        (TeamsSettings(team="noord", teams="centraal,noord"), "link"),  # a local team needs a link
        (TeamsSettings(team="noord", teams="centraal,noord", link="http://x"), "link"),
        (TeamsSettings(team="noord", teams="centraal,noord", incident="x" * 400), "incident"),
        (TeamsSettings(team="noord", teams=",".join(f"t{i}" for i in range(20))), "teams"),
    ):
        with pytest.raises(TeamsConfigInvalid) as refused:
            host.teams.save_settings(bad, noord_id)
        assert refused.value.params["field"] == field, bad
    not_a_cert = tmp_path / "ca.pem"
    not_a_cert.write_text("hallo")
    with pytest.raises(TeamsConfigInvalid) as refused:
        host.teams.save_settings(TeamsSettings(**{**form.__dict__, "ca_file": str(not_a_cert)}), noord_id)
    assert refused.value.params["field"] == "ca_file"
    assert not config_path(data).exists()

    assert host.teams.save_settings(form, noord_id) == []  # a local laptop prints no commands
    saved = load_config(data)
    assert saved is not None
    assert (saved.team, saved.teams, saved.hub, saved.crisis_id) == (
        "lokaal_noord",
        ("centraal", "lokaal_noord"),
        "centraal",
        noord_id,
    )
    assert saved.secret("lokaal_noord") == "geheim123"
    shown = host.teams.settings()
    assert (shown.team, shown.link) == ("lokaal_noord", "tls://10.0.0.5:7422")  # the secret is not shown
    assert "geheim123" not in json.dumps(shown.__dict__)
    assert oct(config_path(data).stat().st_mode & 0o777) == "0o600"


def test_another_teams_order_is_never_rejected_silently(sites) -> None:
    """The sender waits for an answer: a plain reject (a forged R, a hostile client calling
    ``intake.reject_draft``) is refused and the draft stays pending; decline answers it."""
    central, central_id, noord, noord_id = sites
    draft_id = arrive(noord, noord_id, order_for_noord(central, central_id, "tel de bedden"))
    logger = device(noord, perm.ROLE_LOGGER)
    before = files(Path(noord.repo.data_dir))
    with pytest.raises(InvalidInput):
        logger.intake.reject_draft(noord_id, draft_id, "", "dubbel")
    assert files(Path(noord.repo.data_dir)) == before
    assert [d.draft_id for d in noord.intake.drafts(noord_id)] == [draft_id]
    own = noord.intake.add_typed(noord_id, "opdracht aan hr bel de bewoners")[0]
    assert logger.intake.reject_draft(noord_id, own.draft_id, "", "dubbel").state.value == "rejected"


def test_declining_is_one_write_order_status_line_and_cancelled_version_together(sites) -> None:
    """A crash can never leave a declined order accepted and open: the order, its status line and its
    cancelled version are one ``append_entries`` call (all or none, tests/storage crash tests)."""
    central, central_id, noord, noord_id = sites
    draft_id = arrive(noord, noord_id, order_for_noord(central, central_id, "stuur twee bussen"))
    writes: list[int] = []
    append = noord.repo.append_entries

    def counted(versions, *args, **kwargs):
        writes.append(len(versions))
        return append(versions, *args, **kwargs)

    noord.repo.append_entries = counted
    declined = device(noord, perm.ROLE_LOGGER).teams.decline(noord_id, draft_id, "", "geen bussen")
    assert writes == [3]
    stored = noord.repo.entry_versions(noord_id)[-3:]
    assert [(v.number, v.version, v.status) for v in stored] == [
        (declined.number, 1, TaskStatus.OPEN),
        ("S-1", 1, None),
        (declined.number, 2, TaskStatus.CANCELLED),
    ]
    assert noord.repo.verify(noord_id) == []
