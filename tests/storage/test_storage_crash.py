"""Crash safety: SIGKILL a writer process at random moments, many times. Every entry it reported as
confirmed must be there, the chain must verify, and no draft may be confirmed without its entry.

Most kills hit a child forked from the test process (no interpreter start-up, so the test stays
fast); some hit a separately started ``python crash_writer.py`` process. Both confirm entries in a
loop and print each one to their stdout after ``append_entry`` returned.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import crash_writer

from assistant.domain.entries import DraftState
from assistant.storage.tinydb_repo import TinyDBRepository
from tests.support.crash import kill_after

ROOT = Path(__file__).resolve().parents[2]  # not from conftest: other test folders have one too
PYTHON = sys.executable

WRITER = Path(__file__).with_name("crash_writer.py")
FORKED_KILLS = 54
EXEC_KILLS = 6
SEGMENT_SIZE = 25


def _stored_drafts(data_dir: Path) -> list[dict]:
    """Drafts exactly as the files hold them (no reconciliation)."""
    drafts: list[dict] = []
    for path in (data_dir / "crises/c1/drafts").glob("*.json"):
        drafts += json.loads(path.read_text("utf-8"))["drafts"].values()
    return drafts


def _forked_writer(data_dir: Path, delay: float) -> str:
    """A writer forked from this process, SIGKILLed after ``delay`` s of writing; its output."""
    return kill_after(lambda: crash_writer.main(str(data_dir), SEGMENT_SIZE), delay)


def _exec_writer(data_dir: Path, delay: float) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    proc = subprocess.Popen(
        [PYTHON, str(WRITER), str(data_dir), str(SEGMENT_SIZE)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    ready = proc.stdout.readline()
    if ready != "ready\n":
        raise AssertionError(proc.communicate()[1])
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL, err
    return out


def test_sigkill_mid_write_loses_nothing_confirmed(tmp_path):
    data_dir = tmp_path / "data"
    seed = int(os.environ.get("CRASH_SEED", "20260302"))
    rng = random.Random(seed)
    confirmed: set[tuple[str, int]] = set()
    confirmed_drafts: set[str] = set()
    killed_mid_write = 0
    writers = [_forked_writer] * FORKED_KILLS + [_exec_writer] * EXEC_KILLS
    rng.shuffle(writers)
    for round_no, writer in enumerate(writers):
        where = f"round {round_no} ({writer.__name__}, seed {seed})"
        out = writer(data_dir, rng.uniform(0.0, 0.15))
        for line in out.splitlines(keepends=True):
            if not line.endswith("\n"):
                continue  # cut off mid-print: never reported as confirmed
            number, version, draft_id = line.split()
            confirmed.add((number, int(version)))
            if draft_id != "-":
                confirmed_drafts.add(draft_id)
        if any(p.name.endswith(".tmp") for p in data_dir.rglob("*")):
            killed_mid_write += 1
        # the files as the crash left them: a draft stored as confirmed always has its entry
        with TinyDBRepository(data_dir, read_only=True) as reader:
            entry_drafts = {v.draft_id for v in reader.entry_versions("c1") if v.draft_id}
        for draft in _stored_drafts(data_dir):
            if draft["state"] == "confirmed":
                assert draft["draft_id"] in entry_drafts, where
        # what the next start of the app sees
        with TinyDBRepository(data_dir) as repo:
            versions = repo.entry_versions("c1")
            present = {(v.number, v.version) for v in versions}
            assert confirmed <= present, f"lost {sorted(confirmed - present)} in {where}"
            assert repo.verify("c1") == [], where
            assert [v.seq for v in versions] == list(range(len(versions))), where
            drafts = {d.draft_id: d for d in repo.list_drafts("c1")}
            for draft_id in confirmed_drafts:
                assert drafts[draft_id].state is DraftState.CONFIRMED, where
            for draft in drafts.values():
                if draft.state is DraftState.CONFIRMED:
                    assert draft.draft_id in entry_drafts, where
            repo.list_transcript("c1")
            repo.get_meeting("c1", 1)
        assert not any(p.name.endswith(".tmp") for p in data_dir.rglob("*"))  # removed by the writer's open
    print(
        f"\ncrash test: {len(writers)} SIGKILLs, {killed_mid_write} with a write in flight, "
        f"{len(confirmed)} confirmed versions all present, seed {seed}"
    )
    assert len(confirmed) > len(writers)  # the writers really were writing
    assert killed_mid_write > 0  # and some kills really hit a write in flight
