"""A small certificate authority for the links between sites (``cryptography``).

Why: the leaf-node links cross networks we do not control, so the central laptop presents a
server certificate signed by a per-deployment CA, and every local laptop pins that CA. The CA's
key never leaves the central laptop; local laptops receive only ``ca.pem`` (with their
credentials). Files are written atomically with mode 0600.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from assistant.storage.atomic import atomic_write_bytes, make_dirs

VALIDITY = timedelta(days=365)


@dataclass(frozen=True)
class TlsFiles:
    """Paths nats-server needs: the CA (both sides) and the hub's certificate and key."""

    ca_cert: Path
    server_cert: Path
    server_key: Path


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def ensure_tls(folder: Path, hosts: list[str], now: datetime) -> TlsFiles:
    """Create the CA and a server certificate for ``hosts`` once; later calls reuse them.

    ``hosts`` are the names and addresses local laptops dial (``127.0.0.1`` in tests, the central
    laptop's LAN address or name in the field). ``now`` is passed in (tests never depend on the
    wall clock for certificate validity).
    """
    files = TlsFiles(folder / "ca.pem", folder / "server.pem", folder / "server-key.pem")
    if files.ca_cert.exists() and files.server_cert.exists() and files.server_key.exists():
        return files
    make_dirs(folder)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("CMT-assistent teams CA"))
        .issuer_name(_name("CMT-assistent teams CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .sign(ca_key, hashes.SHA256())
    )
    server_key = ec.generate_private_key(ec.SECP256R1())
    sans: list[x509.GeneralName] = []
    for host in hosts:
        try:
            sans.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            sans.append(x509.DNSName(host))
    server_cert = (
        x509.CertificateBuilder()
        .subject_name(_name(hosts[0]))
        .issuer_name(ca_cert.subject)
        .public_key(server_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.ExtendedKeyUsage([x509.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    atomic_write_bytes(folder / "ca-key.pem", _key_pem(ca_key))
    atomic_write_bytes(files.server_key, _key_pem(server_key))
    atomic_write_bytes(files.server_cert, server_cert.public_bytes(serialization.Encoding.PEM))
    atomic_write_bytes(files.ca_cert, ca_cert.public_bytes(serialization.Encoding.PEM))
    return files
