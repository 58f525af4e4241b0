"""Who we are, whom we link to, and the names every server and stream derive from.

One stream per team per crisis: ``CMT_<team>_<incident>`` with the one subject
``cmt.<team>.<incident>.log``; every other team holds a read-only mirror ``MIR_<team>_<incident>``.
The incident code is what the teams agreed to call this crisis (each laptop has its own crisis id).
Team names double as JetStream domains and NATS user names, so they are kept to ``[a-z0-9_]``.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from assistant.storage.atomic import atomic_write_bytes, dump_tables, make_dirs, read_json_file
from assistant.teams.errors import TeamsConfigInvalid

TEAMS_DIR = "teams"
CONFIG_FILE = "settings.json"
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
DEFAULT_LEAF_PORT = 7422


def team_id(name: str) -> str:
    """``"Lokaal Noord"`` → ``"lokaal_noord"``: usable as domain, user, stream and subject token."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_")
    if not _NAME.match(slug):
        raise TeamsConfigInvalid(f"team name {name!r} cannot be used", field="team")
    return slug


def stream_name(team: str, incident: str) -> str:
    return f"CMT_{team}_{incident}"


def mirror_name(team: str, incident: str) -> str:
    return f"MIR_{team}_{incident}"


def log_subject(team: str, incident: str) -> str:
    return f"cmt.{team}.{incident}.log"


@dataclass(frozen=True)
class LinkUrl:
    """Where a local laptop dials the central one: ``tls://host:port``."""

    host: str
    port: int

    @classmethod
    def parse(cls, url: str) -> LinkUrl:
        parts = urlsplit(url if "://" in url else f"tls://{url}")
        if parts.scheme not in ("tls", "nats-leaf") or not parts.hostname:
            raise TeamsConfigInvalid(f"link {url!r} is not tls://HOST:PORT", field="link")
        return cls(parts.hostname, parts.port or DEFAULT_LEAF_PORT)


@dataclass(frozen=True)
class TeamsConfig:
    """The deployment as this laptop sees it. ``hub`` is the central team's name.

    On the hub ``secrets`` holds every local team's credential (it checks them); on a local laptop
    it holds only its own (it presents it). ``link`` is set on local laptops only.
    """

    team: str
    incident: str
    teams: tuple[str, ...]
    hub: str
    link: LinkUrl | None = None
    leaf_listen: LinkUrl = LinkUrl("0.0.0.0", DEFAULT_LEAF_PORT)
    tls_hosts: tuple[str, ...] = ("127.0.0.1", "localhost")
    secrets: dict[str, str] = field(default_factory=dict)
    crisis_id: str | None = None  # the local crisis this incident is linked to

    def __post_init__(self) -> None:
        for name in (self.team, self.hub, *self.teams):
            if not _NAME.match(name):
                raise TeamsConfigInvalid(f"team name {name!r} cannot be used", field="team")
        if not re.match(r"^[a-z0-9_]{1,32}$", self.incident):
            raise TeamsConfigInvalid(f"incident code {self.incident!r} cannot be used", field="incident")
        if self.team not in self.teams or self.hub not in self.teams:
            raise TeamsConfigInvalid("our team and the central team must be in the team list", field="teams")
        if not self.is_hub and self.link is None:
            raise TeamsConfigInvalid("a local team needs --link tls://CENTRAL:PORT", field="link")

    @property
    def is_hub(self) -> bool:
        return self.team == self.hub

    @property
    def others(self) -> tuple[str, ...]:
        return tuple(t for t in self.teams if t != self.team)

    @property
    def leaves(self) -> tuple[str, ...]:
        return tuple(t for t in self.teams if t != self.hub)

    def secret(self, team: str) -> str:
        try:
            return self.secrets[team]
        except KeyError as exc:
            raise TeamsConfigInvalid(f"no credential for team {team!r}", field="secret") from exc

    def with_generated_secrets(self) -> TeamsConfig:
        """Hub only: a random credential for every local team that has none yet."""
        missing = {t: secrets.token_urlsafe(24) for t in self.leaves if t not in self.secrets}
        return replace(self, secrets={**self.secrets, **missing}) if missing else self

    def to_dict(self) -> dict[str, Any]:
        return {
            "team": self.team,
            "incident": self.incident,
            "teams": list(self.teams),
            "hub": self.hub,
            "link": f"tls://{self.link.host}:{self.link.port}" if self.link else None,
            "leaf_listen": f"{self.leaf_listen.host}:{self.leaf_listen.port}",
            "tls_hosts": list(self.tls_hosts),
            "secrets": dict(self.secrets),
            "crisis_id": self.crisis_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TeamsConfig:
        listen = LinkUrl.parse(f"tls://{data.get('leaf_listen') or f'0.0.0.0:{DEFAULT_LEAF_PORT}'}")
        return cls(
            team=data["team"],
            incident=data["incident"],
            teams=tuple(data["teams"]),
            hub=data["hub"],
            link=LinkUrl.parse(data["link"]) if data.get("link") else None,
            leaf_listen=listen,
            tls_hosts=tuple(data.get("tls_hosts") or ("127.0.0.1", "localhost")),
            secrets=dict(data.get("secrets") or {}),
            crisis_id=data.get("crisis_id"),
        )


def config_path(data_dir: Path) -> Path:
    return data_dir / TEAMS_DIR / CONFIG_FILE


def load_config(data_dir: Path) -> TeamsConfig | None:
    """The saved link settings (host's settings), or None when this laptop is not linked."""
    path = config_path(data_dir)
    if not path.exists():
        return None
    tables = read_json_file(path)
    data = tables.get("config", {}).get("1")
    return TeamsConfig.from_dict(data) if data else None


def save_config(data_dir: Path, config: TeamsConfig) -> None:
    """Atomic, owner-only (it holds credentials)."""
    make_dirs(data_dir / TEAMS_DIR)
    atomic_write_bytes(config_path(data_dir), dump_tables({"config": {"1": config.to_dict()}}))
