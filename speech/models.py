"""Vosk models on disk: discover, validate, install (zip, folder or URL), remove, choose a default.

Why this much care: a crisis room is offline. A chair may only have a zip on a USB stick, a
half-copied folder, or thirty seconds of hotel Wi-Fi. So a broken model must be named precisely
("missing file graph/Gr.fst"), an install must be all-or-nothing (staged in a hidden folder next to
the target and renamed in at the end), and zips are treated as untrusted input.

Layout of a models folder::

    models/
      vosk-model-small-nl-0.22/     one folder per model (am/, conf/, graph/, ivector/ ...)
      defaults.json                 {"nl": "vosk-model-small-nl-0.22"}: the default per language
      .staging-<pid>-<random>/      an install in progress (removed when it ends)
"""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import os
import re
import shutil
import stat
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from speech.errors import (
    Cancelled,
    DownloadFailed,
    InstallFailed,
    ModelExists,
    ModelInvalid,
    SpeechError,
    UnknownModel,
    ZipInvalid,
    ZipUnsafe,
)

log = logging.getLogger(__name__)

REPO_MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
DEFAULTS_FILE = "defaults.json"
INSTALL_INFO_FILE = "speech-install.json"

# Limits for untrusted zips. The largest Vosk model is a few GB unpacked; anything beyond is an attack
# or a mistake.
MAX_ZIP_ENTRIES = 20_000
MAX_ENTRY_BYTES = 4 << 30
MAX_TOTAL_BYTES = 8 << 30
MAX_RATIO = 200  # uncompressed / compressed for a single large entry (zip bomb)
MAX_DOWNLOAD_BYTES = 4 << 30

#: Progress callback: (stage, done, total or None). Stages: "download", "extract", "copy".
Progress = Callable[[str, int, int | None], None]


# --------------------------------------------------------------------------------------------------
# Catalogue
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CatalogueEntry:
    """A published Vosk model a user with internet can install by name or language."""

    name: str
    lang: str
    url: str
    size_mb: int  # download size, approximate (as published on the Vosk model page)
    licence: str
    note: str = ""
    default_for_lang: bool = False
    sha256: str | None = None  # unknown for the published zips; verified by zip CRCs and layout instead


_BASE = "https://alphacephei.com/vosk/models/"

CATALOGUE: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        "vosk-model-small-nl-0.22",
        "nl",
        _BASE + "vosk-model-small-nl-0.22.zip",
        39,
        "Apache-2.0",
        "Dutch, small (WER about 22-27 %); the Dutch default",
        default_for_lang=True,
    ),
    CatalogueEntry(
        "vosk-model-small-en-us-0.15",
        "en",
        _BASE + "vosk-model-small-en-us-0.15.zip",
        40,
        "Apache-2.0",
        "English (US), small; the English default",
        default_for_lang=True,
    ),
    CatalogueEntry(
        "vosk-model-en-us-0.22-lgraph",
        "en",
        _BASE + "vosk-model-en-us-0.22-lgraph.zip",
        128,
        "Apache-2.0",
        "English (US), larger and more accurate",
    ),
    CatalogueEntry(
        "vosk-model-nl-spraakherkenning-0.6-lgraph",
        "nl",
        _BASE + "vosk-model-nl-spraakherkenning-0.6-lgraph.zip",
        100,
        "CC-BY-NC-SA-4.0",
        "Dutch, more accurate; NON-COMMERCIAL licence",
    ),
    CatalogueEntry(
        "vosk-model-small-de-0.15",
        "de",
        _BASE + "vosk-model-small-de-0.15.zip",
        45,
        "Apache-2.0",
        "German, small",
        default_for_lang=True,
    ),
    CatalogueEntry(
        "vosk-model-small-fr-0.22",
        "fr",
        _BASE + "vosk-model-small-fr-0.22.zip",
        41,
        "Apache-2.0",
        "French, small",
        default_for_lang=True,
    ),
    CatalogueEntry(
        "vosk-model-small-ko-0.22",
        "ko",
        _BASE + "vosk-model-small-ko-0.22.zip",
        82,
        "Apache-2.0",
        "Korean, small (the test language)",
        default_for_lang=True,
    ),
)


def catalogue_entry(key: str) -> CatalogueEntry | None:
    """Look up a catalogue model by exact name, or by language code for that language's default."""
    key = key.strip().lower()
    for entry in CATALOGUE:
        if entry.name == key:
            return entry
    for entry in CATALOGUE:
        if entry.lang == key and entry.default_for_lang:
            return entry
    return None


# --------------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------------

#: English detail per problem kind (the app's catalogue has the user text: ``model_problem.<kind>``).
_PROBLEM_DETAIL: dict[str, str] = {
    "not_a_folder": "{path} is not a folder",
    "missing_dir": "folder {path}/ is missing",
    "missing_file": "file {path} is missing",
    "empty_file": "file {path} is empty",
    "unreadable": "{path} cannot be read",
    "no_graph": "graph/ holds no decoding graph (HCLG.fst, or HCLr.fst + Gr.fst)",
}


@dataclass(frozen=True, slots=True)
class ModelProblem:
    """One precise defect of a model folder (``path`` is relative to the model folder)."""

    kind: str
    path: str

    def text(self, lang: str = "en") -> str:
        """English detail (logs, the speech CLI); the app shows ``model_problem.<kind>``.

        ``lang`` is ignored and only accepted for old callers (``app/listening.py``).
        """
        return _PROBLEM_DETAIL[self.kind].format(path=self.path)


@dataclass(frozen=True, slots=True)
class ModelCheck:
    """The verdict on a model folder."""

    path: Path
    problems: tuple[ModelProblem, ...]

    @property
    def valid(self) -> bool:
        return not self.problems

    def error(self) -> ModelInvalid:
        return ModelInvalid(
            "; ".join(p.text() for p in self.problems),
            path=str(self.path),
            problems=[(p.kind, p.path) for p in self.problems],
        )


_IVECTOR_FILES = (
    "final.ie",
    "final.dubm",
    "final.mat",
    "global_cmvn.stats",
    "online_cmvn.conf",
    "splice.conf",
)
_STATIC_GRAPH = ("graph/HCLG.fst", "graph/words.txt")
_LOOKAHEAD_GRAPH = ("graph/HCLr.fst", "graph/Gr.fst", "graph/disambig_tid.int")


def check_model_dir(path: str | Path) -> ModelCheck:
    """Check the layout Vosk 0.3.45 reads (am/, conf/, graph/, optional ivector/); list every defect.

    Why not just try ``vosk.Model``: it takes seconds and hundreds of MB, and only says "Failed to
    create a model". This check is instant and says which file is missing.
    """
    root = Path(path)
    problems: list[ModelProblem] = []
    if not root.is_dir():
        return ModelCheck(root, (ModelProblem("not_a_folder", str(root)),))

    def need_file(rel: str) -> None:
        p = root / rel
        if not p.is_file():
            problems.append(ModelProblem("missing_file", rel))
        elif p.stat().st_size == 0:
            problems.append(ModelProblem("empty_file", rel))

    def need_dir(rel: str) -> bool:
        if not (root / rel).is_dir():
            problems.append(ModelProblem("missing_dir", rel))
            return False
        return True

    if need_dir("am"):
        need_file("am/final.mdl")
    if need_dir("conf"):
        need_file("conf/mfcc.conf")
        need_file("conf/model.conf")
    if need_dir("graph"):
        static = [rel for rel in _STATIC_GRAPH if (root / rel).is_file()]
        lookahead = [rel for rel in _LOOKAHEAD_GRAPH if (root / rel).is_file()]
        if not static and not lookahead:
            problems.append(ModelProblem("no_graph", "graph"))
        elif len(lookahead) >= len(static) and lookahead:
            for rel in _LOOKAHEAD_GRAPH:
                need_file(rel)
        else:
            for rel in _STATIC_GRAPH:
                need_file(rel)
        need_file("graph/phones/word_boundary.int")  # needed for word times
    if (root / "ivector").is_dir():
        for name in _IVECTOR_FILES:
            need_file(f"ivector/{name}")
    return ModelCheck(root, tuple(problems))


_LANGUAGE_NAMES = {
    "dutch": "nl",
    "nederlands": "nl",
    "english": "en",
    "german": "de",
    "french": "fr",
    "korean": "ko",
    "spanish": "es",
    "italian": "it",
    "russian": "ru",
    "chinese": "cn",
    "japanese": "ja",
    "portuguese": "pt",
    "polish": "pl",
    "turkish": "tr",
    "ukrainian": "uk",
    "swedish": "sv",
    "czech": "cz",
    "hindi": "hi",
}


def guess_language(path: str | Path) -> str | None:
    """Language code of a model folder: from our install record, the folder name, or its README."""
    root = Path(path)
    info = _read_json(root / INSTALL_INFO_FILE)
    if isinstance(info.get("lang"), str) and info["lang"]:
        return str(info["lang"])
    for name in (root.name, root.parent.name if root.name == "model" else ""):
        tokens = [t for t in re.split(r"[-_]", name.lower()) if t]
        if len(tokens) >= 3 and tokens[0] == "vosk" and tokens[1] == "model":
            for token in tokens[2:]:
                if token == "small":
                    continue
                if re.fullmatch(r"[a-z]{2,3}", token):
                    return token
                break
    readme = root / "README"
    if readme.is_file():
        try:
            head = readme.read_text(encoding="utf-8", errors="replace")[:500].lower()
        except OSError:
            return None
        for word, code in _LANGUAGE_NAMES.items():
            if re.search(rf"\b{word}\b", head):
                return code
    return None


def _read_json(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable %s: %s", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def _write_json_atomic(path: Path, data: Mapping[str, object]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _dir_size(path: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for f in files:
            try:
                total += os.lstat(os.path.join(dirpath, f)).st_size
            except OSError:
                continue
    return total


# --------------------------------------------------------------------------------------------------
# The store
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """One model folder as ``models list`` shows it."""

    name: str
    path: Path
    lang: str | None
    size_bytes: int
    problems: tuple[ModelProblem, ...]
    is_default: bool
    folder: Path

    @property
    def valid(self) -> bool:
        return not self.problems

    def problems_text(self, lang: str = "en") -> str:
        """English detail of every problem (the app translates by ``ModelProblem.kind``).

        ``lang`` is ignored and only accepted for old callers (``app/listening.py``).
        """
        return "; ".join(p.text() for p in self.problems)


class ModelStore:
    """The models folders: a configured one (installs go there) and the repository's ``models/``.

    ``models_dir`` is the folder the app passes (``<data dir>/models``); without it the repository's
    ``models/`` is used for installs. Models in both are found; a name in the configured folder wins.
    """

    def __init__(
        self, models_dir: str | Path | None = None, *, extra_dirs: Sequence[str | Path] = ()
    ) -> None:
        primary = Path(models_dir).expanduser() if models_dir else REPO_MODELS_DIR
        folders = [primary, *(Path(d).expanduser() for d in extra_dirs)]
        if models_dir and REPO_MODELS_DIR not in folders:
            folders.append(REPO_MODELS_DIR)
        seen: set[Path] = set()
        self.folders: list[Path] = []
        for f in folders:
            key = f.resolve() if f.exists() else f.absolute()
            if key not in seen:
                seen.add(key)
                self.folders.append(f)
        self.install_dir = primary

    # -- discovery ----------------------------------------------------------------------------------
    def _candidates(self) -> list[tuple[Path, Path]]:
        found: dict[str, tuple[Path, Path]] = {}
        for folder in self.folders:
            if not folder.is_dir():
                continue
            try:
                children = sorted(folder.iterdir())
            except OSError as exc:
                log.warning("cannot list models folder %s: %s", folder, exc)
                continue
            for child in children:
                if child.name.startswith(".") or not child.is_dir():
                    continue
                found.setdefault(child.name, (child, folder))
        return list(found.values())

    def _defaults(self) -> dict[str, str]:
        merged: dict[str, str] = {}
        for folder in reversed(self.folders):  # the install folder (first) wins
            for lang, name in _read_json(folder / DEFAULTS_FILE).items():
                if isinstance(name, str):
                    merged[str(lang)] = name
        return merged

    def list(self) -> list[ModelInfo]:
        """Every model folder found, valid or not, with its language and whether it is a default."""
        raw = []
        for path, folder in self._candidates():
            check = check_model_dir(path)
            raw.append((path, folder, check.problems, guess_language(path)))
        chosen = self._resolve_defaults([(p.name, lang, not probs) for p, _f, probs, lang in raw])
        return [
            ModelInfo(
                name=path.name,
                path=path,
                lang=lang,
                size_bytes=_dir_size(path),
                problems=problems,
                is_default=bool(lang) and chosen.get(lang or "") == path.name,
                folder=folder,
            )
            for path, folder, problems, lang in raw
        ]

    def _resolve_defaults(self, models: Iterable[tuple[str, str | None, bool]]) -> dict[str, str]:
        """Per language: the explicit choice if still valid, else the catalogue default, else the first."""
        by_lang: dict[str, list[str]] = {}
        for name, lang, valid in models:
            if lang and valid:
                by_lang.setdefault(lang, []).append(name)
        explicit = self._defaults()
        chosen: dict[str, str] = {}
        for lang, names in by_lang.items():
            preferred = catalogue_entry(lang)
            if explicit.get(lang) in names:
                chosen[lang] = explicit[lang]
            elif preferred and preferred.name in names:
                chosen[lang] = preferred.name
            else:
                chosen[lang] = sorted(names)[0]
        return chosen

    def get(self, name: str) -> ModelInfo:
        for info in self.list():
            if info.name == name:
                return info
        raise UnknownModel(f"no installed model named {name!r}", name=name, known=self._known_names())

    def _known_names(self) -> str:
        names = [p.name for p, _ in self._candidates()]
        return ", ".join(names) if names else "-"

    def default_model(self, lang: str = "nl") -> ModelInfo | None:
        """The model to use for ``lang``, or None (then tell the user how to get one)."""
        for info in self.list():
            if info.is_default and info.lang == lang:
                return info
        return None

    def set_default(self, name: str) -> ModelInfo:
        """Make ``name`` the default for its language (stored in the install folder's defaults.json)."""
        info = self.get(name)
        if not info.valid:
            raise info_error(info)
        if not info.lang:
            raise InstallFailed(
                f"the language of {name} is unknown; reinstall it with --lang",
                name=name,
            )
        self.install_dir.mkdir(parents=True, exist_ok=True)
        path = self.install_dir / DEFAULTS_FILE
        data = _read_json(path)
        data[info.lang] = name
        _write_json_atomic(path, data)
        return self.get(name)

    def remove(self, name: str) -> Path:
        """Delete an installed model (renamed away first, so it vanishes at once)."""
        info = self.get(name)
        trash = info.folder / f".removing-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            os.rename(info.path, trash)
            shutil.rmtree(trash)
        except OSError as exc:
            raise InstallFailed(f"could not remove {info.path}: {exc}") from exc
        for folder in self.folders:
            path = folder / DEFAULTS_FILE
            data = _read_json(path)
            if name in data.values():
                _write_json_atomic(path, {k: v for k, v in data.items() if v != name})
        return info.path

    # -- install ----------------------------------------------------------------------------------
    def install(
        self,
        source: str | Path,
        *,
        name: str | None = None,
        lang: str | None = None,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        make_default: bool | None = None,
        timeout: float = 30.0,
    ) -> ModelInfo:
        """Install from a catalogue name or language code, a URL, a zip file or a model folder.

        All or nothing: the model is assembled in a hidden staging folder next to the target,
        verified (zip CRCs, sizes, layout) and only then renamed into place. Interrupting (Ctrl-C,
        ``cancel``) or any failure removes the staging folder. ``make_default`` None means: make it
        the default if its language has no explicit default yet.
        """
        src = str(source).strip()
        entry = None
        sha256 = None
        if not re.match(r"^[a-z][a-z0-9+.-]*://", src, re.I) and not Path(src).expanduser().exists():
            entry = catalogue_entry(src)
            if entry is None:
                raise UnknownModel(
                    f"{src!r} is no file, folder, URL or catalogue model",
                    name=src,
                    known=", ".join(e.name for e in CATALOGUE),
                )
            src, sha256 = entry.url, entry.sha256
            name = name or entry.name
            lang = lang or entry.lang
        if name is not None:
            _check_name(name)
        self.install_dir.mkdir(parents=True, exist_ok=True)
        self._clean_stale_staging()
        if name and (self.install_dir / name).exists():
            raise ModelExists(f"{self.install_dir / name} exists", name=name, path=str(self.install_dir))
        staging = self.install_dir / f".staging-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        staging.mkdir()
        try:
            if re.match(r"^https?://", src, re.I):
                zip_path = staging / "download.zip"
                download(src, zip_path, progress=progress, cancel=cancel, timeout=timeout, sha256=sha256)
                default_name = Path(urllib.parse.urlparse(src).path).stem
                root = extract_zip(zip_path, staging / "unpacked", progress=progress, cancel=cancel)
                zip_path.unlink()
            elif re.match(r"^[a-z][a-z0-9+.-]*://", src, re.I):
                raise DownloadFailed(f"unsupported address {src!r} (use http or https)")
            else:
                path = Path(src).expanduser()
                if path.is_dir():
                    default_name = path.name if path.name != "model" else path.parent.name
                    root = staging / "unpacked" / default_name
                    _copy_tree(path, root, progress=progress, cancel=cancel)
                else:
                    default_name = path.stem
                    root = extract_zip(path, staging / "unpacked", progress=progress, cancel=cancel)
            model_root = find_model_root(root)
            check = check_model_dir(model_root)
            if not check.valid:
                raise check.error()
            inner = model_root.name if model_root != staging / "unpacked" else ""
            final_name = name or (inner if inner and inner != "model" else default_name)
            _check_name(final_name)
            target = self.install_dir / final_name
            if target.exists():
                raise ModelExists(f"{target} exists", name=final_name, path=str(self.install_dir))
            lang = lang or guess_language(model_root) or guess_language(Path(final_name))
            record = {"name": final_name, "lang": lang, "source": str(source), "installed_at": time.time()}
            _write_json_atomic(model_root / INSTALL_INFO_FILE, record)
            os.rename(model_root, target)
        except OSError as exc:
            raise InstallFailed(f"{type(exc).__name__}: {exc}") from exc
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        explicit = self._defaults()
        if lang and (make_default or (make_default is None and lang not in explicit)):
            self.set_default(final_name)
        return self.get(final_name)

    def _clean_stale_staging(self) -> None:
        """Remove staging/trash folders left by a process that was killed mid-install."""
        try:
            children = list(self.install_dir.iterdir())
        except OSError:
            return
        for child in children:
            m = re.match(r"^\.(staging|removing)-(\d+)-", child.name)
            if m and not _pid_alive(int(m.group(2))):
                shutil.rmtree(child, ignore_errors=True)


def info_error(info: ModelInfo) -> ModelInvalid:
    return ModelCheck(info.path, info.problems).error()


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        import psutil

        return bool(psutil.pid_exists(pid))
    except ImportError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def _check_name(name: str) -> None:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,127}", name):
        raise InstallFailed(f"invalid model name {name!r}", name=name)


def _looks_like_model(path: Path) -> bool:
    return any((path / part).is_dir() for part in ("am", "conf", "graph"))


def find_model_root(root: Path, depth: int = 3) -> Path:
    """The folder that holds the model (zips usually wrap it in one top folder).

    Returns the first folder, breadth first, that has ``am/``, ``conf/`` or ``graph/``; failing that,
    the innermost single folder (so the layout check reports what that folder lacks).
    """
    level = [root]
    for _ in range(depth + 1):
        for candidate in level:
            if _looks_like_model(candidate):
                return candidate
        level = [
            p
            for c in level
            if c.is_dir()
            for p in sorted(c.iterdir())
            if p.is_dir() and not p.name.startswith((".", "__MACOSX"))
        ]
    single = root
    while True:
        subdirs = [p for p in single.iterdir() if p.is_dir()] if single.is_dir() else []
        if len(subdirs) != 1 or any(p.is_file() for p in single.iterdir()):
            return single
        single = subdirs[0]


def _copy_tree(src: Path, dst: Path, *, progress: Progress | None, cancel: threading.Event | None) -> None:
    """Copy a model folder, refusing links (a folder from a stick is as untrusted as a zip)."""
    files: list[tuple[Path, Path]] = []
    for dirpath, dirs, names in os.walk(src):
        base = Path(dirpath)
        for n in [*dirs, *names]:
            if (base / n).is_symlink():
                raise ZipUnsafe(f"link {base / n} in the model folder")
        for n in names:
            files.append((base / n, dst / (base / n).relative_to(src)))
    total = sum(s.stat().st_size for s, _ in files)
    done = 0
    dst.mkdir(parents=True, exist_ok=True)
    for s, d in files:
        if cancel is not None and cancel.is_set():
            raise Cancelled("copy cancelled")
        d.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(s, d)
        done += s.stat().st_size
        if progress is not None:
            progress("copy", done, total)


# --------------------------------------------------------------------------------------------------
# Zips and downloads
# --------------------------------------------------------------------------------------------------


def _safe_member_path(name: str) -> PurePosixPath:
    """The relative path of a zip entry, or ``ZipUnsafe`` if it could land outside the target."""
    if "\x00" in name:
        raise ZipUnsafe(f"entry name with a NUL byte: {name!r}")
    norm = name.replace("\\", "/")
    if norm.startswith("/") or re.match(r"^[A-Za-z]:", norm):
        raise ZipUnsafe(f"absolute path in the zip: {name!r}")
    parts = [p for p in norm.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise ZipUnsafe(f"entry escapes the target folder: {name!r}")
    return PurePosixPath(*parts) if parts else PurePosixPath(".")


def check_zip(zf: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """Vet every entry before anything is written: paths, links, special files, sizes."""
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ZipUnsafe(f"{len(infos)} entries (more than {MAX_ZIP_ENTRIES})")
    total = 0
    vetted = []
    for info in infos:
        rel = _safe_member_path(info.filename)
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)
        if kind == stat.S_IFLNK:
            raise ZipUnsafe(f"link in the zip: {info.filename!r}")
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise ZipUnsafe(f"special file in the zip: {info.filename!r}")
        if info.flag_bits & 0x1:
            raise ZipInvalid(f"encrypted entry {info.filename!r}")
        if info.file_size > MAX_ENTRY_BYTES:
            raise ZipUnsafe(f"{info.filename!r} claims {info.file_size} bytes")
        if info.file_size > (64 << 20) and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise ZipUnsafe(f"{info.filename!r} compresses {info.file_size // max(1, info.compress_size)}:1")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise ZipUnsafe(f"more than {MAX_TOTAL_BYTES >> 30} GB unpacked")
        vetted.append((info, rel))
    return vetted


def extract_zip(
    zip_path: Path,
    target: Path,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Extract an untrusted zip into ``target`` (which must not exist yet); return ``target``.

    Every entry is vetted first (``check_zip``); then each is streamed with a byte budget equal to
    its declared size, and the zip's CRC-32 is checked as it is read, so a truncated or tampered file
    fails here rather than in Vosk.
    """
    try:
        zf = zipfile.ZipFile(zip_path)
    except FileNotFoundError as exc:
        raise InstallFailed(f"no such file: {zip_path}") from exc
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise ZipInvalid(f"{zip_path.name}: {exc}") from exc
    with zf:
        vetted = check_zip(zf)
        total = sum(i.file_size for i, _ in vetted)
        free = shutil.disk_usage(target.parent if target.parent.exists() else zip_path.parent).free
        if total > free:
            raise InstallFailed(f"not enough disk space: need {total >> 20} MB, {free >> 20} MB free")
        target.mkdir(parents=True)
        root = target.resolve()
        done = 0
        for info, rel in vetted:
            if cancel is not None and cancel.is_set():
                raise Cancelled("extraction cancelled")
            dest = (target / rel).resolve() if str(rel) != "." else root
            if dest != root and root not in dest.parents:
                raise ZipUnsafe(f"entry escapes the target folder: {info.filename!r}")
            if info.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            budget = info.file_size
            try:
                with zf.open(info) as src, open(dest, "xb") as out:
                    while chunk := src.read(1 << 20):
                        budget -= len(chunk)
                        if budget < 0:
                            raise ZipUnsafe(f"{info.filename!r} is larger than it claims")
                        out.write(chunk)
                        done += len(chunk)
                        if progress is not None:
                            progress("extract", done, total)
            except FileExistsError as exc:
                raise ZipUnsafe(f"duplicate entry {info.filename!r}") from exc
            except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
                raise ZipInvalid(f"{info.filename}: {exc}") from exc
    return target


def download(
    url: str,
    dest: Path,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    timeout: float = 30.0,
    sha256: str | None = None,
) -> int:
    """Download ``url`` to ``dest``; verify the length (and sha256 if known); return the byte count.

    A short read (connection dropped) is an error, never a silently truncated file. ``dest`` is
    removed on any failure.
    """
    digest = hashlib.sha256()
    done = 0
    try:
        request = urllib.request.Request(url, headers={"User-Agent": "cmt-assistant-speech/0.1"})
        with urllib.request.urlopen(request, timeout=timeout) as resp, open(dest, "wb") as out:
            length = resp.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            if total is not None and total > MAX_DOWNLOAD_BYTES:
                raise DownloadFailed(f"the server announces {total} bytes, more than is plausible")
            while True:
                if cancel is not None and cancel.is_set():
                    raise Cancelled("download cancelled")
                chunk = resp.read(1 << 16)
                if not chunk:
                    break
                out.write(chunk)
                digest.update(chunk)
                done += len(chunk)
                if done > MAX_DOWNLOAD_BYTES:
                    raise DownloadFailed("the download is larger than is plausible")
                if progress is not None:
                    progress("download", done, total)
        if total is not None and done != total:
            raise DownloadFailed(f"connection closed after {done} of {total} bytes")
        if sha256 and digest.hexdigest() != sha256.lower():
            raise DownloadFailed("checksum mismatch: the file is not the published one")
    except SpeechError:
        dest.unlink(missing_ok=True)
        raise
    except urllib.error.HTTPError as exc:
        dest.unlink(missing_ok=True)
        raise DownloadFailed(f"HTTP {exc.code} {exc.reason} for {url}") from exc
    except urllib.error.URLError as exc:
        dest.unlink(missing_ok=True)
        raise DownloadFailed(f"{exc.reason} ({url})") from exc
    except http.client.IncompleteRead as exc:
        dest.unlink(missing_ok=True)
        raise DownloadFailed(f"connection closed after {done + len(exc.partial)} bytes") from exc
    except (http.client.HTTPException, TimeoutError, ConnectionError) as exc:
        dest.unlink(missing_ok=True)
        raise DownloadFailed(f"{type(exc).__name__}: {exc}") from exc
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    return done
