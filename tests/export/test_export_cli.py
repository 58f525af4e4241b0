"""The export, backup and restore commands, run as a user runs them (python -m assistant ...)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from assistant.export.schema import validate

ROOT = Path(__file__).resolve().parents[2]
NOW = "2025-03-14T12:15:00+01:00"


def cli(data: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=cwd or ROOT,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A data folder filled by the demo-data command."""
    data = tmp_path_factory.mktemp("cli") / "data"
    result = cli(data, "demo-data")
    assert result.returncode == 0, result.stderr
    return data


@pytest.mark.usefixtures("poppler")
def test_demo_data_then_every_document_from_the_command_line(demo, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    jobs = [
        ("meeting", "pdf", "1"),
        ("meeting", "md", "3"),
        ("decisions", "pdf", None),
        ("decisions", "csv", None),
        ("actions", "pdf", None),
        ("actions", "csv", None),
        ("handover", "pdf", None),
        ("log", "pdf", None),
        ("log", "json", None),
        ("individual", "pdf", None),
    ]
    for what, fmt, meeting in jobs:
        args = ["export", "--what", what, "--format", fmt, "--out", str(out), "--now", NOW]
        if meeting:
            args += ["--meeting", meeting]
        result = cli(demo, *args)
        assert result.returncode == 0, (what, fmt, result.stderr)
        written = Path(result.stdout.strip())
        assert written.parent == out and written.stat().st_size > 200 and written.suffix == "." + fmt
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pdfs) == 6
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Brand in gebouw B" in text and "VERTROUWELIJK" in text and "Pagina 1 van" in text
    log = json.loads(next(out.glob("logboek-*.json")).read_text(encoding="utf-8"))
    assert validate(log) == [] and log["verification"]["intact"]
    rows = list(
        csv.DictReader(io.StringIO(next(out.glob("besluitenlijst-*.csv")).read_text(encoding="utf-8-sig")))
    )
    assert rows and all(r["nr"].startswith("B-") for r in rows)


def test_crisis_by_name_case_insensitive_and_stdout(demo):
    result = cli(
        demo,
        "export",
        "--crisis",
        "brand in GEBOUW b",
        "--what",
        "decisions",
        "--format",
        "json",
        "--out",
        "-",
        "--now",
        NOW,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["crisis"]["name"] == "Brand in gebouw B"


def test_english_document_with_lang_after_the_subcommand(demo):
    result = cli(
        demo, "export", "--what", "handover", "--format", "md", "--out", "-", "--lang", "en", "--now", NOW
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Handover") and "Decisions in force" in result.stdout


def test_errors_are_one_dutch_line(demo, tmp_path):
    cases = [
        (["export", "--crisis", "overstroming", "--what", "log"], "Crisis niet gevonden"),
        (["export", "--what", "meeting"], "--meeting N"),
        (["export", "--what", "handover", "--format", "csv"], "Dit formaat kan niet"),
        (["export", "--what", "meeting", "--meeting", "9", "--out", "-"], "Niet gevonden"),
        (["restore", str(tmp_path / "nope.zip")], "beschadigd"),
    ]
    for args, expected in cases:
        result = cli(demo, *args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("fout: ") and expected in lines[0], (
            args,
            result.stderr,
        )


def test_existing_output_needs_force(demo, tmp_path):
    target = tmp_path / "lijst.csv"
    target.write_text("oud", encoding="utf-8")
    result = cli(demo, "export", "--what", "actions", "--format", "csv", "--out", str(target))
    assert result.returncode == 2 and "--force" in result.stderr
    assert (
        cli(
            demo, "export", "--what", "actions", "--format", "csv", "--out", str(target), "--force"
        ).returncode
        == 0
    )
    assert target.read_bytes().startswith(b"\xef\xbb\xbfnr,")


def test_backup_and_restore_commands(demo, tmp_path):
    archive = tmp_path / "backup.zip"
    result = cli(demo, "backup", str(archive))
    assert result.returncode == 0 and "Back-up geschreven" in result.stdout, result.stderr
    assert cli(demo, "restore", str(archive), "--check").returncode == 0
    refused = cli(demo, "restore", str(archive))
    assert refused.returncode == 2 and "niet leeg" in refused.stderr and "--force" in refused.stderr
    fresh = tmp_path / "fresh"
    restored = cli(fresh, "restore", str(archive))
    assert restored.returncode == 0 and "Hersteld" in restored.stdout, restored.stderr
    one = cli(demo, "export", "--what", "log", "--format", "json", "--out", "-", "--now", NOW).stdout
    two = cli(fresh, "export", "--what", "log", "--format", "json", "--out", "-", "--now", NOW).stdout
    assert one and one == two
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(archive) as zin, zipfile.ZipFile(tampered, "w") as zout:
        for info in zin.infolist():
            raw = zin.read(info)
            if info.filename.endswith("crisis.json"):
                raw = raw.replace(b"Brand in gebouw B", b"Brand in gebouw C")
            zout.writestr(info, raw)
    bad = cli(tmp_path / "other", "restore", str(tampered))
    assert bad.returncode == 2 and "controlegetal" in bad.stderr
    assert not (tmp_path / "other").exists()
