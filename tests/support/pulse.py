"""A private PulseAudio "room" for tests: a null sink to play speech into, its monitor as the microphone.

Why: CI machines have no sound card and nothing running. A private ``pulseaudio`` daemon with a null
sink named ``cmt`` gives a real PortAudio input path (ALSA "pulse"/"default" device -> PulseAudio ->
``cmt.monitor``) without hardware; ``paplay --device=cmt speech.wav`` is someone speaking in the room.
The daemon is ours (own socket and runtime folder, its pid kept), so it never touches a user's own
PulseAudio, and a test can stop it to simulate "the audio server went away".

Usage (e.g. in a conftest.py)::

    from tests.support.pulse import pulse_missing, shared_room

    @pytest.fixture
    def room():
        if reason := pulse_missing():
            pytest.skip(reason)
        return shared_room()    # started on first use (env set, PortAudio re-read), running again if
                                # a test stopped it; stopped when the test process exits

Prefer ``shared_room()`` over your own ``PulseServer``: it is one daemon per test process, so
fixtures of different test folders do not fight over ``PULSE_SERVER``. ``PulseServer`` is there for
a private room (``with PulseServer(tmp) as server: ...``).

In the code under test, record from device ``"pulse"`` (or the default device): it hears what
``server.play`` plays. ``server.stop()`` kills the daemon (streams die: ``audio_lost``);
``server.start()`` brings it back (``restart()`` does both). On exit the daemon is stopped and the
environment restored.

Environment set while active: ``PULSE_SERVER`` (our socket), ``PULSE_SOURCE=cmt.monitor``,
``PULSE_SINK=cmt``. A process started by the test inherits them (pass ``server.env`` explicitly to a
subprocess whose environment you build yourself).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

SINK = "cmt"
log = logging.getLogger(__name__)


def pulse_missing() -> str | None:
    """Why a PulseAudio room cannot be made here (None if it can): for ``pytest.skip``."""
    for tool in ("pulseaudio", "pactl", "paplay"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian: apt-get install pulseaudio pulseaudio-utils)"
    return None


class PulseServer:
    """One private PulseAudio daemon with a null sink; start/stop/restart it at will."""

    def __init__(self, runtime_dir: str | Path, *, sink: str = SINK, start_timeout: float = 15.0) -> None:
        self.runtime_dir = Path(runtime_dir)
        self.sink = sink
        self.start_timeout = start_timeout
        self.socket = self.runtime_dir / "native"
        self.log_path = self.runtime_dir / "pulseaudio.log"
        self.process: subprocess.Popen[bytes] | None = None
        self._saved_env: dict[str, str | None] | None = None

    # -- environment ------------------------------------------------------------------------------
    @property
    def env(self) -> dict[str, str]:
        """Variables that make PulseAudio clients (and PortAudio's ALSA "pulse" device) use this room."""
        return {
            "PULSE_SERVER": f"unix:{self.socket}",
            "PULSE_SOURCE": f"{self.sink}.monitor",
            "PULSE_SINK": self.sink,
        }

    def apply_env(self) -> None:
        """Put ``env`` into ``os.environ`` (remembering what was there, for ``restore_env``)."""
        if self._saved_env is None:
            self._saved_env = {k: os.environ.get(k) for k in self.env}
        os.environ.update(self.env)

    def restore_env(self) -> None:
        if self._saved_env is None:
            return
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved_env = None

    # -- daemon -------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        """Start the daemon and wait until it answers; no-op if it runs. Raises RuntimeError on failure."""
        if self.running:
            return
        self.runtime_dir.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            self.socket.unlink()  # a stale socket from a killed daemon
        daemon_env = dict(os.environ)
        daemon_env.update(
            HOME=str(self.runtime_dir),
            XDG_CONFIG_HOME=str(self.runtime_dir / "config"),
            XDG_RUNTIME_DIR=str(self.runtime_dir),
            PULSE_RUNTIME_PATH=str(self.runtime_dir),
            PULSE_STATE_PATH=str(self.runtime_dir / "state"),
        )
        daemon_env.pop("PULSE_SERVER", None)
        cmd = [
            "pulseaudio",
            "-n",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--use-pid-file=no",
            "--disallow-exit=no",
            "--log-target=stderr",
            "--log-level=warning",
            f"--load=module-native-protocol-unix socket={self.socket} auth-anonymous=1",
            f"--load=module-null-sink sink_name={self.sink}",
            "--load=module-always-sink",
        ]
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the daemon, closed by the OS at exit
        self.process = subprocess.Popen(cmd, env=daemon_env, stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + self.start_timeout
        while not self._answers():
            if self.process.poll() is not None:
                raise RuntimeError(f"pulseaudio exited with {self.process.returncode}: {self._log_tail()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(
                    f"pulseaudio did not answer within {self.start_timeout} s: {self._log_tail()}"
                )
            time.sleep(0.05)

    def _answers(self) -> bool:
        if not self.socket.exists():
            return False
        probe = subprocess.run(
            ["pactl", "list", "short", "sinks"],
            env={**os.environ, **self.env},
            capture_output=True,
            timeout=10,
            check=False,
        )
        return probe.returncode == 0 and self.sink.encode() in probe.stdout

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-800:]
        except OSError as exc:
            return f"(no log: {exc})"

    def stop(self, timeout: float = 5.0) -> None:
        """Kill the daemon (SIGKILL: an audio server that *goes away*, not one that says goodbye)."""
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout)

    def restart(self) -> None:
        self.stop()
        self.start()

    # -- use ------------------------------------------------------------------------------------------
    def play(self, wav: str | Path, *, wait: bool = True, timeout: float = 120.0) -> subprocess.Popen[bytes]:
        """Play a WAV into the room (``paplay --device=<sink>``); by default wait until it has played."""
        proc = subprocess.Popen(
            ["paplay", f"--device={self.sink}", str(wav)],
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        if wait:
            _, err = proc.communicate(timeout=timeout)
            if proc.returncode != 0:
                raise RuntimeError(f"paplay failed ({proc.returncode}): {err.decode(errors='replace')}")
        return proc

    def __enter__(self) -> PulseServer:
        self.start()
        self.apply_env()
        reinit_portaudio()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
        self.restore_env()
        reinit_portaudio()


def reinit_portaudio() -> None:
    """Make an already imported ``sounddevice`` re-read the device list (PortAudio reads it once).

    Needed after starting the room in a process that imported sounddevice before; harmless otherwise.
    No stream may be open.
    """
    sd = sys.modules.get("sounddevice")
    if sd is None:
        return
    try:
        sd._terminate()
    except sd.PortAudioError:  # not initialised (e.g. terminated by sounddevice's own exit handler)
        log.debug("PortAudio was not initialised")
    sd._initialize()


_shared: PulseServer | None = None


def shared_room() -> PulseServer:
    """The one PulseAudio room of this process: started on first use, restarted if a test stopped it,
    stopped (and its folder removed) when the process exits."""
    global _shared
    if _shared is None:
        runtime = Path(tempfile.mkdtemp(prefix="pulse-room-"))
        server = PulseServer(runtime)
        server.__enter__()
        _shared = server

        def _shutdown() -> None:  # at exit PortAudio may already be terminated: leave it alone
            server.stop()
            server.restore_env()
            shutil.rmtree(runtime, ignore_errors=True)

        atexit.register(_shutdown)
    elif not _shared.running:
        _shared.start()
        reinit_portaudio()  # in case the device list was read while the server was down
    return _shared


@contextlib.contextmanager
def pulse_room(runtime_dir: str | Path) -> Iterator[PulseServer]:
    """``with pulse_room(tmp) as room:`` — the same as ``with PulseServer(tmp) as room:``."""
    with PulseServer(runtime_dir) as server:
        yield server
