"""The room tests' shared fixtures: a real TinyDB data folder, a ``Room`` on it with the test clock,
and a crisis (test_room.py, test_room_messages.py, test_room_evidence.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.app.room import Room
from assistant.domain.meeting import Crisis
from assistant.storage.tinydb_repo import TinyDBRepository
from tests.support.clock import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[TinyDBRepository]:
    repo = TinyDBRepository(tmp_path / "data")
    yield repo
    repo.close()


@pytest.fixture
def room(repo: TinyDBRepository, clock: Clock) -> Room:
    return Room(repo, now=clock)


@pytest.fixture
def crisis(room: Room) -> Crisis:
    return room.setup.create("Brand gebouw B", "Universiteit Oost")
