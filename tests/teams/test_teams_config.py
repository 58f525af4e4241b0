"""Team settings from the command line, the rendered server config and the pinned binary."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.teams.cli import add_cli_arguments, config_from_args, local_commands
from assistant.teams.config import load_config
from assistant.teams.errors import ServerUnavailable, TeamsConfigInvalid
from assistant.teams.pki import ensure_tls
from assistant.teams.server import ServerPorts, binary_path, check_binary, render_config


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_cli_arguments(parser)
    return parser.parse_args(list(argv))


def test_central_generates_credentials_and_local_uses_its_link(tmp_path: Path) -> None:
    hub = config_from_args(
        _args("--team", "Centraal", "--teams", "centraal,Lokaal Noord"), tmp_path / "c", "c1"
    )
    assert hub is not None and hub.is_hub and hub.teams == ("centraal", "lokaal_noord")
    assert load_config(tmp_path / "c") == hub  # saved: the next run needs no flags
    (line,) = local_commands(hub, "10.0.0.5")
    secret = hub.secret("lokaal_noord")
    assert f"--link tls://lokaal_noord:{secret}@10.0.0.5:7422" in line
    leaf = config_from_args(
        _args(
            "--team",
            "lokaal noord",
            "--teams",
            "centraal,lokaal_noord",
            "--link",
            f"tls://lokaal_noord:{secret}@10.0.0.5:7422",
        ),
        tmp_path / "n",
        "n1",
    )
    assert leaf is not None and not leaf.is_hub and leaf.secret("lokaal_noord") == secret
    with pytest.raises(TeamsConfigInvalid):
        config_from_args(
            _args("--team", "noord", "--teams", "centraal,noord"), tmp_path / "x", "x1"
        )  # no link


def test_rendered_config_denies_other_teams_subjects_and_keeps_the_leaf_out_of_ours(tmp_path: Path) -> None:
    hub = config_from_args(_args("--team", "centraal", "--teams", "centraal,noord,zuid"), tmp_path, "c1")
    assert hub is not None
    tls = ensure_tls(tmp_path / "tls", ["127.0.0.1"], datetime(2026, 3, 14, tzinfo=UTC))
    text = render_config(hub, ServerPorts(4222, 8222), tmp_path / "js", tls, "pw")
    noord_line = next(line for line in text.splitlines() if 'user: "noord"' in line)
    assert (
        '"cmt.centraal.>"' in noord_line
        and '"cmt.zuid.>"' in noord_line
        and '"cmt.noord.>"' not in noord_line
    )
    assert "$JS.centraal.API.STREAM.DELETE.>" in noord_line
    assert "listen: 127.0.0.1:4222" in text and 'domain: "centraal"' in text


def test_a_binary_that_is_not_the_pinned_one_is_refused(tmp_path: Path) -> None:
    assert check_binary(binary_path()) == binary_path()
    fake = tmp_path / "nats-server"
    original = binary_path().read_bytes()
    fake.write_bytes(original[:-1] + bytes([original[-1] ^ 0xFF]))  # one byte changed
    with pytest.raises(ServerUnavailable):
        check_binary(fake)
