"""Teams bench: catch-up time after a cut link, with default mirror behaviour and tuned.

    python bench/teams_bench.py                  # 20 + 20 entries during a cut, tuned and default
    python bench/teams_bench.py --entries 40 --modes tuned --cut-seconds 60

Two real nats-servers on loopback (central hub, local leaf), each with its own data folder,
TinyDB repository, Room and TeamsService (``tests/teams/conftest.py``'s sites). The leaf's link is
cut by a config reload; each side confirms ``entries/2`` entries; the link is restored and the
time until both mirror stores hold the other side's full log (hash for hash) is measured.

*default*: JetStream's own mirror retry (a mirror that failed during the cut backs off, the
issue measured about 39 s for 40 entries). *tuned*: the service restarts a mirror that stays silent
for ``KICK_AFTER_S`` while the leaf link is up (``assistant/teams/service.py``), and the leaf
redials every second (``reconnect: 1s`` in the rendered config).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.teams import service as service_module  # noqa: E402
from tests.teams.conftest import converge, in_sync, open_sites  # noqa: E402


def one_run(entries: int, tuned: bool, cut_seconds: float) -> float:
    if not tuned:
        service_module.KICK_AFTER_S = float("inf")  # never restart: JetStream's defaults
    else:
        service_module.KICK_AFTER_S = 2.0
    with tempfile.TemporaryDirectory() as root:
        central, noord = open_sites(Path(root), "centraal", "noord")
        try:
            central.confirm("besluit we evacueren gebouw B")
            converge([central, noord], lambda: in_sync([central, noord]))
            noord.service.server.set_linked(False)
            converge([central, noord], lambda: not noord.service.link_status()[0].connected, timeout=10)
            for i in range(entries // 2):
                central.confirm(f"ter informatie melding {i} van de brandweer")
                noord.confirm(f"ter informatie lokaal bericht {i}")
            for site in (central, noord):
                site.service.sync_once()
            time.sleep(cut_seconds)  # a real cut lasts: JetStream's mirror retries back off meanwhile
            noord.service.server.set_linked(True)
            return converge([central, noord], lambda: in_sync([central, noord]), timeout=180)
        finally:
            central.close()
            noord.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cut-seconds", type=float, default=20.0, help="how long the link stays cut")
    parser.add_argument("--modes", default="tuned,default")
    args = parser.parse_args()
    result: dict[str, object] = {"entries": args.entries, "cut_s": args.cut_seconds}
    for mode in args.modes.split(","):
        times = [one_run(args.entries, mode == "tuned", args.cut_seconds) for _ in range(args.runs)]
        print(
            f"{mode:8s} {args.entries} entries after a {args.cut_seconds:.0f} s cut: catch-up median "
            f"{statistics.median(times):.2f} s (runs: {', '.join(f'{t:.2f}' for t in times)})",
            flush=True,
        )
        result[mode] = {"median_s": round(statistics.median(times), 3), "runs_s": [round(t, 3) for t in times]}
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
