"""The storage form of the domain's plain records, derived from their field types.

Why one codec: messages, schema lines, the chair's individual items, stakeholders, transcript lines
and meetings are stored as JSON dicts whose shape is exactly their dataclass fields. Writing a
``to_dict``/``from_dict`` pair by hand for each repeated the same field list twice per class (and
the same enum, tuple and optional handling every time); here the field's type says how it is stored:

* an enum is stored as its value and read back with a missing or empty value meaning the default;
* a tuple as a list; a dict as a copy; a record with ``to_dict``/``from_dict`` through those;
* ``X | None`` may be missing or null; a field without a default must be present otherwise.

Records with rules of their own in their storage form (the hash-covered ``LogEntry``, ``Crisis``
with its roster list, ``AgendaItem`` with its checks) keep hand-written methods.
Standard library only, like the rest of the domain.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
from collections.abc import Mapping
from enum import Enum
from functools import cache
from typing import Any, Self, TypeVar, Union, get_args, get_origin, get_type_hints

R = TypeVar("R")

_SCALARS: dict[Any, Any] = {str: str, int: int, float: float, bool: bool}


class Record:
    """Mixin for a frozen dataclass stored in its plain form: ``to_dict`` and ``from_dict`` by field type."""

    def to_dict(self) -> dict[str, Any]:
        return record_to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return record_from_dict(cls, data)


class Sealed(Record):
    """Mixin for a record whose ``hash`` field seals every other field (a log entry version, a side
    chain's record): what the hash covers and how it is computed are the same for both chains."""

    def payload(self) -> dict[str, Any]:
        """Everything the hash covers: all fields but the hash itself."""
        data = record_to_dict(self)
        del data["hash"]
        return data

    def compute_hash(self) -> str:
        return canonical_digest(self.payload())


def record_to_dict(record: Any) -> dict[str, Any]:
    """Every field of ``record`` (a dataclass instance) in its JSON-ready form, in field order."""
    return {f.name: _plain(getattr(record, f.name)) for f in dataclasses.fields(record)}


def record_from_dict(cls: type[R], data: Mapping[str, Any]) -> R:
    """The ``cls`` record stored as ``data``; fields with a default may be missing (or null)."""
    values: dict[str, Any] = {}
    for name, (hint, optional, has_default) in _fields(cls).items():
        raw = data.get(name) if has_default or optional else data[name]  # KeyError: a required field
        if raw is None or (raw == "" and _is_enum(hint)):
            if not has_default:
                values[name] = None
            continue
        values[name] = _typed(hint, raw)
    return cls(**values)


def canonical_digest(data: Mapping[str, Any]) -> str:
    """SHA-256 of ``data`` as canonical JSON (sorted keys, no spaces, UTF-8): the seal of a log entry
    version or a chain record, and the fingerprint that compares a working record with its chain."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if callable(to_dict) else value


@cache
def _fields(cls: type) -> dict[str, tuple[Any, bool, bool]]:
    """Per field: its type without ``| None``, whether it may be None, whether it has a default."""
    hints = get_type_hints(cls)
    out: dict[str, tuple[Any, bool, bool]] = {}
    for f in dataclasses.fields(cls):
        hint, optional = _without_none(hints[f.name])
        has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        out[f.name] = (hint, optional, has_default)
    return out


def _without_none(hint: Any) -> tuple[Any, bool]:
    if get_origin(hint) in (Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0], len(args) < len(get_args(hint))
    return hint, False


def _is_enum(hint: Any) -> bool:
    return isinstance(hint, type) and issubclass(hint, Enum)


def _typed(hint: Any, raw: Any) -> Any:
    """``raw`` (JSON data) as a value of type ``hint``."""
    if _is_enum(hint):
        return hint(raw)
    origin = get_origin(hint)
    if origin is tuple:
        item = get_args(hint)[0]
        return tuple(_typed(item, value) for value in raw or ())
    if origin is dict or hint is dict:
        return {key: _copy(value) for key, value in (raw or {}).items()}
    if hint in _SCALARS:
        return _SCALARS[hint](raw)
    from_dict = getattr(hint, "from_dict", None)
    return from_dict(raw) if callable(from_dict) else raw


def _copy(value: Any) -> Any:
    return dict(value) if isinstance(value, dict) else value
