"""Plug-in: starts the teams link (``assistant.teams``) as an app service when the laptop is linked.

The service lives in ``ctx.extras["teams"]``; screens may read ``link_status()``, ``pictures()``
and ``cross_team_orders()`` from it (read-only, safe from any thread). It never blocks the UI:
the nats-server child and the sync worker run on their own threads.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from assistant.teams.cli import config_from_args, local_commands
from assistant.teams.service import TeamsService
from assistant.ui.views import register_service

if TYPE_CHECKING:  # the shell imports this module; its context is a type here only
    from assistant.ui.app import AppContext

log = logging.getLogger(__name__)


def start_teams(ctx: AppContext) -> TeamsService | None:
    args = ctx.extras.get("args")
    room = ctx.room
    data_dir = room.repo.data_dir
    config = config_from_args(args, data_dir, room.setup.active_id()) if args is not None else None
    if config is None or config.crisis_id is None:
        return None
    service = TeamsService(config, room.repo, data_dir, lambda: datetime.now(UTC), room)
    service.start()
    if config.is_hub:
        for line in local_commands(config, ctx.host if ctx.lan else "CENTRAL-ADDRESS"):
            print(line, flush=True)
    return service


def stop_teams(service: TeamsService | None) -> None:
    if service is not None:
        service.stop()


register_service("teams", start_teams, close=stop_teams)
