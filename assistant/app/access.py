"""Who may use the app from where: join codes for devices in the room, and roles.

Pure logic (standard library only), so it is unit-tested without a browser:

* A browser on the host itself (loopback, or the native window, which has no client IP) needs
  nothing.
* Any other device (a LAN client) sees only the join page until it presents one of the room's two
  short codes (typed, or from a QR code's URL): the *code* lets it be chair's tablet or logger; the
  *view code* only the read-only wall screen. It then receives a *token* (an HMAC of scope and code
  under a secret) that it keeps in its browser storage, so a reload does not ask again. Rotating
  the codes invalidates every token.
* Wrong codes are counted per client address: after ``max_failures`` in a row the address is
  locked out for ``lockout_seconds`` (a 6-character code from a 31-letter alphabet has about
  10^9 values, so guessing is hopeless with a lockout).
* The wall-screen role ("wand") is read-only; "voorzitter" and "logger" may edit.

The test switch: with test hooks on (never in production), ``effective_client_ip`` lets an
end-to-end test mark one tab as a LAN client with a query parameter (``?as_client=192.0.2.10``).
Without test hooks the parameter is ignored.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Letters and digits that cannot be mistaken for each other when read aloud or from a wall (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6

ROLE_CHAIR = "voorzitter"
ROLE_LOGGER = "logger"
ROLE_WALL = "wand"
ROLES = (ROLE_CHAIR, ROLE_LOGGER, ROLE_WALL)
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
    """The address to judge a tab by: the real one, or, with test hooks only, ``?as_client=``."""
    if test_hooks and query:
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
    }
    return aliases.get(key)


@dataclass(frozen=True)
class AccessDecision:
    """The answer for one tab: may it see the app, may it edit, and a token to remember."""

    allowed: bool
    reason: str  # "local" | "token" | "code" | "join_required" | "wrong_code" | "locked_out"
    can_edit: bool = False
    token: str | None = None
    retry_after: float = 0.0  # seconds, when locked out
    scope: str | None = None  # SCOPE_EDIT (any screen) | SCOPE_VIEW (wall screen only) | None

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
    """The join-code policy of one app process. Thread-safe enough for its use: tiny dict updates."""

    code: str
    view_code: str = ""  # read-only (wall screen) code; a fresh one when empty
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    max_failures: int = 5
    lockout_seconds: float = 60.0
    clock: Callable[[], float] = time.monotonic
    own_addresses: frozenset[str] = frozenset()  # this machine's own LAN addresses: local, too
    _failures: dict[str, _Failures] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.code = normalize_code(self.code)
        self.view_code = normalize_code(self.view_code) or _other_code(self.code)
        for value in (self.code, self.view_code):
            if not is_valid_code(value):
                raise ValueError(f"not a usable join code: {value!r}")
        if self.code == self.view_code:
            raise ValueError("the view code must differ from the join code")

    @classmethod
    def create(cls, code: str | None = None, **kwargs: Any) -> AccessGate:
        return cls(code or new_join_code(), **kwargs)

    @property
    def display_code(self) -> str:
        return format_code(self.code)

    @property
    def display_view_code(self) -> str:
        return format_code(self.view_code)

    def is_local(self, client_ip: str | None) -> bool:
        """Loopback, no address (native window), or one of this machine's own addresses."""
        return is_local_client(client_ip) or (client_ip or "").strip().strip("[]") in self.own_addresses

    def token(self, scope: str = SCOPE_EDIT) -> str:
        """The token a device gets after presenting a code (valid until the codes rotate)."""
        code = self.code if scope == SCOPE_EDIT else self.view_code
        return hmac.new(self.secret, f"{scope}:{code}".encode(), hashlib.sha256).hexdigest()[:32]

    def token_scope(self, token: str | None) -> str | None:
        """SCOPE_EDIT / SCOPE_VIEW for a valid token, else None."""
        if not token:
            return None
        for scope in (SCOPE_EDIT, SCOPE_VIEW):
            if hmac.compare_digest(str(token).encode(), self.token(scope).encode()):
                return scope
        return None

    def token_valid(self, token: str | None) -> bool:
        return self.token_scope(token) is not None

    def rotate(self, new_code: str | None = None, new_view_code: str | None = None) -> str:
        """New codes (e.g. after a device left the room): every earlier token stops working."""
        code = normalize_code(new_code) if new_code else new_join_code()
        view = normalize_code(new_view_code) if new_view_code else _other_code(code)
        for value in (code, view):
            if not is_valid_code(value):
                raise ValueError(f"not a usable join code: {value!r}")
        self.code, self.view_code = code, view
        self._failures.clear()
        return code

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
        scope = self.token_scope(token)
        if scope is not None:
            return AccessDecision(True, "token", scope == SCOPE_EDIT and can_edit(role), token, scope=scope)
        key = (client_ip or "").strip()
        now = self.clock()
        state = self._failures.get(key)
        if state and state.locked_until > now:
            return AccessDecision(False, "locked_out", retry_after=state.locked_until - now)
        if not code:
            return AccessDecision(False, "join_required")
        for scope in (SCOPE_EDIT, SCOPE_VIEW):
            if codes_match(code, self.code if scope == SCOPE_EDIT else self.view_code):
                self._failures.pop(key, None)
                return AccessDecision(
                    True, "code", scope == SCOPE_EDIT and can_edit(role), self.token(scope), scope=scope
                )
        state = self._failures.setdefault(key, _Failures())
        if state.locked_until and state.locked_until <= now:
            state.count = 0
            state.locked_until = 0.0
        state.count += 1
        if state.count >= self.max_failures:
            state.locked_until = now + self.lockout_seconds
            return AccessDecision(False, "locked_out", retry_after=self.lockout_seconds)
        return AccessDecision(False, "wrong_code")

    def to_settings(self) -> dict[str, str]:
        """What to keep in the data folder's settings so devices stay joined across a restart."""
        return {"code": self.code, "view_code": self.view_code, "secret": self.secret.hex()}

    @classmethod
    def from_settings(cls, data: Mapping[str, object] | None, **kwargs: Any) -> AccessGate:
        """Restore from ``to_settings`` output; anything missing or broken gives fresh codes."""
        data = data or {}
        try:
            return cls(
                str(data["code"]),
                str(data.get("view_code") or ""),
                bytes.fromhex(str(data["secret"])),
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
