"""Two and three real nats-servers on loopback: sharing, cuts, reboots, forged writes, orders."""

from __future__ import annotations

import pytest

from assistant.domain.entries import TaskStatus, verify_chain
from assistant.teams.orders import owner_for_team
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
