"""Backup and restore of the whole data folder as one zip with a manifest of SHA-256 checksums.

Archive layout::

    manifest.json                      format id, versions, created_at, every file with size and SHA-256
    settings.json                      the data folder's files, paths relative to it ("/" separated)
    crises/<id>/crisis.json
    crises/<id>/log/log-000000.json
    crises/<id>/audio/...

``restore_backup`` refuses, before touching the target: a file that is not a zip or is damaged, an
archive without our manifest (foreign), a newer format or schema, unsafe member names (absolute,
"..", backslashes, links), more files or bytes than is sane or than fit on the disk, any file
missing from or not listed in the manifest, any size or checksum mismatch, any crisis in the backup
whose chains do not verify, and a non-empty target folder unless ``force``. It extracts into a
temporary folder next to the target, verifies every checksum and every chain there, and only then
swaps the folders. The replaced folder is never deleted: it stays beside the target as
``<dir>.before-restore-<timestamp>``. ``check_backup`` does all the checks without restoring.

Secrets stay out of backups: the join codes and the secret that signs device tokens (settings key
``access``) are removed from ``settings.json`` in the archive; after a restore the app makes new ones.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import shutil
import stat
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from assistant import __version__
from assistant.domain.errors import StorageError, StorageLocked
from assistant.export.errors import (
    BackupChecksum,
    BackupDamaged,
    BackupError,
    BackupForeign,
    BackupNewerSchema,
    BackupTooLarge,
    BackupUnsafe,
    OutputExists,
    RestoreTargetNotEmpty,
)
from assistant.storage.repository import SCHEMA_VERSION

SECRET_SETTINGS = ("access",)  # join codes + token secret: never in a backup
SETTINGS_NAME = "settings.json"

FORMAT_ID = "cmt-assistant-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
LOCK_FILE = ".lock"

MAX_FILES = 200_000
MAX_TOTAL_BYTES = 16 * 1024**3  # 16 GiB: far beyond any crisis (audio included)
MAX_MANIFEST_BYTES = 64 * 1024**2
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    files: int
    total_bytes: int
    manifest: dict[str, Any]


class BackupChainBroken(BackupError):
    """A crisis in the backup does not verify (or a file of it is damaged): not restored."""

    code = "backup_chain_broken"




@dataclass(frozen=True)
class CrisisSummary:
    """What a backup holds of one crisis, shown before anything is replaced."""

    crisis_id: str
    name: str
    started_at: str | None
    versions: int
    head: str
    intact: bool


@dataclass(frozen=True)
class RestoreInfo:
    data_dir: Path
    files: int
    total_bytes: int
    replaced: bool  # an existing, non-empty folder was replaced
    manifest: dict[str, Any]
    crises: tuple[CrisisSummary, ...] = ()
    kept: Path | None = None  # where the replaced folder was kept


# --- backup ----------------------------------------------------------------------------------------


def _data_files(data_dir: Path, exclude: Path | None) -> list[Path]:
    """Regular files under ``data_dir``; skips the lock, dot-files (temp files) and links."""
    found = []
    for root, dirs, files in os.walk(data_dir, followlinks=False):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(root, d))
        )
        for name in sorted(files):
            path = Path(root, name)
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                continue
            if exclude is not None and path.resolve() == exclude:
                continue
            found.append(path)
    return found


def _is_audio(rel: str) -> bool:
    return "/audio/" in f"/{rel}" or rel.lower().endswith((".wav", ".ogg", ".flac"))


def _repo_lock(repo: Any) -> Any:
    lock = getattr(repo, "lock", None) or getattr(repo, "_lock", None)
    return lock if lock is not None and hasattr(lock, "__enter__") else contextlib.nullcontext()


def create_backup(
    data_dir: Path | str,
    zip_path: Path | str,
    *,
    repo: Any = None,
    force: bool = False,
    now: datetime | None = None,
) -> BackupInfo:
    """Write every file of ``data_dir`` plus ``manifest.json`` to ``zip_path`` (atomically).

    With ``repo`` (the app's open repository) the JSON files are read under its lock, so the
    backup is one consistent moment; audio files (write-once) are copied outside the lock. Without
    a repo, files are copied as they are: each file is always whole (atomic replace), though two
    files may come from moments a write apart.
    """
    data_dir = Path(data_dir)
    zip_path = Path(zip_path)
    if not data_dir.is_dir():
        raise StorageError(f"{data_dir} is not a folder", path=str(data_dir))
    if zip_path.exists() and not force:
        raise OutputExists(str(zip_path), path=str(zip_path))
    created_at = _moment(now).isoformat(timespec="seconds")
    files = _data_files(data_dir, zip_path.resolve())
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_path.with_name(f".{zip_path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    entries: list[dict[str, Any]] = []
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
            rels = [(path, path.relative_to(data_dir).as_posix()) for path in files]
            with _repo_lock(repo):
                for path, rel in rels:
                    if not _is_audio(rel):
                        data = _read(path)
                        if rel == SETTINGS_NAME and data is not None:
                            data = _without_secrets(data)
                        entries.append(_add_bytes(zf, rel, data))
            for path, rel in rels:
                if _is_audio(rel):
                    entry = _add_stream(zf, rel, path)
                    if entry is not None:
                        entries.append(entry)
            entries.sort(key=lambda e: e["path"])
            manifest = {
                "format": FORMAT_ID,
                "format_version": FORMAT_VERSION,
                "app_version": __version__,
                "schema_version": SCHEMA_VERSION,
                "created_at": created_at,
                "file_count": len(entries),
                "total_bytes": sum(e["size"] for e in entries),
                "files": entries,
            }
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, zip_path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StorageError(f"{zip_path}: {exc.strerror or exc}", path=str(zip_path)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return BackupInfo(zip_path, len(entries), manifest["total_bytes"], manifest)


def _without_secrets(raw: bytes) -> bytes:
    """``settings.json`` without join codes and token secret. A damaged file is kept as it is (it is
    evidence of the damage; restore reports it) but cannot leak a secret we could not even read."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return raw
    if not isinstance(data, dict):
        return raw
    for table in data.values():
        if isinstance(table, dict):
            for doc in table.values():
                if isinstance(doc, dict):
                    for key in SECRET_SETTINGS:
                        doc.pop(key, None)
    from assistant.storage.atomic import dump_tables

    version = data.pop("schema_version", SCHEMA_VERSION)
    return dump_tables(data, version)


def _moment(now: datetime | None) -> datetime:
    """``now`` as given when aware; else the local time with its offset."""
    if now is not None and now.tzinfo is not None:
        return now
    return (now or datetime.now(UTC)).astimezone()


def backup_download(data_dir: Path | str, *, repo: Any = None, now: datetime | None = None):
    """The backup as bytes for a browser download (the app's export menu): ``ExportResult``."""
    import tempfile

    from assistant.export.service import ExportResult

    moment = _moment(now)
    name = f"cmt-backup-{moment.strftime('%Y%m%d-%H%M')}.zip"
    with tempfile.TemporaryDirectory(prefix="cmt-backup-") as tmp:
        path = Path(tmp) / name
        create_backup(data_dir, path, repo=repo, now=moment)
        return ExportResult(name, "application/zip", path.read_bytes())


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None  # removed between listing and reading (e.g. a temp folder of the app)


def _add_bytes(zf: zipfile.ZipFile, rel: str, data: bytes | None) -> dict[str, Any]:
    data = data or b""
    zf.writestr(_zipinfo(rel), data)
    return {"path": rel, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _add_stream(zf: zipfile.ZipFile, rel: str, path: Path) -> dict[str, Any] | None:
    digest, size = hashlib.sha256(), 0
    try:
        src = open(path, "rb")  # noqa: SIM115 (closed below)
    except FileNotFoundError:
        return None
    with src, zf.open(_zipinfo(rel, stored=True), "w", force_zip64=True) as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            dst.write(chunk)
    return {"path": rel, "size": size, "sha256": digest.hexdigest()}


def _zipinfo(rel: str, stored: bool = False) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(rel, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    return info


# --- restore ---------------------------------------------------------------------------------------


def _safe_rel(name: str) -> PurePosixPath:
    """A member name we are willing to create under the target folder."""
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or name.startswith("/")
        or (len(name) > 1 and name[1] == ":")
    ):
        raise BackupUnsafe(repr(name), member=name)
    path = PurePosixPath(name)
    if any(part in ("", ".", "..") or part.startswith(".") for part in path.parts) or len(name) > 1024:
        raise BackupUnsafe(repr(name), member=name)
    return path


def read_manifest(zf: zipfile.ZipFile) -> dict[str, Any]:
    try:
        info = zf.getinfo(MANIFEST)
    except KeyError:
        raise BackupForeign("manifest.json ontbreekt / missing") from None
    if info.file_size > MAX_MANIFEST_BYTES:
        raise BackupTooLarge(f"manifest.json {info.file_size} bytes")
    try:
        manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupForeign(f"manifest.json: {exc}") from exc
    except (zipfile.BadZipFile, OSError, EOFError) as exc:  # zlib.error is re-raised as BadZipFile
        raise BackupDamaged(f"manifest.json: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_ID:
        found = manifest.get("format") if isinstance(manifest, dict) else type(manifest).__name__
        raise BackupForeign(f"format {found!r}")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise BackupForeign(f"format_version {version!r}")
    if version > FORMAT_VERSION:
        raise BackupNewerSchema(f"format_version {version} > {FORMAT_VERSION}")
    schema = manifest.get("schema_version")
    if not isinstance(schema, int):
        raise BackupForeign(f"schema_version {schema!r}")
    if schema > SCHEMA_VERSION:
        raise BackupNewerSchema(f"schema_version {schema} > {SCHEMA_VERSION}")
    files = manifest.get("files")
    if not isinstance(files, list):
        raise BackupForeign("files")
    for entry in files:
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("path"), str)
            or not isinstance(entry.get("size"), int)
            or entry["size"] < 0
            or not isinstance(entry.get("sha256"), str)
            or len(entry["sha256"]) != 64
        ):
            raise BackupForeign(f"files entry {entry!r:.80}")
    return manifest


def verify_archive(
    zip_path: Path | str, *, max_total_bytes: int = MAX_TOTAL_BYTES, check_content: bool = True
) -> dict[str, Any]:
    """Check an archive without extracting it; returns its manifest or raises a ``BackupError``."""
    try:
        with zipfile.ZipFile(zip_path) as zf:
            manifest = _check_listing(zf, max_total_bytes)
            if check_content:
                for entry in manifest["files"]:
                    with zf.open(entry["path"]) as src:
                        _copy_verified(src, None, entry)
            return manifest
    except (zipfile.BadZipFile, EOFError) as exc:
        raise BackupDamaged(f"{zip_path}: {exc}") from exc
    except FileNotFoundError as exc:
        raise BackupDamaged(f"{zip_path}: {exc.strerror}") from exc


def _check_listing(zf: zipfile.ZipFile, max_total_bytes: int) -> dict[str, Any]:
    manifest = read_manifest(zf)
    infos = {}
    for info in zf.infolist():
        if info.filename == MANIFEST:
            continue
        if info.is_dir():
            _safe_rel(info.filename.rstrip("/"))
            continue
        _safe_rel(info.filename)
        file_type = stat.S_IFMT(info.external_attr >> 16)  # 0 when the writer recorded no Unix type
        if file_type and file_type != stat.S_IFREG:
            raise BackupUnsafe(f"{info.filename!r} is a link or special file", member=info.filename)
        if info.filename in infos:
            raise BackupUnsafe(f"{info.filename!r} twice", member=info.filename)
        infos[info.filename] = info
    listed = {}
    for entry in manifest["files"]:
        _safe_rel(entry["path"])
        if entry["path"] in listed:
            raise BackupForeign(f"{entry['path']!r} twice in manifest")
        listed[entry["path"]] = entry
    if len(listed) > MAX_FILES:
        raise BackupTooLarge(f"{len(listed)} files")
    extra = sorted(set(infos) - set(listed))
    missing = sorted(set(listed) - set(infos))
    if extra:
        raise BackupChecksum(f"niet in manifest / not in manifest: {extra[0]}", member=extra[0])
    if missing:
        raise BackupChecksum(f"ontbreekt / missing: {missing[0]}", member=missing[0])
    total = 0
    for path, entry in listed.items():
        info = infos[path]
        if info.file_size != entry["size"]:
            raise BackupChecksum(f"{path}: {info.file_size} != {entry['size']} bytes", member=path)
        total += entry["size"]
    if total > max_total_bytes:
        raise BackupTooLarge(f"{total} bytes > {max_total_bytes}")
    return manifest


def _copy_verified(src: Any, dst: Any, entry: dict[str, Any]) -> None:
    digest, size, limit = hashlib.sha256(), 0, entry["size"]
    try:
        while chunk := src.read(min(CHUNK, limit - size + 1)):
            size += len(chunk)
            if size > limit:
                raise BackupChecksum(f"{entry['path']}: more than {limit} bytes", member=entry["path"])
            digest.update(chunk)
            if dst is not None:
                dst.write(chunk)
    except (zipfile.BadZipFile, EOFError) as exc:
        raise BackupDamaged(f"{entry['path']}: {exc}") from exc
    except OSError as exc:
        if dst is None:
            raise BackupDamaged(f"{entry['path']}: {exc}") from exc
        raise
    if size != limit or digest.hexdigest() != entry["sha256"]:
        raise BackupChecksum(entry["path"], member=entry["path"])


def _has_data(folder: Path) -> bool:
    if not folder.exists():
        return False
    if not folder.is_dir():
        raise RestoreTargetNotEmpty(f"{folder} is a file", path=str(folder))
    return any(not p.name.startswith(".") for p in folder.iterdir())


def _check_not_in_use(folder: Path) -> None:
    """Refuse while another process holds the data folder's lock (the app is running on it)."""
    path = folder / LOCK_FILE
    if not path.exists():
        return
    try:
        import fcntl
    except ImportError:  # Windows: the repository cannot lock either
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise StorageLocked(str(folder), path=str(folder)) from exc
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not supported (Windows)
    try:
        with contextlib.suppress(OSError):  # some file systems cannot fsync a folder; renames stay atomic
            os.fsync(fd)
    finally:
        os.close(fd)


def restore_backup(
    zip_path: Path | str,
    data_dir: Path | str,
    force: bool = False,
    *,
    max_total_bytes: int = MAX_TOTAL_BYTES,
    now: datetime | None = None,
) -> RestoreInfo:
    """Replace ``data_dir`` by the archive's files. Nothing changes unless every check passes (also
    every crisis's chains); the replaced folder is kept as ``<dir>.before-restore-<timestamp>``."""
    zip_path, data_dir = Path(zip_path), Path(data_dir)
    with _open_zip(zip_path) as zf:
        manifest = _check_listing(zf, max_total_bytes)
        replaced = _has_data(data_dir)
        if replaced and not force:
            raise RestoreTargetNotEmpty(str(data_dir), path=str(data_dir))
        _check_not_in_use(data_dir)
        parent = data_dir.parent
        parent.mkdir(parents=True, exist_ok=True)
        tmp = _extract(zf, manifest, parent, f".{data_dir.name}.restore-")
        try:
            crises = _verified_crises(tmp)
            kept = _swap(tmp, data_dir, _moment(now), keep=replaced)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    total = sum(e["size"] for e in manifest["files"])
    return RestoreInfo(data_dir, len(manifest["files"]), total, replaced, manifest, crises, kept)


def check_backup(
    zip_path: Path | str, *, work_dir: Path | str | None = None, max_total_bytes: int = MAX_TOTAL_BYTES
) -> RestoreInfo:
    """Every check of ``restore_backup`` (checksums, then every crisis's chains) without restoring:
    the archive is extracted into a temporary folder (in ``work_dir``) that is removed afterwards."""
    import tempfile

    zip_path = Path(zip_path)
    with _open_zip(zip_path) as zf:
        manifest = _check_listing(zf, max_total_bytes)
        parent = Path(work_dir) if work_dir is not None else Path(tempfile.gettempdir())
        tmp = _extract(zf, manifest, parent, ".cmt-restore-check-")
        try:
            crises = _verified_crises(tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    total = sum(e["size"] for e in manifest["files"])
    return RestoreInfo(tmp, len(manifest["files"]), total, False, manifest, crises, None)


def _open_zip(zip_path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(zip_path)
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise BackupDamaged(f"{zip_path}: {exc}") from exc
    except (FileNotFoundError, IsADirectoryError) as exc:
        raise BackupDamaged(f"{zip_path}: {exc.strerror}") from exc


def _extract(zf: zipfile.ZipFile, manifest: dict[str, Any], parent: Path, prefix: str) -> Path:
    """Every listed file, checksum-verified and fsync'd, into a new owner-only folder in ``parent``."""
    free = shutil.disk_usage(parent).free
    total = sum(e["size"] for e in manifest["files"])
    if total + 16 * 1024**2 > free:
        raise BackupTooLarge(f"{total} bytes, {free} bytes free")
    tmp = parent / f"{prefix}{os.getpid()}-{secrets.token_hex(4)}"
    try:
        tmp.mkdir(mode=0o700)
        for entry in manifest["files"]:
            target = tmp.joinpath(*PurePosixPath(entry["path"]).parts)
            for folder in reversed(target.relative_to(tmp).parents):
                (tmp / folder).mkdir(mode=0o700, exist_ok=True)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with zf.open(entry["path"]) as src, open(fd, "wb") as dst:
                _copy_verified(src, dst, entry)
                dst.flush()
                os.fsync(dst.fileno())
        for folder in sorted({p for p in tmp.rglob("*") if p.is_dir()} | {tmp}, key=lambda p: -len(p.parts)):
            _fsync_dir(folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp


def _verified_crises(folder: Path) -> tuple[CrisisSummary, ...]:
    """Verify every crisis of an extracted backup; refuse the whole backup if one does not verify."""
    from assistant.storage.integrity import check_folder

    report = check_folder(folder)
    for crisis in report.crises:
        if not crisis.ok:
            problems = [f"{c}: {p.number} {p.problem}" for c, ps in crisis.problems.items() for p in ps]
            problems += [f"{d.part}: {d.file}" for d in crisis.damaged]
            raise BackupChainBroken(
                f"{crisis.name} [{crisis.crisis_id}]: {'; '.join(problems[:3])}", crisis_id=crisis.crisis_id
            )
    return tuple(
        CrisisSummary(
            c.crisis_id, c.name, c.started_at, c.head("log").count, c.head("log").head, c.ok
        )
        for c in report.crises
    )


def _kept_name(target: Path, moment: datetime) -> Path:
    base = target.parent / f"{target.name}.before-restore-{moment.strftime('%Y%m%d-%H%M%S')}"
    candidate, n = base, 1
    while candidate.exists():
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def _swap(new: Path, target: Path, moment: datetime, keep: bool = True) -> Path | None:
    """Put ``new`` in place of ``target``; the old folder is renamed aside (kept, never deleted) and its
    new name returned. If the target cannot be renamed (a mount point), its contents are moved instead."""
    parent = target.parent
    if not target.exists():
        os.replace(new, target)
        _fsync_dir(parent)
        return None
    kept = _kept_name(target, moment)
    if not keep:  # nothing worth keeping (empty, or only a lock file): a private name, then removed
        kept = parent / f".{target.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
    try:
        os.rename(target, kept)
    except OSError as exc:
        if exc.errno not in (errno.EBUSY, errno.EXDEV, errno.EPERM, errno.EACCES):
            raise
        _swap_contents(new, target, kept)
        return kept if keep else None
    try:
        os.rename(new, target)
    except OSError:
        os.rename(kept, target)  # put the old data back
        raise
    _fsync_dir(parent)
    if not keep:
        shutil.rmtree(kept, ignore_errors=True)
        return None
    return kept


def _swap_contents(new: Path, target: Path, kept: Path) -> None:
    """Fallback for a target that is a mount point: move the old contents to ``kept``, the new in."""
    kept.mkdir(mode=0o700)
    for child in list(target.iterdir()):
        if child.name != LOCK_FILE:
            shutil.move(str(child), str(kept / child.name))
    for child in list(new.iterdir()):
        shutil.move(str(child), str(target / child.name))
    _fsync_dir(target)
    _fsync_dir(kept.parent)
    shutil.rmtree(new, ignore_errors=True)
