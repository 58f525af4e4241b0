"""Which Vosk models the user can pick: discovery in the configured folders and explicit folders.

Why apart from the service: discovery reads the disk and is used by the settings dialog and the CLI as
well as by the service when it loads a model.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Error codes that concern the model (the banner offers to pick or install one).
MODEL_CODES = frozenset({"no_model", "model_invalid", "model_load_failed", "unknown_model"})


@dataclass(frozen=True)
class ModelChoice:
    """A model the user can pick."""

    name: str
    path: str
    lang: str | None = None
    valid: bool = True
    problem: str = ""
    size_bytes: int = 0


def choice_from_info(info: Any) -> ModelChoice:
    return ModelChoice(
        info.name,
        str(Path(info.path).resolve()),
        info.lang,
        info.valid,
        info.problems_text("en") if not info.valid else "",
        info.size_bytes,
    )


def discover_models(store: Any, extra: Iterable[str | None] = ()) -> list[ModelChoice]:
    """Models of a ``speech.models.ModelStore`` (or a list of folders), plus explicit model folders."""
    from speech.models import ModelStore

    if not isinstance(store, ModelStore):
        folders = [Path(f) for f in store]
        store = ModelStore(folders[0] if folders else None, extra_dirs=folders[1:])
    found: list[ModelChoice] = []
    seen: set[str] = set()
    for item in extra:
        if item and Path(item).expanduser().is_dir():
            choice = describe_model(Path(item).expanduser())
            if choice.path not in seen:
                seen.add(choice.path)
                found.append(choice)
    for info in store.list():
        choice = choice_from_info(info)
        if choice.path not in seen:
            seen.add(choice.path)
            found.append(choice)
    return found


def describe_model(path: Path) -> ModelChoice:
    from speech.models import check_model_dir, guess_language

    path = path.resolve()
    name = path.name if path.name != "model" else path.parent.name
    check = check_model_dir(path)
    problem = "; ".join(p.text("en") for p in check.problems)
    size = 0
    with contextlib.suppress(OSError):
        size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return ModelChoice(name, str(path), guess_language(path), check.valid, problem, size)


def choose_model(store: Any, wanted: str | None, setting: str | None, lang: str) -> ModelChoice | None:
    """Which model to load (``store``: a ``speech.models.ModelStore``): the explicit choice (folder or name), else the installation setting,
    else the store's default for ``lang``; a broken model of that language rather than none, because
    loading it names precisely what is wrong."""
    choices = discover_models(store, extra=[wanted] if wanted else [])
    for candidate in (wanted, setting):
        if not candidate:
            continue
        path = Path(candidate).expanduser()
        for choice in choices:
            if choice.name == candidate or Path(choice.path) == path.resolve():
                return choice
        if path.exists():
            return describe_model(path)
        if candidate == wanted:  # an explicit choice that does not exist: say so, do not guess
            return ModelChoice(path.name or str(candidate), str(path), None, False, "missing")
    default = store.default_model(lang)
    if default is not None:
        return choice_from_info(default)
    broken = [c for c in choices if not c.valid and c.lang == lang]
    return broken[0] if broken else None
