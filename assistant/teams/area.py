"""``room.teams``: what a screen may do with the other teams, through the permission gateway.

Why a room area and not the teams service itself: every device reaches the room only through its
gateway (``assistant.app.permissions.ROOM_TABLE``, keyed ``"teams.accept"``), so answering another
team's order needs the DRAFTS capability (logger, chair; never the wall or a member) and the ``by`` of
the answer is stamped by the server from the device's identity. The link settings are host-only
(READ_SETTINGS / SETTINGS). The running ``TeamsService`` attaches itself (``attach``); without it the
reads answer "not linked" and answering an order that already arrived still works (it only writes
our own log; the outbox sends the answer once a link is back).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from assistant.app.room.core import RoomCore
from assistant.app.room.intake import Intake
from assistant.app.room.ledger import Ledger
from assistant.domain.clean_text import MAX_FIELD_CHARS, clean_line
from assistant.domain.entries import EntryEdit, LogEntry, TaskStatus
from assistant.domain.errors import InvalidInput
from assistant.teams.config import TEAMS_DIR, load_config
from assistant.teams.errors import TeamsConfigInvalid
from assistant.teams.orders import CrossTeamOrder, TeamPicture, owner_for_team, sender_team
from assistant.teams.status import LinkStatus

#: Bounds of the host's settings form (issue 11: every input is bounded).
MAX_SETTING_CHARS = 300
MAX_TEAMS = 12
MAX_CA_BYTES = 64 * 1024
DECLINE_NOTE = "geweigerd: {reason}"  # the log's Dutch (texts the room writes itself are Dutch)


class TeamsLink(Protocol):
    """What the area reads from the running teams service (``assistant.teams.service``)."""

    def link_status(self) -> list[LinkStatus]: ...
    def pictures(self) -> list[TeamPicture]: ...
    def cross_team_orders(self) -> list[CrossTeamOrder]: ...
    @property
    def others(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class TeamsSettings:
    """The host's form, as typed (validated by ``save_settings``). ``teams``: comma-separated, the
    central team first; ``link``: ``tls://TEAM:SECRET@CENTRAL:7422`` (local teams only); ``ca_file``:
    a path on this laptop to the central laptop's ``ca.pem`` (local teams only, copied)."""

    team: str = ""
    teams: str = ""
    incident: str = ""
    link: str = ""
    ca_file: str = ""
    leaf_listen: str = ""


class Teams:
    """The room's teams area (``room.teams``)."""

    def __init__(self, core: RoomCore, intake: Intake, ledger: Ledger) -> None:
        self._core = core
        self._intake = intake
        self._ledger = ledger
        self._link: TeamsLink | None = None

    # --- wiring (ROOM_INTERNAL: the app's plug-in, never a screen) -----------------------------------

    def attach(self, link: TeamsLink | None) -> None:
        """The running teams service (None: stopped)."""
        self._link = link

    # --- reads (READ: every device, the wall too) --------------------------------------------------

    def linked(self) -> bool:
        return self._link is not None

    def others(self) -> tuple[str, ...]:
        """The other teams' names (the owner picker offers ``team:<name>`` for orders passed on)."""
        return self._link.others if self._link is not None else ()

    def link_status(self) -> list[LinkStatus]:
        """One status per linked team; cheap (no network, no disk): the chips re-read it on a timer."""
        return self._link.link_status() if self._link is not None else []

    def pictures(self) -> list[TeamPicture]:
        return self._link.pictures() if self._link is not None else []

    def cross_team_orders(self) -> list[CrossTeamOrder]:
        return self._link.cross_team_orders() if self._link is not None else []

    # --- answering another team's order (DRAFTS: logger and chair) ---------------------------------

    def accept(self, crisis_id: str, draft_id: str, by: str, owner: str | None = None) -> LogEntry:
        """The draft becomes an order in our own log (``ref`` = sender/number), with a local owner or
        ``team:<name>`` when we pass it on."""
        self._team_draft(crisis_id, draft_id)
        owner = clean_line(owner or "", 100) or None
        if (
            owner is not None
            and owner.startswith("team:")
            and owner not in map(owner_for_team, self.others())
        ):
            raise InvalidInput(f"unknown team owner {owner!r}", field="owner")
        edit = EntryEdit({"owner": owner} if owner else {})
        return self._intake.confirm_draft(crisis_id, draft_id, by, edit)

    def decline(self, crisis_id: str, draft_id: str, by: str, reason: str) -> LogEntry:
        """Declining is an answer too: our order with status *vervallen* and the reason, in our log."""
        reason = clean_line(reason, MAX_FIELD_CHARS)
        if not reason:
            raise InvalidInput("a decline needs a reason", field="reason")
        self._team_draft(crisis_id, draft_id)
        closing = (TaskStatus.CANCELLED, DECLINE_NOTE.format(reason=reason))
        entry = self._intake.confirm_draft(crisis_id, draft_id, by, closed_as=closing)  # one write
        return self._ledger.history(crisis_id, entry.entry_id)[-1]

    def _team_draft(self, crisis_id: str, draft_id: str) -> str:
        draft = self._core.repo.get_draft(crisis_id, draft_id)
        team = sender_team(draft)
        if team is None:
            raise InvalidInput("not an order from another team", field="draft")
        return team

    # --- the host's link settings (READ_SETTINGS / SETTINGS: host only) ------------------------------

    def settings(self) -> TeamsSettings:
        """What is saved now (credentials stay on disk: the form shows whether one is set)."""
        config = load_config(self._data_dir())
        if config is None:
            return TeamsSettings()
        link = f"tls://{config.link.host}:{config.link.port}" if config.link else ""
        return TeamsSettings(
            team=config.team,
            teams=",".join(config.teams),
            incident=config.incident,
            link=link,
            leaf_listen=f"{config.leaf_listen.host}:{config.leaf_listen.port}",
        )

    def save_settings(self, settings: TeamsSettings, crisis_id: str | None = None) -> list[str]:
        """Validate and save (``assistant.teams.config.save_config``, atomic, owner-only); takes effect at
        the next start. Returns the commands for the local laptops when this is the central one."""
        from assistant.teams.cli import config_from_args, local_commands

        args = _bounded_args(settings)
        if args.link_ca:
            _check_ca(Path(args.link_ca))
        config = config_from_args(args, self._data_dir(), crisis_id)
        if config is None:
            raise TeamsConfigInvalid("no team name", field="team")
        return local_commands(config, "CENTRAL-ADDRESS") if config.is_hub else []

    def _data_dir(self) -> Path:
        return Path(self._core.repo.data_dir)


def _bounded_args(settings: TeamsSettings) -> argparse.Namespace:
    """The form as ``assistant run`` flags (one validation path for the CLI and the app)."""
    values = {}
    for name in ("team", "teams", "incident", "link", "ca_file", "leaf_listen"):
        raw = str(getattr(settings, name) or "")
        if len(raw) > MAX_SETTING_CHARS:
            raise TeamsConfigInvalid(f"{name} is too long", field=name)
        values[name] = clean_line(raw, MAX_SETTING_CHARS) or None
    if not values["team"]:
        raise TeamsConfigInvalid("no team name", field="team")
    if values["teams"] and len(values["teams"].split(",")) > MAX_TEAMS:
        raise TeamsConfigInvalid("too many teams", field="teams")
    return argparse.Namespace(
        team=values["team"],
        teams=values["teams"],
        incident=values["incident"],
        link=values["link"],
        link_ca=values["ca_file"],
        leaf_listen=values["leaf_listen"],
    )


def _check_ca(path: Path) -> None:
    """The central laptop's certificate: a small PEM file that exists (never a folder or a device)."""
    try:
        ok = path.is_file() and path.stat().st_size <= MAX_CA_BYTES
        ok = ok and path.read_bytes().lstrip().startswith(b"-----BEGIN CERTIFICATE-----")
    except OSError:
        ok = False
    if not ok:
        raise TeamsConfigInvalid(f"{path} is not a certificate file", field="ca_file")


__all__ = ["TEAMS_DIR", "Teams", "TeamsSettings"]
