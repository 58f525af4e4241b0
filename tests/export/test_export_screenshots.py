"""First page of every PDF as PNG (pdftoppm). With UPDATE_SCREENSHOTS=1 they are written to
docs/screenshots/export-<what>.png for the README:

    UPDATE_SCREENSHOTS=1 .venv/bin/python -m pytest tests/export/test_export_screenshots.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from export_helpers import DEMO_NOW

from assistant.export.service import export_document

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
DOCUMENTS = {
    "meeting": 3,
    "decisions": None,
    "actions": None,
    "handover": None,
    "log": None,
    "individual": None,
}


@pytest.mark.usefixtures("poppler")
@pytest.mark.parametrize("what", list(DOCUMENTS))
def test_first_page_renders_to_png(demo_repo, tmp_path, what):
    result = export_document(demo_repo, "demo", what, "pdf", meeting=DOCUMENTS[what], now=DEMO_NOW)
    pdf = tmp_path / result.filename
    pdf.write_bytes(result.data)
    stem = tmp_path / f"export-{what}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(stem)],
        check=True,
        capture_output=True,
    )
    png = stem.with_suffix(".png")
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000  # a real page, not a blank one
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, SHOTS / png.name)
