"""Fixtures for export tests: the real TinyDB repository with the test crisis and the demo crisis."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from crisis_fixture import NOW, build_test_crisis
from export_helpers import DEMO_NOW

from assistant.demo import build_demo_crisis
from assistant.storage.tinydb_repo import TinyDBRepository


@pytest.fixture(scope="session")
def poppler() -> None:
    if not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        pytest.skip("poppler-utils (pdftotext, pdftoppm) not installed")


@pytest.fixture(scope="session")
def test_data_dir(tmp_path_factory) -> Path:
    """A data folder holding the test crisis (written once, through TinyDBRepository)."""
    folder = tmp_path_factory.mktemp("export-data") / "data"
    with TinyDBRepository(folder, fsync=False) as repo:
        build_test_crisis(repo)
    return folder


@pytest.fixture()
def repo(test_data_dir):
    """The test crisis, opened read-only (as the export CLI does)."""
    with TinyDBRepository(test_data_dir, read_only=True) as repo:
        yield repo


@pytest.fixture(scope="session")
def demo_data_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("export-demo") / "data"
    with TinyDBRepository(folder, fsync=False) as repo:
        build_demo_crisis(repo, DEMO_NOW, crisis_id="demo")
    return folder


@pytest.fixture()
def demo_repo(demo_data_dir):
    with TinyDBRepository(demo_data_dir, read_only=True) as repo:
        yield repo


@pytest.fixture()
def now() -> datetime:
    return NOW
