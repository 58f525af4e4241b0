"""Who may use the app from where: join codes, device tokens, brute-force limits. Standard library only.

Pure logic, unit-tested without a browser (time is passed in as clocks):

* A browser on the host itself (loopback, the host's own LAN address, or the native window, which
  has no client IP) needs nothing: it is the *host*.
* Any other device (a LAN client) sees only the join page until it presents one of the room's two
  short codes (typed, or from a QR code's URL): the *code* lets it be chair's tablet, logger or
  member; the *view code* only the read-only wall screen. It then gets a *device token*: its device
  id, role, person and device name, signed (HMAC) under the process secret *and the current code*.
  So rotating the codes invalidates every token; revoking one device id invalidates that device.
* Codes expire (``code_ttl_seconds``, default 24 h, or at once with ``expire()`` when the crisis
  closes): an expired code and every token issued under it are refused until the host rotates.
* Wrong codes are counted per client address (``max_failures`` → locked out for
  ``lockout_seconds``) *and* globally (``global_max_failures`` within ``global_window_seconds`` →
  every address is refused for a while: many addresses cannot share the guessing). Repeated
  failures raise an alert the host sees as a banner (``failure_alert``).

The test switch: with test hooks on (never together with ``--lan``), ``effective_client_ip`` lets an
end-to-end test mark a tab *of the host's own browser* as a LAN client (``?as_client=192.0.2.10``).
It is never honoured for a client that is not on loopback, and ignored without test hooks.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import ipaddress
import secrets
import socket
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.app.permissions import ROLE_CHAIR, ROLE_LOGGER, ROLE_MEMBER, ROLE_MESSAGES, ROLE_WALL

#: Letters and digits that cannot be mistaken for each other when read aloud or from a wall (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6

ROLES = (ROLE_CHAIR, ROLE_LOGGER, ROLE_MESSAGES, ROLE_WALL)
#: Roles a device may take with the edit code (the view code gives only ROLE_WALL).
EDIT_SCOPE_ROLES = (ROLE_CHAIR, ROLE_LOGGER, ROLE_MESSAGES, ROLE_MEMBER)
#: Routes a joined device may open, per role (anything else sends it to the first one).
DEVICE_ROUTES: Mapping[str, tuple[str, ...]] = {
    ROLE_CHAIR: ("/voorzitter", "/start"),
    ROLE_LOGGER: ("/logger",),
    ROLE_MESSAGES: ("/berichten",),
    ROLE_MEMBER: ("/wand",),
    ROLE_WALL: ("/wand",),
}
DEFAULT_CODE_TTL_SECONDS = 24 * 3600.0
EDIT_ROLES = frozenset({ROLE_CHAIR, ROLE_LOGGER})

SCOPE_EDIT = "edit"
SCOPE_VIEW = "view"

#: Query parameter honoured only with test hooks: treat this tab as coming from that address.
TEST_CLIENT_PARAM = "as_client"
#: Query parameter carrying the join code in the QR code's URL.
CODE_PARAM = "code"


def new_join_code(length: int = CODE_LENGTH, choice: Callable[[str], str] = secrets.choice) -> str:
    """A fresh random join code, e.g. ``"K7MQ4X"``."""
    return "".join(choice(CODE_ALPHABET) for _ in range(length))


def normalize_code(text: str | None) -> str:
    """What the user typed → the canonical code: upper case, without spaces, dashes or dots."""
    if not text:
        return ""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def format_code(code: str) -> str:
    """For display: ``"K7MQ4X"`` → ``"K7M-Q4X"`` (easier to read aloud)."""
    code = normalize_code(code)
    if len(code) <= 4:
        return code
    half = (len(code) + 1) // 2
    return f"{code[:half]}-{code[half:]}"


def is_valid_code(code: str) -> bool:
    code = normalize_code(code)
    return len(code) >= 4 and all(ch in CODE_ALPHABET for ch in code)


def codes_match(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a typed code with the room's code."""
    given_n = normalize_code(given)
    expected_n = normalize_code(expected)
    return bool(given_n) and hmac.compare_digest(given_n.encode(), expected_n.encode())


def is_local_client(client_ip: str | None) -> bool:
    """True for the host itself: loopback addresses, or no address at all (native window)."""
    if client_ip is None:
        return True
    text = client_ip.strip().strip("[]")
    if text in ("", "localhost"):
        return True
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False  # something we cannot interpret is treated as remote (the safe side)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def effective_client_ip(
    client_ip: str | None, query: Mapping[str, str] | None, test_hooks: bool
) -> str | None:
    """The address to judge a tab by: the real one, or, with test hooks only and only for a tab of the
    host's own browser (loopback), ``?as_client=``. A LAN client can never claim another address."""
    if test_hooks and query and client_ip is not None and is_local_client(client_ip):
        simulated = query.get(TEST_CLIENT_PARAM)
        if simulated:
            return simulated
    return client_ip


def can_edit(role: str | None) -> bool:
    """The wall screen is read-only; unknown roles may not edit either."""
    return role in EDIT_ROLES


def normalize_role(role: str | None) -> str | None:
    """Accept a few spellings from URLs and settings: chair → voorzitter, wall/wall-screen → wand."""
    if not role:
        return None
    key = role.strip().lower().strip("/")
    aliases = {
        "chair": ROLE_CHAIR,
        "voorzitter": ROLE_CHAIR,
        "logger": ROLE_LOGGER,
        "log": ROLE_LOGGER,
        "wand": ROLE_WALL,
        "wall": ROLE_WALL,
        "wall-screen": ROLE_WALL,
        "wandscherm": ROLE_WALL,
        "kretenbord": ROLE_WALL,
        "berichtenmanager": ROLE_MESSAGES,
        "berichten": ROLE_MESSAGES,
        "messages": ROLE_MESSAGES,
        "message-manager": ROLE_MESSAGES,
        "lid": ROLE_MEMBER,
        "member": ROLE_MEMBER,
    }
    return aliases.get(key)


@dataclass(frozen=True)
class DeviceGrant:
    """What a verified device token says: who this device is (signed, so the browser cannot edit it)."""

    device_id: str
    scope: str  # SCOPE_EDIT | SCOPE_VIEW
    role: str
    person: str = ""
    name: str = ""


@dataclass(frozen=True)
class AccessDecision:
    """The answer for one tab: may it see the app, may it edit, and a token to remember."""

    allowed: bool
    reason: str  # local | token | code | join_required | wrong_code | locked_out | expired
    can_edit: bool = False
    token: str | None = None
    retry_after: float = 0.0  # seconds, when locked out
    scope: str | None = None  # SCOPE_EDIT (any screen) | SCOPE_VIEW (wall screen only) | None
    device: DeviceGrant | None = None  # for reason "token" / "code"

    @property
    def view_only(self) -> bool:
        return self.scope == SCOPE_VIEW

    @property
    def needs_join(self) -> bool:
        return not self.allowed


@dataclass
class _Failures:
    count: int = 0
    locked_until: float = 0.0


@dataclass
class AccessGate:
    """The join-code policy of one app process. Thread-safe enough for its use: tiny dict updates
    under the GIL, called from the event loop."""

    code: str
    view_code: str = ""  # read-only (wall screen) code; a fresh one when empty
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    max_failures: int = 5
    lockout_seconds: float = 60.0
    global_max_failures: int = 20  # within global_window_seconds, from all addresses together
    global_window_seconds: float = 60.0
    alert_failures: int = 3  # this many failures within alert_window_seconds: banner on the host
    alert_window_seconds: float = 600.0
    code_ttl_seconds: float = DEFAULT_CODE_TTL_SECONDS
    clock: Callable[[], float] = time.monotonic  # lockouts and alerts
    wall_clock: Callable[[], float] = time.time  # code expiry (survives a restart)
    own_addresses: frozenset[str] = frozenset()  # this machine's own LAN addresses: local, too
    issued_at: float | None = None  # wall-clock time the codes were made (None: now)
    revoked: set[str] = field(default_factory=set)  # device ids refused until the codes rotate
    _failures: dict[str, _Failures] = field(default_factory=dict, repr=False)
    _recent: deque[float] = field(default_factory=deque, repr=False)  # failure times (clock)

    def __post_init__(self) -> None:
        self.code = normalize_code(self.code)
        self.view_code = normalize_code(self.view_code) or _other_code(self.code)
        for value in (self.code, self.view_code):
            if not is_valid_code(value):
                raise ValueError(f"not a usable join code: {value!r}")
        if self.code == self.view_code:
            raise ValueError("the view code must differ from the join code")
        if self.issued_at is None:
            self.issued_at = self.wall_clock()

    @classmethod
    def create(cls, code: str | None = None, **kwargs: Any) -> AccessGate:
        return cls(code or new_join_code(), **kwargs)

    @property
    def display_code(self) -> str:
        return format_code(self.code)

    @property
    def display_view_code(self) -> str:
        return format_code(self.view_code)

    # --- codes and tokens ----------------------------------------------------------------------------

    @property
    def expires_at(self) -> float:
        return float(self.issued_at or 0.0) + self.code_ttl_seconds

    def expired(self) -> bool:
        """Past the codes' lifetime (or ``expire()`` was called): codes and tokens are refused."""
        return self.wall_clock() >= self.expires_at

    def expire(self) -> None:
        """End the codes now (e.g. the crisis closed): the host must rotate before anyone joins again."""
        self.issued_at = self.wall_clock() - self.code_ttl_seconds

    def is_local(self, client_ip: str | None) -> bool:
        """Loopback, no address (native window), or one of this machine's own addresses."""
        return is_local_client(client_ip) or (client_ip or "").strip().strip("[]") in self.own_addresses

    def _code_for(self, scope: str) -> str:
        return self.code if scope == SCOPE_EDIT else self.view_code

    def _signature(self, payload: str, scope: str) -> str:
        message = f"{payload}|{scope}:{self._code_for(scope)}:{self.issued_at!r}".encode()
        return hmac.new(self.secret, message, hashlib.sha256).hexdigest()[:40]

    def issue(self, scope: str, role: str | None = None, person: str = "", name: str = "",
              device_id: str | None = None) -> str:  # fmt: skip
        """A device token: identity signed under the current code of ``scope``."""
        if scope not in (SCOPE_EDIT, SCOPE_VIEW):
            raise ValueError(f"unknown scope {scope!r}")
        role = normalize_role(role) or (ROLE_WALL if scope == SCOPE_VIEW else ROLE_CHAIR)
        if scope == SCOPE_VIEW:
            role = ROLE_WALL
        elif role not in EDIT_SCOPE_ROLES:
            raise ValueError(f"role {role!r} cannot join with the edit code")
        body = {"d": device_id or secrets.token_hex(8), "s": scope, "r": role, "p": person[:80], "n": name[:80]}
        payload = base64.urlsafe_b64encode(json.dumps(body, separators=(",", ":")).encode()).decode()
        return f"{payload}.{self._signature(payload, scope)}"

    def token(self, scope: str = SCOPE_EDIT) -> str:
        """A token for a device without a name yet (kept for callers that only need the scope)."""
        return self.issue(scope, device_id=f"anon-{scope}")

    def verify(self, token: str | None) -> DeviceGrant | None:
        """The device a token names, if it is genuine, of the current codes, not expired, not revoked."""
        if not token or not isinstance(token, str) or "." not in token or self.expired():
            return None
        payload, _, signature = token.partition(".")
        try:
            body = json.loads(base64.urlsafe_b64decode(payload.encode()))
            grant = DeviceGrant(str(body["d"]), str(body["s"]), str(body["r"]), str(body["p"]), str(body["n"]))
        except (ValueError, KeyError, TypeError):
            return None
        if grant.scope not in (SCOPE_EDIT, SCOPE_VIEW):
            return None
        if not hmac.compare_digest(signature.encode(), self._signature(payload, grant.scope).encode()):
            return None
        if grant.device_id in self.revoked:
            return None
        return grant

    def token_scope(self, token: str | None) -> str | None:
        """SCOPE_EDIT / SCOPE_VIEW for a valid token, else None."""
        grant = self.verify(token)
        return grant.scope if grant else None

    def token_valid(self, token: str | None) -> bool:
        return self.verify(token) is not None

    def revoke(self, device_id: str) -> None:
        """This device's token stops working (until the codes rotate and it joins again)."""
        self.revoked.add(device_id)

    def rotate(self, new_code: str | None = None, new_view_code: str | None = None) -> str:
        """New codes (e.g. after a device left the room): every earlier token stops working."""
        code = normalize_code(new_code) if new_code else new_join_code()
        view = normalize_code(new_view_code) if new_view_code else _other_code(code)
        for value in (code, view):
            if not is_valid_code(value):
                raise ValueError(f"not a usable join code: {value!r}")
        self.code, self.view_code = code, view
        self.issued_at = self.wall_clock()
        self.revoked.clear()  # every old token is invalid anyway
        self._failures.clear()
        self._recent.clear()
        return code

    # --- deciding ------------------------------------------------------------------------------------

    def decide(
        self,
        client_ip: str | None,
        role: str | None = None,
        *,
        code: str | None = None,
        token: str | None = None,
    ) -> AccessDecision:
        """May this client see the app (as ``role``)? Presenting ``code`` counts as an attempt."""
        role = normalize_role(role) or role
        if self.is_local(client_ip):
            return AccessDecision(True, "local", can_edit(role), scope=SCOPE_EDIT)
        grant = self.verify(token)
        if grant is not None:
            return AccessDecision(
                True, "token", grant.scope == SCOPE_EDIT and can_edit(grant.role), token, scope=grant.scope,
                device=grant,
            )  # fmt: skip
        key = (client_ip or "").strip()
        now = self.clock()
        state = self._failures.get(key)
        if state and state.locked_until > now:
            return AccessDecision(False, "locked_out", retry_after=state.locked_until - now)
        wait = self._global_wait(now)
        if code and wait > 0:
            return AccessDecision(False, "locked_out", retry_after=wait)
        if not code:
            return AccessDecision(False, "expired" if token and self.expired() else "join_required")
        if self.expired():
            return AccessDecision(False, "expired")
        for scope in (SCOPE_EDIT, SCOPE_VIEW):
            if codes_match(code, self._code_for(scope)):
                self._failures.pop(key, None)
                device_role = role if scope == SCOPE_EDIT and role in EDIT_SCOPE_ROLES else None
                new_token = self.issue(scope, device_role)
                grant = self.verify(new_token)
                return AccessDecision(
                    True, "code", scope == SCOPE_EDIT and can_edit(role), new_token, scope=scope, device=grant
                )
        return self._failed(key, now)

    def _failed(self, key: str, now: float) -> AccessDecision:
        self._recent.append(now)
        state = self._failures.setdefault(key, _Failures())
        if state.locked_until and state.locked_until <= now:
            state.count = 0
            state.locked_until = 0.0
        state.count += 1
        if state.count >= self.max_failures:
            state.locked_until = now + self.lockout_seconds
            return AccessDecision(False, "locked_out", retry_after=self.lockout_seconds)
        return AccessDecision(False, "wrong_code")

    def _global_wait(self, now: float) -> float:
        """Seconds until the global limit lets attempts through again (0: not limited)."""
        horizon = max(self.global_window_seconds, self.alert_window_seconds)
        while self._recent and self._recent[0] <= now - horizon:
            self._recent.popleft()
        in_window = [t for t in self._recent if t > now - self.global_window_seconds]
        if len(in_window) < self.global_max_failures:
            return 0.0
        return in_window[-self.global_max_failures] + self.global_window_seconds - now

    def failure_alert(self) -> int:
        """How many wrong codes were tried recently, if that is enough for a banner on the host; else 0."""
        now = self.clock()
        self._global_wait(now)  # drops old failures
        count = sum(1 for t in self._recent if t > now - self.alert_window_seconds)
        return count if count >= self.alert_failures else 0

    # --- persistence ---------------------------------------------------------------------------------

    def to_settings(self) -> dict[str, Any]:
        """What to keep in the data folder's settings so devices stay joined across a restart."""
        return {
            "code": self.code,
            "view_code": self.view_code,
            "secret": self.secret.hex(),
            "issued_at": self.issued_at,
            "revoked": sorted(self.revoked),
        }

    @classmethod
    def from_settings(cls, data: Mapping[str, object] | None, **kwargs: Any) -> AccessGate:
        """Restore from ``to_settings`` output; anything missing or broken gives fresh codes."""
        data = data or {}
        try:
            issued = data.get("issued_at")
            revoked = data.get("revoked") or []
            return cls(
                str(data["code"]),
                str(data.get("view_code") or ""),
                bytes.fromhex(str(data["secret"])),
                issued_at=float(issued) if isinstance(issued, (int, float)) else None,
                revoked={str(d) for d in revoked} if isinstance(revoked, list) else set(),
                **kwargs,
            )
        except (KeyError, ValueError, TypeError):
            return cls.create(**kwargs)


def _other_code(code: str) -> str:
    while True:
        other = new_join_code()
        if other != code:
            return other


def allowed_route(scope: str | None, route: str) -> bool:
    """A view-only device may open the wall screen (and the join page), nothing else."""
    if scope == SCOPE_VIEW:
        return route in ("/wand", "/join")
    return True


def device_home(role: str | None) -> str:
    """Where a joined device of ``role`` belongs (the wall screen for anything unknown)."""
    return DEVICE_ROUTES.get(role or "", ("/wand",))[0]


def device_route_allowed(role: str | None, route: str) -> bool:
    """May a joined device of ``role`` open ``route`` (already normalised)? The host is not asked."""
    return route == "/join" or route in DEVICE_ROUTES.get(role or "", ())


def join_url(host: str, port: int, code: str, role: str | None = None, scheme: str = "http") -> str:
    """The address a device opens to join (what the QR code holds)."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    url = f"{scheme}://{host}:{port}/join?{CODE_PARAM}={normalize_code(code)}"
    if role:
        url += f"&role={role}"
    return url


def lan_address(probe: str = "10.255.255.255") -> str | None:
    """This machine's address on the local network (no packet is sent), or None when there is none."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.connect((probe, 1))
        address = sock.getsockname()[0]
    except OSError:
        return None
    finally:
        sock.close()
    return None if is_local_client(address) else address


def bind_host(lan: bool, lan_ip: str | None = None) -> str:
    """The interface to serve on: loopback unless ``--lan`` was given (then all interfaces)."""
    if not lan:
        return "127.0.0.1"
    return "0.0.0.0" if lan_ip is None else lan_ip
