"""``assistant run --team NAME --link URL``: the command-line side of linking teams.

Central laptop: ``--team centraal --teams centraal,noord,zuid [--leaf-listen 0.0.0.0:7422]``; it
generates a credential per local team once (kept in ``<data>/teams/settings.json``, 0600) and prints
the command each local laptop runs. Local laptop: ``--team noord --teams centraal,noord,zuid
--link tls://noord:SECRET@CENTRAL:7422 --link-ca ca.pem``. ``--incident`` is the code all teams use
for this crisis (default: the saved one, else ``crisis``). Flags override and update the saved
settings, so later runs need only ``assistant run``.
"""

from __future__ import annotations

import argparse
import shutil
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from assistant.teams.config import TEAMS_DIR, LinkUrl, TeamsConfig, load_config, save_config, team_id
from assistant.teams.errors import TeamsConfigInvalid


def add_cli_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("teams (central and local crisis teams)")
    group.add_argument("--team", metavar="NAME", help="this laptop's team (e.g. centraal, 'lokaal noord')")
    group.add_argument("--teams", metavar="A,B,C", help="every team of the crisis, the central one first")
    group.add_argument("--link", metavar="URL", help="local team: tls://TEAM:SECRET@CENTRAL:7422 to dial out")
    group.add_argument("--link-ca", metavar="FILE", help="local team: the central laptop's ca.pem")
    group.add_argument("--leaf-listen", metavar="HOST:PORT", help="central team: where local teams dial in")
    group.add_argument("--incident", metavar="CODE", help="the code every team uses for this crisis")


def config_from_args(args: argparse.Namespace, data_dir: Path, crisis_id: str | None) -> TeamsConfig | None:
    """The saved settings updated by the flags; None when this laptop is not linked at all."""
    saved = load_config(data_dir)
    if not getattr(args, "team", None):
        return replace(saved, crisis_id=saved.crisis_id or crisis_id) if saved else None
    team = team_id(args.team)
    teams = tuple(team_id(t) for t in args.teams.split(",")) if args.teams else (saved.teams if saved else ())
    if not teams:
        raise TeamsConfigInvalid("--teams lists every team, the central one first", field="teams")
    secrets = dict(saved.secrets) if saved else {}
    link = None
    if args.link:
        parts = urlsplit(args.link)
        if parts.password:
            secrets[team] = parts.password
        link = LinkUrl.parse(args.link)
    elif saved:
        link = saved.link
    if getattr(args, "link_ca", None):
        (data_dir / TEAMS_DIR).mkdir(parents=True, exist_ok=True)
        shutil.copy(args.link_ca, data_dir / TEAMS_DIR / "ca.pem")
    listen = (
        LinkUrl.parse(f"tls://{args.leaf_listen}")
        if args.leaf_listen
        else (saved.leaf_listen if saved else None)
    )
    incident = args.incident or (saved.incident if saved else "crisis")
    config = TeamsConfig(
        team=team,
        incident=team_id(incident),
        teams=teams,
        hub=teams[0],
        link=link,
        secrets=secrets,
        crisis_id=(saved.crisis_id if saved else None) or crisis_id,
        **({"leaf_listen": listen} if listen else {}),
    )
    if config.is_hub:
        config = config.with_generated_secrets()
    save_config(data_dir, config)
    return config


def local_commands(config: TeamsConfig, host: str) -> list[str]:
    """What the central laptop prints: the command for each local laptop."""
    return [
        f"assistant run --team {leaf} --teams {','.join(config.teams)} --incident {config.incident} "
        f"--link tls://{leaf}:{config.secret(leaf)}@{host}:{config.leaf_listen.port} --link-ca ca.pem"
        for leaf in config.leaves
    ]
