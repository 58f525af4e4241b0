"""A follow-up meeting on the chair's tablet, end to end (one app per module, data seeded first).

Meeting 1 left an overdue order and an open action; meeting 2 runs and is at Controle. The chair
sets statuses with the quick buttons (status entries in the log), gives a delayed action a new
deadline, informs a stakeholder, keeps an own log line, survives an app crash without losing the
clock, and closes the meeting with the next meeting time logged.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from harness import button, click, fill, goto, is_checked, text_of, wait_text, wait_until

from assistant.domain.clock import MeetingClock
from assistant.domain.entries import EntryEdit, EntryKind

pytestmark = pytest.mark.e2e

TZ = ZoneInfo("Europe/Amsterdam")
REMAINING = re.compile(r"^Resterende tijd ")


def seconds(label: str) -> int:
    match = re.search(r"(-?)(\d+):(\d\d)", label)
    assert match, label
    value = int(match.group(2)) * 60 + int(match.group(3))
    return -value if match.group(1) else value


class Followup:
    app: Any = None
    data_dir: Path | None = None
    crisis_id: str = ""
    context: Any = None
    page: Any = None


@pytest.fixture(scope="module")
def followup(module_app_factory, browser, seed, tmp_path_factory):
    f = Followup()
    f.data_dir = tmp_path_factory.mktemp("followup") / "data"
    now = datetime.now(TZ)
    with seed(f.data_dir, parser=lambda *a, **k: []) as room:
        crisis = room.setup.create("Cyberaanval", "Hogeschool Zuid")
        cid = f.crisis_id = crisis.crisis_id
        first = room.meetings.plan(cid, template_name="acuut20")
        room.meetings.clock_action(cid, first.number, "start")
        late = (now - timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M")
        later = (now + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
        order = room.intake.add_typed(cid, "ICT isoleert het netwerk van gebouw C")[0]
        room.intake.confirm_draft(
            cid, order.draft_id, "logger", edit=EntryEdit.of(kind="order", owner="ict", deadline=late)
        )
        action = room.intake.add_typed(cid, "Communicatie stelt een bericht aan studenten op")[0]
        room.intake.confirm_draft(
            cid,
            action.draft_id,
            "logger",
            edit=EntryEdit.of(kind="action", owner="communicatie", deadline=later),
        )
        decision = room.intake.add_typed(cid, "Besluit: alle systemen van gebouw C gaan offline")[0]
        room.intake.confirm_draft(cid, decision.draft_id, "logger", edit=EntryEdit.of(kind="decision"))
        room.meetings.end(cid, first.number, now)
        second = room.meetings.plan(cid, now, "vervolg30")
        room.meetings.clock_action(cid, second.number, "start")
        room.meetings.clock_action(cid, second.number, "next")  # Controle comes first in a follow-up meeting
    f.app = module_app_factory(data_dir=f.data_dir)
    f.context = browser.context()
    f.page = f.context.new_page()
    goto(f.page, f.app.url + "/voorzitter")
    yield f
    f.context.close()


def entries(read_repo, data_dir: Path, crisis_id: str) -> list[Any]:
    with read_repo(data_dir) as repo:
        return repo.entry_versions(crisis_id)


def test_controle_lists_open_orders_overdue_first(followup):
    page = followup.page
    wait_text(page, "Huidig agendapunt: Controle: openstaande opdrachten en acties")
    wait_text(page, "Controle: openstaande opdrachten en acties")
    for name in ("O-1 Gereed", "O-1 Loopt nog", "O-1 Vertraagd", "O-1 Vervallen", "A-1 Gereed"):
        button(page, name).wait_for()
    overdue = page.get_by_role("button", name=re.compile(r"^(O|A)-1 Gereed$"))
    assert overdue.count() == 2
    # the overdue order is listed above the action that is not yet due
    o_box, a_box = button(page, "O-1 Gereed").bounding_box(), button(page, "A-1 Gereed").bounding_box()
    assert o_box["y"] < a_box["y"]


def test_quick_status_buttons_write_status_entries(followup, read_repo):
    page = followup.page
    click(page, "O-1 Gereed")
    wait_text(page, "Status vastgelegd: gereed")
    wait_until(lambda: button(page, "O-1 Gereed").count() == 0, message="closed order still listed")
    versions = entries(read_repo, followup.data_dir, followup.crisis_id)
    status = [v for v in versions if v.kind is EntryKind.STATUS]
    assert [s.content.ref for s in status] == ["O-1"]
    order = [v for v in versions if v.number == "O-1"][-1]
    assert order.status.value == "done" and order.version == 2


def test_delayed_action_gets_a_new_deadline(followup, read_repo):
    page = followup.page
    click(page, "A-1 Vertraagd")
    wait_text(page, "A-1 vertraagd")
    new = (datetime.now(TZ) + timedelta(hours=3)).strftime("%H:%M")
    fill(page, "Nieuwe deadline (uu:mm)", new)
    click(page, "Deadline opslaan")
    wait_text(page, re.compile(rf"deadline {new}"))
    action = [v for v in entries(read_repo, followup.data_dir, followup.crisis_id) if v.number == "A-1"][-1]
    assert action.content.deadline.endswith(f"T{new}")
    assert action.status.value == "in_progress"


def test_stakeholder_informed_and_own_log(followup):
    page = followup.page
    click(page, "Stakeholders")
    click(page, "Gemeente (burgemeester) geïnformeerd")
    wait_text(page, re.compile(r"laatst \d\d:\d\d door voorzitter"))
    click(page, "Eigen log")
    fill(page, "Nieuw item eigen logboek", "Burgemeester terugbellen om 14:00")
    click(page, "Toevoegen")
    name = re.compile(r"^Taak: Burgemeester terugbellen om 14:00")
    page.get_by_role("checkbox", name=name).first.wait_for(state="attached")
    # the stakeholder contact is in the own log as well, already checked
    assert is_checked(page, re.compile(r"^Contact: Gemeente \(burgemeester\) geïnformeerd"))
    click(page, name, role="checkbox", exact=False)
    wait_until(lambda: is_checked(page, name), message="own log item not checked")
    click(page, "Uitdagingen")
    wait_text(page, re.compile(r"^Loslaten: operationele beslissingen"))
    click(page, "Sluiten")
    click(page, "Fase")


def test_a_crash_loses_nothing_and_the_clock_runs_from_the_stored_start(
    followup, module_app_factory, read_repo
):
    page = followup.page
    click(page, "Volgend agendapunt")  # to Beeldvorming
    wait_text(page, "Huidig agendapunt: Beeldvorming")
    followup.app.kill()  # SIGKILL: no clean shutdown
    followup.app = module_app_factory(data_dir=followup.data_dir)
    with read_repo(followup.data_dir) as repo:
        meeting = repo.get_meeting(followup.crisis_id, 2)
    page2 = followup.context.new_page()
    goto(page2, followup.app.url + "/voorzitter")
    wait_text(page2, "Huidig agendapunt: Beeldvorming", timeout=15_000)
    shown = seconds(text_of(page2, REMAINING))
    expected = MeetingClock(meeting.agenda, meeting.clock).snapshot(datetime.now(TZ)).remaining
    assert abs(shown - expected) <= 2, (shown, expected)
    followup.page.close()
    followup.page = page2


def test_close_meeting_asks_the_next_time_and_logs_it(followup, read_repo):
    page = followup.page
    click(page, "Overleg sluiten")
    wait_text(page, "Overleg 2 sluiten")
    field = page.get_by_role("textbox", name="Volgend overleg om (uu:mm)")
    field.wait_for(state="attached")
    proposed = field.input_value()
    assert re.fullmatch(r"\d\d:\d\d", proposed), proposed
    click(page, "Sluiten en vastleggen")
    wait_text(page, re.compile(r"^Overleg 2 is gesloten\. Volgend overleg: "))
    button(page, "Volgend overleg voorbereiden").wait_for()
    process = [
        v for v in entries(read_repo, followup.data_dir, followup.crisis_id) if v.kind is EntryKind.PROCESS
    ]
    assert process[-1].content.text.endswith(f"om {proposed}.")
