"""Command line: a thin adapter over the library (sqlite-utils style).

Each subcommand lives in its own module named ``<command>_cli.py`` exposing ``add_arguments(parser)``
and ``run(args) -> int``; modules are imported lazily so ``--help`` stays fast and a missing optional
part (e.g. no PortAudio) only breaks the command that needs it. Errors become one clear line on
stderr and a non-zero exit.

The help line of every command is written once, in ``COMMANDS`` below; the README's command table
is generated from it (``python -m assistant.cli --readme-table``) and a test keeps the two equal.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("assistant.ui.run_cli", "start the app (web on http://127.0.0.1:8550)"),
    "parse": ("assistant.parse_cli", "parse utterances (JSON lines on stdin) into draft entries"),
    "verify": ("assistant.storage.verify_cli", "check the hash chain of the confirmed log"),
    "demo-data": ("assistant.demo_cli", "fill the data folder with a realistic crisis to try the app"),
    "crises": ("assistant.storage.crises_cli", "list the crises in the data folder"),
    "models": ("assistant.models_cli", "list, install, remove and choose Vosk speech models"),
    "export": ("assistant.export.export_cli", "export reports: decisions, actions, meeting, handover, log"),
    "backup": ("assistant.export.backup_cli", "write the whole data folder to a zip with checksums"),
    "restore": ("assistant.export.restore_cli", "restore a backup zip into the data folder"),
}


def readme_table() -> str:
    """The README's command table, generated from ``COMMANDS`` (help written once)."""
    rows = ["| Command | What it does |", "|---|---|"]
    rows += [f"| `assistant {name}` | {help_text} |" for name, (_, help_text) in COMMANDS.items()]
    return "\n".join(rows)


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant", description="CMT-assistent: vergaderklok, BOBOC en logboek."
    )
    parser.add_argument(
        "--data-dir",
        default=os.environ.get("ASSISTANT_DATA_DIR"),
        help="data folder (default: ASSISTANT_DATA_DIR or the platform's user data folder)",
    )
    parser.add_argument(
        "--lang",
        choices=["nl", "en"],
        default=os.environ.get("ASSISTANT_LANG", "nl"),
        help="language of messages (nl or en)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = next((a for a in argv if a in COMMANDS), None)
    for name, (module_name, help_text) in COMMANDS.items():
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        cmd.add_argument("--data-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        if name == wanted:
            module = importlib.import_module(module_name)
            module.add_arguments(cmd)
            cmd.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from assistant.domain.errors import AssistantError
    from assistant.i18n import error_message, t

    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    try:
        return int(args._module.run(args) or 0)
    except AssistantError as exc:
        print(f"{t('cli.error_prefix', args.lang)}: {error_message(exc, args.lang)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    if sys.argv[1:] == ["--readme-table"]:
        print(readme_table())
        sys.exit(0)
    sys.exit(main())
