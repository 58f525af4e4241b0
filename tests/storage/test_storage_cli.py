"""The storage commands through the real CLI: demo-data, crises, verify."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from assistant.storage.tinydb_repo import TinyDBRepository

ROOT = Path(__file__).resolve().parents[2]  # not from conftest: other test folders have one too
PYTHON = sys.executable


def test_demo_data_then_crises_and_verify(data_dir, cli):
    result = cli(data_dir, "demo-data")
    assert result.returncode == 0, result.stderr
    assert "Brand in gebouw B" in result.stdout and "3 overleggen" in result.stdout
    with TinyDBRepository(data_dir, read_only=True) as repo:
        [crisis] = repo.list_crises()
        versions = repo.entry_versions(crisis.crisis_id)
        assert repo.get_settings()["active_crisis"] == crisis.crisis_id

    listing = cli(data_dir, "crises")
    assert listing.returncode == 0, listing.stderr
    header, row = listing.stdout.splitlines()
    assert header.split()[:4] == ["ID", "Naam", "Organisatie", "Gestart"]
    assert crisis.crisis_id in row and "Universiteit Hoogland" in row
    assert row.split()[-3:] == ["3", str(len({v.entry_id for v in versions})), str(len(versions))]
    assert cli(data_dir, "--lang", "en", "crises").stdout.split()[:4] == [
        "ID",
        "Name",
        "Organisation",
        "Started",
    ]
    [line] = cli(data_dir, "crises", "--json").stdout.splitlines()
    assert json.loads(line) | {"started_at": ""} == {
        "id": crisis.crisis_id,
        "name": "Brand in gebouw B",
        "organisation": "Universiteit Hoogland",
        "started_at": "",
        "meetings": 3,
        "entries": len({v.entry_id for v in versions}),
        "versions": len(versions),
        "closed_at": None,
    }

    verified = cli(data_dir, "verify")
    assert verified.returncode == 0, verified.stderr
    assert f"OK: {len(versions)} versies, keten intact" in verified.stdout
    verified = cli(data_dir, "--lang", "en", "verify", "--crisis", crisis.crisis_id)
    assert verified.returncode == 0 and f"OK: {len(versions)} versions, chain intact" in verified.stdout


def test_demo_data_refuses_a_non_empty_folder_without_force(data_dir, cli):
    assert cli(data_dir, "demo-data").returncode == 0
    files = sorted(p.relative_to(data_dir) for p in data_dir.rglob("*"))
    refused = cli(data_dir, "demo-data")
    assert refused.returncode == 1 and "niet leeg" in refused.stderr and "--force" in refused.stderr
    assert sorted(p.relative_to(data_dir) for p in data_dir.rglob("*")) == files
    refused = cli(data_dir, "--lang", "en", "demo-data")
    assert refused.returncode == 1 and "not empty" in refused.stderr
    forced = cli(data_dir, "demo-data", "--force")
    assert forced.returncode == 0, forced.stderr
    with TinyDBRepository(data_dir, read_only=True) as repo:
        assert len(repo.list_crises()) == 2  # added next to the first; nothing deleted
    assert "OK:" in cli(data_dir, "verify").stdout


def test_data_dir_from_environment(tmp_path):
    folder = tmp_path / "from-env"
    env_result = subprocess.run(
        [PYTHON, "-m", "assistant", "demo-data"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "ASSISTANT_DATA_DIR": str(folder)},
        timeout=60,
    )
    assert env_result.returncode == 0, env_result.stderr
    assert (folder / "crises").is_dir()


def test_verify_and_crises_on_an_empty_folder(data_dir, cli):
    result = cli(data_dir, "verify")
    assert result.returncode == 0 and "Geen crises" in result.stdout
    assert "No crises" in cli(data_dir, "--lang", "en", "crises").stdout
    assert not data_dir.exists()  # read-only commands create nothing


def test_verify_unknown_crisis(data_dir, cli):
    assert cli(data_dir, "demo-data").returncode == 0
    result = cli(data_dir, "verify", "--crisis", "bestaat-niet")
    assert result.returncode == 2 and "Niet gevonden" in result.stderr
