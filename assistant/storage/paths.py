"""Where the data folder is: one per installation."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "cmt-assistant"
ENV_VAR = "ASSISTANT_DATA_DIR"


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: ``--data-dir`` if given, else ``$ASSISTANT_DATA_DIR``, else the platform's
    user data folder (``~/.local/share/cmt-assistant`` on Linux, ``%LOCALAPPDATA%\\cmt-assistant``
    on Windows, ``~/Library/Application Support/cmt-assistant`` on macOS). Not created here."""
    if cli_value is not None and str(cli_value).strip():
        return Path(cli_value).expanduser()
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
