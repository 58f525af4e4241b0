"""``TeamsService``: the app's one handle on the teams link (start, stop, status, answers).

A worker thread ("teams-sync") does all the work, woken by a room change on the log or every
``POLL_S``: publish our confirmed versions that the own stream lacks (outbox), copy new versions
from the local mirrors into the mirror store (chain-checked), turn orders for us into drafts, and
update each linked team's status. TinyDB is the source of truth and the own stream's last
sequence is the outbox cursor, so a crash, a reboot or a cut link only delays publishing: the
next round resumes at the right position, and ``Nats-Expected-Last-Sequence`` plus ``Nats-Msg-Id``
make a repeat impossible. Local work never waits for the link.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.app.room.events import DraftsDetail, Topic
from assistant.domain.entries import LogEntry
from assistant.domain.errors import NotFound
from assistant.storage.repository import Repository
from assistant.teams.config import TeamsConfig
from assistant.teams.errors import MirrorChainBroken, TeamsError
from assistant.teams.link import JetStreamLink, LinkDown, is_wrong_last_sequence
from assistant.teams.mirror_store import MirrorStore
from assistant.teams.orders import (
    CrossTeamOrder,
    TeamPicture,
    answers,
    incoming_draft,
    incoming_orders,
    picture,
)
from assistant.teams.server import NatsServer, ServerPorts
from assistant.teams.status import LinkStatus

log = logging.getLogger(__name__)
POLL_S = 0.25
BATCH = 200
STALE_MIRROR_S = 10.0  # a mirror silent this long means the path to that team is down
KICK_AFTER_S = 2.0  # a mirror silent this long while the path is up is restarted ...
KICK_EVERY_S = 3.0  # ... at most this often (it re-reads the origin from the start)


class TeamsService:
    """One per app process, for the one crisis linked to the incident."""

    def __init__(
        self,
        config: TeamsConfig,
        repo: Repository,
        data_dir: Path,
        now: Callable[[], datetime],
        room: Any = None,
        ports: ServerPorts | None = None,
    ) -> None:
        if config.crisis_id is None:
            raise TeamsError("no crisis linked to the incident")
        self.config = config
        self.crisis_id = config.crisis_id
        self.repo = repo
        self.room = room
        self.now = now
        self.server = NatsServer(config, data_dir, now(), ports)
        self.stores = {t: MirrorStore(data_dir, config.incident, t) for t in config.others}
        self.link: JetStreamLink | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._status_lock = threading.Lock()
        self._last_contact: dict[str, datetime] = {}
        self._seq_at_contact: dict[str, int] = {}
        self._connected: dict[str, bool] = {}
        self._problems: dict[str, str] = {}
        self._mirror_fresh: dict[str, bool] = {}
        self._kicked: dict[str, float] = {}
        self._leaves: list[str] = []
        self._own_last = 0
        self._unsubscribe: Callable[[], None] | None = None

    # --- life cycle -----------------------------------------------------------------------------------

    def start(self, background: bool = True) -> None:
        """Start the server, connect, make the streams, then (``background``) the worker thread."""
        self.server.start()
        self.link = JetStreamLink(self.config, self.server.client_url)
        self.link.connect()
        self.link.ensure_streams()
        self._check_own_stream()
        for team, store in self.stores.items():
            self._make_order_drafts(team, store.versions())
        if self.room is not None:
            self._unsubscribe = self.room.subscribe(self.on_room_change)
            self.room.teams.attach(self)  # screens reach us through the gateway-checked room.teams
        if background:
            self._thread = threading.Thread(target=self._run, name="teams-sync", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._unsubscribe:
            self._unsubscribe()
        if self.room is not None:
            self.room.teams.attach(None)
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self.link is not None:
            self.link.close()
        self.server.stop()
        for store in self.stores.values():
            store.close()

    def on_room_change(self, change: Any) -> None:
        """Room subscriber: a new confirmed version wakes the outbox (cheap, any thread)."""
        if getattr(change, "topic", None) == "log" and getattr(change, "crisis_id", None) == self.crisis_id:
            self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.sync_once()
            except (LinkDown, TeamsError) as exc:
                log.info("teams sync postponed: %s", exc)
            self._wake.wait(POLL_S)
            self._wake.clear()

    # --- one round --------------------------------------------------------------------------------------

    def sync_once(self) -> int:
        """Publish, pull, make drafts, update status. Returns how many versions moved."""
        moved = self.publish_pending()
        self._leaves = self._leaf_names() or []
        for team in self.config.others:
            moved += self._pull(team)
        self._update_status()
        return moved

    def _path_up(self, team: str) -> bool:
        """Is our side of the path to ``team`` up? (hub: its leaf is attached; local: we reach the hub)"""
        return team in self._leaves if self.config.is_hub else bool(self._leaves)

    def _kick_if_stuck(self, team: str, active_s: float | None) -> None:
        """A mirror that failed while the link was down retries only after a long back-off
        (the issue's ~39 s for 40 entries): restart it as soon as the path is back."""
        assert self.link is not None
        stuck = active_s is None or active_s > KICK_AFTER_S
        if not (stuck and self._path_up(team)):
            return
        last = self._kicked.get(team)
        if last is not None and time.monotonic() - last < KICK_EVERY_S:
            return
        self._kicked[team] = time.monotonic()
        log.info("restarting the mirror of %s (silent %s s)", team, active_s)
        self.link.restart_mirror(team)

    def _check_own_stream(self) -> None:
        """Our stream must be a prefix of our log: anything else is a fork and stops the outbox."""
        assert self.link is not None
        last = self.link.own_last_seq()
        versions = self.repo.entry_versions(self.crisis_id)
        if last > len(versions) or (last and self.link.own_entry(last).hash != versions[last - 1].hash):
            raise TeamsError(f"own stream ({last}) does not match the log ({len(versions)} versions)")
        self._own_last = last

    def publish_pending(self) -> int:
        """The outbox: every confirmed version the own stream lacks, in order."""
        assert self.link is not None
        versions = self.repo.entry_versions(self.crisis_id)
        last = self.link.own_last_seq()
        sent = 0
        for version in versions[last:]:
            try:
                self._own_last = self.link.publish(version)
            except LinkDown as exc:
                if is_wrong_last_sequence(exc):
                    break  # someone else's view of the position: re-read next round
                raise
            sent += 1
        self._own_last = max(self._own_last, last)
        return sent

    def _pull(self, team: str) -> int:
        assert self.link is not None
        store = self.stores[team]
        state = self.link.mirror_state(team)
        self._observe_mirror(team, state.active_s)
        self._kick_if_stuck(team, state.active_s)
        if state.last_seq <= store.count:
            return 0
        batch = self.link.mirror_entries(team, store.count + 1, min(state.last_seq, store.count + BATCH))
        try:
            store.append(batch)
        except MirrorChainBroken as exc:
            self._problems[team] = exc.detail
            log.warning("refused mirrored records of %s: %s", team, exc.detail)
            return 0
        self._make_order_drafts(team, batch)
        if self.room is not None:
            self.room.publish(self.crisis_id, Topic.TEAMS, team)
        return len(batch)

    def _make_order_drafts(self, sender: str, versions: list[LogEntry]) -> None:
        for order in incoming_orders(sender, versions, self.config.team):
            draft = incoming_draft(sender, order, self.crisis_id, self.now())
            try:
                self.repo.get_draft(self.crisis_id, draft.draft_id)
                continue  # made before (a restart re-reads the mirror)
            except NotFound:
                self.repo.save_draft(draft)
            if self.room is not None:
                self.room.publish(self.crisis_id, Topic.DRAFTS, DraftsDetail.FROM_TEAM)

    # --- link status ----------------------------------------------------------------------------------

    def _leaf_names(self) -> list[str] | None:
        """Names of the servers on our leaf links right now (None: monitor not answering)."""
        try:
            with urllib.request.urlopen(self.server.monitor_url + "/leafz", timeout=2) as reply:
                data = json.loads(reply.read())
        except (urllib.error.URLError, OSError, ValueError) as exc:
            log.info("leafz: %s", exc)
            return None
        return [str(leaf.get("name", "")) for leaf in data.get("leafs") or []]

    def _observe_mirror(self, team: str, active_s: float | None) -> None:
        with self._status_lock:
            self._mirror_fresh[team] = active_s is not None and active_s < STALE_MIRROR_S

    def _update_status(self) -> None:
        leaves = self._leaves
        now = self.now()
        before = self.link_status()
        with self._status_lock:
            fresh = self._mirror_fresh
            for team in self.config.others:
                if self.config.is_hub:
                    up = team in leaves
                elif team == self.config.hub:
                    up = bool(leaves)
                else:  # another local team, reached through the hub
                    up = bool(leaves) and fresh.get(team, False)
                self._connected[team] = up
                if up:
                    self._last_contact[team] = now
                    self._seq_at_contact[team] = self._own_last
        if self.room is not None and _chips_changed(before, self.link_status()):
            self.room.publish(self.crisis_id, Topic.TEAMS, "link")  # the chips redraw at once

    def link_status(self) -> list[LinkStatus]:
        """One chip per linked team (safe from any thread; never touches the network)."""
        with self._status_lock:
            return [
                LinkStatus(
                    team,
                    self._connected.get(team, False),
                    self._last_contact.get(team),
                    0 if self._connected.get(team) else self._own_last - self._seq_at_contact.get(team, 0),
                    self._problems.get(team),
                )
                for team in self.config.others
            ]

    # --- what screens read -------------------------------------------------------------------------

    def mirrored(self, team: str) -> list[LogEntry]:
        return self.stores[team].versions()

    def cross_team_orders(self) -> list[CrossTeamOrder]:
        own = self.repo.entry_versions(self.crisis_id)
        return answers(self.config.team, own, {t: s.versions() for t, s in self.stores.items()})

    def pictures(self) -> list[TeamPicture]:
        return [picture(t, self.config.team, s.versions()) for t, s in self.stores.items()]

    # --- answering an order from another team (the room's gateway-checked area does it) --------------

    @property
    def others(self) -> tuple[str, ...]:
        return self.config.others

    def accept(self, draft_id: str, by: str, owner: str | None = None) -> LogEntry:
        """Accept: the draft becomes an order in our own log (``ref`` = sender/number)."""
        return self.room.teams.accept(self.crisis_id, draft_id, by, owner)

    def decline(self, draft_id: str, by: str, reason: str) -> LogEntry:
        """Decline: recorded as our order with status *vervallen* and the reason (an answer, in our log)."""
        return self.room.teams.decline(self.crisis_id, draft_id, by, reason)


def _chips_changed(before: list[LinkStatus], after: list[LinkStatus]) -> bool:
    """Connected or not, and whether anything waits: what a chip shows (not the contact time itself)."""
    def shown(statuses: list[LinkStatus]) -> list[tuple[bool, int, str | None]]:
        return [(s.connected, s.pending, s.problem) for s in statuses]

    return shown(before) != shown(after)
