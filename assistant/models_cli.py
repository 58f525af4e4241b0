"""``assistant models ...``: the speech package's model management, reused as is.

Models are installed into ``ASSISTANT_MODELS_DIR`` when set, else the repository's ``models/``
folder (``--models-dir`` picks another); the app finds models in all of these and in
``<data dir>/models``.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from speech.cli import add_models_arguments

    add_models_arguments(parser)


def run(args: argparse.Namespace) -> int:
    import os

    from assistant.i18n import speech_error_text
    from speech.cli import run_models

    return run_models(
        args, models_dir=os.environ.get("ASSISTANT_MODELS_DIR") or None, describe=speech_error_text
    )
