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

import inspect
import logging
import threading
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.domain.errors import AssistantError
from assistant.messages import register

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

#: Every public ``Room`` method → the capability it needs. A test asserts that every public method
#: of ``Room`` is here; the gateway refuses anything that is not.
ROOM_TABLE: Mapping[str, str] = {
    # reading
    "active_crisis_id": READ,
    "crises": READ,
    "crisis": READ,
    "current_meeting": READ,
    "current_phase": READ,
    "default_next_meeting": READ,
    "drafts": READ,
    "entries": READ,
    "history": READ,
    "individual": READ,
    "is_overdue": READ,
    "meetings": READ,
    "next_meeting_at": READ,
    "now": READ,
    "open_tasks": READ,
    "reflection_due": READ,
    "snapshot": READ,
    "stakeholders": READ,
    "subscribe": READ,
    "transcript": READ,
    "settings": READ_SETTINGS,
    # running the meeting
    "clock_action": CLOCK,
    "tick": CLOCK,
    "mark_reflection": CLOCK,
    "end_meeting": CLOCK,
    "plan_meeting": PLAN,
    "update_agenda": PLAN,
    "set_attendance": PLAN,
    "update_roster": PLAN,
    # the log
    "add_typed": DRAFTS,
    "promote_line": DRAFTS,
    "edit_draft": DRAFTS,
    "reject_draft": DRAFTS,
    "confirm_draft": DRAFTS,
    "edit_entry": LOG_EDIT,
    "set_status": LOG_EDIT,
    "add_utterance": SPEECH_INPUT,
    "publish": SPEECH_INPUT,
    # the chair's own lists
    "add_individual": INDIVIDUAL,
    "check_individual": INDIVIDUAL,
    "add_stakeholder": STAKEHOLDERS,
    "mark_informed": STAKEHOLDERS,
    # host only
    "create_crisis": CRISIS_ADMIN,
    "select_crisis": CRISIS_ADMIN,
    "update_crisis": CRISIS_ADMIN,
    "update_settings": SETTINGS,
    "shift_time": TEST_CLOCK,
    # area methods ("area.method"; the gateway wraps each area in a gateway of its own lines)
    "ledger.set_status": LOG_EDIT,
    "ledger.edit": LOG_EDIT,
    "intake.add_typed": DRAFTS,
    "intake.confirm_draft": DRAFTS,
    "intake.tally": READ,
    "setup.damaged_parts": READ,
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
    # provided by the gateway itself (see ``RoomGateway``)
    "export_document": EXPORT,
    "backup_download": BACKUP,
}

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

#: Room methods that change something (everything that is not a read). Used by tests and the docs.
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


register(
    "permission_denied",
    "Dit apparaat mag dit niet ({detail}). Vraag het aan de beheerder van de laptop die de app draait.",
    "This device may not do this ({detail}). Ask the person at the laptop that runs the app.",
)
register(
    "session_ended",
    "De toegang van dit apparaat is ingetrokken of verlopen. Vraag een nieuwe code en doe opnieuw mee.",
    "This device's access was revoked or has expired. Ask for a new code and join again.",
)


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


@dataclass(frozen=True)
class Refusal:
    """One refused action or failed join, as the host sees it on ``/apparaten``."""

    at: float  # seconds since the epoch (passed in: the log's clock)
    who: str
    address: str
    action: str
    reason: str


@dataclass
class AccessLog:
    """Bounded, thread-safe record of refusals. Kept in memory (and in the process log)."""

    clock: Callable[[], float]
    limit: int = 500
    _items: deque[Refusal] = field(default_factory=deque, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _listeners: list[Callable[[Refusal], Any]] = field(default_factory=list, repr=False)

    def record(self, who: str, address: str, action: str, reason: str) -> Refusal:
        refusal = Refusal(self.clock(), who, address, action, reason)
        with self._lock:
            self._items.append(refusal)
            while len(self._items) > self.limit:
                self._items.popleft()
            listeners = list(self._listeners)
        log.warning("refused: %s from %s: %s (%s)", who, address or "?", action, reason)
        for listener in listeners:
            try:
                listener(refusal)
            except Exception:  # noqa: BLE001 - a closed host tab must not stop the recording
                log.debug("access log listener failed", exc_info=True)
        return refusal

    def entries(self) -> list[Refusal]:
        """Newest last."""
        with self._lock:
            return list(self._items)

    def subscribe(self, listener: Callable[[Refusal], Any]) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe


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
    ) -> None:
        object.__setattr__(self, "_prefix", prefix)
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_table", table)
        object.__setattr__(self, "_own", dict(own or {}))
        object.__setattr__(self, "actor", actor)
        object.__setattr__(self, "grant", grant)
        object.__setattr__(self, "access_log", access_log)

    def __getattr__(self, name: str) -> Any:
        actor: Actor = self.actor
        action = self._prefix + name
        if not name.startswith("_"):
            area, dot, rest = name.partition(".")
            sub_table = _area_table(self._table, area)
            if sub_table and (dot or area not in self._table):
                gateway = self._area(area, sub_table)
                return getattr(gateway, rest) if dot else gateway
        capability = self._table.get(name)
        if capability is None or name.startswith("_"):
            self.access_log.record(actor.describe(), actor.address, action, "not_in_table")
            raise PermissionDenied(action, action=action, capability="?")
        member = self._own.get(name)
        if member is None:
            static = inspect.getattr_static(self._target, name, None)
            if not callable(static) or isinstance(static, property):
                authorize(actor, capability, action, self.grant, self.access_log)
                return getattr(self._target, name)
            member = getattr(self._target, name)
        return self._guarded(action, capability, member)

    def _area(self, area: str, table: Mapping[str, str]) -> Gateway:
        """An area of the room (``room.messages``) behind the same actor, grant and log: its methods are
        the table's ``"<area>.<method>"`` keys; anything else of the area is refused."""
        target = getattr(self._target, area, None)
        if target is None:
            self.access_log.record(self.actor.describe(), self.actor.address, self._prefix + area, "not_in_table")
            raise PermissionDenied(area, action=self._prefix + area, capability="?")
        return Gateway(target, table, self.actor, self.grant, self.access_log, prefix=f"{self._prefix}{area}.")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a gateway is read-only")

    def _guarded(self, name: str, capability: str, method: Callable[..., Any]) -> Callable[..., Any]:
        stamp = _takes_by(method)

        def call(*args: Any, **kwargs: Any) -> Any:
            authorize(self.actor, capability, name, self.grant, self.access_log)
            if stamp:
                args, kwargs = _with_by(method, args, kwargs, self.actor.by)
            return method(*args, **kwargs)

        call.__name__ = name
        call.__doc__ = getattr(method, "__doc__", None)
        return call

    def __repr__(self) -> str:
        return f"Gateway({type(self._target).__name__} for {self.actor.describe()})"


def _area_table(table: Mapping[str, str], area: str) -> dict[str, str]:
    """The ``"<area>.<method>"`` entries of a table, keyed by method."""
    prefix = area + "."
    return {key[len(prefix) :]: cap for key, cap in table.items() if key.startswith(prefix)}


def _takes_by(method: Callable[..., Any]) -> bool:
    try:
        return "by" in inspect.signature(method).parameters
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
        crisis = room.crisis(crisis_id)
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
