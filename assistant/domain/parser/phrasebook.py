"""Phrasebooks: the words of a language, as data (``assistant/phrasebook/<lang>.toml``).

A phrasebook holds cue words per entry kind, role synonyms, number words, clock idioms, day words
and so on. An organisation extends it without code by pointing to an extra TOML file with the same
structure; it is merged over the built-in one (tables key by key, lists appended, ``[[rules]]``
added).
"""

from __future__ import annotations

import copy
import tomllib
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from assistant.domain.errors import InvalidInput, NotFound

LANGUAGES = ("nl", "en")


class Phrasebook:
    """The merged phrasebook data of one language. Treat as read-only."""

    __slots__ = ("lang", "data", "sources")

    def __init__(self, lang: str, data: dict[str, Any], sources: tuple[str, ...] = ()) -> None:
        self.lang = lang
        self.data = data
        self.sources = sources

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name) or {}
        return value if isinstance(value, dict) else {}

    def get(self, section: str, key: str, default: Any = None) -> Any:
        return self.section(section).get(key, default)

    def __repr__(self) -> str:
        return f"Phrasebook({self.lang!r}, sources={self.sources!r})"


def merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Merge ``extra`` over ``base``: tables recursively, lists appended, scalars replaced."""
    out = copy.deepcopy(base)
    for key, value in extra.items():
        old = out.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            out[key] = merge(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            out[key] = old + [v for v in value if v not in old]
        else:
            out[key] = copy.deepcopy(value)
    return out


def _read_builtin(lang: str) -> dict[str, Any]:
    try:
        ref = resources.files("assistant").joinpath("phrasebook", f"{lang}.toml")
        return tomllib.loads(ref.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise NotFound(f"no phrasebook for language {lang!r}", language=lang) from exc


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        detail = f"cannot read phrasebook {path}: {exc.strerror or exc}"
        raise InvalidInput(detail, field="phrasebook") from exc
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput(f"phrasebook {path} is not valid TOML: {exc}", field="phrasebook") from exc


@lru_cache(maxsize=32)
def _load(lang: str, extra: str | None, extra_mtime: float | None) -> Phrasebook:
    data = _read_builtin(lang)
    sources: tuple[str, ...] = (f"builtin:{lang}",)
    if extra:
        extra_data = read_toml(Path(extra))
        extra_lang = (extra_data.get("meta") or {}).get("lang")
        if extra_lang in (None, "", lang):
            extra_data = {k: v for k, v in extra_data.items() if k != "meta"}
            data = merge(data, extra_data)
            sources += (extra,)
    return Phrasebook(lang, data, sources)


def load_phrasebook(lang: str = "nl", extra: Path | str | None = None) -> Phrasebook:
    """The built-in phrasebook of ``lang``, with an organisation's extra file merged over it.

    The extra file applies when its ``[meta] lang`` equals ``lang`` or is absent. Results are
    cached (per file and modification time).
    """
    lang = (lang or "nl").lower()
    if lang not in LANGUAGES:
        lang = lang.split("-")[0].split("_")[0]
    if extra is None:
        return _load(lang, None, None)
    path = Path(extra)
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        detail = f"cannot read phrasebook {path}: {exc.strerror or exc}"
        raise InvalidInput(detail, field="phrasebook") from exc
    return _load(lang, str(path), mtime)
