"""Crash-safe JSON files for TinyDB: write a temp file, fsync, rename over the old one, fsync the folder.

A reader (or the next start after a crash or power cut) sees either the old file or the new one,
never a half-written file. Every file carries ``schema_version``; a file that cannot be parsed, or
that was written by a newer version, raises ``CorruptData`` naming the file — it is never silently
replaced by an empty database.

``AtomicJSONStorage`` keeps the parsed file in memory and only adopts new data after the write
succeeded, so when a write raises (disk full, read-only medium) the in-memory state still equals
the file on disk and a retry works. OS errors are mapped to the storage errors of the domain:
ENOSPC/EDQUOT → ``DiskFull``, EROFS/EACCES/EPERM → ``ReadOnlyStorage``, others → ``StorageError``.

File format (one document per line, so a human can read and diff it)::

    {"schema_version": 1,
     "log": {
      "1": {...},
      "2": {...}
     }
    }
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from assistant.domain.errors import CorruptData, DiskFull, ReadOnlyStorage, StorageError
from assistant.storage.repository import SCHEMA_VERSION

log = logging.getLogger(__name__)

SCHEMA_KEY = "schema_version"
TMP_SUFFIX = ".tmp"

_FULL = {errno.ENOSPC, errno.EDQUOT}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def storage_error(exc: OSError, path: Path | str, action: str = "write") -> StorageError:
    """Map an OSError to the domain's storage error (the caller raises it ``from exc``)."""
    where = str(path)
    reason = exc.strerror or exc.__class__.__name__
    if exc.errno in _FULL:
        return DiskFull(where, path=where, errno=exc.errno)
    if exc.errno in _READ_ONLY:
        return ReadOnlyStorage(where, path=where, errno=exc.errno)
    return StorageError(f"{action} {where}: {reason}", path=where, errno=exc.errno)


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable. Failure here is logged, not raised:
    the file itself is complete and fsync'd; only the directory entry's durability is in doubt
    (some file systems refuse to fsync a directory)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        log.warning("cannot open folder %s for fsync: %s", folder, exc)
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        log.warning("fsync of folder %s failed: %s", folder, exc)
    finally:
        os.close(fd)


def make_dirs(folder: Path) -> None:
    """Create a folder (and parents) durably; map OS errors."""
    if folder.is_dir():
        return
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        for created in missing:
            os.chmod(created, 0o700)  # mkdir's mode is reduced by the umask, and parents get the default
    except OSError as exc:
        raise storage_error(exc, folder, "create folder") from exc
    for created in reversed(missing):
        fsync_dir(created.parent)


def _tmp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")


def atomic_write_bytes(path: Path, data: bytes, *, fsync: bool = True) -> None:
    """Replace ``path`` by ``data`` atomically. On error nothing changed at ``path`` and the
    temp file is removed; raises a ``StorageError`` subtype."""
    tmp = _tmp_path(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.fchmod(fd, 0o600)  # owner only, whatever the umask or a stale temp file's mode
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if fsync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise storage_error(exc, path) from exc
    if fsync:
        fsync_dir(path.parent)


def remove_stale_temps(folder: Path) -> None:
    """Remove temp files left by a crash (only call while holding the data folder's write lock)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.startswith(".") and name.endswith(TMP_SUFFIX):
            try:
                os.unlink(folder / name)
                log.info("removed stale temp file %s", folder / name)
            except OSError:
                pass


def read_json_file(path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    """Parse and check one data file; returns its tables (without ``schema_version``).

    Raises ``NotFound``-free errors only: ``CorruptData`` for anything unreadable or unknown,
    a mapped ``StorageError`` when the file cannot be read at all.
    """
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise storage_error(exc, path, "read") from exc
    if not raw.strip():
        raise CorruptData(f"{where}: file is empty", file=where)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CorruptData(f"{where}: not valid JSON ({exc})", file=where) from exc
    if not isinstance(data, dict):
        raise CorruptData(f"{where}: not a JSON object", file=where)
    version = data.pop(SCHEMA_KEY, None)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise CorruptData(f"{where}: missing or invalid schema_version", file=where)
    if version > SCHEMA_VERSION:
        raise CorruptData(
            f"{where}: written by a newer version of the app "
            f"(schema {version}, this app knows {SCHEMA_VERSION})",
            file=where,
            schema_version=version,
        )
    for table_name, table in data.items():
        if not isinstance(table, dict) or not all(
            isinstance(doc, dict) and str(key).isdigit() for key, doc in table.items()
        ):
            raise CorruptData(f"{where}: table {table_name!r} is malformed", file=where)
    return data


def dump_tables(
    tables: dict[str, dict[str, Any]],
    schema_version: int = SCHEMA_VERSION,
    line_cache: Callable[[str, str, Any], str] | None = None,
) -> bytes:
    """Serialise tables one document per line (stable, readable, diff-friendly)."""
    dumps = json.dumps
    parts = [f'{{"{SCHEMA_KEY}": {schema_version}']
    for table_name, table in tables.items():
        if not table:
            parts.append(f",\n {dumps(table_name, ensure_ascii=False)}: {{}}")
            continue
        parts.append(f",\n {dumps(table_name, ensure_ascii=False)}: {{\n")
        lines = []
        for doc_id, doc in table.items():
            text = (
                line_cache(table_name, str(doc_id), doc)
                if line_cache
                else dumps(doc, ensure_ascii=False, separators=(",", ":"))
            )
            lines.append(f'  "{doc_id}": {text}')
        parts.append(",\n".join(lines))
        parts.append("\n }")
    parts.append("\n}\n")
    return "".join(parts).encode("utf-8")


class AtomicJSONStorage(Storage):
    """TinyDB storage: crash-safe whole-file writes, in-memory copy, schema check.

    ``TinyDB(path, storage=AtomicJSONStorage)``. The file is read (and checked) once, when the
    storage is created; a missing file is an empty database and is created on the first write.
    ``append_only`` tables never change a document after it was written: their serialised lines
    are cached so a write only serialises what is new (the confirmed log).
    """

    def __init__(
        self, path: str | Path, *, fsync: bool = True, read_only: bool = False, append_only: bool = False
    ) -> None:
        self.path = Path(path)
        self.fsync = fsync
        self.read_only = read_only
        self.append_only = append_only
        self._lines: dict[tuple[str, str], tuple[Any, str]] = {}
        if self.path.exists():
            self._data: dict[str, dict[str, Any]] = read_json_file(self.path)
            self.exists = True
        else:
            self._data = {}
            self.exists = False

    # --- TinyDB Storage interface -----------------------------------------------------------------

    def read(self) -> dict[str, dict[str, Any]] | None:
        """A copy TinyDB may modify: tables and documents are copied (not nested values, which
        TinyDB never mutates), so a failed write cannot leave the cache changed. Append-only
        tables share their (never modified) documents."""
        if not self._data:
            return None
        if self.append_only:
            return {name: dict(table) for name, table in self._data.items()}
        return {
            name: {doc_id: dict(doc) for doc_id, doc in table.items()} for name, table in self._data.items()
        }

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self.read_only:
            raise ReadOnlyStorage(str(self.path), path=str(self.path))
        payload = dump_tables(data, line_cache=self._cached_line if self.append_only else None)
        atomic_write_bytes(self.path, payload, fsync=self.fsync)
        self._data = data  # adopt only after the file is safely on disk
        self.exists = True

    def close(self) -> None:
        pass

    # --- helpers -----------------------------------------------------------------------------------

    def tables(self) -> dict[str, dict[str, Any]]:
        """The current (on-disk) data without copying. Treat as read-only."""
        return self._data

    def _cached_line(self, table: str, doc_id: str, doc: Any) -> str:
        key = (table, doc_id)
        hit = self._lines.get(key)
        if hit is not None and hit[0] is doc:
            return hit[1]
        text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        self._lines[key] = (doc, text)
        return text
