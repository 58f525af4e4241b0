"""The installer's own refusals, with a real room (TinyDB files), a real listening service and real
zip files: https only, unsafe and broken zips refused with nothing left behind, one install at a time."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from assistant.app.listening import Listening, ListeningConfig
from assistant.app.listening.installer import InstallBusy, InstallStage, ModelSetup, NotHttps
from assistant.app.room import Room
from assistant.storage.tinydb_repo import TinyDBRepository


@pytest.fixture
def setup(tmp_path: Path):
    repo = TinyDBRepository(tmp_path / "data")
    listening = Listening(Room(repo), ListeningConfig([tmp_path / "models"]), autoload=False)
    model_setup = ModelSetup(listening)
    model_setup.upload_dir = tmp_path / "uploads"
    model_setup.upload_dir.mkdir()
    yield model_setup
    listening.close()
    repo.close()


def wait_settled(model_setup: ModelSetup) -> InstallStage:
    thread = model_setup._thread
    assert thread is not None
    thread.join(30)
    return model_setup.progress().stage


def test_downloads_must_be_https(setup: ModelSetup):
    with pytest.raises(NotHttps):
        setup.download("http://example.org/vosk-model-small-nl-0.22.zip")
    with pytest.raises(NotHttps):
        setup.download("ftp://example.org/model.zip")
    assert setup.progress().stage is InstallStage.IDLE


def test_an_unsafe_upload_is_refused_deleted_and_nothing_is_installed(setup: ModelSetup, tmp_path: Path):
    upload = setup.upload_dir / "model-x.zip"
    with zipfile.ZipFile(upload, "w") as zf:
        zf.writestr("../../escape.txt", "boo")
    setup.begin_upload("stick.zip")
    setup.upload_progress(0.5)
    assert setup.progress().stage is InstallStage.UPLOAD and setup.progress().fraction == 0.5
    setup.install_upload("../model-x.zip")  # only the bare name counts: still inside the upload folder
    assert wait_settled(setup) is InstallStage.FAILED
    assert setup.progress().error_code == "zip_unsafe"
    assert not upload.exists() and not (tmp_path / "escape.txt").exists()
    assert setup.models() == [] and not list((tmp_path / "models").glob(".staging-*"))


def test_a_zip_without_a_model_is_refused(setup: ModelSetup):
    upload = setup.upload_dir / "model-y.zip"
    with zipfile.ZipFile(upload, "w") as zf:
        zf.writestr("vosk-model-small-nl-0.22/README", "not a model")
    setup.begin_upload("half.zip")
    setup.install_upload("model-y.zip")
    assert wait_settled(setup) is InstallStage.FAILED
    assert setup.progress().error_code in ("model_invalid", "install_failed")
    assert setup.models() == []


def test_one_upload_at_a_time_and_cancel_during_upload_installs_nothing(setup: ModelSetup):
    setup.begin_upload("a.zip")
    with pytest.raises(InstallBusy):
        setup.begin_upload("b.zip")
    setup.cancel()
    assert setup.progress().stage is InstallStage.CANCELLED
    upload = setup.upload_dir / "model-z.zip"
    upload.write_bytes(b"PK")
    setup.install_upload("model-z.zip")  # the upload finished after the cancel
    assert not upload.exists() and setup.progress().stage is InstallStage.CANCELLED
