"""The JetStream client on its own thread and asyncio loop (never Flet's loop).

``JetStreamLink`` offers blocking methods to the teams worker thread; each one runs a coroutine on
the link's private loop and waits for it with a timeout, so a slow or dead server delays the
worker, never the UI. It only talks to the team's own local server (loopback); everything that
crosses sites goes through that server's leaf link and mirrors.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections.abc import Coroutine
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, TypeVar

import nats
from nats.errors import Error as NatsError
from nats.js.api import ExternalStream, StorageType, StreamConfig, StreamSource
from nats.js.errors import APIError, BadRequestError, NotFoundError

from assistant.domain.entries import LogEntry
from assistant.teams.config import TeamsConfig, log_subject, mirror_name, stream_name
from assistant.teams.errors import TeamsError

T = TypeVar("T")
CALL_TIMEOUT_S = 5.0
# Mirrors and own streams are kept forever: evidence, nothing expires, nothing can be removed.
DUPLICATE_WINDOW_S = 24 * 3600


class LinkDown(TeamsError):
    """The local server did not answer in time (it restarts, or is busy): retry later."""

    code = "teams_link_down"


@dataclass(frozen=True)
class MirrorState:
    """What the local mirror of another team holds and when it last heard from its origin."""

    last_seq: int
    active_s: float | None  # seconds since the mirror last heard from the origin; None: never


def msg_id(config: TeamsConfig, entry: LogEntry) -> str:
    """Idempotent retries: the same version always gets the same id."""
    return f"{config.team}.{config.incident}.{entry.seq}.{entry.hash[:16]}"


class JetStreamLink:
    """Blocking facade over nats-py for one team's local server."""

    def __init__(self, config: TeamsConfig, url: str) -> None:
        self.config = config
        self.url = url
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="teams-nats", daemon=True)
        self._thread.start()
        self._nc: Any = None
        self._js: Any = None

    def _call(self, coro: Coroutine[Any, Any, T], timeout: float = CALL_TIMEOUT_S) -> T:
        future = asyncio.run_coroutine_threadsafe(coro, self._loop)
        try:
            return future.result(timeout)
        except (TimeoutError, FutureTimeout, NatsError) as exc:
            future.cancel()
            raise LinkDown(f"local nats-server: {type(exc).__name__} {exc}") from exc

    # --- connection ---------------------------------------------------------------------------------

    def connect(self) -> None:
        self._call(self._connect(), timeout=10.0)

    async def _connect(self) -> None:
        self._nc = await nats.connect(
            self.url,
            max_reconnect_attempts=-1,
            reconnect_time_wait=0.2,
            connect_timeout=2,
            name="cmt-assistant",
        )
        self._js = self._nc.jetstream(timeout=CALL_TIMEOUT_S)

    def close(self) -> None:
        if self._nc is not None:
            with contextlib.suppress(LinkDown):  # closing a dead connection: nothing left to flush
                self._call(self._nc.close(), timeout=3.0)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=3)

    # --- streams ------------------------------------------------------------------------------------

    def ensure_streams(self) -> None:
        """Own append-only stream and a read-only mirror of every other team (idempotent)."""
        self._call(self._ensure_streams(), timeout=15.0)

    async def _ensure_streams(self) -> None:
        cfg = self.config
        own = StreamConfig(
            name=stream_name(cfg.team, cfg.incident),
            subjects=[log_subject(cfg.team, cfg.incident)],
            storage=StorageType.FILE,
            deny_delete=True,
            deny_purge=True,
            allow_rollup_hdrs=False,
            duplicate_window=DUPLICATE_WINDOW_S,
        )
        await self._add_or_keep(own)
        for other in cfg.others:
            mirror = StreamConfig(
                name=mirror_name(other, cfg.incident),
                storage=StorageType.FILE,
                deny_delete=True,
                deny_purge=True,
                mirror=StreamSource(
                    name=stream_name(other, cfg.incident), external=ExternalStream(api=f"$JS.{other}.API")
                ),
            )
            await self._add_or_keep(mirror)

    async def _add_or_keep(self, config: StreamConfig) -> None:
        try:
            await self._js.stream_info(config.name)
        except NotFoundError:
            await self._js.add_stream(config)

    def restart_mirror(self, team: str) -> None:
        """Recreate a stuck mirror (it backs off for a long time after failing while the path was
        down). Safe: the mirror is a cache of the origin's stream; our record is the mirror store."""
        self._call(self._restart_mirror(team), timeout=15.0)

    async def _restart_mirror(self, team: str) -> None:
        name = mirror_name(team, self.config.incident)
        info = await self._js.stream_info(name)
        await self._js.delete_stream(name)
        await self._js.add_stream(info.config)

    def own_last_seq(self) -> int:
        return self._call(self._last_seq(stream_name(self.config.team, self.config.incident)))

    async def _last_seq(self, name: str) -> int:
        info = await self._js.stream_info(name)
        return int(info.state.last_seq or 0)

    def publish(self, entry: LogEntry) -> int:
        """Publish one confirmed version at exactly its position; returns the stream sequence.

        ``Nats-Expected-Last-Sequence`` = ``entry.seq`` refuses anything that would fork or skip;
        ``Nats-Msg-Id`` makes a retry after a lost acknowledgement a no-op.
        """
        return self._call(self._publish(entry))

    async def _publish(self, entry: LogEntry) -> int:
        payload = json.dumps(entry.to_dict(), ensure_ascii=False, sort_keys=True).encode("utf-8")
        headers = {"Nats-Msg-Id": msg_id(self.config, entry), "Nats-Expected-Last-Sequence": str(entry.seq)}
        ack = await self._js.publish(
            log_subject(self.config.team, self.config.incident), payload, headers=headers
        )
        return int(ack.seq)

    def own_entry(self, seq: int) -> LogEntry:
        """The version stored at stream position ``seq`` (1-based) of our own stream."""
        return self._call(self._entry(stream_name(self.config.team, self.config.incident), seq))

    def mirror_state(self, team: str) -> MirrorState:
        return self._call(self._mirror_state(team))

    async def _mirror_state(self, team: str) -> MirrorState:
        info = await self._js.stream_info(mirror_name(team, self.config.incident))
        active = info.mirror.active if info.mirror is not None else None
        active_s = None if active is None or active < 0 else active / 1e9
        return MirrorState(int(info.state.last_seq or 0), active_s)

    def mirror_entries(self, team: str, first: int, last: int) -> list[LogEntry]:
        """Versions at mirror positions ``first..last`` (1-based, inclusive)."""
        return self._call(self._entries(mirror_name(team, self.config.incident), first, last), timeout=30.0)

    async def _entries(self, stream: str, first: int, last: int) -> list[LogEntry]:
        return [await self._entry(stream, seq) for seq in range(first, last + 1)]

    async def _entry(self, stream: str, seq: int) -> LogEntry:
        msg = await self._js.get_msg(stream, seq)
        return LogEntry.from_dict(json.loads(msg.data))


def is_wrong_last_sequence(exc: BaseException) -> bool:
    """JetStream's refusal of a publish at the wrong position (error code 10071)."""
    cause = exc.__cause__ if isinstance(exc, LinkDown) else exc
    return isinstance(cause, APIError | BadRequestError) and getattr(cause, "err_code", None) == 10071
