"""The export tests' crisis: scenario data (``crisis_scenario.toml``) played through the real Room.

Two finished meetings and a third one planned; decisions with reasons (one edited, one revoked),
orders and actions in every status (one overdue), information with reliabilities, speech origins
with transcripts, and user text with "<b>", "&" and Dutch characters ("coördinator", "geïnformeerd").
Like the demo, every version is written by the room's ledger, never built here.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from assistant.app.room import Room
from assistant.demo.scenario import load_scenario, play_scenario
from assistant.domain.entries import EntryContent, EntryEdit, LogEntry
from assistant.domain.meeting import Crisis
from assistant.storage.repository import Repository

SCENARIO = Path(__file__).with_name("crisis_scenario.toml")
CET = timezone(timedelta(hours=1))
T0 = datetime(2025, 3, 14, 8, 40, tzinfo=CET)
NOW = datetime(2025, 3, 14, 12, 15, tzinfo=CET)
CRISIS_ID = "c-brand-lab"
CRISIS_NAME = "Brand laboratorium Zilverling"

DECISION_TEXTS = [
    "Gebouw Zilverling blijft ontruimd tot de brandweer het vrijgeeft",
    "Onderwijs in de Zilverling vervalt vandaag; studenten wijken uit naar de Horst",
    "Persconferentie om 14:00 in de Waaier",
]


def build_test_crisis(repo: Repository) -> Crisis:
    """Play the test crisis into ``repo`` (a real repository) and return it."""
    return play_scenario(repo, load_scenario(SCENARIO))


def log_typed(repo: Repository, content: EntryContent, at: datetime = NOW) -> LogEntry:
    """The logger types a line and confirms its draft as ``content`` (every field, as corrected in the
    form): how a test adds an entry with text of its own, through the same room calls as the app."""
    room = Room(repo, now=lambda: at)
    draft = room.intake.add_typed(CRISIS_ID, content.text)[0]
    return room.intake.confirm_draft(CRISIS_ID, draft.draft_id, "logger", EntryEdit.replacing(content))
