"""Command line: ``python -m speech devices|level|transcribe|listen|models ...``.

A thin adapter over the library: every failure is a ``SpeechError`` and becomes one clear line on
stderr (Dutch or English, ``--lang``) and exit code 2. The models commands are reusable by the app's
own CLI: ``add_models_arguments(parser)`` and ``run_models(args, models_dir=...)``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from speech.errors import NoModel, SpeechError

EXIT_ERROR = 2
EXIT_INTERRUPTED = 130


#: This command line's own texts, keyed by language and code. Why here and not in the app's catalogue:
#: the speech package must not import ``assistant`` (it stands alone); the app words speech *errors*
#: itself (``run_models(..., describe=...)``), these are only the tool's progress lines.
MESSAGES: dict[str, dict[str, str]] = {
    "nl": {
        "error": "fout: ",
        "installed": "Geïnstalleerd: {n} in {p}",
        "default_for": " (standaard voor {l})",
        "removed": "Verwijderd: {p}",
        "default_model": "Standaardmodel voor {l}: {n}",
        "interrupted": "\nAfgebroken; er is niets half geïnstalleerd.",
        "no_models": "Geen spraakmodellen gevonden in {folders}.\nInstalleer er een: 'models install nl' (met "
        "internet, 39 MB) of 'models install pad/naar/vosk-model-small-nl-0.22.zip' (offline, bijv. van een "
        "USB-stick).",
        "head": "NAAM|TAAL|GROOTTE|STATUS",
        "valid": "geldig",
        "default": ", standaard",
        "invalid": "ONGELDIG: ",
        "folders": "(mappen: {folders})",
        "catalogue_note": "* = standaard voor die taal; installeer met 'models install <taal of naam>'",
        "level": "Niveau van {source} ({rate} Hz); Ctrl-C stopt.",
        "listening": "Luistert naar {source} ({rate} Hz); Ctrl-C stopt.",
    },
    "en": {
        "error": "error: ",
        "installed": "Installed: {n} in {p}",
        "default_for": " (default for {l})",
        "removed": "Removed: {p}",
        "default_model": "Default model for {l}: {n}",
        "interrupted": "\nInterrupted; nothing was half-installed.",
        "no_models": "No speech models found in {folders}.\nInstall one: 'models install nl' (needs internet, "
        "39 MB) or 'models install path/to/vosk-model-small-nl-0.22.zip' (offline, e.g. from a USB stick).",
        "head": "NAME|LANG|SIZE|STATUS",
        "valid": "valid",
        "default": ", default",
        "invalid": "INVALID: ",
        "folders": "(folders: {folders})",
        "catalogue_note": "* = default for that language; install with 'models install <language or name>'",
        "level": "Level of {source} ({rate} Hz); Ctrl-C stops.",
        "listening": "Listening to {source} ({rate} Hz); Ctrl-C stops.",
    },
}

#: Words a ``SpeechError`` for the user; the app passes its catalogue's. Alone, the English detail.
Describe = Callable[[SpeechError, str], str]


def _plain(exc: SpeechError, _lang: str) -> str:
    return exc.message


def _lang(args: argparse.Namespace) -> str:
    lang = getattr(args, "lang", None) or "nl"
    return lang if lang in MESSAGES else "nl"


def _say(args: argparse.Namespace, key: str, **params: object) -> str:
    text = MESSAGES[_lang(args)][key]
    return text.format(**params) if params else text


# --------------------------------------------------------------------------------------------------
# models
# --------------------------------------------------------------------------------------------------


def add_models_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``list | install | remove | default`` (and ``--models-dir``) to ``parser``.

    Does not add ``--lang``: the caller's parser owns the message language (``args.lang``).
    """
    parser.add_argument(
        "--models-dir",
        default=argparse.SUPPRESS,
        help="models folder to use and install into (default: the repository's models/)",
    )
    sub = parser.add_subparsers(dest="models_command", metavar="ACTION")
    p = sub.add_parser("list", help="installed models (name, language, size, valid, default)")
    p.add_argument("--available", action="store_true", help="show the catalogue of downloadable models")
    p.add_argument("--json", action="store_true", help="JSON output")
    p = sub.add_parser(
        "install", help="install from a catalogue name/language (nl, en), zip file, folder or URL"
    )
    p.add_argument(
        "source", help="nl | en | vosk-model-... | path/to/model.zip | path/to/folder | https://..."
    )
    p.add_argument("--name", help="folder name for the model (default: from the source)")
    p.add_argument(
        "--model-lang", dest="model_lang", help="language code of the model, if it cannot be guessed"
    )
    p.add_argument(
        "--default",
        dest="make_default",
        action="store_true",
        default=None,
        help="make it the default for its language",
    )
    p.add_argument(
        "--no-default", dest="make_default", action="store_false", help="do not make it the default"
    )
    p = sub.add_parser("remove", help="delete an installed model")
    p.add_argument("name")
    p = sub.add_parser("default", help="make a model the default for its language")
    p.add_argument("name")


def run_models(
    args: argparse.Namespace,
    *,
    models_dir: str | Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    describe: Describe = _plain,
) -> int:
    """Run a models action; returns the exit code. Errors are printed, not raised.

    ``models_dir`` is the configured folder (the app passes ``<data dir>/models``); ``--models-dir``
    on the command line wins over it. ``describe`` words an error for the user (the app passes its
    string catalogue's; alone, the English developer text).
    """
    from speech.models import CATALOGUE, ModelStore

    out = out or sys.stdout
    err = err or sys.stderr
    folder = getattr(args, "models_dir", None) or models_dir
    store = ModelStore(folder)
    action = getattr(args, "models_command", None) or "list"
    try:
        if action == "list":
            if getattr(args, "available", False):
                return _print_catalogue(args, CATALOGUE, out)
            return _print_models(args, store, out)
        if action == "install":
            bar = ProgressBar(err)
            try:
                info = store.install(
                    args.source,
                    name=args.name,
                    lang=args.model_lang,
                    progress=bar,
                    make_default=args.make_default,
                )
            finally:
                bar.close()
            default = _say(args, "default_for", l=info.lang) if info.is_default else ""
            print(_say(args, "installed", n=info.name, p=info.path) + default, file=out)
            return 0
        if action == "remove":
            path = store.remove(args.name)
            print(_say(args, "removed", p=path), file=out)
            return 0
        if action == "default":
            info = store.set_default(args.name)
            print(_say(args, "default_model", l=info.lang, n=info.name), file=out)
            return 0
    except SpeechError as exc:
        print(_say(args, "error") + describe(exc, _lang(args)), file=err)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(_say(args, "interrupted"), file=err)
        return EXIT_INTERRUPTED
    print(f"unknown action {action!r}", file=err)
    return EXIT_ERROR


def _print_models(args: argparse.Namespace, store: Any, out: TextIO) -> int:
    models = store.list()
    if getattr(args, "json", False):
        rows = [
            {
                "name": m.name,
                "lang": m.lang,
                "size_bytes": m.size_bytes,
                "valid": m.valid,
                "problems": [p.text() for p in m.problems],
                "default": m.is_default,
                "path": str(m.path),
            }
            for m in models
        ]
        print(json.dumps(rows, ensure_ascii=False), file=out)
        return 0
    folders = ", ".join(str(f) for f in store.folders)
    if not models:
        print(_say(args, "no_models", folders=folders), file=out)
        return 0
    head = _say(args, "head").split("|")
    width = max(len(head[0]), *(len(m.name) for m in models))
    print(f"{head[0]:<{width}}  {head[1]:<5} {head[2]:>8}  {head[3]}", file=out)
    for m in models:
        if m.valid:
            status = _say(args, "valid") + (_say(args, "default") if m.is_default else "")
        else:
            status = _say(args, "invalid") + m.problems_text()
        size = f"{m.size_bytes / 1e6:.0f} MB"
        print(f"{m.name:<{width}}  {m.lang or '?':<5} {size:>8}  {status}", file=out)
    print(_say(args, "folders", folders=folders), file=out)
    return 0


def _print_catalogue(args: argparse.Namespace, catalogue: Sequence[Any], out: TextIO) -> int:
    if getattr(args, "json", False):
        rows = [
            {
                "name": e.name,
                "lang": e.lang,
                "url": e.url,
                "size_mb": e.size_mb,
                "licence": e.licence,
                "default_for_lang": e.default_for_lang,
                "note": e.note,
            }
            for e in catalogue
        ]
        print(json.dumps(rows), file=out)
        return 0
    for e in catalogue:
        mark = "*" if e.default_for_lang else " "
        print(f"{mark} {e.name:<44} {e.lang:<3} ~{e.size_mb:>4} MB  {e.licence:<16} {e.note}", file=out)
    print(_say(args, "catalogue_note"), file=out)
    return 0


class ProgressBar:
    """A one-line progress bar on a terminal (stage, percentage, MB); quiet when not a TTY."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self.stream = stream
        self.width = width
        self._last = 0.0
        self._shown = False
        self._tty = bool(getattr(stream, "isatty", lambda: False)())

    def __call__(self, stage: str, done: int, total: int | None) -> None:
        now = time.monotonic()
        final = total is not None and done >= total
        if now - self._last < 0.1 and not final:
            return
        self._last = now
        if total:
            frac = min(1.0, done / total)
            bar = "#" * int(frac * self.width)
            line = (
                f"{stage:<8} [{bar:<{self.width}}] {frac * 100:5.1f}% {done / 1e6:7.1f}/{total / 1e6:.1f} MB"
            )
        else:
            line = f"{stage:<8} {done / 1e6:7.1f} MB"
        if self._tty:
            self.stream.write("\r" + line)
        elif final:
            self.stream.write(line + "\n")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown and self._tty:
            self.stream.write("\n")
            self.stream.flush()


# --------------------------------------------------------------------------------------------------
# devices, level, transcribe, listen
# --------------------------------------------------------------------------------------------------


def _cmd_devices(args: argparse.Namespace) -> int:
    from speech.audio import list_input_devices

    devices = list_input_devices()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "index": d.index,
                        "name": d.name,
                        "hostapi": d.hostapi,
                        "channels": d.max_input_channels,
                        "default_samplerate": d.default_samplerate,
                        "default": d.is_default,
                    }
                    for d in devices
                ]
            )
        )
        return 0
    for d in devices:
        mark = "*" if d.is_default else " "
        print(
            f"{mark} {d.index:>3}  {d.name}  "
            f"({d.hostapi}, {d.default_samplerate} Hz, {d.max_input_channels} ch)"
        )
    return 0


def _cmd_level(args: argparse.Namespace) -> int:
    from speech.audio import MicrophoneSource
    from speech.wav import level

    source = MicrophoneSource(args.device)
    source.open()
    print(_say(args, "level", source=source.description, rate=source.sample_rate), file=sys.stderr)
    end = time.monotonic() + args.seconds if args.seconds else None
    try:
        while end is None or time.monotonic() < end:
            block = source.read(0.5)
            if not block:
                continue
            rms, peak = level(block)
            bar = "#" * max(0, int((rms + 60) / 60 * 40))
            print(
                f"\r{rms:6.1f} dBFS peak {peak:4.2f} [{bar:<40}] overflows {source.overflows}",
                end="",
                flush=True,
            )
    finally:
        source.close()
        print()
    return 0


def _resolve_model(args: argparse.Namespace) -> Path:
    from speech.models import ModelStore

    if args.model:
        return Path(args.model)
    store = ModelStore(getattr(args, "models_dir", None))
    info = store.default_model(args.model_lang)
    if info is None:
        raise NoModel(
            f"No speech model for language {args.model_lang!r} in {store.install_dir}; install one with "
            "'python -m speech models install <name | zip file>'",
            folder=str(store.install_dir),
        )
    return info.path


def _word_dicts(words: Sequence[Any]) -> list[dict[str, Any]]:
    return [{"word": w.word, "start": w.start, "end": w.end, "conf": w.conf} for w in words]


def _cmd_transcribe(args: argparse.Namespace) -> int:
    from speech.audio import WavFileSource
    from speech.engine import VoskEngine
    from speech.events import FinalText, ListeningStopped
    from speech.transcriber import Transcriber
    from speech.wav import write_wav

    engine = VoskEngine.load(_resolve_model(args))
    failure: list[SpeechError] = []
    save_dir = Path(args.save_audio) if args.save_audio else None
    count = 0

    def on_event(ev: Any) -> None:
        nonlocal count
        if isinstance(ev, FinalText):
            count += 1
            row: dict[str, Any] = {
                "text": ev.text,
                "start": ev.start,
                "end": ev.end,
                "confidence": ev.confidence,
                "words": _word_dicts(ev.words),
            }
            if save_dir is not None:
                row["audio"] = str(
                    write_wav(save_dir / f"utterance-{count:04d}.wav", ev.audio, ev.sample_rate)
                )
            print(json.dumps(row, ensure_ascii=False), flush=True)
        elif isinstance(ev, SpeechError):
            failure.append(ev)
        elif isinstance(ev, ListeningStopped) and args.verbose:
            print(f"stopped: {ev}", file=sys.stderr)

    source = WavFileSource(args.file, realtime=args.realtime)
    Transcriber(
        engine,
        source,
        on_event,
        stream_started_at=0.0 if not args.wall_clock else None,
        level_interval=None,
        partials=False,
    ).run()
    if failure:
        raise failure[0]
    return 0


def _cmd_listen(args: argparse.Namespace) -> int:
    from speech.audio import MicrophoneSource
    from speech.engine import VoskEngine
    from speech.events import FinalText, ListeningStarted, ListeningStopped, PartialText
    from speech.transcriber import Transcriber

    engine = VoskEngine.load(_resolve_model(args))
    failure: list[SpeechError] = []
    tty = sys.stdout.isatty()

    def on_event(ev: Any) -> None:
        if isinstance(ev, ListeningStarted):
            print(_say(args, "listening", source=ev.source, rate=ev.sample_rate), file=sys.stderr)
        elif isinstance(ev, PartialText) and tty:
            print("\r\x1b[K… " + ev.text[-150:], end="", flush=True)
        elif isinstance(ev, FinalText):
            stamp = time.strftime("%H:%M:%S", time.localtime(ev.wall_start))
            print(("\r\x1b[K" if tty else "") + f"[{stamp}] {ev.text}  ({ev.confidence:.2f})", flush=True)
        elif isinstance(ev, SpeechError):
            failure.append(ev)
        elif isinstance(ev, ListeningStopped) and ev.overflows:
            print(f"input overflows: {ev.overflows}", file=sys.stderr)

    stop = threading.Event()
    transcriber = Transcriber(
        engine, MicrophoneSource(args.device), on_event, level_interval=None, stop_event=stop
    )
    transcriber.start()
    try:
        transcriber.join(args.seconds if args.seconds else None)
    except KeyboardInterrupt:
        print(file=sys.stderr)  # Ctrl-C is how a user ends listening; stop() flushes the last utterance
    finally:
        transcriber.stop(10.0)
    if failure:
        raise failure[0]
    return 0


# --------------------------------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="speech", description="Offline speech recognition (Vosk) for the CMT assistant."
    )
    parser.add_argument(
        "--lang",
        choices=["nl", "en"],
        default=os.environ.get("ASSISTANT_LANG", "nl"),
        help="language of messages",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("devices", help="list audio input devices")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("level", help="show the live input level of a device")
    p.add_argument("--device", help="device name (or part of it) or index; default device otherwise")
    p.add_argument("--seconds", type=float, default=0, help="stop after this many seconds")

    def model_args(p: argparse.ArgumentParser) -> None:
        p.add_argument("--model", help="model folder (default: the default model for --model-lang)")
        p.add_argument("--model-lang", default="nl", help="language of the default model to use (default nl)")
        p.add_argument("--models-dir", help="models folder (default: the repository's models/)")

    p = sub.add_parser("transcribe", help="transcribe a WAV file: one JSON line per utterance")
    model_args(p)
    p.add_argument("file", help="PCM WAV file (any rate, mono or stereo)")
    p.add_argument("--realtime", action="store_true", help="pace the file like a live microphone")
    p.add_argument(
        "--wall-clock", action="store_true", help="times relative to now instead of the file start"
    )
    p.add_argument("--save-audio", metavar="DIR", help="write each utterance's audio as a WAV in DIR")
    p.add_argument("--verbose", action="store_true")

    p = sub.add_parser("listen", help="live partial and final text from a microphone")
    model_args(p)
    p.add_argument("--device", help="device name (or part of it) or index; default device otherwise")
    p.add_argument("--seconds", type=float, default=0, help="stop after this many seconds")

    p = sub.add_parser("models", help="list, install, remove and choose Vosk models")
    add_models_arguments(p)
    return parser


COMMANDS = {
    "devices": _cmd_devices,
    "level": _cmd_level,
    "transcribe": _cmd_transcribe,
    "listen": _cmd_listen,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if not args.command:
        parser.print_help()
        return 0
    if args.command == "models":
        return run_models(args)
    try:
        return int(COMMANDS[args.command](args) or 0)
    except SpeechError as exc:
        print(_say(args, "error") + exc.message, file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
