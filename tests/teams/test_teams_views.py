"""The teams parts of the screens and the report, from injected data (no servers, no Flet pages).

Other teams' entries are real versions made by a real room ("centraal") on real TinyDB files; our
answers are made by a second room ("noord") through ``room.teams``, so the views see what a linked
laptop would hold.
"""

from __future__ import annotations

from datetime import timedelta, timezone
from pathlib import Path

import pytest

from assistant.app.room import Room
from assistant.domain.entries import EntryEdit, TaskStatus
from assistant.export.service import export_document
from assistant.teams.config import LinkUrl, TeamsConfig, save_config
from assistant.teams.mirror_store import MirrorStore
from assistant.teams.orders import answers, incoming_draft, owner_for_team, picture
from assistant.teams.status import LinkStatus
from assistant.ui.teams.model import answer_text, chip_views, owner_label, picture_views, teams_view
from tests.teams.conftest import START, open_room

AMSTERDAM = timezone(timedelta(hours=1))


def confirm(room: Room, crisis_id: str, text: str, **edits: object):
    draft = room.intake.add_typed(crisis_id, text)[0]
    return room.intake.confirm_draft(crisis_id, draft.draft_id, "logger", EntryEdit(edits))


@pytest.fixture
def central(tmp_path: Path):
    room, crisis_id = open_room(tmp_path / "centraal")
    confirm(room, crisis_id, "besluit we evacueren gebouw B")
    confirm(room, crisis_id, "ter informatie de brandweer is ter plaatse")
    confirm(room, crisis_id, "opdracht aan hr lijst aanwezigen voor elf uur", owner=owner_for_team("noord"))
    confirm(room, crisis_id, "opdracht aan hr bel de pers", owner=owner_for_team("zuid"))
    yield room, crisis_id
    room.repo.close()


def test_chips_say_connected_or_since_when_not_in_the_crisis_zone_and_how_much_waits() -> None:
    statuses = [
        LinkStatus("centraal", True, START, 0),
        LinkStatus("lokaal_noord", False, START, 3),
        LinkStatus("zuid", False, None, 0),
        LinkStatus("west", True, START, 0, problem="west: mirrored B-2 v1 at seq 4: hash_mismatch"),
    ]
    chips = chip_views(statuses, "nl", AMSTERDAM)
    assert [c.text for c in chips] == [
        "Centraal: verbonden",
        "Lokaal Noord: geen verbinding sinds 14:00, 3 regels nog te versturen",
        "Zuid: nog geen verbinding",
        "West: keten onderbroken: west: mirrored B-2 v1 at seq 4: hash_mismatch",
    ]
    assert [(c.connected, c.problem) for c in chips] == [
        (True, False),
        (False, False),
        (False, False),
        (False, True),
    ]
    assert chip_views(statuses[1:2], "en", AMSTERDAM)[0].text == (
        "Lokaal Noord: no connection since 14:00, 3 entries still to send"
    )


def test_their_picture_is_headed_with_their_name_and_holds_their_orders_for_us_only(central) -> None:
    room, crisis_id = central
    versions = room.repo.entry_versions(crisis_id)
    (view,) = picture_views([picture("centraal", "noord", versions)], "nl")
    for_noord, for_zuid = (v for v in versions if v.kind.value == "order")
    assert view.title == "Team Centraal"
    assert [(line.number, line.text, line.kind) for line in view.decisions] == [
        ("B-1", "We evacueren gebouw B.", "Besluit")
    ]
    assert [line.number for line in view.orders_for_us] == [for_noord.number] != [for_zuid.number]
    assert [line.number for line in view.info] == ["I-1"]
    assert not view.empty
    (empty,) = picture_views([picture("centraal", "noord", [])], "en")
    assert empty.empty and empty.title == "Team Centraal"


def test_answers_in_controle_follow_the_receiving_teams_log(central, tmp_path) -> None:
    room, crisis_id = central
    noord, noord_id = open_room(tmp_path / "noord")
    own = room.repo.entry_versions(crisis_id)
    before = answers("centraal", own, {"noord": []})
    assert [answer_text(a, "nl") for a in before] == ["Noord: nog geen antwoord", "Zuid: nog geen antwoord"]
    order = next(v for v in own if v.content.owner == owner_for_team("noord"))
    draft = incoming_draft("centraal", order, noord_id, START)
    noord.repo.save_draft(draft)
    accepted = noord.teams.accept(noord_id, draft.draft_id, "logger noord", "facilitair")
    noord.ledger.set_status(noord_id, accepted.entry_id, TaskStatus.IN_PROGRESS, "logger noord")
    after = answers("centraal", own, {"noord": noord.repo.entry_versions(noord_id)})
    assert answer_text(after[0], "nl") == f"Noord: geaccepteerd als {accepted.number}, in uitvoering"
    assert answer_text(after[0], "en") == f"Noord: accepted as {accepted.number}, in progress"
    view = teams_view(True, [], [], after, "nl", AMSTERDAM)
    assert view.answer_of[order.number].startswith("Noord: geaccepteerd")
    assert teams_view(False, [LinkStatus("x", True, START, 0)], [], after, "nl", None) == teams_view(
        False, [], [], [], "nl", None
    )  # not linked: nothing shown at all
    assert owner_label(owner_for_team("lokaal_noord")) == "team Lokaal Noord" and owner_label("hr") is None
    noord.repo.close()


def test_reports_list_other_teams_decisions_as_theirs_only_when_linked(central, tmp_path) -> None:
    room, crisis_id = central
    noord, noord_id = open_room(tmp_path / "noord")
    confirm(noord, noord_id, "besluit we sluiten de parkeerplaats")

    def decisions_md() -> str:
        return export_document(noord.repo, noord_id, "decisions", "md", now=START).data.decode()

    assert "Besluiten van team" not in decisions_md()  # not linked
    data = Path(noord.repo.data_dir)
    link = LinkUrl("127.0.0.1", 7422)
    save_config(
        data,
        TeamsConfig("noord", "brand_b", ("centraal", "noord"), "centraal", link=link, crisis_id=noord_id),
    )
    store = MirrorStore(data, "brand_b", "centraal")
    store.append(room.repo.entry_versions(crisis_id))  # what the link received, chain-checked
    store.close()
    text = decisions_md()
    assert "Besluiten van team Centraal" in text and "We evacueren gebouw B." in text
    assert "niet van ons team" in text
    assert text.index("We sluiten de parkeerplaats") < text.index("Besluiten van team Centraal")
    meeting = export_document(
        noord.repo, noord_id, "meeting", "md", meeting=1, lang="en", now=START
    ).data.decode()
    assert "Decisions of team Centraal" in meeting
    other = export_document(room.repo, crisis_id, "decisions", "md", now=START).data.decode()
    assert "Besluiten van team" not in other  # central's own laptop has no link settings here
    noord.repo.close()
