"""Exports from the app: the chair's export menu downloads a real document in the browser."""

from __future__ import annotations

import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from harness import click, goto, wait_text

from assistant.storage.tinydb_repo import TinyDBRepository

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo(module_app_factory, browser, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("export") / "data"
    from assistant.demo import build_demo_crisis

    with TinyDBRepository(data_dir) as repo:
        crisis = build_demo_crisis(repo, datetime.now(ZoneInfo("Europe/Amsterdam")))
        repo.save_settings({**repo.get_settings(), "active_crisis": crisis.crisis_id})
        decisions = [
            v.content.text
            for v in repo.entry_versions(crisis.crisis_id)
            if v.content.kind.value == "decision"
        ]
    app = module_app_factory(data_dir=data_dir)
    context = browser.context()
    page = context.new_page()
    goto(page, app.url + "/voorzitter")
    yield page, decisions
    context.close()


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_handover_downloads_as_pdf_from_the_chairs_screen(demo, tmp_path):
    page, decisions = demo
    click(page, "Exporteren")
    wait_text(page, "Exporteren en back-up")
    with page.expect_download(timeout=60_000) as info:
        click(page, "Downloaden")
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    data = open(download.path(), "rb").read()
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "Overdracht" in text
    assert "Brand in gebouw B" in text
    wait_text(page, f"{download.suggested_filename} is gedownload.")
    click(page, "Sluiten")


def choose(page, option: str) -> None:
    click(page, option, role="radio")


def test_decision_list_downloads_as_csv_with_every_decision(demo):
    import csv
    import io

    page, decisions = demo
    click(page, "Exporteren")
    wait_text(page, "Exporteren en back-up")
    choose(page, "Besluitenlijst")
    choose(page, "CSV")
    with page.expect_download(timeout=60_000) as info:
        click(page, "Downloaden")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8-sig").read())))
    texts = " ".join(" ".join(row.values()) for row in rows)
    assert decisions and all(text.rstrip(".") in texts for text in decisions)
    click(page, "Sluiten")


def test_logger_has_the_same_export_menu(demo):
    page, _ = demo
    goto(page, page.url.rsplit("/", 1)[0] + "/logger")
    click(page, "Exporteren")
    choose(page, "Volledig logboek")
    choose(page, "JSON")
    with page.expect_download(timeout=60_000) as info:
        click(page, "Downloaden")
    download = info.value
    assert download.suggested_filename.endswith(".json")
    first = open(download.path(), encoding="utf-8").readline()
    assert first.strip().startswith("{")
    click(page, "Sluiten")
