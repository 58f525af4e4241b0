"""Which addresses other devices in the room can use to reach this app.

Why its own module: ``--lan --host ::`` (or ``0.0.0.0``) binds every interface, and the address
that used to be printed and put in the join QR code was the loopback one (127.0.0.1), which no
other device can reach. The one rule lives here, used by the command line (what it prints), the
host's ``/apparaten`` page (what the QR code carries) and the web guard (which ``Host`` headers it
answers to).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable, Mapping

#: Addresses that mean "every interface" when a server binds to them.
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})

#: ``interface name -> addresses`` as ``psutil.net_if_addrs()`` gives them (only the text is used).
Interfaces = Mapping[str, Iterable[str]]


def _reachable(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address if another device could use it in a URL: no loopback, no link-local (those need
    a zone id no browser URL carries), no unspecified or multicast address; None otherwise."""
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0].strip().strip("[]"))
    except ValueError:
        return None  # a MAC address or anything else that is not IP
    if address.is_loopback or address.is_link_local or address.is_unspecified or address.is_multicast:
        return None
    return address


def system_interfaces() -> dict[str, list[str]]:
    """The machine's interfaces and their addresses (reads the OS; psutil is a dependency)."""
    import psutil

    return {name: [a.address for a in addrs] for name, addrs in psutil.net_if_addrs().items()}


def reachable_addresses(
    bound: str | None, interfaces: Interfaces | None = None, preferred: str | None = None
) -> list[str]:
    """The addresses other devices can reach a server on that is bound to ``bound``.

    Bound to one address: that address, unless it is loopback (then none). Bound to every interface
    (``0.0.0.0``: IPv4 only; ``::``: IPv4 and IPv6, Linux binds both): every non-loopback,
    non-link-local address of every interface, IPv4 first. ``preferred`` (the address of the default
    route) comes first when present, so the QR code carries the most likely one.
    """
    host = (bound or "").strip().strip("[]")
    if host not in WILDCARD_HOSTS:
        return [host] if _reachable(host) is not None else []
    found = system_interfaces() if interfaces is None else interfaces
    v4: list[str] = []
    v6: list[str] = []
    for addresses in found.values():
        for text in addresses:
            address = _reachable(text)
            if address is None:
                continue
            bucket = v4 if address.version == 4 else v6
            if str(address) not in bucket:
                bucket.append(str(address))
    ordered = v4 + (v6 if host == "::" else [])
    if preferred and preferred in ordered:
        ordered.remove(preferred)
        ordered.insert(0, preferred)
    return ordered


def url_host(address: str) -> str:
    """``fd00::2`` → ``[fd00::2]``: how an address appears in a URL."""
    return f"[{address}]" if ":" in address and not address.startswith("[") else address


def base_urls(bound: str | None, port: int, interfaces: Interfaces | None = None) -> list[str]:
    """``http://ADDRESS:PORT`` for every reachable address (empty when none is reachable)."""
    return [f"http://{url_host(a)}:{port}" for a in reachable_addresses(bound, interfaces, default_route_address())]


def default_route_address(probe: str = "10.255.255.255") -> str | None:
    """The IPv4 address of the interface of the default route (no packet is sent), or None."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.connect((probe, 1))
        address = str(sock.getsockname()[0])
    except OSError:
        return None
    finally:
        sock.close()
    return address if _reachable(address) is not None else None
