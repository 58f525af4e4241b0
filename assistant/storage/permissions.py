"""Owner-only access to the data folder: folders 0700, files 0600.

The log, the transcript and the audio are confidential; other users of the machine must not read
them. New files and folders are created with these modes (``atomic.py``); ``secure_tree`` fixes a
folder written by an older version or copied in with looser modes, each time the app opens it.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

log = logging.getLogger(__name__)

DIR_MODE = 0o700
FILE_MODE = 0o600


def secure_tree(root: Path) -> int:
    """Tighten every folder and regular file under ``root`` (links are left alone); returns how many
    modes were changed. Failures are logged, not raised: a medium without Unix modes still works."""
    changed = 0
    for folder, dirs, files in os.walk(root, followlinks=False):
        changed += _tighten(Path(folder), DIR_MODE)
        for name in files:
            changed += _tighten(Path(folder, name), FILE_MODE)
    return changed


def _tighten(path: Path, mode: int) -> int:
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode) or stat.S_IMODE(info.st_mode) == mode:
            return 0
        if not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
            return 0
        os.chmod(path, mode)
        return 1
    except OSError as exc:
        log.warning("cannot set mode %o on %s: %s", mode, path, exc)
        return 0
