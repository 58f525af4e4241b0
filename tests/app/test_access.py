"""Join codes and roles: pure logic, no browser."""

from __future__ import annotations

import random

import pytest

from assistant.app import access
from assistant.app.access import AccessGate


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t


def test_new_code_uses_the_unambiguous_alphabet() -> None:
    for _ in range(200):
        code = access.new_join_code()
        assert len(code) == access.CODE_LENGTH
        assert set(code) <= set(access.CODE_ALPHABET)
        assert not set(code) & set("01OIL")
    rng = random.Random(1)
    assert access.new_join_code(choice=rng.choice) == access.new_join_code(choice=random.Random(1).choice)


@pytest.mark.parametrize("typed", ["k7m-q4x", " K7M Q4X ", "k7m.q4x", "K7MQ4X"])
def test_typed_codes_are_normalised(typed: str) -> None:
    assert access.normalize_code(typed) == "K7MQ4X"
    assert access.codes_match(typed, "K7MQ4X")


def test_format_and_validity() -> None:
    assert access.format_code("k7mq4x") == "K7M-Q4X"
    assert access.format_code("ABCD") == "ABCD"
    assert access.is_valid_code("K7M-Q4X")
    assert not access.is_valid_code("K0M-Q4X")  # 0 is not in the alphabet
    assert not access.is_valid_code("AB")
    assert not access.codes_match("", "K7MQ4X")
    assert not access.codes_match(None, "K7MQ4X")
    with pytest.raises(ValueError):
        AccessGate("O0")


@pytest.mark.parametrize(
    "ip,local",
    [
        ("127.0.0.1", True),
        ("127.0.1.1", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        ("", True),
        (None, True),
        ("localhost", True),
        ("192.168.1.20", False),
        ("10.0.0.5", False),
        ("fe80::1", False),
        ("::ffff:192.168.1.2", False),
        ("garbage", False),
    ],
)
def test_local_clients(ip: str | None, local: bool) -> None:
    assert access.is_local_client(ip) is local


def test_local_client_needs_nothing() -> None:
    gate = AccessGate("K7MQ4X")
    decision = gate.decide("127.0.0.1", "logger")
    assert decision.allowed and decision.reason == "local" and decision.can_edit
    assert gate.decide(None, "wand").allowed


def test_remote_client_without_code_gets_only_the_join_page() -> None:
    gate = AccessGate("K7MQ4X")
    decision = gate.decide("192.168.1.20", "voorzitter")
    assert not decision.allowed and decision.needs_join and decision.reason == "join_required"
    assert not decision.can_edit and decision.token is None


def test_right_code_gives_a_token_that_survives_a_reload() -> None:
    gate = AccessGate("K7MQ4X")
    decision = gate.decide("192.168.1.20", "logger", code="k7m-q4x")
    assert decision.allowed and decision.reason == "code" and decision.can_edit
    again = gate.decide("192.168.1.20", "logger", token=decision.token)
    assert again.allowed and again.reason == "token"
    # a forged token does not work
    assert not gate.decide("192.168.1.20", "logger", token="0" * 32).allowed


def test_rotating_the_code_invalidates_tokens() -> None:
    gate = AccessGate("K7MQ4X")
    token = gate.decide("192.168.1.20", code="K7MQ4X").token
    new = gate.rotate()
    assert new != "K7MQ4X" and access.is_valid_code(new)
    assert gate.decide("192.168.1.20", token=token).reason == "join_required"
    assert gate.decide("192.168.1.20", code="K7MQ4X").reason == "wrong_code"
    assert gate.decide("192.168.1.20", code=new).allowed
    with pytest.raises(ValueError):
        gate.rotate("01")


def test_tokens_differ_per_process_secret() -> None:
    assert AccessGate("K7MQ4X").token() != AccessGate("K7MQ4X").token()
    same = {"secret": b"s", "issued_at": 1.0, "wall_clock": lambda: 2.0}
    assert AccessGate("K7MQ4X", **same).token() == AccessGate("K7MQ4X", **same).token()


def test_wall_screen_cannot_edit_even_with_code() -> None:
    gate = AccessGate("K7MQ4X")
    decision = gate.decide("192.168.1.30", "wand", code="K7MQ4X")
    assert decision.allowed and not decision.can_edit
    assert not gate.decide("127.0.0.1", "wall").can_edit
    assert access.can_edit("voorzitter") and access.can_edit("logger")
    assert not access.can_edit("wand") and not access.can_edit(None) and not access.can_edit("admin")


def test_wrong_codes_lock_the_address_out_for_a_while() -> None:
    clock = FakeClock()
    gate = AccessGate("K7MQ4X", max_failures=3, lockout_seconds=60, clock=clock)
    assert gate.decide("192.168.1.20", code="AAAAAA").reason == "wrong_code"
    assert gate.decide("192.168.1.20", code="AAAAAB").reason == "wrong_code"
    locked = gate.decide("192.168.1.20", code="AAAAAC")
    assert locked.reason == "locked_out" and locked.retry_after == 60
    # even the right code is refused while locked out; other addresses are not affected
    assert gate.decide("192.168.1.20", code="K7MQ4X").reason == "locked_out"
    assert gate.decide("192.168.1.21", code="K7MQ4X").allowed
    clock.t += 61
    assert gate.decide("192.168.1.20", code="AAAAAA").reason == "wrong_code"  # counting starts afresh
    assert gate.decide("192.168.1.20", code="K7MQ4X").allowed
    assert gate.decide("192.168.1.20", code="AAAAAA").reason == "wrong_code"  # success reset the count


def test_test_switch_is_only_honoured_with_test_hooks() -> None:
    query = {"as_client": "192.0.2.10"}
    assert access.effective_client_ip("127.0.0.1", query, test_hooks=False) == "127.0.0.1"
    assert access.effective_client_ip("127.0.0.1", query, test_hooks=True) == "192.0.2.10"
    assert access.effective_client_ip("127.0.0.1", {}, test_hooks=True) == "127.0.0.1"
    assert access.effective_client_ip("10.0.0.2", None, test_hooks=True) == "10.0.0.2"


@pytest.mark.parametrize(
    "given,expected",
    [
        ("chair", "voorzitter"),
        ("Voorzitter", "voorzitter"),
        ("/logger", "logger"),
        ("wall", "wand"),
        ("wand", "wand"),
        ("kretenbord", "wand"),
        ("boss", None),
        (None, None),
        ("", None),
    ],
)
def test_role_aliases(given: str | None, expected: str | None) -> None:
    assert access.normalize_role(given) == expected


def test_join_url_and_bind_host() -> None:
    assert access.join_url("192.168.1.5", 8550, "k7m-q4x") == "http://192.168.1.5:8550/join?code=K7MQ4X"
    assert (
        access.join_url("fe80::1", 8550, "K7MQ4X", role="wand")
        == "http://[fe80::1]:8550/join?code=K7MQ4X&role=wand"
    )
    assert access.bind_host(False) == "127.0.0.1"
    assert access.bind_host(False, "192.168.1.5") == "127.0.0.1"
    assert access.bind_host(True) == "0.0.0.0"
    assert access.bind_host(True, "192.168.1.5") == "192.168.1.5"
    lan = access.lan_address()
    assert lan is None or not access.is_local_client(lan)


def test_view_code_gives_a_wall_screen_only_token() -> None:
    gate = AccessGate("K7MQ4X", "WAXY23")
    decision = gate.decide("192.168.1.40", "logger", code="waxy-23")
    assert decision.allowed and decision.view_only and not decision.can_edit
    assert gate.token_scope(decision.token) == access.SCOPE_VIEW
    again = gate.decide("192.168.1.40", "logger", token=decision.token)
    assert again.allowed and again.scope == access.SCOPE_VIEW and not again.can_edit
    full = gate.decide("192.168.1.41", "logger", code="K7MQ4X")
    assert full.scope == access.SCOPE_EDIT and full.can_edit and full.token != decision.token
    assert access.allowed_route(access.SCOPE_VIEW, "/wand")
    assert not access.allowed_route(access.SCOPE_VIEW, "/logger")
    assert not access.allowed_route(access.SCOPE_VIEW, "/voorzitter")
    assert access.allowed_route(access.SCOPE_EDIT, "/logger") and access.allowed_route(None, "/logger")


def test_codes_differ_and_rotate_together() -> None:
    gate = AccessGate.create()
    assert gate.code != gate.view_code and access.is_valid_code(gate.view_code)
    view_token = gate.token(access.SCOPE_VIEW)
    gate.rotate()
    assert gate.token_scope(view_token) is None
    with pytest.raises(ValueError):
        AccessGate("K7MQ4X", "K7MQ4X")
    assert gate.display_view_code.count("-") == 1


def test_settings_round_trip_keeps_devices_joined() -> None:
    gate = AccessGate.create()
    token = gate.decide("192.168.1.20", code=gate.code).token
    restored = AccessGate.from_settings(gate.to_settings())
    assert restored.code == gate.code and restored.view_code == gate.view_code
    assert restored.decide("192.168.1.20", token=token).allowed
    fresh = AccessGate.from_settings({"code": "broken!"})
    assert access.is_valid_code(fresh.code)
    assert access.is_valid_code(AccessGate.from_settings(None).code)


def test_the_hosts_own_lan_address_counts_as_local() -> None:
    """With --lan the app binds to the LAN address, so the host's own browser comes from it."""
    gate = AccessGate("K7MQ4X", own_addresses=frozenset({"192.168.1.5"}))
    assert gate.decide("192.168.1.5", "logger").reason == "local"
    assert gate.decide("192.168.1.6", "logger").reason == "join_required"


# --- device identity, expiry, brute force (issue #10) ---------------------------------------------------


class WallClock:
    def __init__(self, t: float = 1_770_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def test_device_token_carries_a_signed_identity() -> None:
    gate = AccessGate("K7MQ4X")
    token = gate.issue(access.SCOPE_EDIT, "logger", person="Jan Smit", name="Laptop 2")
    grant = gate.decide("192.168.1.20", token=token).device
    assert grant is not None
    assert (grant.scope, grant.role, grant.person, grant.name) == ("edit", "logger", "Jan Smit", "Laptop 2")
    # the browser cannot change who it is: any edit of the payload breaks the signature
    payload, _, signature = token.partition(".")
    import base64
    import json

    body = json.loads(base64.urlsafe_b64decode(payload))
    body["r"] = "voorzitter"
    forged = base64.urlsafe_b64encode(json.dumps(body, separators=(",", ":")).encode()).decode()
    assert gate.verify(f"{forged}.{signature}") is None
    assert gate.verify("garbage") is None and gate.verify("a.b") is None and gate.verify(None) is None
    # the view code can only make a wall screen, whatever role is asked for
    wall = gate.verify(gate.issue(access.SCOPE_VIEW, "logger", name="Beamer"))
    assert wall is not None and wall.role == access.ROLE_WALL
    with pytest.raises(ValueError):
        gate.issue(access.SCOPE_EDIT, "wand")


def test_revoking_one_device_keeps_the_others() -> None:
    gate = AccessGate("K7MQ4X")
    one = gate.issue(access.SCOPE_EDIT, "logger", name="A", device_id="dev-a")
    two = gate.issue(access.SCOPE_EDIT, "voorzitter", name="B", device_id="dev-b")
    gate.revoke("dev-a")
    assert gate.decide("192.168.1.20", token=one).reason == "join_required"
    assert gate.decide("192.168.1.21", token=two).allowed
    restored = AccessGate.from_settings(gate.to_settings())
    assert restored.verify(one) is None and restored.verify(two) is not None


def test_codes_expire_after_their_lifetime_and_at_crisis_close() -> None:
    wall = WallClock()
    gate = AccessGate("K7MQ4X", wall_clock=wall, code_ttl_seconds=3600)
    token = gate.decide("192.168.1.20", code="K7MQ4X").token
    wall.t += 3599
    assert gate.decide("192.168.1.20", token=token).allowed
    wall.t += 2
    assert gate.expired()
    assert gate.decide("192.168.1.20", token=token).reason == "expired"
    assert gate.decide("192.168.1.21", code="K7MQ4X").reason == "expired"
    assert gate.decide("127.0.0.1").allowed  # the host is never locked out
    new = gate.rotate()
    assert gate.decide("192.168.1.21", code=new).allowed and not gate.expired()
    gate.expire()  # the crisis closed
    assert gate.decide("192.168.1.21", code=new).reason == "expired"
    # the default lifetime is 24 hours, and survives a restart
    assert AccessGate("K7MQ4X").code_ttl_seconds == 24 * 3600
    again = AccessGate.from_settings(gate.to_settings(), wall_clock=wall, code_ttl_seconds=3600)
    assert again.expired()


def test_global_limit_stops_guessing_from_many_addresses() -> None:
    clock = FakeClock()
    gate = AccessGate("K7MQ4X", max_failures=5, global_max_failures=6, global_window_seconds=60, clock=clock)
    for n in range(6):  # six addresses, one wrong code each: no address is locked by itself
        assert gate.decide(f"192.168.1.{n + 10}", code="AAAAAA").reason == "wrong_code"
    refused = gate.decide("192.168.1.99", code="K7MQ4X")  # even the right code, from a fresh address
    assert refused.reason == "locked_out" and 0 < refused.retry_after <= 60
    assert gate.decide("192.168.1.99").reason == "join_required"  # just looking is not an attempt
    clock.t += 61
    assert gate.decide("192.168.1.99", code="K7MQ4X").allowed


def test_repeated_failures_raise_a_banner_for_the_host() -> None:
    clock = FakeClock()
    gate = AccessGate("K7MQ4X", alert_failures=3, alert_window_seconds=600, clock=clock)
    gate.decide("192.168.1.20", code="AAAAAA")
    gate.decide("192.168.1.21", code="AAAAAB")
    assert gate.failure_alert() == 0
    gate.decide("192.168.1.22", code="AAAAAC")
    assert gate.failure_alert() == 3
    clock.t += 601
    assert gate.failure_alert() == 0


def test_as_client_is_never_trusted_from_a_lan_client() -> None:
    query = {"as_client": "127.0.0.1"}
    assert access.effective_client_ip("192.168.1.20", query, test_hooks=True) == "192.168.1.20"
    assert access.effective_client_ip(None, {"as_client": "192.0.2.10"}, test_hooks=True) is None
    assert access.effective_client_ip("::1", {"as_client": "192.0.2.10"}, test_hooks=True) == "192.0.2.10"


def test_device_routes_per_role() -> None:
    assert access.device_route_allowed("logger", "/logger")
    assert not access.device_route_allowed("logger", "/voorzitter")
    assert not access.device_route_allowed("logger", "/apparaten")
    assert not access.device_route_allowed("wand", "/logger") and access.device_route_allowed("wand", "/wand")
    assert access.device_route_allowed("voorzitter", "/start")
    assert not any(access.device_route_allowed(r, "/apparaten") for r in ("voorzitter", "logger", "lid", "wand"))
    assert access.device_home("lid") == "/wand" and access.device_home(None) == "/wand"
