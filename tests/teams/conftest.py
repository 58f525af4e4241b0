"""Sites for the teams tests: each one a real data folder, TinyDB repository, Room and nats-server.

Sites run their sync rounds from the test (``converge``), not from background threads, so every
step is deterministic; only the servers' own replication is waited for, with a bounded deadline.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from assistant.app.room import ClockAction, Room
from assistant.domain.entries import EntryEdit, LogEntry
from assistant.storage.tinydb_repo import TinyDBRepository
from assistant.teams.config import TEAMS_DIR, LinkUrl, TeamsConfig
from assistant.teams.link import LinkDown
from assistant.teams.server import ServerPorts, free_port
from assistant.teams.service import TeamsService

START = datetime(2026, 3, 14, 13, 0, tzinfo=UTC)


@dataclass
class Clock:
    """Time passed in: tests move it, nothing reads the wall clock."""

    at: datetime = START

    def __call__(self) -> datetime:
        return self.at

    def advance(self, minutes: float) -> None:
        self.at += timedelta(minutes=minutes)


@dataclass
class Site:
    team: str
    config: TeamsConfig
    data_dir: Path
    clock: Clock
    ports: ServerPorts = field(default_factory=ServerPorts)
    repo: TinyDBRepository | None = None
    room: Room | None = None
    service: TeamsService | None = None

    @property
    def crisis_id(self) -> str:
        assert self.config.crisis_id
        return self.config.crisis_id

    def open(self) -> None:
        """Open the data folder and start the service (also after a reboot)."""
        self.repo = TinyDBRepository(self.data_dir)
        self.room = Room(self.repo, now=self.clock)
        if self.config.crisis_id is None:
            crisis = self.room.setup.create(f"Brand ({self.team})", "Gemeente")
            self.room.meetings.plan(crisis.crisis_id)
            self.room.meetings.clock_action(crisis.crisis_id, 1, ClockAction.START)
            self.config = TeamsConfig(**{**self.config.__dict__, "crisis_id": crisis.crisis_id})
        self.service = TeamsService(self.config, self.repo, self.data_dir, self.clock, self.room, self.ports)
        self.service.start(background=False)

    def close(self, crash: bool = False) -> None:
        assert self.service and self.repo
        if crash:
            self.service.server.kill()
        self.service.stop()
        self.repo.close()

    def confirm(self, text: str, **edits: object) -> LogEntry:
        """Type a line and confirm its first draft (the logger's flow)."""
        assert self.room
        draft = self.room.intake.add_typed(self.crisis_id, text)[0]
        return self.room.intake.confirm_draft(self.crisis_id, draft.draft_id, f"logger {self.team}", EntryEdit(edits))

    def own(self) -> list[LogEntry]:
        assert self.repo
        return self.repo.entry_versions(self.crisis_id)

    def mirrored(self, team: str) -> list[LogEntry]:
        assert self.service
        return self.service.mirrored(team)


def open_room(path: Path, now: Callable[[], datetime] = lambda: START) -> tuple[Room, str]:
    """A real room on its own data folder with one crisis whose first meeting runs (no link)."""
    room = Room(TinyDBRepository(path), now=now)
    crisis = room.setup.create("Brand gebouw B", "Gemeente")
    room.meetings.plan(crisis.crisis_id)
    room.meetings.clock_action(crisis.crisis_id, 1, ClockAction.START)
    return room, crisis.crisis_id


def converge(sites: list[Site], done: Callable[[], bool], timeout: float = 30.0) -> float:
    """Run sync rounds on every site until ``done()``; returns seconds taken, fails at ``timeout``."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        for site in sites:
            assert site.service
            try:
                site.service.sync_once()
            except LinkDown:
                pass  # a server restarting: the next round retries
        if done():
            return time.monotonic() - start
        time.sleep(0.05)  # waiting for another process (the servers' replication), not a timing test
    counts = {s.team: {o.team: len(s.mirrored(o.team)) for o in sites if o is not s} for s in sites}
    own = {s.team: len(s.own()) for s in sites}
    raise AssertionError(f"sites did not converge within {timeout} s: own {own}, mirrored {counts}")


def in_sync(sites: list[Site]) -> bool:
    """Every site holds every other site's log, version for version, hash for hash."""
    for site in sites:
        for other in sites:
            if other is site:
                continue
            if [v.hash for v in site.mirrored(other.team)] != [v.hash for v in other.own()]:
                return False
    return True


def open_sites(root: Path, *teams: str) -> list[Site]:
    """Sites for ``teams`` under ``root`` (the first is the hub), started and linked on loopback."""
    clock = Clock()
    leaf_port = free_port()
    hub = TeamsConfig(
        teams[0], "brand_b", tuple(teams), teams[0], leaf_listen=LinkUrl("127.0.0.1", leaf_port)
    ).with_generated_secrets()
    sites = [Site(teams[0], hub, root / teams[0], clock)]
    sites[0].open()
    for team in teams[1:]:
        data_dir = root / team
        (data_dir / TEAMS_DIR).mkdir(parents=True)
        assert sites[0].service
        shutil.copy(sites[0].service.server.tls.ca_cert, data_dir / TEAMS_DIR / "ca.pem")
        config = TeamsConfig(
            team,
            "brand_b",
            tuple(teams),
            teams[0],
            link=LinkUrl("127.0.0.1", leaf_port),
            secrets={team: hub.secret(team)},
        )
        site = Site(team, config, data_dir, clock)
        site.open()
        sites.append(site)
    return sites


@pytest.fixture
def make_sites(tmp_path: Path) -> Iterator[Callable[..., list[Site]]]:
    """``make_sites("centraal", "noord", ...)``: the first is the hub; all started and linked."""
    opened: list[Site] = []

    def make(*teams: str) -> list[Site]:
        sites = open_sites(tmp_path, *teams)
        opened.extend(sites)
        return sites

    yield make
    for site in opened:
        if site.service is not None and site.service.server.process is not None:
            site.close()
