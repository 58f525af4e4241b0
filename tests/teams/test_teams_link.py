"""Two and three real nats-servers on loopback: sharing, cuts, reboots, forged writes, orders."""

from __future__ import annotations

import time

import pytest

from assistant.app.permissions import AccessLog, Actor, room_gateway
from assistant.domain.entries import TaskStatus, verify_chain
from assistant.teams.orders import owner_for_team, sender_team
from assistant.ui.logger.snapshot import read_snapshot
from tests.teams.conftest import converge, in_sync

pytestmark = pytest.mark.slow


def test_two_teams_share_confirmed_entries_with_chains_intact(make_sites) -> None:
    central, noord = make_sites("centraal", "noord")
    central.confirm("besluit we evacueren gebouw B")
    noord.confirm("ter informatie de brandweer is ter plaatse")
    noord.confirm("besluit we sluiten de parkeerplaats")
    converge([central, noord], lambda: in_sync([central, noord]))
    assert [v.text for v in central.mirrored("noord")] == [v.text for v in noord.own()]
    assert len(noord.mirrored("centraal")) == len(central.own()) == 1
    assert verify_chain(central.mirrored("noord")) == []
    assert verify_chain(noord.mirrored("centraal")) == []


def _no_duplicates(site, team: str) -> bool:
    versions = site.mirrored(team)
    return len({(v.entry_id, v.version) for v in versions}) == len(versions)


def test_cut_link_and_reboot_lose_and_duplicate_nothing(make_sites) -> None:
    central, noord = make_sites("centraal", "noord")
    central.confirm("besluit we evacueren gebouw B")
    converge([central, noord], lambda: in_sync([central, noord]))
    before_cut = central.clock()

    noord.service.server.set_linked(False)  # config reload: the leaf remote is gone
    converge([central, noord], lambda: not noord.service.link_status()[0].connected, timeout=10)
    central.clock.advance(5)
    for i in range(4):
        central.confirm(f"ter informatie melding {i} van de brandweer")
        noord.confirm(f"ter informatie lokaal bericht {i}")
    for site in (central, noord):
        site.service.sync_once()
    chip = noord.service.link_status()[0]
    assert (chip.team, chip.connected, chip.last_contact, chip.pending) == ("centraal", False, before_cut, 4)
    assert chip.text() == "geen verbinding sinds 13:00, 4 regels nog te versturen"
    assert len(noord.mirrored("centraal")) == 1  # nothing crossed while cut

    noord.close(crash=True)  # the local laptop crashes during the cut ...
    noord.open()  # ... and reboots, still cut off
    assert noord.service.server.linked is True  # a reboot dials out again: cut it once more for the test
    noord.service.server.set_linked(False)
    noord.confirm("besluit we openen een opvanglocatie")

    noord.service.server.set_linked(True)  # rejoin
    converge([central, noord], lambda: in_sync([central, noord]))
    assert len(central.mirrored("noord")) == len(noord.own()) == 5
    assert len(noord.mirrored("centraal")) == len(central.own()) == 5
    assert _no_duplicates(central, "noord") and _no_duplicates(noord, "centraal")
    assert verify_chain(central.mirrored("noord")) == [] == verify_chain(noord.mirrored("centraal"))
    converge([central, noord], lambda: noord.service.link_status()[0].connected, timeout=10)
    assert noord.service.link_status()[0].text() == "verbonden"


def test_three_teams_converge_after_a_cut_with_writes_everywhere(make_sites) -> None:
    sites = make_sites("centraal", "noord", "zuid")
    central, noord, zuid = sites
    noord.service.server.set_linked(False)
    for site in sites:
        site.confirm(f"besluit {site.team} schaalt op")
        site.confirm(f"ter informatie {site.team} meldt rook")
    converge(sites, lambda: len(central.mirrored("zuid")) == 2 and len(zuid.mirrored("centraal")) == 2)
    assert noord.mirrored("zuid") == [] and central.mirrored("noord") == []
    zuid.close()
    zuid.open()  # reboot of a connected site
    noord.service.server.set_linked(True)
    converge(sites, lambda: in_sync(sites))
    for site in sites:
        for other in sites:
            if other is not site:
                assert verify_chain(site.mirrored(other.team)) == []
                assert _no_duplicates(site, other.team)


def test_order_from_central_accepted_locally_and_status_seen_centrally(make_sites) -> None:
    central, noord = make_sites("centraal", "noord")
    order = central.confirm("opdracht aan hr lijst aanwezigen voor elf uur", owner=owner_for_team("noord"))
    other = central.confirm("opdracht aan hr sluit de kantine", owner=owner_for_team("noord"))
    draft_id = f"team-centraal-{order.entry_id}"
    declined_id = f"team-centraal-{other.entry_id}"
    converge([central, noord], lambda: len(noord.room.intake.drafts(noord.crisis_id)) >= 2)
    draft = noord.repo.get_draft(noord.crisis_id, draft_id)
    assert (draft.content.kind.value, draft.content.ref, draft.content.text) == (
        "order",
        f"centraal/{order.number}",
        order.text,
    )
    assert [o.status for o in central.service.cross_team_orders()] == [None, None]

    # the local logger's screen reads the drafts through its gateway: both orders, marked as central's
    logger = room_gateway(
        noord.room, Actor("logger", person="Piet", device="Laptop N"), None, AccessLog(time.time)
    )
    shown = read_snapshot(logger, None).drafts
    assert sorted(d.draft_id for d in shown if sender_team(d) == "centraal") == sorted(
        [draft_id, declined_id]
    )
    accepted = logger.teams.accept(noord.crisis_id, draft_id, "", "facilitair")  # the screen's Accept
    logger.teams.decline(noord.crisis_id, declined_id, "", "geen personeel beschikbaar")
    assert accepted.confirmed_by == "logger: Piet @ Laptop N"  # stamped by the server
    logger.ledger.set_status(noord.crisis_id, accepted.entry_id, TaskStatus.IN_PROGRESS, "")

    def answered() -> bool:
        return [o.status for o in central.service.cross_team_orders()] == [
            TaskStatus.IN_PROGRESS,
            TaskStatus.CANCELLED,
        ]

    converge([central, noord], answered)
    first, second = central.service.cross_team_orders()
    assert (first.number, first.their_number, first.declined) == (order.number, accepted.number, False)
    assert second.declined is True
    # central's Controle reads the same answers through its own gateway (what the chair's block shows)
    chair = room_gateway(central.room, Actor("voorzitter"), None, AccessLog(time.time))
    assert chair.teams.cross_team_orders() == [first, second]
    assert [c.team for c in chair.teams.link_status()] == ["noord"]
    assert all(v.crisis_id == central.crisis_id for v in central.own())  # nothing written into central's log
    # a restart does not turn the same order into a second draft
    noord.close()
    noord.open()
    assert [
        d.draft_id for d in noord.room.intake.drafts(noord.crisis_id, None) if d.draft_id.startswith("team-")
    ].count(draft_id) == 1


async def _forge(url: str, subject: str) -> str:
    import nats
    from nats.errors import Error as NatsError

    nc = await nats.connect(url)
    try:
        ack = await nc.jetstream().publish(subject, b'{"forged": true}', timeout=2)
        return f"stored at {ack.seq}"
    except NatsError as exc:
        return f"refused: {type(exc).__name__}"
    finally:
        await nc.close()


@pytest.mark.parametrize("deny_rule", [True, False])
def test_forged_write_into_another_teams_stream_is_refused_only_with_the_deny_rule(
    make_sites, monkeypatch, deny_rule: bool
) -> None:
    import asyncio

    from assistant.teams import server
    from assistant.teams.config import log_subject

    if not deny_rule:  # shows the rule is what refuses: without it the leaf writes into central's log
        monkeypatch.setattr(server, "leaf_denies", lambda config, leaf: ["nothing.denied"])
    central, noord = make_sites("centraal", "noord")
    central.confirm("besluit we evacueren gebouw B")
    converge([central, noord], lambda: in_sync([central, noord]))
    result = asyncio.run(_forge(noord.service.server.client_url, log_subject("centraal", "brand_b")))
    stored = central.service.link.own_last_seq()
    if deny_rule:
        assert result.startswith("refused") and stored == 1
        assert len(noord.mirrored("centraal")) == 1
    else:
        assert result == "stored at 2" and stored == 2
