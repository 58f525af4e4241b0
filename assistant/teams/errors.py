"""Errors of the teams link, with stable codes (user text lives in the catalogue, ``assistant.i18n.error_message``)."""

from __future__ import annotations

from assistant.domain.errors import AssistantError, CorruptData, InvalidInput


class TeamsError(AssistantError):
    """Base of every problem with linking teams (server, link, mirrored data)."""

    code = "teams_error"


class TeamsConfigInvalid(InvalidInput):
    """A team name, link URL or credential that cannot be used. params: ``field``."""

    code = "teams_config_invalid"


class ServerUnavailable(TeamsError):
    """The local nats-server binary is missing, not the pinned one, or did not start."""

    code = "teams_server_unavailable"


class MirrorChainBroken(CorruptData):
    """Another team's mirrored entry does not extend the chain we hold: it is refused, not stored.

    params: ``team``, ``seq``, ``problem`` (hash_mismatch | broken_link | gap | bad_version)."""

    code = "teams_mirror_chain_broken"
