"""``assistant models ...``: the speech package's model management, reused as is.

Models are installed into the repository's ``models/`` folder by default (``--models-dir`` picks
another); the app also looks in ``<data dir>/models``.
"""

from __future__ import annotations

import argparse

HELP = "list, install, remove and choose Vosk speech models"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from speech.cli import add_models_arguments

    add_models_arguments(parser)


def run(args: argparse.Namespace) -> int:
    from speech.cli import run_models

    return run_models(args)
