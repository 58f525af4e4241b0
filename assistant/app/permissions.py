"""Who may do what: capabilities per role, the calling device's identity, and the gateway.

Why this exists: a device on the room network does not have to run our browser code. It can speak
Flet's websocket protocol directly, forge a ``route_change`` or fire events for controls of a screen
it should not have. So the UI deciding what to *show* is not a protection; the server must decide,
per call, whether the calling device may *do* it. That decision lives here, on the server side of
every screen:

* ``Actor``: the identity of one device's session (role, person, device name, device id, address),
  built by the server from the device's verified join token, never from what the browser says.
* ``CAPABILITIES``: one table, role → capabilities (host = the browser on the machine running the
  app; chair; logger; member; wall = read-only).
* ``ROOM_TABLE`` and friends: every method of a service mapped to the capability it needs. A
  ``Gateway`` wraps a service for one actor; anything not in its table is refused (fail closed), so
  a new ``Room`` method is unusable from a screen until someone decides who may call it.
* ``Gateway`` stamps ``by`` from the actor (role + person + device): the browser cannot choose it.
* ``SessionGrant``: the revocable link between a session and the gate; revoking a device or rotating
  the codes ends the grant, and every later call through the gateway is refused at once.
* ``AccessLog``: every refusal (and every failed join) is recorded; the host reads it on
  ``/apparaten``.
"""

from __future__ import annotations

import functools
import inspect
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from assistant.app.access_log import AccessLog, Refusal  # noqa: F401 - re-exported for callers
from assistant.app.memory_reads import NotInMemory, memory_only_active
from assistant.domain.errors import AssistantError

log = logging.getLogger(__name__)

# --- roles ------------------------------------------------------------------------------------------

ROLE_HOST = "host"
ROLE_CHAIR = "voorzitter"
ROLE_LOGGER = "logger"
ROLE_MEMBER = "lid"
ROLE_WALL = "wand"
ROLE_MESSAGES = "berichtenmanager"
#: Roles a device joining over the network may take (the host is never chosen, it is detected).
EDIT_DEVICE_ROLES = (ROLE_CHAIR, ROLE_LOGGER, ROLE_MESSAGES, ROLE_MEMBER)
DEVICE_ROLES = (*EDIT_DEVICE_ROLES, ROLE_WALL)

# --- capabilities -----------------------------------------------------------------------------------

READ = "read"  # see the log, drafts, meeting, roster
READ_SETTINGS = "read_settings"  # settings hold the join codes and the secret: host only
CLOCK = "clock"  # run the meeting: clock, ticks, reflection, closing a meeting
PLAN = "plan"  # agenda, attendance, roster, next meeting
DRAFTS = "drafts"  # typed entries, drafts: confirm, edit, reject
LOG_EDIT = "log_edit"  # new versions of confirmed entries, status changes
INDIVIDUAL = "individual"  # the chair's individual log
STAKEHOLDERS = "stakeholders"
EXPORT = "export"  # documents (handover, decisions, actions, meeting, log, individual)
BACKUP = "backup"  # the whole data folder: host only
CRISIS_ADMIN = "crisis_admin"  # create, switch, change a crisis: host only
SETTINGS = "settings"  # app settings: host only
SPEECH_CONTROL = "speech_control"  # start/stop listening
SPEECH_SETTINGS = "speech_settings"  # device, model path, audio retention: host only
SPEECH_INPUT = "speech_input"  # feed utterances (the speech service itself, host only from screens)
DEVICES = "devices"  # /apparaten: codes, rotation, revoke: host only
TEST_CLOCK = "test_clock"  # move the app's clock (test hooks): host only
READ_MESSAGES = "read_messages"  # message content (the wall never sees it)
MESSAGES = "messages"  # register, edit, route and close messages

ALL_CAPABILITIES = frozenset(
    {
        READ,
        READ_SETTINGS,
        CLOCK,
        PLAN,
        DRAFTS,
        LOG_EDIT,
        INDIVIDUAL,
        STAKEHOLDERS,
        EXPORT,
        BACKUP,
        CRISIS_ADMIN,
        SETTINGS,
        SPEECH_CONTROL,
        SPEECH_SETTINGS,
        SPEECH_INPUT,
        DEVICES,
        TEST_CLOCK,
        READ_MESSAGES,
        MESSAGES,
    }
)

#: The one table: what each role may do. Anything not listed is refused.
CAPABILITIES: Mapping[str, frozenset[str]] = {
    ROLE_HOST: ALL_CAPABILITIES,
    ROLE_CHAIR: frozenset(
        {READ, CLOCK, PLAN, DRAFTS, LOG_EDIT, INDIVIDUAL, STAKEHOLDERS, EXPORT, SPEECH_CONTROL, READ_MESSAGES,
         MESSAGES}
    ),
    ROLE_LOGGER: frozenset({READ, DRAFTS, LOG_EDIT, EXPORT, SPEECH_CONTROL, READ_MESSAGES}),
    # registers messages; cannot confirm log entries (no DRAFTS), cannot run the meeting
    ROLE_MESSAGES: frozenset({READ, READ_MESSAGES, MESSAGES, EXPORT}),
    ROLE_MEMBER: frozenset({READ, EXPORT}),
    ROLE_WALL: frozenset({READ}),
}

#: Every public method of ``Room`` and of its areas (``room.ledger`` → ``"ledger.set_status"``) → the
#: capability it needs. A test asserts that every public method is here or in ``ROOM_INTERNAL``; the
#: gateway refuses anything that is not here (fail closed).
ROOM_TABLE: Mapping[str, str] = {
    # the room itself
    "now": READ,
    "subscribe": READ,
    "publish": SPEECH_INPUT,
    "shift_time": TEST_CLOCK,
    # room.setup: crises and settings
    "setup.all": READ,
    "setup.get": READ,
    "setup.active_id": READ,
    "setup.damaged_parts": READ,
    "setup.settings": READ_SETTINGS,
    "setup.create": CRISIS_ADMIN,
    "setup.select": CRISIS_ADMIN,
    "setup.update": CRISIS_ADMIN,
    "setup.update_roster": PLAN,
    "setup.update_settings": SETTINGS,
    # room.meetings: planning and running the meeting
    "meetings.all": READ,
    "meetings.current": READ,
    "meetings.current_phase": READ,
    "meetings.default_next": READ,
    "meetings.next_meeting_at": READ,
    "meetings.reflection_due": READ,
    "meetings.snapshot": READ,
    "meetings.clock_action": CLOCK,
    "meetings.tick": CLOCK,
    "meetings.mark_reflection": CLOCK,
    "meetings.end": CLOCK,
    "meetings.plan": PLAN,
    "meetings.update_agenda": PLAN,
    "meetings.set_attendance": PLAN,
    # room.intake: typed lines, utterances, drafts
    "intake.drafts": READ,
    "intake.transcript": READ,
    "intake.tally": READ,
    "intake.add_typed": DRAFTS,
    "intake.promote_line": DRAFTS,
    "intake.edit_draft": DRAFTS,
    "intake.reject_draft": DRAFTS,
    "intake.confirm_draft": DRAFTS,
    "intake.add_utterance": SPEECH_INPUT,
    # room.ledger: the confirmed log
    "ledger.entries": READ,
    "ledger.history": READ,
    "ledger.open_tasks": READ,
    "ledger.is_overdue": READ,
    "ledger.edit": LOG_EDIT,
    "ledger.set_status": LOG_EDIT,
    # room.chair_notes: the chair's own lists
    "chair_notes.individual": READ,
    "chair_notes.stakeholders": READ,
    "chair_notes.add_individual": INDIVIDUAL,
    "chair_notes.check_individual": INDIVIDUAL,
    "chair_notes.add_stakeholder": STAKEHOLDERS,
    "chair_notes.mark_informed": STAKEHOLDERS,
    # the berichtenmanager's area (``room.messages``): reached as ``gateway.messages.<name>``
    "messages.all": READ_MESSAGES,
    "messages.get": READ_MESSAGES,
    "messages.history": READ_MESSAGES,
    "messages.versions": READ_MESSAGES,
    "messages.since_previous_meeting": READ_MESSAGES,
    "messages.for_table": READ_MESSAGES,
    "messages.alerts": READ_MESSAGES,
    "messages.last_contacts": READ_MESSAGES,
    "messages.schema": READ_MESSAGES,
    "messages.quick": READ_MESSAGES,
    "messages.register": MESSAGES,
    "messages.register_line": MESSAGES,
    "messages.edit": MESSAGES,
    "messages.route": MESSAGES,
    "messages.mark_handled": MESSAGES,
    "messages.reopen": MESSAGES,
    "messages.to_entry": DRAFTS,  # a confirmed log entry: the logger's (and chair's) call, not the berichtenmanager's
    "messages.add_link": PLAN,
    "messages.update_link": PLAN,
    "messages.remove_link": PLAN,
    # room.teams: other crisis teams (issue 17): everyone reads, answering an order is a draft decision
    # (logger, chair; never the wall or a member), the link settings hold credentials (host only)
    "teams.linked": READ,
    "teams.others": READ,
    "teams.link_status": READ,
    "teams.pictures": READ,
    "teams.cross_team_orders": READ,
    "teams.accept": DRAFTS,
    "teams.decline": DRAFTS,
    "teams.settings": READ_SETTINGS,
    "teams.save_settings": SETTINGS,
    # provided by the gateway itself (see ``room_gateway``)
    "export_document": EXPORT,
    "backup_download": BACKUP,
}

#: Public methods the areas offer each other, never a screen: building versions and the lookups
#: behind them. Not in ``ROOM_TABLE``, so the gateway refuses them like anything unlisted.
ROOM_INTERNAL = frozenset(
    {
        "repo",
        "core",
        "meetings.whereabouts",
        "ledger.by_number",
        "ledger.build_new",
        "ledger.build_version",
        "ledger.build_status_version",
        "ledger.build_status_change",
        "ledger.taken_numbers",
        "ledger.write",
        "ledger.status_target",
        "intake.parse_context",
        "teams.attach",
    }
)

#: The speech service (``assistant.app.listening.Listening``) as screens see it.
LISTENING_TABLE: Mapping[str, str] = {
    "state": READ,
    "audio_path": READ,
    "devices": READ,
    "models": READ,
    "retention": READ,
    "device": READ,
    "crisis_id": READ,
    "add_listener": READ,
    "start": SPEECH_CONTROL,
    "stop": SPEECH_CONTROL,
    "toggle": SPEECH_CONTROL,
    "set_device": SPEECH_SETTINGS,
    "load_model": SPEECH_SETTINGS,
    "set_retention": SPEECH_SETTINGS,
    "start_check": SPEECH_SETTINGS,
    "stop_check": SPEECH_SETTINGS,
}

#: The speech set-up (``assistant.app.listening.installer.ModelSetup``): host only, except reading
#: how far an install is (every screen's banner may show it).
SPEECH_SETUP_TABLE: Mapping[str, str] = {
    "progress": READ,
    "models": SPEECH_SETTINGS,
    "begin_upload": SPEECH_SETTINGS,
    "upload_progress": SPEECH_SETTINGS,
    "upload_failed": SPEECH_SETTINGS,
    "install_upload": SPEECH_SETTINGS,
    "download": SPEECH_SETTINGS,
    "cancel": SPEECH_SETTINGS,
    "use": SPEECH_SETTINGS,
    "remove": SPEECH_SETTINGS,
}

#: The live caption feed (``assistant.ui.live.LiveFeed``) as screens see it.
LIVE_TABLE: Mapping[str, str] = {
    "get": READ,
    "can_toggle": READ,
    "toggle": SPEECH_CONTROL,
}

#: Room methods that change something (everything that is not a read), e.g. ``"ledger.set_status"``.
MUTATING_ROOM_METHODS = frozenset(name for name, cap in ROOM_TABLE.items() if cap not in (READ, READ_SETTINGS))


def capabilities_of(role: str | None) -> frozenset[str]:
    """The capabilities of a role; an unknown role has none (fail closed)."""
    return CAPABILITIES.get(role or "", frozenset())


# --- errors -----------------------------------------------------------------------------------------


class PermissionDenied(AssistantError):
    """The calling device may not do this (its role lacks the capability, or it is unknown)."""

    code = "permission_denied"


class SessionEnded(PermissionDenied):
    """The device's session was ended (codes rotated, device revoked, codes expired)."""

    code = "session_ended"


# --- identity ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """Who is calling: made by the server from the verified join token (or: the host itself)."""

    role: str
    person: str = ""
    device: str = ""
    device_id: str = ""
    address: str = ""
    acting_as: str = ""  # the host only: the screen role its browser picked (chair, logger, ...)

    @property
    def capabilities(self) -> frozenset[str]:
        return capabilities_of(self.role)

    @property
    def is_host(self) -> bool:
        return self.role == ROLE_HOST

    @property
    def by(self) -> str:
        """What every version records: role, person and device, e.g. ``logger: Jan Smit @ Laptop 2``."""
        role = self.acting_as or self.role
        who = f"{role}: {self.person}" if self.person else role
        return f"{who} @ {self.device}" if self.device else who

    def describe(self) -> str:
        """For the access log: the ``by`` text plus the address."""
        return f"{self.by} ({self.address})" if self.address else self.by


HOST_DEVICE = "host"


def host_actor(person: str = "", address: str = "", acting_as: str = "") -> Actor:
    """The browser on the machine that runs the app; ``acting_as`` is the screen role it picked, so the
    log says ``logger @ host`` rather than only ``host`` (the host's rights do not depend on it)."""
    return Actor(
        ROLE_HOST, person=person, device=HOST_DEVICE, device_id=HOST_DEVICE, address=address, acting_as=acting_as
    )


class SessionGrant:
    """The revocable link from one session to the gate. Thread-safe (checked from worker threads)."""

    def __init__(self, actor: Actor, since: float, still_valid: Callable[[], str | None] | None = None) -> None:
        """``still_valid()`` returns None while the grant holds, else why not (e.g. ``"expired"``):
        asked on every call, so codes that expire end open sessions too."""
        self.actor = actor
        self.since = since
        self._still_valid = still_valid
        self._ended: str | None = None
        self._lock = threading.Lock()
        self._on_end: list[Callable[[str], Any]] = []

    @property
    def active(self) -> bool:
        with self._lock:
            ended = self._ended
        if ended is None and self._still_valid is not None:
            reason = self._still_valid()
            if reason is not None:
                self.end(reason)
                return False
        return ended is None

    @property
    def end_reason(self) -> str | None:
        with self._lock:
            return self._ended

    def on_end(self, callback: Callable[[str], Any]) -> None:
        """Run ``callback(reason)`` when the grant ends (e.g. show the join page in that tab)."""
        with self._lock:
            self._on_end.append(callback)

    def end(self, reason: str) -> None:
        """End the grant; every later call through a gateway holding it is refused."""
        with self._lock:
            if self._ended is not None:
                return
            self._ended = reason
            callbacks, self._on_end = self._on_end, []
        for callback in callbacks:
            try:
                callback(reason)
            except Exception:  # noqa: BLE001 - one broken tab must not keep others' sessions open
                log.exception("ending a session failed")


class SessionRegistry:
    """The sessions open now (one grant per browser tab): what ``/apparaten`` lists, and the handle
    through which revoke and rotation end sessions at once."""

    def __init__(self) -> None:
        self._grants: list[SessionGrant] = []
        self._lock = threading.Lock()

    def add(self, grant: SessionGrant) -> SessionGrant:
        with self._lock:
            self._grants.append(grant)
        grant.on_end(lambda _reason: self.remove(grant))
        return grant

    def remove(self, grant: SessionGrant) -> None:
        with self._lock:
            if grant in self._grants:
                self._grants.remove(grant)

    def active(self) -> list[SessionGrant]:
        """Open sessions, oldest first (ended ones drop out)."""
        with self._lock:
            grants = list(self._grants)
        return [g for g in grants if g.active]

    def end_device(self, device_id: str, reason: str) -> int:
        """End every session of one device; returns how many were ended."""
        return self._end([g for g in self.active() if g.actor.device_id == device_id], reason)

    def end_remote(self, reason: str) -> int:
        """End every session that is not the host's own (after a rotation or expiry of the codes)."""
        return self._end([g for g in self.active() if not g.actor.is_host], reason)

    @staticmethod
    def _end(grants: list[SessionGrant], reason: str) -> int:
        for grant in grants:
            grant.end(reason)
        return len(grants)


# --- the access log ---------------------------------------------------------------------------------


def authorize(actor: Actor, capability: str, action: str, grant: SessionGrant | None, access_log: AccessLog) -> None:
    """Raise ``PermissionDenied``/``SessionEnded`` (and record it) unless ``actor`` may do ``action`` now."""
    if grant is not None and not grant.active:
        access_log.record(actor.describe(), actor.address, action, f"session_ended:{grant.end_reason}")
        raise SessionEnded(action, action=action)
    if capability not in actor.capabilities:
        access_log.record(actor.describe(), actor.address, action, f"missing:{capability}")
        raise PermissionDenied(action, action=action, capability=capability)


# --- the gateway ------------------------------------------------------------------------------------


class Gateway:
    """One service as one session sees it: every attribute goes through ``table`` and ``authorize``.

    Methods are checked when *called* (a grant ended between lookup and call still refuses);
    plain attributes and properties when read. ``by`` arguments are replaced by the actor's.
    An area of the service (``room.ledger``) is a gateway of its own over the same table: its
    methods are keyed ``"ledger.set_status"``, so one table decides for the room and all its areas.
    """

    def __init__(
        self,
        target: Any,
        table: Mapping[str, str],
        actor: Actor,
        grant: SessionGrant | None,
        access_log: AccessLog,
        *,
        own: Mapping[str, Callable[..., Any]] | None = None,
        prefix: str = "",
        areas: frozenset[str] | None = None,
        in_memory: bool = False,
    ) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_in_memory", in_memory)  # the target never blocks (memory_reads)
        object.__setattr__(self, "_table", table)
        object.__setattr__(self, "_own", dict(own or {}))
        object.__setattr__(self, "_prefix", prefix)
        object.__setattr__(self, "_area_names", areas if areas is not None else _areas(table))
        object.__setattr__(self, "actor", actor)
        object.__setattr__(self, "grant", grant)
        object.__setattr__(self, "access_log", access_log)

    def __getattr__(self, name: str) -> Any:
        actor: Actor = self.actor
        action = self._prefix + name
        if not name.startswith("_") and action in self._area_names:
            area = getattr(self._target, name)
            return Gateway(
                area,
                self._table,
                actor,
                self.grant,
                self.access_log,
                prefix=f"{action}.",
                areas=self._area_names,
                in_memory=self._in_memory,
            )
        capability = self._table.get(action)
        if capability is None or name.startswith("_"):
            self.access_log.record(actor.describe(), actor.address, action, "not_in_table")
            raise PermissionDenied(action, action=action, capability="?")
        member = self._own.get(name)
        if member is None:
            static = inspect.getattr_static(self._target, name, None)
            if not callable(static) or isinstance(static, property):
                self._memory_check(action, capability)
                authorize(actor, capability, action, self.grant, self.access_log)
                return getattr(self._target, name)
            member = getattr(self._target, name)
        return self._guarded(action, capability, member)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a gateway is read-only")

    def _guarded(self, name: str, capability: str, method: Callable[..., Any]) -> Callable[..., Any]:
        stamp = _takes_by(method)

        def call(*args: Any, **kwargs: Any) -> Any:
            self._memory_check(name, capability)
            authorize(self.actor, capability, name, self.grant, self.access_log)
            if stamp:
                args, kwargs = _with_by(method, args, kwargs, self.actor.by)
            return method(*args, **kwargs)

        call.__name__ = name
        call.__doc__ = getattr(method, "__doc__", None)
        return call

    def _memory_check(self, action: str, capability: str) -> None:
        """Inside ``memory_only()`` (a read on the event loop): refuse to call a target that may block,
        and leave a refusal to the worker-thread read that follows (recording it writes to disk)."""
        if not memory_only_active():
            return
        if not self._in_memory:
            raise NotInMemory(action)
        grant: SessionGrant | None = self.grant
        if (grant is not None and not grant.active) or capability not in self.actor.capabilities:
            raise NotInMemory(action)

    def __repr__(self) -> str:
        return f"Gateway({type(self._target).__name__} for {self.actor.describe()})"


def _areas(table: Mapping[str, str]) -> frozenset[str]:
    """Every area the table gates methods under (``"ledger"`` for ``"ledger.set_status"``). Computed
    once per gateway tree: a screen's reads look attributes up many times a second (issue 15)."""
    return frozenset(key[: i] for key in table for i, ch in enumerate(key) if ch == ".")


def _takes_by(method: Callable[..., Any]) -> bool:
    return _function_takes_by(getattr(method, "__func__", method))


@functools.lru_cache(maxsize=2048)
def _function_takes_by(function: Callable[..., Any]) -> bool:
    """Whether a method has a ``by`` parameter (cached per function: ``inspect.signature`` is slow)."""
    try:
        return "by" in inspect.signature(function).parameters
    except (TypeError, ValueError):
        return False


def _with_by(
    method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], by: str
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The same call with ``by`` set to the actor's, whether the caller passed it by position or not."""
    bound = inspect.signature(method).bind_partial(*args, **kwargs)
    bound.arguments["by"] = by
    return bound.args, bound.kwargs


def room_gateway(room: Any, actor: Actor, grant: SessionGrant | None, access_log: AccessLog) -> Gateway:
    """The ``Room`` for one session, plus export and backup (which otherwise need the raw repository)."""

    def export_document(
        crisis_id: str, what: str, fmt: str, meeting: int | None = None, lang: str = "nl"
    ) -> Any:
        from assistant.export.service import export_document as export

        if what == "messages":  # message content: the same capability as reading the register
            authorize(actor, READ_MESSAGES, "export_document:messages", grant, access_log)
        crisis = room.setup.get(crisis_id)
        return export(room.repo, crisis_id, what, fmt, meeting=meeting, lang=lang, now=room.now(crisis))

    def backup_download() -> Any:
        from assistant.export.backup import backup_download as backup

        return backup(room.repo.data_dir, repo=room.repo)

    return Gateway(
        room,
        ROOM_TABLE,
        actor,
        grant,
        access_log,
        own={"export_document": export_document, "backup_download": backup_download},
    )
