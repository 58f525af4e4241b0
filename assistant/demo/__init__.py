"""The demo crisis: scenario data (``scenario.toml``) played through the real room.

``build_demo_crisis(repo, now)`` is reused by tests and exports; times are relative to ``now``
(the third meeting started 12 minutes before ``now``, which must be aware or is read as
Europe/Amsterdam time).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from assistant.demo.scenario import load_scenario, play_scenario
from assistant.domain.meeting import Crisis
from assistant.storage.repository import Repository

DEMO_SCENARIO = Path(__file__).with_name("scenario.toml")
TIMEZONE = "Europe/Amsterdam"
CRISIS_NAME = "Brand in gebouw B"
ORGANISATION = "Universiteit Hoogland"


def build_demo_crisis(repo: Repository, now: datetime, crisis_id: str | None = None) -> Crisis:
    """Play the demo crisis into ``repo`` (the crisis becomes the active one) and return it."""
    return play_scenario(repo, load_scenario(DEMO_SCENARIO), now, crisis_id=crisis_id or _demo_id())


def _demo_id() -> str:
    import uuid

    return f"demo-{uuid.uuid4().hex[:8]}"
