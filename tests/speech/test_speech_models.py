"""Models on disk: validation, the store, safe installs from zip, folder and HTTP, and the CLI."""

from __future__ import annotations

import argparse
import io
import stat
import threading
import zipfile
from pathlib import Path

import pytest

import speech.models as models
from assistant.i18n import speech_error_text as text_of
from speech.cli import add_models_arguments, run_models
from speech.errors import SpeechError
from speech.models import ModelStore, check_model_dir

pytestmark = pytest.mark.slow


def fake_model(root: Path, *, skip: tuple[str, ...] = ()) -> Path:
    """A folder with a Vosk-like layout (tiny files): enough for validation and store tests."""
    for rel in (
        "am/final.mdl",
        "conf/mfcc.conf",
        "conf/model.conf",
        "graph/HCLr.fst",
        "graph/Gr.fst",
        "graph/disambig_tid.int",
        "graph/phones/word_boundary.int",
        "ivector/final.ie",
        "ivector/final.dubm",
        "ivector/final.mat",
        "ivector/global_cmvn.stats",
        "ivector/online_cmvn.conf",
        "ivector/splice.conf",
    ):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        if rel not in skip:
            (root / rel).write_text("x")
    return root


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# -- validation and the store ------------------------------------------------------------------------


def test_check_model_dir_names_every_defect(tmp_path: Path) -> None:
    assert check_model_dir(fake_model(tmp_path / "ok")).valid
    broken = fake_model(tmp_path / "broken", skip=("graph/Gr.fst", "ivector/final.ie"))
    (broken / "conf" / "model.conf").write_text("")
    problems = {(p.kind, p.path) for p in check_model_dir(broken).problems}
    assert problems == {
        ("missing_file", "graph/Gr.fst"),
        ("missing_file", "ivector/final.ie"),
        ("empty_file", "conf/model.conf"),
    }
    err = check_model_dir(broken).error()
    dutch = text_of(err, "nl")
    assert err.code == "model_invalid" and "graph/Gr.fst" in dutch and "ontbreekt" in dutch
    only_conf = tmp_path / "only-conf"
    (only_conf / "conf").mkdir(parents=True)
    kinds = {(p.kind, p.path) for p in check_model_dir(only_conf).problems}
    assert ("missing_dir", "am") in kinds and ("missing_dir", "graph") in kinds


def test_store_lists_languages_defaults_and_broken_models(tmp_path: Path) -> None:
    repo_like, data = tmp_path / "repo-models", tmp_path / "data-models"
    fake_model(data / "vosk-model-small-nl-0.22")
    fake_model(data / "vosk-model-nl-spraakherkenning-0.6")
    fake_model(repo_like / "vosk-model-small-en-us-0.15")
    fake_model(repo_like / "vosk-model-small-de-0.15", skip=("am/final.mdl",))
    (data / ".staging-1-abc").mkdir()  # an install in progress is never listed
    store = ModelStore(data, extra_dirs=[repo_like])
    infos = {m.name: m for m in store.list()}
    assert set(infos) == {
        "vosk-model-small-nl-0.22",
        "vosk-model-nl-spraakherkenning-0.6",
        "vosk-model-small-en-us-0.15",
        "vosk-model-small-de-0.15",
    }
    assert infos["vosk-model-small-nl-0.22"].lang == "nl" and infos["vosk-model-small-nl-0.22"].is_default
    assert not infos["vosk-model-nl-spraakherkenning-0.6"].is_default
    assert (
        infos["vosk-model-small-en-us-0.15"].is_default and infos["vosk-model-small-en-us-0.15"].lang == "en"
    )
    bad = infos["vosk-model-small-de-0.15"]
    assert not bad.valid and not bad.is_default and "am/final.mdl" in bad.problems_text()
    store.set_default("vosk-model-nl-spraakherkenning-0.6")
    assert (data / "defaults.json").is_file()
    assert store.default_model("nl").name == "vosk-model-nl-spraakherkenning-0.6"
    store.remove("vosk-model-nl-spraakherkenning-0.6")
    assert store.default_model("nl").name == "vosk-model-small-nl-0.22"
    with pytest.raises(SpeechError) as info:
        store.set_default("vosk-model-small-de-0.15")
    assert info.value.code == "model_invalid"
    with pytest.raises(SpeechError) as info:
        store.remove("nope")
    assert info.value.code == "unknown_model" and "vosk-model-small-nl-0.22" in text_of(info.value, "en")
    assert ModelStore(tmp_path / "empty").default_model("nl") is None


def test_catalogue_has_the_dutch_and_english_defaults() -> None:
    nl, en = models.catalogue_entry("nl"), models.catalogue_entry("en")
    assert nl is not None and nl.name == "vosk-model-small-nl-0.22" and nl.url.endswith(nl.name + ".zip")
    assert en is not None and en.name == "vosk-model-small-en-us-0.15" and en.size_mb > 0
    assert models.catalogue_entry("vosk-model-small-en-us-0.15") == en


# -- zips are untrusted --------------------------------------------------------------------------------


def _zip(path: Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in entries:
            zf.writestr(info, data)
    return path


def _link(name: str, target: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


@pytest.mark.parametrize(
    ("entries", "words"),
    [
        ([("m/am/final.mdl", b"x"), ("m/../../evil.txt", b"pwned")], "escapes"),
        ([("/etc/evil.conf", b"pwned")], "absolute"),
        ([("C:\\evil.txt", b"pwned")], "absolute"),
        ([("m/am/final.mdl", b"x"), (_link("m/graph", "/etc"), b"/etc")], "link"),
    ],
    ids=["zip-slip", "absolute", "drive-letter", "symlink"],
)
def test_unsafe_zips_are_refused_and_nothing_is_written(tmp_path: Path, entries, words: str) -> None:
    target = tmp_path / "models"
    z = _zip(tmp_path / "evil.zip", entries)
    with pytest.raises(SpeechError) as info:
        ModelStore(target).install(z)
    assert info.value.code == "zip_unsafe" and words in info.value.detail
    assert "onveilig" in text_of(info.value, "nl")
    assert not (tmp_path / "evil.txt").exists() and not list(target.iterdir())


def test_absurd_sizes_and_zip_bombs_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("m/am/final.mdl", "w") as fh:
        for _ in range(65):
            fh.write(bytes(1 << 20))  # 65 MB of zeros: compresses about 1000:1
    with pytest.raises(SpeechError) as info:
        ModelStore(tmp_path / "m1").install(bomb)
    assert info.value.code == "zip_unsafe" and "compresses" in info.value.detail
    monkeypatch.setattr(models, "MAX_TOTAL_BYTES", 1000)
    z = _zip(tmp_path / "big.zip", [("m/am/final.mdl", bytes(600)), ("m/graph/HCLG.fst", bytes(600))])
    with pytest.raises(SpeechError) as info:
        ModelStore(tmp_path / "m2").install(z)
    assert info.value.code == "zip_unsafe" and "GB" in info.value.detail


def test_corrupt_and_truncated_zips_are_invalid(tmp_path: Path, model_zip: Path) -> None:
    target = tmp_path / "models"
    truncated = tmp_path / "truncated.zip"
    with open(model_zip, "rb") as src:
        truncated.write_bytes(src.read(model_zip.stat().st_size // 2))
    with pytest.raises(SpeechError) as info:
        ModelStore(target).install(truncated)
    assert info.value.code == "zip_invalid" and "beschadigd" in text_of(info.value, "nl")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("m/am/final.mdl", b"A" * 1000)
    data = bytearray(buf.getvalue())
    data[data.index(b"A" * 100) + 50] = ord("B")  # one flipped byte: the CRC must catch it
    flipped = tmp_path / "flipped.zip"
    flipped.write_bytes(bytes(data))
    with pytest.raises(SpeechError) as info:
        ModelStore(target).install(flipped)
    assert info.value.code == "zip_invalid"
    assert not list(target.iterdir()), "nothing half-installed"


def test_a_zip_without_a_model_says_what_is_missing(tmp_path: Path) -> None:
    z = _zip(tmp_path / "notamodel.zip", [("stuff/readme.txt", b"hello")])
    with pytest.raises(SpeechError) as info:
        ModelStore(tmp_path / "models").install(z)
    assert info.value.code == "model_invalid" and "am/" in text_of(info.value, "en")
    assert not list((tmp_path / "models").iterdir())


# -- real installs ----------------------------------------------------------------------------------------


def _sizes(root: Path) -> dict[str, int]:
    return {
        p.relative_to(root).as_posix(): p.stat().st_size
        for p in root.rglob("*")
        if p.is_file() and p.name != models.INSTALL_INFO_FILE
    }


def _same_files(a: Path, b: Path) -> bool:
    return _sizes(a) == _sizes(b)


def test_install_good_zip_then_default_list_and_remove(
    tmp_path: Path, model_zip: Path, model_path: Path
) -> None:
    store = ModelStore(tmp_path / "models")
    info = store.install(model_zip)
    assert info.name == "vosk-model-small-ko-test" and info.valid and info.lang == "ko" and info.is_default
    assert _same_files(info.path, model_path)
    assert leftovers(tmp_path / "models") == []
    with pytest.raises(SpeechError) as again:
        store.install(model_zip)
    assert again.value.code == "model_exists"
    store.remove(info.name)
    assert store.list() == [] and store.default_model("ko") is None


def test_install_from_a_folder_refuses_links(tmp_path: Path, model_path: Path) -> None:
    store = ModelStore(tmp_path / "models")
    info = store.install(model_path, name="ko-copy")
    assert info.valid and info.lang == "ko" and _same_files(info.path, model_path)
    linked = tmp_path / "linked"
    fake_model(linked)
    (linked / "graph" / "evil").symlink_to("/etc")
    with pytest.raises(SpeechError) as err:
        store.install(linked)
    assert err.value.code == "zip_unsafe"
    store.remove("ko-copy")


def test_download_by_catalogue_name_from_a_local_server(
    tmp_path: Path, http_models: str, model_path: Path, model_zip: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = models.CatalogueEntry(
        "vosk-model-small-ko-test", "ko", f"{http_models}/model.zip", 82, "Apache-2.0", default_for_lang=True
    )
    monkeypatch.setattr(models, "CATALOGUE", (entry,))
    seen: list[tuple[str, int, int | None]] = []
    store = ModelStore(tmp_path / "models")
    info = store.install("ko", progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert info.name == "vosk-model-small-ko-test" and info.valid and info.is_default
    assert _same_files(info.path, model_path)
    downloads = [s for s in seen if s[0] == "download"]
    assert downloads[-1][1] == downloads[-1][2] == model_zip.stat().st_size
    assert any(s[0] == "extract" for s in seen)
    assert leftovers(tmp_path / "models") == []
    store.remove(info.name)


def test_interrupted_and_failed_downloads_leave_nothing(tmp_path: Path, http_models: str) -> None:
    target = tmp_path / "models"
    store = ModelStore(target)
    with pytest.raises(SpeechError) as info:
        store.install(f"{http_models}/truncated.zip")
    assert info.value.code == "download_failed" and "closed after" in info.value.detail
    with pytest.raises(SpeechError) as info:
        store.install(f"{http_models}/missing.zip")
    assert info.value.code == "download_failed" and "404" in info.value.detail

    cancel = threading.Event()

    def cancel_soon(stage: str, done: int, total: int | None) -> None:
        if done > 1 << 20:
            cancel.set()

    with pytest.raises(SpeechError) as info:
        store.install(f"{http_models}/model.zip", progress=cancel_soon, cancel=cancel)
    assert info.value.code == "cancelled"

    def ctrl_c(stage: str, done: int, total: int | None) -> None:
        if done > 1 << 20:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        store.install(f"{http_models}/model.zip", progress=ctrl_c)
    assert list(target.iterdir()) == [], "no half model, no staging folder"


def test_unknown_source_and_bad_scheme(tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "models")
    with pytest.raises(SpeechError) as info:
        store.install("klingon")
    assert info.value.code == "unknown_model" and "vosk-model-small-nl-0.22" in text_of(info.value, "en")
    with pytest.raises(SpeechError) as info:
        store.install("ftp://example.invalid/model.zip")
    assert info.value.code == "download_failed"


# -- command line ------------------------------------------------------------------------------------


def _run(argv: list[str], models_dir: Path, lang: str = "en") -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default=lang)
    add_models_arguments(parser)
    args = parser.parse_args(argv)
    out, err = io.StringIO(), io.StringIO()
    code = run_models(args, models_dir=models_dir, out=out, err=err, describe=text_of)  # as `assistant models`
    return code, out.getvalue(), err.getvalue()


def test_models_cli_list_install_default_remove(tmp_path: Path, model_zip: Path) -> None:
    folder = tmp_path / "models"
    code, out, _ = _run(["list"], folder)
    assert code == 0 and "No speech models" in out and "models install nl" in out
    code, out, _ = _run(["list"], folder, lang="nl")
    assert "Geen spraakmodellen" in out
    code, out, _ = _run(["list", "--available"], folder)
    assert "vosk-model-small-nl-0.22" in out and "vosk-model-small-en-us-0.15" in out
    code, out, err = _run(["install", str(model_zip)], folder)
    assert code == 0 and "Installed: vosk-model-small-ko-test" in out and "default for ko" in out, err
    fake_model(folder / "vosk-model-small-ko-other")
    fake_model(folder / "vosk-model-small-nl-broken", skip=("graph/phones/word_boundary.int",))
    code, out, _ = _run(["list"], folder)
    lines = {line.split()[0]: line for line in out.splitlines()[1:-1]}
    assert "valid, default" in lines["vosk-model-small-ko-test"] and "ko" in lines["vosk-model-small-ko-test"]
    assert (
        "INVALID" in lines["vosk-model-small-nl-broken"]
        and "word_boundary.int" in lines["vosk-model-small-nl-broken"]
    )
    code, out, _ = _run(["default", "vosk-model-small-ko-other"], folder)
    assert code == 0 and "Default model for ko: vosk-model-small-ko-other" in out
    code, out, _ = _run(["remove", "vosk-model-small-ko-test"], folder)
    assert code == 0 and "Removed" in out
    code, _, err = _run(["remove", "vosk-model-small-ko-test"], folder, lang="nl")
    assert code == 2 and err.startswith("fout: Onbekend spraakmodel")
