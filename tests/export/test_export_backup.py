"""Backup and restore: round trip without loss; damaged, tampered, foreign and unsafe archives are refused."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import zipfile
from pathlib import Path

import pytest
from crisis_fixture import CRISIS_ID, NOW

from assistant.domain.errors import StorageLocked
from assistant.export.backup import (
    FORMAT_ID,
    MANIFEST,
    create_backup,
    restore_backup,
    verify_archive,
)
from assistant.export.errors import (
    BackupChecksum,
    BackupDamaged,
    BackupForeign,
    BackupNewerSchema,
    BackupTooLarge,
    BackupUnsafe,
    OutputExists,
    RestoreTargetNotEmpty,
)
from assistant.export.service import export_document
from assistant.storage.repository import SCHEMA_VERSION
from assistant.storage.tinydb_repo import TinyDBRepository


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def full_log_json(folder: Path) -> bytes:
    with TinyDBRepository(folder, read_only=True) as repo:
        return export_document(repo, CRISIS_ID, "log", "json", now=NOW).data


@pytest.fixture()
def data(test_data_dir, tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(test_data_dir, folder)
    audio = folder / "crises" / CRISIS_ID / "audio"
    audio.mkdir(parents=True, exist_ok=True)
    (audio / "u1.wav").write_bytes(b"RIFF" + os.urandom(50_000))
    return folder


@pytest.fixture()
def backup(data, tmp_path) -> Path:
    path = tmp_path / "backup.zip"
    create_backup(data, path, now=NOW)
    return path


def rewrite(src: Path, dst: Path, change) -> None:
    """Copy an archive member by member, letting ``change(name, data)`` return new data or None to drop it."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            new = change(info.filename, zin.read(info))
            if new is not None:
                zout.writestr(info, new)


def test_manifest_lists_every_file_with_checksum_and_size(data, backup):
    with zipfile.ZipFile(backup) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        names = set(zf.namelist()) - {MANIFEST}
    assert manifest["format"] == FORMAT_ID and manifest["format_version"] == 1
    assert manifest["schema_version"] == SCHEMA_VERSION and manifest["app_version"]
    assert manifest["created_at"].startswith("2025-03-14T")
    files = {f["path"]: f for f in manifest["files"]}
    assert set(files) == names == set(tree(data))
    assert ".lock" not in names and not any(n.startswith(".") for n in names)
    for path, digest in tree(data).items():
        assert files[path]["sha256"] == digest and files[path]["size"] == (data / path).stat().st_size
    assert verify_archive(backup)["file_count"] == len(files)


def test_round_trip_without_loss(data, backup, tmp_path):
    before = full_log_json(data)
    target = tmp_path / "restored"
    info = restore_backup(backup, target)
    assert info.files == len(tree(data)) and not info.replaced
    assert tree(target) == tree(data)
    assert full_log_json(target) == before  # the full-log JSON is byte for byte the same


def test_restore_never_overwrites_without_force(data, backup):
    before = tree(data)
    with pytest.raises(RestoreTargetNotEmpty):
        restore_backup(backup, data)
    assert tree(data) == before


def test_restore_with_force_replaces_the_folder(data, backup, tmp_path):
    target = tmp_path / "other"
    target.mkdir()
    (target / "settings.json").write_text("{}", encoding="utf-8")
    (target / "stray.txt").write_text("weg", encoding="utf-8")
    info = restore_backup(backup, target, force=True)
    assert info.replaced and tree(target) == tree(data)
    assert not list(tmp_path.glob(".other.*"))  # no temp or old folders left behind


def test_an_empty_target_or_one_with_only_a_lock_needs_no_force(backup, tmp_path):
    target = tmp_path / "empty"
    target.mkdir()
    (target / ".lock").write_text("", encoding="utf-8")
    restore_backup(backup, target)
    assert (target / "crises" / CRISIS_ID / "crisis.json").exists()


def test_tampered_backup_is_refused_and_nothing_changes(data, backup, tmp_path):
    tampered = tmp_path / "tampered.zip"
    rewrite(
        backup,
        tampered,
        lambda name, raw: (
            raw.replace(b"Twee medewerkers", b"Drie medewerkers")
            if name.endswith(".json") and name != MANIFEST
            else raw
        ),
    )
    target = tmp_path / "target"
    with pytest.raises(BackupChecksum):
        restore_backup(tampered, target)
    assert not target.exists() and not list(tmp_path.glob(".target.*"))
    before = tree(data)
    with pytest.raises(BackupChecksum):
        restore_backup(tampered, data, force=True)
    assert tree(data) == before
    with pytest.raises(BackupChecksum):
        verify_archive(tampered)


def test_extra_or_missing_files_are_refused(backup, tmp_path):
    extra = tmp_path / "extra.zip"
    shutil.copy(backup, extra)
    with zipfile.ZipFile(extra, "a") as zf:
        zf.writestr("crises/evil.json", "{}")
    with pytest.raises(BackupChecksum, match="evil"):
        restore_backup(extra, tmp_path / "t1")
    missing = tmp_path / "missing.zip"
    rewrite(backup, missing, lambda name, raw: None if name.endswith("crisis.json") else raw)
    with pytest.raises(BackupChecksum, match="crisis.json"):
        restore_backup(missing, tmp_path / "t2")


def test_foreign_archives_are_refused(tmp_path):
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("notes.txt", "hallo")
    with pytest.raises(BackupForeign):
        restore_backup(plain, tmp_path / "t")
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr(MANIFEST, json.dumps({"format": "someone-else", "files": []}))
    with pytest.raises(BackupForeign):
        restore_backup(other, tmp_path / "t")
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(os.urandom(2000))
    with pytest.raises(BackupDamaged):
        restore_backup(garbage, tmp_path / "t")
    with pytest.raises(BackupDamaged):
        restore_backup(tmp_path / "does-not-exist.zip", tmp_path / "t")
    assert not (tmp_path / "t").exists()


def test_truncated_archive_is_damaged(backup, tmp_path):
    cut = tmp_path / "cut.zip"
    cut.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    with pytest.raises(BackupDamaged):
        restore_backup(cut, tmp_path / "t")


def _manifest_for(members: dict[str, bytes], **extra) -> bytes:
    files = [{"path": k, "size": len(v), "sha256": hashlib.sha256(v).hexdigest()} for k, v in members.items()]
    return json.dumps(
        {
            "format": FORMAT_ID,
            "format_version": 1,
            "schema_version": SCHEMA_VERSION,
            "app_version": "x",
            "created_at": "2025-01-01T00:00:00+00:00",
            "files": files,
            **extra,
        }
    ).encode()


@pytest.mark.parametrize(
    "name",
    [
        "../escape.json",
        "/etc/passwd",
        "crises/../../x.json",
        "a\\..\\b.json",
        "C:/windows.json",
        ".hidden/x.json",
    ],
)
def test_zip_slip_names_are_refused(tmp_path, name):
    archive = tmp_path / "slip.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(MANIFEST, _manifest_for({name: b"{}"}))
        zf.writestr(name, b"{}")
    with pytest.raises(BackupUnsafe):
        restore_backup(archive, tmp_path / "target")
    assert not (tmp_path / "escape.json").exists() and not (tmp_path / "target").exists()


def test_links_are_refused(tmp_path):
    archive = tmp_path / "link.zip"
    info = zipfile.ZipInfo("settings.json")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(MANIFEST, _manifest_for({"settings.json": b"/etc/passwd"}))
        zf.writestr(info, b"/etc/passwd")
    with pytest.raises(BackupUnsafe):
        restore_backup(archive, tmp_path / "target")


def test_absurd_sizes_are_refused(backup, tmp_path):
    with pytest.raises(BackupTooLarge):
        restore_backup(backup, tmp_path / "t", max_total_bytes=1000)
    bomb = tmp_path / "bomb.zip"
    content = b"\0" * 5_000_000
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, _manifest_for({"settings.json": content[:10]}))
        zf.writestr("settings.json", content)  # manifest claims 10 bytes
    with pytest.raises(BackupChecksum):
        restore_backup(bomb, tmp_path / "t")


def test_newer_backups_are_refused(tmp_path):
    archive = tmp_path / "new.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(MANIFEST, _manifest_for({}, schema_version=SCHEMA_VERSION + 1))
    with pytest.raises(BackupNewerSchema):
        restore_backup(archive, tmp_path / "t")


def test_folder_in_use_is_refused(backup, data):
    with TinyDBRepository(data, fsync=False), pytest.raises(StorageLocked):
        restore_backup(backup, data, force=True)


def test_backup_of_a_folder_in_use_reads_under_the_repository_lock(data, tmp_path):
    with TinyDBRepository(data, fsync=False) as repo:
        info = create_backup(data, tmp_path / "live.zip", repo=repo)
        assert info.files == len(tree(data))
    restore_backup(tmp_path / "live.zip", tmp_path / "restored")
    assert full_log_json(tmp_path / "restored") == full_log_json(data)


def test_backup_does_not_overwrite_without_force_and_never_includes_itself(data, backup):
    with pytest.raises(OutputExists):
        create_backup(data, backup)
    inside = data / "backup-inside.zip"
    create_backup(data, inside)
    create_backup(data, inside, force=True)
    with zipfile.ZipFile(inside) as zf:
        assert "backup-inside.zip" not in zf.namelist()


def test_backup_as_a_browser_download(data, tmp_path):
    from assistant.export.backup import backup_download

    with TinyDBRepository(data, fsync=False) as repo:
        result = backup_download(data, repo=repo, now=NOW)
    assert result.filename == "cmt-backup-20250314-1215.zip" and result.mime == "application/zip"
    path = tmp_path / result.filename
    path.write_bytes(result.data)
    assert verify_archive(path)["file_count"] == len(tree(data))


# --- safe restore (issue 11) and secrets (issue 10) -------------------------------------------------------


def _versions(folder: Path) -> int:
    with TinyDBRepository(folder, read_only=True) as repo:
        return len(repo.entry_versions(CRISIS_ID))


def test_restoring_an_older_backup_keeps_the_replaced_folder(data, backup, tmp_path):
    """The issue's case: restoring an older backup silently lost newer entries. Now they are kept aside."""
    from assistant.domain.entries import EntryContent, EntryKind

    with TinyDBRepository(data, fsync=False) as repo:
        newest = repo.entry_versions(CRISIS_ID)[-1]
        from dataclasses import replace

        repo.append_entry(
            replace(newest, entry_id="na-backup", number="I-99", version=1, content=EntryContent(EntryKind.INFO, "Na de back-up."))
        )
    newer = tree(data)
    info = restore_backup(backup, data, force=True, now=NOW)
    assert info.kept == data.parent / "data.before-restore-20250314-121500"
    assert tree(info.kept) == newer  # every newer entry is still there, beside the restored folder
    assert _versions(data) == _versions(info.kept) - 1
    again = restore_backup(backup, data, force=True, now=NOW)  # same second: a distinct name
    assert again.kept != info.kept and info.kept.is_dir() and again.kept.is_dir()


def test_restore_shows_every_crisis_with_head_count_and_creation(data, backup, tmp_path):
    from assistant.export.backup import check_backup

    with TinyDBRepository(data, read_only=True) as repo:
        versions = repo.entry_versions(CRISIS_ID)
        crisis = repo.get_crisis(CRISIS_ID)
    checked = check_backup(backup, work_dir=tmp_path)
    [summary] = checked.crises
    assert (summary.crisis_id, summary.name, summary.started_at) == (CRISIS_ID, crisis.name, crisis.started_at)
    assert (summary.versions, summary.head, summary.intact) == (len(versions), versions[-1].hash, True)
    assert not list(tmp_path.glob(".cmt-restore-check-*"))  # nothing left behind
    restored = restore_backup(backup, tmp_path / "fresh")
    assert restored.crises == checked.crises and restored.kept is None


def test_backup_with_a_resealed_or_broken_chain_is_refused(data, tmp_path):
    from assistant.export.backup import BackupChainBroken, check_backup

    log = next((data / "crises" / CRISIS_ID / "log").glob("log-*.json"))
    raw = json.loads(log.read_text())
    first = raw["log"][min(raw["log"], key=int)]
    first["content"]["text"] = "Herschreven."  # not re-sealed: the chain breaks
    log.write_text(json.dumps(raw))
    broken = tmp_path / "broken.zip"
    create_backup(data, broken, now=NOW)  # checksums fine: the archive itself is not damaged
    target = tmp_path / "target"
    target.mkdir()
    (target / "settings.json").write_text("{}", encoding="utf-8")
    with pytest.raises(BackupChainBroken) as info:
        restore_backup(broken, target, force=True)
    assert CRISIS_ID in info.value.detail
    assert (target / "settings.json").read_text() == "{}" and not list(tmp_path.glob("target.before-restore-*"))
    with pytest.raises(BackupChainBroken):
        check_backup(broken, work_dir=tmp_path)


def test_join_codes_and_secret_are_not_in_backups(data, tmp_path):
    with TinyDBRepository(data, fsync=False) as repo:
        settings = repo.get_settings()
        repo.save_settings({**settings, "lang": "nl", "access": {"code": "K7P2QX", "view_code": "W4N8", "secret": "ab" * 32}})
    path = tmp_path / "b.zip"
    create_backup(data, path, now=NOW)
    with zipfile.ZipFile(path) as zf:
        everything = b"".join(zf.read(name) for name in zf.namelist())
    assert b"K7P2QX" not in everything and b"ab" * 32 not in everything and b'"access"' not in everything
    restored = restore_backup(path, tmp_path / "r")
    with TinyDBRepository(restored.data_dir, read_only=True) as repo:
        assert repo.get_settings().get("lang") == "nl" and "access" not in repo.get_settings()


def test_restored_files_are_owner_only(backup, tmp_path):
    target = tmp_path / "r"
    restore_backup(backup, target)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [target, *target.rglob("*")] if p.is_dir()}
    assert modes == {0o700}
    assert {stat.S_IMODE(p.stat().st_mode) for p in target.rglob("*") if p.is_file()} == {0o600}


def test_restore_cli_check_and_restore(data, backup, tmp_path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    env.pop("ASSISTANT_DATA_DIR", None)

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "assistant", "--data-dir", str(data), *args],
                              capture_output=True, text=True, env=env, cwd=root, timeout=60)

    checked = cli("restore", str(backup), "--check")
    assert checked.returncode == 0, checked.stderr
    assert "Back-up in orde" in checked.stdout and f"[{CRISIS_ID}]: aangemaakt" in checked.stdout
    assert "versies, kop " in checked.stdout
    restored = cli("restore", str(backup), "--force")
    assert restored.returncode == 0, restored.stderr
    assert "bewaard als" in restored.stdout and "data.before-restore-" in restored.stdout
    assert list(tmp_path.glob("data.before-restore-*"))
