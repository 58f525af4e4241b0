"""Helpers shared by the export tests (a uniquely named module: ``conftest`` is ambiguous across folders)."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

DEMO_NOW = datetime(2025, 3, 14, 16, 5, tzinfo=ZoneInfo("Europe/Amsterdam"))


def pdftotext(data: bytes, tmp: Path, *, layout: bool = False) -> str:
    """Text of a PDF as poppler reads it (``-layout`` keeps columns on one line)."""
    path = tmp / f"doc-{abs(hash(data))}.pdf"
    path.write_bytes(data)
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout
